/**
 * Trades on a multiple-choice market whose answers sum to one (docs/venues/manifold.md
 * §Multiple choice), as the venue's arbitrage code does them. Every
 * answer has its own p = 0.5 pool; a trade on one answer is split so that the answers' probabilities
 * still sum to 1 afterwards:
 *
 * - buying YES on A with M mana buys x NO shares in every other answer (x chosen by bisection)
 *   and converts them into x YES shares of A plus x·(n−2) mana; the rest of M buys YES from A;
 * - buying NO on A buys y YES shares in every other answer, which are y NO shares of A;
 * - selling S YES shares of A buys x NO of A and S−x YES of every other answer (and symmetrically
 *   for selling NO).
 *
 * Limit orders of each answer take part through `computeFills`; the caller's `limitProb` applies to
 * the answer traded only.
 */
import { getCpmmProbability, type Outcome, type Pool } from './cpmm.js';
import { amountToBuySharesFixedP, binarySearch, computeFills, type Balances, type FillsResult, type TakerFill } from './fills.js';
import { HALF, ONE, ZERO, div, floatingEqual, fxInt, type Fx } from './fx.js';
import type { SimBet } from './model.js';

export interface AnswerPool {
  id: string;
  pool: Pool;
}

export interface AnswerFills extends FillsResult {
  answerId: string;
  outcome: Outcome;
}

export interface ArbitrageResult {
  /** The answer traded. */
  main: AnswerFills;
  /** The other answers (their fills end with a redemption fill that cancels them out). */
  others: AnswerFills[];
}

interface Ctx {
  answers: AnswerPool[];
  target: AnswerPool;
  others: AnswerPool[];
  unfilled: (answerId: string) => readonly SimBet[];
  balances: Balances;
  now: number;
}

function context(answers: AnswerPool[], answerId: string, unfilled: (answerId: string) => readonly SimBet[], balances: Balances, now: number): Ctx {
  const target = answers.find((a) => a.id === answerId);
  if (!target) throw new RangeError(`unknown answer ${answerId}`);
  return { answers, target, others: answers.filter((a) => a.id !== answerId), unfilled, balances, now };
}

const sumAmount = (takers: TakerFill[]) => takers.reduce((s, t) => s + t.amount, ZERO);
const sumShares = (takers: TakerFill[]) => takers.reduce((s, t) => s + t.shares, ZERO);
const probSum = (results: FillsResult[]) => results.reduce((s, r) => s + getCpmmProbability(r.cpmmState.pool, HALF), ZERO);

function fills(ctx: Ctx, a: AnswerPool, outcome: Outcome, amount: Fx, limitProb: Fx | undefined): AnswerFills {
  return { ...computeFills({ pool: a.pool, p: HALF }, outcome, amount, limitProb, ctx.unfilled(a.id), ctx.balances, { now: ctx.now }), answerId: a.id, outcome };
}

function amountFor(ctx: Ctx, a: AnswerPool, shares: Fx, outcome: Outcome): Fx {
  return amountToBuySharesFixedP({ pool: a.pool, p: HALF }, shares, outcome, ctx.unfilled(a.id), ctx.balances, ctx.now);
}

/** Appends the fill that cancels an arbitrage leg's shares and mana out of the user's account. */
function closeLeg(r: AnswerFills): void {
  r.takers.push({ matchedBetId: null, amount: -sumAmount(r.takers), shares: -sumShares(r.takers), timestamp: r.takers[0]?.timestamp ?? 0 });
}

