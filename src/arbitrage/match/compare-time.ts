import type { Canonical } from './canonical.js';
import { axis, type Axis } from './compare.js';
import { zoneLabel } from './dates.js';
import type { TimeSpec } from './time-spec.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function dayKey(t: TimeSpec): string {
  return `${t.y}-${t.m ?? 0}-${t.d ?? 0}`;
}

function periodKey(t: TimeSpec): string {
  return `${t.precision}:${t.y}:${t.m ?? ''}:${t.q ?? ''}`;
}

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** "12:00 ET vs 02:00 ET" style wording of two deciding moments. */
function momentWords(a: TimeSpec, b: TimeSpec): [string, string] {
  const w = (t: TimeSpec) => (t.minutes !== null ? `${hhmm(t.minutes)} ${zoneLabel(t.zone)}` : t.zone ? `${t.label}` : t.label);
  const sameDay = dayKey(a) === dayKey(b);
  return sameDay ? [w(a), w(b)] : [a.label, b.label];
}

/**
 * When each proposition is decided. `monotone`: the proposition can only become true over time
 * (something happens by a deadline), so an earlier deadline is a narrower proposition. Otherwise
 * (a value observed at a moment, a period's statistic) a different moment is a different question.
 */
export function compareTimes(a: Canonical, b: Canonical, monotone: boolean): Axis | null {
  const ta = a.time;
  const tb = b.time;
  if (!ta && !tb) return axis('time', 'equal', 0.7, 'no date on either market', { a: 'none', b: 'none', critical: false, note: 'no date stated on either market' });
  if (!ta || !tb) {
    const side = ta ? 'A' : 'B';
    return axis('time', 'equal', 0.7, `date known on ${side} only`, { a: ta?.label ?? 'none', b: tb?.label ?? 'none', critical: false, note: `date known on ${side} only` });
  }

  // Neither text states a date: only the venues' resolution times.
  if (!a.timeFromText && !b.timeFromText) {
    const gap = Math.abs(ta.end - tb.end);
    if (gap <= DAY) return axis('time', 'equal', 0.8, 'no dates stated; resolution times within a day');
    if (gap <= 3 * DAY) return axis('time', 'equal', 0.65, 'no dates stated; resolution times within three days', { a: ta.label, b: tb.label, critical: false, note: `resolves ${ta.label} vs ${tb.label}` });
    return differ(ta, tb, monotone, 0.6, `resolution times ${ta.label} vs ${tb.label}`);
  }
  // One text states a date; the other only has its resolution time.
  if (!a.timeFromText || !b.timeFromText) {
    const [stated, bare, side] = a.timeFromText ? [ta, tb, 'A'] : [tb, ta, 'B'];
    const inside = bare.end >= (stated.start ?? stated.end) - 36 * HOUR && bare.end <= stated.end + 36 * HOUR;
    if (inside) return axis('time', 'equal', 0.85, `date ${stated.label} stated on ${side} only; the other resolves around then`, { a: ta.label, b: tb.label, critical: false, note: `date stated on ${side} only` });
    return differ(ta, tb, monotone, 0.7, `date ${stated.label} (${side}) vs resolution ${bare.label}`);
  }

  // A window with both ends stated ("between Aug 20 and Dec 31, 2025"): containment decides.
  if ((ta.explicitStart || tb.explicitStart) && !(ta.explicitStart && tb.explicitStart && Math.abs(ta.end - tb.end) <= 60_000 && Math.abs((ta.start ?? 0) - (tb.start ?? 0)) <= 60_000)) {
    const span = (t: TimeSpec): [number, number] => [t.kind === 'instant' ? t.end : t.kind === 'window' && !t.explicitStart ? -Infinity : (t.start ?? t.end), t.end];
    const [sa, ea] = span(ta);
    const [sb, eb] = span(tb);
    const note = `${ta.label} vs ${tb.label}`;
    if (ea < sb || eb < sa) return axis('time', 'disjoint', 1, `windows do not meet: ${note}`, { a: ta.label, b: tb.label, critical: true, note: `time ${note}` });
    if (sa >= sb && ea <= eb) return axis('time', 'a-in-b', 0.95, `${ta.label} lies within ${tb.label}`, { a: ta.label, b: tb.label, critical: true, note: `time ${note}` });
    if (sb >= sa && eb <= ea) return axis('time', 'b-in-a', 0.95, `${tb.label} lies within ${ta.label}`, { a: ta.label, b: tb.label, critical: true, note: `time ${note}` });
    return axis('time', 'overlap', 1, `windows overlap: ${note}`, { a: ta.label, b: tb.label, critical: true, note: `time ${note}` });
  }

  if (ta.kind === 'period' && tb.kind === 'period') {
    if (periodKey(ta) === periodKey(tb)) return axis('time', 'equal', 1, `same period ${ta.label}`);
    return axis('time', monotone ? (ta.end < tb.end ? 'a-in-b' : 'b-in-a') : 'disjoint', 1, `period ${ta.label} vs ${tb.label}`, { a: ta.label, b: tb.label, critical: true, note: `period ${ta.label} vs ${tb.label}` });
  }

  // Both state a moment or deadline.
  if (ta.kind === 'instant' && tb.kind === 'instant' && dayKey(ta) !== dayKey(tb)) {
    return axis('time', 'disjoint', 1, `observed on different days: ${ta.label} vs ${tb.label}`, { a: ta.label, b: tb.label, critical: true, note: `observed ${ta.label} vs ${tb.label}` });
  }
  const zoneKnown = ta.zone !== null && tb.zone !== null;
  const zoneOneSide = (ta.zone === null) !== (tb.zone === null);
  if (ta.minutes !== null && tb.minutes !== null) {
    const endA = zoneOneSide && !ta.zone ? ta.end + zoneShift(tb, ta) : ta.end;
    const endB = zoneOneSide && !tb.zone ? tb.end + zoneShift(ta, tb) : tb.end;
    if (Math.abs(endA - endB) <= 60_000) {
      if (zoneOneSide) return axis('time', 'equal', 0.85, `same moment ${ta.label}, zone stated on one side only`, { a: ta.label, b: tb.label, critical: false, note: 'time zone stated on one side only' });
      return axis('time', 'equal', 1, `same moment ${ta.label}`);
    }
    const [wa, wb] = momentWords(ta, tb);
    return differ(ta, tb, monotone, 1, `resolves ${wa} vs ${wb}`, endA, endB);
  }
  const beforeVsBy = (ta.qualifier === 'before') !== (tb.qualifier === 'before');
  if (dayKey(ta) === dayKey(tb) && !beforeVsBy && ta.precision !== 'year' && ta.precision !== 'month' && tb.precision !== 'year' && tb.precision !== 'month') {
    if (ta.zone && tb.zone && ta.zone !== tb.zone && (ta.kind !== 'instant' || tb.kind !== 'instant')) {
      const note = `ends ${ta.label} vs ${tb.label}`;
      return differ(ta, tb, monotone, 1, note);
    }
    if (ta.minutes !== null || tb.minutes !== null) {
      const side = ta.minutes !== null ? 'A' : 'B';
      const certainty = ta.kind === 'instant' || tb.kind === 'instant' ? 0.8 : 0.92;
      return axis('time', 'equal', certainty, `same day ${ta.label} / ${tb.label}; time of day stated on ${side} only`, { a: ta.label, b: tb.label, critical: false, note: `time of day stated on ${side} only` });
    }
    return axis('time', 'equal', zoneKnown || (!ta.zone && !tb.zone) ? 1 : 0.9, `same day ${ta.label}`);
  }
  // A year or month that contains the other's date names the same occasion ("the 2025 election" and
  // "the election on Nov 4, 2025"), unless the proposition runs to a deadline.
  const coarse = (t: TimeSpec) => t.precision === 'year' || t.precision === 'month' || t.precision === 'quarter';
  if (!monotone && coarse(ta) !== coarse(tb)) {
    const [big, small] = coarse(ta) ? [ta, tb] : [tb, ta];
    if ((big.qualifier === 'in' || big.qualifier === 'after' || big.qualifier === null) && small.end >= (big.start ?? big.end) && small.end <= big.end) {
      return axis('time', 'equal', 0.85, `${small.label} lies within ${big.label}`, { a: ta.label, b: tb.label, critical: false, note: `date ${small.label} within ${big.label}` });
    }
  }
  // Different calendar expressions: compare the last moments that count.
  const tolerance = zoneKnown || (!ta.zone && !tb.zone) ? 60_000 : 14 * HOUR;
  if (Math.abs(ta.end - tb.end) <= tolerance) {
    const certainty = tolerance > 60_000 ? 0.88 : 0.97;
    return axis('time', 'equal', certainty, `same deadline ${ta.label} / ${tb.label}`, certainty < 0.97 ? { a: ta.label, b: tb.label, critical: false, note: 'time zone stated on one side only' } : null);
  }
  return differ(ta, tb, monotone, 1, `${ta.kind === 'instant' ? 'observed' : 'ends'} ${ta.label} vs ${tb.label}`);
}

