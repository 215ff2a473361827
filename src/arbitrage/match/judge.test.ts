import { describe, expect, it } from 'vitest';
import { V0, V1 } from '../test-support.js';
import { canonicalize, type MatchableMarket } from './canonical.js';
import { judgeByRules } from './judge.js';

function m(id: string, over: Partial<MatchableMarket> & { title: string }): MatchableMarket {
  return { id, venue: id.startsWith('a') ? V0 : V1, question: over.title, yesLabel: 'Yes', noLabel: 'No', ...over };
}

function judge(a: MatchableMarket, b: MatchableMarket) {
  return judgeByRules(canonicalize(a), canonicalize(b));
}

const notes = (j: ReturnType<typeof judge>) => j.differences.map((d) => d.note);

describe('rule judge: near misses that must not pass as the same market', () => {
  it('thresholds 4.25 vs 4.50 on the same meeting: subset, critical', () => {
    const j = judge(
      m('a1', { title: "Will the upper bound of the federal funds rate be above 4.25% following the Fed's Apr 29, 2026 meeting?" }),
      m('b1', { title: "Will the upper bound of the federal funds rate be above 4.50% following the Fed's Apr 29, 2026 meeting?" }),
    );
    expect(j.relation).toBe('subset');
    expect(j.narrower).toBe('b');
    expect(notes(j)).toContain('threshold > 4.25% vs > 4.5%');
    expect(j.differences.find((d) => d.field === 'threshold')?.critical).toBe(true);
  });

  it('deadlines Dec 10 vs Dec 17: the earlier one is narrower', () => {
    const j = judge(m('a1', { title: 'Will the US government shut down by December 10, 2026?' }), m('b1', { title: 'Will the US government shut down by December 17, 2026?' }));
    expect(j.relation).toBe('subset');
    expect(j.narrower).toBe('a');
    expect(notes(j).some((n) => n.includes('Dec 10, 2026') && n.includes('Dec 17, 2026'))).toBe(true);
  });

  it('≥ vs > on the same value and moment: subset, the difference named', () => {
    const rules = 'Resolves using the Coinbase BTC-USD price at 12:00 PM ET on July 1, 2026.';
    const j = judge(
      m('a1', { title: 'Will Bitcoin be above $100,000 on July 1, 2026?', rules }),
      m('b1', { title: 'Will Bitcoin be at $100,000 or above on July 1, 2026?', rules }),
    );
    expect(j.relation).toBe('subset');
    expect(j.narrower).toBe('a');
    expect(notes(j)).toContain('> $100000 vs ≥ $100000');
  });

  it('candidate vs party: related, not the same', () => {
    const j = judge(
      m('a1', { title: 'Will JD Vance win the 2028 US presidential election?' }),
      m('b1', { title: 'Will the Republican Party win the 2028 US presidential election?' }),
    );
    expect(j.relation).toBe('overlap');
    expect(notes(j).some((n) => n.startsWith('candidate vs party'))).toBe(true);
  });

  it('a close at 11:59 PM ET vs 11:59 PM UTC: the UTC one ends first', () => {
    const j = judge(
      m('a1', { title: 'Will Russia and Ukraine agree to a ceasefire by December 31, 2026, 11:59 PM ET?' }),
      m('b1', { title: 'Will Russia and Ukraine agree to a ceasefire by December 31, 2026, 23:59 UTC?' }),
    );
    expect(j.relation).toBe('subset');
    expect(j.narrower).toBe('b');
    expect(j.differences.some((d) => d.critical && /ET/.test(d.a) && /UTC/.test(d.b))).toBe(true);
  });

  it('the same proposition on different resolution sources: overlap', () => {
    const j = judge(
      m('a1', { title: 'Will Bitcoin be above $100,000 on July 1, 2026?', rules: 'The resolution source for this market is Binance BTC/USDT, the 12:00 ET candle close on July 1, 2026.' }),
      m('b1', { title: 'Will Bitcoin be above $100,000 on July 1, 2026?', rules: 'The resolution source for this market is Coinbase BTC-USD, the 12:00 ET price on July 1, 2026.' }),
    );
    expect(j.relation).toBe('overlap');
    expect(notes(j)).toContain('resolution source binance vs coinbase');
  });

  it('the same value observed at 12:00 ET and 17:00 ET: overlap, with the times in the reasons', () => {
    const j = judge(
      m('a1', { title: 'Will Bitcoin be above $100,000 at 12:00 PM ET on July 1, 2026?' }),
      m('b1', { title: 'Will Bitcoin be above $100,000 at 5:00 PM ET on July 1, 2026?' }),
    );
    expect(j.relation).toBe('overlap');
    expect(j.reasons).toContain('resolves 12:00 ET vs 17:00 ET');
  });

  it('a soccer moneyline against the other side is not an inverse (a draw pays neither)', () => {
    const j = judge(
      m('a1', { title: 'Arsenal vs Chelsea', yesLabel: 'Arsenal', noLabel: 'Chelsea', rules: 'Premier League match on May 3, 2026.', category: 'Soccer' }),
      m('b1', { title: 'Arsenal vs. Chelsea', yesLabel: 'Chelsea', noLabel: 'Arsenal', rules: 'Premier League match on May 3, 2026.', category: 'Soccer' }),
    );
    expect(j.relation).toBe('different');
    expect(notes(j).some((n) => n.includes('a draw would pay neither'))).toBe(true);
  });
});

describe('rule judge: the same market written two ways', () => {
  it('"$74,300 or above" and "> 74,299.99" at the same moment and source are identical (cent grid noted)', () => {
    const rules = "If the simple average of the sixty seconds of CF Benchmarks' Bitcoin Real-Time Index (BRTI) before 2 AM EDT is above 74299.99 at 2 AM EDT on Jul 25, 2026, then the market resolves to Yes.";
    const j = judge(
      m('a1', { title: 'Bitcoin price on Jul 25, 2026? — $74,300 or above', yesLabel: '$74,300 or above', rules }),
      m('b1', { title: 'Will Bitcoin (BRTI) be above $74,299.99 at 2 AM EDT on Jul 25, 2026?', rules }),
    );
    expect(j.relation).toBe('identical');
    expect(j.confidence).toBeGreaterThanOrEqual(0.9);
    expect(j.differences.every((d) => !d.critical)).toBe(true);
  });

  it('a game written with city names and with nicknames; YES on opposite teams is an inverse', () => {
    const j = judge(
      m('a1', { title: 'Houston vs San Diego Winner? — San Diego', question: 'Houston vs San Diego Winner?', yesLabel: 'San Diego', rules: 'If San Diego wins the Houston vs San Diego professional baseball game originally scheduled for Aug 9, 2026 at 8:20 PM EDT, then the market resolves to Yes.' }),
      m('b1', { title: 'Astros vs. Padres', yesLabel: 'Astros', noLabel: 'Padres', rules: 'In the upcoming MLB game, scheduled for August 9 at 8:20PM ET: If the Astros win, the market will resolve to "Astros".', expectedResolutionTime: '2026-08-10T00:20:00Z' }),
    );
    expect(j.relation).toBe('inverse');
    expect(j.reasons.some((r) => r.startsWith('opposite sides of Houston vs San Diego'))).toBe(true);
  });

  it('unrelated markets are different with high confidence', () => {
    const j = judge(m('a1', { title: 'Will Rihanna release a new album in 2026?' }), m('b1', { title: 'Will the Fed cut rates in March 2026?' }));
    expect(j.relation).toBe('different');
    expect(j.confidence).toBeGreaterThanOrEqual(0.9);
  });
});
