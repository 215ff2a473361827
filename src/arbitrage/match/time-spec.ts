import { dateIn, findDates, findTimes, findZone, inferYear, zoneLabel, zonedToUtc, type DateMention, type Qualifier } from './dates.js';

/**
 * When a proposition is decided. `instant`: a value observed at one moment ("BTC above $74,300 at
 * 2 AM EDT on Jul 25"); `window`: something that may happen any time up to `end` ("ceasefire by
 * March 31"); `period`: a statistic of a calendar period ("CPI in September 2025", "the December
 * 2025 meeting").
 */
export interface TimeSpec {
  kind: 'instant' | 'window' | 'period';
  precision: 'minute' | 'day' | 'month' | 'quarter' | 'year';
  /** Calendar components of the deciding moment or period. */
  y: number;
  m: number | null;
  d: number | null;
  q: number | null;
  /** Time of day in minutes, when stated. */
  minutes: number | null;
  /** IANA zone when stated (or carried by a time of day). */
  zone: string | null;
  /** The last moment that counts, ms since epoch (UTC when no zone is stated). */
  end: number;
  /** Where a window or period starts, when stated. */
  start: number | null;
  qualifier: Qualifier;
  /** Human wording: "Jul 25, 2026 02:00 ET". */
  label: string;
}

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const RANK: Record<DateMention['precision'], number> = { day: 4, month: 3, quarter: 2, year: 1 };

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

function endOf(d: DateMention, y: number, zone: string | null, minutes: number | null): { end: number; start: number } {
  const z = zone ?? 'UTC';
  const at = (yy: number, mm: number, dd: number, min = 0) => zonedToUtc(yy, mm, dd, min, z);
  switch (d.precision) {
    case 'day': {
      const dayStart = at(y, d.m ?? 1, d.d ?? 1);
      if (d.qualifier === 'before') return { end: dayStart - 1, start: dayStart };
      if (minutes !== null) return { end: at(y, d.m ?? 1, d.d ?? 1, minutes), start: dayStart };
      return { end: at(y, d.m ?? 1, (d.d ?? 1) + 1) - 1, start: dayStart };
    }
    case 'month': {
      const first = at(y, d.m ?? 1, 1);
      if (d.qualifier === 'before') return { end: first - 1, start: first };
      return { end: at(y, (d.m ?? 1) + 1, 1) - 1, start: first };
    }
    case 'quarter': {
      const m0 = ((d.q ?? 1) - 1) * 3 + 1;
      const first = at(y, m0, 1);
      if (d.qualifier === 'before') return { end: first - 1, start: first };
      return { end: at(y, m0 + 3, 1) - 1, start: first };
    }
    case 'year': {
      const first = at(y, 1, 1);
      if (d.qualifier === 'before') return { end: first - 1, start: first };
      return { end: at(y + 1, 1, 1) - 1, start: first };
    }
  }
}

function blank(text: string, spans: readonly { start: number; end: number }[]): string {
  let out = text;
  for (const s of spans) out = out.slice(0, s.start) + ' '.repeat(s.end - s.start) + out.slice(s.end);
  return out;
}

/** Folded text with its dates and times replaced by blanks (for reading numbers). */
export function withoutDates(text: string): string {
  return blank(text, [...findDates(text), ...findTimes(text)]);
}

function pick(dates: DateMention[]): DateMention | null {
  let best: DateMention | null = null;
  for (const d of dates) {
    if (!best || RANK[d.precision] > RANK[best.precision]) best = d;
  }
  return best;
}

export interface TimeInputs {
  /** Folded statement (title, question, labels, event title). */
  statement: string;
  /** Folded rules text. */
  rules: string;
  /** Expected resolution (or close) time, ms; used for years left out and as a fallback. */
  reference: number | null;
  /** Whether the proposition is a value observed at a moment (threshold on a price, up/down). */
  observed: boolean;
  /** Whether the proposition is a statistic of a period (an economic release, a meeting). */
  periodic: boolean;
}

export function timeSpecOf(input: TimeInputs): TimeSpec | null {
  const statementDates = findDates(input.statement).filter((d) => !(d.precision === 'month' && d.y === null && d.qualifier === null && input.statement.length > 200));
  const ruleDates = findDates(input.rules);
  let primary = pick(statementDates);
  let fromRules = false;
  if (!primary || (primary.precision === 'year' && ruleDates.some((d) => d.precision === 'day' && (d.y === primary?.y || d.y === null)))) {
    const r = pick(ruleDates.filter((d) => d.qualifier !== 'after'));
    if (r && (!primary || RANK[r.precision] > RANK[primary.precision])) {
      primary = r;
      fromRules = true;
    }
  }
  if (!primary) return null;
  const reference = input.reference ?? Date.now();
  const y = primary.y ?? (primary.m !== null ? inferYear(primary.m, primary.d ?? 15, reference) : new Date(reference).getUTCFullYear());

  // Time of day: in the statement, else in the rules (the deciding time is usually there).
  const times = findTimes(input.statement);
  const ruleTimes = findTimes(input.rules);
  const time = primary.precision === 'day' ? (times[0] ?? ruleTimes[0] ?? null) : null;
  const zone = time?.zone ?? findZone(input.statement) ?? (time || fromRules || primary.precision === 'day' ? findZone(input.rules) : null);
  const minutes = time ? time.minutes : null;
  const { end, start } = endOf(primary, y, zone, minutes);

  const windowed = primary.qualifier === 'by' || primary.qualifier === 'before' || primary.qualifier === 'through' || primary.qualifier === 'end';
  let kind: TimeSpec['kind'];
  if (input.observed && primary.precision === 'day' && !windowed) kind = 'instant';
  else if (input.periodic && !windowed && primary.precision !== 'day') kind = 'period';
  else if (windowed || primary.precision !== 'day') kind = 'window';
  else kind = input.observed ? 'instant' : 'window';

  const mm = primary.m !== null ? MONTH_NAMES[primary.m - 1] : null;
  let label: string;
  if (primary.precision === 'day') label = `${mm} ${primary.d}, ${y}${minutes !== null ? ` ${hhmm(minutes)}` : ''}`;
  else if (primary.precision === 'month') label = `${mm} ${y}`;
  else if (primary.precision === 'quarter') label = `Q${primary.q} ${y}`;
  else label = String(y);
  if (primary.qualifier === 'before') label = `before ${label}`;
  else if (primary.qualifier === 'by' || primary.qualifier === 'end' || primary.qualifier === 'through') label = `by ${label}`;
  if (zone || minutes !== null) label += ` ${zoneLabel(zone)}`;

  return {
    kind,
    precision: minutes !== null ? 'minute' : primary.precision,
    y,
    m: primary.m,
    d: primary.d,
    q: primary.q,
    minutes,
    zone,
    end,
    start: kind === 'instant' ? null : start,
    qualifier: primary.qualifier,
    label,
  };
}

/** A spec from a bare timestamp (the market's resolution time), when the text states no date. */
export function timeSpecFromInstant(ms: number): TimeSpec {
  const c = dateIn(ms, 'UTC');
  return {
    kind: 'window',
    precision: 'day',
    y: c.y,
    m: c.m,
    d: c.d,
    q: null,
    minutes: null,
    zone: null,
    end: ms,
    start: null,
    qualifier: null,
    label: `${MONTH_NAMES[c.m - 1]} ${c.d}, ${c.y} (resolution time)`,
  };
}
