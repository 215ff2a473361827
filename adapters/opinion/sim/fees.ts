/**
 * Taker fees as the simulator charges them (docs/venues/opinion.md §7). Opinion publishes the
 * shape — taker only, 0 % to 1 % rising toward a price of 0.5, at least $0.25 per order — but not
 * the formula. The simulator models the rate as `1 % × 4·p·(1 − p)` of the fill's gross amount,
 * which reproduces the one proportional fee on record to all 18 decimals
 * (`__fixtures__/user-trades.json`: 1.106892 USDT at 0.027 → 0.00116316638928), and the minimum
 * as a floor on the order's cumulative fee: the first fills pay up to $0.25 even when the curve
 * gives less (the same recording: 0.25 on the first fill, the curve on the second). A fee never
 * exceeds the fill's gross amount. Makers pay nothing. Bigint arithmetic on wei and micro-dollars.
 */
import { MIN_FEE_WEI } from './constants.js';

const MICRO = 1_000_000n;

/** Curve fee of a fill: `gross × 4·p·(1 − p) / 100`, floored to the wei. */
export function curveFeeWei(grossWei: bigint, priceMicro: number): bigint {
  const p = BigInt(priceMicro);
  return (grossWei * 4n * p * (MICRO - p)) / (MICRO * MICRO * 100n);
}

/** The highest taker rate the curve reaches (at p = 0.5), in basis points. */
export const MAX_TAKER_FEE_BPS = 100;

/** Fee of one taker fill, given what the order already paid. */
export function takerFeeWei(grossWei: bigint, priceMicro: number, paidWei: bigint): bigint {
  const curve = curveFeeWei(grossWei, priceMicro);
  const floor = MIN_FEE_WEI > paidWei ? MIN_FEE_WEI - paidWei : 0n;
  const fee = curve > floor ? curve : floor;
  return fee < grossWei ? fee : grossWei;
}

