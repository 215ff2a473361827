/**
 * The order book Manifold does not publish, synthesized from what it does (docs/venues/manifold.md
 * §Synthesized book): the open limit orders of a market (`GET /bets?kinds=open-limit`) and its AMM
 * pool (`pool`, `p`), merged into one book in YES terms with `source: 'emulated'`.
 *
 * What the levels mean — every size is what a taker would actually get, in shares:
 *
 * - A limit order is a level at its `limitProb`. A YES order is a bid; its size is the YES shares
 *   it buys with the mana it has left, `(orderAmount − amount) / limitProb`. A NO order is an ask;
 *   its size is the NO shares it buys, `(orderAmount − amount) / (1 − limitProb)`, which is exactly
 *   how many YES shares a taker can buy from it. Orders at one price are summed.
 * - The AMM is cut at the 0.01 grid. Between the probability and each tick above it (up to 0.99)
 *   there is one ask level: its size is the YES shares the pool sells to move there from the
 *   previous tick, and its price is the average price of those shares (rounded up to 6 places),
 *   which lies strictly between the two ticks. Below the probability (down to 0.01) the bids are the
 *   NO purchases that move the pool down a tick, priced at 1 − their average NO price (rounded
 *   down): selling a YES share is buying a NO share.
 * - Because the venue's matcher takes the AMM up to each order's price before filling the order,
 *   the price order of the merged levels is the order in which a taker consumes them. Walking the
 *   asks to the level at price P gives what a YES limit order at the next tick ≥ P fills, and
 *   Σ price × size of whole levels is its cost, up to the 6-place rounding.
 * - Sizes are rounded down to 6 places on cumulative totals, so rounding never adds up.
 * - Not included: expired orders the venue has not swept yet, and orders that cross the AMM price
 *   (only a maker without mana or a stale order can be there; the matcher cancels such an order
 *   when it reaches it). Maker balances are not reserved on Manifold, so a displayed order can still
 *   vanish when it is reached. On multiple-choice markets whose answers sum to one, a trade also
 *   moves the other answers (arbitrage), so an answer's AMM levels are computed from its own pool
 *   and are an approximation there.
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

/** AMM levels from cumulative points: size differences of floored totals, average prices. */
function ammLevels(points: AmmPoint[], side: 'ask' | 'bid'): { price: Decimal; units: bigint }[] {
  const out: { price: Decimal; units: bigint }[] = [];
  let prevCost = 0n;
  let prevShares = 0n;
  let prevUnits = 0n;
  for (const pt of points) {
    const dShares = pt.shares - prevShares;
    const dCost = pt.cost - prevCost;
    const units = floorOut(pt.shares) - prevUnits;
    prevCost = pt.cost;
    prevShares = pt.shares;
    prevUnits += units;
    if (units <= 0n || dShares <= 0n) continue;
    const average = div(dCost, dShares);
    const price = side === 'ask' ? toDecimal(average, OUTPUT_SCALE, 'ceil') : toDecimal(S - average, OUTPUT_SCALE, 'floor');
    out.push({ price, units });
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
    const price = Decimal.parse(o.limitProb).normalize();
    if (o.outcome === 'YES') bids.push({ price, size: div(remaining, limit) });
    else asks.push({ price, size: div(remaining, S - limit) });
  }
  return { bids, asks };
}

function merge(levels: { price: Decimal; units: bigint }[], side: 'bid' | 'ask', depth: number | undefined): Level[] {
  const byPrice = new Map<string, { price: Decimal; units: bigint }>();
  for (const l of levels) {
    const key = l.price.toString();
    const prev = byPrice.get(key);
    byPrice.set(key, { price: l.price, units: (prev?.units ?? 0n) + l.units });
  }
  const sorted = [...byPrice.values()].filter((l) => l.units > 0n).sort((a, b) => (side === 'bid' ? b.price.cmp(a.price) : a.price.cmp(b.price)));
  const cut = depth === undefined ? sorted : sorted.slice(0, depth);
  return cut.map((l) => [l.price.toString(), fromOutUnits(l.units).toString()]);
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
  bids.push(...ammLevels(ammLadder(pool, 'down'), 'bid'));
  asks.push(...ammLevels(ammLadder(pool, 'up'), 'ask'));
  return {
    marketId: input.marketId,
    venue: 'manifold',
    bids: merge(bids, 'bid', options.depth),
    asks: merge(asks, 'ask', options.depth),
    seq: options.seq ?? null,
    venueTimestamp: options.venueTimestamp === undefined || options.venueTimestamp === null ? null : new Date(options.venueTimestamp).toISOString(),
    receivedAt: (options.receivedAt ?? new Date()).toISOString(),
    source: 'emulated',
  };
}

/** The cost in mana of taking `shares` from best-first asks (or the proceeds from bids), exact decimals. */
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
