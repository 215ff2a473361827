import { Decimal } from '../../src/core/index.js';
import type { FeeQuote, OrderFeeInput } from '../../src/venue/fees.js';
import { FEE_TYPES, type WireFeeType } from './wire.js';

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

/**
 * The balance precision the account settles to: non-direct members (every API user who is not an
 * exchange member) are aligned to the cent, direct members to $0.0001 (Kalshi "Fee Rounding" guide,
 * docs.kalshi.com/getting_started/fee_rounding; venues/kalshi.md §3.2).
 */
export type BalancePrecision = 'cent' | 'centicent';

export interface OrderFeeOptions {
  /** Default `cent`: what an API user who is not a direct member is charged. */
  balancePrecision?: BalancePrecision;
}

const CENT = Decimal.parse('0.01');

/** The series' (or event override's) schedule carried on a normalized market, or null when unknown. */
export function feeScheduleOf(extra: Record<string, string | number | boolean | null>): FeeSchedule | null {
  const type = extra['feeType'];
  const multiplier = extra['feeMultiplier'];
  if (typeof type !== 'string' || !(FEE_TYPES as readonly string[]).includes(type)) return null;
  if (typeof multiplier !== 'number' && typeof multiplier !== 'string') return null;
  return { feeType: type as WireFeeType, feeMultiplier: multiplier };
}

/**
 * The net fee of one order, fill by fill, as Kalshi charges it since the 2026 fee-rounding change
 * (docs.kalshi.com/getting_started/fee_rounding; venues/kalshi.md §3.2):
 *
 * 1. each fill's trade fee is the schedule's formula ceiled to $0.0001;
 * 2. the fill's balance change (revenue − trade fee, revenue negative for a buyer) is floored to the
 *    account's balance precision; the difference is a rounding fee;
 * 3. rounding fees accumulate per order, and whenever the accumulator exceeds $0.01 a whole cent is
 *    rebated and the accumulator drops by $0.01.
 *
 * Net fee = Σ trade fees + Σ rounding fees − Σ rebates. For a cent-precision account this is how
 * "1 contract at $0.50 pays $0.02, not $0.0175": trade fee 0.0175, balance change −0.5175 floored to
 * −0.52, rounding fee 0.0025. The older schedule's "ceil the order's fee to the cent" gives the same
 * figure whenever the notional is whole cents; the accumulator is what the 2026 rules add for
 * sub-cent prices and fractional counts. Fills are taken as given: when one book level is filled by
 * several resting orders the venue rounds each of those fills, which can cost up to one more cent
 * per order than a level-by-level quote.
 */
export function kalshiOrderFee(
  schedule: FeeSchedule,
  fills: readonly (readonly [string, string])[],
  side: 'buy' | 'sell',
  liquidity: 'maker' | 'taker',
  options: OrderFeeOptions & { combo?: boolean } = {},
): string {
  const charged = fills.map(([priceText, countText]) => {
    const price = Decimal.parse(priceText);
    const count = Decimal.parse(countText);
    const notional = price.mul(count);
    return {
      revenue: side === 'buy' ? notional.neg() : notional,
      tradeFee: Decimal.parse(kalshiFee(schedule, { price, count, liquidity, combo: options.combo ?? false })),
    };
  });
  return applyFeeRounding(charged, options.balancePrecision ?? 'cent').total.normalize().toString();
}

export interface RoundedFill {
  rounding: Decimal;
  rebate: Decimal;
  net: Decimal;
  /** The fill's balance change floored to the account's precision (before any rebate). */
  balanceChange: Decimal;
}

/**
 * Steps 2–3 above for fills whose trade fee (already ceiled to $0.0001) is known: per-fill rounding
 * fee, whole-cent rebates from the per-order accumulator, and the order's total net fee.
 */
export function applyFeeRounding(
  fills: readonly { revenue: Decimal; tradeFee: Decimal }[],
  precision: BalancePrecision,
): { fills: RoundedFill[]; total: Decimal } {
  const places = precision === 'centicent' ? 4 : 2;
  let accumulator = Decimal.ZERO;
  let total = Decimal.ZERO;
  const out: RoundedFill[] = [];
  for (const { revenue, tradeFee } of fills) {
    const change = revenue.sub(tradeFee);
    const aligned = change.round(places, 'floor');
    const rounding = change.sub(aligned);
    accumulator = accumulator.add(rounding);
    let rebate = Decimal.ZERO;
    if (accumulator.gt(CENT)) {
      rebate = CENT;
      accumulator = accumulator.sub(CENT);
    }
    const net = tradeFee.add(rounding).sub(rebate);
    total = total.add(net);
    out.push({ rounding, rebate, net, balanceChange: aligned });
  }
  return { fills: out, total };
}

/**
 * `quoteFee` for Kalshi markets: the schedule comes from the market (`extra.feeType`,
 * `extra.feeMultiplier`, attached from the series or the event override); null when the market
 * does not carry one. `flat` has no published formula here and is quoted as the quadratic peak, an
 * upper bound marked `estimated`.
 */
export function quoteKalshiOrderFee(input: OrderFeeInput, options: OrderFeeOptions = {}): FeeQuote | null {
  const schedule = feeScheduleOf(input.market.extra);
  if (!schedule) return null;
  const combo = typeof input.market.extra['mveCollectionTicker'] === 'string';
  const fee = kalshiOrderFee(schedule, input.fills, input.side, input.liquidity, { ...options, combo });
  const precision = options.balancePrecision === 'centicent' ? '$0.0001' : 'the cent';
  return {
    fee,
    currency: 'USD',
    estimated: schedule.feeType === 'flat',
    basis:
      schedule.feeType === 'flat'
        ? 'flat schedule modelled as the quadratic peak (upper bound)'
        : `${schedule.feeType} × ${String(schedule.feeMultiplier)}, trade fee ceiled to $0.0001 per fill, balance rounded to ${precision} with the per-order accumulator`,
  };
}
