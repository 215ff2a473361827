import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimalText } from './decimal-text.js';

describe('decimalText', () => {
  it('turns JSON numbers into their exact decimal text, without exponents', () => {
    expect(decimalText(0.0699999999999999)).toBe('0.0699999999999999');
    expect(decimalText(36376.91270557218)).toBe('36376.91270557218');
    expect(decimalText(46224362.39541418)).toBe('46224362.39541418');
    expect(decimalText(0.001)).toBe('0.001');
    expect(decimalText(1e-7)).toBe('0.0000001');
    expect(decimalText(1.25e-9)).toBe('0.00000000125');
    expect(decimalText(1.5e21)).toBe('1500000000000000000000');
    expect(decimalText(-2.5e-8)).toBe('-0.000000025');
    expect(decimalText(-0)).toBe('0');
    expect(decimalText(100)).toBe('100');
  });

  it('refuses what is not a finite number', () => {
    expect(() => decimalText(Number.NaN)).toThrow(RangeError);
    expect(() => decimalText(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it('reads back as the same double, for any double', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
        const text = decimalText(n);
        expect(text).toMatch(/^-?\d+(\.\d+)?$/);
        expect(Number(text)).toBe(Object.is(n, -0) ? 0 : n);
      }),
      { numRuns: 500 },
    );
  });
});
