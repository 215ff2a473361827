import { describe, expect, it } from 'vitest';
import { fromPriceUnits, fromSizeUnits, notionalUnits, toPriceUnits, toSizeUnits, decimalPlaces } from './units.js';

describe('unit conversions', () => {
  it('parses decimal strings exactly', () => {
    expect(toPriceUnits('0.4200')).toBe(420_000);
    expect(toPriceUnits('0.56')).toBe(560_000);
    expect(toPriceUnits('.001')).toBe(1_000);
    expect(toPriceUnits('1')).toBe(1_000_000);
    expect(toSizeUnits('10.00')).toBe(10_000_000);
    expect(toSizeUnits('31.54')).toBe(31_540_000);
    expect(toSizeUnits('-54.00')).toBe(-54_000_000);
    expect(toPriceUnits('0.1234560')).toBe(123_456);
  });

  it('rejects garbage and excess precision', () => {
    expect(() => toPriceUnits('abc')).toThrow(RangeError);
    expect(() => toPriceUnits('')).toThrow(RangeError);
    expect(() => toPriceUnits('0.1234567')).toThrow(/decimal places/);
    expect(() => toSizeUnits('1e3')).toThrow(RangeError);
  });

  it('formats with fixed decimals', () => {
    expect(fromPriceUnits(420_000, 4)).toBe('0.4200');
    expect(fromPriceUnits(1_000_000, 4)).toBe('1.0000');
    expect(fromPriceUnits(10_000, 6)).toBe('0.010000');
    expect(fromSizeUnits(10_000_000, 2)).toBe('10.00');
    expect(fromSizeUnits(-54_000_000, 2)).toBe('-54.00');
    expect(fromSizeUnits(5_000_000, 0)).toBe('5');
    expect(fromPriceUnits(123_450, 4)).toBe('0.1235');
    expect(fromPriceUnits(0, 4)).toBe('0.0000');
  });

  it('round-trips and computes notionals exactly', () => {
    for (const s of ['0.0100', '0.9900', '0.0010', '0.5000']) expect(fromPriceUnits(toPriceUnits(s), 4)).toBe(s);
    expect(notionalUnits(420_000, 10_000_000)).toBe(4_200_000);
    expect(notionalUnits(333_333, 1_500_000, 'ceil')).toBe(500_000);
    expect(() => notionalUnits(333_333, 1_500_000)).toThrow(RangeError);
    expect(decimalPlaces('0.56')).toBe(2);
    expect(decimalPlaces('5')).toBe(0);
  });
});
