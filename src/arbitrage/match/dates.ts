/**
 * Dates, times of day and time zones as market texts write them ("Jul 25, 2026", "by December
 * 31, 2026, 11:59 PM ET", "2 AM EDT", "12:00 in the ET timezone (noon)", "Q4 2025", "in 2026").
 * Works on folded text (see text.ts) and reports character spans so that the number reader can
 * skip what is a date.
 */
import { ByteLru } from '../../cache/byte-lru.js';

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6, jul: 7, july: 7,
  aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11, november: 11, dec: 12, december: 12,
};
const MONTH_RE = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';

/** IANA zones for the abbreviations markets use. */
const ZONES: Record<string, string> = {
  et: 'America/New_York', est: 'America/New_York', edt: 'America/New_York', eastern: 'America/New_York', 'new york': 'America/New_York',
  ct: 'America/Chicago', cst: 'America/Chicago', cdt: 'America/Chicago', central: 'America/Chicago',
  mt: 'America/Denver', mst: 'America/Denver', mdt: 'America/Denver',
  pt: 'America/Los_Angeles', pst: 'America/Los_Angeles', pdt: 'America/Los_Angeles', pacific: 'America/Los_Angeles',
  utc: 'UTC', gmt: 'UTC', z: 'UTC',
};
const ZONE_LABEL: Record<string, string> = {
  'America/New_York': 'ET', 'America/Chicago': 'CT', 'America/Denver': 'MT', 'America/Los_Angeles': 'PT', UTC: 'UTC',
};
const ZONE_RE = '(et|est|edt|ct|cst|cdt|mt|mst|mdt|pt|pst|pdt|utc|gmt|eastern|central|pacific)';

export type Qualifier = 'by' | 'before' | 'on' | 'in' | 'after' | 'through' | 'end' | null;

export interface DateMention {
  start: number;
  end: number;
  y: number | null;
  m: number | null;
  d: number | null;
  /** 1–4 for a quarter. */
  q: number | null;
  precision: 'day' | 'month' | 'quarter' | 'year';
  qualifier: Qualifier;
}

export interface TimeMention {
  start: number;
  end: number;
  /** Minutes after midnight. */
  minutes: number;
  zone: string | null;
}

function qualifierBefore(text: string, at: number): Qualifier {
  const before = text.slice(Math.max(0, at - 24), at);
  if (/(?:^|\W)(?:by|no later than|on or before)\s+(?:the\s+)?(?:end of\s+)?$/.test(before)) return /end of\s+$/.test(before) ? 'end' : 'by';
  if (/(?:^|\W)(?:before|prior to|until|ahead of)\s+(?:the\s+)?$/.test(before)) return 'before';
  if (/(?:^|\W)(?:through|thru)\s+$/.test(before)) return 'through';
  if (/(?:^|\W)end of\s+$/.test(before)) return 'end';
  if (/(?:^|\W)after\s+(?:the\s+)?$/.test(before)) return 'after';
  if (/(?:^|\W)(?:in|during|for)\s+(?:the\s+)?$/.test(before)) return 'in';
  if (/(?:^|\W)on\s+$/.test(before)) return 'on';
  return null;
}

