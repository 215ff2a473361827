/**
 * Matching of one taker against the AMM and the opposite limit orders, as Manifold's
 * `computeFills` / `computeFill` do it (docs/venues/manifold.md §Matching):
 *
 * - opposite orders that have not expired are taken in price-time priority (`limitProb`
 *   ascending for a YES taker, descending for a NO taker, then `createdTime`);
 * - while the AMM is cheaper than the best order, the taker buys from the AMM up to that order's
 *   price (or the taker's limit); then it fills the order at the order's `limitProb`;
 * - nothing is reserved for resting orders: a maker is filled up to its current balance and its
 *   order is cancelled once the balance reaches zero;
 * - fees are zero.
 */
import {
  calculateCpmmAmountToBuySharesFixedP,
  calculateCpmmAmountToProb,
  calculateCpmmPurchase,
  getCpmmProbability,
  type CpmmState,
  type Outcome,
} from './cpmm.js';
import { ONE, ZERO, div, floatingEqual, floatingGreaterEqual, floatingLesserEqual, min, mul, type Fx } from './fx.js';
import type { SimBet } from './model.js';

export interface TakerFill {
  matchedBetId: string | null;
  amount: Fx;
  shares: Fx;
  timestamp: number;
}

export interface MakerFill {
  bet: SimBet;
  amount: Fx;
  shares: Fx;
  timestamp: number;
}

export interface FillsResult {
  takers: TakerFill[];
  makers: MakerFill[];
  cpmmState: CpmmState;
  ordersToCancel: SimBet[];
}

export type Balances = ReadonlyMap<string, Fx>;

/** A hard stop against a loop that cannot progress (the venue has none; fixed-point makes it cheap to guard). */
const MAX_STEPS = 10_000;

interface StepResult {
  taker: TakerFill;
  /** Set when the step filled a limit order. */
  maker?: MakerFill;
  /** Set when the step bought from the AMM. */
  state?: CpmmState;
}

function computeFill(
  amount: Fx,
  outcome: Outcome,
  limitProb: Fx | undefined,
  state: CpmmState,
  matched: SimBet | undefined,
  makerBalance: Fx | undefined,
  now: number,
): StepResult | undefined {
  const prob = getCpmmProbability(state.pool, state.p);
  const matchedLimit = matched?.limitProb;
  if (
    limitProb !== undefined &&
    (outcome === 'YES'
      ? floatingGreaterEqual(prob, limitProb) && (matchedLimit ?? ONE) > limitProb
      : floatingLesserEqual(prob, limitProb) && (matchedLimit ?? ZERO) < limitProb)
  ) {
    return undefined;
  }
  if (
    !matched ||
    matchedLimit === undefined ||
    (outcome === 'YES' ? !floatingGreaterEqual(prob, matchedLimit) : !floatingLesserEqual(prob, matchedLimit))
  ) {
    // Buy from the pool, up to the next order's price or the taker's limit.
    const limit =
      matchedLimit === undefined
        ? limitProb
        : outcome === 'YES'
          ? min(matchedLimit, limitProb ?? ONE)
          : matchedLimit > (limitProb ?? ZERO)
            ? matchedLimit
            : (limitProb ?? ZERO);
    let buyAmount = amount;
    if (limit !== undefined) {
      const toLimit = calculateCpmmAmountToProb(state, limit, outcome);
      if (toLimit !== null) buyAmount = min(amount, toLimit);
    }
    if (buyAmount <= 0n) {
      // Already at the limit within rounding: the pool has nothing to sell before the order.
      if (!matched) return undefined;
      return fillOrder(amount, outcome, matched, makerBalance, now);
    }
    const { shares, newPool } = calculateCpmmPurchase(state, buyAmount, outcome);
    return { taker: { matchedBetId: null, amount: buyAmount, shares, timestamp: now }, state: { pool: newPool, p: state.p } };
  }
  return fillOrder(amount, outcome, matched, makerBalance, now);
}

function fillOrder(amount: Fx, outcome: Outcome, matched: SimBet, makerBalance: Fx | undefined, now: number): StepResult {
  const limit = matched.limitProb as Fx;
  const remaining = (matched.orderAmount ?? ZERO) - matched.amount;
  const matchable = makerBalance === undefined ? remaining : makerBalance < 0n ? ZERO : makerBalance;
  const amountToFill = min(remaining, matchable);
  const takerPrice = outcome === 'YES' ? limit : ONE - limit;
  const makerPrice = ONE - takerPrice;
  const shares = min(div(amount, takerPrice), div(amountToFill, makerPrice));
  return {
    taker: { matchedBetId: matched.id, amount: mul(shares, takerPrice), shares, timestamp: now },
    maker: { bet: matched, amount: mul(shares, makerPrice), shares, timestamp: now },
  };
}

export interface ComputeFillsOptions {
  /** Caps for an order without `limitProb` (market orders use 0.99 / 0.01). */
  limitProbs?: { max: Fx; min: Fx };
  now: number;
}

