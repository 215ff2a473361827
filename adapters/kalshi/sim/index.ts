/**
 * Local simulator of Kalshi's Trade API v2 (REST `/trade-api/v2`, WS `/trade-api/ws/v2`) following
 * docs/venues/kalshi.md (the Kalshi reference): RSA-PSS auth, fixed-point wire formats, bids-only books, V2 orders
 * matched by the shared BinaryBook engine, token-bucket limits, WS channels with per-sid seq, and
 * market lifecycle. Deterministic from the seed; seeded bots keep books moving.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { FaultInjector, createRng, startMarketMakers, startSimServer, toPriceUnits, type MarketMakers } from '../../../src/sim/index.js';
import { DEFAULT_WINDOW, KeyRegistry, userIdForKey, type AuthWindow } from './auth.js';
import { buildApp, REST_PREFIX } from './app.js';
import { EDGE_MAX_AGE_SECONDS, EdgeCache } from './edge-cache.js';
import { bookToWire } from './format.js';
import { coarsestStep } from './grid.js';
import { lifecycleTick, setMarketStatus, settleMarket } from './lifecycle.js';
import { RateLimiter, type Tier } from './limits.js';
import type { MarketStatus } from './model.js';
import { KalshiState } from './state.js';
import { KalshiWs, WS_PATH } from './ws.js';

export type { MarketStatus } from './model.js';
export type { Tier } from './limits.js';

/** Key id of the committed, published, test-only demo key pair (see demo-keys/README.md). */
export const DEMO_KEY_ID = '5a1d3b2e-0000-4000-8000-de30de30de30';
export const DEMO_PRIVATE_KEY_PATH = fileURLToPath(new URL('./demo-keys/demo-private-key.pem', import.meta.url));
export const DEMO_PUBLIC_KEY_PATH = fileURLToPath(new URL('./demo-keys/demo-public-key.pem', import.meta.url));

export interface KalshiSimOptions {
  port?: number;
  seed?: number;
  markets?: number;
  apiKeys?: { keyId: string; publicKeyPem: string }[];
  acceptDemoKey?: boolean;
  balanceUsd?: string;
  botRatePerSecond?: number;
  tier?: Tier;
  enforceRateLimits?: boolean;
  pingIntervalMs?: number;
  logger?: Logger;
  /** Seed initial book depth (default true); tests of matching turn it off. */
  seedBooks?: boolean;
  /** Also list the propositions other simulated venues list (cross-listed.ts; the demo turns it on). */
  crossListed?: boolean;
  /** Accepted auth timestamp skew (default −20 s … +45 s). */
  authWindow?: AuthWindow;
  /** The clock the rate-limit buckets refill by (tests freeze it). */
  rateLimitClock?: () => number;
  /**
   * The venue's clock: market lifecycle (timed opens and closes), order and trade times (default
   * `Date.now`). Tests inject one to keep the catalog still while they read it.
   */
  now?: () => number;
  /** Markets one WebSocket connection may subscribe (default 500,000; docs/venues/kalshi.md §9.1). */
  wsMarketLimit?: number;
  /**
   * Lifetime of the edge cache's copies of unauthenticated market-data answers, seconds (default
   * 15, Kalshi's `max-age`; 0 turns the cache off). It runs on the `now` clock.
   */
  edgeCacheSeconds?: number;
  /**
   * Send the integer fields next to their fixed-point twins in WS ticker and trade frames, as the
   * venue did in 2026-02 (recorded frames; default false, the current shape).
   */
  wsIntegerTwins?: boolean;
}

export interface KalshiSim {
  restUrl: string;
  wsUrl: string;
  url: string;
  faults: FaultInjector;
  book(ticker: string): { yes: [string, string][]; no: [string, string][] };
  tickers(): string[];
  setMarketStatus(ticker: string, status: MarketStatus): void;
  settle(ticker: string, result: 'yes' | 'no'): void;
  /** Open WebSocket subscriptions of a channel per market ticker, over all connections. */
  wsSubscriptions(channel: 'orderbook_delta' | 'ticker' | 'trade'): Map<string, number>;
  /** Requests that reached the simulator, 429s, and answers served by the edge cache. */
  stats(): { requests: number; rateLimited: number; edgeCacheHits: number };
  /** The user id behind an API key id (UUID-shaped, stable). */
  userIdFor(keyId: string): string;
  /**
   * Deterministic extra bot actions now (works with botRatePerSecond 0 too); with a ticker, all of
   * them on that market, so it quotes and trades.
   */
  bots: Pick<MarketMakers, 'step'>;
  /** The API orders the venue holds, any status, optionally of one user and one market. */
  orders(filter?: { userId?: string; ticker?: string }): { orderId: string; clientOrderId: string; ticker: string; status: string }[];
  close(): Promise<void>;
}

