/**
 * Book arithmetic of the in-memory test adapter: level diffs (what a stream delta carries) and
 * matching a limit order against a YES-terms book. Exact decimals, canonical output.
 */
import { Decimal, canonical, type Level, type OrderSide, type Outcome } from '../../src/core/index.js';
import type { BookLevelChange } from '../../src/venue/adapter.js';

/** The level changes that turn `before` into `after` (absolute sizes; `"0"` removes a level). */
export function diffLevels(side: 'bid' | 'ask', before: readonly Level[], after: readonly Level[]): BookLevelChange[] {
  const old = new Map(before.map(([p, s]) => [canonical(p), canonical(s)]));
  const next = new Map(after.map(([p, s]) => [canonical(p), canonical(s)]));
  const changes: BookLevelChange[] = [];
  for (const price of old.keys()) if (!next.has(price)) changes.push({ side, price, size: '0' });
  for (const [price, size] of next) if (old.get(price) !== size) changes.push({ side, price, size });
  return changes;
}

export interface Match {
  /** YES-terms price and size of each fill, best first. */
  fills: { yesPrice: Decimal; size: Decimal }[];
  /** The side of the book the order took from, after the fills. */
  remainingLevels: Level[];
  /** Which side of the YES book that is. */
  bookSide: 'bid' | 'ask';
  /** True when the order buys YES (buy YES or sell NO). */
  buysYes: boolean;
  /** What is left of the order. */
  unfilled: Decimal;
}

/**
 * Matches a limit order (price in its outcome's terms) against a YES book: buying YES (or selling
 * NO) takes asks at or below the YES limit; selling YES (or buying NO) takes bids at or above it.
 */
export function matchOrder(
  book: { bids: readonly Level[]; asks: readonly Level[] },
  order: { side: OrderSide; outcome: Outcome; price: string; size: string },
): Match {
  const buysYes = (order.side === 'buy') === (order.outcome === 'yes');
  const limit = order.outcome === 'yes' ? Decimal.parse(order.price) : Decimal.ONE.sub(order.price);
  const levels = buysYes ? book.asks : book.bids;
  const crosses = (p: Decimal): boolean => (buysYes ? p.lte(limit) : p.gte(limit));
  let unfilled = Decimal.parse(order.size);
  const fills: Match['fills'] = [];
  const remainingLevels: Level[] = [];
  for (const [p, s] of levels) {
    const price = Decimal.parse(p);
    const size = Decimal.parse(s);
    if (unfilled.isZero() || !crosses(price)) {
      remainingLevels.push([canonical(price), canonical(size)]);
      continue;
    }
    const take = Decimal.min(size, unfilled);
    fills.push({ yesPrice: price, size: take });
    unfilled = unfilled.sub(take);
    const left = size.sub(take);
    if (left.isPositive()) remainingLevels.push([canonical(price), canonical(left)]);
  }
  return { fills, remainingLevels, bookSide: buysYes ? 'ask' : 'bid', buysYes, unfilled };
}

/** A YES price in the terms of `outcome`. */
export function inOutcome(yesPrice: Decimal, outcome: Outcome): string {
  return canonical(outcome === 'yes' ? yesPrice : Decimal.ONE.sub(yesPrice));
}
