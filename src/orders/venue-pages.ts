/**
 * Listings across several venues behind one opaque cursor: the venues are walked in order, one
 * venue page per answer, the venue's own cursor carried inside ours. The cursor is bound to the
 * query it was issued for. With several venues a failing venue is reported and skipped; with one
 * its error is the answer.
 */
import { createHash } from 'node:crypto';
import type { VenueId } from '../core/index.js';
import type { Page, VenueAdapter } from '../venue/adapter.js';

export class BadCursor extends Error {
  override name = 'BadCursor';
}

export interface VenueFailure {
  venue: VenueId;
  error: unknown;
}

export interface MultiVenuePage<T> {
  data: T[];
  nextCursor: string | null;
  errors: VenueFailure[];
}

interface CursorState {
  /** Index of the venue in the list. */
  i: number;
  /** That venue's own cursor. */
  c: string | null;
  /** Binding to the query. */
  q: string;
}

export function queryBinding(parts: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 16);
}

function encode(state: CursorState): string {
  return Buffer.from(JSON.stringify(state)).toString('base64url');
}

function decode(cursor: string, binding: string, venues: number): CursorState {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const s = parsed as Partial<CursorState> | undefined;
  if (!s || typeof s !== 'object' || typeof s.i !== 'number' || !Number.isInteger(s.i) || s.i < 0 || s.i >= venues || s.q !== binding || (s.c !== null && typeof s.c !== 'string')) {
    throw new BadCursor('is not a cursor issued for this query');
  }
  return { i: s.i, c: s.c ?? null, q: s.q };
}

export async function pageAcrossVenues<T>(
  adapters: readonly VenueAdapter[],
  binding: string,
  cursor: string | undefined,
  list: (adapter: VenueAdapter, venueCursor: string | undefined) => AsyncIterable<Page<T>>,
): Promise<MultiVenuePage<T>> {
  const errors: VenueFailure[] = [];
  if (adapters.length === 0) return { data: [], nextCursor: null, errors };
  let state: CursorState = cursor === undefined ? { i: 0, c: null, q: binding } : decode(cursor, binding, adapters.length);
  for (;;) {
    const adapter = adapters[state.i] as VenueAdapter;
    const next = (c: string | null): string | null => {
      if (c !== null) return encode({ i: state.i, c, q: binding });
      return state.i + 1 < adapters.length ? encode({ i: state.i + 1, c: null, q: binding }) : null;
    };
    let page: Page<T> | undefined;
    const pages = list(adapter, state.c ?? undefined)[Symbol.asyncIterator]();
    try {
      const first = await pages.next();
      page = first.done ? { items: [], nextCursor: null } : first.value;
    } catch (err) {
      if (adapters.length === 1) throw err;
      errors.push({ venue: adapter.venue, error: err });
    } finally {
      await pages.return?.();
    }
    const venueNext = page?.nextCursor ?? null;
    if ((page && page.items.length > 0) || venueNext !== null) return { data: page?.items ?? [], nextCursor: next(venueNext), errors };
    const after = next(null);
    if (after === null) return { data: [], nextCursor: null, errors };
    state = { i: state.i + 1, c: null, q: binding };
  }
}