function findDatesUncached(text: string): DateMention[] {
  const out: DateMention[] = [];
  const taken: [number, number][] = [];
  const free = (s: number, e: number) => !taken.some(([a, b]) => s < b && e > a);
  const push = (m: Omit<DateMention, 'qualifier'>) => {
    if (!free(m.start, m.end)) return;
    taken.push([m.start, m.end]);
    out.push({ ...m, qualifier: qualifierBefore(text, m.start) });
  };
  for (const m of text.matchAll(/\b(20\d\d)-(\d\d)-(\d\d)(?:t[\d:.]+z?)?/g)) {
    push({ start: m.index, end: m.index + m[0].length, y: +m[1]!, m: +m[2]!, d: +m[3]!, q: null, precision: 'day' });
  }
  const monthDay = new RegExp(`\\b${MONTH_RE}\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?:,?\\s*(20\\d\\d)\\b|\\s+'(\\d\\d)\\b)?`, 'g');
  for (const m of text.matchAll(monthDay)) {
    const y = m[3] ? +m[3] : m[4] ? 2000 + +m[4] : null;
    push({ start: m.index, end: m.index + m[0].length, y, m: MONTHS[m[1]!.replace('.', '')] ?? null, d: +m[2]!, q: null, precision: 'day' });
  }
  const dayMonth = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH_RE}(?:,?\\s*(20\\d\\d)\\b)?`, 'g');
  for (const m of text.matchAll(dayMonth)) {
    push({ start: m.index, end: m.index + m[0].length, y: m[3] ? +m[3] : null, m: MONTHS[m[2]!.replace('.', '')] ?? null, d: +m[1]!, q: null, precision: 'day' });
  }
  for (const m of text.matchAll(/\b(\d{1,2})\/(\d{1,2})\/(20\d\d|\d\d)\b/g)) {
    const y = m[3]!.length === 2 ? 2000 + +m[3]! : +m[3]!;
    push({ start: m.index, end: m.index + m[0].length, y, m: +m[1]!, d: +m[2]!, q: null, precision: 'day' });
  }
  for (const m of text.matchAll(/\bq([1-4])\s*(?:of\s+)?(20\d\d)\b/g)) {
    push({ start: m.index, end: m.index + m[0].length, y: +m[2]!, m: null, d: null, q: +m[1]!, precision: 'quarter' });
  }
  const monthYear = new RegExp(`\\b${MONTH_RE}\\s*,?\\s*(20\\d\\d)\\b`, 'g');
  for (const m of text.matchAll(monthYear)) {
    push({ start: m.index, end: m.index + m[0].length, y: +m[2]!, m: MONTHS[m[1]!.replace('.', '')] ?? null, d: null, q: null, precision: 'month' });
  }
  // A month without a year or day ("in September", "September CPI").
  const bareMonth = new RegExp(`\\b(january|february|march|april|june|july|august|september|october|november|december|jan|feb|aug|sept?|oct|nov|dec)\\b`, 'g');
  for (const m of text.matchAll(bareMonth)) {
    push({ start: m.index, end: m.index + m[0].length, y: null, m: MONTHS[m[1]!] ?? null, d: null, q: null, precision: 'month' });
  }
  for (const m of text.matchAll(/\b(20\d\d)\b(?![\d,.]*\s*(?:%|bps|k\b))/g)) {
    push({ start: m.index, end: m.index + m[0].length, y: +m[1]!, m: null, d: null, q: null, precision: 'year' });
  }
  return out.sort((a, b) => a.start - b.start);
}

function findTimesUncached(text: string): TimeMention[] {
  const out: TimeMention[] = [];
  const zoneAfter = (at: number): { zone: string | null; end: number } => {
    const m = new RegExp(`^\\s*(?:\\(?\\s*)?(?:in the\\s+)?${ZONE_RE}\\b(?:\\s+(?:time|timezone|time zone))?`).exec(text.slice(at, at + 40));
    return m ? { zone: ZONES[m[1]!] ?? null, end: at + m[0].length } : { zone: null, end: at };
  };
  for (const m of text.matchAll(/\b(\d{1,2})(?::(\d{2}))?\s*(a\.?m\.?|p\.?m\.?)(?=\W|$)/g)) {
    let h = +m[1]! % 12;
    if (m[3]!.startsWith('p')) h += 12;
    const z = zoneAfter(m.index + m[0].length);
    out.push({ start: m.index, end: z.end, minutes: h * 60 + (m[2] ? +m[2] : 0), zone: z.zone });
  }
  for (const m of text.matchAll(/\b([01]?\d|2[0-3]):([0-5]\d)\b(?!\s*(?:a\.?m|p\.?m))/g)) {
    if (out.some((t) => m.index >= t.start && m.index < t.end)) continue;
    const z = zoneAfter(m.index + m[0].length);
    out.push({ start: m.index, end: z.end, minutes: +m[1]! * 60 + +m[2]!, zone: z.zone });
  }
  for (const m of text.matchAll(/\b(noon|midnight)\b/g)) {
    if (out.some((t) => m.index >= t.start - 30 && m.index < t.end + 30)) continue;
    const z = zoneAfter(m.index + m[0].length);
    out.push({ start: m.index, end: z.end, minutes: m[1] === 'noon' ? 720 : 0, zone: z.zone });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** A zone stated anywhere in the text ("(ET)", "Eastern Time", "UTC"), for times given without one. */
export function findZone(text: string): string | null {
  const m = new RegExp(`(?:^|[\\s(,])${ZONE_RE}(?:\\s+time|\\s+timezone|[)\\s,.]|$)`).exec(text);
  return m ? (ZONES[m[1]!] ?? null) : null;
}

export function zoneLabel(zone: string | null): string {
  return zone ? (ZONE_LABEL[zone] ?? zone) : 'unstated zone';
}

/** Offsets by zone and hour: a key and a number, about 100 bytes an entry. */
const offsetCache = new ByteLru<number>('tz-offsets', 1024 * 1024, () => 100);
const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * Results of a pure text function, kept for texts seen again (rules are often templates), within a
 * byte budget: the text (two bytes a unit) and a rough size of the result (its JSON).
 */
function memo<T>(name: string, fn: (text: string) => T, maxBytes = 16 * 1024 * 1024): (text: string) => T {
  const cache = new ByteLru<{ text: string; value: T }>(name, maxBytes, (e) => e.text.length * 2 + JSON.stringify(e.value).length * 2 + 64);
  return (text) => {
    const hit = cache.get(text);
    if (hit !== undefined) return hit.value;
    const value = fn(text);
    cache.set(text, { text, value });
    return value;
  };
}

/** The UTC offset (minutes) of an IANA zone at an instant. */
function offsetMinutes(zone: string, utcMs: number): number {
  if (zone === 'UTC') return 0;
  const key = `${zone}|${Math.floor(utcMs / 3_600_000)}`;
  const hit = offsetCache.get(key);
  if (hit !== undefined) return hit;
  let fmt = formatters.get(zone);
  if (!fmt) formatters.set(zone, (fmt = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })));
  const parts = fmt.formatToParts(new Date(utcMs));
  const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
  const off = m ? (m[1] === '-' ? -1 : 1) * (+m[2]! * 60 + (m[3] ? +m[3] : 0)) : 0;
  offsetCache.set(key, off);
  return off;
}

/** Wall-clock time in a zone → ms since epoch. */
export function zonedToUtc(y: number, m: number, d: number, minutes: number, zone: string): number {
  const naive = Date.UTC(y, m - 1, d, 0, minutes);
  const first = naive - offsetMinutes(zone, naive) * 60_000;
  return naive - offsetMinutes(zone, first) * 60_000;
}

/** The calendar date of an instant in a zone. */
export function dateIn(utcMs: number, zone: string): { y: number; m: number; d: number; minutes: number } {
  const local = new Date(utcMs + offsetMinutes(zone, utcMs) * 60_000);
  return { y: local.getUTCFullYear(), m: local.getUTCMonth() + 1, d: local.getUTCDate(), minutes: local.getUTCHours() * 60 + local.getUTCMinutes() };
}

/** The year that puts month/day closest to a reference instant. */
export function inferYear(m: number, d: number, reference: number): number {
  const ref = new Date(reference).getUTCFullYear();
  let best = ref;
  let bestGap = Infinity;
  for (const y of [ref - 1, ref, ref + 1]) {
    const gap = Math.abs(Date.UTC(y, m - 1, d) - reference);
    if (gap < bestGap) {
      best = y;
      bestGap = gap;
    }
  }
  return best;
}

/** Dates in folded text (memoized: callers must not mutate the result). */
export const findDates: (text: string) => DateMention[] = memo('match-dates', findDatesUncached);
/** Times of day in folded text (memoized: callers must not mutate the result). */
export const findTimes: (text: string) => TimeMention[] = memo('match-times', findTimesUncached);
