/**
 * An in-memory VenueAdapter for tests of the services above the adapters (catalog, API, feed).
 * Lives in test/ only, and passes the shared adapter contract (test/contract/memory.test.ts). It
 * serves the markets, events, books and trades it is given, paginates them by offset, honours
 * `status` and `updatedSince`, streams snapshots then deltas and trades as its books and tape
 * change, matches orders against its books (fills, positions), and can be told to fail every call
 * (`failWith`) to test isolation between venues.
 */
import type {
  AmendOrderRequest,
  Balance,
  Event,
  Fill,
  Market,
  Order,
  OrderBook,
  PlaceOrderRequest,
  Position,
  Trade,
  VenueId,
} from '../../src/core/index.js';
import { NotFound, NotSupported, formatId, parseId } from '../../src/core/index.js';
import type {
  Capabilities,
  EventListQuery,
  FillListQuery,
  MarketListQuery,
  OrderListQuery,
  Page,
  RateLimitStatus,
  StreamChannel,
  StreamEvent,
  TradeListQuery,
  VenueAdapter,
  VenueStream,
} from '../../src/venue/adapter.js';
import { ADAPTER_SPECIFICATION_VERSION } from '../../src/venue/adapter.js';
import { diffLevels } from './memory-book.js';
import { MemoryTrading } from './memory-trading.js';

export { makeEvent, makeMarket } from './memory-fixtures.js';

export interface MemoryAdapterOptions {
  venue: VenueId;
  markets: Market[];
  events?: Event[];
  /** Books keyed by market id (`venue:nativeId`) or native id. */
  books?: Record<string, OrderBook>;
  trades?: Trade[];
  balances?: Balance[];
  /** Every call throws this (or what it returns) while set. */
  failWith?: Error | (() => Error);
  /** Default page size of the listings (default 50). */
  pageSize?: number;
  /** Whether `listMarkets({ updatedSince })` is honoured (default true). */
  incremental?: boolean;
  /** Delay before each listing page, to test slow walks and aborts (default 0). */
  pageDelayMs?: number;
  /** Whether trading calls are allowed (default true). */
  authenticated?: boolean;
}

