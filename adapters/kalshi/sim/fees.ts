/**
 * Kalshi trade fees as the simulator charges them.
 *
 * Formula (Kalshi fee schedule, restated by docs.kalshi.com/getting_started/fee_rounding and
 * kalshi.com/fee-schedule summaries): fee = rate × multiplier × C × P × (1 − P), taker rate 0.07,
 * maker rate 0.0175 (maker fees only for `quadratic_with_maker_fees` /
 * `quadratic_with_combo_maker_fees` series; plain `quadratic` makers pay nothing). The trade fee
 * is rounded UP to $0.0001 per fill (fee_rounding: "Trade fee … rounded up to the nearest
 * $0.0001"). `flat` is undocumented in the sources; the simulator charges it as the quadratic
 * taker formula at P = 0.5 (a flat per-contract rate) and never generates such series.
 * Simulated accounts are direct members: balances align to $0.0001, so a fill's balance change is
 * floored to $0.0001 and the difference is a rounding fee added to `fee_cost` (no rebates needed).
 * All arithmetic is bigint on micro units.
 */

export type FeeType = 'quadratic' | 'quadratic_with_maker_fees' | 'quadratic_with_combo_maker_fees' | 'flat';

const MICRO = 1_000_000n;
const CENTICENT_MICRO = 100n; // $0.0001 in micro-dollars

/** Multiplier as a decimal string → parts per 10_000 (e.g. "1" → 10000, "0.5" → 5000). */
export function multiplierUnits(multiplier: number): bigint {
  return BigInt(Math.round(multiplier * 10_000));
}

/**
 * Trade fee of one fill in micro-dollars (always a multiple of 100 = $0.0001).
 * @param price YES price, micro-dollars
 * @param size micro-contracts
 */
export function tradeFeeMicros(feeType: FeeType, multiplier: number, isTaker: boolean, price: number, size: number): number {
  let rateNum: bigint; // rate = rateNum / 10_000
  if (isTaker) rateNum = 700n;
  else if (feeType === 'quadratic_with_maker_fees' || feeType === 'quadratic_with_combo_maker_fees') rateNum = 175n;
  else return 0;
  const p = feeType === 'flat' ? 500_000n : BigInt(price);
  // fee$ = (rateNum/1e4) × (mult/1e4) × (size/1e6) × (p/1e6) × ((1e6−p)/1e6); in micro-dollars ×1e6.
  const num = rateNum * multiplierUnits(multiplier) * BigInt(size) * p * (MICRO - p);
  const den = 10_000n * 10_000n * MICRO * MICRO * MICRO / MICRO; // result in micro-dollars
  let micros = num / den;
  if (num % den !== 0n) micros += 1n;
  // ceil to $0.0001
  const rem = micros % CENTICENT_MICRO;
  if (rem !== 0n) micros += CENTICENT_MICRO - rem;
  return Number(micros);
}

/**
 * Balance change of a fill for a direct member: `revenue − tradeFee` floored toward −∞ to $0.0001.
 * Returns the applied change and the rounding fee (≥ 0).
 */
export function applyBalanceRounding(revenueMicros: number, tradeFee: number): { change: number; roundingFee: number } {
  const raw = revenueMicros - tradeFee;
  const unit = Number(CENTICENT_MICRO);
  const floored = raw - (((raw % unit) + unit) % unit);
  return { change: floored, roundingFee: raw - floored };
}
