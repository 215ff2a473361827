import { describe, expect, it } from 'vitest';
import { V0 } from '../test-support.js';
import { canonicalize } from './canonical.js';
import { findDates, findTimes, zonedToUtc } from './dates.js';
import { relate, fromComparator, gridEquivalent } from './intervals.js';
import { findThresholds } from './numbers.js';
import { Decimal } from '../../core/index.js';

const c = (title: string, over: Record<string, string | null> = {}) => canonicalize({ id: `${V0}:x`, venue: V0, title, question: title, yesLabel: 'Yes', ...over });

describe('dates, times and zones', () => {
  it('reads written dates with their qualifiers', () => {
    const d = findDates('will it happen by december 31, 2026, or before apr 1 or in q4 2025?');
    expect(d.map((x) => [x.y, x.m, x.d, x.q, x.precision, x.qualifier])).toEqual([
      [2026, 12, 31, null, 'day', 'by'],
      [null, 4, 1, null, 'day', 'before'],
      [2025, null, null, 4, 'quarter', 'in'],
    ]);
    expect(findDates("mar 2 '26 12:00 in the et timezone").map((x) => [x.y, x.m, x.d])).toEqual([[2026, 3, 2]]);
  });

  it('reads times of day with their zones', () => {
    expect(findTimes('at 2 am edt on jul 25').map((t) => [t.minutes, t.zone])).toEqual([[120, 'America/New_York']]);
    expect(findTimes('12:00 in the et timezone (noon)').map((t) => [t.minutes, t.zone])).toEqual([[720, 'America/New_York']]);
    expect(findTimes('by 23:59 utc').map((t) => [t.minutes, t.zone])).toEqual([[1439, 'UTC']]);
  });

  it('converts wall-clock times with daylight saving', () => {
    expect(new Date(zonedToUtc(2026, 7, 25, 120, 'America/New_York')).toISOString()).toBe('2026-07-25T06:00:00.000Z');
    expect(new Date(zonedToUtc(2026, 1, 15, 720, 'America/New_York')).toISOString()).toBe('2026-01-15T17:00:00.000Z');
  });

  it('builds the deciding moment of a market from title and rules', () => {
    const k = c('Bitcoin price on Jul 25, 2026? — $74,300 or above', {
      yesLabel: '$74,300 or above',
      rules: "If the simple average of the sixty seconds of CF Benchmarks' BRTI before 2 AM EDT is above 74299.99 at 2 AM EDT on Jul 25, 2026, then the market resolves to Yes.",
    });
    expect(k.time).toMatchObject({ kind: 'instant', minutes: 120, zone: 'America/New_York', label: 'Jul 25, 2026 02:00 ET' });
    expect(new Date(k.time!.end).toISOString()).toBe('2026-07-25T06:00:00.000Z');
    const w = c('ECB rate cut in 2025?', { rules: 'This market will resolve to "Yes" if the deposit facility rate is decreased at any point between August 20 and December 31, 2025 ET.' });
    expect(w.time).toMatchObject({ kind: 'window', explicitStart: true });
    expect(new Date(w.time!.start!).toISOString()).toBe('2025-08-20T04:00:00.000Z');
  });
});

