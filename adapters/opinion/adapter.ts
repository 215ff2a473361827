import { Wallet } from 'ethers';
import type { Logger } from 'pino';
import { MissingCredentials, type Order, type PlaceOrderRequest } from '../../src/core/index.js';
import {
  HttpClient,
  StreamSet,
  defineAdapter,
  type FillListQuery,
  type Limiter,
  type OrderListQuery,
  type RetryOptions,
  type StreamClock,
  type VenueAdapter,
} from '../../src/venue/index.js';
import { ApiKeyProvider, SafeResolver } from './auth-key.js';
import type { EoaKey } from './auth.js';
import { OpinionClient } from './client.js';
import { CHAIN_ID, OPINION_HOSTS, VENUE } from './constants.js';
import { OPINION_ERRORS } from './errors.js';
import { quoteOpinionFee } from './fees.js';
import { createOpinionLimiter, type OpinionLimitOptions } from './limits.js';
import type { BookAssumption } from './map-book.js';
import type { OpinionMarket } from './map-market.js';
import { MarketInfoCache } from './market-info.js';
import { OpinionMarketData } from './market-data.js';
import type { SignatureType } from './order-build.js';
import { OpinionStream, type OpinionStreamOptions } from './stream.js';
import { OpinionAccount, type CancelAllResult } from './trading-account.js';
import { OpinionTrading, type MarketOrderRequest } from './trading.js';
import type { WireMarket } from './wire-market.js';

/**
 * The Opinion adapter (docs/venues/opinion.md): REST (the Opinion OpenAPI) and the WebSocket.
 * Opinion has no GraphQL API (§1); everything here speaks those two.
 *
 * Credentials: market data needs none. The account reads, cancels and the WebSocket need an API
 * key; with only a wallet key the adapter obtains one (§2.2). Placing orders needs the wallet key
 * (EIP-712 signatures), with the Safe as maker (signature type 2) or the EOA itself (type 0).
 */

export { OPINION_HOSTS };

export interface OpinionAdapterOptions {
  /** REST base including `/openapi`. */
  restUrl?: string;
  wsUrl?: string;
  apiKey?: string;
  /** EOA private key (0x…): order signing and API-key management. Never logged. */
  privateKey?: string;
  /** Alternatively, an ethers wallet. */
  wallet?: EoaKey;
  /** 2 (default): the Safe trades; 0: the EOA trades for itself. */
  signatureType?: SignatureType;
  /** The Safe of signature type 2; read from `GET /user/auth` when absent. */
  safeAddress?: string;
  chainId?: number;
  /** Whether the venue mirrors orders between a market's two token books (§5.2); default `mirrored`. */
  bookAssumption?: BookAssumption;
  /** Fetch the NO token's book with every REST book to check the mirror (default true). */
  checkNoBook?: boolean;
  /**
   * Whether a categorical market's options are mutually exclusive. Opinion does not say, and some
   * are not (§4.2): false by default; a curated rule can say otherwise.
   */
  mutuallyExclusive?: (parent: WireMarket) => boolean;
  limits?: OpinionLimitOptions;
  /** A shared `rest` bucket instead (e.g. Redis-backed across instances). */
  bucket?: Limiter;
  timeoutMs?: number;
  retry?: RetryOptions;
  logger?: Logger;
  stream?: Pick<OpinionStreamOptions, 'heartbeatMs' | 'idleTimeoutMs' | 'backoff' | 'ackWaitMs' | 'mirrorGraceMs' | 'restCheckIntervalMs' | 'subscribeTimeoutMs'> & { clock?: StreamClock };
  /** Order salts (tests: reproducible orders); random 256-bit integers by default. */
  salt?: () => bigint;
  /** How long to wait for a newly created API key to work (default 60 s), and how often to look. */
  keyActivation?: { timeoutMs?: number; pollMs?: number };
  includeRaw?: boolean;
}

/** Trading and private reads need credentials; market data does not. */
const CREDENTIALED = ['stream', 'placeOrder', 'cancelOrder', 'getOrder', 'listOrders', 'listFills', 'listPositions', 'getBalances'] as const;

/** Opinion-only extras beside the contract. */
export interface OpinionExtras {
  opinion: {
    /** A market with its USDT volumes (`volumeNotional`, `volume24hNotional`) and trading facts. */
    getMarketDetails(nativeId: string): Promise<OpinionMarket>;
    /** The last trade of the YES token; null when it never traded. */
    getLastPrice(nativeId: string): Promise<{ price: string; side: string; size: string; timestamp: string } | null>;
    /** YES price points, oldest first (only `1h` and `1d` are honoured by the venue). */
    getPriceHistory(nativeId: string, args?: { interval?: '1h' | '1d'; startAt?: number; endAt?: number }): Promise<{ t: string; p: string }[]>;
    /** A market order: a buy spends `amount` USDT, a sell sells `amount` shares, within `safeRate`. */
    placeMarketOrder(request: MarketOrderRequest): Promise<Order>;
    /** Cancels every open order (of one market when given), one by one. */
    cancelAllOrders(marketId?: string): Promise<CancelAllResult>;
    /** The wallet's API key: read (`get`), created (`create`) or revoked (`delete`) with wallet signatures. */
    apiKey: { read(): Promise<{ apiKey: string; walletAddress: string }>; create(): Promise<{ apiKey: string; walletAddress: string }>; revoke(): Promise<boolean> };
    /** The trading wallet orders are made from (the Safe, or the EOA with signature type 0). */
    makerAddress(): Promise<string>;
    httpStats(): ReturnType<HttpClient['stats']>;
    bookStats(): { books: number; mirrorMismatches: number };
  };
}

