import { Decimal } from '../../core/index.js';

/**
 * Numbers with their units, and the comparison a market states on them ("above $74,300",
 * "4.25% or higher", "between 70-71°", "50+ bps", "at least 3"). Works on folded text with date and
 * time spans already blanked out (so years, days and clock times are not read as thresholds).
 */

export type Unit = '$' | '%' | 'bps' | 'deg' | null;
export type Comparator = '>' | '>=' | '<' | '<=' | '=' | 'between';

export interface NumberMention {
  start: number;
  end: number;
  value: Decimal;
  unit: Unit;
  /** The unit word when it is not one of the known units ("seats", "tonnes"). */
  noun: string | null;
  /** Written with a trailing `+` ("50+ bps"). */
  plus: boolean;
}

export interface Threshold {
  cmp: Comparator;
  value: Decimal;
  /** Upper bound for `between`. */
  upper: Decimal | null;
  unit: Unit;
  noun: string | null;
  /** The words it was read from, for reasons. */
  text: string;
}

const MULTIPLIERS: Record<string, string> = {
  k: '1000', thousand: '1000', m: '1000000', mm: '1000000', mn: '1000000', million: '1000000',
  b: '1000000000', bn: '1000000000', billion: '1000000000', t: '1000000000000', tn: '1000000000000', trillion: '1000000000000',
};

const NUMBER_RE =
  /(\$\s*)?(\d[\d,]*(?:\.\d+)?)(?:\s*(k|m|mm|mn|b|bn|t|tn|thousand|million|billion|trillion)\b)?(\s*\+)?\s*(%|percent\b|percentage points?\b|bps\b|bp\b|basis points?\b|°\s*[fc]?|degrees?\b|[a-z]+)?/g;

const NOUN_SKIP = new Set(['and', 'or', 'to', 'the', 'of', 'in', 'on', 'at', 'by', 'for', 'a', 'an', 'is', 'be', 'will', 'than', 'from', 'after', 'before', 'as', 'with', 'st', 'nd', 'rd', 'th']);

export function findNumbers(text: string): NumberMention[] {
  const out: NumberMention[] = [];
  for (const m of text.matchAll(NUMBER_RE)) {
    const digits = m[2]!.replace(/,/g, '');
    if (!/^\d+(\.\d+)?$/.test(digits)) continue;
    let value = Decimal.parse(digits);
    const mult = m[3] ? MULTIPLIERS[m[3]] : undefined;
    if (mult) value = value.mul(mult);
    const tail = m[5] ?? '';
    let unit: Unit = m[1] ? '$' : null;
    let noun: string | null = null;
    let end = m.index + m[0].length;
    if (tail === '%' || tail.startsWith('percent')) unit = '%';
    else if (tail.startsWith('bp') || tail.startsWith('basis')) unit = 'bps';
    else if (tail.startsWith('°') || tail.startsWith('degree')) unit = 'deg';
    else if (tail && !NOUN_SKIP.has(tail) && !mult) noun = tail;
    else if (tail) end -= tail.length;
    if (tail.startsWith('percentage')) unit = '%';
    out.push({ start: m.index, end, value: value.normalize(), unit, noun, plus: m[4] !== undefined });
  }
  return out;
}

interface Pattern {
  re: RegExp;
  cmp: Comparator;
  /** Which side of the number the phrase sits on. */
  where: 'before' | 'after';
}

const PATTERNS: Pattern[] = [
  { re: /(?:or|and)\s+(?:above|higher|more|greater|over)$|\+$|or\s+more$/, cmp: '>=', where: 'after' },
  { re: /(?:or|and)\s+(?:below|lower|less|under|fewer)$/, cmp: '<=', where: 'after' },
  { re: /(?:at least|no less than|not less than|a minimum of|>=|greater than or equal to|equal to or (?:above|greater than|higher than)|or more than|at or (?:above|over|higher than|more than))\s*$/, cmp: '>=', where: 'before' },
  { re: /(?:at most|no more than|not more than|a maximum of|<=|less than or equal to|equal to or (?:below|less than|lower than)|at or (?:below|under|lower than|less than))\s*$/, cmp: '<=', where: 'before' },
  { re: /(?:above|over|more than|greater than|higher than|exceeds?|exceeding|in excess of|beyond|>|surpass(?:es)?|top(?:s)?|be above)\s*$/, cmp: '>', where: 'before' },
  { re: /(?:below|under|less than|lower than|fewer than|<|beneath)\s*$/, cmp: '<', where: 'before' },
  { re: /(?:reach(?:es)?|hits?|touch(?:es)?|climbs? to|rises? to|get to)\s*$/, cmp: '>=', where: 'before' },
  { re: /(?:dips? to|falls? to|drops? to|sinks? to|declines? to)\s*$/, cmp: '<=', where: 'before' },
  { re: /(?:exactly|equal to|be|at)\s*$/, cmp: '=', where: 'before' },
];

