import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../src/core/decimal.js';
import { OrderBookSchema } from '../../src/core/orderbook.js';
import { bookPoolOf, synthesizeBook, walkCost, type BookPool } from './map-book.js';
import { getCpmmProbability, type CpmmState } from './sim/cpmm.js';
import { amountToBuyShares, computeFills } from './sim/fills.js';
import { ONE, ZERO, fxParse, fxText, type Fx } from './sim/fx.js';
import type { SimBet } from './sim/model.js';
import type { WireBet, WireMarket } from './wire.js';

const NOW = 1_800_000_000_000;
const CANONICAL = /^(0|[1-9]\d*)(\.\d*[1-9])?$/;

function bet(id: string, outcome: 'YES' | 'NO', limitProb: string, orderAmount: string, amount = '0', extra: Partial<WireBet> = {}): WireBet {
  return { id, userId: `u-${id}`, contractId: 'c1', createdTime: NOW - 1000, amount, shares: '0', outcome, limitProb, orderAmount, isFilled: false, isCancelled: false, fills: [], ...extra };
}

const d = (s: string) => Decimal.parse(s);

describe('synthesizeBook', () => {
  const pool: BookPool = { YES: '1000', NO: '1000', p: '0.5' };
  const orders = [
    bet('y1', 'YES', '0.45', '45'),
    bet('y2', 'YES', '0.45', '9'),
    bet('n1', 'NO', '0.55', '45'),
    bet('n2', 'NO', '0.6', '40', '20'),
    bet('expired', 'NO', '0.52', '50', '0', { expiresAt: NOW - 1 }),
    bet('cancelled', 'NO', '0.53', '50', '0', { isCancelled: true }),
    bet('filled', 'YES', '0.4', '50', '50', { isFilled: true }),
    bet('other-answer', 'YES', '0.44', '50', '0', { answerId: 'a2' }),
    bet('crossing', 'YES', '0.7', '50'),
    bet('market-bet', 'YES', '0.42', '0', '0'),
  ];
  const book = synthesizeBook({ marketId: 'manifold:c1', pool, orders, now: NOW }, { receivedAt: new Date(NOW), venueTimestamp: NOW - 500 });

  it('is an emulated YES-terms book, best first, uncrossed, with canonical decimals', () => {
    expect(OrderBookSchema.parse(book)).toEqual(book);
    expect(book).toMatchObject({ marketId: 'manifold:c1', venue: 'manifold', source: 'emulated', seq: null, venueTimestamp: new Date(NOW - 500).toISOString() });
    const bidPrices = book.bids.map(([p]) => d(p));
    const askPrices = book.asks.map(([p]) => d(p));
    for (let i = 1; i < bidPrices.length; i++) expect(bidPrices[i]!.lt(bidPrices[i - 1]!)).toBe(true);
    for (let i = 1; i < askPrices.length; i++) expect(askPrices[i]!.gt(askPrices[i - 1]!)).toBe(true);
    expect(bidPrices[0]!.lt(askPrices[0]!)).toBe(true);
    for (const [p, s] of [...book.bids, ...book.asks]) {
      expect(p).toMatch(CANONICAL);
      expect(s).toMatch(CANONICAL);
    }
    // AMM from 0.5 to 0.99 and 0.01, one level per tick (49 a side); the limit prices are ticks too
    expect(book.asks.map(([p]) => p)).toEqual(Array.from({ length: 49 }, (_, i) => d('0.51').add(Decimal.fromUnits(BigInt(i), 2)).normalize().toString()));
    expect(book.bids.map(([p]) => p)).toEqual(Array.from({ length: 49 }, (_, i) => d('0.49').sub(Decimal.fromUnits(BigInt(i), 2)).normalize().toString()));
  });

  it('adds open limit orders at their limitProb with the shares a taker gets from them', () => {
    const ammOnly = synthesizeBook({ marketId: 'manifold:c1', pool, orders: [], now: NOW });
    const added = (side: 'bids' | 'asks', price: string) => {
      const size = (b: typeof book) => d(b[side].find(([p]) => p === price)?.[1] ?? '0');
      return size(book).sub(size(ammOnly)).normalize().toString();
    };
    // YES orders: (orderAmount − amount) / limitProb; two at 0.45 are summed.
    expect(added('bids', '0.45')).toBe('120');
    // NO orders: (orderAmount − amount) / (1 − limitProb); 20 of 40 left at 0.6.
    expect(added('asks', '0.55')).toBe('100');
    expect(added('asks', '0.6')).toBe('50');
    // expired, cancelled, filled, other answer, crossing and empty orders are not in the book
    for (const p of ['0.52', '0.53', '0.7']) expect(added('asks', p)).toBe('0');
    for (const p of ['0.4', '0.44', '0.42']) expect(added('bids', p)).toBe('0');
    expect(ammOnly.asks.map(([p]) => p)).toEqual(book.asks.map(([p]) => p));
  });

  it('puts each AMM level at the tick it reaches, sized by the shares the pool sells between ticks', () => {
    // 0.50 → 0.51 on a 1000/1000 pool: 20.20406122… mana for 40.0080024… shares (average 0.505…)
    const ammOnly = synthesizeBook({ marketId: 'manifold:c1', pool, orders: [], now: NOW });
    expect(ammOnly.asks[0]).toEqual(['0.51', '40.008002']);
    // the mirror image below 0.5
    expect(ammOnly.bids[0]).toEqual(['0.49', '40.008002']);
  });

  it('leaves out a YES and a NO order that both rest at the probability, and stays uncrossed', () => {
    const locked = synthesizeBook({ marketId: 'manifold:c1', pool, orders: [bet('y', 'YES', '0.5', '10'), bet('n', 'NO', '0.5', '10'), bet('n2', 'NO', '0.51', '10')], now: NOW });
    expect(locked.bids[0]?.[0]).toBe('0.49');
    expect(locked.asks[0]?.[0]).toBe('0.51');
    // 10 / 0.49 more shares at 0.51 than the AMM alone
    const ammOnly = synthesizeBook({ marketId: 'manifold:c1', pool, orders: [], now: NOW });
    expect(d(locked.asks[0]![1]).sub(ammOnly.asks[0]![1]).normalize().toString()).toBe('20.408163');
    // alone, an order at the probability is a real level
    const one = synthesizeBook({ marketId: 'manifold:c1', pool, orders: [bet('y', 'YES', '0.5', '10')], now: NOW });
    expect(one.bids[0]).toEqual(['0.5', '20']);
    expect(one.asks[0]?.[0]).toBe('0.51');
  });

  it('cuts to a depth and takes only the orders of its answer', () => {
    const shallow = synthesizeBook({ marketId: 'manifold:c1:a2', pool, orders, answerId: 'a2', now: NOW }, { depth: 3 });
    expect(shallow.bids).toHaveLength(3);
    expect(shallow.asks).toHaveLength(3);
    expect(shallow.bids[0]).toEqual(['0.49', '40.008002']);
    expect(shallow.bids.find(([p]) => p === '0.44')?.[1]).toBeUndefined();
    const deeper = synthesizeBook({ marketId: 'manifold:c1:a2', pool, orders, answerId: 'a2', now: NOW });
    expect(deeper.bids.find(([p]) => p === '0.44')).toBeDefined();
  });

  it('finds the pool of a binary contract and of an answer', () => {
    const binary = { id: 'c1', pool: { YES: '10', NO: '20' }, p: '0.3', answers: undefined } as unknown as WireMarket;
    expect(bookPoolOf(binary)).toEqual({ YES: '10', NO: '20', p: '0.3' });
    const mc = { id: 'c2', answers: [{ id: 'a1', text: 'A', probability: '0.4', pool: { YES: '60', NO: '40' } }] } as unknown as WireMarket;
    expect(bookPoolOf(mc, 'a1')).toEqual({ YES: '60', NO: '40', p: '0.5' });
    expect(bookPoolOf(mc, 'nope')).toBeNull();
    expect(bookPoolOf(mc)).toBeNull();
  });
});