export type OpinionAdapter = VenueAdapter & OpinionExtras;

export function createOpinionAdapter(options: OpinionAdapterOptions = {}): OpinionAdapter {
  const wallet: EoaKey | undefined = options.wallet ?? (options.privateKey ? new Wallet(options.privateKey) : undefined);
  const chainId = options.chainId ?? CHAIN_ID;
  const signatureType: SignatureType = options.signatureType ?? 2;
  const limiter = createOpinionLimiter({ ...options.limits, ...(options.bucket ? { bucket: options.bucket } : {}) });
  const http = new HttpClient({
    venue: VENUE,
    baseUrl: options.restUrl ?? OPINION_HOSTS.rest,
    limiter,
    errors: OPINION_ERRORS,
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const keys: ApiKeyProvider = new ApiKeyProvider({
    client: () => client,
    apiKey: options.apiKey,
    wallet,
    activationTimeoutMs: options.keyActivation?.timeoutMs,
    activationPollMs: options.keyActivation?.pollMs,
    logger: options.logger,
  });
  const client = new OpinionClient(http, keys, chainId);
  const markets = new MarketInfoCache(client, {
    includeRaw: options.includeRaw ?? false,
    ...(options.mutuallyExclusive ? { mutuallyExclusive: options.mutuallyExclusive } : {}),
  });
  const reads = new OpinionMarketData({
    client,
    markets,
    assume: options.bookAssumption ?? 'mirrored',
    checkNoBook: options.checkNoBook ?? true,
    logger: options.logger,
  });
  const safe = new SafeResolver(() => client, chainId, options.safeAddress);
  const trading = wallet
    ? new OpinionTrading({ client, markets, wallet, signatureType, safe, chainId, ...(options.salt ? { salt: options.salt } : {}), logger: options.logger })
    : undefined;
  const account = new OpinionAccount(client, markets, () => trading);
  const streams = new StreamSet({ venue: VENUE, logger: options.logger, ...(options.stream?.clock ? { clock: options.stream.clock } : {}) });

  function requireTrading(what: string): OpinionTrading {
    if (!trading) throw new MissingCredentials(VENUE, `${what} (needs OPINION_PRIVATE_KEY to sign orders)`);
    return trading;
  }

  const extras: OpinionExtras = {
    opinion: {
      getMarketDetails: (id) => reads.getOpinionMarket(id),
      getLastPrice: (id) => reads.lastPrice(id),
      getPriceHistory: (id, args) => reads.priceHistory(id, args),
      placeMarketOrder: async (req) => requireTrading('placeMarketOrder').placeMarketOrder(req),
      cancelAllOrders: async (marketId) => {
        if (!keys.available) throw new MissingCredentials(VENUE, 'cancelAllOrders');
        return account.cancelAll(marketId);
      },
      apiKey: { read: () => keys.read(), create: () => keys.create(), revoke: () => keys.revoke() },
      makerAddress: async () => {
        const t = requireTrading('makerAddress');
        return signatureType === 2 ? safe.get() : t.signerAddress;
      },
      httpStats: () => http.stats(),
      bookStats: () => ({ ...reads.bookStats }),
    },
  };

  return defineAdapter(
    {
      venue: VENUE,
      authenticated: keys.available,
      requiresCredentials: CREDENTIALED,
      incrementalMarkets: false,
      listMarkets: (q) => reads.listMarkets(q),
      listEvents: (q) => reads.listEvents(q),
      getMarket: (id) => reads.getMarket(id),
      getEvent: (id) => reads.getEvent(id),
      getOrderBook: (id, o) => reads.getOrderBook(id, o),
      getOrderBooks: (ids, o) => reads.getOrderBooks(ids, o),
      stream: () => {
        const s = options.stream ?? {};
        return new OpinionStream({
          scope: streams.open(),
          url: options.wsUrl ?? OPINION_HOSTS.ws,
          key: keys,
          client,
          markets,
          assume: options.bookAssumption ?? 'mirrored',
          ...(trading ? { localOrder: (o) => trading.withLocal(o) } : {}),
          ...s,
        });
      },
      placeOrder: async (req: PlaceOrderRequest) => requireTrading('placeOrder').placeOrder(req),
      cancelOrder: (id) => account.cancelOrder(id),
      getOrder: (id) => account.getOrder(id),
      listOrders: (q?: OrderListQuery) => account.listOrders(q),
      listFills: (q?: FillListQuery) => account.listFills(q),
      listPositions: () => account.listPositions(),
      getBalances: () => account.getBalances(),
      quoteFee: quoteOpinionFee,
      rateLimits: () => limiter.statuses(),
      async close() {
        await streams.closeAll();
        await http.close();
        if (!options.bucket) limiter.close();
      },
    },
    extras,
  );
}
