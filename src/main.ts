/**
 * The composition root: builds logger, cache and bus, the adapters of the enabled venues, the
 * catalog and the API from the configuration, and serves it. `npm start` runs it with the
 * configuration from the environment; SIGTERM/SIGINT drain and exit 0.
 */
import { serve } from '@hono/node-server';
import type { ServerType } from '@hono/node-server';
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import type { Logger } from 'pino';
import { venueModules } from '../adapters/index.js';
import { createAdapters } from './adapters.js';
import { createApp } from './api/app.js';
import { withLiveQuotes } from './api/live-quotes.js';
import { ArbitrageService, LiveBookFeed, RestBookPoller, currencyPolicy, feeQuotersFrom, readOverridesFile, type LiveBooks } from './arbitrage/index.js';
import { attachClientErrorProblems } from './api/client-errors.js';
import { keepConnections } from './api/keep-alive.js';
import { createClientLimit } from './api/client-limit.js';
import { listenErrorLine } from './listen-error.js';
import { HttpDrain } from './api/drain.js';
import { Authenticator } from './auth/authenticator.js';
import { bootstrapKeys } from './auth/bootstrap.js';
import { KeyStore } from './auth/key-store.js';
import { BookService, SHARED_SCOPE } from './books/index.js';
import { startSharedBooks } from './books/shared-redis.js';
import { createBus, createCache } from './cache/index.js';
import { ResilientCache } from './cache/resilient.js';
import { createInstanceIdentity } from './cluster/instance.js';
import { MemoryLeaseStore, RedisLeaseStore } from './cluster/lease.js';
import type { Bus, Cache } from './cache/index.js';
import type { VenueId } from './core/index.js';
import { Catalog } from './catalog/index.js';
import { catalogMetricsRegistry } from './catalog/metrics.js';
import type { Config } from './config.js';
import { ConfigError, loadConfig, redactConfig, redactPaths } from './config.js';
import { TradingService } from './orders/service.js';
import { AccountHub } from './feed/account-hub.js';
import { apiKeyOf, FeedServer, type Authenticator as FeedAuthenticator } from './feed/index.js';
import { feedMetricsRegistry } from './feed/metrics.js';
import type { VenueAdapter } from './venue/adapter.js';
import { AdapterRegistry, systemClock, venueMetricsRegistry, type AnyVenueModule } from './venue/index.js';
import { configureFairness } from './venue/rate-limit.js';
import { joinCluster } from './cluster/membership.js';
import { inBackground } from './venue/request-context.js';

export interface StartOptions {
  /** The venue modules to build adapters from (default: every registered venue). */
  modules?: readonly AnyVenueModule[];
  /** Adapters to use instead of building them from the configuration (tests). */
  adapters?: VenueAdapter[];
  logger?: Logger;
  /**
   * Who a feed connection is (from its upgrade request). Default: the service API key presented as
   * `Authorization: Bearer`, `X-API-Key` or `?api_key=`, checked against the key store.
   */
  feedAuthenticator?: FeedAuthenticator;
  /** Print `venn listening on <url>` on a line of its own to stdout (`npm start`, the demo). */
  announce?: boolean;
}

export interface RunningService {
  /** `http://host:port` the server listens on (the real port when PORT=0); the feed is at `ws://…/v1/ws`. */
  url: string;
  /** The API key store (the demo creates its key here). */
  keys: KeyStore;
  /** Checks the API key of a REST request, and of a feed connection on upgrade. */
  authenticator: Authenticator;
  /** The live book service and the WebSocket feed (diagnostics and tests). */
  books: BookService;
  /** Matching and opportunities; null when ARBITRAGE_ENABLED=false. */
  arbitrage: ArbitrageService | null;
  feed: FeedServer;
  /** Drains: stops accepting, finishes in-flight requests, stops the catalog, closes adapters and cache. */
  close(): Promise<void>;
}

/** The service's logger: JSON lines (to stdout, or `destination`), declared secrets redacted. */
export function createLogger(config: Pick<Config, 'logLevel' | 'secrets'>, destination?: pino.DestinationStream): Logger {
  const options = { level: config.logLevel, redact: { paths: redactPaths(config), censor: '[redacted]' } };
  return destination ? pino(options, destination) : pino(options);
}

