import { Decimal } from '../../src/core/index.js';
import type { WireFeeType } from './wire.js';

/**
 * Kalshi's trading-fee schedule. Kalshi publishes the formula in its fee-schedule PDF, keyed by the
 * series' `fee_type` and `fee_multiplier` (an event may override both):
 *
 *   fee = rate × multiplier × C × P × (1 − P)
 *
 * with P the YES price in dollars and C the number of contracts; the taker rate is 0.07 and the
 * maker rate 0.0175 where makers pay (`quadratic_with_maker_fees`, and for combo markets
 * `quadratic_with_combo_maker_fees`); plain `quadratic` charges takers only. Since 2026 the trade
 * fee is ceiled to $0.0001 (docs/venues/kalshi.md §3.2); the older schedule ceiled to the cent, which
 * `rounding: 'cent'` reproduces. A per-order accumulator later rebates whole cents: not modelled.
 *
 * `flat` has no published formula in the sources at hand; it is modelled conservatively as the
 * quadratic fee at its peak (P = 0.5) for every price — an upper bound, so that arbitrage
 * evaluation never understates a cost.
 */

export const TAKER_RATE = Decimal.parse('0.07');
export const MAKER_RATE = Decimal.parse('0.0175');

export interface FeeSchedule {
  feeType: WireFeeType;
  /** The series' (or event override's) multiplier, usually 1. */
  feeMultiplier: number | string;
}

export interface FeeInput {
  /** YES price in dollars, e.g. `"0.4200"`. */
  price: string | Decimal;
  /** Contracts, e.g. `"10"` or `"2.50"`. */
  count: string | Decimal;
  liquidity: 'maker' | 'taker';
  /** A combo (multivariate) market: only then do `quadratic_with_combo_maker_fees` makers pay. */
  combo?: boolean;
  /** `0.0001` (2026 default) or `cent` (pre-2026 rounding). */
  rounding?: '0.0001' | 'cent';
}

function multiplierOf(m: number | string): Decimal {
  // fee_multiplier is a JSON number on the wire (e.g. 1 or 0.5); go through its decimal text.
  const text = typeof m === 'number' ? String(m) : m;
  if (!/^\d+(\.\d+)?$/.test(text)) throw new RangeError(`bad fee multiplier ${text}`);
  return Decimal.parse(text);
}

/** The rate (before the multiplier) a side pays under a schedule; zero when it pays nothing. */
export function feeRate(schedule: FeeSchedule, liquidity: 'maker' | 'taker', combo = false): Decimal {
  if (liquidity === 'taker') return TAKER_RATE;
  switch (schedule.feeType) {
    case 'quadratic_with_maker_fees':
      return MAKER_RATE;
    case 'quadratic_with_combo_maker_fees':
      return combo ? MAKER_RATE : Decimal.ZERO;
    case 'flat':
      return MAKER_RATE;
    case 'quadratic':
      return Decimal.ZERO;
  }
}

/** The fee in dollars of one fill, as a decimal string with 4 places (or 2 with `cent`). */
export function kalshiFee(schedule: FeeSchedule, input: FeeInput): string {
  const p = Decimal.from(input.price);
  const c = Decimal.from(input.count);
  if (p.lt(Decimal.ZERO) || p.gt(Decimal.ONE)) throw new RangeError(`price ${p.toString()} outside [0, 1]`);
  if (c.isNegative()) throw new RangeError(`negative count ${c.toString()}`);
  const rate = feeRate(schedule, input.liquidity, input.combo ?? false);
  const variance = schedule.feeType === 'flat' ? Decimal.parse('0.25') : p.mul(Decimal.ONE.sub(p));
  const raw = rate.mul(multiplierOf(schedule.feeMultiplier)).mul(c).mul(variance);
  const places = input.rounding === 'cent' ? 2 : 4;
  return raw.round(places, 'ceil').toFixed(places);
}
