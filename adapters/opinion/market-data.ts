import type { Logger } from 'pino';
import { BadRequest, Decimal, type Event, type Market, type MarketStatus, type OrderBook } from '../../src/core/index.js';
import type { EventListQuery, MarketListQuery, Page } from '../../src/venue/index.js';
import type { MarketListParams, OpinionClient } from './client.js';
import { MAX_PAGE_SIZE, VENUE } from './constants.js';
import { yesTermsBook, type BookAssumption } from './map-book.js';
import type { OpinionMarket } from './map-market.js';
import { marketIdOf, type MarketInfoCache } from './market-info.js';
import { isoFromMillis, isoFromSeconds } from './wire.js';
import type { WireMarket } from './wire-market.js';

/**
 * The read side of the adapter (docs/venues/opinion.md §4, §5): the `/market` catalog in pages of
 * at most 20 rows (a row is a binary market, or a categorical parent with its children, each
 * child a binary market of the parent's event), markets and events by id, and YES-terms books
 * built from the two outcome tokens' books (§5.2).
 *
 * Listing cursors are `<page>:<limit>`, so a saved cursor resumes with the page size it was made
 * with. Rows are ordered newest first (`sortBy=1`, what the official SDK asks): a market created
 * during a walk pushes the rows down by one, which repeats a row rather than skipping one, and a
 * walk drops the repeats it sees.
 */

export interface MarketDataOptions {
  client: OpinionClient;
  markets: MarketInfoCache;
  /** Whether the venue mirrors orders between a market's two token books (§5.2); default `mirrored`. */
  assume?: BookAssumption;
  /** Fetch the NO token's book too and check it against the YES book (default true). */
  checkNoBook?: boolean;
  logger?: Logger | undefined;
}

const NEWEST_FIRST = 1;

interface Cursor {
  page: number;
  limit: number;
}

function parseCursor(cursor: string | undefined, pageSize: number | undefined): Cursor {
  if (cursor === undefined) return { page: 1, limit: Math.max(1, Math.min(pageSize ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE)) };
  const m = /^(\d{1,9}):(\d{1,2})$/.exec(cursor);
  const page = Number(m?.[1]);
  const limit = Number(m?.[2]);
  if (!m || page < 1 || limit < 1 || limit > MAX_PAGE_SIZE) throw new BadRequest(`${VENUE}: invalid cursor ${JSON.stringify(cursor)}`, { venue: VENUE });
  return { page, limit };
}

/** The venue-side `status` filter when every wanted status lies on one side of it. */
function statusFilter(wanted: ReadonlySet<MarketStatus> | null): 'activated' | 'resolved' | undefined {
  if (!wanted) return undefined;
  // Activated markets map to open (or closed once past their cutoff); resolved to resolved (§4.1).
  if ([...wanted].every((s) => s === 'open')) return 'activated';
  if ([...wanted].every((s) => s === 'resolved')) return 'resolved';
  return undefined;
}

export interface BookStats {
  books: number;
  mirrorMismatches: number;
}

export class OpinionMarketData {
  readonly bookStats: BookStats = { books: 0, mirrorMismatches: 0 };

  constructor(private readonly o: MarketDataOptions) {}

  /** Pages of `/market` rows, each mapped by `map`; repeats within one walk are dropped. */
  private walk<T>(
    base: Omit<MarketListParams, 'page' | 'limit'>,
    cursor: string | undefined,
    pageSize: number | undefined,
    map: (row: WireMarket) => { key: number; item: T }[],
  ): AsyncIterable<Page<T>> {
    const client = this.o.client;
    return {
      async *[Symbol.asyncIterator]() {
        const start = parseCursor(cursor, pageSize);
        const limit = start.limit;
        let page = start.page;
        const seen = new Set<number>();
        for (;;) {
          const res = await client.markets({ ...base, page, limit });
          const items: T[] = [];
          for (const row of res.list) {
            for (const { key, item } of map(row)) {
              if (seen.has(key)) continue;
              seen.add(key);
              items.push(item);
            }
          }
          const more = res.list.length >= limit && page * limit < res.total;
          const next = more ? `${page + 1}:${limit}` : null;
          if (items.length > 0) yield { items, nextCursor: next };
          if (!next) return;
          page += 1;
        }
      },
    };
  }

  private wantedFilter(status: MarketStatus[] | undefined): ReadonlySet<MarketStatus> | null {
    return status && status.length > 0 ? new Set(status) : null;
  }

