import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal, DecimalError, type RoundingMode } from './decimal.js';

/** Arbitrary decimals as (units, scale) pairs, compared against exact rational arithmetic. */
const arbDecimal = fc
  .tuple(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.integer({ min: 0, max: 8 }))
  .map(([u, s]) => Decimal.fromUnits(u, s));

/** A rational as numerator / 10^scale, for reference arithmetic. */
function rat(d: Decimal): [bigint, bigint] {
  return [d.units, 10n ** BigInt(d.scale)];
}

describe('Decimal.parse / toString', () => {
  it.each([
    ['0.4200', '0.4200', 4],
    ['10.00', '10.00', 2],
    ['.48', '0.48', 2],
    ['5', '5', 0],
    ['-1.5', '-1.5', 1],
    ['+3.25', '3.25', 2],
    ['0', '0', 0],
    ['007.10', '7.10', 2],
    ['1.', '1', 0],
  ])('parses %s', (input, text, scale) => {
    const d = Decimal.parse(input);
    expect(d.toString()).toBe(text);
    expect(d.scale).toBe(scale);
  });

  it.each(['', '.', 'abc', '1e5', '1.2.3', ' 1', '1 ', 'NaN', 'Infinity', '--1', '0x10', '1,5'])(
    'rejects %j',
    (input) => {
      expect(() => Decimal.parse(input)).toThrow(DecimalError);
      expect(Decimal.tryParse(input)).toBeNull();
    },
  );

  it('round-trips any value through its string form', () => {
    fc.assert(
      fc.property(arbDecimal, (d) => {
        const back = Decimal.parse(d.toString());
        expect(back.units).toBe(d.units);
        expect(back.scale).toBe(d.scale);
      }),
    );
  });

  it('never goes through floats: values beyond double precision survive', () => {
    const big = '12345678901234567890.123456789012345678';
    expect(Decimal.parse(big).toString()).toBe(big);
    expect(Decimal.parse('0.1').add('0.2').toString()).toBe('0.3');
  });
});

describe('Decimal arithmetic is exact', () => {
  it('add and sub agree with rational arithmetic', () => {
    fc.assert(
      fc.property(arbDecimal, arbDecimal, (a, b) => {
        const [an, ad] = rat(a);
        const [bn, bd] = rat(b);
        const [sn, sd] = rat(a.add(b));
        expect(sn * ad * bd).toBe((an * bd + bn * ad) * sd);
        const [dn, dd] = rat(a.sub(b));
        expect(dn * ad * bd).toBe((an * bd - bn * ad) * dd);
      }),
    );
  });

  it('mul agrees with rational arithmetic', () => {
    fc.assert(
      fc.property(arbDecimal, arbDecimal, (a, b) => {
        const [an, ad] = rat(a);
        const [bn, bd] = rat(b);
        const [pn, pd] = rat(a.mul(b));
        expect(pn * ad * bd).toBe(an * bn * pd);
      }),
    );
  });

  it('a + b - b == a, and add is commutative', () => {
    fc.assert(
      fc.property(arbDecimal, arbDecimal, (a, b) => {
        expect(a.add(b).sub(b).eq(a)).toBe(true);
        expect(a.add(b).eq(b.add(a))).toBe(true);
      }),
    );
  });

  it('cmp is a total order consistent with sub', () => {
    fc.assert(
      fc.property(arbDecimal, arbDecimal, (a, b) => {
        const c = a.cmp(b);
        const diff = a.sub(b);
        expect(c).toBe(diff.isZero() ? 0 : diff.isNegative() ? -1 : 1);
        expect(b.cmp(a)).toBe(-c as -1 | 0 | 1);
      }),
    );
  });

  it('equal values at different scales compare equal', () => {
    expect(Decimal.parse('0.42').eq('0.4200')).toBe(true);
    expect(Decimal.parse('0.4200').normalize().toString()).toBe('0.42');
  });
});

