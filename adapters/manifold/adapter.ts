import type { Logger } from 'pino';
import { BadRequest, parseId, type Fill, type PlaceOrderRequest } from '../../src/core/index.js';
import {
  StreamSet,
  defineAdapter,
  type BucketSpec,
  type HttpClientStats,
  type RateLimiter,
  type RetryOptions,
  type VenueAdapter,
} from '../../src/venue/index.js';
import { ManifoldClient } from './client.js';
import { quoteManifoldFee } from './fees.js';
import { createManifoldLimiter } from './limits.js';
import { nativeIdsOf } from './map-market.js';
import { mapFills } from './map-order.js';
import type { SkipCounts } from './market-data-catalog.js';
import { ManifoldMarketData } from './market-data.js';
import { ManifoldStream } from './stream.js';
import { ManifoldTrading } from './trading.js';

/** Production hosts (docs/venues/manifold.md §Hosts and transport). */
export const MANIFOLD_HOSTS = {
  restUrl: 'https://api.manifold.markets/v0',
  wsUrl: 'wss://api.manifold.markets/ws',
} as const;

export interface ManifoldAdapterOptions {
  restUrl?: string;
  wsUrl?: string;
  /** `Authorization: Key …`: bets, positions and balance. Never logged. */
  apiKey?: string;
  /** A shared limiter (e.g. Redis-backed) or overrides of the one per-IP bucket (`ip`). */
  limiter?: RateLimiter;
  limits?: Record<string, BucketSpec>;
  timeoutMs?: number;
  retry?: RetryOptions;
  logger?: Logger;
  /** Keep the venue payload in `Market.raw`. */
  includeRaw?: boolean;
  stream?: {
    pingIntervalMs?: number;
    ackTimeoutMs?: number;
    idleTimeoutMs?: number;
    backoff?: { baseMs: number; maxMs: number };
    subscribeTimeoutMs?: number;
    resyncRetryMs?: number;
  };
  /** Look-ups of a bet whose answer was lost, and their spacing (see trading.ts). */
  reconcile?: { lookups?: number; delayMs?: number; skewMs?: number };
}

/** Trading and the account need the API key; market data and the stream do not. */
const CREDENTIALED = ['placeOrder', 'cancelOrder', 'getOrder', 'listOrders', 'listFills', 'listPositions', 'getBalances'] as const;

/** Manifold-only extras beside the contract, under `adapter.manifold`. */
export interface ManifoldExtras {
  manifold: {
    /**
     * Sells every share of an outcome held in a market (`POST /market/:id/sell`); its fills. A lost
     * answer is `OrderStateUnknown` (the sale is not sent again): the positions tell what happened.
     */
    sellShares(marketId: string, outcome: 'yes' | 'no'): Promise<Fill[]>;
    /** Contracts the catalog left out since the adapter was created, by reason. */
    skippedContracts(): SkipCounts;
    httpStats(): HttpClientStats;
  };
}

export type ManifoldAdapter = VenueAdapter & ManifoldExtras;

export function createManifoldAdapter(options: ManifoldAdapterOptions = {}): ManifoldAdapter {
  const limiter = options.limiter ?? createManifoldLimiter(options.limits);
  const client = new ManifoldClient({
    restUrl: options.restUrl ?? MANIFOLD_HOSTS.restUrl,
    limiter,
    apiKey: options.apiKey,
    timeoutMs: options.timeoutMs,
    retry: options.retry,
    logger: options.logger,
  });
  const reads = new ManifoldMarketData({ client, logger: options.logger, includeRaw: options.includeRaw ?? false });
  const trading = new ManifoldTrading({
    client,
    logger: options.logger,
    ...(options.reconcile?.lookups !== undefined ? { reconcileLookups: options.reconcile.lookups } : {}),
    ...(options.reconcile?.delayMs !== undefined ? { reconcileDelayMs: options.reconcile.delayMs } : {}),
    ...(options.reconcile?.skewMs !== undefined ? { reconcileSkewMs: options.reconcile.skewMs } : {}),
  });
  const streams = new StreamSet({ venue: 'manifold', logger: options.logger });
  const authenticated = Boolean(options.apiKey);

  return defineAdapter(
    {
      venue: 'manifold',
      authenticated,
      requiresCredentials: CREDENTIALED,
      incrementalMarkets: true,
      // Manifold publishes no order book and its frames carry no sequence numbers: books are
      // synthesized from the AMM pool and the open orders, and the stream numbers them itself,
      // rebuilding the book after each update and resyncing from REST on reconnect or any
      // inconsistency (docs/venues/manifold.md §Synthesized book, §WebSocket).
      emulated: ['getOrderBook', 'stream'],
      listMarkets: (q) => reads.listMarkets(q),
      listEvents: (q) => reads.listEvents(q),
      getMarket: (id) => reads.getMarket(id),
      getEvent: (id) => reads.getEvent(id),
      getOrderBook: (id, o) => reads.getOrderBook(id, o),
      getOrderBooks: (ids, o) => reads.getOrderBooks(ids, o),
      listTrades: (id, q) => reads.listTrades(id, q),
      stream: () => new ManifoldStream({ url: options.wsUrl ?? MANIFOLD_HOSTS.wsUrl, scope: streams.open(), snapshot: (id) => reads.bookState(id), ...options.stream }),
      placeOrder: (req: PlaceOrderRequest) => trading.placeOrder(req),
      cancelOrder: (id) => trading.cancelOrder(id),
      getOrder: (id) => trading.getOrder(id),
      listOrders: (q) => trading.listOrders(q),
      listFills: (q) => trading.listFills(q),
      listPositions: () => trading.listPositions(),
      getBalances: () => trading.getBalances(),
      quoteFee: quoteManifoldFee,
      rateLimits: () => limiter.statuses(),
      async close() {
        await streams.closeAll();
        await client.close();
        if (!options.limiter) limiter.close();
      },
    },
    {
      manifold: {
        async sellShares(marketId, outcome) {
          const { venue, nativeId } = parseId(marketId);
          if (venue !== 'manifold') throw new BadRequest(`manifold: ${marketId} is not a Manifold market`, { venue: 'manifold' });
          const { contractId, answerId } = nativeIdsOf(nativeId);
          const placed = await client.sell({ contractId, outcome: outcome === 'yes' ? 'YES' : 'NO', answerId });
          return mapFills({ ...placed, id: placed.betId });
        },
        skippedContracts: () => structuredClone(reads.catalog.skips),
        httpStats: () => client.stats(),
      },
    } satisfies ManifoldExtras,
  );
}
