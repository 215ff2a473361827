import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  calculateCpmmAmountToBuySharesFixedP,
  calculateCpmmAmountToProb,
  calculateCpmmPurchase,
  calculateCpmmShares,
  CPMM_MIN_POOL_QTY,
  getCpmmLiquidity,
  getCpmmProbability,
  type CpmmState,
  type Outcome,
} from './cpmm.js';
import { amountToBuyShares, computeFills } from './fills.js';
import { HALF, ONE, abs, div, fxInt, fxParse, fxText, type Fx } from './fx.js';

const f = fxParse;
const near = (actual: Fx, expected: Fx, tolerance: Fx) => {
  if (abs(actual - expected) > tolerance) throw new Error(`${fxText(actual, 24)} is not within ${fxText(tolerance, 24)} of ${fxText(expected, 24)}`);
};
/** 1e-20 in fixed point. */
const TINY = ONE / 10n ** 20n;

describe('CPMM worked examples (docs/venues/manifold.md §CPMM)', () => {
  it('prob = p·n / ((1−p)·y + p·n): the docs example pool {YES:40, NO:160}, p=0.5 is at 0.8', () => {
    expect(getCpmmProbability({ YES: fxInt(40), NO: fxInt(160) }, HALF)).toBe(f('0.8'));
    // Equal pools sit at p.
    expect(getCpmmProbability({ YES: fxInt(16), NO: fxInt(16) }, f('0.25'))).toBe(f('0.25'));
  });

  it('p = 0.5, pool 100/100: 10 mana of YES buys 110 − 10000/110 shares', () => {
    const state: CpmmState = { pool: { YES: fxInt(100), NO: fxInt(100) }, p: HALF };
    const { shares, newPool } = calculateCpmmPurchase(state, fxInt(10), 'YES');
    near(shares, fxInt(110) - div(fxInt(10_000), fxInt(110)), TINY);
    expect(fxText(shares, 10)).toBe('19.0909090909');
    near(newPool.YES, div(fxInt(10_000), fxInt(110)), TINY);
    expect(newPool.NO).toBe(fxInt(110));
    // 110·110 / (10000 + 110·110) = 12100 / 22100
    near(getCpmmProbability(newPool, HALF), div(fxInt(12_100), fxInt(22_100)), TINY);
  });

  it('p = 0.25, pool 16/16 (k = 16): 16 mana of YES buys 16 + 16 − 16⁴/32³ = 30 shares', () => {
    const state: CpmmState = { pool: { YES: fxInt(16), NO: fxInt(16) }, p: f('0.25') };
    near(getCpmmLiquidity(state.pool, state.p), fxInt(16), TINY);
    const { shares, newPool } = calculateCpmmPurchase(state, fxInt(16), 'YES');
    near(shares, fxInt(30), TINY);
    near(newPool.YES, fxInt(2), TINY);
    expect(newPool.NO).toBe(fxInt(32));
    // 0.25·32 / (0.75·2 + 0.25·32) = 8 / 9.5
    near(getCpmmProbability(newPool, state.p), div(fxInt(8), f('9.5')), TINY);
  });

  it('p = 0.25, pool 16/16: 65520 mana of NO buys 16 + 65520 − (16·65536^(−1/4))^(4/3) = 65535 shares', () => {
    const state: CpmmState = { pool: { YES: fxInt(16), NO: fxInt(16) }, p: f('0.25') };
    const { shares, newPool } = calculateCpmmPurchase(state, fxInt(65_520), 'NO');
    near(shares, fxInt(65_535), ONE / 10n ** 15n);
    expect(newPool.YES).toBe(fxInt(65_536));
    near(newPool.NO, ONE, ONE / 10n ** 15n);
  });

  it('amount-to-probability lands on the target, from either side', () => {
    const state: CpmmState = { pool: { YES: f('36376.91270557218'), NO: f('18164.9347473769') }, p: f('0.13098835375338') };
    for (const [target, outcome] of [
      [f('0.2'), 'YES'],
      [f('0.05'), 'NO'],
    ] as [Fx, Outcome][]) {
      const a = calculateCpmmAmountToProb(state, target, outcome) as Fx;
      expect(a > 0n).toBe(true);
      near(getCpmmProbability(calculateCpmmPurchase(state, a, outcome).newPool, state.p), target, TINY);
    }
    expect(calculateCpmmAmountToProb(state, 0n, 'YES')).toBeNull();
    expect(calculateCpmmAmountToProb(state, ONE, 'NO')).toBeNull();
  });

  it('the p = 0.5 closed form for an amount of shares inverts the purchase', () => {
    const state: CpmmState = { pool: { YES: f('812.5'), NO: f('140.25') }, p: HALF };
    for (const outcome of ['YES', 'NO'] as const) {
      const a = calculateCpmmAmountToBuySharesFixedP(state, fxInt(50), outcome);
      near(calculateCpmmShares(state.pool, HALF, a, outcome), fxInt(50), ONE / 10n ** 18n);
    }
    expect(() => calculateCpmmAmountToBuySharesFixedP({ ...state, p: f('0.3') }, ONE, 'YES')).toThrow(/p = 0.5/);
  });
});

