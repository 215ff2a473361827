import { describe, expect, it } from 'vitest';
import { getCpmmProbability, type CpmmState, type Outcome } from './cpmm.js';
import { computeFills } from './fills.js';
import { HALF, ONE, ZERO, abs, div, fxInt, fxParse, fxText, type Fx } from './fx.js';
import type { SimBet } from './model.js';

const f = fxParse;
const NOW = 1_800_000_000_000;
const state: CpmmState = { pool: { YES: fxInt(1000), NO: fxInt(1000) }, p: HALF };

function order(id: string, outcome: Outcome, limit: string, mana: number, createdTime: number, extra: Partial<SimBet> = {}): SimBet {
  return {
    id,
    userId: `maker-${id}`,
    contractId: 'c',
    createdTime,
    updatedTime: createdTime,
    amount: ZERO,
    shares: ZERO,
    outcome,
    probBefore: HALF,
    probAfter: HALF,
    loanAmount: ZERO,
    isRedemption: false,
    visibility: 'public',
    orderAmount: fxInt(mana),
    limitProb: f(limit),
    isFilled: false,
    isCancelled: false,
    fills: [],
    ...extra,
  };
}

const price = (fill: { amount: Fx; shares: Fx }) => fxText(div(fill.amount, fill.shares), 9);
const rich = (orders: SimBet[]) => new Map(orders.map((o) => [o.userId, fxInt(1_000_000)]));

describe('computeFills: a taker against the AMM and resting orders', () => {
  const orders = [order('b', 'NO', '0.6', 30, 2), order('a', 'NO', '0.6', 30, 1), order('c', 'NO', '0.55', 30, 3), order('yes', 'YES', '0.4', 30, 0)];

  it('takes the AMM up to each order, then the order at its limitProb, in price-time priority', () => {
    const r = computeFills(state, 'YES', fxInt(5000), f('0.65'), orders, rich(orders), { now: NOW });
    expect(r.takers.map((t) => t.matchedBetId)).toEqual([null, 'c', null, 'a', 'b', null]);
    // The AMM legs end exactly at the next order's price, and the last one at the taker's limit.
    const probAfter = (n: number) => {
      let s = state;
      for (const t of r.takers.slice(0, n)) {
        if (t.matchedBetId === null) {
          const y = s.pool.YES + t.amount - t.shares;
          s = { pool: { YES: y, NO: s.pool.NO + t.amount }, p: s.p };
        }
      }
      return getCpmmProbability(s.pool, s.p);
    };
    expect(fxText(probAfter(1), 12)).toBe('0.55');
    expect(fxText(probAfter(3), 12)).toBe('0.6');
    expect(fxText(getCpmmProbability(r.cpmmState.pool, HALF), 12)).toBe('0.65');
    // Order fills are at the order's price; a NO maker with 30 mana left sells 30 / (1 − L) shares.
    expect(price(r.takers[1] as { amount: Fx; shares: Fx })).toBe('0.55');
    expect(fxText((r.takers[1] as { shares: Fx }).shares, 9)).toBe(fxText(div(fxInt(30), f('0.45')), 9));
    expect(price(r.takers[3] as { amount: Fx; shares: Fx })).toBe('0.6');
    expect(r.makers.map((m) => [m.bet.id, fxText(m.amount, 9)])).toEqual([
      ['c', '30'],
      ['a', '30'],
      ['b', '30'],
    ]);
    // the YES order is on the taker's own side and never matches
    expect(r.takers.some((t) => t.matchedBetId === 'yes')).toBe(false);
    expect(r.ordersToCancel).toEqual([]);
  });

  it('stops at the taker limit: orders beyond it are untouched and the rest of the mana is not spent', () => {
    const r = computeFills(state, 'YES', fxInt(5000), f('0.58'), orders, rich(orders), { now: NOW });
    expect(r.takers.map((t) => t.matchedBetId)).toEqual([null, 'c', null]);
    expect(fxText(getCpmmProbability(r.cpmmState.pool, HALF), 12)).toBe('0.58');
    const spent = r.takers.reduce((s, t) => s + t.amount, ZERO);
    expect(spent < fxInt(5000)).toBe(true);
  });

  it('a NO taker meets YES orders from the highest price down', () => {
    const yes = [order('y1', 'YES', '0.45', 10, 5), order('y2', 'YES', '0.48', 10, 6), order('y3', 'YES', '0.45', 10, 4)];
    const r = computeFills(state, 'NO', fxInt(5000), f('0.44'), yes, rich(yes), { now: NOW });
    expect(r.takers.map((t) => t.matchedBetId)).toEqual([null, 'y2', null, 'y3', 'y1', null]);
    // the NO taker pays 1 − L per share; the YES maker pays L
    expect(price(r.takers[1] as { amount: Fx; shares: Fx })).toBe('0.52');
    expect(fxText((r.makers[0] as { shares: Fx }).shares, 9)).toBe(fxText(div(fxInt(10), f('0.48')), 9));
  });

  it('fills a maker only up to its balance and cancels the order once the balance is gone', () => {
    const poor = [order('p', 'NO', '0.55', 50, 1), order('q', 'NO', '0.56', 50, 2)];
    const balances = new Map([
      ['maker-p', fxInt(8)],
      ['maker-q', fxInt(1000)],
    ]);
    const r = computeFills(state, 'YES', fxInt(200), f('0.57'), poor, balances, { now: NOW });
    const p = r.makers.find((m) => m.bet.id === 'p');
    expect(fxText(p?.amount ?? ZERO, 9)).toBe('8');
    expect(fxText(p?.shares ?? ZERO, 9)).toBe(fxText(div(fxInt(8), f('0.45')), 9));
    expect(r.ordersToCancel.map((o) => o.id)).toEqual(['p']);
    expect(r.makers.find((m) => m.bet.id === 'q')).toBeDefined();
  });

  it('skips a maker with no balance (cancelling the order) and goes on to the next', () => {
    const poor = [order('p', 'NO', '0.55', 50, 1), order('q', 'NO', '0.56', 50, 2)];
    const balances = new Map([
      ['maker-p', ZERO],
      ['maker-q', fxInt(1000)],
    ]);
    const r = computeFills(state, 'YES', fxInt(200), f('0.57'), poor, balances, { now: NOW });
    expect(r.makers.map((m) => m.bet.id)).toEqual(['q']);
    expect(r.ordersToCancel.map((o) => o.id)).toEqual(['p']);
    expect(r.takers.some((t) => t.matchedBetId === 'p')).toBe(false);
  });

  it('ignores orders that have expired, even before the sweep cancels them', () => {
    const timed = [order('old', 'NO', '0.55', 50, 1, { expiresAt: NOW - 1 }), order('live', 'NO', '0.56', 50, 2, { expiresAt: NOW + 60_000 })];
    const r = computeFills(state, 'YES', fxInt(500), f('0.6'), timed, rich(timed), { now: NOW });
    expect(r.makers.map((m) => m.bet.id)).toEqual(['live']);
  });

  it('a market order is capped at 0.99 and spends only what the book offers below it', () => {
    const small: CpmmState = { pool: { YES: fxInt(10), NO: fxInt(10) }, p: HALF };
    const r = computeFills(small, 'YES', fxInt(10_000), undefined, [], new Map(), { now: NOW, limitProbs: { max: f('0.99'), min: f('0.01') } });
    expect(fxText(getCpmmProbability(r.cpmmState.pool, HALF), 12)).toBe('0.99');
    const spent = r.takers.reduce((s, t) => s + t.amount, ZERO);
    expect(abs(spent - fxInt(10_000)) > ONE).toBe(true);
  });
});
