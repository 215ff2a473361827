import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal, InvalidOrder } from '../../src/core/index.js';
import { ROUNDING, fixAmount, impliedPrice, limitOrderAmounts, marketOrderAmounts, roundingFor } from './order-amounts.js';

describe('order amounts (docs/venues/polymarket.md §6.3)', () => {
  it('reproduces the worked examples', () => {
    expect(limitOrderAmounts('BUY', '0.57', '10', '0.01')).toMatchObject({ makerAmount: '5700000', takerAmount: '10000000' });
    expect(limitOrderAmounts('SELL', '0.333', '12.345', '0.001')).toMatchObject({ makerAmount: '12340000', takerAmount: '4109220', size: '12.34' });
    expect(marketOrderAmounts('BUY', '100', '0.57', '0.01')).toMatchObject({ makerAmount: '100000000', takerAmount: '175438500' });
    expect(marketOrderAmounts('SELL', '20', '0.57', '0.01')).toMatchObject({ makerAmount: '20000000', takerAmount: '11400000' });
  });

  it('has the six tick sizes of the rounding table, including 0.005 and 0.0025', () => {
    expect(Object.keys(ROUNDING).sort()).toEqual(['0.0001', '0.001', '0.0025', '0.005', '0.01', '0.1']);
    expect(roundingFor('0.010')).toEqual({ price: 2, size: 2, amount: 4 });
    expect(roundingFor('0.0025')).toEqual({ price: 4, size: 2, amount: 6 });
    expect(() => roundingFor('0.02')).toThrow(InvalidOrder);
  });

  it('fixes up amounts: round up at n+4 places, then down to n', () => {
    expect(fixAmount(Decimal.parse('175.438596491228'), 4).toString()).toBe('175.4385');
    expect(fixAmount(Decimal.parse('4.10922'), 5).toString()).toBe('4.10922');
    expect(fixAmount(Decimal.parse('1.23450000001'), 4).toString()).toBe('1.2345');
  });

  it('rejects prices outside [tick, 1 - tick] and sizes that round to zero', () => {
    expect(() => limitOrderAmounts('BUY', '0.995', '10', '0.01')).toThrow(InvalidOrder);
    expect(() => limitOrderAmounts('BUY', '0', '10', '0.01')).toThrow(InvalidOrder);
    expect(() => limitOrderAmounts('BUY', '0.5', '0.004', '0.01')).toThrow(InvalidOrder);
  });

  it('does not change an off-tick price (the venue rejects it with its own message)', () => {
    const a = limitOrderAmounts('BUY', '0.555', '10', '0.01');
    expect(a.price).toBe('0.555');
    expect(impliedPrice('BUY', a.makerAmount, a.takerAmount).eq('0.555')).toBe(true);
  });

  it('implies exactly the limit price for on-tick prices and 2-dp sizes (property)', () => {
    const ticks = ['0.1', '0.01', '0.005', '0.0025', '0.001', '0.0001'];
    fc.assert(
      fc.property(fc.constantFrom(...ticks), fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 1, max: 1_000_000 }), fc.boolean(), (tick, k, cents, buy) => {
        const t = Decimal.parse(tick);
        const steps = Decimal.ONE.div(t, 0, 'down');
        const n = BigInt(k) % (steps.units - 1n) + 1n; // 1 .. steps-1
        const price = t.mul(Decimal.fromInteger(n)).normalize().toString();
        const size = Decimal.fromUnits(BigInt(cents), 2).toString();
        const side = buy ? 'BUY' : 'SELL';
        const a = limitOrderAmounts(side, price, size, tick);
        expect(impliedPrice(side, a.makerAmount, a.takerAmount, 12).eq(price)).toBe(true);
        expect(BigInt(buy ? a.takerAmount : a.makerAmount)).toBe(BigInt(cents) * 10_000n);
      }),
      { numRuns: 300 },
    );
  });
});
