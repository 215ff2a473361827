import type { Cluster, Redis } from 'ioredis';

/**
 * Leases: which instance does a piece of work that must happen once across the instances sharing a
 * Redis (walking a venue's catalog, holding a market's upstream subscription).
 *
 * On Redis a lease is one key set with `SET NX PX` (atomic, expires on its own when its holder
 * dies) whose value names the holder and a **fencing token**: a counter incremented on every
 * acquisition, so a later holder always has a larger token. A write that must only come from the
 * current holder carries its token and is checked against the lease key in the same Lua script
 * (`FENCE_CHECK_LUA`); a holder that paused past its lease and lost it is refused. Both keys share
 * a hash tag (`lease:{name}`), so the scripts run on a Redis Cluster too.
 *
 * Without Redis the instance is alone, and {@link MemoryLeaseStore} gives the same semantics in
 * process.
 */

/** A held lease. */
export interface Lease {
  readonly name: string;
  readonly owner: string;
  /** Fencing token: strictly larger for every later acquisition of the same name. */
  readonly token: number;
}

/** Who holds a lease now. */
export interface LeaseHolder {
  owner: string;
  token: number;
  /** Milliseconds left before it expires unless renewed. */
  ttlMs: number;
}

export interface LeaseStore {
  /** Takes the lease if nobody holds it (or `owner` already does: same lease, renewed); `null` if another does. */
  acquire(name: string, owner: string, ttlMs: number): Promise<Lease | null>;
  /** Extends a lease still held under its token; `false` when it was lost (expired, taken over). */
  renew(lease: Lease, ttlMs: number): Promise<boolean>;
  /** Gives the lease up if still held under its token (a successor can take it at once). */
  release(lease: Lease): Promise<void>;
  holder(name: string): Promise<LeaseHolder | null>;
}

/** The Redis key of a lease (under the client's prefix); its fencing counter is `<key>:fence`. */
export function leaseKey(prefix: string, name: string): string {
  return `${prefix}lease:{${name}}`;
}

function encode(owner: string, token: number): string {
  return `${token}|${owner}`;
}

function decode(value: string): { owner: string; token: number } {
  const bar = value.indexOf('|');
  return { token: Number(value.slice(0, bar)), owner: value.slice(bar + 1) };
}

/**
 * KEYS[1] lease, KEYS[2] fence counter; ARGV[1] owner, ARGV[2] ttl ms. Returns the token held by
 * `owner` after the call, or 0 when another owner holds the lease. A missing counter (first use, or
 * a Redis that lost its data) starts at the server's clock in milliseconds, so a token handed out
 * after a data loss is still larger than every token handed out before it: a holder from before
 * the loss can never match a later holder's token.
 */
const ACQUIRE_LUA = `
local current = redis.call('GET', KEYS[1])
if current then
  local bar = string.find(current, '|', 1, true)
  if string.sub(current, bar + 1) == ARGV[1] then
    redis.call('PEXPIRE', KEYS[1], ARGV[2])
    return tonumber(string.sub(current, 1, bar - 1))
  end
  return 0
end
if redis.call('EXISTS', KEYS[2]) == 0 then
  local t = redis.call('TIME')
  redis.call('SET', KEYS[2], t[1] .. string.sub(string.format('%06d', tonumber(t[2])), 1, 3))
end
local token = redis.call('INCR', KEYS[2])
if redis.call('SET', KEYS[1], token .. '|' .. ARGV[1], 'NX', 'PX', ARGV[2]) then return token end
return 0`;

/** KEYS[1] lease; ARGV[1] expected value; ARGV[2] ttl ms. 1 when renewed. */
const RENEW_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;

/** KEYS[1] lease; ARGV[1] expected value. */
const RELEASE_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/**
 * The head of a fenced script: with the lease key as `KEYS[1]` and the holder's token as
 * `ARGV[1]`, it returns `-1` (refused) unless that token still holds the lease. Keys written after
 * it must share the lease's hash tag on a Cluster.
 */
export const FENCE_CHECK_LUA = `
local current = redis.call('GET', KEYS[1])
if not current then return -1 end
local bar = string.find(current, '|', 1, true)
if string.sub(current, 1, bar - 1) ~= ARGV[1] then return -1 end
`;

export type RedisClient = Redis | Cluster;

export class RedisLeaseStore implements LeaseStore {
  constructor(
    private readonly client: RedisClient,
    /** The deployment's key prefix (`REDIS_PREFIX`). */
    private readonly prefix: string,
  ) {}

  async acquire(name: string, owner: string, ttlMs: number): Promise<Lease | null> {
    const key = leaseKey(this.prefix, name);
    const token = Number(await this.client.eval(ACQUIRE_LUA, 2, key, `${key}:fence`, owner, Math.ceil(ttlMs)));
    return token > 0 ? { name, owner, token } : null;
  }

  async renew(lease: Lease, ttlMs: number): Promise<boolean> {
    const key = leaseKey(this.prefix, lease.name);
    return Number(await this.client.eval(RENEW_LUA, 1, key, encode(lease.owner, lease.token), Math.ceil(ttlMs))) === 1;
  }

  async release(lease: Lease): Promise<void> {
    const key = leaseKey(this.prefix, lease.name);
    await this.client.eval(RELEASE_LUA, 1, key, encode(lease.owner, lease.token));
  }

  async holder(name: string): Promise<LeaseHolder | null> {
    const key = leaseKey(this.prefix, name);
    const [value, ttl] = await Promise.all([this.client.get(key), this.client.pttl(key)]);
    if (value === null || ttl < 0) return null;
    return { ...decode(value), ttlMs: ttl };
  }
}

/** Leases in one process (no Redis: the instance is alone). Expiry follows `now`. */
export class MemoryLeaseStore implements LeaseStore {
  private readonly leases = new Map<string, { owner: string; token: number; expiresAt: number }>();
  private readonly fences = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  private live(name: string): { owner: string; token: number; expiresAt: number } | undefined {
    const l = this.leases.get(name);
    if (l && l.expiresAt <= this.now()) {
      this.leases.delete(name);
      return undefined;
    }
    return l;
  }

  acquire(name: string, owner: string, ttlMs: number): Promise<Lease | null> {
    const current = this.live(name);
    if (current && current.owner !== owner) return Promise.resolve(null);
    if (current) {
      current.expiresAt = this.now() + ttlMs;
      return Promise.resolve({ name, owner, token: current.token });
    }
    const token = (this.fences.get(name) ?? 0) + 1;
    this.fences.set(name, token);
    this.leases.set(name, { owner, token, expiresAt: this.now() + ttlMs });
    return Promise.resolve({ name, owner, token });
  }

  renew(lease: Lease, ttlMs: number): Promise<boolean> {
    const current = this.live(lease.name);
    if (!current || current.owner !== lease.owner || current.token !== lease.token) return Promise.resolve(false);
    current.expiresAt = this.now() + ttlMs;
    return Promise.resolve(true);
  }

  release(lease: Lease): Promise<void> {
    const current = this.live(lease.name);
    if (current && current.owner === lease.owner && current.token === lease.token) this.leases.delete(lease.name);
    return Promise.resolve();
  }

  holder(name: string): Promise<LeaseHolder | null> {
    const l = this.live(name);
    return Promise.resolve(l ? { owner: l.owner, token: l.token, ttlMs: l.expiresAt - this.now() } : null);
  }
}
