import { NotFound, formatId, type Event, type Market, type OrderBook, type Trade } from '../../src/core/index.js';
import { paginateCursor, type EventListQuery, type MarketListQuery, type Page, type TradeListQuery } from '../../src/venue/index.js';
import { BETS_LIMIT, type ManifoldClient } from './client.js';
import { bookPoolOf, synthesizeBook, type BookPool } from './map-book.js';
import { mapContract, nativeIdsOf } from './map-market.js';
import { mapBetTrades } from './map-trade.js';
import { advance, decodeCursor, encodeCursor, isTimeCursor, requestLimit, type TimeCursor } from './client-paging.js';
import { ManifoldCatalog, type CatalogDeps } from './market-data-catalog.js';
import type { FullMarket, WireBet } from './wire.js';

/**
 * The read side of the adapter (docs/venues/manifold.md §Market data endpoints, §Bets,
 * §Synthesized book): the catalog walk (market-data-catalog.ts), markets and events by id, the
 * synthesized books (`source: 'emulated'`) and the public bets as trades.
 */

const BETS_PAGE_MAX = 1000;
/** Contracts per `GET /bets?contractId=…&kinds=open-limit` of a batch of books. */
const BOOK_BATCH = 100;

/** What a book is built from: the contract, its pool and its open orders. */
export interface BookState {
  market: Market;
  /** Null when the market does not trade (closed, resolved) or the payload has no pool. */
  pool: BookPool | null;
  answerId: string | undefined;
  orders: WireBet[];
  /** The contract's `lastUpdatedTime`. */
  venueTimestamp: number | null;
  /** How old the answers may already have been on arrival (the CDN's lifetime, ms). */
  maxAgeMs?: number;
}

export class ManifoldMarketData {
  readonly catalog: ManifoldCatalog;

  constructor(private readonly d: CatalogDeps & { nowMs?: () => number }) {
    this.catalog = new ManifoldCatalog(d);
  }

  private get client(): ManifoldClient {
    return this.d.client;
  }

  private nowMs(): number {
    return (this.d.nowMs ?? Date.now)();
  }

  listMarkets(query?: MarketListQuery): AsyncIterable<Page<Market>> {
    return this.catalog.listMarkets(query);
  }

  listEvents(query?: EventListQuery): AsyncIterable<Page<Event>> {
    return this.catalog.listEvents(query);
  }

  /** The contract of a market id and the market itself; `NotFound` when the contract has no such market. */
  private marketOf(full: FullMarket, nativeId: string, maxAgeMs?: number): Market {
    const quotedAt = maxAgeMs === undefined ? null : new Date((this.d.now ? this.d.now() : new Date()).getTime() - maxAgeMs);
    const r = mapContract(full, { includeRaw: this.d.includeRaw, quotedAt, ...(this.d.now ? { now: this.d.now } : {}) });
    const found = r.kind === 'mapped' ? r.markets.find((x) => x.nativeId === nativeId) : undefined;
    if (!found) {
      const why = r.kind === 'skipped' ? ` (${full.outcomeType} ${full.mechanism} contracts do not fit the binary model)` : '';
      throw new NotFound(`manifold: no market ${formatId('manifold', nativeId)}${why}`, { venue: 'manifold', endpoint: 'GET /market/{id}' });
    }
    return found;
  }

  async getMarket(nativeId: string): Promise<Market> {
    const { contractId } = nativeIdsOf(nativeId);
    const { data, maxAgeMs } = await this.client.marketFetched(contractId);
    return this.marketOf(data, nativeId, maxAgeMs);
  }

  async getEvent(nativeId: string): Promise<Event> {
    const full = await this.client.market(nativeId);
    const r = mapContract(full, { includeRaw: this.d.includeRaw, ...(this.d.now ? { now: this.d.now } : {}) });
    if (r.kind !== 'mapped' || !r.event) throw new NotFound(`manifold: ${nativeId} is not a multiple-choice contract`, { venue: 'manifold', endpoint: 'GET /market/{id}' });
    return r.event;
  }

  private stateOf(full: FullMarket, nativeId: string, orders: WireBet[], maxAgeMs: number): BookState {
    const market = this.marketOf(full, nativeId, maxAgeMs);
    const { answerId } = nativeIdsOf(nativeId);
    const pool = market.status === 'open' ? bookPoolOf(full, answerId) : null;
    return { market, pool, answerId, orders: orders.filter((o) => (o.answerId ?? undefined) === answerId), venueTimestamp: full.lastUpdatedTime ?? null, maxAgeMs };
  }

