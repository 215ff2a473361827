/**
 * The order book Manifold does not publish, synthesized from what it does (docs/venues/manifold.md
 * §Synthesized book): the open limit orders of a market (`GET /bets?kinds=open-limit`) and its AMM
 * pool (`pool`, `p`), merged into one book in YES terms with `source: 'emulated'`. Every price is on
 * the venue's 0.01 grid, the only prices a limit order can name.
 *
 * What the levels mean — every size is what a taker would actually get, in shares:
 *
 * - A limit order is a level at its `limitProb`. A YES order is a bid; its size is the YES shares
 *   it buys with the mana it has left, `(orderAmount − amount) / limitProb`. A NO order is an ask;
 *   its size is the NO shares it buys, `(orderAmount − amount) / (1 − limitProb)`, which is exactly
 *   how many YES shares a taker can buy from it. Orders at one price are summed.
 * - The AMM is cut at the 0.01 grid. Between the probability and each tick above it (up to 0.99)
 *   there is one ask level at that tick: its size is the YES shares the pool sells to move from the
 *   previous tick (or the probability) to this one. A YES limit order at that tick takes exactly
 *   these shares from the pool. Below the probability (down to 0.01) the bids are the NO purchases
 *   that move the pool down to each tick: selling a YES share is buying a NO share.
 * - Because the venue's matcher takes the AMM up to each order's price before filling the order,
 *   the price order of the merged levels is the order in which a taker consumes them, and the
 *   levels at or better than a price P are exactly what a limit order at P fills (sizes to 6
 *   places). The price of an AMM level is the marginal price at its end, the worst price of its
 *   shares: the pool's own average price over a level lies strictly between the two ticks, so
 *   Σ price × size overstates a taker's cost by less than one tick per AMM share (see `walkCost`
 *   and the property tests); limit-order levels are exact.
 * - Sizes are rounded down to 6 places on cumulative totals, so rounding never adds up.
 * - Not included: expired orders the venue has not swept yet, orders on the wrong side of the AMM
 *   price (only a maker without mana or a stale order can be there; the matcher cancels such an
 *   order when it reaches it), and a YES and a NO order both resting exactly at the probability
 *   (they would have matched each other; the venue's state is stale there). Maker balances are not
 *   reserved on Manifold, so a displayed order can still vanish when it is reached. On
 *   multiple-choice markets whose answers sum to one, a trade also moves the other answers
 *   (arbitrage), so an answer's AMM levels are computed from its own pool and are an approximation
 *   there.
 */
import { Decimal, type Level, type OrderBook } from '../../src/core/index.js';
import { ammLadder, poolProbability, type AmmPoint } from './cpmm.js';
import { S, div, fromDecimal, toDecimal } from './fixed-math.js';
import { OUTPUT_SCALE } from './map-market.js';
import type { WireBet, WireMarket } from './wire.js';

export interface BookPool {
  /** Pool sides as the venue sends them (decimal text). */
  YES: string;
  NO: string;
  /** `p` of a binary contract; 0.5 for an answer of a multiple-choice contract. */
  p: string;
}

export interface SynthesizeBookInput {
  /** Normalized market id (`manifold:<contractId>` or `manifold:<contractId>:<answerId>`). */
  marketId: string;
  pool: BookPool;
  /** Open limit orders of the contract; orders of other answers, filled, cancelled or expired ones are ignored. */
  orders: readonly WireBet[];
  /** For a multiple-choice answer: only its orders count. */
  answerId?: string;
  /** Epoch ms used to drop expired orders. */
  now: number;
}

export interface SynthesizeBookOptions {
  /** Levels per side (after merging). */
  depth?: number;
  seq?: number | null;
  /** When the venue produced the state (ms), if known. */
  venueTimestamp?: number | null;
  receivedAt?: Date;
}

/** A limit-order level before output rounding. */
interface RawLevel {
  price: Decimal;
  /** Size in fixed point (scale 10^36), before output rounding. */
  size: bigint;
}

const OUT = 10n ** BigInt(36 - OUTPUT_SCALE);

/** Fixed point → units of 10^-6, rounded down. */
function floorOut(x: bigint): bigint {
  return x / OUT;
}

function fromOutUnits(units: bigint): Decimal {
  return Decimal.fromUnits(units, OUTPUT_SCALE).normalize();
}

/** The 0.01 grid: `TICKS[j]` = j/100. */
const TICKS = Array.from({ length: 100 }, (_, j) => Decimal.fromUnits(BigInt(j), 2).normalize());

/** AMM levels from cumulative points: one level per tick reached, sized by the floored totals. */
function ammLevels(points: AmmPoint[]): { price: Decimal; units: bigint }[] {
  const out: { price: Decimal; units: bigint }[] = [];
  let prevUnits = 0n;
  for (const pt of points) {
    const units = floorOut(pt.shares) - prevUnits;
    prevUnits += units;
    if (units <= 0n) continue;
    out.push({ price: TICKS[pt.tick] as Decimal, units });
  }
  return out;
}

