/**
 * Service configuration, read once from the environment and validated with zod. The service's own
 * variables are declared here; each venue declares its own in its module (`adapters/<venue>/`), and
 * `loadConfig` composes them. Every variable has a documented default (README "Configuration"); a
 * bad value fails startup with a message naming the variable and never echoing its value.
 * Secrets come from the venue modules' declarations: `config.secrets` lists where they sit, and
 * both `redactConfig` and the logger's redaction are derived from it.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { KeyDeclarationError, parseKeyEntries } from './auth/bootstrap.js';
import { TradingLimitsSchema, type ApiKeyRecord, type KeyRateLimit } from './auth/keys.js';
import { redactRedisUrl } from './cache/factory.js';
import { parseRedisUrl } from './cache/redis-url.js';
import { VENUE_IDS, isVenueId } from './core/index.js';
import type { VenueId } from './core/index.js';
import { intVar, optionalVar, problemsOf, type ConfigProblem } from './venue/env.js';
import type { AnyVenueModule } from './venue/module.js';
import type { LimitsConfig } from './orders/limits.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  host: string;
  port: number;
  /** SIGTERM/SIGINT to exit: requests still running shortly before it are answered 503. */
  drainTimeoutMs: number;
  /**
   * How long an idle keep-alive connection is kept open (Node's own default is 5 s). Longer than
   * the idle timeout of what sits in front (a load balancer or proxy keeps idle connections to the
   * service 60 s and more): else the service closes a connection just as the proxy sends a request
   * on it, and the proxy answers its client 502.
   */
  keepAliveTimeoutMs: number;
  logLevel: LogLevel;
  /** Redis connection URL; null = in-memory cache and bus. */
  redisUrl: string | null;
  /**
   * Prefix of every Redis key and channel: `REDIS_PREFIX`, else `venn:<fingerprint of every venue's
   * configured hosts>:`, so deployments pointed at different hosts never share data.
   */
  redisPrefix: string;
  /** This instance among those sharing one Redis: `INSTANCE_ID` (default generated) and the registry heartbeat. */
  cluster: { instanceId: string | null; heartbeatMs: number };
  /** The hosts each registered venue's configuration points at. */
  venueHosts: Partial<Record<VenueId, string[]>>;
  /** Enabled venues, in the order given. */
  venues: VenueId[];
  catalog: {
    fullSyncIntervalMs: number;
    incrementalIntervalMs: number;
    /** Lifetime of a venue's catalog lease: a dead leader's successor walks within it. */
    leaseTtlMs: number;
    /**
     * Closed and resolved markets older than this (by close time) leave the hot index: only their
     * sort and filter keys stay in memory, the markets live in the cache store (`null`: all hot).
     */
    hotResolvedMaxAgeMs: number | null;
  };
  orderbookCacheTtlMs: number;
  /** Byte budget of the API's cache of list page bodies (least recently used evicted). */
  pageCacheMaxBytes: number;
  /** Every API request: its overall deadline for venue work, and the per-client request rate. */
  api: { requestDeadlineMs: number; clientRateLimitPerMinute: number };
  /** Sharing each venue's request budget: waiters queued per limiter at most, share reserved for background work. */
  venueQueue: { maxQueue: number; backgroundShare: number };
  auth: {
    /** `key`: market data needs an API key with the `read` scope; `open` (default): anonymous. */
    marketData: 'open' | 'key';
    /** Keys declared in `API_KEYS` (hashed at load; the tokens are not kept). */
    keys: ApiKeyRecord[];
    /** `API_KEYS_FILE`: hashed key records, bootstrapped at start and written by `npm run keys`. */
    keysFile: string | null;
    /** The request rate of a key without its own. */
    rateLimit: KeyRateLimit;
  };
  trading: {
    /** How long `POST /v1/orders` waits for the venue before answering 202 with the pending request. */
    writeDeadlineMs: number;
    limits: LimitsConfig;
  };
  /** Live books (src/books): REST polling, grace period of upstream subscriptions, resync of stale books. */
  books: {
    pollIntervalMs: number;
    pollMinHeadroom: number;
    graceMs: number;
    staleResubscribeMs: number;
    /** With Redis: lifetime of a market stream's lease (a dead holder is replaced within it). */
    leaseTtlMs: number;
  };
  /** The WebSocket feed (src/feed): per-connection limits, heartbeats, authentication. */
  feed: {
    maxSubscriptions: number;
    maxMessagesPerSecond: number;
    maxMessageBytes: number;
    sendBufferBytes: number;
    slowClientTimeoutMs: number;
    heartbeatIntervalMs: number;
    requireApiKey: boolean;
  };
  /** Cross-venue arbitrage (src/arbitrage): matching, book source, evaluation limits. */
  arbitrage: {
    enabled: boolean;
    minConfidence: number;
    maxQuoteAgeMs: number;
    overridesFile: string | null;
    /** `live`: the live book service, re-evaluated on every book event; `rest`: polled books. */
    books: 'live' | 'rest';
    pollIntervalMs: number;
    rescanIntervalMs: number;
    refreshIntervalMs: number;
    completeSets: boolean;
    /** USD, USDC and pUSD net 1:1. */
    stablecoinsAtPar: boolean;
    /** USDT nets 1:1 too (flagged on each opportunity). */
    usdtAtPar: boolean;
  };
  /** The MCP endpoint (`/mcp`): `trading` exposes `place_order`/`cancel_order` (off by default). */
  mcp: { trading: boolean };
  /** Each registered venue's own configuration (see its module), enabled or not. */
  venueConfigs: Partial<Record<VenueId, unknown>>;
  /** Dotted paths of secrets inside this object (`venueConfigs.<venue>.<key>`). */
  secrets: string[];
}

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: ConfigProblem[]) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}`);
  }
}

function venueList(modules: readonly AnyVenueModule[]) {
  const available = modules.map((m) => m.id);
  return z.string().transform((s, ctx) => {
    if (s.trim().toLowerCase() === 'none') return [] as VenueId[];
    const out: VenueId[] = [];
    for (const name of s.split(',').map((v) => v.trim().toLowerCase()).filter((v) => v !== '')) {
      if (!isVenueId(name)) {
        ctx.addIssue({ code: 'custom', message: `unknown venue "${name}" (known: ${VENUE_IDS.join(', ')})` });
        return z.NEVER;
      }
      if (!available.includes(name)) {
        ctx.addIssue({ code: 'custom', message: `venue "${name}" has no adapter in this build (available: ${available.join(', ') || 'none'})` });
        return z.NEVER;
      }
      if (!out.includes(name)) out.push(name);
    }
    return out;
  });
}

/** `true`/`false` (also `1`/`0`, `yes`/`no`, any case). */
const boolVar = () =>
  z
    .string()
    .transform((s) => s.trim().toLowerCase())
    .pipe(z.enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' }))
    .transform((s) => s === 'true' || s === '1' || s === 'yes');

function serviceSchema(modules: readonly AnyVenueModule[]) {
  return z.object({
    HOST: optionalVar(z.string()).default('0.0.0.0'),
    PORT: optionalVar(intVar(0, 65535)).default(8080),
    DRAIN_TIMEOUT_MS: optionalVar(intVar(1_000, 600_000)).default(10_000),
    HTTP_KEEP_ALIVE_TIMEOUT_MS: optionalVar(intVar(100, 600_000)).default(72_000),
    LOG_LEVEL: optionalVar(z.enum(LOG_LEVELS)).default('info'),
    REDIS_URL: optionalVar(
      z.string().superRefine((url, ctx) => {
        try {
          parseRedisUrl(url);
        } catch (err) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: err instanceof Error ? err.message : String(err) });
        }
      }),
    ),
    INSTANCE_ID: optionalVar(z.string().regex(/^[A-Za-z0-9._:-]{1,100}$/, 'letters, digits, ".", "_", ":" and "-" only (at most 100)')),
    CLUSTER_HEARTBEAT_MS: optionalVar(intVar(100, 60_000)).default(1_000),
    REDIS_PREFIX: optionalVar(z.string().regex(/^[A-Za-z0-9._:-]{1,100}$/, 'letters, digits, ".", "_", ":" and "-" only (at most 100)')),
    VENUES: optionalVar(venueList(modules)).default(modules.map((m) => m.id)),
    CATALOG_FULL_SYNC_INTERVAL_MS: optionalVar(intVar(1_000, 7 * 24 * 3_600_000)).default(3_600_000),
    CATALOG_INCREMENTAL_INTERVAL_MS: optionalVar(intVar(100, 24 * 3_600_000)).default(30_000),
    CATALOG_LEASE_TTL_MS: optionalVar(intVar(300, 600_000)).default(15_000),
    CATALOG_HOT_RESOLVED_MAX_AGE_DAYS: optionalVar(intVar(1, 36_500)),
    ORDERBOOK_CACHE_TTL_MS: optionalVar(intVar(0, 60_000)).default(1_000),
    PAGE_CACHE_MAX_BYTES: optionalVar(intVar(0, 8 * 1024 * 1024 * 1024)).default(64 * 1024 * 1024),
    REQUEST_DEADLINE_MS: optionalVar(intVar(100, 300_000)).default(5_000),
    CLIENT_RATE_LIMIT_PER_MINUTE: optionalVar(intVar(1, 10_000_000)).default(600),
    VENUE_QUEUE_MAX: optionalVar(intVar(1, 100_000)).default(64),
    VENUE_BACKGROUND_SHARE_PERCENT: optionalVar(intVar(0, 90)).default(20),
    MARKET_DATA_AUTH: optionalVar(z.enum(['open', 'key'])).default('open'),
    API_KEYS: optionalVar(z.string().transform(keyEntries)),
    API_KEYS_FILE: optionalVar(z.string()),
    API_KEY_RATE_LIMIT: optionalVar(intVar(1, 100_000)).default(20),
    API_KEY_RATE_BURST: optionalVar(intVar(1, 1_000_000)),
    ORDER_WRITE_DEADLINE_MS: optionalVar(intVar(100, 300_000)).default(10_000),
    TRADING_LIMITS: optionalVar(z.string().transform(tradingLimits(modules))),
    BOOKS_POLL_INTERVAL_MS: optionalVar(intVar(100, 3_600_000)).default(2_000),
    BOOKS_POLL_MIN_HEADROOM_PERCENT: optionalVar(intVar(0, 100)).default(50),
    BOOKS_GRACE_MS: optionalVar(intVar(0, 3_600_000)).default(30_000),
    BOOKS_STALE_RESUBSCRIBE_MS: optionalVar(intVar(1_000, 3_600_000)).default(15_000),
    BOOKS_LEASE_TTL_MS: optionalVar(intVar(300, 600_000)).default(10_000),
    FEED_MAX_SUBSCRIPTIONS: optionalVar(intVar(1, 100_000)).default(1_000),
    FEED_MAX_MESSAGES_PER_SECOND: optionalVar(intVar(1, 10_000)).default(20),
    FEED_MAX_MESSAGE_BYTES: optionalVar(intVar(256, 16_777_216)).default(65_536),
    FEED_SEND_BUFFER_BYTES: optionalVar(intVar(1_024, 1_073_741_824)).default(1_048_576),
    FEED_SLOW_CLIENT_TIMEOUT_MS: optionalVar(intVar(100, 3_600_000)).default(10_000),
    FEED_HEARTBEAT_INTERVAL_MS: optionalVar(intVar(0, 3_600_000)).default(15_000),
    FEED_REQUIRE_API_KEY: optionalVar(boolVar()).default(false),
    ARBITRAGE_ENABLED: optionalVar(boolVar()).default(true),
    ARBITRAGE_MIN_CONFIDENCE: optionalVar(fractionVar()).default(0.9),
    ARBITRAGE_MAX_QUOTE_AGE_MS: optionalVar(intVar(100, 3_600_000)).default(15_000),
    ARBITRAGE_OVERRIDES_FILE: optionalVar(z.string()),
    ARBITRAGE_BOOKS: optionalVar(z.enum(['live', 'rest'])).default('live'),
    ARBITRAGE_POLL_INTERVAL_MS: optionalVar(intVar(100, 3_600_000)).default(5_000),
    ARBITRAGE_RESCAN_INTERVAL_MS: optionalVar(intVar(0, 24 * 3_600_000)).default(30_000),
    ARBITRAGE_REFRESH_INTERVAL_MS: optionalVar(intVar(0, 3_600_000)).default(5_000),
    ARBITRAGE_COMPLETE_SETS: optionalVar(boolVar()).default(true),
    ARBITRAGE_STABLECOINS_AT_PAR: optionalVar(boolVar()).default(true),
    ARBITRAGE_USDT_AT_PAR: optionalVar(boolVar()).default(true),
    MCP_TRADING: optionalVar(boolVar()).default(false),
  });
}

/** A number in [0, 1]. */
const fractionVar = () =>
  z
    .string()
    .trim()
    .regex(/^(0(\.\d+)?|1(\.0+)?|\.\d+)$/, 'must be a number between 0 and 1')
    .transform(Number);

function keyEntries(text: string, ctx: z.RefinementCtx): ApiKeyRecord[] {
  try {
    return parseKeyEntries(text);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: err instanceof KeyDeclarationError ? err.message : 'cannot be parsed' });
    return z.NEVER;
  }
}

/** `TRADING_LIMITS`: JSON `{"default": {…}, "<venue>": {…}}` of `maxOrderNotional`, `maxOpenOrders`, `maxDailyNotional`. */
function tradingLimits(modules: readonly AnyVenueModule[]) {
  const shape = z.strictObject({
    default: TradingLimitsSchema.optional(),
    ...Object.fromEntries(modules.map((m) => [m.id, TradingLimitsSchema.optional()])),
  });
  return (text: string, ctx: z.RefinementCtx): LimitsConfig => {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be JSON such as {"default":{"maxOrderNotional":"500"}}' });
      return z.NEVER;
    }
    const parsed = shape.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      ctx.addIssue({ code: 'custom', message: issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid' });
      return z.NEVER;
    }
    const { default: defaults, ...venues } = parsed.data as { default?: LimitsConfig['default'] } & LimitsConfig['venues'];
    return { default: defaults ?? {}, venues };
  };
}

/** The service's own variables (each venue module lists its own). */
export const SERVICE_VARIABLES: readonly string[] = Object.keys(serviceSchema([]).shape);

/**
 * Reads and validates the configuration of the service and of every registered venue; throws
 * `ConfigError` listing every bad variable.
 */
export function loadConfig(env: Record<string, string | undefined>, modules: readonly AnyVenueModule[]): Config {
  const problems: ConfigProblem[] = [];
  const service = serviceSchema(modules).safeParse(env);
  if (!service.success) problems.push(...problemsOf(service.error));
  const venueConfigs: Partial<Record<VenueId, unknown>> = {};
  const secrets: string[] = [];
  for (const m of modules) {
    const parsed = m.configSchema.safeParse(env);
    if (parsed.success) venueConfigs[m.id] = parsed.data;
    else problems.push(...problemsOf(parsed.error));
    for (const key of m.secrets) secrets.push(`venueConfigs.${m.id}.${key}`);
  }
  if (!service.success || problems.length > 0) throw new ConfigError(problems);
  const e = service.data;
  const venueHosts: Partial<Record<VenueId, string[]>> = {};
  for (const m of modules) venueHosts[m.id] = m.hosts(venueConfigs[m.id]);
  return {
    host: e.HOST,
    port: e.PORT,
    drainTimeoutMs: e.DRAIN_TIMEOUT_MS,
    keepAliveTimeoutMs: e.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    logLevel: e.LOG_LEVEL,
    redisUrl: e.REDIS_URL ?? null,
    redisPrefix: e.REDIS_PREFIX === undefined ? derivedRedisPrefix(venueHosts) : e.REDIS_PREFIX.endsWith(':') ? e.REDIS_PREFIX : `${e.REDIS_PREFIX}:`,
    cluster: { instanceId: e.INSTANCE_ID ?? null, heartbeatMs: e.CLUSTER_HEARTBEAT_MS },
    venueHosts,
    venues: e.VENUES,
    catalog: {
      fullSyncIntervalMs: e.CATALOG_FULL_SYNC_INTERVAL_MS,
      incrementalIntervalMs: e.CATALOG_INCREMENTAL_INTERVAL_MS,
      leaseTtlMs: e.CATALOG_LEASE_TTL_MS,
      hotResolvedMaxAgeMs: e.CATALOG_HOT_RESOLVED_MAX_AGE_DAYS === undefined ? null : e.CATALOG_HOT_RESOLVED_MAX_AGE_DAYS * 86_400_000,
    },
    orderbookCacheTtlMs: e.ORDERBOOK_CACHE_TTL_MS,
    pageCacheMaxBytes: e.PAGE_CACHE_MAX_BYTES,
    api: { requestDeadlineMs: e.REQUEST_DEADLINE_MS, clientRateLimitPerMinute: e.CLIENT_RATE_LIMIT_PER_MINUTE },
    venueQueue: { maxQueue: e.VENUE_QUEUE_MAX, backgroundShare: e.VENUE_BACKGROUND_SHARE_PERCENT / 100 },
    auth: {
      marketData: e.MARKET_DATA_AUTH,
      keys: e.API_KEYS ?? [],
      keysFile: e.API_KEYS_FILE ?? null,
      rateLimit: { perSecond: e.API_KEY_RATE_LIMIT, burst: e.API_KEY_RATE_BURST ?? e.API_KEY_RATE_LIMIT * 2 },
    },
    trading: { writeDeadlineMs: e.ORDER_WRITE_DEADLINE_MS, limits: e.TRADING_LIMITS ?? { default: {}, venues: {} } },
    books: {
      pollIntervalMs: e.BOOKS_POLL_INTERVAL_MS,
      pollMinHeadroom: e.BOOKS_POLL_MIN_HEADROOM_PERCENT / 100,
      graceMs: e.BOOKS_GRACE_MS,
      staleResubscribeMs: e.BOOKS_STALE_RESUBSCRIBE_MS,
      leaseTtlMs: e.BOOKS_LEASE_TTL_MS,
    },
    feed: {
      maxSubscriptions: e.FEED_MAX_SUBSCRIPTIONS,
      maxMessagesPerSecond: e.FEED_MAX_MESSAGES_PER_SECOND,
      maxMessageBytes: e.FEED_MAX_MESSAGE_BYTES,
      sendBufferBytes: e.FEED_SEND_BUFFER_BYTES,
      slowClientTimeoutMs: e.FEED_SLOW_CLIENT_TIMEOUT_MS,
      heartbeatIntervalMs: e.FEED_HEARTBEAT_INTERVAL_MS,
      requireApiKey: e.FEED_REQUIRE_API_KEY,
    },
    arbitrage: {
      enabled: e.ARBITRAGE_ENABLED,
      minConfidence: e.ARBITRAGE_MIN_CONFIDENCE,
      maxQuoteAgeMs: e.ARBITRAGE_MAX_QUOTE_AGE_MS,
      overridesFile: e.ARBITRAGE_OVERRIDES_FILE ?? null,
      books: e.ARBITRAGE_BOOKS,
      pollIntervalMs: e.ARBITRAGE_POLL_INTERVAL_MS,
      rescanIntervalMs: e.ARBITRAGE_RESCAN_INTERVAL_MS,
      refreshIntervalMs: e.ARBITRAGE_REFRESH_INTERVAL_MS,
      completeSets: e.ARBITRAGE_COMPLETE_SETS,
      stablecoinsAtPar: e.ARBITRAGE_STABLECOINS_AT_PAR,
      usdtAtPar: e.ARBITRAGE_USDT_AT_PAR,
    },
    mcp: { trading: e.MCP_TRADING },
    venueConfigs,
    secrets,
  };
}

/** `venn:<12 hex>:`, the fingerprint of every venue's hosts (sorted by venue). */
export function derivedRedisPrefix(venueHosts: Partial<Record<VenueId, string[]>>): string {
  const text = Object.entries(venueHosts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([venue, hosts]) => `${venue}=${(hosts ?? []).join(',')}`)
    .join('\n');
  return `venn:${createHash('sha256').update(text).digest('hex').slice(0, 12)}:`;
}

/** Paths for pino's `redact`: the declared secrets, wherever a config or part of one is logged. */
export function redactPaths(config: Pick<Config, 'secrets'>): string[] {
  const paths = new Set<string>(['req.headers.authorization', 'req.headers["x-api-key"]']);
  for (const path of config.secrets) {
    const key = path.slice(path.lastIndexOf('.') + 1);
    paths.add(path);
    paths.add(`config.${path}`);
    paths.add(`*.${key}`);
  }
  return [...paths];
}

/**
 * A copy safe to log or print: every declared secret replaced by "[redacted]" when set and
 * "unset" when not, and the Redis password masked.
 */
export function redactConfig(config: Config): Config {
  const venueConfigs: Partial<Record<VenueId, unknown>> = {};
  for (const [venue, value] of Object.entries(config.venueConfigs)) {
    venueConfigs[venue as VenueId] = value !== null && typeof value === 'object' ? { ...value } : value;
  }
  for (const path of config.secrets) {
    const [, venue, key] = path.split('.') as [string, VenueId, string];
    const holder = venueConfigs[venue] as Record<string, unknown> | undefined;
    if (holder && key in holder) holder[key] = holder[key] === null || holder[key] === undefined ? 'unset' : '[redacted]';
  }
  return {
    ...config,
    redisUrl: config.redisUrl === null ? null : redactRedisUrl(config.redisUrl),
    // Key digests are not secrets, but nothing is gained by printing them.
    auth: { ...config.auth, keys: config.auth.keys.map((k) => ({ ...k, hash: '[redacted]' })) },
    venueConfigs,
  };
}
