import { Decimal } from '../../core/index.js';
import type { Comparator } from './numbers.js';

/**
 * Sets of values on one axis (a price, a rate, a change in bps): intervals with open or closed
 * ends. Two propositions on the same quantity relate as their sets do: equal sets are the same
 * proposition; one inside the other is a subset; complementary sets are inverses.
 */
export interface Interval {
  lo: Decimal | null;
  hi: Decimal | null;
  loOpen: boolean;
  hiOpen: boolean;
}

export type SetRelation = 'equal' | 'a-in-b' | 'b-in-a' | 'complement' | 'disjoint' | 'overlap';

export function fromComparator(cmp: Comparator, value: Decimal, upper: Decimal | null): Interval {
  switch (cmp) {
    case '>':
      return { lo: value, hi: null, loOpen: true, hiOpen: false };
    case '>=':
      return { lo: value, hi: null, loOpen: false, hiOpen: false };
    case '<':
      return { lo: null, hi: value, loOpen: false, hiOpen: true };
    case '<=':
      return { lo: null, hi: value, loOpen: false, hiOpen: false };
    case '=':
      return { lo: value, hi: value, loOpen: false, hiOpen: false };
    case 'between':
      return { lo: value, hi: upper ?? value, loOpen: false, hiOpen: false };
  }
}

/** −1 / 0 / 1 comparing lower ends (null = −∞; an open end starts just above its value). */
function cmpLo(a: Interval, b: Interval): number {
  if (a.lo === null || b.lo === null) return a.lo === b.lo ? 0 : a.lo === null ? -1 : 1;
  const c = a.lo.cmp(b.lo);
  if (c !== 0) return c;
  return a.loOpen === b.loOpen ? 0 : a.loOpen ? 1 : -1;
}

function cmpHi(a: Interval, b: Interval): number {
  if (a.hi === null || b.hi === null) return a.hi === b.hi ? 0 : a.hi === null ? 1 : -1;
  const c = a.hi.cmp(b.hi);
  if (c !== 0) return c;
  return a.hiOpen === b.hiOpen ? 0 : a.hiOpen ? -1 : 1;
}

/** Whether a's upper end meets b's lower end exactly with one side closed and the other open. */
function touches(hiSide: Interval, loSide: Interval): boolean {
  return hiSide.hi !== null && loSide.lo !== null && hiSide.hi.eq(loSide.lo) && hiSide.hiOpen !== loSide.loOpen;
}

function separated(a: Interval, b: Interval): boolean {
  if (a.hi !== null && b.lo !== null) {
    const c = a.hi.cmp(b.lo);
    if (c < 0 || (c === 0 && (a.hiOpen || b.loOpen))) return true;
  }
  if (b.hi !== null && a.lo !== null) {
    const c = b.hi.cmp(a.lo);
    if (c < 0 || (c === 0 && (b.hiOpen || a.loOpen))) return true;
  }
  return false;
}

export function relate(a: Interval, b: Interval): SetRelation {
  const lo = cmpLo(a, b);
  const hi = cmpHi(a, b);
  if (lo === 0 && hi === 0) return 'equal';
  if (separated(a, b)) {
    // Complement: together they cover the whole line with nothing in common.
    if (a.lo === null && b.hi === null && touches(a, b)) return 'complement';
    if (b.lo === null && a.hi === null && touches(b, a)) return 'complement';
    return 'disjoint';
  }
  if (lo >= 0 && hi <= 0) return 'a-in-b';
  if (lo <= 0 && hi >= 0) return 'b-in-a';
  return 'overlap';
}

export function formatInterval(i: Interval, unit: (v: Decimal) => string): string {
  if (i.lo !== null && i.hi !== null && i.lo.eq(i.hi) && !i.loOpen && !i.hiOpen) return `= ${unit(i.lo)}`;
  if (i.lo === null && i.hi !== null) return `${i.hiOpen ? '<' : '≤'} ${unit(i.hi)}`;
  if (i.hi === null && i.lo !== null) return `${i.loOpen ? '>' : '≥'} ${unit(i.lo)}`;
  if (i.lo !== null && i.hi !== null) return `${i.loOpen ? '(' : '['}${unit(i.lo)}, ${unit(i.hi)}${i.hiOpen ? ')' : ']'}`;
  return 'any value';
}

/**
 * The cent-grid reading of a strict bound: "> 74,299.99" and "≥ 74,300" are the same set when the
 * observed value has two decimals (one unit of the bounds' last place apart, at least cents).
 */
export function gridEquivalent(a: Interval, b: Interval): boolean {
  const pairs: [Decimal | null, boolean, Decimal | null, boolean][] = [
    [a.lo, a.loOpen, b.lo, b.loOpen],
    [a.hi, a.hiOpen, b.hi, b.hiOpen],
  ];
  let adjusted = false;
  for (const [i, [x, xOpen, y, yOpen]] of pairs.entries()) {
    if (x === null || y === null) {
      if (x !== y) return false;
      continue;
    }
    if (x.eq(y) && xOpen === yOpen) continue;
    if (xOpen === yOpen) return false;
    const [open, closed] = xOpen ? [x, y] : [y, x];
    const places = Math.max(open.normalize().scale, closed.normalize().scale);
    if (places < 2) return false;
    const unit = Decimal.fromUnits(1n, places);
    // Lower ends: "> 74,299.99" ≡ "≥ 74,300"; upper ends: "< 74,300" ≡ "≤ 74,299.99".
    const expected = i === 0 ? open.add(unit) : open.sub(unit);
    if (!expected.eq(closed)) return false;
    adjusted = true;
  }
  return adjusted;
}