export async function startKalshiSim(options: KalshiSimOptions = {}): Promise<KalshiSim> {
  const seed = options.seed ?? 1;
  const state = new KalshiState({
    seed,
    markets: options.markets ?? 200,
    balanceMicros: toPriceUnits(options.balanceUsd ?? '10000'),
    seedBooks: options.seedBooks ?? true,
    crossListed: options.crossListed ?? false,
    now: options.now,
  });
  const registry = new KeyRegistry();
  if (options.acceptDemoKey ?? true) registry.register(DEMO_KEY_ID, readFileSync(DEMO_PUBLIC_KEY_PATH, 'utf8'));
  for (const k of options.apiKeys ?? []) registry.register(k.keyId, k.publicKeyPem);
  for (const k of registry.all()) state.account(k.userId);
  const limiter = new RateLimiter(options.tier ?? 'advanced', options.enforceRateLimits ?? true, options.rateLimitClock);
  const faults = new FaultInjector({ seed });
  const stats = { requests: 0, rateLimited: 0 };
  const authWindow = options.authWindow ?? DEFAULT_WINDOW;
  const edgeCache = new EdgeCache(state.now, options.edgeCacheSeconds ?? EDGE_MAX_AGE_SECONDS);
  const app = buildApp({ state, registry, limiter, faults, authWindow, stats, edgeCache });
  const ws = new KalshiWs(state, registry, faults, {
    pingIntervalMs: options.pingIntervalMs ?? 10_000,
    authWindow,
    marketLimit: options.wsMarketLimit,
    integerTwins: options.wsIntegerTwins,
  });
  const server = await startSimServer({
    app,
    port: options.port ?? 0,
    websocket: { paths: [WS_PATH], handleUpgrade: (req, socket, head, wss) => ws.handleUpgrade(req, socket, head, wss) },
  });
  const rate = options.botRatePerSecond ?? 20;
  const bots = startMarketMakers({
    books: state.books,
    rng: createRng(`${seed}:bots`),
    ratePerSecond: rate,
    tick: (t) => coarsestStep(state.markets.get(t)?.ranges ?? []) || 10_000,
    tradable: (t) => state.markets.get(t)?.status === 'active' && (state.markets.get(t)?.closeMs ?? 0) > state.now(),
  });
  const tick = setInterval(() => lifecycleTick(state), 1000);
  tick.unref();
  options.logger?.info({ url: server.url, markets: state.marketList.length, seed }, 'kalshi simulator listening');

  const market = (ticker: string) => {
    const m = state.markets.get(ticker);
    if (!m) throw new Error(`unknown market ${ticker}`);
    return m;
  };
  return {
    url: server.url,
    restUrl: `${server.url}${REST_PREFIX}`,
    wsUrl: `${server.wsBase}${WS_PATH}`,
    faults,
    book(ticker) {
      const m = market(ticker);
      const w = bookToWire(m.book ?? state.book(m));
      return { yes: w.yes_dollars, no: w.no_dollars };
    },
    tickers: () => state.marketList.map((m) => m.ticker),
    setMarketStatus: (ticker, status) => setMarketStatus(state, market(ticker), status),
    settle: (ticker, result) => settleMarket(state, market(ticker), result),
    stats: () => ({ ...stats, edgeCacheHits: edgeCache.hits }),
    wsSubscriptions: (channel) => ws.subscriptions(channel),
    userIdFor: userIdForKey,
    bots: { step: (n?: number, ticker?: string) => bots.step(n, ticker) },
    orders: (filter = {}) =>
      [...state.orders.values()]
        .filter((o) => (filter.userId === undefined || o.userId === filter.userId) && (filter.ticker === undefined || o.ticker === filter.ticker))
        .map((o) => ({ orderId: o.orderId, clientOrderId: o.clientOrderId, ticker: o.ticker, status: o.status })),
    async close() {
      bots.stop();
      clearInterval(tick);
      ws.close();
      await server.close();
    },
  };
}
