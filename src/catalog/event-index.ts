import { Decimal } from '../core/index.js';
import type { Event, Market, MarketStatus, VenueId } from '../core/index.js';
import { decimalSortKey, timeOrNull } from './market-keys.js';
import type { MarketSummary } from './market-table.js';
import { fingerprint } from './cursor.js';
import { EntityIndex } from './entity-index.js';
import { statusAt } from './market-index.js';
import type { SortSpec } from './sorted-index.js';
import type { EventQuery, EventSort, ListPage } from './types.js';

/**
 * An event with its sort and filter keys. Events carry no status, volume or open time of their own:
 * those come from the event's markets in the catalog, and are derived again whenever one of them is
 * indexed (so the keys follow the markets, not the last event walk).
 */
interface IndexedEvent {
  id: string;
  event: Event;
  venue: VenueId;
  /** Lowercased title + subtitle. */
  text: string;
  category: string | null;
  closeMs: number | null;
  /** The event's markets as last indexed: status and close time, for `status` at query time. */
  markets: { status: MarketStatus; closeMs: number | null }[];
  /** Sum of the markets' volumes (exact), as a decimal sort key. */
  volumeKey: string | null;
  /** When the event's first market opened (epoch ms), else the event's `updatedAt`. */
  newestMs: number;
}

function indexEvent(event: Event, marketOf: (id: string) => MarketSummary | undefined): IndexedEvent {
  const markets: MarketSummary[] = [];
  for (const id of event.marketIds) {
    const m = marketOf(id);
    if (m) markets.push(m);
  }
  let volume: Decimal | null = null;
  for (const m of markets) {
    if (m.volume === null) continue;
    try {
      volume = (volume ?? Decimal.parse('0')).add(Decimal.parse(m.volume));
    } catch {
      // A malformed volume counts as unknown.
    }
  }
  const opens = markets.map((m) => m.openMs).filter((t): t is number => t !== null);
  return {
    id: event.id,
    event,
    venue: event.venue,
    text: `${event.title}\n${event.subtitle ?? ''}`.toLowerCase(),
    category: event.category === null ? null : event.category.toLowerCase(),
    closeMs: timeOrNull(event.closeTime),
    markets: markets.map((m) => ({ status: m.status, closeMs: m.closeMs })),
    volumeKey: volume === null ? null : decimalSortKey(volume.normalize().toString()),
    newestMs: opens.length > 0 ? Math.min(...opens) : (timeOrNull(event.updatedAt) ?? 0),
  };
}

const EVENT_SORTS: Record<EventSort, SortSpec<IndexedEvent>> = {
  closeTime: { key: (e) => e.closeMs, direction: 'asc', keyType: 'number' },
  id: { key: () => null, direction: 'asc', keyType: 'string' },
  volume: { key: (e) => e.volumeKey, direction: 'desc', keyType: 'string' },
  newest: { key: (e) => e.newestMs, direction: 'desc', keyType: 'number' },
};

/** The catalog's event index: by id, and pre-sorted by close time, id, volume and newness. */
export class EventIndex extends EntityIndex<Event, IndexedEvent, EventSort> {
  constructor(
    marketOf: (id: string) => MarketSummary | undefined = () => undefined,
    private readonly now: () => number = Date.now,
  ) {
    super(EVENT_SORTS, (e) => e.text, (event) => indexEvent(event, marketOf), (e) => e.event);
  }

  /** Derives again the keys of the events these markets belong to. */
  refreshFor(markets: readonly Market[]): void {
    const events: Event[] = [];
    const seen = new Set<string>();
    for (const m of markets) {
      if (m.eventId === null || seen.has(m.eventId)) continue;
      seen.add(m.eventId);
      const event = this.get(m.eventId);
      if (event) events.push(event);
    }
    if (events.length > 0) this.upsert(events);
  }

  /** One page, and how many events match the filters (all pages). */
  query(query: EventQuery): ListPage<Event> & { total: number } {
    const venues = query.venues.length > 0 ? new Set<VenueId>(query.venues) : null;
    const q = query.q ? query.q.toLowerCase() : null;
    const category = query.category ? query.category.toLowerCase() : null;
    const statuses = query.status && query.status.length > 0 ? new Set<MarketStatus>(query.status) : null;
    const closesBefore = query.closesBefore ? query.closesBefore.getTime() : null;
    const sort = query.sort ?? 'closeTime';
    const fp = fingerprint({ t: 'events', v: venues ? [...venues].sort() : null, q, c: category, s: statuses ? [...statuses].sort() : null, cb: closesBefore, o: sort });
    const now = this.now();
    // An event has a status when one of its markets has it (an event with an open market is open).
    const accept = (e: IndexedEvent): boolean =>
      (venues === null || venues.has(e.venue)) &&
      (category === null || e.category === category) &&
      (closesBefore === null || (e.closeMs !== null && e.closeMs < closesBefore)) &&
      (statuses === null || e.markets.some((m) => statuses.has(statusAt(m.status, m.closeMs, now)))) &&
      (q === null || e.text.includes(q));
    const page = this.index.page({
      sort,
      fingerprint: fp,
      cursor: query.cursor,
      limit: query.limit,
      accept,
      needle: q ?? undefined,
      past: closesBefore !== null && sort === 'closeTime' ? (e) => e.closeMs === null || e.closeMs >= closesBefore : undefined,
    });
    return { data: page.rows.map((e) => e.event), nextCursor: page.nextCursor, total: this.countWhere(accept) };
  }
}
