import { BadRequest, VenueFormatError } from '../core/errors.js';
import type { VenueId } from '../core/ids.js';
import type { Page } from './adapter.js';

/**
 * Pagination helpers. Each returns an `AsyncIterable<Page<T>>` whose `nextCursor` can be saved and
 * passed back as `startCursor` / `startOffset` to resume after that page (a new iteration each time
 * it is iterated). Empty intermediate pages are skipped; the iteration yields nothing when the
 * listing is empty.
 */

/** Names the listing in the error thrown when a venue repeats a cursor. */
export interface PaginationLabel {
  venue?: VenueId;
  endpoint?: string;
}

export interface CursorPaginationOptions<T> extends PaginationLabel {
  fetchPage(cursor: string | undefined): Promise<{ items: T[]; nextCursor: string | null | undefined }>;
  startCursor?: string;
  maxPages?: number;
  /**
   * Cursor values that mean "no more pages" besides `''`, `null` and absent (some venues end
   * with a sentinel such as `"LTE="`).
   */
  endCursors?: readonly string[];
}

function repeatedCursor(label: PaginationLabel, cursor: string): VenueFormatError {
  const where = `${label.venue ?? 'venue'} ${label.endpoint ?? 'listing'}`;
  return new VenueFormatError(`${where}: pagination cursor ${JSON.stringify(cursor)} repeated; the listing would loop`, {
    venue: label.venue,
    endpoint: label.endpoint,
  });
}

function isEnd(cursor: string | null | undefined, endCursors: readonly string[] | undefined): cursor is null | undefined | '' {
  return cursor === undefined || cursor === null || cursor === '' || (endCursors?.includes(cursor) ?? false);
}

/** Opaque-cursor pagination (`cursor`, `next_cursor`). */
export function paginateCursor<T>(options: CursorPaginationOptions<T>): AsyncIterable<Page<T>> {
  return {
    async *[Symbol.asyncIterator]() {
      const maxPages = options.maxPages ?? Infinity;
      const seen = new Set<string>();
      let cursor = options.startCursor;
      if (cursor !== undefined && isEnd(cursor, options.endCursors)) return;
      if (cursor !== undefined) seen.add(cursor);
      for (let pages = 0; pages < maxPages; pages++) {
        const page = await options.fetchPage(cursor);
        const next = isEnd(page.nextCursor, options.endCursors) ? null : page.nextCursor;
        if (next !== null) {
          if (seen.has(next)) throw repeatedCursor(options, next);
          seen.add(next);
        }
        if (page.items.length > 0) yield { items: page.items, nextCursor: next };
        if (next === null) return;
        cursor = next;
      }
    },
  };
}

export interface OffsetPaginationOptions<T> {
  fetchPage(offset: number, limit: number): Promise<T[]>;
  pageSize: number;
  startOffset?: number;
  maxPages?: number;
  /** The venue rejects offsets beyond this (e.g. 1000); iteration stops there. */
  maxOffset?: number;
}

/** Parses an offset cursor produced by {@link paginateOffset}; throws `BadRequest` on garbage. */
export function offsetFromCursor(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  if (!/^\d{1,15}$/.test(cursor)) throw new BadRequest(`invalid offset cursor ${JSON.stringify(cursor)}`);
  return Number(cursor);
}

/** Offset/limit pagination; the cursor is the next offset as a string. Ends on a short page. */
export function paginateOffset<T>(options: OffsetPaginationOptions<T>): AsyncIterable<Page<T>> {
  const { pageSize } = options;
  if (!Number.isInteger(pageSize) || pageSize <= 0) throw new RangeError(`pageSize must be a positive integer, got ${pageSize}`);
  return {
    async *[Symbol.asyncIterator]() {
      const maxPages = options.maxPages ?? Infinity;
      const maxOffset = options.maxOffset ?? Infinity;
      let offset = options.startOffset ?? 0;
      for (let pages = 0; pages < maxPages && offset <= maxOffset; pages++) {
        const items = await options.fetchPage(offset, pageSize);
        const nextOffset = offset + items.length;
        const more = items.length >= pageSize && nextOffset <= maxOffset;
        if (items.length > 0) yield { items, nextCursor: more ? String(nextOffset) : null };
        if (!more) return;
        offset = nextOffset;
      }
    },
  };
}

export interface KeysetPaginationOptions<T> extends PaginationLabel {
  /**
   * Fetches the page after `after`. Return `nextCursor` when the venue sends one (a
   * `next_cursor` echoed back as `after_cursor`); leave it undefined to derive the next key from the
   * last item with `keyOf` (`before=<last id>`).
   */
  fetchPage(after: string | undefined): Promise<{ items: T[]; nextCursor?: string | null }>;
  /** Derives the next key from the last item when the venue sends no cursor. */
  keyOf?: (item: T) => string;
  /** With `keyOf`: a page shorter than this is the last one. */
  pageSize?: number;
  startCursor?: string;
  maxPages?: number;
}

/**
 * Keyset pagination. With a venue cursor, it stops only when the cursor is missing, `null` or `''`
 * — never on a short page (a venue that clamps page sizes makes short pages ambiguous). With
 * `keyOf`, it stops on an empty page or a page shorter than `pageSize`.
 */
export function paginateKeyset<T>(options: KeysetPaginationOptions<T>): AsyncIterable<Page<T>> {
  return {
    async *[Symbol.asyncIterator]() {
      const maxPages = options.maxPages ?? Infinity;
      const seen = new Set<string>();
      let after = options.startCursor;
      if (after === '') return;
      if (after !== undefined) seen.add(after);
      for (let pages = 0; pages < maxPages; pages++) {
        const page = await options.fetchPage(after);
        let next: string | null;
        if (page.nextCursor !== undefined || !options.keyOf) {
          next = isEnd(page.nextCursor, undefined) ? null : page.nextCursor;
        } else {
          const lastItem = page.items[page.items.length - 1];
          const short = options.pageSize !== undefined && page.items.length < options.pageSize;
          next = lastItem === undefined || short ? null : options.keyOf(lastItem);
        }
        if (next !== null) {
          if (seen.has(next)) throw repeatedCursor(options, next);
          seen.add(next);
        }
        if (page.items.length > 0) yield { items: page.items, nextCursor: next };
        if (next === null) return;
        after = next;
      }
    },
  };
}

/** Collects items of every page, stopping once `limit` items are collected (trimmed to `limit`). */
export async function collectAll<T>(pages: AsyncIterable<Page<T>>, limit = Infinity): Promise<T[]> {
  const out: T[] = [];
  if (limit <= 0) return out;
  for await (const page of pages) {
    for (const item of page.items) {
      out.push(item);
      if (out.length >= limit) return out;
    }
  }
  return out;
}

/** Maps the items of every page (e.g. wire → model), keeping cursors. */
export function mapPages<A, B>(pages: AsyncIterable<Page<A>>, fn: (item: A) => B): AsyncIterable<Page<B>> {
  return {
    async *[Symbol.asyncIterator]() {
      for await (const page of pages) yield { items: page.items.map(fn), nextCursor: page.nextCursor };
    },
  };
}
