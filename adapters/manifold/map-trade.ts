/**
 * Manifold fills and bets → trades and fills on the 0.01 grid (docs/venues/manifold.md §Bets,
 * §Mapping).
 *
 * A fill against a limit order happens at that order's whole-percent price. A fill against the AMM
 * does not: the pool sells its shares along a continuum of prices, and the venue records only the
 * mana paid and the shares received, whose ratio lies between two ticks. The model's prices are
 * grid prices, so such a fill is reported as at most two parts, at the ticks just below and above
 * its average price, sized so that the parts add up to the venue's shares and (to 6-place
 * rounding) to its mana: `size_lo · lo + size_hi · hi = amount`. Nothing is invented or lost.
 * (Shares an arbitrage leg of a multiple-choice bet hands out for no mana keep their price, 0.)
 */
import { Decimal, type Trade } from '../../src/core/index.js';
import { OUTPUT_SCALE } from './map-market.js';
import type { WireBet, WireFill } from './wire.js';

const TICK = Decimal.parse('0.01');
const MIN = Decimal.parse('0.01');
const MAX = Decimal.parse('0.99');

export interface GridPart {
  price: string;
  size: string;
}

function canon(d: Decimal): string {
  return d.normalize().toString();
}

/**
 * A fill of `shares` for `cost` mana (average price cost / shares), reported with `size` shares
 * (its shares at the output scale) → parts on the 0.01 grid with those shares and the same cost
 * per share, sizes at 6 places. An average outside 0.01–0.99 has no grid price on both sides: it
 * stays one part at that average (6 places). Only shares a multiple-choice arbitrage leg hands out
 * for nothing (`amount` 0) are priced so.
 */
export function gridParts(cost: Decimal, shares: Decimal, size: Decimal): GridPart[] {
  if (!size.isPositive() || !shares.isPositive()) return [];
  const average = cost.div(shares, OUTPUT_SCALE + 12, 'half-even');
  if (average.lt(MIN) || average.gt(MAX)) return [{ price: canon(average.round(OUTPUT_SCALE, 'half-even')), size: canon(size) }];
  const lo = Decimal.min(MAX.sub(TICK), average.round(2, 'down'));
  const hi = lo.add(TICK);
  // size_lo · lo + size_hi · hi = size · cost / shares  ⇒  size_lo = size · (hi · shares − cost) / (tick · shares)
  const atLo = Decimal.max(Decimal.ZERO, Decimal.min(size, size.mul(hi.mul(shares).sub(cost)).div(TICK.mul(shares), OUTPUT_SCALE, 'down')));
  const atHi = size.sub(atLo);
  const parts: GridPart[] = [];
  if (atLo.isPositive()) parts.push({ price: canon(lo), size: canon(atLo) });
  if (atHi.isPositive()) parts.push({ price: canon(hi), size: canon(atHi) });
  return parts;
}

/** Shares at the output scale, floored on the running total so that the parts add up to the floored whole. */
export function flooredSizes(sizes: readonly Decimal[], total?: Decimal): Decimal[] {
  const out: Decimal[] = [];
  let cum = Decimal.ZERO;
  let prev = Decimal.ZERO;
  sizes.forEach((s, i) => {
    cum = cum.add(s);
    const last = i === sizes.length - 1;
    const at = (last && total !== undefined ? total : cum).round(OUTPUT_SCALE, 'down');
    out.push(at.sub(prev));
    prev = at;
  });
  return out;
}

/** Fills the bet took when it was placed (a maker's later fills carry a later timestamp). */
export function takerFills(bet: Pick<WireBet, 'createdTime' | 'fills' | 'amount' | 'shares'>): WireFill[] {
  if (!bet.fills) return [{ matchedBetId: null, amount: bet.amount, shares: bet.shares, timestamp: bet.createdTime }];
  return bet.fills.filter((f) => f.timestamp <= bet.createdTime);
}

/**
 * The public trades of one bet: its taker fills, in YES terms (buying NO or selling YES is a
 * `sell` at 1 − the NO price), on the grid. Redemptions and 2022 DPM bets are not trades.
 */
export function mapBetTrades(bet: WireBet, marketId: string): Trade[] {
  if (bet.isRedemption || (bet.outcome !== 'YES' && bet.outcome !== 'NO')) return [];
  const fills = takerFills(bet).filter((f) => !Decimal.parse(f.shares).isZero());
  const sizes = flooredSizes(fills.map((f) => Decimal.parse(f.shares).abs()));
  const out: Trade[] = [];
  fills.forEach((f, i) => {
    const shares = Decimal.parse(f.shares).abs();
    const size = sizes[i] as Decimal;
    if (!size.isPositive()) return;
    const amount = Decimal.parse(f.amount).abs();
    const sale = f.isSale === true || Decimal.parse(f.shares).isNegative();
    // In YES terms a NO share at q is a YES share at 1 − q: the same shares cost shares − amount.
    const yesCost = bet.outcome === 'YES' ? amount : shares.sub(amount);
    // Buying YES or selling NO lifts the YES asks.
    const takerSide = (bet.outcome === 'YES') !== sale ? 'buy' : 'sell';
    const parts = gridParts(yesCost, shares, size);
    parts.forEach((part, j) => {
      out.push({
        id: parts.length === 1 ? `${bet.id}:${i}` : `${bet.id}:${i}:${j}`,
        marketId,
        venue: 'manifold',
        price: part.price,
        size: part.size,
        takerSide,
        timestamp: new Date(f.timestamp).toISOString(),
      });
    });
  });
  return out;
}
