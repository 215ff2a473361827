/**
 * Kalshi price grids (docs/venues/kalshi.md §3.2): `price_level_structure` + `price_ranges`
 * `[{start, end, step}]`; a price is valid when it is `start + k·step` inside a band.
 * Everything is in integer micro-dollars.
 */
import { fromPriceUnits, PRICE_SCALE } from '../../../src/sim/index.js';

export interface PriceRange {
  start: number;
  end: number;
  step: number;
}

const CENT = 10_000;
const DECI_CENT = 1_000;

/** The structures the simulator generates (all documented in §3.2). */
export const PRICE_STRUCTURES: Record<string, PriceRange[]> = {
  linear_cent: [{ start: 0, end: PRICE_SCALE, step: CENT }],
  deci_cent: [{ start: 0, end: PRICE_SCALE, step: DECI_CENT }],
  tapered_deci_cent: [
    { start: 0, end: 100_000, step: DECI_CENT },
    { start: 100_000, end: 900_000, step: CENT },
    { start: 900_000, end: PRICE_SCALE, step: DECI_CENT },
  ],
};

/** Valid order price: strictly between 0 and 1 and on the step of a band that contains it. */
export function onGrid(price: number, ranges: readonly PriceRange[]): boolean {
  if (price <= 0 || price >= PRICE_SCALE) return false;
  return ranges.some((r) => price >= r.start && price <= r.end && (price - r.start) % r.step === 0);
}

/** The coarsest step of a grid: multiples of it are valid everywhere inside (0, 1). */
export function coarsestStep(ranges: readonly PriceRange[]): number {
  return ranges.reduce((m, r) => Math.max(m, r.step), 0);
}

export function rangesToWire(ranges: readonly PriceRange[]): { start: string; end: string; step: string }[] {
  return ranges.map((r) => ({ start: fromPriceUnits(r.start, 4), end: fromPriceUnits(r.end, 4), step: fromPriceUnits(r.step, 4) }));
}
