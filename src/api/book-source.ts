/**
 * Where the API gets order books: the live book of a market the live books service holds (fresh
 * only: a stale book is never served), else the venue adapter, through a short-TTL cache when one
 * is configured. Full books are cached and `depth` is applied on the way out, so one cached book
 * serves every depth.
 */
import type { Cache } from '../cache/types.js';
import { NotFound, VennError, parseId } from '../core/index.js';
import type { OrderBook, VenueId } from '../core/index.js';
import type { AppDeps } from './deps.js';
import { toProblem } from './errors.js';

export interface BookError {
  id: string;
  status: number;
  code: string;
  detail: string;
}

export interface BookSource {
  one(id: string, depth?: number): Promise<OrderBook>;
  many(ids: string[], depth?: number): Promise<{ books: OrderBook[]; errors: BookError[] }>;
}

/** Cache key of a REST book (the Redis cache adds its own `venn:` prefix). */
export const bookCacheKey = (id: string) => `book:${id}`;

type Outcome = { book: OrderBook } | { error: unknown };

export function trimBook(book: OrderBook, depth: number | undefined): OrderBook {
  if (depth === undefined || (book.bids.length <= depth && book.asks.length <= depth)) return book;
  return { ...book, bids: book.bids.slice(0, depth), asks: book.asks.slice(0, depth) };
}

export function createBookSource(deps: AppDeps): BookSource {
  const ttlMs = deps.config.orderbookCacheTtlMs;
  const cache: Cache | undefined = ttlMs > 0 ? deps.cache : undefined;

  function adapterFor(venue: VenueId) {
    const adapter = deps.registry.has(venue) ? deps.registry.get(venue) : undefined;
    if (!adapter) throw new NotFound(`venue ${venue} is not enabled on this server`, { venue });
    return adapter;
  }

  /** Cache failures never fail a request: the book is fetched live instead. */
  async function cachedMany(ids: string[]): Promise<(OrderBook | undefined)[]> {
    if (!cache) return ids.map(() => undefined);
    try {
      return await cache.getMany<OrderBook>(ids.map(bookCacheKey));
    } catch (err) {
      deps.logger.warn({ err }, 'order book cache read failed');
      return ids.map(() => undefined);
    }
  }

  function store(books: OrderBook[]): void {
    if (!cache || books.length === 0) return;
    cache.setMany(books.map((b) => ({ key: bookCacheKey(b.marketId), value: b, ttlMs }))).catch((err: unknown) => {
      deps.logger.warn({ err }, 'order book cache write failed');
    });
  }

  async function fetchOne(id: string): Promise<OrderBook> {
    const { venue, nativeId } = parseId(id);
    return adapterFor(venue).getOrderBook(nativeId);
  }

  async function settleEach(ids: string[], fetch: (id: string) => Promise<OrderBook>): Promise<Map<string, Outcome>> {
    const settled = await Promise.allSettled(ids.map(fetch));
    return new Map(ids.map((id, i) => {
      const r = settled[i]!;
      return [id, r.status === 'fulfilled' ? { book: r.value } : { error: r.reason as unknown }];
    }));
  }

  /** One venue's ids in one batched call; a NotFound for the batch is retried id by id to isolate it. */
  async function fetchVenue(venue: VenueId, ids: string[]): Promise<Map<string, Outcome>> {
    try {
      const books = await adapterFor(venue).getOrderBooks(ids.map((id) => parseId(id).nativeId));
      const out = new Map<string, Outcome>(books.map((book) => [book.marketId, { book }]));
      for (const id of ids) if (!out.has(id)) out.set(id, { error: new NotFound(`no order book for ${id}`, { venue }) });
      return out;
    } catch (error) {
      if (error instanceof NotFound && ids.length > 1 && deps.registry.has(venue)) return settleEach(ids, fetchOne);
      return new Map(ids.map((id) => [id, { error }]));
    }
  }

  return {
    async one(id, depth) {
      const live = deps.books?.live(id);
      if (live) return trimBook(live, depth);
      const [hit] = await cachedMany([id]);
      if (hit) return trimBook(hit, depth);
      const book = await fetchOne(id);
      store([book]);
      return trimBook(book, depth);
    },

    async many(ids, depth) {
      const outcomes = new Map<string, Outcome>();
      for (const id of ids) {
        try {
          const live = deps.books?.live(id);
          if (live) outcomes.set(id, { book: live });
        } catch (error) {
          outcomes.set(id, { error });
        }
      }
      const rest = ids.filter((id) => !outcomes.has(id));
      const hits = await cachedMany(rest);
      const missing = new Map<VenueId, string[]>();
      rest.forEach((id, i) => {
        const hit = hits[i];
        if (hit) {
          outcomes.set(id, { book: hit });
          return;
        }
        const { venue } = parseId(id);
        missing.set(venue, [...(missing.get(venue) ?? []), id]);
      });
      const fetched = await Promise.all([...missing].map(([venue, list]) => fetchVenue(venue, list)));
      const fresh: OrderBook[] = [];
      for (const [id, outcome] of fetched.flatMap((m) => [...m])) {
        outcomes.set(id, outcome);
        if ('book' in outcome) fresh.push(outcome.book);
      }
      store(fresh);
      const books: OrderBook[] = [];
      const errors: BookError[] = [];
      for (const id of ids) {
        const outcome = outcomes.get(id) ?? { error: new NotFound(`no order book for ${id}`) };
        if ('book' in outcome) {
          books.push(trimBook(outcome.book, depth));
          continue;
        }
        const p = toProblem(outcome.error);
        if (p.status >= 500 && !(outcome.error instanceof VennError)) deps.logger.error({ err: outcome.error, id }, 'order book fetch failed');
        errors.push({ id, status: p.status, code: p.code, detail: p.detail });
      }
      return { books, errors };
    },
  };
}
