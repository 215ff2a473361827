/**
 * Opaque cursors and per-endpoint limits (docs/venues/kalshi.md §3.5). A cursor encodes a position in
 * the endpoint's stable order; `""` marks the end. Limits above the maximum are clamped (the
 * reference leaves 400-vs-clamp open; clamping is the lenient choice).
 */
import type { Context } from 'hono';
import { badRequest } from './http.js';

export const LIMITS = {
  markets: [100, 1000],
  trades: [100, 1000],
  historicalMarkets: [100, 1000],
  events: [200, 200],
  multivariateEvents: [100, 200],
  portfolio: [100, 1000],
} as const satisfies Record<string, readonly [number, number]>;

export function encodeCursor(position: number): string {
  return Buffer.from(`kalshi-sim:${position}`).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): number | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const m = /^kalshi-sim:(\d+)$/.exec(text);
  if (!m) throw badRequest('invalid cursor', 'invalid_cursor');
  return Number(m[1]);
}

export function pageLimit(c: Context, [def, max]: readonly [number, number]): number {
  const v = c.req.query('limit');
  if (v === undefined || v === '') return def;
  if (!/^\d+$/.test(v) || Number(v) < 1) throw badRequest('limit must be a positive integer');
  return Math.min(Number(v), max);
}

/**
 * Walks `items` from `start` (ascending) collecting up to `limit` matches; the cursor points past
 * the last returned item, or is `""` when nothing further matches.
 */
export function pageForward<T>(items: readonly T[], start: number, limit: number, match: (t: T) => boolean): { page: T[]; cursor: string } {
  const page: T[] = [];
  let i = start;
  for (; i < items.length && page.length < limit; i++) if (match(items[i] as T)) page.push(items[i] as T);
  let more = false;
  for (let j = i; j < items.length; j++) if (match(items[j] as T)) { more = true; break; }
  return { page, cursor: more ? encodeCursor(i) : '' };
}

/** Newest-first walk over an append-only array: the cursor is an absolute index, stable under appends. */
export function pageBackward<T>(items: readonly T[], start: number | undefined, limit: number, match: (t: T) => boolean): { page: T[]; cursor: string } {
  const page: T[] = [];
  let i = Math.min(start ?? items.length - 1, items.length - 1);
  for (; i >= 0 && page.length < limit; i--) if (match(items[i] as T)) page.push(items[i] as T);
  let more = false;
  for (let j = i; j >= 0; j--) if (match(items[j] as T)) { more = true; break; }
  return { page, cursor: more ? encodeCursor(i) : '' };
}
