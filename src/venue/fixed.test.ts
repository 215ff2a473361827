import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../core/decimal.js';
import { FixedPointError, formatFixed, parseFixed } from './fixed.js';

describe('parseFixed / formatFixed', () => {
  it('parses venue decimal strings exactly', () => {
    expect(parseFixed('0.4200')).toBe(420_000);
    expect(parseFixed('.48')).toBe(480_000);
    expect(parseFixed('5')).toBe(5_000_000);
    expect(parseFixed('5.')).toBe(5_000_000);
    expect(parseFixed('0.000001')).toBe(1);
    expect(parseFixed('0.42000000')).toBe(420_000);
    expect(parseFixed('-1.5', 6, true)).toBe(-1_500_000);
    expect(parseFixed('12.34', 2)).toBe(1234);
  });

  it('rejects malformed input, signs when unsigned and digits beyond the scale', () => {
    for (const bad of ['', '.', '-', '1e3', '0x10', ' 1', '1 ', '1.2.3', 'NaN', '--1', '+1']) {
      expect(() => parseFixed(bad, 6, true), bad).toThrow(FixedPointError);
    }
    expect(() => parseFixed('-1')).toThrow(/negative/);
    expect(() => parseFixed('0.0000001')).toThrow(/more than 6 decimal places/);
    expect(() => parseFixed('99999999999')).toThrow(/too large/);
  });

  it('formats with at least minDecimals and never loses digits', () => {
    expect(formatFixed(420_000, 6, 4)).toBe('0.4200');
    expect(formatFixed(421_500, 6, 2)).toBe('0.4215');
    expect(formatFixed(10_000_000, 6, 2)).toBe('10.00');
    expect(formatFixed(3, 6, 0)).toBe('0.000003');
    expect(formatFixed(-1_500_000, 6, 0)).toBe('-1.5');
    expect(formatFixed(0, 6, 0)).toBe('0');
  });

  it('round-trips against Decimal for any value', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 52n), max: 2n ** 52n }), fc.integer({ min: 0, max: 6 }), (units, minDec) => {
        const text = formatFixed(Number(units), 6, minDec);
        expect(Decimal.parse(text).eq(Decimal.fromUnits(units, 6))).toBe(true);
        expect(parseFixed(text, 6, true)).toBe(Number(units));
      }),
    );
  });
});
