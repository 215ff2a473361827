/** A market's price grid (`tickSize`, `tickRanges`), in YES terms. */
import { Decimal } from './decimal.js';
import type { Market } from './market.js';

type Grid = Pick<Market, 'tickSize' | 'tickRanges'>;

/** Whether a YES-terms price lies on the market's price grid. */
export function onGrid(market: Grid, yesPrice: Decimal): boolean {
  if (market.tickRanges.length === 0) return yesPrice.isMultipleOf(market.tickSize);
  for (const r of market.tickRanges) {
    if (yesPrice.lt(r.start) || yesPrice.gt(r.end)) continue;
    if (yesPrice.sub(r.start).isMultipleOf(r.step)) return true;
  }
  return false;
}

/** The step of the grid at the edge `0` or `1` (the range touching it, else the tick size). */
function edgeStep(market: Grid, edge: '0' | '1'): Decimal {
  const range = market.tickRanges.find((r) => (edge === '0' ? Decimal.parse(r.start).isZero() : Decimal.parse(r.end).eq('1')));
  return Decimal.parse(range?.step ?? market.tickSize);
}

/** The lowest and highest tradable YES prices of the grid (one step inside 0 and 1). */
export function gridBounds(market: Grid): { low: Decimal; high: Decimal } {
  return { low: edgeStep(market, '0'), high: Decimal.ONE.sub(edgeStep(market, '1')) };
}
