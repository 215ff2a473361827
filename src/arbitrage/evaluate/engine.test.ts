import { describe, expect, it } from 'vitest';
import { T0, V0, V1, V2, book, freeQuoter, market } from '../test-support.js';
import { ArbitrageEngine } from './engine.js';
import type { OpportunityEvent } from './types.js';

const A = `${V0}:A`;
const B = `${V1}:B`;
const C = `${V2}:C`;

function setup() {
  let now = T0;
  const engine = new ArbitrageEngine({ quoters: () => freeQuoter, now: () => now });
  const seen: OpportunityEvent[] = [];
  engine.onEvent((e) => seen.push(e));
  const pairAB = { id: `${A}|${B}`, a: market(A), b: market(B), relation: 'identical' as const, confidence: 0.95, reasons: ['same'] };
  const pairAC = { id: `${A}|${C}`, a: market(A), b: market(C), relation: 'identical' as const, confidence: 0.95, reasons: ['same'] };
  return { engine, seen, pairAB, pairAC, tick: (ms: number) => (now += ms), at: () => now };
}

describe('incremental engine', () => {
  it('opens, updates and closes as books move, touching only the pairs of the market that moved', () => {
    const { engine, seen, pairAB, pairAC, at } = setup();
    engine.setPair(pairAB);
    engine.setPair(pairAC);
    expect(engine.applyBook(book(A, [], [['0.40', '10']], at()))).toEqual([]);
    const opened = engine.applyBook(book(B, [['0.55', '10']], [], at()));
    expect(opened.map((e) => [e.type, e.opportunity.id])).toEqual([['opened', `${A}|${B}/a:yes+b:no`]]);
    expect(opened[0]!.opportunity.profit).toBe('1.5');

    // C's book changes only A|C.
    const other = engine.applyBook(book(C, [['0.58', '4']], [], at()));
    expect(other.map((e) => [e.type, e.opportunity.id])).toEqual([['opened', `${A}|${C}/a:yes+b:no`]]);

    // Deeper B: the A|B opportunity grows; A|C is not re-reported.
    const grown = engine.applyBook(book(B, [['0.55', '10'], ['0.54', '10']], [], at()));
    expect(grown.map((e) => e.type)).toEqual([]);
    const moved = engine.applyBook(book(B, [['0.56', '10']], [], at()));
    expect(moved.map((e) => [e.type, e.opportunity.profit])).toEqual([['updated', '1.6']]);

    // B's bid collapses: the edge is gone.
    const closed = engine.applyBook(book(B, [['0.35', '10']], [], at()));
    expect(closed.map((e) => [e.type, e.reason])).toEqual([['closed', 'edge gone']]);
    expect(engine.opportunities().map((o) => o.id)).toEqual([`${A}|${C}/a:yes+b:no`]);

    // A's book moves both pairs.
    const both = engine.applyBook(book(A, [], [['0.45', '10']], at()));
    expect(both.map((e) => [e.type, e.opportunity.id])).toEqual([['updated', `${A}|${C}/a:yes+b:no`]]);
    expect(seen.length).toBe(5);
  });

  it('reports staleness on refresh and reopens when a fresh book arrives', () => {
    const { engine, pairAB, tick, at } = setup();
    engine.setPair(pairAB);
    engine.applyBook(book(A, [], [['0.40', '10']], at()));
    engine.applyBook(book(B, [['0.55', '10']], [], at()));
    tick(20_000);
    const stale = engine.refresh();
    expect(stale.map((e) => [e.type, e.opportunity.actionable])).toEqual([['updated', false]]);
    // A confirmation that B's book is still current clears it for B, but A is stale too.
    const half = engine.applyBook(book(B, [['0.55', '10']], [], T0), at());
    expect(half[0]!.opportunity.blockers).toEqual([`stale book for ${A} (older than 15000 ms)`]);
    const fresh = engine.applyBook(book(A, [], [['0.40', '10']], at()));
    expect(fresh.map((e) => [e.type, e.opportunity.actionable])).toEqual([['updated', true]]);
  });

  it("closes a pair's opportunities when the pair is removed, and follows market changes", () => {
    const { engine, pairAB, at } = setup();
    engine.setPair(pairAB);
    engine.applyBook(book(A, [], [['0.40', '10']], at()));
    engine.applyBook(book(B, [['0.55', '10']], [], at()));
    const paused = engine.upsertMarket(market(B, { status: 'paused' }));
    expect(paused[0]!.opportunity.blockers).toEqual([`${B} is paused`]);
    expect(engine.removePair(pairAB.id).map((e) => [e.type, e.reason])).toEqual([['closed', 'pair removed']]);
    expect(engine.opportunities()).toEqual([]);
    expect(engine.watchedMarkets()).toEqual([]);
    expect(engine.applyBook(book(A, [], [['0.30', '10']], at()))).toEqual([]);
  });

  it('keeps complete sets current as any member moves', () => {
    const { engine, at } = setup();
    const ms = ['S1', 'S2'].map((n) => market(`${V0}:${n}`));
    engine.setCompleteSet({ id: `${V0}:S`, markets: ms, exhaustive: true });
    engine.applyBook(book(ms[0]!.id, [], [['0.45', '10']], at()));
    const opened = engine.applyBook(book(ms[1]!.id, [], [['0.50', '10']], at()));
    expect(opened.map((e) => [e.type, e.opportunity.direction, e.opportunity.profit])).toEqual([['opened', 'all-yes', '0.5']]);
    expect(engine.removeCompleteSet(`${V0}:S`).map((e) => e.type)).toEqual(['closed']);
  });
});
