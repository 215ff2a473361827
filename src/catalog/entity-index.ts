import type { VenueId } from '../core/index.js';
import { SortedIndex } from './sorted-index.js';
import type { SortSpec } from './sorted-index.js';

/**
 * What the market and event indexes share: items by id, wrapped once into entries with their
 * precomputed sort and filter keys, kept pre-sorted by every sort order, and counted per venue.
 */
export abstract class EntityIndex<T extends { id: string; venue: VenueId }, E extends { id: string; venue: VenueId }, S extends string> {
  protected readonly index: SortedIndex<E, S>;

  protected constructor(
    specs: Record<S, SortSpec<E>>,
    textOf: (entry: E) => string,
    private readonly wrap: (item: T) => E,
    private readonly unwrap: (entry: E) => T,
  ) {
    this.index = new SortedIndex<E, S>(specs, textOf);
  }

  get size(): number {
    return this.index.size;
  }

  get(id: string): T | undefined {
    const entry = this.index.get(id);
    return entry === undefined ? undefined : this.unwrap(entry);
  }

  upsert(items: Iterable<T>): void {
    const entries: E[] = [];
    for (const item of items) entries.push(this.wrap(item));
    this.index.upsert(entries);
  }

  remove(ids: Iterable<string>): number {
    return this.index.remove(new Set(ids));
  }

  /** Ids of one venue's items (a full scan; used once per full sync). */
  idsOf(venue: VenueId): string[] {
    return this.index.idsOf(venue);
  }

  /** Entries that `accept` takes (a full scan). */
  protected countWhere(accept: (entry: E) => boolean): number {
    let n = 0;
    for (const e of this.index.values()) if (accept(e)) n += 1;
    return n;
  }

  /** Items of one venue, O(1). */
  countOf(venue: VenueId): number {
    return this.index.countOf(venue);
  }
}
