/**
 * What the market index derives from a market to filter and sort by, without floats deciding an
 * order: times in epoch ms, exact decimal sort keys, volumes as doubles with their exact key when
 * the double is not exact, a hash of the searched text, and an order key of ids.
 */
import { VENUE_IDS } from '../core/index.js';

const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Epoch ms of `iso` when it is exactly what `Date.prototype.toISOString` prints for that instant
 * (`YYYY-MM-DDTHH:MM:SS.sssZ`, years 0100–9999), NaN otherwise. Read by character codes, without
 * building a Date: so a time can be held as its number and printed back byte for byte.
 */
export function canonicalMs(iso: string): number {
  if (iso.length !== 24 || iso.charCodeAt(23) !== 90 || iso.charCodeAt(10) !== 84 || iso.charCodeAt(19) !== 46) return NaN;
  if (iso.charCodeAt(4) !== 45 || iso.charCodeAt(7) !== 45 || iso.charCodeAt(13) !== 58 || iso.charCodeAt(16) !== 58) return NaN;
  // The 17 digits, each 0–9 (straight-line code: this runs four times per indexed market).
  const y0 = iso.charCodeAt(0) - 48;
  const y1 = iso.charCodeAt(1) - 48;
  const y2 = iso.charCodeAt(2) - 48;
  const y3 = iso.charCodeAt(3) - 48;
  const mo0 = iso.charCodeAt(5) - 48;
  const mo1 = iso.charCodeAt(6) - 48;
  const d0 = iso.charCodeAt(8) - 48;
  const d1 = iso.charCodeAt(9) - 48;
  const h0 = iso.charCodeAt(11) - 48;
  const h1 = iso.charCodeAt(12) - 48;
  const mi0 = iso.charCodeAt(14) - 48;
  const mi1 = iso.charCodeAt(15) - 48;
  const s0 = iso.charCodeAt(17) - 48;
  const s1 = iso.charCodeAt(18) - 48;
  const ms0 = iso.charCodeAt(20) - 48;
  const ms1 = iso.charCodeAt(21) - 48;
  const ms2 = iso.charCodeAt(22) - 48;
  // A code below '0' is negative, one above '9' makes 9 − it negative: either sets the sign bit.
  const below = y0 | y1 | y2 | y3 | mo0 | mo1 | d0 | d1 | h0 | h1 | mi0 | mi1 | s0 | s1 | ms0 | ms1 | ms2;
  const above = (9 - y0) | (9 - y1) | (9 - y2) | (9 - y3) | (9 - mo0) | (9 - mo1) | (9 - d0) | (9 - d1) | (9 - h0) | (9 - h1);
  if ((below | above | (9 - mi0) | (9 - mi1) | (9 - s0) | (9 - s1) | (9 - ms0) | (9 - ms1) | (9 - ms2)) < 0) return NaN;
  const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const month = mo0 * 10 + mo1;
  const day = d0 * 10 + d1;
  const hour = h0 * 10 + h1;
  const minute = mi0 * 10 + mi1;
  const second = s0 * 10 + s1;
  // Years below 100 are read by Date.UTC as 19xx: left to Date.parse.
  if (year < 100 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return NaN;
  if (day > (DAYS[month - 1] as number) || (month === 2 && day === 29 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)))) return NaN;
  return daysFromCivil(year, month, day) * 86_400_000 + hour * 3_600_000 + minute * 60_000 + second * 1000 + ms0 * 100 + ms1 * 10 + ms2;
}

/**
 * Days from 1970-01-01 to a valid proleptic Gregorian date of a year from 100 (what `Date.UTC`
 * counts, by integer arithmetic: H. Hinnant's `days_from_civil`, with years starting in March).
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
}

const canonicalOrNaN = (iso: string | null | undefined): number => (iso === null || iso === undefined ? NaN : canonicalMs(iso));
/** `timeMs` of a time whose `canonicalMs` is already known. */
const orParsed = (canonical: number, iso: string | null | undefined): number => (canonical === canonical || iso === null || iso === undefined ? canonical : Date.parse(iso));

/** Epoch ms of an ISO time (NaN: none or unparseable): the canonical form fast, anything else by `Date.parse`. */
export function timeMs(iso: string | null | undefined): number {
  return orParsed(canonicalOrNaN(iso), iso);
}

/**
 * A market's times in epoch ms (NaN: none or unparseable), read once per indexed market for its
 * encoding, its tier and its columns. `canonical` has a bit per time printed exactly as
 * `toISOString` prints it (`CANONICAL_*`): the encoding holds those as their number.
 */