/** A VenueAdapter plus knobs for tests to change what the "venue" holds. */
export interface MemoryAdapter extends VenueAdapter {
  /** Replaces or adds markets (matched by id). */
  upsertMarkets(markets: Market[]): void;
  removeMarkets(ids: string[]): void;
  upsertEvents(events: Event[]): void;
  /** Replaces a book; open streams get the difference as a delta. */
  setBook(book: OrderBook): void;
  /** Adds a trade to the tape; open streams subscribed to trades get it. */
  recordTrade(trade: Trade): void;
  setFailure(error: Error | (() => Error) | null): void;
  /** Delivers an event to every open stream's listeners. */
  emit(event: StreamEvent): void;
  /** How many listing pages were served, per method. */
  readonly calls: { listMarkets: number; listEvents: number; marketPages: number; eventPages: number };
  /** The `query` of each listMarkets call, in order. */
  readonly marketQueries: MarketListQuery[];
  readonly orders: Map<string, Order>;
  readonly closed: boolean;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function paginate<T>(items: T[], cursor: string | undefined, pageSize: number): Page<T> {
  const start = cursor === undefined ? 0 : Number.parseInt(cursor, 10);
  if (!Number.isInteger(start) || start < 0) throw new NotSupported(`bad cursor ${cursor}`);
  const end = start + pageSize;
  return { items: items.slice(start, end), nextCursor: end < items.length ? String(end) : null };
}

export function createMemoryAdapter(options: MemoryAdapterOptions): MemoryAdapter {
  const venue = options.venue;
  const markets = new Map(options.markets.map((m) => [m.id, m]));
  const events = new Map((options.events ?? []).map((e) => [e.id, e]));
  const books = new Map<string, OrderBook>();
  for (const [key, book] of Object.entries(options.books ?? {})) books.set(key.includes(':') ? key : formatId(venue, key), book);
  const trades = [...(options.trades ?? [])];
  const balances = options.balances ?? [];
  const defaultPageSize = options.pageSize ?? 50;
  const pageDelayMs = options.pageDelayMs ?? 0;
  const authenticated = options.authenticated ?? true;
  let failWith = options.failWith ?? null;
  let closed = false;
  const listeners = new Set<(event: StreamEvent) => void>();
  const calls = { listMarkets: 0, listEvents: 0, marketPages: 0, eventPages: 0 };
  const marketQueries: MarketListQuery[] = [];

  const withEvents = options.events !== undefined;
  const trade = authenticated;
  const has: Capabilities = {
    ...{ listMarkets: true, getMarket: true, getOrderBook: true, getOrderBooks: true, listTrades: true },
    ...{ listEvents: withEvents, getEvent: withEvents, stream: 'emulated', amendOrder: false },
    ...{ placeOrder: trade, cancelOrder: trade, getOrder: trade, listOrders: trade, listFills: trade },
    ...{ listPositions: trade, getBalances: trade, incrementalMarkets: options.incremental ?? true },
  };

  function check(): void {
    if (failWith) throw typeof failWith === 'function' ? failWith() : failWith;
  }
  function requireCap(name: keyof Capabilities): void {
    if (!has[name]) throw new NotSupported(`${venue} memory adapter does not support ${name}`, { venue });
  }
  function marketOf(nativeId: string): Market {
    const m = markets.get(formatId(venue, nativeId));
    if (!m) throw new NotFound(`market ${nativeId} not found`, { venue, status: 404 });
    return m;
  }
  function bookOf(nativeId: string, depth?: number): OrderBook {
    const id = formatId(venue, nativeId);
    marketOf(nativeId);
    const book = books.get(id) ?? {
      marketId: id,
      venue,
      bids: [],
      asks: [],
      seq: null,
      venueTimestamp: null,
      receivedAt: new Date().toISOString(),
      source: 'rest' as const,
    };
    return depth === undefined ? book : { ...book, bids: book.bids.slice(0, depth), asks: book.asks.slice(0, depth) };
  }

  /** Pages over `items()` (re-evaluated per page, so changes show up mid-walk like on a venue). */
  async function* pages<T>(items: () => T[], cursor: string | undefined, pageSize: number | undefined, slow = false) {
    let c = cursor;
    for (;;) {
      if (slow && pageDelayMs > 0) await sleep(pageDelayMs);
      check();
      const page = paginate(items(), c, pageSize ?? defaultPageSize);
      yield page;
      if (page.nextCursor === null) return;
      c = page.nextCursor;
    }
  }

  function listMarkets(query: MarketListQuery = {}): AsyncIterable<Page<Market>> {
    calls.listMarkets += 1;
    marketQueries.push(query);
    const since = query.updatedSince && has.incrementalMarkets ? query.updatedSince.getTime() : null;
    const select = () =>
      [...markets.values()].filter(
        (m) => (!query.status || query.status.includes(m.status)) && (since === null || Date.parse(m.updatedAt) >= since),
      );
    return counted(pages(select, query.cursor, query.pageSize, true), 'marketPages');
  }

  function listEvents(query: EventListQuery = {}): AsyncIterable<Page<Event>> {
    requireCap('listEvents');
    calls.listEvents += 1;
    return counted(pages(() => [...events.values()], query.cursor, query.pageSize, true), 'eventPages');
  }

  async function* counted<T>(source: AsyncIterable<Page<T>>, counter: 'marketPages' | 'eventPages') {
    for await (const page of source) {
      calls[counter] += 1;
      yield page;
    }
  }

  function listTrades(nativeId: string, query: TradeListQuery = {}): AsyncIterable<Page<Trade>> {
    const id = formatId(venue, nativeId);
    const since = query.since?.getTime() ?? null;
    const select = () => trades.filter((t) => t.marketId === id && (since === null || Date.parse(t.timestamp) >= since));
    return pages(select, query.cursor, query.pageSize);
  }

  /** Open streams: their listeners and what they subscribed. */
  const streams = new Set<{ own: Set<(event: StreamEvent) => void>; subs: Map<string, Set<StreamChannel>> }>();
  /** Per-market sequence of book events. */
  const seqs = new Map<string, number>();

  function publish(marketId: string, channel: StreamChannel, event: StreamEvent): void {
    for (const s of streams) if (s.subs.get(marketId)?.has(channel)) for (const l of [...s.own]) l(event);
  }

  function stream(): VenueStream {
    check();
    const state = { own: new Set<(event: StreamEvent) => void>(), subs: new Map<string, Set<StreamChannel>>() };
    streams.add(state);
    return {
      async subscribe(marketIds, channels = ['book']) {
        check();
        const wanted = marketIds.map((id) => formatId(venue, parseId(id).nativeId));
        for (const id of wanted) marketOf(parseId(id).nativeId);
        for (const id of wanted) {
          const had = state.subs.get(id) ?? new Set<StreamChannel>();
          state.subs.set(id, new Set([...had, ...channels]));
          if (channels.includes('book') && !had.has('book')) {
            const book = { ...bookOf(parseId(id).nativeId), seq: seqs.get(id) ?? 0, source: 'emulated' as const };
            for (const l of [...state.own]) l({ type: 'snapshot', book });
          }
        }
      },
      async unsubscribe(marketIds, channels) {
        for (const id of marketIds) {
          const key = formatId(venue, parseId(id).nativeId);
          if (!channels) state.subs.delete(key);
          else for (const c of channels) state.subs.get(key)?.delete(c);
        }
      },
      onEvent(listener) {
        state.own.add(listener);
        listeners.add(listener);
        return () => {
          state.own.delete(listener);
          listeners.delete(listener);
        };
      },
      async close() {
        for (const l of state.own) listeners.delete(l);
        state.own.clear();
        streams.delete(state);
      },
    };
  }

  /** Replaces a book and streams the difference. */
  function changeBook(book: OrderBook): void {
    const before = books.get(book.marketId);
    books.set(book.marketId, book);
    const changes = [...diffLevels('bid', before?.bids ?? [], book.bids), ...diffLevels('ask', before?.asks ?? [], book.asks)];
    if (changes.length === 0) return;
    const seq = (seqs.get(book.marketId) ?? 0) + 1;
    seqs.set(book.marketId, seq);
    const now = new Date().toISOString();
    publish(book.marketId, 'book', { type: 'delta', marketId: book.marketId, seq, changes, venueTimestamp: now, receivedAt: now });
  }

  function addTrade(t: Trade): void {
    trades.push(t);
    publish(t.marketId, 'trades', { type: 'trade', trade: t });
  }

  const trading = new MemoryTrading({ venue, marketOf, bookOf: (nativeId) => bookOf(nativeId), changeBook, addTrade });
  const { orders, fills } = trading;

  async function placeOrder(request: PlaceOrderRequest): Promise<Order> {
    requireCap('placeOrder');
    check();
    return trading.place(request);
  }

  function orderOf(orderId: string): Order {
    const o = orders.get(orderId);
    if (!o) throw new NotFound(`order ${orderId} not found`, { venue, status: 404 });
    return o;
  }

  const adapter: MemoryAdapter = {
    specificationVersion: ADAPTER_SPECIFICATION_VERSION,
    venue,
    has,
    authenticated,
    requiresCredentials: [],
    listMarkets,
    listEvents,
    async getMarket(nativeId) {
      check();
      return marketOf(nativeId);
    },
    async getEvent(nativeId) {
      requireCap('getEvent');
      check();
      const e = events.get(formatId(venue, nativeId));
      if (!e) throw new NotFound(`event ${nativeId} not found`, { venue, status: 404 });
      return e;
    },
    async getOrderBook(nativeId, opts) {
      check();
      return bookOf(nativeId, opts?.depth);
    },
    async getOrderBooks(nativeIds, opts) {
      check();
      return nativeIds.map((n) => bookOf(n, opts?.depth));
    },
    listTrades,
    stream,
    placeOrder,
    async cancelOrder(orderId) {
      requireCap('cancelOrder');
      check();
      const o = orderOf(orderId);
      const canceled: Order = { ...o, status: 'canceled', remaining: '0', updatedAt: new Date().toISOString() };
      orders.set(orderId, canceled);
      return canceled;
    },
    async amendOrder(_orderId: string, _changes: AmendOrderRequest): Promise<Order> {
      throw new NotSupported(`${venue} memory adapter does not support amendOrder`, { venue });
    },
    async getOrder(orderId) {
      requireCap('getOrder');
      check();
      return orderOf(orderId);
    },
    listOrders(query: OrderListQuery = {}) {
      requireCap('listOrders');
      check();
      const status = query.status ?? 'all';
      const items = [...orders.values()].filter(
        (o) =>
          (query.marketId === undefined || o.marketId === query.marketId) &&
          (status === 'all' || (status === 'open') === (o.status === 'open')),
      );
      return pages(() => items, query.cursor, query.pageSize);
    },
    listFills(query: FillListQuery = {}) {
      requireCap('listFills');
      check();
      const select = () =>
        fills.filter((f) => (query.orderId === undefined || f.orderId === query.orderId) && (query.marketId === undefined || f.marketId === query.marketId));
      return pages<Fill>(select, query.cursor, query.pageSize);
    },
    async listPositions(): Promise<Position[]> {
      requireCap('listPositions');
      check();
      return trading.positions((id) => markets.get(id)?.currency ?? 'USD');
    },
    async getBalances() {
      requireCap('getBalances');
      check();
      return balances;
    },
    rateLimits(): RateLimitStatus[] {
      return [{ name: 'read', ratePerSecond: 100, capacity: 100, available: 100 }];
    },
    async close() {
      closed = true;
      listeners.clear();
    },
    upsertMarkets(list) {
      for (const m of list) markets.set(m.id, m);
    },
    removeMarkets(ids) {
      for (const id of ids) markets.delete(id);
    },
    upsertEvents(list) {
      for (const e of list) events.set(e.id, e);
    },
    setBook(book) {
      changeBook(book);
    },
    recordTrade(t) {
      addTrade(t);
    },
    setFailure(error) {
      failWith = error;
    },
    emit(event) {
      for (const l of [...listeners]) l(event);
    },
    calls,
    marketQueries,
    orders,
    get closed() {
      return closed;
    },
  };
  return adapter;
}
