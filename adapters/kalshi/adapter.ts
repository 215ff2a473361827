import type { Logger } from 'pino';
import { MissingCredentials } from '../../src/core/index.js';
import type { AmendOrderRequest, PlaceOrderRequest } from '../../src/core/index.js';
import { StreamSet, defineAdapter, type RateLimitStatus, type VenueAdapter } from '../../src/venue/index.js';
import type { RetryOptions } from '../../src/venue/http-client.js';
import { KalshiSigner } from './auth.js';
import { KalshiClient } from './client.js';
import type { WireStp } from './client.js';
import { kalshiFee, quoteKalshiOrderFee } from './fees.js';
import { ENDPOINT_COSTS, budgetFromAccountLimits, createKalshiLimiter, maxBatchSize } from './limits.js';
import type { KalshiTier, TierBudget } from './limits.js';
import { KalshiMarketData } from './market-data.js';
import { OrderMemory } from './order-memory.js';
import { KalshiPortfolio } from './portfolio.js';
import { KalshiStream } from './stream.js';
import { KalshiTrading } from './trading.js';

/**
 * The Kalshi adapter (Trade API v2, 2026 fixed-point format; docs/venues/kalshi.md).
 *
 * - Hosts: `kalshiHosts.prod` by default, `kalshiHosts.demo`, or any `restUrl`/`wsUrl` (the
 *   simulator). Credentials (API key id + RSA private key, inline PEM or file path) enable
 *   trading and the stream; public market data works without them.
 * - The stream and trading need credentials (`requiresCredentials`): without them they throw
 *   `MissingCredentials`. Kalshi's WebSocket refuses unauthenticated connections (HTTP 401), so
 *   callers poll REST books instead (`canUse(adapter, 'stream')` tells).
 * - Legacy payloads: the integer-cent shapes of before 2026 (including the transitional early-2026
 *   REST payloads that carried both shapes) are rejected with a VenueFormatError whose message
 *   starts with `legacy format`. The adapter reads only the fixed-point fields; a payload that still
 *   carries the removed integer fields means something older than the current API answered, and it
 *   must fail loudly rather than be half-read. WS `ticker` and `trade` frames are the exception: the
 *   venue sent their integer fields next to the fixed-point twins, and the twins are read
 *   (docs/venues/kalshi.md §9.5).
 * - Market data is signed when credentials exist (fresh, billed to the account); unauthenticated
 *   answers may come from Kalshi's 15 s edge cache, and books and quotes say how old they may be
 *   (docs/venues/kalshi.md §1).
 * - Beyond the VenueAdapter contract, `adapter.kalshi` exposes series, candlesticks, the historical
 *   tier, raw market filters, decrease/batch/cancel-all, settlements, rate-limit refresh and fees.
 */

export const kalshiHosts = {
  prod: {
    restUrl: 'https://external-api.kalshi.com/trade-api/v2',
    wsUrl: 'wss://external-api-ws.kalshi.com/trade-api/ws/v2',
  },
  demo: {
    restUrl: 'https://external-api.demo.kalshi.co/trade-api/v2',
    wsUrl: 'wss://external-api-ws.demo.kalshi.co/trade-api/ws/v2',
  },
} as const;

export interface KalshiAdapterOptions {
  /** Host preset (default `prod`); `restUrl`/`wsUrl` override it. */
  environment?: keyof typeof kalshiHosts;
  /**
   * An origin serving Kalshi's paths (e.g. the simulator's `url`): REST at `<baseUrl>/trade-api/v2`,
   * WebSocket at `<ws(s) origin>/trade-api/ws/v2`. `restUrl`/`wsUrl` win over it.
   */
  baseUrl?: string;
  restUrl?: string;
  wsUrl?: string;
  /** API key id and RSA private key (inline PEM, PKCS#1 or PKCS#8, or a path to a PEM file). */
  credentials?: { keyId: string; privateKey: string };
  /** Rate-limit tier (default `basic`); `budget` overrides it. */
  tier?: KalshiTier;
  budget?: TierBudget;
  /** Fraction of the budget the client uses (default 0.95). */
  rateLimitSafety?: number;
  /**
   * Read the account's budget from `/account/limits` before the first signed request of any kind,
   * market-data reads included (default true).
   */
  refreshLimits?: boolean;
  timeoutMs?: number;
  retry?: RetryOptions;
  /** How long a lost order write is looked for by client order id (default 10 s). */
  reconcileWindowMs?: number;
  selfTradePrevention?: WireStp;
  /** Attach series fee schedule, category and tags to markets (default true). */
  seriesInfo?: boolean;
  includeRaw?: boolean;
  stream?: {
    useYesPrice?: boolean;
    pingIntervalMs?: number;
    idleTimeoutMs?: number;
    backoff?: { baseMs: number; maxMs: number };
    resyncTimeoutMs?: number;
  };
  logger?: Logger;
}