  listMarkets(query: MarketListQuery = {}): AsyncIterable<Page<Market>> {
    const wanted = this.wantedFilter(query.status);
    const status = statusFilter(wanted);
    const cache = this.o.markets;
    const keep = (m: OpinionMarket) => !wanted || wanted.has(m.market.status);
    return this.walk<Market>({ marketType: 2, sortBy: NEWEST_FIRST, ...(status ? { status } : {}) }, query.cursor, query.pageSize, (row) => {
      const markets = row.yesTokenId === '' || row.marketType === 1 ? cache.categorical(row).markets : [cache.binary(row)];
      return markets.filter(keep).map((m) => ({ key: m.trading.marketId, item: m.market }));
    });
  }

  /** Categorical parents as events (a standalone binary market belongs to no event). */
  listEvents(query: EventListQuery = {}): AsyncIterable<Page<Event>> {
    const wanted = this.wantedFilter(query.status);
    const cache = this.o.markets;
    return this.walk<Event>({ marketType: 1, sortBy: NEWEST_FIRST }, query.cursor, query.pageSize, (row) => {
      const { event, markets } = cache.categorical(row);
      if (wanted && !markets.some((m) => wanted.has(m.market.status))) return [];
      return [{ key: row.marketId, item: event }];
    });
  }

  async getMarket(nativeId: string): Promise<Market> {
    return (await this.o.markets.market(marketIdOf(nativeId))).market;
  }

  /** The market with its notional volumes beside it (§4.1). */
  async getOpinionMarket(nativeId: string): Promise<OpinionMarket> {
    return this.o.markets.market(marketIdOf(nativeId));
  }

  async getEvent(nativeId: string): Promise<Event> {
    return this.o.markets.categorical(await this.o.client.categorical(marketIdOf(nativeId))).event;
  }

  /**
   * The market's YES-terms book: the YES token's book, checked against the NO token's (fetched in
   * parallel) under the mirrored assumption, or merged with it under the independent one (§5.2). A
   * mirror that disagrees is logged and counted: the two books are read a moment apart, so a
   * difference can be a change between the reads; the stream checks the mirror exactly.
   */
  async getOrderBook(nativeId: string, options: { depth?: number } = {}): Promise<OrderBook> {
    const info = await this.o.markets.info(marketIdOf(nativeId));
    const assume = this.o.assume ?? 'mirrored';
    const withNo = assume === 'independent' || (this.o.checkNoBook ?? true);
    const [yes, no] = await Promise.all([this.o.client.orderbook(info.yesTokenId), withNo ? this.o.client.orderbook(info.noTokenId) : null]);
    const { book, check } = yesTermsBook(yes, no, info, { assume, ...(options.depth !== undefined ? { depth: options.depth } : {}) });
    this.bookStats.books += 1;
    if (check && !check.mirrored) {
      this.bookStats.mirrorMismatches += 1;
      this.o.logger?.warn({ venue: VENUE, market: info.marketId, differences: check.differences.slice(0, 5) }, 'opinion: the NO book is not the mirror of the YES book');
    }
    return book;
  }

  async getOrderBooks(nativeIds: string[], options: { depth?: number } = {}): Promise<OrderBook[]> {
    return Promise.all(nativeIds.map((id) => this.getOrderBook(id, options)));
  }

  /** Last trade of the market in YES terms; null when it never traded (§5.3). */
  async lastPrice(nativeId: string): Promise<{ price: string; side: string; size: string; timestamp: string } | null> {
    const info = await this.o.markets.info(marketIdOf(nativeId));
    const p = await this.o.client.latestPrice(info.yesTokenId);
    const at = isoFromMillis(p.timestamp);
    return at === null ? null : { price: p.price, side: p.side, size: p.size, timestamp: at };
  }

  /** YES price points, oldest first (the venue sends newest first, §5.3). */
  async priceHistory(nativeId: string, args: { interval?: '1h' | '1d'; startAt?: number; endAt?: number } = {}): Promise<{ t: string; p: string }[]> {
    const info = await this.o.markets.info(marketIdOf(nativeId));
    const h = await this.o.client.priceHistory(info.yesTokenId, args);
    return h.history
      .map((x) => ({ t: isoFromSeconds(x.t) ?? new Date(0).toISOString(), p: Decimal.parse(x.p).normalize().toString() }))
      .sort((a, b) => a.t.localeCompare(b.t));
  }

}
