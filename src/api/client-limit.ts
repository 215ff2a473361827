/**
 * Per-client request rate of the API (hono-rate-limiter): a fixed window per client, keyed by the
 * API key when the request presents a valid one (`key:<id>`) and by the peer address otherwise
 * (`ip:<address>`). Keys are allowed their own rate (or the default key rate) per second times the
 * window; anonymous clients `CLIENT_RATE_LIMIT_PER_MINUTE`. With `REDIS_URL` the counters live in
 * Redis (the library's Lua-script store), so every instance counts against the same window; while
 * Redis is unreachable each instance counts in memory instead of failing requests.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { MemoryStore, RedisStore, rateLimiter, type Store } from 'hono-rate-limiter';
import { createRedisClient, type RedisClient } from '../cache/redis.js';
import type { Logger } from 'pino';
import type { KeyRateLimit } from '../auth/keys.js';
import { problem } from './problem.js';
import { clientOf } from './request-context.js';

export interface ClientLimitOptions {
  /** Requests per minute of an anonymous client (per address). */
  anonymousPerMinute: number;
  /** The rate of a key without its own. */
  keyDefault: KeyRateLimit;
  /** Window length (default one minute). */
  windowMs?: number;
  redisUrl?: string | null;
  /** Prefix of the Redis keys (default `venn:`); the counters are `<prefix>ratelimit:<client>`. */
  keyPrefix?: string;
  logger?: Logger;
}

export interface ClientLimit {
  middleware: MiddlewareHandler;
  close(): Promise<void>;
}

type HonoStore = Store;

const UNLIMITED_PATHS: ReadonlySet<string> = new Set(['/healthz', '/readyz', '/metrics']);

/** A store that counts in Redis and, while Redis fails, in memory (a request is never failed for it). */
class FallbackStore implements HonoStore {
  private failing = false;
  constructor(
    private readonly primary: HonoStore,
    private readonly fallback: HonoStore,
    private readonly logger: Logger | undefined,
  ) {}

  init(options: Parameters<NonNullable<HonoStore['init']>>[0]): void {
    this.primary.init?.(options);
    this.fallback.init?.(options);
  }

  private async run<T>(op: (s: HonoStore) => T | Promise<T>): Promise<T> {
    try {
      const out = await op(this.primary);
      if (this.failing) this.logger?.info('client rate limit: redis answers again');
      this.failing = false;
      return out;
    } catch (err) {
      if (!this.failing) this.logger?.warn({ err: err instanceof Error ? err.message : String(err) }, 'client rate limit: redis unreachable, counting in memory');
      this.failing = true;
      return op(this.fallback);
    }
  }

  increment(key: string) {
    return this.run((s) => s.increment(key));
  }
  decrement(key: string) {
    return this.run((s) => s.decrement(key));
  }
  resetKey(key: string) {
    return this.run((s) => s.resetKey(key));
  }
}

/**
 * ioredis in the shape the library's RedisStore calls. The script text is sent with EVAL rather
 * than loaded once: on a Cluster, SCRIPT LOAD reaches one node while the key may live on another.
 * The library's scripts touch one key, so they run on any deployment.
 */
function redisClient(redis: RedisClient) {
  const scripts = new Map<string, string>();
  return {
    scriptLoad: (script: string) => {
      const id = `s${scripts.size}`;
      scripts.set(id, script);
      return Promise.resolve(id);
    },
    evalsha: async <TArgs extends unknown[], TData = unknown>(id: string, keys: string[], args: TArgs) => {
      const script = scripts.get(id);
      if (script === undefined) throw new Error(`client rate limit: unknown script ${id}`);
      return (await redis.eval(script, keys.length, ...keys, ...(args as (string | number)[]))) as TData;
    },
    decr: (key: string) => redis.decr(key),
    del: (key: string) => redis.del(key),
  };
}

export function createClientLimit(options: ClientLimitOptions): ClientLimit {
  const windowMs = options.windowMs ?? 60_000;
  let redis: RedisClient | undefined;
  let store: HonoStore = new MemoryStore();
  if (options.redisUrl) {
    redis = createRedisClient({ url: options.redisUrl });
    const prefix = `${options.keyPrefix ?? 'venn:'}ratelimit:`;
    store = new FallbackStore(new RedisStore({ client: redisClient(redis), prefix }), new MemoryStore(), options.logger);
  }
  const limitOf = (c: Context): number => {
    const principal = c.get('principal');
    if (!principal) return options.anonymousPerMinute * (windowMs / 60_000);
    const rate = principal.rateLimit ?? options.keyDefault;
    return Math.max(1, Math.floor((rate.perSecond * windowMs) / 1000));
  };
  const middleware = rateLimiter({
    windowMs,
    // Probes and scrapes come from one address at a steady rate; they are not clients of the API.
    skip: (c: Context) => UNLIMITED_PATHS.has(c.req.path),
    limit: limitOf,
    standardHeaders: 'draft-6',
    keyGenerator: clientOf,
    store,
    handler: ((c: Context) => {
      const info = c.get('rateLimit' as never) as { resetTime?: Date } | undefined;
      const waitMs = info?.resetTime ? info.resetTime.getTime() - Date.now() : windowMs;
      return problem(c, {
        status: 429,
        code: 'rate_limited',
        detail: c.get('principal') ? 'this API key is over its request rate' : 'this client address is over its request rate',
        retryable: true,
        headers: { 'retry-after': String(Math.max(1, Math.ceil(waitMs / 1000))) },
      });
    }) as unknown as (c: Context) => void,
  }) as MiddlewareHandler;
  return {
    middleware,
    async close() {
      if (redis) await redis.quit().catch(() => redis?.disconnect());
    },
  };
}
