/**
 * The shared live books of an instance on Redis: its own connection for the market leases and the
 * interest registry (auto-pipelined, so the renewals of one round share round trips), and the
 * `SharedBooks` loop over them.
 */
import type { Logger } from 'pino';
import type { Bus } from '../cache/types.js';
import { createRedisClient, readyOrFailed } from '../cache/redis.js';
import { RedisLeaseStore } from '../cluster/lease.js';
import { RedisInterestStore } from './interest.js';
import type { BookService } from './service.js';
import { SharedBooks } from './shared.js';

export interface SharedRedisBooksOptions {
  redisUrl: string;
  /** The deployment's key prefix (`REDIS_PREFIX`). */
  keyPrefix: string;
  books: BookService;
  bus: Bus;
  instance: string;
  leaseTtlMs: number;
  logger: Logger;
}

export async function startSharedBooks(options: SharedRedisBooksOptions): Promise<{ source: SharedBooks; close(): Promise<void> }> {
  // A round's commands may wait up to a renewal interval (an instance busy fanning out answers
  // late; giving up sooner would only make it look unreachable).
  const commandTimeoutMs = Math.max(1000, Math.floor(options.leaseTtlMs / 3));
  const client = createRedisClient({ url: options.redisUrl, keyPrefix: options.keyPrefix, commandTimeoutMs }, { enableAutoPipelining: true });
  // Commands fail at once while disconnected: wait for the first connection (briefly), so that the
  // first clients' markets go through the leases rather than the fallback.
  await readyOrFailed(client, 1000);
  const source = new SharedBooks({
    books: options.books,
    bus: options.bus,
    leases: new RedisLeaseStore(client, options.keyPrefix),
    // An interest set outlives its last refresh by a few lease lifetimes, then goes on its own.
    interest: new RedisInterestStore(client, options.keyPrefix, options.leaseTtlMs * 3),
    instance: options.instance,
    ttlMs: options.leaseTtlMs,
    logger: options.logger,
  });
  await source.start();
  return {
    source,
    async close() {
      await source.close();
      client.disconnect();
    },
  };
}
