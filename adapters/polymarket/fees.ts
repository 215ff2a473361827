import { Decimal, type RoundingMode } from '../../src/core/index.js';
import type { FeeQuote, OrderFeeInput } from '../../src/venue/fees.js';

/**
 * Polymarket V2 trading fees (docs/venues/polymarket.md §6.11): taker-only, computed at match time,
 * `fee = shares × rate × (p·(1−p))^exponent`, in collateral (pUSD), floored to 5 decimals.
 * Makers pay nothing (`takerOnly`, the only mode observed). `rate` and `exponent` come from Gamma
 * `feeSchedule` or CLOB `fd`; markets without a schedule are fee-free.
 */

export interface FeeSchedule {
  /** e.g. "0.05". */
  rate: string;
  /** A small non-negative integer (1 on every observed market). */
  exponent: number;
  takerOnly: boolean;
}

export const FEE_DECIMALS = 5;

export function feeScheduleFrom(extra: Record<string, string | number | boolean | null>): FeeSchedule | null {
  const rate = extra.feeRate;
  if (rate == null || rate === '' || typeof rate === 'boolean') return null;
  const exponent = Number(extra.feeExponent ?? 1);
  return { rate: String(rate), exponent: Number.isInteger(exponent) ? exponent : 1, takerOnly: extra.feeTakerOnly !== false };
}

/** Fee in pUSD for `shares` traded at `price` (the price of the token traded). */
export function tradeFee(args: {
  schedule: FeeSchedule | null;
  price: string;
  shares: string;
  liquidity: 'maker' | 'taker';
  rounding?: RoundingMode;
}): string {
  const { schedule } = args;
  if (!schedule || (schedule.takerOnly && args.liquidity === 'maker')) return '0';
  if (!Number.isInteger(schedule.exponent) || schedule.exponent < 0) throw new Error(`unsupported fee exponent ${schedule.exponent}`);
  const p = Decimal.parse(args.price);
  const base = p.mul(Decimal.ONE.sub(p));
  let factor = Decimal.ONE;
  for (let i = 0; i < schedule.exponent; i++) factor = factor.mul(base);
  const fee = Decimal.parse(args.shares).mul(schedule.rate).mul(factor);
  return fee.round(FEE_DECIMALS, args.rounding ?? 'floor').normalize().toString();
}

/**
 * `quoteFee` for Polymarket markets (venues/polymarket.md §6.11; docs.polymarket.com/trading/fees):
 * each fill pays `shares × rate × (p·(1−p))^exponent` on the price of the token traded, rounded
 * down to 5 decimals, takers only. The schedule is the market's own (`extra.feeRate`,
 * `extra.feeExponent`, `extra.feeTakerOnly`, copied from Gamma `feeSchedule`): categories differ
 * (e.g. 0.05 economics, 0.03 sports) and fee-free markets carry none.
 *
 * The fills are quoted as given, one per book level. The venue rounds each match separately; a
 * level matched against several resting orders is floored piecewise, which never costs more than
 * flooring the level at once, so the quote is an upper bound in that case.
 *
 * Unknown (null): a market whose mapping did not record the schedule fields at all, or one with a
 * fee category (`extra.feeType`) but no schedule.
 */
export function quotePolymarketOrderFee(input: OrderFeeInput): FeeQuote | null {
  const extra = input.market.extra;
  if (!('feeRate' in extra)) return null;
  const schedule = feeScheduleFrom(extra);
  // A fee category without its schedule (seen on fee-enabled crypto markets) is not fee-free.
  if (!schedule && extra['feeType'] != null && extra['feeType'] !== '') return null;
  let total = Decimal.ZERO;
  for (const [price, shares] of input.fills) {
    total = total.add(tradeFee({ schedule, price, shares, liquidity: input.liquidity }));
  }
  return {
    fee: total.normalize().toString(),
    currency: input.market.currency,
    estimated: false,
    basis: schedule
      ? `${schedule.takerOnly ? 'taker-only ' : ''}rate ${schedule.rate}, exponent ${schedule.exponent}, floored to 5 decimals per fill`
      : 'no fee schedule on this market (fee-free)',
  };
}
