/**
 * Which instances want which markets' data: the registry the holder of a market's lease reads to
 * know whether (and for which channels) to keep its upstream subscription.
 *
 * On Redis, one sorted set per market (`books:want:{book:<market>}`, the hash tag of the market's
 * lease, so both live on one Cluster slot) whose members are `<instance>|<channel>` scored with the
 * epoch millisecond they expire at. Each interested instance refreshes its members every lease
 * renewal interval; an instance that dies stops refreshing and its interest lapses on its own.
 * Scores are compared with the reader's clock: instances of one deployment are assumed to be within
 * a small fraction of the lease TTL of each other (NTP).
 */
import type { Cluster, Redis } from 'ioredis';
import type { DataChannel } from './messages.js';
import { DATA_CHANNELS } from './messages.js';

export interface InterestStore {
  /** Declares (or refreshes) `instance`'s interest in a market's `channels` until `expiresAt`. */
  declare(marketId: string, instance: string, channels: readonly DataChannel[], expiresAt: number): Promise<void>;
  /** Withdraws `instance`'s interest in a market's `channels`. */
  withdraw(marketId: string, instance: string, channels: readonly DataChannel[]): Promise<void>;
  /** The channels some instance still wants at `now`. */
  wanted(marketId: string, now: number): Promise<Set<DataChannel>>;
}

/** The Redis key of a market's interest set (under the deployment's prefix). */
export const interestKey = (prefix: string, marketId: string): string => `${prefix}books:want:{book:${marketId}}`;

const member = (instance: string, channel: DataChannel) => `${instance}|${channel}`;

function channelOf(m: string): DataChannel | undefined {
  const c = m.slice(m.lastIndexOf('|') + 1);
  return (DATA_CHANNELS as readonly string[]).includes(c) ? (c as DataChannel) : undefined;
}

export class RedisInterestStore implements InterestStore {
  constructor(
    private readonly client: Redis | Cluster,
    private readonly prefix: string,
    /** How long an interest set outlives its last refresh (its members expire by score before). */
    private readonly keyTtlMs: number,
  ) {}

  async declare(marketId: string, instance: string, channels: readonly DataChannel[], expiresAt: number): Promise<void> {
    if (channels.length === 0) return;
    const key = interestKey(this.prefix, marketId);
    const args = channels.flatMap((c) => [expiresAt, member(instance, c)]);
    await Promise.all([this.client.zadd(key, ...args), this.client.pexpire(key, this.keyTtlMs)]);
  }

  async withdraw(marketId: string, instance: string, channels: readonly DataChannel[]): Promise<void> {
    if (channels.length === 0) return;
    await this.client.zrem(interestKey(this.prefix, marketId), ...channels.map((c) => member(instance, c)));
  }

  async wanted(marketId: string, now: number): Promise<Set<DataChannel>> {
    const key = interestKey(this.prefix, marketId);
    const [, members] = await Promise.all([this.client.zremrangebyscore(key, '-inf', now), this.client.zrangebyscore(key, now, '+inf')]);
    const out = new Set<DataChannel>();
    for (const m of members) {
      const c = channelOf(m);
      if (c) out.add(c);
    }
    return out;
  }
}

/** Interest in one process (tests, and the shape of the Redis store). */
export class MemoryInterestStore implements InterestStore {
  private readonly sets = new Map<string, Map<string, number>>();

  declare(marketId: string, instance: string, channels: readonly DataChannel[], expiresAt: number): Promise<void> {
    let set = this.sets.get(marketId);
    if (!set) this.sets.set(marketId, (set = new Map()));
    for (const c of channels) set.set(member(instance, c), expiresAt);
    return Promise.resolve();
  }

  withdraw(marketId: string, instance: string, channels: readonly DataChannel[]): Promise<void> {
    const set = this.sets.get(marketId);
    for (const c of channels) set?.delete(member(instance, c));
    return Promise.resolve();
  }

  wanted(marketId: string, now: number): Promise<Set<DataChannel>> {
    const out = new Set<DataChannel>();
    for (const [m, expiresAt] of this.sets.get(marketId) ?? []) {
      const c = channelOf(m);
      if (expiresAt > now && c) out.add(c);
    }
    return Promise.resolve(out);
  }
}
