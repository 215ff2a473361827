import { describe, expect, it } from 'vitest';
import { kalshiFee } from './fees.js';

describe('kalshi fee schedule', () => {
  const quadratic = { feeType: 'quadratic' as const, feeMultiplier: 1 };
  const withMakers = { feeType: 'quadratic_with_maker_fees' as const, feeMultiplier: 1 };

  it('taker fee = 0.07 · C · P · (1 − P), ceiled to $0.0001 (2026) or to the cent (older)', () => {
    // 0.07 × 100 × 0.5 × 0.5 = 1.75 exactly
    expect(kalshiFee(quadratic, { price: '0.50', count: '100', liquidity: 'taker' })).toBe('1.7500');
    // 0.07 × 1 × 0.5 × 0.5 = 0.0175
    expect(kalshiFee(quadratic, { price: '0.50', count: '1', liquidity: 'taker' })).toBe('0.0175');
    expect(kalshiFee(quadratic, { price: '0.50', count: '1', liquidity: 'taker', rounding: 'cent' })).toBe('0.02');
    // 0.07 × 500 × 0.24 × 0.76 = 6.384 → cent rounding 6.39
    expect(kalshiFee(quadratic, { price: '0.24', count: '500', liquidity: 'taker', rounding: 'cent' })).toBe('6.39');
    // 0.07 × 3 × 0.33 × 0.67 = 0.046431 → 0.0465
    expect(kalshiFee(quadratic, { price: '0.33', count: '3', liquidity: 'taker' })).toBe('0.0465');
  });

  it('makers pay only under maker-fee schedules; the multiplier scales', () => {
    expect(kalshiFee(quadratic, { price: '0.50', count: '100', liquidity: 'maker' })).toBe('0.0000');
    expect(kalshiFee(withMakers, { price: '0.50', count: '100', liquidity: 'maker' })).toBe('0.4375');
    expect(kalshiFee(withMakers, { price: '0.50', count: '100', liquidity: 'maker', rounding: 'cent' })).toBe('0.44');
    const combo = { feeType: 'quadratic_with_combo_maker_fees' as const, feeMultiplier: 1 };
    expect(kalshiFee(combo, { price: '0.50', count: '100', liquidity: 'maker' })).toBe('0.0000');
    expect(kalshiFee(combo, { price: '0.50', count: '100', liquidity: 'maker', combo: true })).toBe('0.4375');
    expect(kalshiFee({ feeType: 'quadratic', feeMultiplier: 0.5 }, { price: '0.50', count: '100', liquidity: 'taker' })).toBe('0.8750');
  });

  it('flat is bounded by the quadratic peak at every price', () => {
    const flat = { feeType: 'flat' as const, feeMultiplier: 1 };
    expect(kalshiFee(flat, { price: '0.05', count: '100', liquidity: 'taker' })).toBe('1.7500');
  });

  it('rejects prices outside [0, 1] and negative counts', () => {
    expect(() => kalshiFee(quadratic, { price: '1.2', count: '1', liquidity: 'taker' })).toThrow(RangeError);
    expect(() => kalshiFee(quadratic, { price: '0.5', count: '-1', liquidity: 'taker' })).toThrow(RangeError);
  });
});
