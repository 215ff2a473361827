import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../src/core/index.js';
import { FEE_MODEL, curveFee, estimateOrderFee, quoteOpinionFee, sharesAfterFee, takerFee, takerFeeRate } from './fees.js';
import { mapMarket } from './map-market.js';

const trades = JSON.parse(readFileSync(new URL('./__fixtures__/user-trades.json', import.meta.url), 'utf8')).result.list as { amount: string; price: string; fee: string; shares: string }[];

describe('the estimated taker fee (docs/venues/opinion.md §7)', () => {
  it('is flagged as an estimate', () => {
    expect(FEE_MODEL.estimated).toBe(true);
    expect(estimateOrderFee({ shares: '10', price: '0.5', liquidity: 'taker' }).estimated).toBe(true);
  });

  it('rises from 0 % at the extremes to 1 % at 0.5, symmetrically', () => {
    expect(takerFeeRate('0.5')).toBe('0.01');
    expect(takerFeeRate('0')).toBe('0');
    expect(takerFeeRate('1')).toBe('0');
    expect(takerFeeRate('0.2')).toBe(takerFeeRate('0.8'));
    expect(takerFeeRate('0.027')).toBe('0.00105084');
    expect(() => takerFeeRate('1.2')).toThrow(RangeError);
  });

  it('reproduces the recorded fills of one market order: $0.25 on the first, the curve on the second', () => {
    const [first, second] = trades;
    // Recorded "0.250000000000000001": the venue's minimum plus one wei of rounding.
    const f1 = takerFee({ amount: first!.amount, price: first!.price });
    expect(f1).toBe('0.25');
    expect(Decimal.parse(first!.fee).sub(f1).abs().lte('0.000000000000000001')).toBe(true);
    const f2 = takerFee({ amount: second!.amount, price: second!.price, paidSoFar: f1 });
    expect(f2).toBe(Decimal.parse(second!.fee).normalize().toString());
    expect(f2).toBe(curveFee(second!.amount, second!.price));
  });

  it('takes a buy fee in shares: (amount − fee) ÷ price, as recorded', () => {
    for (const t of trades) {
      const gross = Decimal.parse(t.amount).div(t.price, 18, 'floor').toString();
      const net = sharesAfterFee({ shares: gross, price: t.price, fee: t.fee });
      expect(Decimal.parse(net).sub(t.shares).abs().lt('0.000000000000001')).toBe(true);
    }
  });

  it('never charges makers, nor more than the amount', () => {
    expect(estimateOrderFee({ shares: '100', price: '0.5', liquidity: 'maker' }).fee).toBe('0');
    expect(estimateOrderFee({ shares: '1000', price: '0.5', liquidity: 'taker' }).fee).toBe('5');
    expect(estimateOrderFee({ shares: '10', price: '0.01', liquidity: 'taker' }).fee).toBe('0.1');
    expect(takerFee({ amount: '100', price: '0.5', paidSoFar: '0.1' })).toBe('1');
    expect(takerFee({ amount: '1', price: '0.5', paidSoFar: '0.1' })).toBe('0.15');
  });

  it("quotes an order's fee for the adapter: estimated, makers free, the $0.25 minimum over the order", () => {
    const market = mapMarket(JSON.parse(readFileSync(new URL('./__fixtures__/market-binary.json', import.meta.url), 'utf8')).result.data).market;
    const quote = (liquidity: 'maker' | 'taker', fills: [string, string][]) => quoteOpinionFee({ market, outcome: 'yes', side: 'buy', liquidity, fills });
    expect(quote('maker', [['0.5', '100']])).toMatchObject({ fee: '0', currency: 'USDT', estimated: true });
    // 100 × 0.5 = 50 USDT at 1 %: 0.5.
    expect(quote('taker', [['0.5', '100']])).toMatchObject({ fee: '0.5', estimated: true });
    // Two small fills: the first pays up to the $0.25 minimum, the second the curve.
    expect(quote('taker', [['0.029', '10'], ['0.027', '40.996']])!.fee).toBe(Decimal.parse('0.25').add(curveFee('1.106892', '0.027')).toString());
    expect(quote('taker', [])!.fee).toBe('0');
    expect(quoteOpinionFee({ market: { ...market, currency: 'USDC' }, outcome: 'yes', side: 'buy', liquidity: 'taker', fills: [['0.5', '1']] })).toBeNull();
  });
});
