/**
 * Integer units of the simulator engine and exact conversions from/to venue decimal strings.
 *
 * Prices are micro-dollars (1_000_000 = $1) and sizes micro-contracts (1_000_000 = one
 * contract/share). Conversions are string manipulation on digits: no float ever touches money.
 */

import { Decimal } from '../core/decimal.js';
import { parseFixed } from '../venue/fixed.js';

export const PRICE_SCALE = 1_000_000;
export const SIZE_SCALE = 1_000_000;
const SCALE_DIGITS = 6;

function toUnits(text: string, what: string): number {
  try {
    return parseFixed(text, SCALE_DIGITS, true);
  } catch (err) {
    // The venue simulators answer RangeError with their 400 body.
    throw new RangeError(`invalid ${what}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

/**
 * Formats integer units with exactly `decimals` digits after the point. When the value has more
 * precision than `decimals` it is rounded half away from zero (display only: callers that must not
 * round validate the grid first).
 */
function fromUnits(n: number, decimals: number): string {
  if (!Number.isSafeInteger(n)) throw new RangeError(`not an integer unit count: ${n}`);
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > SCALE_DIGITS) {
    throw new RangeError(`decimals must be 0..${SCALE_DIGITS}`);
  }
  return Decimal.fromUnits(BigInt(n), SCALE_DIGITS).toFixed(decimals, 'half-up');
}

/** `"0.4200"` → 420000. Throws on non-decimals and on precision finer than a micro-dollar. */
export function toPriceUnits(text: string): number {
  return toUnits(text, 'price');
}

/** 420000, 4 → `"0.4200"`. */
export function fromPriceUnits(n: number, decimals: number): string {
  return fromUnits(n, decimals);
}

/** `"10.00"` → 10000000. */
export function toSizeUnits(text: string): number {
  return toUnits(text, 'size');
}

/** 10000000, 2 → `"10.00"`. */
export function fromSizeUnits(n: number, decimals: number): string {
  return fromUnits(n, decimals);
}

/** Number of decimals a decimal string carries (`"0.56"` → 2, `"5"` → 0). */
export function decimalPlaces(text: string): number {
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

/**
 * Notional of `size` micro-contracts at `price` micro-dollars, in micro-dollars, exact
 * (bigint multiply, then an exact division). Throws if the result is not a whole micro-dollar
 * unless a rounding direction is given.
 */
export function notionalUnits(price: number, size: number, round: 'exact' | 'floor' | 'ceil' = 'exact'): number {
  const product = BigInt(price) * BigInt(size);
  const scale = BigInt(SIZE_SCALE);
  let q = product / scale;
  const r = product % scale;
  if (r !== 0n) {
    if (round === 'exact') throw new RangeError(`notional of ${size} at ${price} is not a whole micro-dollar`);
    if (round === 'ceil' && r > 0n) q += 1n;
    if (round === 'floor' && r < 0n) q -= 1n;
  }
  return Number(q);
}
