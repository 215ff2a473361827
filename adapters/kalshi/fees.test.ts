import { describe, expect, it } from 'vitest';
import { Decimal, type Market } from '../../src/core/index.js';
import { applyFeeRounding, kalshiFee, kalshiOrderFee, quoteKalshiOrderFee } from './fees.js';

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

describe('kalshi order fee (fee rounding and the per-order accumulator)', () => {
  const quadratic = { feeType: 'quadratic' as const, feeMultiplier: 1 };
  const d = (s: string) => Decimal.parse(s);

  it('reproduces the three worked examples of the venue guide fill by fill', () => {
    // docs.kalshi.com/getting_started/fee_rounding: the trade fees there are given, not derived.
    const ex1 = applyFeeRounding(Array.from({ length: 3 }, () => ({ revenue: d('-0.055'), tradeFee: d('0.0085') })), 'cent');
    expect(ex1.fills.map((f) => f.rounding.normalize().toString())).toEqual(['0.0065', '0.0065', '0.0065']);
    expect(ex1.fills.map((f) => f.rebate.normalize().toString())).toEqual(['0', '0.01', '0']);
    expect(ex1.fills.map((f) => f.net.normalize().toString())).toEqual(['0.015', '0.005', '0.015']);
    expect(ex1.fills.map((f) => f.balanceChange.normalize().toString())).toEqual(['-0.07', '-0.07', '-0.07']);

    const ex2 = applyFeeRounding(Array.from({ length: 3 }, () => ({ revenue: d('-0.15'), tradeFee: d('0.0041') })), 'cent');
    expect(ex2.fills.map((f) => f.net.normalize().toString())).toEqual(['0.01', '0', '0.01']);
    expect(ex2.total.normalize().toString()).toBe('0.02');

    const ex3 = applyFeeRounding(Array.from({ length: 3 }, () => ({ revenue: d('-0.009903'), tradeFee: d('0.0005') })), 'cent');
    expect(ex3.fills.map((f) => f.net.normalize().toString())).toEqual(['0.010097', '0.000097', '0.000097']);
    expect(ex3.fills.map((f) => f.rebate.normalize().toString())).toEqual(['0', '0.01', '0.01']);
  });

  it('charges one contract at $0.50 two cents, not 0.0175, on a cent-precision account', () => {
    expect(kalshiOrderFee(quadratic, [['0.50', '1']], 'buy', 'taker')).toBe('0.02');
    // A direct member's balance is kept to $0.0001: the trade fee alone.
    expect(kalshiOrderFee(quadratic, [['0.50', '1']], 'buy', 'taker', { balancePrecision: 'centicent' })).toBe('0.0175');
    // 100 contracts: 1.75 exactly, nothing to round.
    expect(kalshiOrderFee(quadratic, [['0.50', '100']], 'buy', 'taker')).toBe('1.75');
    // Selling rounds the proceeds down the same way: 0.50 − 0.0175 = 0.4825 → 0.48.
    expect(kalshiOrderFee(quadratic, [['0.50', '1']], 'sell', 'taker')).toBe('0.02');
  });

  it('walks an order across levels with the accumulator', () => {
    // 3 @ 0.40: fee 0.07·3·0.24 = 0.0504; −1.20 − 0.0504 = −1.2504 → −1.26, rounding 0.0096.
    // 2 @ 0.41: fee 0.07·2·0.41·0.59 = 0.033866 → 0.0339; −0.82 − 0.0339 = −0.8539 → −0.86, rounding 0.0061;
    // accumulator 0.0157 > 0.01 → rebate 0.01. Net = 0.0504 + 0.0096 + 0.0339 + 0.0061 − 0.01 = 0.09.
    expect(kalshiOrderFee(quadratic, [['0.40', '3'], ['0.41', '2']], 'buy', 'taker')).toBe('0.09');
  });

  it('quotes from the schedule the market carries and answers null without one', () => {
    const market = { extra: { feeType: 'quadratic', feeMultiplier: 1 } } as unknown as Market;
    const quote = quoteKalshiOrderFee({ market, outcome: 'no', side: 'buy', liquidity: 'taker', fills: [['0.50', '1']] });
    expect(quote).toMatchObject({ fee: '0.02', currency: 'USD', estimated: false });
    const maker = quoteKalshiOrderFee({ market, outcome: 'yes', side: 'buy', liquidity: 'maker', fills: [['0.50', '100']] });
    expect(maker?.fee).toBe('0');
    const flat = { extra: { feeType: 'flat', feeMultiplier: 1 } } as unknown as Market;
    expect(quoteKalshiOrderFee({ market: flat, outcome: 'yes', side: 'buy', liquidity: 'taker', fills: [['0.05', '100']] })).toMatchObject({ fee: '1.75', estimated: true });
    const bare = { extra: {} } as unknown as Market;
    expect(quoteKalshiOrderFee({ market: bare, outcome: 'yes', side: 'buy', liquidity: 'taker', fills: [['0.5', '1']] })).toBeNull();
    const odd = { extra: { feeType: 'per_contract', feeMultiplier: 1 } } as unknown as Market;
    expect(quoteKalshiOrderFee({ market: odd, outcome: 'yes', side: 'buy', liquidity: 'taker', fills: [['0.5', '1']] })).toBeNull();
  });
});