  /** The contract and its open orders, fetched together (the stream's snapshots use this too). */
  async bookState(nativeId: string): Promise<BookState> {
    const { contractId, answerId } = nativeIdsOf(nativeId);
    const [full, orders] = await Promise.all([
      this.client.marketFetched(contractId),
      this.client.betsFetched({ contractId, ...(answerId !== undefined ? { answerId } : {}), kinds: 'open-limit', order: 'asc' }),
    ]);
    return this.stateOf(full.data, nativeId, orders.data, Math.max(full.maxAgeMs, orders.maxAgeMs));
  }

  /**
   * The REST book of a state. Both answers may come from Manifold's CDN, so the book carries the
   * age they may have had (`maxAgeMs`, docs/venues/manifold.md §Hosts and transport).
   */
  bookOf(state: BookState, options: { depth?: number; seq?: number | null } = {}): OrderBook {
    const age = state.maxAgeMs ? { maxAgeMs: state.maxAgeMs } : {};
    if (!state.pool) {
      return { marketId: state.market.id, venue: 'manifold', bids: [], asks: [], seq: options.seq ?? null, venueTimestamp: iso(state.venueTimestamp), receivedAt: new Date().toISOString(), ...age, source: 'emulated' };
    }
    const book = synthesizeBook(
      { marketId: state.market.id, pool: state.pool, orders: state.orders, ...(state.answerId !== undefined ? { answerId: state.answerId } : {}), now: this.nowMs() },
      { ...(options.depth !== undefined ? { depth: options.depth } : {}), seq: options.seq ?? null, venueTimestamp: state.venueTimestamp },
    );
    return { ...book, ...age };
  }

  async getOrderBook(nativeId: string, options: { depth?: number } = {}): Promise<OrderBook> {
    return this.bookOf(await this.bookState(nativeId), options);
  }

  /** One `GET /market/:id` per contract and one open-order listing per hundred contracts. */
  async getOrderBooks(nativeIds: string[], options: { depth?: number } = {}): Promise<OrderBook[]> {
    const contracts = [...new Set(nativeIds.map((id) => nativeIdsOf(id).contractId))];
    const fulls = new Map<string, FullMarket>();
    const orders = new Map<string, WireBet[]>();
    const batches: string[][] = [];
    let maxAgeMs = 0;
    for (let i = 0; i < contracts.length; i += BOOK_BATCH) batches.push(contracts.slice(i, i + BOOK_BATCH));
    await Promise.all([
      ...contracts.map(async (c) => {
        const full = await this.client.marketFetched(c);
        maxAgeMs = Math.max(maxAgeMs, full.maxAgeMs);
        fulls.set(c, full.data);
      }),
      ...batches.map(async (batch) => {
        const listed = await this.client.betsFetched({ contractId: batch, kinds: 'open-limit', order: 'asc' });
        maxAgeMs = Math.max(maxAgeMs, listed.maxAgeMs);
        for (const b of listed.data) {
          const list = orders.get(b.contractId) ?? [];
          list.push(b);
          orders.set(b.contractId, list);
        }
      }),
    ]);
    return nativeIds.map((id) => {
      const { contractId } = nativeIdsOf(id);
      return this.bookOf(this.stateOf(fulls.get(contractId) as FullMarket, id, orders.get(contractId) ?? [], maxAgeMs), options);
    });
  }

  /**
   * Public trades: the market's bets, newest first (`GET /bets`, `before` = a bet id), each taker
   * fill a trade on the grid (map-trade.ts). The cursor is tie-safe like the catalog's.
   */
  listTrades(nativeId: string, query: TradeListQuery = {}): AsyncIterable<Page<Trade>> {
    const { contractId, answerId } = nativeIdsOf(nativeId);
    const marketId = formatId('manifold', nativeId);
    const pageSize = Math.max(1, Math.min(query.pageSize ?? BETS_PAGE_MAX, BETS_PAGE_MAX));
    const since = query.since?.getTime();
    return paginateCursor<Trade>({
      venue: 'manifold',
      endpoint: 'GET /bets',
      ...(query.cursor !== undefined ? { startCursor: query.cursor } : {}),
      fetchPage: async (cursor) => {
        const at = cursor === undefined ? undefined : decodeCursor<TimeCursor>(cursor, isTimeCursor);
        const limit = requestLimit(at, pageSize, BETS_LIMIT);
        const page = await this.client.bets({
          contractId,
          ...(answerId !== undefined ? { answerId } : {}),
          limit,
          ...(at?.t !== undefined ? { beforeTime: at.t } : {}),
          ...(since !== undefined ? { afterTime: since - 1 } : {}),
        });
        const given = new Set(at?.s ?? []);
        const items = page.filter((b) => !given.has(b.id)).flatMap((b) => mapBetTrades(b, marketId));
        const { next } = advance(page, at, limit, (b) => b.createdTime, (b) => b.id, 'time');
        return { items, nextCursor: next ? encodeCursor(next) : null };
      },
    });
  }
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
