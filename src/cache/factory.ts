import type { Logger } from 'pino';
import type { HealthBus, HealthCache } from './types.js';
import { MemoryBus, MemoryCache } from './memory.js';
import { RedisBus, RedisCache, readyOrFailed } from './redis.js';
import { ResilientBus, ResilientCache } from './resilient.js';
import { redactRedisUrl } from './redis-url.js';

export { redactRedisUrl };

export interface BackendOptions {
  /** `REDIS_URL`; memory when absent or empty. */
  redisUrl?: string;
  logger: Logger;
  /** Prefix of every Redis key and channel (default `venn:`): the deployment's namespace. */
  keyPrefix?: string;
  /**
   * How long to wait for the first Redis connection before starting on the fallback (default
   * 1000); a refused or failed first attempt ends the wait at once.
   */
  connectTimeoutMs?: number;
}

/**
 * The cache: in-memory without a Redis URL, otherwise Redis wrapped so that an outage falls back to
 * memory. Waits for the first connection (so that a warm start can read what an earlier instance
 * wrote) only while it is under way: Redis down at start means starting at once on the fallback,
 * reported as degraded until Redis answers.
 */
export async function createCache(options: BackendOptions): Promise<HealthCache> {
  if (!options.redisUrl) return new MemoryCache();
  const logger = options.logger.child({ component: 'cache' });
  const redis = new RedisCache({ url: options.redisUrl, keyPrefix: options.keyPrefix });
  const cache = new ResilientCache(redis, { logger });
  if (!(await readyOrFailed(redis.client, options.connectTimeoutMs ?? 1000))) {
    logger.warn({ url: redactRedisUrl(options.redisUrl) }, 'cache: redis unreachable at start, serving from memory until it answers (degraded)');
  }
  return cache;
}

/** The bus: in-process without a Redis URL, otherwise Redis pub/sub with in-process fallback. */
export async function createBus(options: BackendOptions): Promise<HealthBus> {
  const logger = options.logger.child({ component: 'bus' });
  if (!options.redisUrl) {
    return new MemoryBus({
      onHandlerError: (err, channel) =>
        logger.error({ channel, err: err instanceof Error ? err.message : String(err) }, 'bus: handler failed'),
    });
  }
  const redis = new RedisBus({
    url: options.redisUrl,
    keyPrefix: options.keyPrefix,
    onHandlerError: (err, channel) =>
      logger.error({ channel, err: err instanceof Error ? err.message : String(err) }, 'bus: handler failed'),
  });
  const bus = new ResilientBus(redis, { logger });
  const timeoutMs = options.connectTimeoutMs ?? 1000;
  const [pub, sub] = await Promise.all([readyOrFailed(redis.publisher, timeoutMs), readyOrFailed(redis.subscriber, timeoutMs)]);
  if (!pub || !sub) {
    logger.warn({ url: redactRedisUrl(options.redisUrl) }, 'bus: redis unreachable at start, delivering in-process until it answers (degraded)');
  }
  return bus;
}
