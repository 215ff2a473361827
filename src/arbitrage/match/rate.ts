import { Decimal } from '../../core/index.js';
import { findThresholds, inUnit, type Comparator } from './numbers.js';
import { withoutDates } from './time-spec.js';

/**
 * A central-bank decision stated as a change ("cut 25 bps", "50+ bps decrease", "no change",
 * "Hike 0bps"), as an interval of basis points on a signed axis (cuts negative).
 */
export interface RateChange {
  /** Inclusive bounds; null = unbounded. */
  lo: Decimal | null;
  hi: Decimal | null;
  /** Open bounds (strict). */
  loOpen: boolean;
  hiOpen: boolean;
  label: string;
}

const CUT = /\b(cut|cuts|decrease|decreases|lower|lowers|reduce|reduces|reduction|ease|eases)\b/;
const HIKE = /\b(hike|hikes|increase|increases|raise|raises)\b/;
const HOLD = /\b(no change|hold|holds|maintain|maintains|unchanged|pause|pauses|keep rates|keeps rates|steady)\b/;

function interval(sign: 1 | -1, cmp: Comparator | null, amount: Decimal | null): Omit<RateChange, 'label'> {
  const v = amount ? (sign < 0 ? amount.neg() : amount) : null;
  if (v === null || cmp === null) {
    return sign < 0 ? { lo: null, hi: Decimal.ZERO, loOpen: false, hiOpen: true } : { lo: Decimal.ZERO, hi: null, loOpen: true, hiOpen: false };
  }
  const away = cmp === '>' || cmp === '>=';
  const strict = cmp === '>';
  if (cmp === '=' || cmp === 'between') return { lo: v, hi: v, loOpen: false, hiOpen: false };
  if (sign < 0) return away ? { lo: null, hi: v, loOpen: false, hiOpen: strict } : { lo: v, hi: Decimal.ZERO, loOpen: cmp === '<', hiOpen: true };
  return away ? { lo: v, hi: null, loOpen: strict, hiOpen: false } : { lo: Decimal.ZERO, hi: v, loOpen: true, hiOpen: cmp === '<' };
}

/** Reads a rate change from a label or question; null when the text states no change. */
export function findRateChange(folded: string): RateChange | null {
  const text = withoutDates(folded);
  const hold = HOLD.test(text);
  const cut = CUT.test(text);
  const hike = HIKE.test(text);
  const bps = /(\d+(?:\.\d+)?)\s*\+?\s*(bps|bp|basis points?)\b/.exec(text);
  const amount = bps ? Decimal.parse(bps[1]!) : null;
  if (amount?.isZero() || (hold && !cut && !hike)) return { lo: Decimal.ZERO, hi: Decimal.ZERO, loOpen: false, hiOpen: false, label: 'no change' };
  if (cut === hike) return null;
  const t = findThresholds(text).find((x) => x.unit === 'bps' || x.unit === '%');
  let cmp: Comparator | null = t ? t.cmp : amount ? '=' : null;
  let value = t ? inUnit(t.value, t.unit, 'bps') : amount;
  if (t && t.unit === '%') value = inUnit(t.value, '%', 'bps');
  if (!value && amount) value = amount;
  if (cmp === '<' || cmp === '<=') cmp = cmp === '<' ? '<' : '<=';
  const sign = cut ? -1 : 1;
  const word = cut ? 'cut' : 'hike';
  const sym = cmp === '>' ? '>' : cmp === '>=' ? '≥' : cmp === '<' ? '<' : cmp === '<=' ? '≤' : '';
  const label = value ? `${word} ${sym}${value.toString()} bps` : `any ${word}`;
  return { ...interval(sign, cmp, value), label };
}

/**
 * Decisions move in 25 bp steps (the venues' rules round in-between moves to the step), so a
 * strict bound is the next step: "> 25 bps cut" is "≥ 50 bps cut".
 */
export function onQuarterPointGrid(r: RateChange): RateChange {
  const step = Decimal.parse('25');
  const snap = (v: Decimal | null, open: boolean, up: boolean): [Decimal | null, boolean] => {
    if (v === null || !open || !v.isMultipleOf(step)) return [v, open];
    return [up ? v.add(step) : v.sub(step), false];
  };
  const [lo, loOpen] = snap(r.lo, r.loOpen, true);
  const [hi, hiOpen] = snap(r.hi, r.hiOpen, false);
  return { ...r, lo, hi, loOpen, hiOpen };
}