/** Open limit orders of this market as levels (YES orders → bids, NO orders → asks). */
export function limitLevels(input: Pick<SynthesizeBookInput, 'orders' | 'answerId' | 'now'>): { bids: RawLevel[]; asks: RawLevel[] } {
  const bids: RawLevel[] = [];
  const asks: RawLevel[] = [];
  for (const o of input.orders) {
    if (o.limitProb === undefined || o.orderAmount === undefined) continue;
    if (o.isFilled !== false || o.isCancelled !== false) continue;
    if (o.expiresAt !== undefined && o.expiresAt <= input.now) continue;
    if ((o.answerId ?? undefined) !== input.answerId) continue;
    if (o.outcome !== 'YES' && o.outcome !== 'NO') continue;
    const remaining = fromDecimal(o.orderAmount) - fromDecimal(o.amount);
    if (remaining <= 0n) continue;
    const limit = fromDecimal(o.limitProb);
    if (limit <= 0n || limit >= S) continue;
    // Whole percents on binary and multiple-choice markets (the venue rounds them so after its check).
    const price = Decimal.parse(o.limitProb).round(2, 'half-even').normalize();
    if (o.outcome === 'YES') bids.push({ price, size: div(remaining, limit) });
    else asks.push({ price, size: div(remaining, S - limit) });
  }
  return { bids, asks };
}

function merge(levels: { price: Decimal; units: bigint }[], side: 'bid' | 'ask'): Level[] {
  const byPrice = new Map<string, { price: Decimal; units: bigint }>();
  for (const l of levels) {
    const key = l.price.toString();
    const prev = byPrice.get(key);
    byPrice.set(key, { price: l.price, units: (prev?.units ?? 0n) + l.units });
  }
  const sorted = [...byPrice.values()].filter((l) => l.units > 0n).sort((a, b) => (side === 'bid' ? b.price.cmp(a.price) : a.price.cmp(b.price)));
  return sorted.map((l) => [l.price.toString(), fromOutUnits(l.units).toString()]);
}

/**
 * AMM levels never reach the probability, and limit orders on the wrong side of it are left out,
 * so the sides can only touch at the probability itself, with a YES and a NO order both resting
 * there: those would have matched each other, so neither is shown.
 */
function uncross(bids: Level[], asks: Level[]): { bids: Level[]; asks: Level[] } {
  while (bids.length > 0 && asks.length > 0 && Decimal.parse((bids[0] as Level)[0]).gte((asks[0] as Level)[0])) {
    bids = bids.slice(1);
    asks = asks.slice(1);
  }
  return { bids, asks };
}

/** Limit levels at one side, summed per price with their sizes floored on the running total. */
function limitUnits(levels: RawLevel[]): { price: Decimal; units: bigint }[] {
  const byPrice = new Map<string, RawLevel>();
  for (const l of levels) {
    const key = l.price.toString();
    const prev = byPrice.get(key);
    byPrice.set(key, { price: l.price, size: (prev?.size ?? 0n) + l.size });
  }
  return [...byPrice.values()].map((l) => ({ price: l.price, units: floorOut(l.size) }));
}

export function synthesizeBook(input: SynthesizeBookInput, options: SynthesizeBookOptions = {}): OrderBook {
  const pool = { yes: input.pool.YES, no: input.pool.NO, p: input.pool.p };
  const prob = toDecimal(poolProbability(pool), 36, 'down');
  const limits = limitLevels(input);
  // Orders on the wrong side of the AMM price are not reachable liquidity (see the header).
  const bids = limitUnits(limits.bids.filter((l) => l.price.lte(prob)));
  const asks = limitUnits(limits.asks.filter((l) => l.price.gte(prob)));
  bids.push(...ammLevels(ammLadder(pool, 'down')));
  asks.push(...ammLevels(ammLadder(pool, 'up')));
  const merged = uncross(merge(bids, 'bid'), merge(asks, 'ask'));
  const cut = (levels: Level[]) => (options.depth === undefined ? levels : levels.slice(0, options.depth));
  return {
    marketId: input.marketId,
    venue: 'manifold',
    bids: cut(merged.bids),
    asks: cut(merged.asks),
    seq: options.seq ?? null,
    venueTimestamp: options.venueTimestamp === undefined || options.venueTimestamp === null ? null : new Date(options.venueTimestamp).toISOString(),
    receivedAt: (options.receivedAt ?? new Date()).toISOString(),
    source: 'emulated',
  };
}

/**
 * Σ price × size of taking `shares` from best-first levels, exact decimals. On a synthesized book
 * this is exact for limit-order levels and, for AMM levels, an upper bound (asks) or lower bound
 * (bids) within one tick per share of what the pool charges (see the header).
 */
export function walkCost(levels: readonly Level[], shares: Decimal | string): { filled: Decimal; cost: Decimal } {
  let left = Decimal.from(shares);
  let cost = Decimal.ZERO;
  let filled = Decimal.ZERO;
  for (const [p, s] of levels) {
    if (!left.isPositive()) break;
    const take = Decimal.min(left, Decimal.parse(s));
    cost = cost.add(take.mul(p));
    filled = filled.add(take);
    left = left.sub(take);
  }
  return { filled: filled.normalize(), cost: cost.normalize() };
}

/**
 * The pool behind a market: a binary contract's `pool` and `p`, or an answer's `pool` with
 * p = 0.5. Null when the payload has no pool (lite multiple-choice rows, unknown answer).
 */
export function bookPoolOf(m: WireMarket, answerId?: string): BookPool | null {
  if (answerId === undefined) {
    const yes = m.pool?.YES;
    const no = m.pool?.NO;
    return yes !== undefined && no !== undefined && m.p !== undefined ? { YES: yes, NO: no, p: m.p } : null;
  }
  const a = m.answers?.find((x) => x.id === answerId);
  return a?.pool ? { YES: a.pool.YES, NO: a.pool.NO, p: '0.5' } : null;
}
