import { describe, expect, it } from 'vitest';
import { applyBalanceRounding, tradeFeeMicros } from './fees.js';
import { onGrid, PRICE_STRUCTURES, rangesToWire } from './grid.js';

describe('Kalshi fees', () => {
  it('taker fee = 0.07 × C × P × (1 − P), rounded up to $0.0001', () => {
    expect(tradeFeeMicros('quadratic', 1, true, 500_000, 1_000_000)).toBe(17_500); // 0.0175
    expect(tradeFeeMicros('quadratic', 1, true, 500_000, 10_000_000)).toBe(175_000);
    expect(tradeFeeMicros('quadratic', 1, true, 10_000, 1_000_000)).toBe(700); // 0.000693 → 0.0007
    expect(tradeFeeMicros('quadratic', 1, true, 550_000, 30_000)).toBe(600); // 0.00051975 → 0.0006
    expect(tradeFeeMicros('quadratic', 0.5, true, 500_000, 1_000_000)).toBe(8_800); // 0.00875 → 0.0088
  });

  it('maker fees only on maker-fee series (0.0175 rate)', () => {
    expect(tradeFeeMicros('quadratic', 1, false, 500_000, 100_000_000)).toBe(0);
    expect(tradeFeeMicros('quadratic_with_maker_fees', 1, false, 500_000, 100_000_000)).toBe(437_500);
    expect(tradeFeeMicros('quadratic_with_combo_maker_fees', 1, false, 250_000, 1_000_000)).toBe(3_300); // 0.00328125 → 0.0033
  });

  it('balance changes align to $0.0001 (floor toward −∞) with a non-negative rounding fee', () => {
    expect(applyBalanceRounding(-30_250, 600)).toEqual({ change: -30_900, roundingFee: 50 });
    expect(applyBalanceRounding(-4_000_000, 168_000)).toEqual({ change: -4_168_000, roundingFee: 0 });
    expect(applyBalanceRounding(55, 0)).toEqual({ change: 0, roundingFee: 55 });
  });
});

describe('Kalshi price grids', () => {
  it('validates prices against price_ranges', () => {
    const cent = PRICE_STRUCTURES.linear_cent ?? [];
    const tapered = PRICE_STRUCTURES.tapered_deci_cent ?? [];
    expect(onGrid(420_000, cent)).toBe(true);
    expect(onGrid(425_000, cent)).toBe(false);
    expect(onGrid(0, cent)).toBe(false);
    expect(onGrid(1_000_000, cent)).toBe(false);
    expect(onGrid(55_000, tapered)).toBe(true);
    expect(onGrid(555_000, tapered)).toBe(false);
    expect(onGrid(955_000, tapered)).toBe(true);
    expect(onGrid(1_000, PRICE_STRUCTURES.deci_cent ?? [])).toBe(true);
    expect(rangesToWire(cent)).toEqual([{ start: '0.0000', end: '1.0000', step: '0.0100' }]);
  });
});