/** Reads the comparison stated on each number of a (date-blanked) folded text. */
export function findThresholds(text: string): Threshold[] {
  const nums = findNumbers(text);
  const out: Threshold[] = [];
  const used = new Set<number>();
  // Ranges first: "between 70 and 71", "70-71°", "4.00% to 4.25%".
  for (let i = 0; i + 1 < nums.length; i++) {
    const a = nums[i]!;
    const b = nums[i + 1]!;
    const gap = text.slice(a.end, b.start);
    const lead = text.slice(Math.max(0, a.start - 12), a.start);
    if (/^\s*(?:-|to|and|–)\s*\$?\s*$/.test(gap) && (gap.includes('-') || /between\s*$/.test(lead) || gap.includes('to'))) {
      if (!(a.value.lt(b.value))) continue;
      const unit = a.unit ?? b.unit;
      out.push({ cmp: 'between', value: a.value, upper: b.value, unit, noun: a.noun ?? b.noun, text: text.slice(a.start, b.end).trim() });
      used.add(i).add(i + 1);
      i++;
    }
  }
  nums.forEach((n, i) => {
    if (used.has(i)) return;
    const before = text.slice(Math.max(0, n.start - 40), n.start).trimEnd();
    const after = text.slice(n.end, n.end + 24).trimStart();
    for (const p of PATTERNS) {
      if (p.where === 'before' && p.re.test(before)) {
        out.push({ cmp: p.cmp, value: n.value, upper: null, unit: n.unit, noun: n.noun, text: `${(before.match(/\S+\s*\S*$/)?.[0] ?? '').trim()} ${text.slice(n.start, n.end).trim()}` });
        return;
      }
      if (p.where === 'after') {
        const head = (after.match(/^(?:\+|(?:or|and)\s+\w+(?:\s+than)?)/)?.[0] ?? '').trim();
        if (head && p.re.test(head)) {
          out.push({ cmp: p.cmp, value: n.value, upper: null, unit: n.unit, noun: n.noun, text: `${text.slice(n.start, n.end).trim()} ${head}` });
          return;
        }
        if (n.plus && p.cmp === '>=') {
          out.push({ cmp: '>=', value: n.value, upper: null, unit: n.unit, noun: n.noun, text: text.slice(n.start, n.end).trim() });
          return;
        }
      }
    }
  });
  return out;
}

/** Converts to a common unit where one is a rescaling of the other (bps ↔ %). */
export function inUnit(value: Decimal, from: Unit, to: Unit): Decimal | null {
  if (from === to || from === null || to === null) return value;
  if (from === 'bps' && to === '%') return value.div('100', 8, 'half-even').normalize();
  if (from === '%' && to === 'bps') return value.mul('100').normalize();
  return null;
}

export function formatThreshold(t: Threshold): string {
  const unit = (v: Decimal) => (t.unit === '$' ? `$${v.toString()}` : t.unit === '%' ? `${v.toString()}%` : t.unit === 'bps' ? `${v.toString()} bps` : t.unit === 'deg' ? `${v.toString()}°` : v.toString());
  if (t.cmp === 'between') return `between ${unit(t.value)} and ${unit(t.upper ?? t.value)}`;
  const sym: Record<Exclude<Comparator, 'between'>, string> = { '>': '>', '>=': '≥', '<': '<', '<=': '≤', '=': '=' };
  return `${sym[t.cmp]} ${unit(t.value)}`;
}
