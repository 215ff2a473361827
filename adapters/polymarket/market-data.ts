import { NotFound, type Event, type Market, type MarketStatus, type OrderBook, type Trade } from '../../src/core/index.js';
import { paginateKeyset, paginateOffset, type EventListQuery, type MarketListQuery, type Page, type TradeListQuery } from '../../src/venue/index.js';
import type { ClobClient } from './clob-client.js';
import type { DataClient } from './data-client.js';
import { GAMMA_KEYSET_MAX, type GammaClient } from './gamma-client.js';
import { mapBookSummary, mapPublicTrade } from './map-book.js';
import { mapGammaEvent, mapGammaMarketOrNull, tradingInfoOf } from './map-market.js';
import { isConditionId, type MarketInfoCache } from './market-info.js';
import type { GammaMarket } from './wire-gamma.js';

/**
 * The read side of the adapter: Gamma catalog (keyset listings, look-ups by condition id, numeric
 * id or slug), CLOB books (single and batched), the Data API trade tape, and typed extras
 * (prices, midpoints, spreads, last trade, price history).
 */

export interface MarketDataDeps {
  gamma: GammaClient;
  clob: ClobClient;
  data: DataClient;
  markets: MarketInfoCache;
  includeRaw: boolean;
}

const OPEN_STATES: MarketStatus[] = ['open', 'paused', 'upcoming'];
const CLOSED_STATES: MarketStatus[] = ['closed', 'resolved', 'void'];
const TRADES_PAGE_MAX = 500;

/** Gamma `closed=` for a status filter, when the filter falls entirely on one side. */
function closedFilter(status: MarketStatus[] | undefined): boolean | undefined {
  if (!status || status.length === 0) return undefined;
  if (status.every((s) => OPEN_STATES.includes(s))) return false;
  if (status.every((s) => CLOSED_STATES.includes(s))) return true;
  return undefined;
}

export interface PricePoint {
  /** ISO-8601. */
  t: string;
  p: string;
}

export class PolymarketMarketData {
  constructor(private readonly d: MarketDataDeps) {}

  private map(m: GammaMarket): Market | null {
    const info = tradingInfoOf(m);
    if (info) this.d.markets.put(info);
    return mapGammaMarketOrNull(m, { includeRaw: this.d.includeRaw });
  }

  listMarkets(query: MarketListQuery = {}): AsyncIterable<Page<Market>> {
    const limit = Math.min(query.pageSize ?? GAMMA_KEYSET_MAX, GAMMA_KEYSET_MAX);
    const closed = closedFilter(query.status);
    const wanted = query.status && query.status.length > 0 ? new Set(query.status) : null;
    return paginateKeyset({
      venue: 'polymarket',
      endpoint: 'GET /markets/keyset',
      ...(query.cursor ? { startCursor: query.cursor } : {}),
      fetchPage: async (after) => {
        const r = await this.d.gamma.marketsKeyset({ afterCursor: after, limit, ...(closed !== undefined ? { closed } : {}) });
        const items = r.markets.map((m) => this.map(m)).filter((m): m is Market => m !== null && (!wanted || wanted.has(m.status)));
        return { items, nextCursor: r.next_cursor ?? null };
      },
    });
  }

  listEvents(query: EventListQuery = {}): AsyncIterable<Page<Event>> {
    const limit = Math.min(query.pageSize ?? GAMMA_KEYSET_MAX, GAMMA_KEYSET_MAX);
    const closed = closedFilter(query.status);
    return paginateKeyset({
      venue: 'polymarket',
      endpoint: 'GET /events/keyset',
      ...(query.cursor ? { startCursor: query.cursor } : {}),
      fetchPage: async (after) => {
        const r = await this.d.gamma.eventsKeyset({ afterCursor: after, limit, ...(closed !== undefined ? { closed } : {}) });
        for (const e of r.events) for (const m of e.markets ?? []) this.map(m);
        return { items: r.events.map((e) => mapGammaEvent(e)), nextCursor: r.next_cursor ?? null };
      },
    });
  }

  /** By condition id (the market id), Gamma numeric id, or slug. */
  async getMarket(nativeId: string): Promise<Market> {
    let found: GammaMarket | undefined;
    if (isConditionId(nativeId)) {
      const list = await this.d.gamma.markets({ conditionIds: [nativeId], limit: 1 });
      found = list.find((m) => (m.conditionId ?? '').toLowerCase() === nativeId.toLowerCase());
    } else if (/^\d+$/.test(nativeId)) {
      found = await this.d.gamma.marketById(nativeId);
    } else {
      found = await this.d.gamma.marketBySlug(nativeId);
    }
    const market = found ? this.map(found) : null;
    if (!market) throw new NotFound(`polymarket: market ${nativeId} not found`, { venue: 'polymarket', endpoint: 'GET /markets' });
    return market;
  }

