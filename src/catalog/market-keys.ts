/**
 * What the market index derives from a market to filter and sort by, without floats deciding an
 * order: times in epoch ms, exact decimal sort keys, volumes as doubles with their exact key when
 * the double is not exact, and a hash of the searched text.
 */
const digit = (s: string, i: number): number => s.charCodeAt(i) - 48;
const two = (s: string, i: number): number => digit(s, i) * 10 + digit(s, i + 1);

/**
 * Epoch ms of an ISO time (NaN: none or unparseable). The model's canonical form
 * (`YYYY-MM-DDTHH:MM:SS.sssZ`) is read by character codes; anything else by `Date.parse`.
 */
export function timeMs(iso: string | null | undefined): number {
  if (iso === null || iso === undefined) return NaN;
  if (iso.length === 24 && iso.charCodeAt(23) === 90 && iso.charCodeAt(10) === 84 && iso.charCodeAt(19) === 46) {
    const ms = Date.UTC(two(iso, 0) * 100 + two(iso, 2), two(iso, 5) - 1, two(iso, 8), two(iso, 11), two(iso, 14), two(iso, 17), digit(iso, 20) * 100 + two(iso, 21));
    // Out-of-range fields (a 13th month, …) are Date.parse's to judge, not rolled over.
    if (ms === ms && new Date(ms).toISOString() === iso) return ms;
  }
  return Date.parse(iso);
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

