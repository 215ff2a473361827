import { Decimal } from '../../core/index.js';
import type { Market, OrderBook } from '../../core/index.js';

/**
 * The prices at which an outcome can be bought, best first. Books are in YES terms: buying YES
 * takes the asks; buying NO at q takes a YES bid at 1 − q.
 */
export interface Rung {
  /** Price of the outcome bought. */
  price: Decimal;
  /** The same level's price in YES terms (what the venue's grid is defined on). */
  yesPrice: Decimal;
  size: Decimal;
}

export interface LadderResult {
  rungs: Rung[];
  /** Problems that make the book unusable as it stands (crossed, unsorted, out of range). */
  problems: string[];
}

const parsed = new WeakMap<OrderBook, { yes?: LadderResult; no?: LadderResult }>();

/** The ladder of one outcome of a book, parsed once per book object. */
export function ladderOf(book: OrderBook, outcome: 'yes' | 'no'): LadderResult {
  let entry = parsed.get(book);
  if (!entry) parsed.set(book, (entry = {}));
  const hit = entry[outcome];
  if (hit) return hit;
  const result = parseLadder(book, outcome);
  entry[outcome] = result;
  return result;
}

function parseLadder(book: OrderBook, outcome: 'yes' | 'no'): LadderResult {
  const problems: string[] = [];
  const levels = outcome === 'yes' ? book.asks : book.bids;
  const rungs: Rung[] = [];
  let last: Decimal | null = null;
  for (const [p, s] of levels) {
    const yesPrice = Decimal.parse(p);
    const size = Decimal.parse(s);
    if (!size.isPositive()) continue;
    if (!yesPrice.isPositive() || !yesPrice.lt(Decimal.ONE)) {
      problems.push(`${book.marketId}: level price ${p} outside (0, 1)`);
      continue;
    }
    const price = outcome === 'yes' ? yesPrice : Decimal.ONE.sub(yesPrice);
    if (last && price.lt(last)) problems.push(`${book.marketId}: ${outcome === 'yes' ? 'asks' : 'bids'} not sorted best first`);
    last = price;
    rungs.push({ price, yesPrice, size });
  }
  const bid = book.bids[0];
  const ask = book.asks[0];
  if (bid && ask && Decimal.parse(bid[0]).gte(ask[0])) problems.push(`${book.marketId}: crossed book (bid ${bid[0]} ≥ ask ${ask[0]})`);
  return { rungs, problems };
}

/** The size granularity of a market: the unit of `minOrderSize`'s last decimal place (1 when unknown). */
export function sizeStepOf(market: Market): Decimal {
  if (!market.minOrderSize) return Decimal.ONE;
  const m = Decimal.parse(market.minOrderSize).normalize();
  return m.scale === 0 ? Decimal.ONE : Decimal.fromUnits(1n, m.scale);
}

export function minSizeOf(market: Market): Decimal {
  const step = sizeStepOf(market);
  if (!market.minOrderSize) return step;
  const min = Decimal.parse(market.minOrderSize);
  return min.isPositive() ? Decimal.max(min, step) : step;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** The smallest size every leg can trade exactly: the least common multiple of the steps. */
export function commonStep(steps: readonly Decimal[]): Decimal {
  const scale = Math.max(0, ...steps.map((s) => s.scale));
  let l = 1n;
  for (const s of steps) {
    const u = s.round(scale).units;
    l = (l / gcd(l, u)) * u;
  }
  return Decimal.fromUnits(l, scale).normalize();
}

/** Whether a YES-terms price lies on the market's price grid. */
export function onGrid(market: Market, yesPrice: Decimal): boolean {
  if (market.tickRanges.length === 0) return yesPrice.isMultipleOf(market.tickSize);
  for (const r of market.tickRanges) {
    if (yesPrice.lt(r.start) || yesPrice.gt(r.end)) continue;
    if (yesPrice.sub(r.start).isMultipleOf(r.step)) return true;
  }
  return false;
}

/** Takes `size` contracts from the ladder, best first; null when the ladder is too thin. */
export function take(rungs: readonly Rung[], size: Decimal): { fills: Rung[]; notional: Decimal } | null {
  let left = size;
  let notional = Decimal.ZERO;
  const fills: Rung[] = [];
  for (const r of rungs) {
    if (!left.isPositive()) break;
    const q = Decimal.min(left, r.size);
    fills.push({ price: r.price, yesPrice: r.yesPrice, size: q });
    notional = notional.add(r.price.mul(q));
    left = left.sub(q);
  }
  return left.isPositive() ? null : { fills, notional };
}
