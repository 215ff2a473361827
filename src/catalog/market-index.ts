import type { Market, MarketStatus, VenueId } from '../core/index.js';
import { fingerprint } from './cursor.js';
import { EntityIndex } from './entity-index.js';
import type { SortSpec } from './sorted-index.js';
import type { CatalogSort, ListPage, MarketQuery } from './types.js';

/** A market with everything a query compares precomputed once, when it enters the index. */
export interface IndexedMarket {
  id: string;
  market: Market;
  venue: VenueId;
  status: MarketStatus;
  /** Lowercased title + question, for `q`. */
  text: string;
  /** Lowercased category, for `category`. */
  category: string | null;
  closeMs: number | null;
  /** `openTime`, else `updatedAt`, in epoch ms. */
  newestMs: number;
  volumeKey: string | null;
}

function timeMs(iso: string | null): number | null {
  if (iso === null) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * An exact sort key of a non-negative decimal string: the integer part left-padded to a fixed
 * width and the fraction without trailing zeros, so that plain string comparison orders the
 * numbers exactly (no floats). Anything else (negative, malformed) sorts as unknown.
 */
export function decimalSortKey(text: string | null): string | null {
  if (text === null) return null;
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) return null;
  const int = (m[1] ?? '0').replace(/^0+(?=\d)/, '');
  if (int.length > 40) return null;
  const frac = (m[2] ?? '').replace(/0+$/, '');
  return `${int.padStart(40, '0')}.${frac}`;
}

export function indexMarket(market: Market): IndexedMarket {
  return {
    id: market.id,
    market,
    venue: market.venue,
    status: market.status,
    text: `${market.title}\n${market.question}`.toLowerCase(),
    category: market.category === null ? null : market.category.toLowerCase(),
    closeMs: timeMs(market.closeTime),
    newestMs: timeMs(market.openTime) ?? timeMs(market.updatedAt) ?? 0,
    volumeKey: decimalSortKey(market.volume),
  };
}

/**
 * The status to serve at `nowMs`: a market past its close time is not `open`, whatever the venue's
 * flag says (venues flip the flag late, some never do); it is `closed` until the venue says more.
 */
export function statusAt(status: MarketStatus, closeMs: number | null, nowMs: number): MarketStatus {
  return status === 'open' && closeMs !== null && closeMs <= nowMs ? 'closed' : status;
}

/** One `closed` copy per stored market object, so that repeated answers reuse the same object. */
const closedCopies = new WeakMap<Market, Market>();

/** The market as served at `nowMs` (the stored object itself unless its close time has passed while `open`). */
export function marketAt(market: Market, nowMs: number): Market {
  const closeMs = timeMs(market.closeTime);
  if (statusAt(market.status, closeMs, nowMs) === market.status) return market;
  let copy = closedCopies.get(market);
  if (!copy) {
    copy = { ...market, status: 'closed' };
    closedCopies.set(market, copy);
  }
  return copy;
}

const MARKET_SORTS: Record<CatalogSort, SortSpec<IndexedMarket>> = {
  volume: { key: (e) => e.volumeKey, direction: 'desc', keyType: 'string' },
  closeTime: { key: (e) => e.closeMs, direction: 'asc', keyType: 'number' },
  newest: { key: (e) => e.newestMs, direction: 'desc', keyType: 'number' },
};

/** The catalog's market index: by id, and pre-sorted by volume, close time and newness. */
export class MarketIndex extends EntityIndex<Market, IndexedMarket, CatalogSort> {
  private readonly listeners = new Set<(markets: Market[]) => void>();

  constructor(private readonly now: () => number = Date.now) {
    super(MARKET_SORTS, (e) => e.text, indexMarket, (e) => marketAt(e.market, now()));
  }

  override upsert(items: Iterable<Market>): void {
    const list = [...items];
    super.upsert(list);
    for (const l of this.listeners) l(list);
  }

  /** Called with every batch of markets indexed (the event index re-derives its events' keys). */
  onUpsert(listener: (markets: Market[]) => void): void {
    this.listeners.add(listener);
  }

  /** `quotedAt` (epoch ms) of one venue's open markets that have it (a full scan, for metrics). */
  quoteTimesOf(venue: VenueId): number[] {
    const now = this.now();
    const out: number[] = [];
    for (const e of this.index.values()) {
      if (e.venue !== venue || statusAt(e.status, e.closeMs, now) !== 'open') continue;
      const at = timeMs(e.market.quotedAt ?? null);
      if (at !== null) out.push(at);
    }
    return out;
  }

  /** The stored market, as the venue last described it (no status derived from the clock). */
  stored(id: string): Market | undefined {
    return this.index.get(id)?.market;
  }

  /** Throws `InvalidCursorError` for a cursor that is garbage or from another query. */
  query(query: MarketQuery): ListPage<Market> {
    const venues = query.venues.length > 0 ? new Set<VenueId>(query.venues) : null;
    const statuses = query.status && query.status.length > 0 ? new Set<MarketStatus>(query.status) : null;
    const q = query.q ? query.q.toLowerCase() : null;
    const category = query.category ? query.category.toLowerCase() : null;
    const closesBefore = query.closesBefore ? query.closesBefore.getTime() : null;
    const realMoney = query.realMoney ?? null;
    const fp = fingerprint({
      t: 'markets',
      v: venues ? [...venues].sort() : null,
      s: statuses ? [...statuses].sort() : null,
      q,
      c: category,
      cb: closesBefore,
      ...(realMoney === null ? {} : { rm: realMoney }),
      o: query.sort,
    });
    const now = this.now();
    const accept = (e: IndexedMarket): boolean =>
      (venues === null || venues.has(e.venue)) &&
      (statuses === null || statuses.has(statusAt(e.status, e.closeMs, now))) &&
      (category === null || e.category === category) &&
      (closesBefore === null || (e.closeMs !== null && e.closeMs < closesBefore)) &&
      (realMoney === null || e.market.realMoney === realMoney) &&
      (q === null || e.text.includes(q));
    const page = this.index.page({
      sort: query.sort,
      fingerprint: fp,
      cursor: query.cursor,
      limit: query.limit,
      accept,
      needle: q ?? undefined,
      // Sorted by close time ascending (unknown last): nothing after the bound can match.
      past:
        closesBefore !== null && query.sort === 'closeTime'
          ? (e) => e.closeMs === null || e.closeMs >= closesBefore
          : undefined,
    });
    return { data: page.rows.map((e) => marketAt(e.market, now)), nextCursor: page.nextCursor };
  }
}