/** Offset to move a zone-less wall time into the other spec's zone (assume they mean the same zone). */
function zoneShift(withZone: TimeSpec, without: TimeSpec): number {
  if (!withZone.zone || without.minutes === null || withZone.m === null) return 0;
  const naive = Date.UTC(without.y, (without.m ?? 1) - 1, without.d ?? 1, 0, without.minutes);
  const local = Date.UTC(withZone.y, (withZone.m ?? 1) - 1, withZone.d ?? 1, 0, withZone.minutes ?? 0);
  return withZone.end - local - (without.end - naive);
}

function differ(ta: TimeSpec, tb: TimeSpec, monotone: boolean, certainty: number, note: string, endA = ta.end, endB = tb.end): Axis {
  // Not a deadline: a different moment is another occasion; days apart, a different question.
  const apart = Math.abs(endA - endB) > 7 * DAY;
  const rel = monotone ? (endA < endB ? 'a-in-b' : 'b-in-a') : ta.kind === 'period' || tb.kind === 'period' || apart ? 'disjoint' : 'overlap';
  const field = /\d\d:\d\d/.test(note) && ta.kind === 'instant' ? 'time' : ta.zone !== tb.zone && ta.zone && tb.zone ? 'timezone' : 'time';
  return axis(field, rel, certainty, note, { a: ta.label, b: tb.label, critical: true, note });
}
