import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../src/core/decimal.js';
import { ammLadder, poolProbability, sharesForAmount, type CpmmPool } from './cpmm.js';
import { LN2, S, exp, fromDecimal, ln, sqrt, toDecimal, twoAtanh } from './fixed-math.js';
import { calculateCpmmAmountToProb, calculateCpmmPurchase, getCpmmProbability } from './sim/cpmm.js';
import { ONE as SIM_ONE, fxParse, fxText } from './sim/fx.js';

/** Floats serve only as an independent oracle in these tests. */
const asFloat = (x: bigint) => Number(toDecimal(x, 20, 'half-even').toString());

describe('adapter fixed-point math', () => {
  it('knows ln 2, √2 and e', () => {
    expect(toDecimal(LN2, 34, 'half-even').toString()).toBe('0.6931471805599453094172321214581766');
    const series = twoAtanh(S / 3n);
    expect((series > LN2 ? series - LN2 : LN2 - series) < 100n).toBe(true);
    expect(toDecimal(sqrt(fromDecimal('2')), 34, 'down').toString()).toBe('1.414213562373095048801688724209698');
    expect(toDecimal(exp(S), 30, 'half-even').toString()).toBe('2.718281828459045235360287471353');
  });

  it('ln and exp match the float oracle and invert each other', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2_000_000_000 }), (n) => {
        const x = fromDecimal(Decimal.fromUnits(BigInt(n), 4));
        const l = ln(x);
        expect(Math.abs(asFloat(l) - Math.log(n / 10_000))).toBeLessThan(1e-13);
        const back = exp(l);
        // relative 1e-30
        expect((back > x ? back - x : x - back) * 10n ** 30n <= x).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

const simPool = (pool: CpmmPool) => ({ pool: { YES: fxParse(String(pool.yes)), NO: fxParse(String(pool.no)) }, p: fxParse(String(pool.p)) });
/**
 * A simulator Fx value and an adapter fixed-point value agree to `digits` digits of `magnitude`
 * (default the value itself, at least 1). Purchase results are differences of pool-sized numbers,
 * so they are compared at the pool's magnitude: the simulator keeps 30 decimals.
 */
function agree(simValue: bigint, adapterValue: bigint, digits: number, magnitude?: Decimal): void {
  const s = Decimal.parse(fxText(simValue, 30));
  const a = Decimal.fromUnits(adapterValue, 36);
  const scale = Decimal.max(Decimal.max(s.abs(), Decimal.ONE), magnitude ?? Decimal.ONE);
  const diff = s.sub(a).abs();
  if (diff.gt(scale.mul(Decimal.fromUnits(1n, digits)))) throw new Error(`simulator ${s.toString()} vs adapter ${a.toString()}: not within ${digits} digits`);
}

const poolArb = fc.record({
  yes: fc.integer({ min: 10, max: 5_000_000 }),
  no: fc.integer({ min: 10, max: 5_000_000 }),
  p: fc.oneof(fc.constant(50), fc.integer({ min: 3, max: 97 })),
});
const poolOf = (a: { yes: number; no: number; p: number }): CpmmPool => ({
  yes: Decimal.fromUnits(BigInt(a.yes), 2).toString(),
  no: Decimal.fromUnits(BigInt(a.no), 2).toString(),
  p: Decimal.fromUnits(BigInt(a.p), 2).normalize().toString(),
});

describe('adapter CPMM against the simulator (independent implementations)', () => {
  it('the recorded 2026 market pool: probability 0.07, as the venue reports it', () => {
    // market-full-binary.json: pool NO 18164.9347473769, YES 36376.91270557218, p 0.13098835375338, probability 0.0699999999999999
    const pool = { yes: '36376.91270557218', no: '18164.9347473769', p: '0.13098835375338' };
    expect(toDecimal(poolProbability(pool), 12, 'half-even').toString()).toBe('0.07');
    agree(getCpmmProbability(simPool(pool).pool, simPool(pool).p), poolProbability(pool), 25);
  });

  it('agree on the probability, the shares a purchase gives and the ladder costs', () => {
    fc.assert(
      fc.property(poolArb, fc.integer({ min: 1, max: 1_000_000 }), fc.boolean(), (a, cents, yes) => {
        const pool = poolOf(a);
        const sim = simPool(pool);
        const size = Decimal.max(Decimal.parse(String(pool.yes)), Decimal.parse(String(pool.no)));
        agree(getCpmmProbability(sim.pool, sim.p), poolProbability(pool), 25);
        const amount = Decimal.fromUnits(BigInt(cents), 2).toString();
        const outcome = yes ? 'YES' : 'NO';
        const simShares = calculateCpmmPurchase(sim, fxParse(amount), outcome).shares;
        agree(simShares, sharesForAmount(pool, outcome, amount), 20, size);
        // Every ladder point costs what the venue's amount-to-probability formula says.
        for (const direction of ['up', 'down'] as const) {
          for (const pt of ammLadder(pool, direction).filter((_, i) => i % 7 === 0)) {
            const target = (SIM_ONE * BigInt(pt.tick)) / 100n;
            const simCost = calculateCpmmAmountToProb(sim, target, direction === 'up' ? 'YES' : 'NO') as bigint;
            agree(simCost, pt.cost, 20, size);
            agree(calculateCpmmPurchase(sim, simCost, direction === 'up' ? 'YES' : 'NO').shares, pt.shares, 20, size);
          }
        }
      }),
      { numRuns: 40 },
    );
  });

  it('walks up from just above the probability to 0.99 and down to 0.01, costs and shares increasing', () => {
    const pool = { yes: '1000', no: '1000', p: '0.5' };
    const up = ammLadder(pool, 'up');
    const down = ammLadder(pool, 'down');
    expect(up.map((p) => p.tick)).toEqual(Array.from({ length: 49 }, (_, i) => 51 + i));
    expect(down.map((p) => p.tick)).toEqual(Array.from({ length: 49 }, (_, i) => 49 - i));
    for (const side of [up, down]) for (let i = 1; i < side.length; i++) expect(side[i]!.cost > side[i - 1]!.cost && side[i]!.shares > side[i - 1]!.shares).toBe(true);
    // p = 0.5, 1000/1000 → 0.51: n' = 1000·√(0.51/0.49), y' = 1000·√(0.49/0.51)
    expect(toDecimal(up[0]!.cost, 12, 'half-even').toString()).toBe('20.204061220407');
    expect(toDecimal(up[0]!.shares, 12, 'half-even').toString()).toBe('40.0080024008');
  });

  it('stops before a tick that would leave a pool side under 0.01', () => {
    const thin = { yes: '1', no: '1', p: '0.05' };
    const up = ammLadder(thin, 'up');
    expect(up.length).toBeGreaterThan(0);
    expect(up.at(-1)!.tick).toBeLessThan(99);
    const fullRange = ammLadder({ yes: '1000', no: '1000', p: '0.5' }, 'up');
    expect(fullRange.at(-1)!.tick).toBe(99);
  });
});