describe('rounding', () => {
  const cases: [string, number, RoundingMode, string][] = [
    ['1.25', 1, 'half-even', '1.2'],
    ['1.35', 1, 'half-even', '1.4'],
    ['1.25', 1, 'half-up', '1.3'],
    ['-1.25', 1, 'half-up', '-1.3'],
    ['-1.25', 1, 'half-even', '-1.2'],
    ['1.21', 1, 'up', '1.3'],
    ['-1.21', 1, 'up', '-1.3'],
    ['1.29', 1, 'down', '1.2'],
    ['-1.29', 1, 'down', '-1.2'],
    ['-1.21', 1, 'floor', '-1.3'],
    ['-1.29', 1, 'ceil', '-1.2'],
    ['1.21', 1, 'ceil', '1.3'],
    ['0.4', 4, 'half-even', '0.4000'],
  ];
  it.each(cases)('%s to %d places (%s) = %s', (input, scale, mode, out) => {
    expect(Decimal.parse(input).round(scale, mode).toString()).toBe(out);
  });

  it('rounded result is within one unit of the exact value, on the right side for directed modes', () => {
    const modes: RoundingMode[] = ['down', 'up', 'floor', 'ceil', 'half-up', 'half-even'];
    fc.assert(
      fc.property(arbDecimal, fc.integer({ min: 0, max: 6 }), fc.constantFrom(...modes), (d, scale, mode) => {
        const r = d.round(scale, mode);
        const ulp = Decimal.fromUnits(1n, scale);
        expect(r.sub(d).abs().lte(ulp)).toBe(true);
        if (mode === 'floor') expect(r.lte(d)).toBe(true);
        if (mode === 'ceil') expect(r.gte(d)).toBe(true);
        if (mode === 'down') expect(r.abs().lte(d.abs())).toBe(true);
        if (mode === 'up') expect(r.abs().gte(d.abs())).toBe(true);
        if (mode === 'half-up' || mode === 'half-even') {
          expect(r.sub(d).abs().mul('2').lte(ulp)).toBe(true);
        }
      }),
    );
  });

  it('div rounds to the requested scale and mode', () => {
    expect(Decimal.parse('1').div('3', 4).toString()).toBe('0.3333');
    expect(Decimal.parse('2').div('3', 4, 'down').toString()).toBe('0.6666');
    expect(Decimal.parse('2').div('3', 4, 'half-even').toString()).toBe('0.6667');
    expect(Decimal.parse('-2').div('3', 2, 'floor').toString()).toBe('-0.67');
    expect(Decimal.parse('10.00').div('-4', 3).toString()).toBe('-2.500');
    expect(() => Decimal.parse('1').div('0', 2)).toThrow(DecimalError);
  });

  it('rejects a target scale that is negative, fractional or too large instead of mis-scaling', () => {
    const d = Decimal.parse('123.45');
    for (const scale of [-1, 1.5, 37, Number.NaN]) {
      expect(() => d.round(scale), String(scale)).toThrow(DecimalError);
      expect(() => d.toFixed(scale), String(scale)).toThrow(DecimalError);
      expect(() => d.toUnits(scale), String(scale)).toThrow(DecimalError);
      expect(() => d.div('2', scale), String(scale)).toThrow(DecimalError);
    }
  });

  it('div then mul stays within rounding error', () => {
    fc.assert(
      fc.property(arbDecimal, arbDecimal.filter((b) => !b.isZero()), (a, b) => {
        const q = a.div(b, 12, 'down');
        const back = q.mul(b);
        const err = a.sub(back).abs();
        expect(err.lte(b.abs().mul(Decimal.fromUnits(1n, 12)))).toBe(true);
      }),
    );
  });

  it('roundToStep and isMultipleOf follow a tick grid', () => {
    expect(Decimal.parse('0.4237').roundToStep('0.01', 'down').toString()).toBe('0.4200');
    expect(Decimal.parse('0.4237').roundToStep('0.001', 'half-up').toString()).toBe('0.4240');
    expect(Decimal.parse('0.42').isMultipleOf('0.01')).toBe(true);
    expect(Decimal.parse('0.425').isMultipleOf('0.01')).toBe(false);
    expect(Decimal.parse('0.4250').isMultipleOf('0.005')).toBe(true);
    fc.assert(
      fc.property(arbDecimal, fc.constantFrom('0.01', '0.001', '0.05', '1'), (d, step) => {
        expect(d.roundToStep(step, 'floor').isMultipleOf(step)).toBe(true);
      }),
    );
  });

  it('converts to integer units (dollars → cents)', () => {
    expect(Decimal.parse('12.345').toUnits(2, 'half-up')).toBe(1235n);
    expect(Decimal.fromUnits(1234n, 2).toString()).toBe('12.34');
    expect(Decimal.fromInteger(1234).div('100', 2).toString()).toBe('12.34');
    expect(() => Decimal.fromInteger(0.5)).toThrow(DecimalError);
  });
});
