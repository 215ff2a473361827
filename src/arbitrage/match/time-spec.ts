import { dateIn, findDates, findTimes, findZone, inferYear, zoneLabel, zonedToUtc, type DateMention, type Qualifier, type TimeMention } from './dates.js';

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
  /** True when the text states the window's start ("between Aug 20 and Dec 31", "from Oct 1 through…"). */
  explicitStart: boolean;
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

/**
 * The deciding time of day for a day-precision date: a time written in the statement, else the
 * time written next to the same date in the rules, else the only time the rules mention.
 */
function timeOfDay(input: TimeInputs, primary: DateMention): TimeMention | null {
  const inStatement = findTimes(input.statement);
  if (inStatement[0]) return inStatement[0];
  const times = findTimes(input.rules);
  const near = (d: DateMention) => times.find((t) => (t.start >= d.end && t.start - d.end <= 12) || (t.end <= d.start && d.start - t.end <= 8)) ?? null;
  for (const d of findDates(input.rules)) {
    if (d.precision === 'day' && d.m === primary.m && d.d === primary.d) {
      const t = near(d);
      if (t) return t;
    }
  }
  return times.length === 1 ? (times[0] as TimeMention) : null;
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
  const stated = explicitWindow(fromRules ? input.rules : input.statement, reference);
  if (stated) return stated;
  // "by December 31, 2026" in the title, "between November 24, 2025 and December 31, 2026" in the rules.
  if (!fromRules && (primary.qualifier === 'by' || primary.qualifier === 'before') && primary.precision === 'day') {
    const ruled = explicitWindow(input.rules, reference);
    if (ruled && ruled.m === primary.m && ruled.d === primary.d) return ruled;
  }
  const y = primary.y ?? (primary.m !== null ? inferYear(primary.m, primary.d ?? 15, reference) : new Date(reference).getUTCFullYear());

  // Time of day: in the statement, else in the rules (the deciding time is usually there).
  const time = primary.precision === 'day' ? timeOfDay(input, primary) : null;
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
    explicitStart: false,
    qualifier: primary.qualifier,
    label,
  };
}

/**
 * "between August 20 and December 31, 2025", "from 00:00 ET on October 1, 2025 through 23:59 ET on
 * December 31, 2025", "between November 24, 2025, 14:00 and December 31, 2026, 23:59 in the ET
 * timezone": a window with both ends stated.
 */
function explicitWindow(text: string, reference: number): TimeSpec | null {
  const dates = findDates(text).filter((d) => d.precision === 'day' || d.precision === 'month');
  for (let i = 0; i + 1 < dates.length; i++) {
    const first = dates[i] as DateMention;
    const last = dates[i + 1] as DateMention;
    if (first.precision !== 'day') continue;
    const lead = text.slice(Math.max(0, first.start - 40), first.start);
    const gap = text.slice(first.end, last.start);
    if (!/\b(between|from)\b[^.]*$/.test(lead) || !/\b(and|through|thru|to|until)\b/.test(gap) || gap.length > 80) continue;
    const times = findTimes(text);
    const timeNear = (d: DateMention) => times.find((t) => (t.start >= d.end && t.start - d.end <= 12) || (t.end <= d.start && d.start - t.end <= 8)) ?? null;
    const zone = timeNear(last)?.zone ?? timeNear(first)?.zone ?? findZone(text);
    const z = zone ?? 'UTC';
    const yLast = last.y ?? (last.m !== null ? inferYear(last.m, last.d ?? 15, reference) : new Date(reference).getUTCFullYear());
    const yFirst = first.y ?? (yLast - (first.m !== null && last.m !== null && first.m > last.m ? 1 : 0));
    const t0 = timeNear(first);
    const t1 = timeNear(last);
    const start = zonedToUtc(yFirst, first.m ?? 1, first.d ?? 1, t0 ? t0.minutes : 0, z);
    const end =
      last.precision === 'month'
        ? zonedToUtc(yLast, (last.m ?? 1) + 1, 1, 0, z) - 1
        : t1
          ? zonedToUtc(yLast, last.m ?? 1, last.d ?? 1, t1.minutes, z)
          : zonedToUtc(yLast, last.m ?? 1, (last.d ?? 1) + 1, 0, z) - 1;
    const mm = (m: number | null) => (m !== null ? MONTH_NAMES[m - 1] : '');
    const label = `${mm(first.m)} ${first.d}, ${yFirst} – ${mm(last.m)}${last.d ? ` ${last.d}` : ''}, ${yLast}${zone ? ` ${zoneLabel(zone)}` : ''}`;
    return {
      kind: 'window',
      precision: t1 ? 'minute' : last.precision === 'month' ? 'month' : 'day',
      y: yLast,
      m: last.m,
      d: last.d,
      q: null,
      minutes: t1 ? t1.minutes : null,
      zone,
      end,
      start,
      explicitStart: true,
      qualifier: 'through',
      label,
    };
  }
  return null;
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
    explicitStart: false,
    qualifier: null,
    label: `${MONTH_NAMES[c.m - 1]} ${c.d}, ${c.y} (resolution time)`,
  };
}
