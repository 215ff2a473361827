import type { Event, VenueId } from '../core/index.js';
import { fingerprint } from './cursor.js';
import { EntityIndex } from './entity-index.js';
import type { SortSpec } from './sorted-index.js';
import type { EventQuery, EventSort, ListPage } from './types.js';

interface IndexedEvent {
  id: string;
  event: Event;
  venue: VenueId;
  /** Lowercased title + subtitle. */
  text: string;
  category: string | null;
  closeMs: number | null;
}

function indexEvent(event: Event): IndexedEvent {
  const close = event.closeTime === null ? NaN : Date.parse(event.closeTime);
  return {
    id: event.id,
    event,
    venue: event.venue,
    text: `${event.title}\n${event.subtitle ?? ''}`.toLowerCase(),
    category: event.category === null ? null : event.category.toLowerCase(),
    closeMs: Number.isNaN(close) ? null : close,
  };
}

const EVENT_SORTS: Record<EventSort, SortSpec<IndexedEvent>> = {
  closeTime: { key: (e) => e.closeMs, direction: 'asc', keyType: 'number' },
  id: { key: () => null, direction: 'asc', keyType: 'string' },
};

/** The catalog's event index: by id, and pre-sorted by close time and by id. */
export class EventIndex extends EntityIndex<Event, IndexedEvent, EventSort> {
  constructor() {
    super(EVENT_SORTS, (e) => e.text, indexEvent, (e) => e.event);
  }

  query(query: EventQuery): ListPage<Event> {
    const venues = query.venues.length > 0 ? new Set<VenueId>(query.venues) : null;
    const q = query.q ? query.q.toLowerCase() : null;
    const category = query.category ? query.category.toLowerCase() : null;
    const sort = query.sort ?? 'closeTime';
    const fp = fingerprint({ t: 'events', v: venues ? [...venues].sort() : null, q, c: category, o: sort });
    const accept = (e: IndexedEvent): boolean =>
      (venues === null || venues.has(e.venue)) &&
      (category === null || e.category === category) &&
      (q === null || e.text.includes(q));
    const page = this.index.page({
      sort,
      fingerprint: fp,
      cursor: query.cursor,
      limit: query.limit,
      accept,
      needle: q ?? undefined,
    });
    return { data: page.rows.map((e) => e.event), nextCursor: page.nextCursor };
  }
}