function createExtras(
  client: KalshiClient,
  data: KalshiMarketData,
  trading: KalshiTrading,
  portfolio: KalshiPortfolio,
  limits: ReturnType<typeof createKalshiLimiter>,
) {
  return {
    client,
    listMarketsWhere: data.listMarketsWhere.bind(data),
    listEventsWhere: data.listEvents.bind(data),
    listSeries: data.listSeries.bind(data),
    getSeries: data.getSeries.bind(data),
    getCandlesticks: data.getCandlesticks.bind(data),
    getHistoricalCutoff: data.getHistoricalCutoff.bind(data),
    listHistoricalMarkets: data.listHistoricalMarkets.bind(data),
    getHistoricalMarket: data.getHistoricalMarket.bind(data),
    getExchangeStatus: () => client.getExchangeStatus(),
    decreaseOrder: trading.decreaseOrder.bind(trading),
    placeOrders: (requests: readonly PlaceOrderRequest[]) =>
      trading.placeOrders(requests, maxBatchSize(limits.write.capacity, ENDPOINT_COSTS.batchCreatePerOrder)),
    cancelOrders: (orderIds: readonly string[]) =>
      trading.cancelOrders(orderIds, maxBatchSize(limits.write.capacity, ENDPOINT_COSTS.batchCancelPerOrder)),
    cancelAllOrders: trading.cancelAll.bind(trading),
    listSettlements: portfolio.listSettlements.bind(portfolio),
    /** Reads `/account/limits` and resizes the client-side buckets. */
    refreshRateLimits: async (): Promise<TierBudget> => {
      const budget = budgetFromAccountLimits(await client.getAccountLimits());
      limits.setBudget(budget);
      return budget;
    },
    fee: kalshiFee,
    httpStats: () => client.stats(),
  };
}

export type KalshiExtras = ReturnType<typeof createExtras>;
export type KalshiAdapter = Omit<VenueAdapter, 'stream'> & { readonly kalshi: KalshiExtras; stream(): KalshiStream };

/** What needs a key: Kalshi's WebSocket refuses anonymous connections (HTTP 401), and trading. */
const CREDENTIALED = [
  'stream',
  'placeOrder',
  'cancelOrder',
  'amendOrder',
  'getOrder',
  'listOrders',
  'listFills',
  'listPositions',
  'getBalances',
] as const;

export function createKalshiAdapter(options: KalshiAdapterOptions = {}): KalshiAdapter {
  const hosts = kalshiHosts[options.environment ?? 'prod'];
  const origin = options.baseUrl?.replace(/\/+$/, '');
  const restUrl = options.restUrl ?? (origin ? `${origin}/trade-api/v2` : hosts.restUrl);
  const wsUrl = options.wsUrl ?? (origin ? `${origin.replace(/^http/, 'ws')}/trade-api/ws/v2` : hosts.wsUrl);
  const signer = options.credentials ? new KalshiSigner(options.credentials) : undefined;
  const limits = createKalshiLimiter({ tier: options.tier, budget: options.budget, safety: options.rateLimitSafety });
  let limitsReady: Promise<void> | undefined;
  const client = new KalshiClient({
    baseUrl: restUrl,
    limiter: limits,
    signer,
    timeoutMs: options.timeoutMs,
    retry: options.retry,
    logger: options.logger,
    // Signed requests bill the account's buckets, whose size only /account/limits tells: read it
    // before the first one (best effort), so no signed read or write runs at the Basic default.
    beforeSigned: () => {
      if (options.refreshLimits === false) return Promise.resolve();
      limitsReady ??= extras.refreshRateLimits().then(
        () => undefined,
        (err: unknown) => options.logger?.warn({ venue: 'kalshi', err: (err as Error).message }, 'account limits unavailable; using tier defaults'),
      );
      return limitsReady;
    },
  });
  const memory = new OrderMemory();
  const data = new KalshiMarketData(client, { seriesInfo: options.seriesInfo, includeRaw: options.includeRaw, logger: options.logger });
  const trading = new KalshiTrading(client, memory, {
    selfTradePrevention: options.selfTradePrevention,
    reconcileWindowMs: options.reconcileWindowMs,
    logger: options.logger,
  });
  const portfolio = new KalshiPortfolio(client, memory);
  const extras = createExtras(client, data, trading, portfolio, limits);
  const streams = new StreamSet({ venue: 'kalshi', logger: options.logger });

  const adapter = defineAdapter(
    {
      venue: 'kalshi',
      authenticated: signer !== undefined,
      requiresCredentials: CREDENTIALED,
      incrementalMarkets: true,
      // `updated_time` moves only with metadata (docs/venues/kalshi.md §4.1): quotes need walks of the open markets.
      incrementalQuotes: false,
      listMarkets: (q) => data.listMarkets(q),
      listEvents: (q) => data.listEvents(q),
      getMarket: (id) => data.getMarket(id),
      getEvent: (id) => data.getEvent(id),
      getOrderBook: (id, o) => data.getOrderBook(id, o?.depth),
      getOrderBooks: (ids, o) => data.getOrderBooks(ids, o?.depth),
      listTrades: (id, q) => data.listTrades(id, q),
      stream(): KalshiStream {
        if (!signer) throw new MissingCredentials('kalshi', 'stream');
        return new KalshiStream({
          wsUrl,
          signer,
          logger: options.logger,
          ...options.stream,
          intentOf: (orderId, coid) => memory.get(orderId, coid),
          scope: streams.open(),
        });
      },
      placeOrder: (r: PlaceOrderRequest) => trading.placeOrder(r),
      cancelOrder: (id: string) => trading.cancelOrder(id),
      amendOrder: (id: string, c: AmendOrderRequest) => trading.amendOrder(id, c),
      getOrder: (id: string) => trading.getOrder(id),
      listOrders: (q) => portfolio.listOrders(q),
      listFills: (q) => portfolio.listFills(q),
      listPositions: () => portfolio.listPositions(),
      getBalances: () => portfolio.getBalances(),
      quoteFee: (input) => quoteKalshiOrderFee(input),
      // `fill` and `user_orders` are subscribed for the whole account (docs/venues/kalshi.md §9.5).
      accountStream: true,
      rateLimits: (): RateLimitStatus[] => limits.limiter.statuses(),
      async close(): Promise<void> {
        await streams.closeAll();
        await client.close();
        limits.limiter.close();
      },
    },
    { kalshi: extras },
  );
  return adapter as unknown as KalshiAdapter;
}