/** Buys `outcome` on one answer with `amount` mana (`calculateCpmmMultiArbitrageBet`). */
export function arbitrageBuy(
  answers: AnswerPool[],
  answerId: string,
  outcome: Outcome,
  amount: Fx,
  limitProb: Fx | undefined,
  unfilled: (answerId: string) => readonly SimBet[],
  balances: Balances,
  now: number,
): ArbitrageResult | null {
  const ctx = context(answers, answerId, unfilled, balances, now);
  const n = BigInt(answers.length);
  const legs = (x: Fx): ArbitrageResult | undefined => {
    // Legs buy the other side on every other answer; x shares of them equal x shares of `outcome` on
    // the target (plus x·(n−2) mana when buying YES through NO legs).
    const legOutcome: Outcome = outcome === 'YES' ? 'NO' : 'YES';
    const legAmounts = ctx.others.map((a) => amountFor(ctx, a, x, legOutcome));
    const legTotal = legAmounts.reduce((s, v) => s + v, ZERO);
    const net = outcome === 'YES' ? legTotal - x * (n - 2n) : legTotal;
    const rest = amount - net;
    if (rest < 0n) return undefined;
    const others = ctx.others.map((a, i) => fills(ctx, a, legOutcome, legAmounts[i] as Fx, undefined));
    const main = fills(ctx, ctx.target, outcome, rest, limitProb);
    for (const r of others) closeLeg(r);
    main.takers.push({ matchedBetId: null, amount: net, shares: x, timestamp: now });
    return { main, others };
  };
  const priceSum = ctx.others.reduce((s, a) => {
    const prob = getCpmmProbability(a.pool, HALF);
    return s + (outcome === 'YES' ? ONE - prob : prob);
  }, ZERO);
  const denominator = outcome === 'YES' ? priceSum - fxInt(n - 2n) : priceSum;
  const hi = denominator > 0n ? div(amount, denominator) : amount;
  const x = binarySearch(ZERO, hi, (shares) => {
    const r = legs(shares);
    if (!r) return 1;
    const total = probSum([...r.others, r.main]);
    return outcome === 'YES' ? ONE - total : total - ONE;
  });
  const result = legs(x);
  if (!result) return null;
  if (floatingEqual(sumAmount(result.main.takers), ZERO)) return null;
  return result;
}

/**
 * Sells `shares` of `outcome` on one answer (`calculateCpmmMultiArbitrageSellYes/No`): buys x of
 * the opposite outcome on the answer and `shares − x` of `outcome` on every other answer. The
 * returned main fills are the purchase; `saleTakers` turns them into the sale.
 */
export function arbitrageSell(
  answers: AnswerPool[],
  answerId: string,
  outcome: Outcome,
  shares: Fx,
  limitProb: Fx | undefined,
  unfilled: (answerId: string) => readonly SimBet[],
  balances: Balances,
  now: number,
): ArbitrageResult {
  const ctx = context(answers, answerId, unfilled, balances, now);
  const n = BigInt(answers.length);
  const opposite: Outcome = outcome === 'YES' ? 'NO' : 'YES';
  const legs = (x: Fx): ArbitrageResult => {
    const inOthers = shares - x;
    const mainAmount = amountFor(ctx, ctx.target, x, opposite);
    const legAmounts = ctx.others.map((a) => amountFor(ctx, a, inOthers, outcome));
    const main = fills(ctx, ctx.target, opposite, mainAmount, limitProb);
    const others = ctx.others.map((a, i) => fills(ctx, a, outcome, legAmounts[i] as Fx, undefined));
    return { main, others };
  };
  const x = binarySearch(ZERO, shares, (v) => {
    const total = probSum([...legs(v).others, legs(v).main]);
    return outcome === 'YES' ? ONE - total : total - ONE;
  });
  const result = legs(x);
  const inOthers = shares - x;
  const legTotal = result.others.reduce((s, r) => s + sumAmount(r.takers), ZERO);
  // YES of every other answer = NO of this one; NO of every other answer = YES of this one + (n−2) mana.
  const net = outcome === 'YES' ? legTotal : legTotal - inOthers * (n - 2n);
  for (const r of result.others) closeLeg(r);
  result.main.takers.push({ matchedBetId: null, amount: net, shares: inOthers, timestamp: now });
  return result;
}

/** A purchase of the opposite outcome seen as the sale it is (`calculateCpmmSale`). */
export function saleTakers(takers: TakerFill[]): (TakerFill & { isSale: true })[] {
  return takers.map((t) => ({ ...t, shares: -t.shares, amount: -(t.shares - t.amount), isSale: true as const }));
}