// ---- cross-checks against the simulator's venue-side engine ----

const poolArb = fc.record({
  yes: fc.integer({ min: 2_000, max: 3_000_000 }),
  no: fc.integer({ min: 2_000, max: 3_000_000 }),
  p: fc.oneof(fc.constant(50), fc.integer({ min: 10, max: 90 })),
});
const toPool = (a: { yes: number; no: number; p: number }): BookPool => ({
  YES: Decimal.fromUnits(BigInt(a.yes), 2).toString(),
  NO: Decimal.fromUnits(BigInt(a.no), 2).toString(),
  p: Decimal.fromUnits(BigInt(a.p), 2).normalize().toString(),
});
const simState = (pool: BookPool): CpmmState => ({ pool: { YES: fxParse(pool.YES), NO: fxParse(pool.NO) }, p: fxParse(pool.p) });
const dec = (x: Fx) => Decimal.parse(fxText(x, 18));
/** Rounding allowance: 1e-6 per share and per level (6-place sizes). */
const allowance = (shares: Decimal, levels: number) => shares.add(String(levels + 1)).mul('0.000001');
/** AMM levels are priced at the tick they reach: at most one tick per share worse than the pool's own price. */
const TICK = d('0.01');

describe('the synthesized book walks like the venue fills (property)', () => {
  it('walking the AMM asks or bids level by level gets the shares the AMM sells, at most a tick per share worse', () => {
    fc.assert(
      fc.property(poolArb, fc.nat(), fc.boolean(), (a, pick, up) => {
        const pool = toPool(a);
        const book = synthesizeBook({ marketId: 'manifold:x', pool, orders: [], now: NOW });
        const side = up ? book.asks : book.bids;
        fc.pre(side.length > 0);
        const k = (pick % side.length) + 1;
        const shares = side.slice(0, k).reduce((s, [, q]) => s.add(q), Decimal.ZERO);
        const walked = walkCost(side, shares);
        expect(walked.filled.eq(shares)).toBe(true);
        const state = simState(pool);
        // Buying N YES costs c; selling N YES is buying N NO for c and redeeming the pairs: N − c.
        const c = dec(amountToBuyShares(state, fxParse(shares.toString()), up ? 'YES' : 'NO', [], new Map(), 0));
        const venue = up ? c : shares.sub(c);
        const slack = allowance(shares, k);
        // Asks cost at least what the pool charges, bids yield at most what it pays, within a tick per share.
        const worse = up ? walked.cost.sub(venue) : venue.sub(walked.cost);
        expect(worse.gte(slack.neg())).toBe(true);
        expect(worse.lte(shares.mul(TICK).add(slack))).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('part of a level costs at least the AMM price and at most a tick more per share', () => {
    fc.assert(
      fc.property(poolArb, fc.integer({ min: 1, max: 10_000_000 }), (a, centiShares) => {
        const pool = toPool(a);
        const book = synthesizeBook({ marketId: 'manifold:x', pool, orders: [], now: NOW });
        const depth = book.asks.reduce((s, [, q]) => s.add(q), Decimal.ZERO);
        const shares = Decimal.min(Decimal.fromUnits(BigInt(centiShares), 2), depth);
        fc.pre(shares.isPositive());
        const walked = walkCost(book.asks, shares);
        const venue = dec(amountToBuyShares(simState(pool), fxParse(shares.toString()), 'YES', [], new Map(), 0));
        const slack = allowance(shares, book.asks.length);
        expect(walked.cost.gte(venue.sub(slack))).toBe(true);
        expect(walked.cost.lte(venue.add(shares.mul('0.01')).add(slack))).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('a taker up to any tick gets the shares of the levels at or below it, at their cost within a tick per AMM share, orders included', () => {
    const order = fc.record({ yes: fc.boolean(), offset: fc.integer({ min: 0, max: 12 }), mana: fc.integer({ min: 1, max: 400 }), filled: fc.integer({ min: 0, max: 99 }) });
    fc.assert(
      fc.property(poolArb, fc.array(order, { maxLength: 8 }), fc.integer({ min: 1, max: 30 }), fc.boolean(), (a, specs, reach, up) => {
        const pool = toPool(a);
        const state = simState(pool);
        const probTicks = Number((getCpmmProbability(state.pool, state.p) * 100n) / ONE);
        fc.pre(probTicks >= 3 && probTicks <= 96);
        const wire: WireBet[] = [];
        const sim: SimBet[] = [];
        specs.forEach((s, i) => {
          // YES orders rest below the probability, NO orders above it.
          const tick = s.yes ? probTicks - s.offset : probTicks + 1 + s.offset;
          if (tick < 1 || tick > 99) return;
          const limit = Decimal.fromUnits(BigInt(tick), 2).normalize().toString();
          const orderAmount = String(s.mana);
          const amount = Decimal.fromUnits(BigInt(s.mana * s.filled), 2).normalize().toString();
          wire.push(bet(`o${i}`, s.yes ? 'YES' : 'NO', limit, orderAmount, amount, { createdTime: NOW - 1000 + i }));
          sim.push({
            id: `o${i}`,
            userId: `u-o${i}`,
            contractId: 'c1',
            createdTime: NOW - 1000 + i,
            updatedTime: NOW,
            amount: fxParse(amount),
            shares: ZERO,
            outcome: s.yes ? 'YES' : 'NO',
            probBefore: ZERO,
            probAfter: ZERO,
            loanAmount: ZERO,
            isRedemption: false,
            visibility: 'public',
            orderAmount: fxParse(orderAmount),
            limitProb: fxParse(limit),
            isFilled: false,
            isCancelled: false,
          });
        });
        const book = synthesizeBook({ marketId: 'manifold:x', pool, orders: wire, now: NOW });
        const limitTick = up ? Math.min(99, probTicks + reach) : Math.max(1, probTicks + 1 - reach);
        const limit = Decimal.fromUnits(BigInt(limitTick), 2);
        const levels = up ? book.asks.filter(([p]) => d(p).lte(limit)) : book.bids.filter(([p]) => d(p).gte(limit));
        const shares = levels.reduce((s, [, q]) => s.add(q), Decimal.ZERO);
        const cost = levels.reduce((s, [p, q]) => s.add(d(p).mul(q)), Decimal.ZERO);
        const rich = new Map(sim.map((o) => [o.userId, ONE * 1_000_000n]));
        const r = computeFills(state, up ? 'YES' : 'NO', ONE * 10_000_000n, fxParse(limit.toString()), sim, rich, { now: NOW });
        const venueShares = dec(r.takers.reduce((s, t) => s + t.shares, ZERO));
        const venueMana = dec(r.takers.reduce((s, t) => s + t.amount, ZERO));
        // In YES terms a NO taker sells YES: its proceeds are shares − mana paid for NO.
        const venueCost = up ? venueMana : venueShares.sub(venueMana);
        const slack = allowance(venueShares, levels.length);
        expect(shares.sub(venueShares).abs().lte(slack)).toBe(true);
        const ammShares = dec(r.takers.filter((t) => t.matchedBetId === null).reduce((s, t) => s + t.shares, ZERO));
        const worse = up ? cost.sub(venueCost) : venueCost.sub(cost);
        expect(worse.gte(slack.neg())).toBe(true);
        expect(worse.lte(ammShares.mul(TICK).add(slack))).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});