describe('thresholds and comparators', () => {
  const t = (text: string) => findThresholds(text).map((x) => [x.cmp, x.value.toString(), x.upper?.toString() ?? null, x.unit]);
  it('reads comparisons on either side of the number', () => {
    expect(t('above $74,300')).toEqual([['>', '74300', null, '$']]);
    expect(t('$74,300 or above')).toEqual([['>=', '74300', null, '$']]);
    expect(t('at least 50% of the vote')).toEqual([['>=', '50', null, '%']]);
    expect(t('50+ bps decrease')).toEqual([['>=', '50', null, 'bps']]);
    expect(t('between 4.00% and 4.25%')).toEqual([['between', '4', '4.25', '%']]);
    expect(t('70-71°')).toEqual([['between', '70', '71', 'deg']]);
    expect(t('reach $150k')).toEqual([['>=', '150000', null, '$']]);
  });

  it('relates intervals, including complements and the cent grid', () => {
    const i = (cmp: '>' | '>=' | '<' | '<=', v: string) => fromComparator(cmp, Decimal.parse(v), null);
    expect(relate(i('>', '4.25'), i('>', '4.5'))).toBe('b-in-a');
    expect(relate(i('>', '4.25'), i('<=', '4.25'))).toBe('complement');
    expect(relate(i('>', '4.25'), i('<', '4.25'))).toBe('disjoint');
    expect(relate(i('>=', '100'), i('>', '100'))).toBe('b-in-a');
    expect(gridEquivalent(i('>', '74299.99'), i('>=', '74300'))).toBe(true);
    expect(gridEquivalent(i('>', '74299.9'), i('>=', '74300'))).toBe(false);
  });
});

describe('canonical fields', () => {
  it('reads central-bank decisions as changes in bps', () => {
    expect(c('Will the Federal Reserve Hike rates by 0bps at their December 2025 meeting?').rate?.label).toBe('no change');
    expect(c('Fed decision in Jul 2026? — Cut >25bps', { yesLabel: 'Cut >25bps' }).rate?.label).toBe('cut >25 bps');
    expect(c('Fed decreases interest rates by 50+ bps after December 2025 meeting?').rate?.label).toBe('cut ≥50 bps');
    const level = c("Will the upper bound of the federal funds rate be above 4.25% following the Fed's Apr 29, 2026 meeting?");
    expect(level.predicate).toBe('compare');
  });

  it('reads games with city names, nicknames, margins and totals', () => {
    const g = c('Houston vs San Diego Winner? — San Diego', { yesLabel: 'San Diego', rules: 'If San Diego wins the Houston vs San Diego professional baseball game.' }).game!;
    expect(g.sides).toEqual([['team:mlb:hou'], ['team:mlb:sd']]);
    expect([g.kind, g.yes, g.drawPossible]).toEqual(['moneyline', 1, false]);
    const spread = c('Colorado vs Dallas: Spread — Colorado wins by over 1.5 goals', { yesLabel: 'Colorado wins by over 1.5 goals', category: 'NHL hockey' }).game!;
    expect([spread.kind, spread.yes]).toEqual(['spread', 0]);
    const total = c('Flames vs. Ducks: O/U 4.5', { yesLabel: 'Over', noLabel: 'Under', category: 'NHL hockey' });
    expect([total.game?.kind, total.game?.yes, total.threshold?.cmp, total.threshold?.value.toString()]).toEqual(['total', 'over', '>', '4.5']);
    expect(c('Will the Federal Reserve Cut rates by 25bps at their October 2026 meeting?').game).toBeNull();
    expect(c('NYC temperature on Mar 26, 2026 at 8pm EDT — 70° or above', { yesLabel: '70° or above' }).game).toBeNull();
  });

  it('names the resolution source the rules rely on, not the ones they mention as examples', () => {
    const k = c('Bitcoin price today?', {
      rules: "While checking a source like Google or Coinbase may help guide your decision, the price used to determine this market is based on CF Benchmarks' corresponding Real Time Index (RTI).",
    });
    expect(k.source).toBe('cf-benchmarks');
    const p = c('Bitcoin Up or Down?', { rules: 'The resolution source for this market is information from Chainlink, specifically the BTC/USD data stream. Please note that this market is about the price according to Chainlink, not according to other sources.' });
    expect(p.source).toBe('chainlink');
  });

  it('keeps multi-word names together and tells staying from leaving', () => {
    expect(c('Will Klaus Iohannis be the next Secretary General of NATO?').subjectSpans).toEqual([['klaus', 'iohannis']]);
    expect(c('Maduro out in 2025?').stance).toBe('out');
    expect(c("Nicolás Maduro finishes 2025 as Venezuela's president?").stance).toBe('in');
  });
});
