import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal, InvalidOrder } from '../../src/core/index.js';
import { ROUNDING, fixAmount, impliedPrice, limitOrderAmounts, marketOrderAmounts, marketStyleAmounts, orderAmounts, roundingFor } from './order-amounts.js';

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

  it("caps a market order's taker amount at 4 decimals, as the official V2 client does", () => {
    // py-clob-client-v2#99: $9.98 at 0.985 on a 0.001 tick; uncapped the taker is 10.13197 (5 decimals).
    expect(marketOrderAmounts('BUY', '9.98', '0.985', '0.001')).toMatchObject({ makerAmount: '9980000', takerAmount: '10131900' });
    // The official client's ordinary $10 BUY at 0.33: implied price 10/30.303, off the 0.01 grid.
    expect(marketOrderAmounts('BUY', '10', '0.33', '0.01')).toMatchObject({ makerAmount: '10000000', takerAmount: '30303000' });
  });

  it('builds FOK/FAK with market precision and GTC/GTD with limit precision', () => {
    // 7 shares at 0.333 on a 0.001 tick: limit-style maker 2.331 (3 decimals) is refused for FOK/FAK.
    expect(orderAmounts('GTC', 'BUY', '0.333', '7', '0.001')).toMatchObject({ makerAmount: '2331000', takerAmount: '7000000' });
    const fok = orderAmounts('FOK', 'BUY', '0.333', '7', '0.001');
    expect(fok).toMatchObject({ makerAmount: '2330000', takerAmount: '6996900', size: '6.9969', price: '0.333' });
    expect(orderAmounts('FAK', 'SELL', '0.333', '12.345', '0.001')).toMatchObject({ makerAmount: '12340000', takerAmount: '4109200' });
    // On-grid cases are exact: 10 at 0.57.
    expect(orderAmounts('FOK', 'BUY', '0.57', '10', '0.01')).toMatchObject({ makerAmount: '5700000', takerAmount: '10000000' });
  });

  it('keeps market-style amounts within the venue precision, never more shares than asked, and the implied price within a tick of the limit (property)', () => {
    const ticks = ['0.1', '0.01', '0.005', '0.0025', '0.001', '0.0001'];
    const decimalsOf = (units: string) => {
      let d = 6;
      let u = BigInt(units);
      while (d > 0 && u % 10n === 0n) {
        u /= 10n;
        d -= 1;
      }
      return d;
    };
    fc.assert(
      fc.property(fc.constantFrom(...ticks), fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 100, max: 1_000_000 }), fc.boolean(), (tick, k, cents, buy) => {
        const t = Decimal.parse(tick);
        const steps = Decimal.ONE.div(t, 0, 'down');
        const n = BigInt(k) % (steps.units - 1n) + 1n;
        const price = t.mul(Decimal.fromInteger(n)).normalize().toString();
        const size = Decimal.fromUnits(BigInt(cents), 2).toString();
        const side = buy ? 'BUY' : 'SELL';
        let a;
        try {
          a = marketStyleAmounts(side, price, size, tick);
        } catch (err) {
          // Only a BUY worth less than a cent has nothing to sign.
          expect(err).toBeInstanceOf(InvalidOrder);
          expect(Decimal.parse(size).mul(price).lt('0.01')).toBe(true);
          return;
        }
        expect(decimalsOf(a.makerAmount)).toBeLessThanOrEqual(2);
        expect(decimalsOf(a.takerAmount)).toBeLessThanOrEqual(4);
        expect(Decimal.parse(a.size).lte(size)).toBe(true);
        const implied = impliedPrice(side, a.makerAmount, a.takerAmount, 12);
        if (buy) expect(implied.gte(price) && implied.lt(Decimal.parse(price).add(t))).toBe(true);
        else expect(implied.lte(price) && implied.gt(Decimal.parse(price).sub(t))).toBe(true);
      }),
      { numRuns: 400 },
    );
  });
});
