import { Wallet } from 'ethers';
import type { Logger } from 'pino';
import {
  MissingCredentials,
  VennError,
  type Balance,
  type Event,
  type Fill,
  type Market,
  type Order,
  type OrderBook,
  type PlaceOrderRequest,
  type Position,
  type Trade,
} from '../../src/core/index.js';
import {
  HttpClient,
  StreamSet,
  defineAdapter,
  type EventListQuery,
  type FillListQuery,
  type MarketListQuery,
  type OrderListQuery,
  type Page,
  type RateLimitStatus,
  type RateLimiter,
  type RetryOptions,
  type BucketSpec,
  type TradeListQuery,
  type VenueAdapter,
  type VenueStream,
} from '../../src/venue/index.js';
import { l1Headers, type EoaSigner } from './auth-l1.js';
import { l2Headers, type ApiCredentials } from './auth-l2.js';
import { ClobClient } from './clob-client.js';
import { PolymarketAccount, type CancelSummary } from './account.js';
import { DataClient } from './data-client.js';
import { POLYMARKET_ERRORS } from './errors.js';
import { quotePolymarketOrderFee } from './fees.js';
import { GammaClient } from './gamma-client.js';
import { createPolymarketLimiter, signerBudgets, type SignerTier } from './limits.js';
import { observeSignerHeaders } from './signer-buckets.js';
import type { MarketTradingInfo } from './map-market.js';
import { PolymarketMarketData, type PricePoint } from './market-data.js';
import { MarketInfoCache } from './market-info.js';
import { OrderSigner, POLYGON_CHAIN_ID, POLYGON_CONTRACTS, type ExchangeContracts, type SignatureType } from './order-build.js';
import { PolymarketStream } from './stream.js';
import { PolymarketTrading, type BatchResult } from './trading.js';

/** Production hosts (docs/venues/polymarket.md §1). */
export const POLYMARKET_HOSTS = {
  gamma: 'https://gamma-api.polymarket.com',
  clob: 'https://clob.polymarket.com',
  data: 'https://data-api.polymarket.com',
  wsMarket: 'wss://ws-subscriptions-clob.polymarket.com/ws/market',
  wsUser: 'wss://ws-subscriptions-clob.polymarket.com/ws/user',
} as const;

export interface PolymarketAdapterOptions {
  gammaUrl?: string;
  clobUrl?: string;
  dataUrl?: string;
  wsMarketUrl?: string;
  wsUserUrl?: string;
  /** EOA private key (0x…); enables trading. Never logged. */
  privateKey?: string;
  /** Alternatively, an ethers wallet. */
  wallet?: EoaSigner;
  /** 0 EOA (default), 1 Polymarket proxy, 2 Gnosis Safe; 1 and 2 need `funder`. */
  signatureType?: SignatureType;
  /** The proxy / Safe address holding the funds (signature types 1 and 2). */
  funder?: string;
  /** L2 credentials; created or derived with L1 on first use when absent. */
  apiCredentials?: ApiCredentials;
  apiKeyNonce?: number;
  chainId?: number;
  contracts?: ExchangeContracts;
  /** Per-signer trading tier (§8.2), default `standard`. */
  tier?: SignerTier;
  /** Overrides of rate-limit windows/buckets, or a shared limiter (e.g. Redis-backed). */
  limits?: Record<string, BucketSpec>;
  limiter?: RateLimiter;
  timeoutMs?: number;
  retry?: RetryOptions;
  logger?: Logger;
  stream?: { pingIntervalMs?: number; idleTimeoutMs?: number; snapshotTimeoutMs?: number; backoff?: { baseMs: number; maxMs: number } };
  /** Keep the Gamma payload in `Market.raw`. */
  includeRaw?: boolean;
}

/** Trading and private reads need a wallet; market data and the market channel do not. */
const CREDENTIALED = ['placeOrder', 'cancelOrder', 'getOrder', 'listOrders', 'listFills', 'listPositions', 'getBalances'] as const;

/** Polymarket-only extras beside the contract. */
export interface PolymarketExtras {
  /** Best bid (`BUY`) or ask (`SELL`) of a market's YES token. */
  getPrice(nativeId: string, side: 'BUY' | 'SELL'): Promise<string>;
  getMidpoints(nativeIds: string[]): Promise<Record<string, string | null>>;
  getSpreads(nativeIds: string[]): Promise<Record<string, string | null>>;
  getLastTradePrice(nativeId: string): Promise<{ price: string | null; side: 'buy' | 'sell' | null }>;
  getPriceHistory(nativeId: string, args?: { interval?: 'max' | 'all' | '1m' | '1w' | '1d' | '6h' | '1h'; startTs?: number; endTs?: number; fidelity?: number }): Promise<PricePoint[]>;
  /** Tokens, tick, minimum size, neg-risk and exchange version of a market. */
  getMarketInfo(nativeId: string): Promise<MarketTradingInfo>;
  /** `POST /orders` in batches of 15; one result per request. */
  placeOrders(requests: PlaceOrderRequest[]): Promise<BatchResult[]>;
  cancelOrders(orderIds: string[]): Promise<CancelSummary>;
  cancelAllOrders(): Promise<CancelSummary>;
  cancelMarketOrders(nativeId: string): Promise<CancelSummary>;
  /** The API key id in use (never the secret). */
  apiKeyId(): Promise<string>;
  httpStats(): { gamma: ReturnType<HttpClient['stats']>; clob: ReturnType<HttpClient['stats']>; data: ReturnType<HttpClient['stats']> };
}

