import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ONE, div, exp, fxFromWire, fxInt, fxParse, fxText, isqrt, ln, mul, pow, sqrt } from './fx.js';

/** Floats serve only as an independent oracle here; the simulator never computes with them. */
const asFloat = (x: bigint) => Number(fxText(x, 20));

function close(actual: number, expected: number, rel = 1e-13): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.abs(expected) * rel + 1e-15);
}

describe('sim fixed-point', () => {
  it('parses decimal and exponent text exactly and formats without trailing zeros', () => {
    expect(fxParse('0.57')).toBe((ONE * 57n) / 100n);
    expect(fxParse('-3')).toBe(-3n * ONE);
    expect(fxParse('1e-7')).toBe(ONE / 10_000_000n);
    expect(fxParse('2.5E+3')).toBe(2500n * ONE);
    expect(fxText(fxParse('0.5000'))).toBe('0.5');
    expect(fxText(fxParse('100'))).toBe('100');
    expect(fxText(fxParse('-0.0000000000001'))).toBe('0');
    expect(fxText((ONE * 2n) / 3n, 6)).toBe('0.666667');
    expect(fxFromWire(0.1 + 0.2)).toBe(fxParse('0.30000000000000004'));
    expect(() => fxParse('abc')).toThrow(RangeError);
    expect(() => fxFromWire(Number.NaN)).toThrow(RangeError);
  });

  it('multiplies, divides and takes square roots exactly to the last unit', () => {
    expect(mul(fxParse('1.5'), fxParse('2.5'))).toBe(fxParse('3.75'));
    expect(div(fxInt(1), fxInt(4))).toBe(fxParse('0.25'));
    expect(sqrt(fxInt(16))).toBe(fxInt(4));
    expect(fxText(sqrt(fxInt(2)), 25)).toBe('1.4142135623730950488016887');
    expect(isqrt(10n ** 40n + 1n)).toBe(10n ** 20n);
  });

  it('ln, exp and pow agree with the float oracle to 13 significant digits', () => {
    expect(fxText(ln(fxInt(2)), 28)).toBe('0.6931471805599453094172321215');
    expect(fxText(exp(ONE), 28)).toBe('2.7182818284590452353602874714');
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: -3000, max: 3000 }), (a, b) => {
        const x = fxParse(`${a}.${String(a % 997).padStart(3, '0')}`);
        const y = (BigInt(b) * ONE) / 1000n;
        close(asFloat(ln(x)), Math.log(asFloat(x)));
        close(asFloat(pow(x, y)), Math.pow(asFloat(x), asFloat(y)), 1e-12);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.integer({ min: -40_000, max: 40_000 }), (n) => {
        const x = (BigInt(n) * ONE) / 1000n;
        close(asFloat(exp(x)), Math.exp(asFloat(x)), 1e-12);
      }),
      { numRuns: 200 },
    );
  });

  it('pow inverts itself: (x^p)^(1/p) = x', () => {
    const x = fxParse('36376.91270557218');
    const p = fxParse('0.13098835375338');
    const back = pow(pow(x, p), div(ONE, p));
    expect(Math.abs(Number(fxText(back - x, 24)))).toBeLessThan(1e-18);
    expect(back).not.toBe(0n);
  });
});
