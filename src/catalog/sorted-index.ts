import type { VenueId } from '../core/index.js';
import { InvalidCursorError, decodeCursor, encodeCursor } from './cursor.js';
import { SortedView } from './sorted-view.js';
import type { Change, SortSpec } from './sorted-view.js';

export type { SortKey, SortSpec } from './sorted-view.js';

export interface PageResult<E> {
  rows: E[];
  nextCursor: string | null;
}

export interface PageRequest<E, S extends string> {
  sort: S;
  /** Fingerprint of the query's filters and sort; cursors of another query are rejected. */
  fingerprint: string;
  cursor?: string;
  limit: number;
  accept(entry: E): boolean;
  /** Lowercased text every match contains: rows are found by jumping between text hits. */
  needle?: string;
  /** True once no later row in this order can match (ends the walk early). */
  past?(entry: E): boolean;
}

/**
 * Entries by id plus one sorted array per sort order. A page walks the sorted array from the
 * cursor position (found by binary search) until `limit` rows pass the filter, so a page costs
 * O(log n + rows walked), and a cursor (last key + id) stays valid when entries are added or
 * removed.
 */
export class SortedIndex<E extends { id: string; venue: VenueId }, S extends string> {
  private readonly entries = new Map<string, E>();
  private readonly views = new Map<S, SortedView<E>>();
  /** Entries per venue, maintained on every change. */
  private readonly counts = new Map<VenueId, number>();

  constructor(specs: Record<S, SortSpec<E>>, textOf?: (entry: E) => string) {
    for (const name of Object.keys(specs) as S[]) this.views.set(name, new SortedView(specs[name], textOf));
  }

  get size(): number {
    return this.entries.size;
  }

  get(id: string): E | undefined {
    return this.entries.get(id);
  }

  values(): IterableIterator<E> {
    return this.entries.values();
  }

  upsert(entries: Iterable<E>): void {
    const changes: Change<E>[] = [];
    for (const next of entries) {
      const old = this.entries.get(next.id);
      this.entries.set(next.id, next);
      if (old) this.count(old.venue, -1);
      this.count(next.venue, 1);
      changes.push(old ? { old, next } : { next });
    }
    for (const v of this.views.values()) v.apply(changes);
  }

  remove(ids: Iterable<string>): number {
    const changes: Change<E>[] = [];
    for (const id of ids) {
      const old = this.entries.get(id);
      if (!old) continue;
      this.entries.delete(id);
      this.count(old.venue, -1);
      changes.push({ old });
    }
    for (const v of this.views.values()) v.apply(changes);
    return changes.length;
  }

  /** Entries of one venue, O(1). */
  countOf(venue: VenueId): number {
    return this.counts.get(venue) ?? 0;
  }

  /** Ids of one venue's entries (a full scan; used once per full sync). */
  idsOf(venue: VenueId): string[] {
    const out: string[] = [];
    for (const e of this.entries.values()) if (e.venue === venue) out.push(e.id);
    return out;
  }

  private count(venue: VenueId, by: number): void {
    this.counts.set(venue, (this.counts.get(venue) ?? 0) + by);
  }

  page(req: PageRequest<E, S>): PageResult<E> {
    const view = this.views.get(req.sort);
    if (!view) throw new InvalidCursorError(`unknown sort ${req.sort}`);
    view.ensure(this.entries.values());
    let i = 0;
    if (req.cursor !== undefined) {
      const pos = decodeCursor(req.cursor, req.fingerprint);
      if (pos.key !== null && typeof pos.key !== view.spec.keyType) {
        throw new InvalidCursorError('cursor is not a cursor issued by this API');
      }
      i = view.seekAfter(pos.key, pos.id);
    }
    const max = Math.max(1, Math.floor(req.limit));
    const rows: E[] = [];
    let lastIndex = -1;
    const { accept, needle, past } = req;
    while (i < view.length) {
      if (needle) {
        i = view.nextTextMatch(needle, i);
        if (i < 0) break;
      }
      const e = view.row(i);
      if (past?.(e)) break;
      if (accept(e)) {
        if (rows.length === max) {
          // One more match exists: there is a next page, resuming after the last row returned.
          const last = rows[rows.length - 1] as E;
          return { rows, nextCursor: encodeCursor(req.fingerprint, { key: view.key(lastIndex), id: last.id }) };
        }
        rows.push(e);
        lastIndex = i;
      }
      i += 1;
    }
    return { rows, nextCursor: null };
  }
}