  async getEvent(nativeId: string): Promise<Event> {
    const e = /^\d+$/.test(nativeId) ? await this.d.gamma.eventById(nativeId) : await this.d.gamma.eventBySlug(nativeId);
    for (const m of e.markets ?? []) this.map(m);
    return mapGammaEvent(e);
  }

  /**
   * The YES token's book. The venue answers 404 "No orderbook exists for the requested token id"
   * for a known market without a book (e.g. resolved); that is an empty book, as in `getOrderBooks`
   * (where `POST /books` omits such tokens) and in the stream's resync.
   */
  async getOrderBook(nativeId: string, options: { depth?: number } = {}): Promise<OrderBook> {
    const info = await this.d.markets.get(nativeId);
    const fetched = await this.d.clob.book(info.yesTokenId).catch((err: unknown) => {
      if (err instanceof NotFound) return null;
      throw err;
    });
    if (!fetched) return mapBookSummary({ market: info.conditionId, bids: [], asks: [], timestamp: null }, options);
    const { book } = fetched;
    if (book.tick_size && book.tick_size !== info.tickSize) this.d.markets.setTick(info.conditionId, book.tick_size);
    return mapBookSummary({ ...book, market: info.conditionId }, options);
  }

  /** `POST /books` in chunks of 500; a market without a book gets an empty one. */
  async getOrderBooks(nativeIds: string[], options: { depth?: number } = {}): Promise<OrderBook[]> {
    const infos = await this.d.markets.getMany(nativeIds);
    const books = await this.d.clob.books(infos.map((i) => i.yesTokenId));
    const byToken = new Map(books.map((b) => [b.asset_id, b]));
    return infos.map((info) => {
      const b = byToken.get(info.yesTokenId);
      return mapBookSummary(b ? { ...b, market: info.conditionId } : { market: info.conditionId, bids: [], asks: [], timestamp: null }, options);
    });
  }

  /** Public trades of a market from the Data API tape (newest first). */
  listTrades(nativeId: string, query: TradeListQuery = {}): AsyncIterable<Page<Trade>> {
    const pageSize = Math.min(query.pageSize ?? 100, TRADES_PAGE_MAX);
    const since = query.since?.getTime();
    const start = query.cursor && /^\d+$/.test(query.cursor) ? Number(query.cursor) : 0;
    const pages = paginateOffset({
      pageSize,
      startOffset: start,
      fetchPage: async (offset, limit) => {
        await this.d.markets.get(nativeId);
        const rows = await this.d.data.trades({ markets: [nativeId], limit, offset });
        return rows.map(mapPublicTrade);
      },
    });
    if (since === undefined) return pages;
    return {
      async *[Symbol.asyncIterator]() {
        for await (const page of pages) {
          const items = page.items.filter((t) => Date.parse(t.timestamp) >= since);
          const done = items.length < page.items.length;
          if (items.length > 0) yield { items, nextCursor: done ? null : page.nextCursor };
          if (done) return;
        }
      },
    };
  }

  // ——— typed extras ———

  /** Best bid (`BUY`) or best ask (`SELL`) of the YES token (§4.1 semantics). */
  async price(nativeId: string, side: 'BUY' | 'SELL'): Promise<string> {
    return this.d.clob.price((await this.d.markets.get(nativeId)).yesTokenId, side);
  }

  async midpoints(nativeIds: string[]): Promise<Record<string, string | null>> {
    const infos = await this.d.markets.getMany(nativeIds);
    const mids = await this.d.clob.midpoints(infos.map((i) => i.yesTokenId));
    return Object.fromEntries(infos.map((i) => [i.conditionId, mids[i.yesTokenId] ?? null]));
  }

  async spreads(nativeIds: string[]): Promise<Record<string, string | null>> {
    const infos = await this.d.markets.getMany(nativeIds);
    const spreads = await this.d.clob.spreads(infos.map((i) => i.yesTokenId));
    return Object.fromEntries(infos.map((i) => [i.conditionId, spreads[i.yesTokenId] ?? null]));
  }

  async lastTradePrice(nativeId: string): Promise<{ price: string | null; side: 'buy' | 'sell' | null }> {
    const r = await this.d.clob.lastTradePrice((await this.d.markets.get(nativeId)).yesTokenId);
    const side = r.side?.toUpperCase() === 'BUY' ? 'buy' : r.side?.toUpperCase() === 'SELL' ? 'sell' : null;
    return { price: r.price, side };
  }

  async priceHistory(nativeId: string, args: { interval?: 'max' | 'all' | '1m' | '1w' | '1d' | '6h' | '1h'; startTs?: number; endTs?: number; fidelity?: number } = {}): Promise<PricePoint[]> {
    const info = await this.d.markets.get(nativeId);
    const r = await this.d.clob.pricesHistory({ tokenId: info.yesTokenId, ...args, ...(args.interval || args.startTs ? {} : { interval: 'max' }) });
    return r.history.map((h) => ({ t: new Date(h.t * 1000).toISOString(), p: h.p }));
  }
}