export interface MarketTimes {
  open: number;
  close: number;
  updated: number;
  quoted: number;
  canonical: number;
}

export const CANONICAL_OPEN = 1;
export const CANONICAL_CLOSE = 2;
export const CANONICAL_UPDATED = 4;
export const CANONICAL_QUOTED = 8;

/** The times of a market (`quotedAt` may be absent). */
export function timesOf(m: { openTime: string | null; closeTime: string | null; updatedAt: string; quotedAt?: string | null }): MarketTimes {
  const open = canonicalOrNaN(m.openTime);
  const close = canonicalOrNaN(m.closeTime);
  const updated = canonicalMs(m.updatedAt);
  const quoted = canonicalOrNaN(m.quotedAt);
  return {
    open: orParsed(open, m.openTime),
    close: orParsed(close, m.closeTime),
    updated: orParsed(updated, m.updatedAt),
    quoted: orParsed(quoted, m.quotedAt),
    canonical: (open === open ? CANONICAL_OPEN : 0) | (close === close ? CANONICAL_CLOSE : 0) | (updated === updated ? CANONICAL_UPDATED : 0) | (quoted === quoted ? CANONICAL_QUOTED : 0),
  };
}

/** Epoch ms of an ISO time, or null when none or unparseable. */
export function timeOrNull(iso: string | null | undefined): number | null {
  const ms = timeMs(iso);
  return ms === ms ? ms : null;
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

/** The plain decimal of a sort key (`decimalSortKey` reversed). */
export function plainOfKey(key: string): string {
  const dot = key.indexOf('.');
  const int = key.slice(0, dot).replace(/^0+(?=\d)/, '');
  const frac = key.slice(dot + 1);
  return frac === '' ? int : `${int}.${frac}`;
}

/**
 * A 53-bit hash of a market's title and question (two 32-bit FNV-1a variants), to notice a changed
 * text without keeping it.
 */
export function hashOf(title: string, question: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < title.length; i++) {
    const c = title.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  a = Math.imul(a ^ 10, 0x01000193);
  b = Math.imul(b ^ 10, 0x5bd1e995);
  for (let i = 0; i < question.length; i++) {
    const c = question.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return (a >>> 0) * 0x200000 + ((b >>> 0) & 0x1fffff);
}

/** Orders two numeric keys (NaN: unknown, always last), ascending for `dir` 1, descending for -1. */
export function compareNumbers(a: number, b: number, dir: 1 | -1): number {
  if (a === b) return 0;
  const an = a !== a;
  const bn = b !== b;
  if (an || bn) return an && bn ? 0 : an ? 1 : -1;
  return a < b ? -dir : dir;
}

export const same = (a: number, b: number): boolean => a === b || (a !== a && b !== b);

/**
 * A volume as a double (NaN: none or malformed), with its exact sort key when the double does not
 * hold the decimal exactly.
 */
export function volumeOf(volume: string | null): [number, string | undefined] {
  if (volume === null) return [NaN, undefined];
  const n = Number(volume);
  // The common case: a canonical decimal the double holds exactly.
  if (n >= 0 && String(n) === volume) return [n, undefined];
  const key = decimalSortKey(volume);
  if (key === null) return [NaN, undefined];
  const plain = plainOfKey(key);
  const approx = Number(plain);
  return [approx, String(approx) === plain ? undefined : key];
}

const VENUE_RANK = new Map(
  [...VENUE_IDS]
    .map((v) => `${v}:`)
    .sort()
    .map((prefix, i) => [prefix.slice(0, -1), i]),
);

/**
 * A number ordering market ids as strings do, as far as it can tell (NaN when it cannot): the
 * venue's place among the `venue:` prefixes, then the first six characters after the prefix (one
 * byte each, shorter ids padded with 0). Two ids with different keys compare as their keys do; equal
 * or unknown keys leave the order to the strings. Sorted views break ties between equal sort keys
 * by id, and most of those comparisons are so settled without reading the id strings.
 */
export function idOrderKey(id: string, venue: string): number {
  const rank = VENUE_RANK.get(venue);
  const from = venue.length + 1;
  if (rank === undefined || id.charCodeAt(venue.length) !== 58 || !id.startsWith(venue)) return NaN;
  let key = rank;
  for (let i = from; i < from + 6; i++) {
    if (i >= id.length) {
      key *= 256;
      continue;
    }
    const c = id.charCodeAt(i);
    if (c === 0 || c > 255) return NaN;
    key = key * 256 + c;
  }
  return key;
}
