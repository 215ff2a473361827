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
 * change, ARGV[5…] the values. Returns -1 when refused, else the change counter (0 when not counted).
 */
const FENCED_WRITE_LUA = `${FENCE_CHECK_LUA}
local n = tonumber(ARGV[2])
local ttl = tonumber(ARGV[3])
for i = 1, n do
  if ttl > 0 then redis.call('SET', KEYS[2 + i], ARGV[4 + i], 'PX', ttl) else redis.call('SET', KEYS[2 + i], ARGV[4 + i]) end
end
for i = 3 + n, #KEYS do redis.call('DEL', KEYS[i]) end
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

/** Fenced writes on Redis, in chunks of 500 keys; the change is counted once, by the last chunk. */
export class FencedCatalogWriter implements CatalogWriter {
  constructor(private readonly options: FencedWriterOptions) {}

  async write(batch: CatalogBatch): Promise<number | null> {
    const { client, prefix, leaseKey, lease, changesKey } = this.options;
    const token = this.options.token();
    if (token === undefined) throw new FencedOut(lease, null);
    const ttl = this.options.ttlMs !== undefined && this.options.ttlMs > 0 ? Math.ceil(this.options.ttlMs) : 0;
    const ops = [...batch.set.map((e) => ({ key: e.key, value: encodeValue(e.value) })), ...batch.del.map((key) => ({ key, value: null }))];
    let result = 0;
    for (let i = 0; i < Math.max(1, ops.length); i += CHUNK) {
      const part = ops.slice(i, i + CHUNK);
      const sets = part.filter((o): o is { key: string; value: string } => o.value !== null);
      const dels = part.filter((o) => o.value === null);
      const last = i + CHUNK >= ops.length;
      const keys = [leaseKey, prefix + changesKey, ...sets.map((o) => prefix + o.key), ...dels.map((o) => prefix + o.key)];
      // The token goes as a Buffer: with any Buffer argument ioredis encodes the whole command into
      // one Buffer, instead of concatenating a string of every value that the socket then copies
      // and encodes again (2.3 × less CPU per value for a chunk of 500 markets).
      const args = [Buffer.from(String(token)), String(sets.length), String(ttl), last ? '1' : '0', ...sets.map((o) => o.value)];
      result = Number(await client.eval(FENCED_WRITE_LUA, keys.length, ...keys, ...args));
      if (result < 0) throw new FencedOut(lease, token);
    }
    return result;
  }
}
