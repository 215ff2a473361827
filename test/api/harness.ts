/**
 * Builds the API over a real Catalog synced from in-memory adapters (test/support/memory-adapter),
 * for tests that call `app.request()`.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import pino from 'pino';
import type { Logger } from 'pino';
import { createApp } from '../../src/api/app.js';
import { ArbitrageService, RestBookPoller, type FeeQuoterLookup } from '../../src/arbitrage/index.js';
import { systemClock } from '../../src/venue/index.js';
import type { AppDeps } from '../../src/api/app.js';
import { Authenticator } from '../../src/auth/authenticator.js';
import { KeyStore } from '../../src/auth/key-store.js';
import type { KeyRateLimit } from '../../src/auth/keys.js';
import type { LimitsConfig } from '../../src/orders/limits.js';
import { TradingService } from '../../src/orders/service.js';
import { MemoryCache } from '../../src/cache/index.js';
import { Catalog } from '../../src/catalog/index.js';
import type { VenueId } from '../../src/core/index.js';
import type { VenueAdapter } from '../../src/venue/adapter.js';
import { AdapterRegistry } from '../../src/venue/index.js';

export interface Harness {
  app: OpenAPIHono;
  catalog: Catalog;
  registry: AdapterRegistry;
  cache: MemoryCache;
  keys: KeyStore;
  trading: TradingService;
  /** With `options.arbitrage`: books polled over REST from the adapters, driven by the test (`poll`). */
  arbitrage?: ArbitrageService & { poll(): Promise<void> };
  /** `body` is parsed JSON, asserted field by field by the tests. */
  get(path: string, token?: string): Promise<HarnessResponse>;
  /** Any method, with a bearer token, a JSON body and headers. */
  call(method: string, path: string, options?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<HarnessResponse>;
  close(): Promise<void>;
}

export interface HarnessResponse {
  status: number;
  type: string;
  body: any;
  headers: Headers;
}

export interface HarnessOptions {
  logger?: Logger;
  marketData?: 'open' | 'key';
  limits?: LimitsConfig;
  writeDeadlineMs?: number;
  rateLimit?: KeyRateLimit;
  /** Wait until every venue synced once or failed (default true). */
  waitReady?: boolean;
  orderbookCacheTtlMs?: number;
  books?: AppDeps['books'];
  backends?: AppDeps['backends'];
  /** Runs an arbitrage service over the catalog with these fee quoters. */
  arbitrage?: { quoters: FeeQuoterLookup; now?: () => number };
  /** The catalog's clock (a market past its close time is served closed); default Date.now. */
  now?: () => number;
}

export async function buildHarness(adapters: VenueAdapter[], options: HarnessOptions = {}): Promise<Harness> {
  const logger = options.logger ?? pino({ level: 'silent' });
  const registry = new AdapterRegistry();
  for (const a of adapters) registry.register(a);
  const cache = new MemoryCache();
  const catalog = new Catalog({
    registry,
    cache,
    logger,
    options: {
      fullSyncIntervalMs: 3_600_000,
      incrementalIntervalMs: 3_600_000,
      initialBackoffMs: 3_600_000,
      warmStart: false,
      ...(options.now ? { now: options.now } : {}),
    },
  });
  await catalog.start();
  if (options.waitReady ?? true) {
    for (let i = 0; !catalog.isReady(); i++) {
      if (i > 2000) throw new Error('catalog not ready after 10 s');
      await new Promise((r) => setTimeout(r, 5));
    }
  }
  const keys = new KeyStore(cache);
  const authenticator = new Authenticator(keys, { defaultRateLimit: options.rateLimit ?? { perSecond: 10_000, burst: 10_000 } });
  const trading = new TradingService({
    adapterOf: (venue) => (registry.has(venue) ? registry.get(venue) : undefined),
    catalog,
    cache,
    logger,
    limits: options.limits ?? { default: {}, venues: {} },
    writeDeadlineMs: options.writeDeadlineMs ?? 5_000,
  });
  let arbitrage: Harness['arbitrage'];
  if (options.arbitrage) {
    let poller: RestBookPoller | undefined;
    const clock = { ...systemClock, ...(options.arbitrage.now ? { now: options.arbitrage.now } : {}) };
    const service = new ArbitrageService({
      catalog,
      cache,
      quoters: options.arbitrage.quoters,
      logger,
      rescanIntervalMs: 0,
      refreshIntervalMs: 0,
      clock,
      bookFeed: (sink) => (poller = new RestBookPoller({ adapterOf: (v) => (registry.has(v) ? registry.get(v) : undefined), sink, clock, logger, intervalMs: 3_600_000 })),
    });
    await service.start();
    arbitrage = Object.assign(service, { poll: () => (poller as RestBookPoller).poll() });
  }
  const app = createApp({
    catalog,
    registry,
    cache,
    config: {
      orderbookCacheTtlMs: options.orderbookCacheTtlMs ?? 0,
      auth: { marketData: options.marketData ?? 'open', keys: [], keysFile: null, rateLimit: options.rateLimit ?? { perSecond: 10_000, burst: 10_000 } },
    },
    logger,
    authenticator,
    keys,
    trading,
    ...(options.books ? { books: options.books } : {}),
    ...(options.backends ? { backends: options.backends } : {}),
    ...(arbitrage ? { arbitrage } : {}),
  });
  const call: Harness['call'] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token !== undefined) headers.authorization = `Bearer ${opts.token}`;
    if (opts.body !== undefined) headers['content-type'] ??= 'application/json';
    const body = opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    const res = await app.request(path, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    const type = res.headers.get('content-type') ?? '';
    return { status: res.status, type, body: type.includes('json') && text !== '' ? JSON.parse(text) : text, headers: res.headers };
  };
  return {
    app,
    catalog,
    registry,
    cache,
    keys,
    trading,
    ...(arbitrage ? { arbitrage } : {}),
    get: (path, token) => call('GET', path, token !== undefined ? { token } : {}),
    call,
    async close() {
      await arbitrage?.close();
      await catalog.stop();
      await registry.closeAll();
      await cache.close();
    },
  };
}

export const venueOf = (id: string): VenueId => id.split(':')[0] as VenueId;
