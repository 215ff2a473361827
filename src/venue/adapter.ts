import type {
  AmendOrderRequest,
  Balance,
  Event,
  Fill,
  Market,
  MarketStatus,
  Order,
  OrderBook,
  PlaceOrderRequest,
  Position,
  Ticker,
  Trade,
  VenueId,
} from '../core/index.js';
import type { FeeQuoter } from './fees.js';

/** Whether an adapter supports a method: natively, not at all, or emulated by Venn. */
export type Capability = true | false | 'emulated';

/** The capability map, after CCXT's `has`. */
export interface Capabilities {
  listMarkets: Capability;
  listEvents: Capability;
  getMarket: Capability;
  getEvent: Capability;
  getOrderBook: Capability;
  getOrderBooks: Capability;
  listTrades: Capability;
  stream: Capability;
  placeOrder: Capability;
  cancelOrder: Capability;
  amendOrder: Capability;
  getOrder: Capability;
  listOrders: Capability;
  listFills: Capability;
  listPositions: Capability;
  getBalances: Capability;
  /** `listMarkets({ updatedSince })` returns only markets changed since then. */
  incrementalMarkets: Capability;
  /**
   * Whether that incremental listing also returns markets whose quotes (bid, ask, last price,
   * volume) changed. When false, quotes are refreshed by walking `listMarkets({ status: ['open'] })`.
   */
  incrementalQuotes: Capability;
}

/** One page of a paginated listing. `nextCursor` resumes after this page; null at the end. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface MarketListQuery {
  /** Only these statuses (adapters map them to venue filters where they can, else filter). */
  status?: MarketStatus[];
  /** Only markets changed since (when `has.incrementalMarkets`). */
  updatedSince?: Date;
  /** Resume from a cursor saved from an earlier page. */
  cursor?: string;
  /** Page size hint; adapters clamp it to the venue's maximum. */
  pageSize?: number;
}

export interface EventListQuery {
  status?: MarketStatus[];
  cursor?: string;
  pageSize?: number;
}

export interface TradeListQuery {
  cursor?: string;
  pageSize?: number;
  since?: Date;
}

export interface OrderListQuery {
  /** `venue:nativeId` */
  marketId?: string;
  status?: 'open' | 'closed' | 'all';
  cursor?: string;
  pageSize?: number;
}

export interface FillListQuery {
  marketId?: string;
  orderId?: string;
  cursor?: string;
  pageSize?: number;
}

/** A normalized delta: absolute new sizes of the changed levels (size "0" removes the level). */
export interface BookLevelChange {
  side: 'bid' | 'ask';
  price: string;
  size: string;
}

export type StreamChannel = 'book' | 'ticker' | 'trades' | 'orders' | 'fills';

export type StreamEvent =
  | { type: 'snapshot'; book: OrderBook }
  | {
      type: 'delta';
      marketId: string;
      seq: number;
      changes: BookLevelChange[];
      venueTimestamp: string | null;
      receivedAt: string;
    }
  | { type: 'trade'; trade: Trade }
  | { type: 'ticker'; ticker: Ticker }
  | { type: 'order'; order: Order }
  | { type: 'fill'; fill: Fill }
  /**
   * Connection and book-health notices. `stale` means the book of `marketId` must not be served
   * until the next `snapshot` (a sequence gap, a crossed book, a reconnect).
   */
  | {
      type: 'status';
      state: 'connected' | 'disconnected' | 'reconnecting' | 'stale';
      marketId?: string;
      reason?: string;
    };

/** A live connection to the venue's stream; owns reconnect, heartbeats, gap detection, resync. */
export interface VenueStream {
  /** Subscribe markets (`venue:nativeId`) on channels; resolves once the venue acknowledged. */
  subscribe(marketIds: string[], channels?: StreamChannel[]): Promise<void>;
  unsubscribe(marketIds: string[], channels?: StreamChannel[]): Promise<void>;
  /** Adds a listener; returns a function that removes it. */
  onEvent(listener: (event: StreamEvent) => void): () => void;
  close(): Promise<void>;
}

/** Remaining headroom of one rate-limit budget, for `/v1/venues`. */
export interface RateLimitStatus {
  name: string;
  /** Tokens per second refilled. */
  ratePerSecond: number;
  capacity: number;
  available: number;
}

/**
 * The version of this interface, carried by every adapter (as the AI SDK versions its provider
 * spec): a change that existing adapters cannot satisfy bumps it, and the registry refuses an
 * adapter built for another version.
 */
export const ADAPTER_SPECIFICATION_VERSION = 'venn-adapter-v2' as const;

/**
 * The one interface every venue implements (docs/DESIGN.md §4). Adapters are built with
 * `defineAdapter`, which derives `has`, fills unsupported methods and gates the ones that need
 * credentials, so every venue answers the same way.
 */
export interface VenueAdapter {
  readonly specificationVersion: typeof ADAPTER_SPECIFICATION_VERSION;
  readonly venue: VenueId;
  /** What the venue supports (static: it does not change with credentials). */
  readonly has: Capabilities;
  /** Whether venue credentials were configured. */
  readonly authenticated: boolean;
  /** Capabilities that need credentials; without them they throw `MissingCredentials`. */
  readonly requiresCredentials: readonly (keyof Capabilities)[];

  listMarkets(query?: MarketListQuery): AsyncIterable<Page<Market>>;
  listEvents(query?: EventListQuery): AsyncIterable<Page<Event>>;
  /** `nativeId` is the venue's own id (the part after `venue:`). */
  getMarket(nativeId: string): Promise<Market>;
  getEvent(nativeId: string): Promise<Event>;
  getOrderBook(nativeId: string, options?: { depth?: number }): Promise<OrderBook>;
  getOrderBooks(nativeIds: string[], options?: { depth?: number }): Promise<OrderBook[]>;
  listTrades(nativeId: string, query?: TradeListQuery): AsyncIterable<Page<Trade>>;

  stream(): VenueStream;

  placeOrder(request: PlaceOrderRequest): Promise<Order>;
  /** `orderId` is the venue's order id. */
  cancelOrder(orderId: string): Promise<Order>;
  amendOrder(orderId: string, changes: AmendOrderRequest): Promise<Order>;
  getOrder(orderId: string): Promise<Order>;
  listOrders(query?: OrderListQuery): AsyncIterable<Page<Order>>;
  listFills(query?: FillListQuery): AsyncIterable<Page<Fill>>;
  listPositions(): Promise<Position[]>;
  getBalances(): Promise<Balance[]>;

  /**
   * The fee of one order with the given fills, by the venue's own formula and rounding; null when
   * it cannot be known for this market. See `OrderFeeInput`.
   */
  quoteFee?: FeeQuoter;

  /**
   * True when `stream().subscribe([], ['orders', 'fills'])` delivers every order and fill event of
   * the account (an account-wide private channel), given credentials. Absent: the venue's private
   * events, if any, are per market, and the feed polls the REST listings instead.
   */
  readonly accountStream?: boolean;

  rateLimits(): RateLimitStatus[];
  /** Releases sockets, timers and keep-alive connections. */
  close(): Promise<void>;
}
