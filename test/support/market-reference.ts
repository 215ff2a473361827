/**
 * A brute-force reference of the markets query, written independently of the catalog's index: a
 * plain filter over market objects and a sort with exact decimal comparison. Tests and the
 * catalog benchmark compare the index's pages, walked to the end, with `referenceIds`.
 *
 * Semantics:
 * - `venues`: any of them (none listed: every venue).
 * - `status`: the served status, in which an `open` market whose close time has passed (at `nowMs`)
 *   counts as `closed`.
 * - `category`: case-insensitive equality (a market without a category never matches).
 * - `closesBefore`: the close time is known and strictly before the bound.
 * - `realMoney`: equality.
 * - `q`: whole words, all of them. A word is a run of letters and digits (`[\p{L}\p{N}]+`),
 *   lowercased; every word of `q` must be one of the words of `title + "\n" + question`. A `q`
 *   with no word (`""`, `"?!"`) matches nothing.
 * - Sorts: `volume` descending by exact decimal value (null or unparseable last); `closeTime`
 *   ascending (unknown last); `newest` descending by `openTime`, else `updatedAt`. Ties by id
 *   ascending (plain string `<`).
 */
import type { Market, MarketStatus } from '../../src/core/index.js';
import type { MarketQuery } from '../../src/catalog/types.js';

/** The words of a text: runs of letters and digits, lowercased, in order (repeats kept). */
export function wordsOf(text: string): string[] {
  const runs = text.match(/[\p{L}\p{N}]+/gu);
  return runs === null ? [] : runs.map((w) => w.toLowerCase());
}

/** Epoch ms of an ISO time, or null when unknown or unparseable. */
export function timeOf(iso: string | null | undefined): number | null {
  if (iso === null || iso === undefined) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

/** The status served at `nowMs`: `open` past its close time is `closed`. */
export function servedStatus(m: Market, nowMs: number): MarketStatus {
  const close = timeOf(m.closeTime);
  return m.status === 'open' && close !== null && close <= nowMs ? 'closed' : m.status;
}

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/**
 * Compares two non-negative decimal strings exactly (no floats): the integer parts without
 * leading zeros by length then digits, then the fractions without trailing zeros digit by digit.
 * Null when either is not a plain non-negative decimal.
 */
export function compareDecimals(a: string, b: string): number | null {
  const x = DECIMAL.exec(a);
  const y = DECIMAL.exec(b);
  if (x === null || y === null) return null;
  const xi = x[1]!.replace(/^0+/, '');
  const yi = y[1]!.replace(/^0+/, '');
  if (xi.length !== yi.length) return xi.length < yi.length ? -1 : 1;
  if (xi !== yi) return xi < yi ? -1 : 1;
  const xf = (x[2] ?? '').replace(/0+$/, '');
  const yf = (y[2] ?? '').replace(/0+$/, '');
  const width = Math.max(xf.length, yf.length);
  const xp = xf.padEnd(width, '0');
  const yp = yf.padEnd(width, '0');
  return xp === yp ? 0 : xp < yp ? -1 : 1;
}

const isDecimal = (s: string | null): s is string => s !== null && DECIMAL.test(s);

/** Unknown (null) values last, whatever the direction of the rest. */
function nullsLast<T>(a: T | null, b: T | null, cmp: (x: T, y: T) => number): number {
  if (a === null || b === null) return a === null && b === null ? 0 : a === null ? 1 : -1;
  return cmp(a, b);
}

export type ReferenceQuery = Omit<MarketQuery, 'limit' | 'cursor'>;

/** Whether the market matches every filter of the query at `nowMs`. */
export function matches(m: Market, query: ReferenceQuery, nowMs: number, qWords?: readonly string[]): boolean {
  if (query.venues.length > 0 && !query.venues.includes(m.venue)) return false;
  if (query.status !== undefined && query.status.length > 0 && !query.status.includes(servedStatus(m, nowMs))) return false;
  if (query.category !== undefined && (m.category === null || m.category.toLowerCase() !== query.category.toLowerCase())) return false;
  if (query.closesBefore !== undefined) {
    const close = timeOf(m.closeTime);
    if (close === null || !(close < query.closesBefore.getTime())) return false;
  }
  if (query.realMoney !== undefined && m.realMoney !== query.realMoney) return false;
  if (query.q !== undefined) {
    const wanted = qWords ?? wordsOf(query.q);
    if (wanted.length === 0) return false;
    const have = new Set(wordsOf(`${m.title}\n${m.question}`));
    for (const w of wanted) if (!have.has(w)) return false;
  }
  return true;
}

interface Row {
  id: string;
  volume: string | null;
  close: number | null;
  newest: number;
}

function compareRows(sort: MarketQuery['sort'], a: Row, b: Row): number {
  let c: number;
  if (sort === 'volume') c = nullsLast(a.volume, b.volume, (x, y) => compareDecimals(y, x)!);
  else if (sort === 'closeTime') c = nullsLast(a.close, b.close, (x, y) => x - y);
  else c = b.newest - a.newest;
  if (c !== 0) return c;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Ids of the markets matching `query` at `nowMs`, in the order the index must return them. Only
 * the matching markets' ids and sort keys are kept, so `markets` may be a generator over many.
 */
export function referenceIds(markets: Iterable<Market>, query: ReferenceQuery, nowMs: number): string[] {
  const qWords = query.q === undefined ? undefined : wordsOf(query.q);
  const rows: Row[] = [];
  for (const m of markets) {
    if (!matches(m, query, nowMs, qWords)) continue;
    rows.push({
      id: m.id,
      volume: isDecimal(m.volume) ? m.volume : null,
      close: timeOf(m.closeTime),
      newest: timeOf(m.openTime) ?? timeOf(m.updatedAt) ?? 0,
    });
  }
  rows.sort((a, b) => compareRows(query.sort, a, b));
  return rows.map((r) => r.id);
}

/** Every id of `query`'s answer, walking `page` (an index's query) from the first page to the last. */
export function allPages(page: (cursor: string | undefined) => { data: { id: string }[]; nextCursor: string | null }, maxPages = 1_000_000): string[] {
  const out: string[] = [];
  let cursor: string | undefined;
  for (let n = 0; ; n++) {
    if (n >= maxPages) throw new Error(`more than ${maxPages} pages: the cursor does not advance`);
    const p = page(cursor);
    for (const m of p.data) out.push(m.id);
    if (p.nextCursor === null) return out;
    cursor = p.nextCursor;
  }
}
