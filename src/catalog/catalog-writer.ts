/**
 * How a venue's catalog reaches the cache. An instance alone (no Redis) writes through the cache.
 * With Redis, only the venue's catalog leader writes, and every write is fenced: one Lua script
 * checks the leader's lease token (`FENCE_CHECK_LUA`) and writes the batch, so a leader that lost
 * its lease (paused, partitioned, expired) changes nothing. The same script counts the change in
 * the venue's change counter, which followers compare with what they applied.
 */
import type { Cache } from '../cache/types.js';
import { encodeValue } from '../cache/json.js';
import { FENCE_CHECK_LUA, type RedisClient } from '../cluster/lease.js';

export interface CatalogBatch {
  set: { key: string; value: unknown }[];
  del: string[];
}

export interface CatalogWriter {
  /**
   * Writes one batch; resolves with the venue's change counter after it (null when this writer keeps
   * none). Rejects with {@link FencedOut} when the lease it writes under is no longer held.
   */
  write(batch: CatalogBatch): Promise<number | null>;
}

/** A write refused by the fencing token: this instance no longer leads the venue's catalog. */
export class FencedOut extends Error {
  constructor(
    readonly lease: string,
    readonly token: number | null,
  ) {
    super(`catalog write refused: lease ${lease} is not held under token ${token ?? 'none'}`);
    this.name = 'FencedOut';
  }
}

/** Unfenced writes through the cache: for an instance without Redis, which is alone. */
export class CacheCatalogWriter implements CatalogWriter {
  constructor(
    private readonly cache: Cache,
    private readonly ttlMs?: number,
  ) {}

  async write(batch: CatalogBatch): Promise<number | null> {
    if (batch.set.length > 0) await this.cache.setMany(batch.set.map((e) => ({ ...e, ttlMs: this.ttlMs })));
    if (batch.del.length > 0) await this.cache.delete(batch.del);
    return null;
  }
}

/**
 * KEYS[1] lease, KEYS[2] change counter, KEYS[3…] the keys to set, then the keys to delete.
 * ARGV[1] token, ARGV[2] how many keys to set, ARGV[3] ttl ms (0: none), ARGV[4] '1' to count the
 * change, ARGV[5] the byte lengths of the values, comma-separated, ARGV[6] the values one after
 * the other (one argument, not one per value: encoding a command costs the client per argument).
 * Returns -1 when refused, else the change counter (0 when not counted).
 */
const FENCED_WRITE_LUA = `${FENCE_CHECK_LUA}
local n = tonumber(ARGV[2])
local ttl = tonumber(ARGV[3])
local values = ARGV[6]
local at = 1
local i = 2
for len in string.gmatch(ARGV[5], '%d+') do
  local stop = at + tonumber(len)
  i = i + 1
  if ttl > 0 then redis.call('SET', KEYS[i], string.sub(values, at, stop - 1), 'PX', ttl) else redis.call('SET', KEYS[i], string.sub(values, at, stop - 1)) end
  at = stop
end
for j = 3 + n, #KEYS do redis.call('DEL', KEYS[j]) end
if ARGV[4] == '1' then return redis.call('INCR', KEYS[2]) end
return 0`;

const CHUNK = 500;

export interface FencedWriterOptions {
  client: RedisClient;
  /** The deployment's key prefix (`REDIS_PREFIX`), as the cache and the lease store use it. */
  prefix: string;
  /** The lease key (with the prefix): it shares its hash tag with every catalog key of the venue. */
  leaseKey: string;
  lease: string;
  /** The change counter's key (without the prefix). */
  changesKey: string;
  /** The token of the lease held now (undefined when not held: every write is refused). */
  token: () => number | undefined;
  ttlMs?: number;
}

/** The values as one Buffer of their UTF-8 bytes, and their byte lengths (comma-separated). */
function packValues(values: readonly string[]): { bytes: Buffer; lengths: string } {
  const lengths = values.map((v) => Buffer.byteLength(v, 'utf8'));
  const bytes = Buffer.allocUnsafe(lengths.reduce((a, n) => a + n, 0));
  let at = 0;
  for (let i = 0; i < values.length; i++) at += bytes.write(values[i] as string, at, lengths[i] as number, 'utf8');
  return { bytes, lengths: lengths.join(',') };
}

/** Fenced writes on Redis, in chunks of 500 keys; the change is counted once, by the last chunk. */
export class FencedCatalogWriter implements CatalogWriter {
  constructor(private readonly options: FencedWriterOptions) {}

  async write(batch: CatalogBatch): Promise<number | null> {
    const { client, prefix, leaseKey, lease, changesKey } = this.options;
    const token = this.options.token();
    if (token === undefined) throw new FencedOut(lease, null);
    const ttl = this.options.ttlMs !== undefined && this.options.ttlMs > 0 ? Math.ceil(this.options.ttlMs) : 0;
    const { set, del } = batch;
    const total = set.length + del.length;
    let result = 0;
    // Chunks of the sets, then of the deletes (a chunk may hold the last sets and the first deletes).
    for (let i = 0; i < Math.max(1, total); i += CHUNK) {
      const end = Math.min(total, i + CHUNK);
      const sets = set.slice(i, Math.min(end, set.length));
      const dels = del.slice(Math.max(0, i - set.length), Math.max(0, end - set.length));
      const keys = [leaseKey, prefix + changesKey];
      for (const e of sets) keys.push(prefix + e.key);
      for (const key of dels) keys.push(prefix + key);
      const { bytes, lengths } = packValues(sets.map((e) => encodeValue(e.value)));
      // The values' Buffer also makes ioredis encode the whole command into one Buffer, instead of
      // concatenating a string of every argument.
      const args = [String(token), String(sets.length), String(ttl), end >= total ? '1' : '0', lengths, bytes];
      result = Number(await client.eval(FENCED_WRITE_LUA, keys.length, ...keys, ...args));
      if (result < 0) throw new FencedOut(lease, token);
    }
    return result;
  }
}
