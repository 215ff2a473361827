import { describe, expect, it } from 'vitest';
import { feeScheduleFrom, tradeFee } from './fees.js';

describe('V2 taker fee (docs/venues/polymarket.md §6.11)', () => {
  const schedule = { rate: '0.05', exponent: 1, takerOnly: true };

  it('charges shares × rate × p(1-p), floored to 5 decimals', () => {
    // 100 × 0.05 × 0.57 × 0.43 = 1.2255
    expect(tradeFee({ schedule, price: '0.57', shares: '100', liquidity: 'taker' })).toBe('1.2255');
    // 7 × 0.05 × 0.333 × 0.667 = 0.07773885 → 0.07773
    expect(tradeFee({ schedule, price: '0.333', shares: '7', liquidity: 'taker' })).toBe('0.07773');
  });

  it('applies the exponent', () => {
    // 100 × 0.05 × (0.25)^2 = 0.3125
    expect(tradeFee({ schedule: { ...schedule, exponent: 2 }, price: '0.5', shares: '100', liquidity: 'taker' })).toBe('0.3125');
  });

  it('charges makers nothing and markets without a schedule nothing', () => {
    expect(tradeFee({ schedule, price: '0.57', shares: '100', liquidity: 'maker' })).toBe('0');
    expect(tradeFee({ schedule: null, price: '0.57', shares: '100', liquidity: 'taker' })).toBe('0');
  });

  it('reads the schedule from a market extra map', () => {
    expect(feeScheduleFrom({ feeRate: '0.03', feeExponent: '1', feeTakerOnly: true })).toEqual({ rate: '0.03', exponent: 1, takerOnly: true });
    expect(feeScheduleFrom({ feeRate: null })).toBeNull();
  });
});
