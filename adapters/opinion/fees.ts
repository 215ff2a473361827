import { Decimal } from '../../src/core/index.js';
import type { FeeQuote, FeeQuoter, OrderFeeInput } from '../../src/venue/index.js';

/**
 * Opinion's taker fee, ESTIMATED (docs/venues/opinion.md §7). The venue publishes the schedule's
 * shape — takers only, a rate between 0 % and 1 % that rises toward a price of 0.5, and at least
 * $0.25 per order — but not its formula. We model the rate as `1 % × 4·p·(1 − p)`: it is 0 at the
 * extremes and 1 % at 0.5, and it reproduces the one proportional fee on record to all 18 digits
 * (1.106892 USDT at 0.027 paid 0.00116316638928). The $0.25 minimum applies to an order's
 * cumulative fee: its first fills pay up to $0.25 even when the curve gives less (the same record:
 * 0.25 on the first fill, the curve on the second). A fee never exceeds the fill's amount. VIP,
 * referral and points discounts are not modelled. Every figure here is an estimate; trades report
 * the fee actually charged.
 */

export const FEE_MODEL = { estimated: true, makerRate: '0', maxTakerRate: '0.01', minimumPerOrder: '0.25' } as const;

const FEE_DECIMALS = 18;

/** Taker rate at `price`: `0.04 × p × (1 − p)`. */
export function takerFeeRate(price: string): string {
  const p = Decimal.parse(price);
  if (p.isNegative() || p.gt(Decimal.ONE)) throw new RangeError(`price ${price} outside [0, 1]`);
  return p.mul(Decimal.ONE.sub(p)).mul('0.04').normalize().toString();
}

/** Curve fee of a fill of `amount` USDT (gross) at `price`, floored to 18 decimals. */
export function curveFee(amount: string, price: string): string {
  return Decimal.parse(amount).mul(takerFeeRate(price)).round(FEE_DECIMALS, 'floor').normalize().toString();
}

export interface TakerFeeInput {
  /** Gross USDT of the fill (shares × price). */
  amount: string;
  price: string;
  /** What the order has already paid in fees on earlier fills. */
  paidSoFar?: string;
}

/** Estimated fee of one taker fill. */
export function takerFee(input: TakerFeeInput): string {
  const amount = Decimal.parse(input.amount);
  const curve = Decimal.parse(curveFee(input.amount, input.price));
  const floor = Decimal.max(Decimal.ZERO, Decimal.parse(FEE_MODEL.minimumPerOrder).sub(input.paidSoFar ?? '0'));
  return Decimal.min(Decimal.max(curve, floor), amount).normalize().toString();
}

/** Estimated fee of a liquidity-taking order filled at one price (makers pay nothing). */
export function estimateOrderFee(input: { shares: string; price: string; liquidity: 'maker' | 'taker' }): { fee: string; estimated: true } {
  if (input.liquidity === 'maker') return { fee: '0', estimated: true };
  const amount = Decimal.parse(input.shares).mul(input.price).toString();
  return { fee: takerFee({ amount, price: input.price }), estimated: true };
}

/** Shares a taker buy receives: the fee is taken in shares, `(amount − fee) ÷ price` (§7). */
export function sharesAfterFee(input: { shares: string; price: string; fee: string }): string {
  const feeShares = Decimal.parse(input.fee).div(input.price, FEE_DECIMALS, 'floor');
  return Decimal.max(Decimal.ZERO, Decimal.parse(input.shares).sub(feeShares)).normalize().toString();
}

/**
 * The adapter's `quoteFee`: the estimated fee of one order with the given fills (outcome prices and
 * contracts). Makers pay nothing; a taker pays the modelled curve on each fill, and at least $0.25
 * over the order. Always flagged estimated; the fee actually charged is in the trade (`fee`).
 */
export const quoteOpinionFee: FeeQuoter = (input: OrderFeeInput): FeeQuote | null => {
  if (input.market.currency !== 'USDT') return null;
  const basis = 'estimated: takers pay 1% × 4p(1 − p) per fill, at least $0.25 per order; makers pay nothing';
  if (input.liquidity === 'maker' || input.fills.length === 0) return { fee: '0', currency: 'USDT', estimated: true, basis };
  let paid = Decimal.ZERO;
  for (const [price, contracts] of input.fills) {
    const amount = Decimal.parse(contracts).mul(price).toString();
    paid = paid.add(takerFee({ amount, price, paidSoFar: paid.toString() }));
  }
  return { fee: paid.normalize().toString(), currency: 'USDT', estimated: true, basis };
};
