import { BadRequest } from '../../src/core/index.js';

/**
 * Paging Manifold's time-ordered listings, newest first (docs/venues/manifold.md §Market data
 * endpoints, §Bets): `GET /markets` pages with `before` = a contract id, `search-markets` and
 * `GET /bets` with `beforeTime`; both mean "strictly older than", so rows sharing the time of a
 * page's last row would be lost by the obvious cursor. Instead the next request starts just above
 * that time (`beforeTime` = time + 1, or `before` = the last row of a greater time) and skips the
 * rows already given at it, asking for as many more rows as it skips. A tie group longer than the
 * venue's largest page is the only case that can still lose rows (it is logged).
 */

export interface TimeCursor {
  /** `before`: a row id (`GET /markets`). */
  b?: string;
  /** `beforeTime`. */
  t?: number;
  /** Rows already given at the boundary time (or, without a newer anchor, since the anchor). */
  s: string[];
  /** The boundary time. */
  at?: number;
}

export type AnchorMode = 'id' | 'time';

/** The `limit` of the next request: the page size plus the rows it will skip, up to the venue's maximum. */
export function requestLimit(cursor: TimeCursor | undefined, pageSize: number, max: number): number {
  return Math.min(max, pageSize + (cursor?.s.length ?? 0));
}

/**
 * After a page (`rows`, as the venue returned them for `cursor`): null at the end of the listing,
 * else the cursor of the next request. `stuck` is set when a whole page was rows already given (a
 * tie group longer than the venue's largest page): the listing then goes on past that time.
 */
export function advance<T>(
  rows: readonly T[],
  cursor: TimeCursor | undefined,
  limit: number,
  time: (r: T) => number,
  id: (r: T) => string,
  mode: AnchorMode,
): { next: TimeCursor | null; stuck: boolean } {
  if (rows.length < limit) return { next: null, stuck: false };
  const given = new Set(cursor?.s ?? []);
  const last = rows[rows.length - 1] as T;
  const boundary = time(last);
  const fresh = rows.filter((r) => !given.has(id(r)));
  if (fresh.length === 0) {
    // Nothing new in a full page: skip past the rest of this time.
    return { next: mode === 'id' ? { b: id(last), s: [] } : { t: boundary, s: [] }, stuck: true };
  }
  const atBoundary = rows.filter((r) => time(r) === boundary).map(id);
  if (mode === 'time') {
    const carried = cursor?.at === boundary ? (cursor?.s ?? []) : [];
    return { next: { t: boundary + 1, s: [...new Set([...carried, ...atBoundary])], at: boundary }, stuck: false };
  }
  let anchor: T | undefined;
  for (let i = rows.length - 1; i >= 0; i--) {
    if (time(rows[i] as T) > boundary) {
      anchor = rows[i] as T;
      break;
    }
  }
  if (anchor !== undefined) return { next: { b: id(anchor), s: atBoundary, at: boundary }, stuck: false };
  // The whole page is one time: keep the anchor, skip everything given since it.
  return { next: { ...(cursor?.b !== undefined ? { b: cursor.b } : {}), s: [...new Set([...(cursor?.s ?? []), ...rows.map(id)])], at: boundary }, stuck: false };
}

/** Our listing cursors: a small JSON object, base64url-encoded (opaque to callers). */
export function encodeCursor(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor<T extends object>(text: string, valid: (c: T) => boolean = () => true): T {
  let c: unknown;
  try {
    c = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    c = undefined;
  }
  if (c === null || typeof c !== 'object' || !valid(c as T)) throw new BadRequest(`manifold: invalid listing cursor ${JSON.stringify(text)}`, { venue: 'manifold' });
  return c as T;
}

export function isTimeCursor(c: Partial<TimeCursor>): boolean {
  return Array.isArray(c.s) && c.s.every((x) => typeof x === 'string') && (c.b === undefined || typeof c.b === 'string') && (c.t === undefined || Number.isInteger(c.t));
}