const poolArb = fc.record({
  yes: fc.integer({ min: 1, max: 100_000 }),
  no: fc.integer({ min: 1, max: 100_000 }),
  // 0 means p = 0.5 (every multiple-choice answer pool)
  p: fc.oneof(fc.constant(0), fc.integer({ min: 5, max: 95 })),
});
const stateOf = (a: { yes: number; no: number; p: number }): CpmmState => ({
  pool: { YES: fxInt(a.yes), NO: fxInt(a.no) },
  p: a.p === 0 ? HALF : (BigInt(a.p) * ONE) / 100n,
});

describe('CPMM properties', () => {
  it('k = y^p · n^(1−p) holds after every trade of a random sequence', () => {
    fc.assert(
      fc.property(poolArb, fc.array(fc.record({ yes: fc.boolean(), cents: fc.integer({ min: 1, max: 1_000_000 }) }), { minLength: 1, maxLength: 6 }), (pool, trades) => {
        let state = stateOf(pool);
        const k0 = getCpmmLiquidity(state.pool, state.p);
        for (const t of trades) {
          const amount = (BigInt(t.cents) * ONE) / 100n;
          const { shares, newPool } = calculateCpmmPurchase(state, amount, t.yes ? 'YES' : 'NO');
          // The venue refuses a trade that leaves a side below CPMM_MIN_POOL_QTY.
          if (newPool.YES < CPMM_MIN_POOL_QTY || newPool.NO < CPMM_MIN_POOL_QTY) break;
          expect(shares > amount).toBe(true);
          expect(newPool.YES > 0n && newPool.NO > 0n).toBe(true);
          state = { pool: newPool, p: state.p };
          const k = getCpmmLiquidity(state.pool, state.p);
          // relative 1e-20
          expect(abs(k - k0) * 10n ** 20n <= k0).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('buying and then selling the same shares returns the mana (fees are zero)', () => {
    fc.assert(
      fc.property(poolArb, fc.boolean(), fc.integer({ min: 1, max: 500_000 }), (pool, yes, cents) => {
        const state = stateOf(pool);
        const outcome: Outcome = yes ? 'YES' : 'NO';
        const amount = (BigInt(cents) * ONE) / 100n;
        const bought = calculateCpmmPurchase(state, amount, outcome);
        fc.pre(bought.newPool.YES >= CPMM_MIN_POOL_QTY && bought.newPool.NO >= CPMM_MIN_POOL_QTY);
        const after: CpmmState = { pool: bought.newPool, p: state.p };
        // A sale of s shares buys s of the opposite outcome and redeems the pairs for s mana.
        const opposite: Outcome = yes ? 'NO' : 'YES';
        const cost = amountToBuyShares(after, bought.shares, opposite, [], new Map(), 0);
        const fills = computeFills(after, opposite, cost, undefined, [], new Map(), { now: 0 });
        const saleValue = bought.shares - cost;
        // the sale is bisected on the shares traded: within 1e-15 of them
        near(saleValue, amount, bought.shares / 10n ** 15n);
        // and the pool is back where it started
        near(fills.cpmmState.pool.YES, state.pool.YES, state.pool.YES / 10n ** 15n);
        near(fills.cpmmState.pool.NO, state.pool.NO, state.pool.NO / 10n ** 15n);
      }),
      { numRuns: 40 },
    );
  });

  it('buying YES raises the probability and buying NO lowers it', () => {
    fc.assert(
      fc.property(poolArb, fc.integer({ min: 1, max: 100_000 }), (pool, cents) => {
        const state = stateOf(pool);
        const before = getCpmmProbability(state.pool, state.p);
        const amount = (BigInt(cents) * ONE) / 100n;
        expect(getCpmmProbability(calculateCpmmPurchase(state, amount, 'YES').newPool, state.p) > before).toBe(true);
        expect(getCpmmProbability(calculateCpmmPurchase(state, amount, 'NO').newPool, state.p) < before).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});
