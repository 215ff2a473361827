import { Decimal, type RoundingMode } from '../../src/core/index.js';

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