export async function startService(config: Config, options: StartOptions = {}): Promise<RunningService> {
  const logger = options.logger ?? createLogger(config);
  logger.info({ config: redactConfig(config) }, 'starting venn');

  configureFairness(config.venueQueue);
  const registry = new AdapterRegistry();
  for (const adapter of options.adapters ?? createAdapters(config, options.modules ?? venueModules, logger)) registry.register(adapter);
  if (registry.list().length === 0) logger.warn('no venue adapters are enabled: the catalog is empty');

  const backend = { redisUrl: config.redisUrl ?? undefined, keyPrefix: config.redisPrefix, logger };
  const [cache, bus] = await Promise.all([createCache(backend), createBus(backend)]);
  // Before anything spends a venue budget: with Redis, budgets are shared by every instance.
  const instance = createInstanceIdentity(config.cluster.instanceId ?? undefined);
  logger.info({ instance: instance.id }, 'instance identity');
  const cluster = await joinCluster({
    redisUrl: config.redisUrl,
    keyPrefix: config.redisPrefix,
    identity: instance,
    logger,
    heartbeatMs: config.cluster.heartbeatMs,
  });
  // Instances sharing a Redis take one catalog walker per venue by lease; alone, it leads them all.
  const redisClient = cache instanceof ResilientCache ? cache.primary.client : undefined;
  const catalogCluster = {
    owner: instance.id,
    leaseTtlMs: config.catalog.leaseTtlMs,
    leases: redisClient ? new RedisLeaseStore(redisClient, config.redisPrefix) : new MemoryLeaseStore(),
    ...(redisClient ? { shared: { client: redisClient, prefix: config.redisPrefix, bus } } : {}),
  };

  const catalog = new Catalog({
    registry,
    cache,
    logger,
    options: {
      fullSyncIntervalMs: config.catalog.fullSyncIntervalMs,
      incrementalIntervalMs: config.catalog.incrementalIntervalMs,
      hotResolvedMaxAgeMs: config.catalog.hotResolvedMaxAgeMs,
    },
    hosts: config.venueHosts,
    onCacheReconnect: (listener) => cache.onReconnect(listener),
    cluster: catalogCluster,
  });
  const keys = new KeyStore(cache);
  const declared = await bootstrapKeys(keys, { env: config.auth.keys, file: config.auth.keysFile });
  if (declared.loaded > 0 || declared.removed > 0) logger.info({ loaded: declared.loaded, removed: declared.removed }, 'api keys bootstrapped');
  const authenticator = new Authenticator(keys, { defaultRateLimit: config.auth.rateLimit });
  const books = new BookService({
    adapters: { get: (venue) => (registry.has(venue) ? registry.get(venue) : undefined) },
    catalog,
    bus,
    logger: logger.child({ component: 'books' }),
    settings: config.books,
    // With Redis every instance reads the same channels, and one instance holds each market.
    ...(config.redisUrl ? { scope: SHARED_SCOPE } : {}),
  });
  const shared = config.redisUrl
    ? await startSharedBooks({
        redisUrl: config.redisUrl,
        keyPrefix: config.redisPrefix,
        books,
        bus,
        instance: instance.id,
        leaseTtlMs: config.books.leaseTtlMs,
        logger: logger.child({ component: 'books' }),
      })
    : null;
  const marketData = shared?.source ?? books;
  const arbitrage = config.arbitrage.enabled ? await createArbitrage(config, { registry, catalog, cache, bus, books: marketData, logger }) : null;
  const feed = new FeedServer({
    source: marketData,
    bus,
    logger: logger.child({ component: 'feed' }),
    limits: config.feed,
    authenticate: options.feedAuthenticator ?? feedPrincipal(authenticator),
    requireAuth: config.feed.requireApiKey || config.auth.marketData === 'key',
    ...(arbitrage ? { opportunities: arbitrage } : {}),
    accounts: new AccountHub({
      adapterOf: (venue) => (registry.has(venue) ? registry.get(venue) : undefined),
      logger: logger.child({ component: 'feed-accounts' }),
    }),
  });
  // The sync loops (and everything they start) draw on the budget share reserved for background work.
  await inBackground(() => catalog.start());
  await inBackground(async () => arbitrage?.start());

  const trading = new TradingService({
    adapterOf: (venue) => (registry.has(venue) ? registry.get(venue) : undefined),
    catalog,
    quotes: (market) => withLiveQuotes(market, books),
    cache,
    logger: logger.child({ component: 'trading' }),
    limits: config.trading.limits,
    writeDeadlineMs: config.trading.writeDeadlineMs,
  });

  const clientLimit = createClientLimit({
    anonymousPerMinute: config.api.clientRateLimitPerMinute,
    keyDefault: config.auth.rateLimit,
    redisUrl: config.redisUrl,
    keyPrefix: config.redisPrefix,
    logger: logger.child({ component: 'api' }),
  });
  const drain = new HttpDrain({ timeoutMs: config.drainTimeoutMs });
  const app = createApp({
    drain,
    clientLimit: clientLimit.middleware,
    catalog,
    registry,
    cache,
    config,
    logger: logger.child({ component: 'api' }),
    metricsRegistries: [venueMetricsRegistry, feedMetricsRegistry(feed, books, () => marketData.ownership()), catalogMetricsRegistry(catalog)],
    backends: { cache, bus },
    cluster,
    bookOwnership: () => marketData.ownership(),
    authenticator,
    keys,
    trading,
    books,
    ...(arbitrage ? { arbitrage } : {}),
  });

  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, () => resolve(s));
    s.once('error', reject);
  });
  keepConnections(server as HttpServer, config.keepAliveTimeoutMs);
  attachClientErrorProblems(server as HttpServer);
  drain.attach(server as HttpServer);
  feed.attach(server as HttpServer);
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`;
  logger.info({ url, venues: registry.venues() }, 'venn listening');
  // Also on a line of its own for the person who started it (the JSON line above is for machines).
  if (options.announce) process.stdout.write(`venn listening on ${url}\n`);

  let closing: Promise<void> | undefined;
  async function close(): Promise<void> {
    closing ??= (async () => {
      logger.info('draining');
      const steps: [string, () => Promise<unknown>][] = [
        ['feed', () => feed.close()],
        [
          'server',
          async () => {
            const { cancelled, cut } = await drain.drain();
            if (cancelled > 0 || cut > 0) logger.warn({ cancelled, cut }, 'drain deadline: requests still running were answered 503');
          },
        ],
        ['arbitrage', async () => arbitrage?.close()],
        ['catalog', () => catalog.stop()],
        ['auth', async () => authenticator.close()],
        ['client limit', () => clientLimit.close()],
        [
          'books',
          async () => {
            await shared?.close();
            await books.close();
          },
        ],
        ['adapters', () => registry.closeAll()],
        ['cluster', () => cluster.close()],
        ['bus', () => bus.close()],
        ['cache', () => cache.close()],
      ];
      for (const [name, step] of steps) {
        try {
          await step();
        } catch (err) {
          logger.error({ err, step: name }, 'error while shutting down');
        }
      }
      logger.info('stopped');
    })();
    return closing;
  }

  return { url, keys, authenticator, books, arbitrage, feed, close };
}

/** The arbitrage service: matching over the catalog, books from the live book service (or REST). */
async function createArbitrage(
  config: Config,
  parts: { registry: AdapterRegistry; catalog: Catalog; cache: Cache; bus: Bus; books: LiveBooks; logger: Logger },
): Promise<ArbitrageService> {
  const a = config.arbitrage;
  const logger = parts.logger.child({ component: 'arbitrage' });
  const adapterOf = (venue: VenueId) => (parts.registry.has(venue) ? parts.registry.get(venue) : undefined);
  return new ArbitrageService({
    catalog: parts.catalog,
    cache: parts.cache,
    quoters: feeQuotersFrom(parts.registry.list()),
    logger,
    fileOverrides: a.overridesFile ? await readOverridesFile(a.overridesFile) : [],
    match: { minConfidence: a.minConfidence },
    evaluation: { maxQuoteAgeMs: a.maxQuoteAgeMs, currency: currencyPolicy(a) },
    completeSets: a.completeSets,
    rescanIntervalMs: a.rescanIntervalMs,
    refreshIntervalMs: a.refreshIntervalMs,
    bookFeed: (sink) =>
      a.books === 'live'
        ? new LiveBookFeed({ books: parts.books, bus: parts.bus, sink, clock: systemClock, logger })
        : new RestBookPoller({ adapterOf, sink, clock: systemClock, logger, intervalMs: a.pollIntervalMs }),
  });
}

/**
 * A feed connection's principal: the key it presents, checked against the key store and counted
 * against the key's rate like a REST request. No key is anonymous; a key the store does not
 * recognise, or one over its rate, is refused (as REST answers 401 / 429).
 */
export function feedPrincipal(authenticator: Authenticator): FeedAuthenticator {
  return async (request) => {
    // An Authorization header is read exactly as REST reads it (a malformed one is a wrong key).
    const header = request.headers.authorization;
    const key = header === undefined ? apiKeyOf(request) : null;
    if (header === undefined && key === null) return null;
    const result = await authenticator.authenticate(header ?? `Bearer ${key}`);
    if (result.kind === 'rejected' || result.kind === 'anonymous') return { refused: 'unauthorized' };
    if (result.kind === 'throttled') return { refused: 'rate_limited' };
    return { id: result.principal.keyId, scopes: result.principal.scopes, venues: result.principal.venues };
  };
}

/**
 * Runs until SIGTERM/SIGINT, then drains and exits 0; exits 1 if the drain is not over after
 * `drainTimeoutMs` (the HTTP drain ends before, leaving the rest for venues, cache and bus).
 */
export function runUntilSignal(service: Pick<RunningService, 'close'>, logger: Logger, drainTimeoutMs: number): void {
  const stop = (signal: string) => {
    logger.info({ signal, drainTimeoutMs }, 'shutting down');
    setTimeout(() => {
      logger.error({ drainTimeoutMs }, 'drain did not finish in time; exiting');
      process.exit(1);
    }, drainTimeoutMs).unref();
    service.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env, venueModules);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config);
  let service: RunningService;
  try {
    service = await startService(config, { logger, announce: true });
  } catch (err) {
    const line = listenErrorLine(err, config);
    if (line === undefined) throw err;
    process.stderr.write(`venn failed to start: ${line}\n`);
    process.exit(1);
  }
  runUntilSignal(service, logger, config.drainTimeoutMs);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((err: unknown) => {
    process.stderr.write(`venn failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