/** The adapter plus Polymarket-only extras. */
export type PolymarketAdapter = VenueAdapter & PolymarketExtras;

export function createPolymarketAdapter(options: PolymarketAdapterOptions = {}): PolymarketAdapter {
  const wallet: EoaSigner | undefined = options.wallet ?? (options.privateKey ? new Wallet(options.privateKey) : undefined);
  const limiter = options.limiter ?? createPolymarketLimiter({ ...(options.tier ? { tier: options.tier } : {}), ...(options.limits ? { overrides: options.limits } : {}) });
  const chainId = options.chainId ?? POLYGON_CHAIN_ID;
  const signatureType = options.signatureType ?? 0;
  const makerAddress = options.funder ?? wallet?.address ?? '';
  let creds: Promise<ApiCredentials> | undefined = options.apiCredentials ? Promise.resolve(options.apiCredentials) : undefined;

  const http = (baseUrl: string, sign?: ConstructorParameters<typeof HttpClient>[0]['sign']) =>
    new HttpClient({
      venue: 'polymarket',
      baseUrl,
      limiter,
      // Instances trading for one signer share its buckets (docs/venues/polymarket.md §8.2).
      ...(makerAddress ? { budgetAccount: makerAddress.toLowerCase() } : {}),
      errors: POLYMARKET_ERRORS,
      // The venue's per-signer bucket state (docs/venues/polymarket.md §8.2) into ours.
      ...(sign ? { sign, onResponse: (res) => observeSignerHeaders(limiter, res, signerBudgets) } : {}),
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
    });

  const gammaHttp = http(options.gammaUrl ?? POLYMARKET_HOSTS.gamma);
  const dataHttp = http(options.dataUrl ?? POLYMARKET_HOSTS.data);
  const clobUrl = options.clobUrl ?? POLYMARKET_HOSTS.clob;
  // Polymarket signs the endpoint path (`/order`), as the official clients do, not a proxy prefix.
  const clobPrefix = new URL(clobUrl).pathname.replace(/\/+$/, '');
  const clobHttp = http(clobUrl, async (req) => {
    if (!wallet) throw new MissingCredentials('polymarket', 'signed request');
    const c = await ensureCreds();
    const path = clobPrefix && req.path.startsWith(clobPrefix) ? req.path.slice(clobPrefix.length) : req.path;
    return l2Headers(c, wallet.address, { timestamp: Math.floor(Date.now() / 1000), method: req.method, path, body: req.body });
  });
  const gamma = new GammaClient(gammaHttp);
  const clob = new ClobClient(clobHttp);
  const data = new DataClient(dataHttp);
  const markets = new MarketInfoCache(gamma);
  const reads = new PolymarketMarketData({ gamma, clob, data, markets, includeRaw: options.includeRaw ?? false });

  /** L1: create the API key, or derive it when it already exists (the official client's fallback). */
  function ensureCreds(): Promise<ApiCredentials> {
    if (!wallet) return Promise.reject(new MissingCredentials('polymarket', 'API credentials'));
    if (!creds) {
      const headers = () => l1Headers(wallet, { chainId, ...(options.apiKeyNonce !== undefined ? { nonce: options.apiKeyNonce } : {}) });
      creds = clob.createApiKey(headers()).catch((err: unknown) => {
        if (err instanceof VennError && err.status === 400) return clob.deriveApiKey(headers());
        throw err;
      });
      creds.catch(() => (creds = undefined));
    }
    return creds;
  }

  const trading = wallet
    ? new PolymarketTrading({ clob, markets, limiter, signer: new OrderSigner(wallet), creds: ensureCreds, chainId, contracts: options.contracts ?? POLYGON_CONTRACTS, signatureType, ...(options.funder ? { funder: options.funder } : {}) })
    : undefined;
  const streams = new StreamSet({ venue: 'polymarket', logger: options.logger });

  function requireTrading(what = 'trading'): PolymarketTrading {
    if (!trading) throw new MissingCredentials('polymarket', what);
    return trading;
  }

  async function withTrading<T>(fn: (t: PolymarketTrading) => Promise<T>): Promise<T> {
    return fn(requireTrading());
  }

  const account = trading
    ? new PolymarketAccount({ clob, data, markets, limiter, trading, creds: ensureCreds, makerAddress, signatureType })
    : undefined;

  async function withAccount<T>(fn: (a: PolymarketAccount) => Promise<T>): Promise<T> {
    requireTrading();
    return fn(account as PolymarketAccount);
  }

  function accountPages<T>(fn: (a: PolymarketAccount) => AsyncIterable<Page<T>>): AsyncIterable<Page<T>> {
    return {
      [Symbol.asyncIterator]() {
        requireTrading();
        return fn(account as PolymarketAccount)[Symbol.asyncIterator]();
      },
    };
  }

  const parts = {
    venue: 'polymarket' as const,
    authenticated: Boolean(wallet),
    requiresCredentials: CREDENTIALED,
    incrementalMarkets: false,
    quoteFee: quotePolymarketOrderFee,
    // The user channel without a market list carries every market's orders and trades (docs/venues/polymarket.md §7.2).
    accountStream: true,

    listMarkets: (q?: MarketListQuery) => reads.listMarkets(q),
    listEvents: (q?: EventListQuery) => reads.listEvents(q),
    getMarket: (id: string): Promise<Market> => reads.getMarket(id),
    getEvent: (id: string): Promise<Event> => reads.getEvent(id),
    getOrderBook: (id: string, o?: { depth?: number }): Promise<OrderBook> => reads.getOrderBook(id, o),
    getOrderBooks: (ids: string[], o?: { depth?: number }): Promise<OrderBook[]> => reads.getOrderBooks(ids, o),
    listTrades: (id: string, q?: TradeListQuery): AsyncIterable<Page<Trade>> => reads.listTrades(id, q),

    stream(): VenueStream {
      const s = options.stream ?? {};
      return new PolymarketStream({
        scope: streams.open(),
        market: {
          url: options.wsMarketUrl ?? POLYMARKET_HOSTS.wsMarket,
          markets,
          fetchBook: (tokenId) => clob.book(tokenId),
          ...(s.pingIntervalMs !== undefined ? { pingIntervalMs: s.pingIntervalMs } : {}),
          ...(s.idleTimeoutMs !== undefined ? { idleTimeoutMs: s.idleTimeoutMs } : {}),
          ...(s.snapshotTimeoutMs !== undefined ? { snapshotTimeoutMs: s.snapshotTimeoutMs } : {}),
          ...(s.backoff ? { backoff: s.backoff } : {}),
        },
        user: trading
          ? {
              url: options.wsUserUrl ?? POLYMARKET_HOSTS.wsUser,
              creds: ensureCreds,
              makerAddress,
              markets,
              local: (id) => trading.localInfo(id),
              ...(s.pingIntervalMs !== undefined ? { pingIntervalMs: s.pingIntervalMs } : {}),
            }
          : undefined,
      });
    },

    placeOrder: (req: PlaceOrderRequest): Promise<Order> => withTrading((t) => t.placeOrder(req)),

    cancelOrder: (orderId: string): Promise<Order> => withAccount((a) => a.cancelOrder(orderId)),

    getOrder: (orderId: string): Promise<Order> => withTrading((t) => t.getOrder(orderId)),

    listOrders: (q?: OrderListQuery): AsyncIterable<Page<Order>> => accountPages((a) => a.listOrders(q)),
    listFills: (q?: FillListQuery): AsyncIterable<Page<Fill>> => accountPages((a) => a.listFills(q)),
    listPositions: (): Promise<Position[]> => withAccount((a) => a.listPositions()),
    getBalances: (): Promise<Balance[]> => withAccount((a) => a.getBalances()),

  };
  // Beyond the contract: Polymarket's own reads and batch writes.
  const extras: PolymarketExtras = {
    placeOrders: (reqs: PlaceOrderRequest[]) => withTrading((t) => t.placeOrders(reqs)),
    getPrice: (id, side) => reads.price(id, side),
    getMidpoints: (ids) => reads.midpoints(ids),
    getSpreads: (ids) => reads.spreads(ids),
    getLastTradePrice: (id) => reads.lastTradePrice(id),
    getPriceHistory: (id, args) => reads.priceHistory(id, args),
    getMarketInfo: (id) => markets.get(id),

    cancelOrders: (orderIds: string[]) => withAccount((a) => a.cancelOrders(orderIds)),
    cancelAllOrders: () => withAccount((a) => a.cancelAll()),
    cancelMarketOrders: (nativeId: string) => withAccount((a) => a.cancelMarket(nativeId)),
    async apiKeyId() {
      requireTrading();
      return (await ensureCreds()).apiKey;
    },
    httpStats: () => ({ gamma: gammaHttp.stats(), clob: clobHttp.stats(), data: dataHttp.stats() }),
  };
  return defineAdapter(
    {
      ...parts,
      rateLimits(): RateLimitStatus[] {
        return limiter.statuses();
      },
      async close(): Promise<void> {
        await streams.closeAll();
        await Promise.all([gammaHttp.close(), clobHttp.close(), dataHttp.close()]);
        if (!options.limiter) limiter.close();
      },
    },
    extras,
  );
}

