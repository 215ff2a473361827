import { describe, expect, it } from 'vitest';
import { OrderSide, calculateOrderAmounts, safeAmountToWei } from '@opinion-labs/opinion-clob-sdk';
import { InvalidOrder } from '../../src/core/index.js';
import { assertMinimumValue, checkTick, impliedPrice, limitOrderAmounts, marketOrderAmounts, priceUnits } from './order-amounts.js';

const E18 = 10n ** 18n;

describe('order amounts (docs/venues/opinion.md §6.2)', () => {
  it('reproduces the documented body: a limit BUY of 10 shares at 0.5 signs 5 USDT for 10 shares', () => {
    expect(limitOrderAmounts({ side: 'buy', price: '0.5', shares: '10', decimals: 18 })).toEqual({
      makerAmount: 5_000_000_000_000_000_000n,
      takerAmount: 10_000_000_000_000_000_000n,
      shares: '10',
      value: '5',
    });
  });

  it('signs a limit SELL as shares for USDT, and rounds k down to whole micro-units of price', () => {
    expect(limitOrderAmounts({ side: 'sell', price: '0.5', shares: '10', decimals: 18 })).toMatchObject({ makerAmount: 10n * E18, takerAmount: 5n * E18 });
    // BUY 5 USDT at 0.37: k = ⌊5·10¹⁸ / 370000⌋ = 13513513513513 → a hair under $5.
    const a = limitOrderAmounts({ side: 'buy', price: '0.37', quote: '5', decimals: 18 });
    expect(a.makerAmount).toBe(13_513_513_513_513n * 370_000n);
    expect(a.takerAmount).toBe(13_513_513_513_513n * 1_000_000n);
    expect(a.value).toBe('4.99999999999981');
    expect(() => assertMinimumValue(a.value)).toThrow(/below the minimum required value of 5 USDT/);
    expect(() => assertMinimumValue('5')).not.toThrow();
    // A SELL sized in USDT sells ⌊quote ÷ price⌋ shares.
    expect(limitOrderAmounts({ side: 'sell', price: '0.25', quote: '5', decimals: 18 })).toMatchObject({ makerAmount: 20n * E18, takerAmount: 5n * E18 });
  });

  it('uses the quote token decimals (the SDK falls back to 6)', () => {
    expect(limitOrderAmounts({ side: 'buy', price: '0.5', shares: '10', decimals: 6 })).toMatchObject({ makerAmount: 5_000_000n, takerAmount: 10_000_000n });
    expect(limitOrderAmounts({ side: 'buy', price: '0.123456', shares: '3', decimals: 6 })).toMatchObject({ makerAmount: 3n * 123_456n, takerAmount: 3_000_000n });
  });

  it('signs market orders with takerAmount 0: a BUY spends USDT, a SELL sells shares', () => {
    expect(marketOrderAmounts({ side: 'buy', amount: '2', decimals: 18 })).toEqual({ makerAmount: 2n * E18, takerAmount: 0n });
    expect(marketOrderAmounts({ side: 'sell', amount: '3.5', decimals: 18 })).toEqual({ makerAmount: 3_500_000_000_000_000_000n, takerAmount: 0n });
  });

  it('accepts prices strictly inside (0, 1) with at most 6 decimals, and the 0.001 grid', () => {
    expect(priceUnits('0.5')).toBe(500_000n);
    expect(priceUnits('0.000001')).toBe(1n);
    for (const bad of ['0', '1', '1.5', '0.1234567', '-0.1', 'x', '']) expect(() => priceUnits(bad)).toThrow(InvalidOrder);
    expect(() => checkTick('0.405')).not.toThrow();
    expect(() => checkTick('0.4005')).toThrow(/tick 0.001/);
    expect(() => limitOrderAmounts({ side: 'buy', price: '0.5', decimals: 18 })).toThrow(/exactly one/);
    expect(() => limitOrderAmounts({ side: 'buy', price: '0.5', shares: '0.000000000000000001', decimals: 18 })).toThrow(/too small/);
  });

  it('gives back the signed price from the amounts', () => {
    const a = limitOrderAmounts({ side: 'sell', price: '0.731', shares: '12.5', decimals: 18 });
    expect(impliedPrice('sell', a.makerAmount, a.takerAmount)).toBe('0.731');
    const b = limitOrderAmounts({ side: 'buy', price: '0.002', quote: '7', decimals: 18 });
    expect(impliedPrice('buy', b.makerAmount, b.takerAmount)).toBe('0.002');
  });

  it("matches the official SDK's calculateOrderAmounts, except where its float product undershoots by one unit of k", () => {
    let same = 0;
    const undershoots: string[] = [];
    for (let t = 1; t < 1000; t += 37) {
      const price = String(t / 1000);
      for (const shares of ['1', '3', '7', '10', '33', '100', '250.5']) {
        for (const side of ['buy', 'sell'] as const) {
          const ours = limitOrderAmounts({ side, price, shares, decimals: 18 });
          // What the SDK's placeOrder does with makerAmountInBaseToken (client.ts, utils.ts).
          const makerFloat = side === 'buy' ? Number(shares) * Number(price) : Number(shares);
          const sdk = calculateOrderAmounts(Number(price), safeAmountToWei(makerFloat, 18), side === 'buy' ? OrderSide.BUY : OrderSide.SELL, 18);
          if (sdk.recalculatedMakerAmount === ours.makerAmount && sdk.takerAmount === ours.takerAmount) {
            same += 1;
            continue;
          }
          const unit = side === 'buy' ? BigInt(t) * 1000n : 1_000_000n;
          expect(ours.makerAmount - sdk.recalculatedMakerAmount).toBe(unit);
          undershoots.push(`${side} ${shares}@${price}`);
        }
      }
    }
    expect(same).toBeGreaterThan(undershoots.length * 4);
    // The documented case (§11): 7 × 0.7 is 4.8999999999999995 in binary floating point.
    const sdk = calculateOrderAmounts(0.7, safeAmountToWei(7 * 0.7, 18), OrderSide.BUY, 18);
    expect(sdk.takerAmount).toBe(6_999_999_999_999n * 1_000_000n);
    expect(limitOrderAmounts({ side: 'buy', price: '0.7', shares: '7', decimals: 18 }).takerAmount).toBe(7n * E18);
  });
});