/** Sorted opposite orders that can match a taker buying `outcome` now. */
export function matchableOrders(outcome: Outcome, unfilledBets: readonly SimBet[], now: number): SimBet[] {
  return unfilledBets
    .filter((b) => b.outcome !== outcome && b.limitProb !== undefined && (b.expiresAt === undefined || b.expiresAt > now))
    .sort((a, b) => {
      const la = a.limitProb as Fx;
      const lb = b.limitProb as Fx;
      if (la !== lb) return (outcome === 'YES' ? la < lb : la > lb) ? -1 : 1;
      return a.createdTime - b.createdTime;
    });
}

export function computeFills(
  state: CpmmState,
  outcome: Outcome,
  betAmount: Fx,
  initialLimitProb: Fx | undefined,
  unfilledBets: readonly SimBet[],
  balances: Balances,
  options: ComputeFillsOptions,
): FillsResult {
  const { now } = options;
  const capped = initialLimitProb ?? (options.limitProbs ? (outcome === 'YES' ? options.limitProbs.max : options.limitProbs.min) : undefined);
  const sorted = matchableOrders(outcome, unfilledBets, now);
  const takers: TakerFill[] = [];
  const makers: MakerFill[] = [];
  const ordersToCancel: SimBet[] = [];
  const balance = new Map(balances);
  let amount = betAmount;
  let cpmmState: CpmmState = { pool: { ...state.pool }, p: state.p };
  let i = 0;
  for (let step = 0; step < MAX_STEPS; step++) {
    const matched = sorted[i];
    const fill = computeFill(amount, outcome, capped, cpmmState, matched, matched ? balance.get(matched.userId) : undefined, now);
    if (!fill) break;
    if (fill.state) {
      cpmmState = fill.state;
      takers.push(fill.taker);
    } else if (fill.maker) {
      i += 1;
      const userId = fill.maker.bet.userId;
      const before = balance.get(userId);
      if (before !== undefined) {
        if (fill.maker.amount > 0n) balance.set(userId, before - fill.maker.amount);
        // The venue cancels at `balance <= 0`; rounding of shares × price can leave dust of a unit.
        if (floatingLesserEqual(balance.get(userId) as Fx, ZERO)) ordersToCancel.push(fill.maker.bet);
      }
      if (floatingEqual(fill.maker.amount, ZERO)) continue;
      takers.push(fill.taker);
      makers.push(fill.maker);
    }
    amount -= fill.taker.amount;
    if (floatingEqual(amount, ZERO)) break;
  }
  return { takers, makers, cpmmState, ordersToCancel };
}

/**
 * Mana needed to obtain exactly `shares` of `outcome` from a p = 0.5 pool and its orders
 * (`calculateAmountToBuySharesFixedP`): fills with an over-sized amount, then cuts the fill that
 * crosses the target (pro rata for an order, closed form for the AMM).
 */
export function amountToBuySharesFixedP(
  state: CpmmState,
  shares: Fx,
  outcome: Outcome,
  unfilledBets: readonly SimBet[],
  balances: Balances,
  now: number,
): Fx {
  const { takers } = computeFills(state, outcome, shares, undefined, unfilledBets, balances, { now });
  let currShares = ZERO;
  let currAmount = ZERO;
  for (const fill of takers) {
    if (floatingEqual(currShares + fill.shares, shares)) return currAmount + fill.amount;
    if (currShares + fill.shares > shares) {
      if (fill.matchedBetId !== null) return currAmount + div(mul(fill.amount, shares - currShares), fill.shares);
      break;
    }
    currShares += fill.shares;
    currAmount += fill.amount;
  }
  const { cpmmState } = computeFills(state, outcome, currAmount, undefined, unfilledBets, balances, { now });
  return currAmount + calculateCpmmAmountToBuySharesFixedP(cpmmState, shares - currShares, outcome);
}

/**
 * Bisection as Manifold's `binarySearch`: `f` increasing, returns x where f(x) ≈ 0. The venue
 * bisects doubles until the midpoint stops changing (about 18 significant digits here too).
 */
export function binarySearch(lo: Fx, hi: Fx, f: (x: Fx) => Fx | number): Fx {
  let a = lo;
  let b = hi;
  for (let i = 0; i < 200; i++) {
    const mid = (a + b) / 2n;
    if (mid === a || mid === b || b - a <= (b < 0n ? -b : b) / 10n ** 18n) return mid;
    const c = f(mid);
    if (c === 0n || c === 0) return mid;
    if (c > 0) b = mid;
    else a = mid;
  }
  return (a + b) / 2n;
}

/** Mana to buy `shares` of `outcome` through the pool and orders of any p (bisection on the amount). */
export function amountToBuyShares(
  state: CpmmState,
  shares: Fx,
  outcome: Outcome,
  unfilledBets: readonly SimBet[],
  balances: Balances,
  now: number,
): Fx {
  const prob = getCpmmProbability(state.pool, state.p);
  const lo = mul(shares, outcome === 'YES' ? prob : ONE - prob);
  return binarySearch(lo, shares, (amount) => {
    const { takers } = computeFills(state, outcome, amount, undefined, unfilledBets, balances, { now });
    return takers.reduce((s, t) => s + t.shares, ZERO) - shares;
  });
}
