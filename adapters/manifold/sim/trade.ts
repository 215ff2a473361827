/**
 * Computes what a bet or a sale would do, without changing anything: the fills of the traded pool
 * (binary contract or answer) and, on sums-to-one markets, of the other answers' arbitrage legs.
 * `commit.ts` applies the result.
 */
import { arbitrageBuy, arbitrageSell, saleTakers, type AnswerPool } from './arbitrage.js';
import { HALF, ZERO, type Fx } from './fx.js';
import { MAX_CPMM_PROB, MIN_CPMM_PROB, getCpmmProbability, type CpmmState, type Outcome } from './cpmm.js';
import { amountToBuyShares, computeFills, type FillsResult, type TakerFill } from './fills.js';
import type { SimAnswer, SimContract } from './model.js';
import type { ManifoldState } from './state.js';

export interface TradeLeg {
  answerId: string | undefined;
  outcome: Outcome;
  before: CpmmState;
  result: FillsResult;
  /** Fills as recorded on the bet (sales: negative shares and amounts). */
  takers: (TakerFill & { isSale?: boolean })[];
}

export interface Trade {
  main: TradeLeg;
  /** Arbitrage legs on the other answers of a sums-to-one market. */
  others: TradeLeg[];
}

export const sumAmount = (fills: readonly { amount: Fx }[]): Fx => fills.reduce((s, f) => s + f.amount, ZERO);
export const sumShares = (fills: readonly { shares: Fx }[]): Fx => fills.reduce((s, f) => s + f.shares, ZERO);

export function answerState(a: SimAnswer): CpmmState {
  return { pool: { YES: a.poolYes, NO: a.poolNo }, p: HALF };
}

export function contractState(c: SimContract): CpmmState {
  if (!c.pool || c.p === undefined) throw new Error(`contract ${c.id} has no pool`);
  return { pool: c.pool, p: c.p };
}

export function probOf(state: CpmmState): Fx {
  return getCpmmProbability(state.pool, state.p);
}

function answerPools(c: SimContract): AnswerPool[] {
  return (c.answers ?? []).map((a) => ({ id: a.id, pool: { YES: a.poolYes, NO: a.poolNo } }));
}

function legFromArbitrage(c: SimContract, r: { answerId: string; outcome: Outcome } & FillsResult, sale = false): TradeLeg {
  const answer = c.answers?.find((a) => a.id === r.answerId) as SimAnswer;
  return { answerId: r.answerId, outcome: r.outcome, before: answerState(answer), result: r, takers: sale ? saleTakers(r.takers) : r.takers };
}

/** A buy of `outcome` with `amount` mana, optionally limited to `limitProb`. */
export function computeBuy(state: ManifoldState, c: SimContract, answer: SimAnswer | undefined, outcome: Outcome, amount: Fx, limitProb: Fx | undefined): Trade {
  const now = state.now();
  if (c.mechanism === 'cpmm-multi-1' && c.shouldAnswersSumToOne && answer) {
    const orders = state.openOrders(c.id);
    const balances = state.balancesOf(orders);
    const r = arbitrageBuy(answerPools(c), answer.id, outcome, amount, limitProb ?? (outcome === 'YES' ? MAX_CPMM_PROB : MIN_CPMM_PROB), (id) => orders.filter((o) => o.answerId === id), balances, now);
    if (!r) {
      const before = answerState(answer);
      return { main: { answerId: answer.id, outcome, before, result: { takers: [], makers: [], ordersToCancel: [], cpmmState: before }, takers: [] }, others: [] };
    }
    return { main: legFromArbitrage(c, r.main), others: r.others.map((o) => legFromArbitrage(c, o)) };
  }
  const before = answer ? answerState(answer) : contractState(c);
  const orders = state.openOrders(c.id, answer?.id);
  const result = computeFills(before, outcome, amount, limitProb, orders, state.balancesOf(orders), { now, limitProbs: { max: MAX_CPMM_PROB, min: MIN_CPMM_PROB } });
  return { main: { answerId: answer?.id, outcome, before, result, takers: result.takers }, others: [] };
}

/** A sale of `shares` of `outcome`: a purchase of the opposite outcome seen as a sale (`calculateCpmmSale`). */
export function computeSale(state: ManifoldState, c: SimContract, answer: SimAnswer | undefined, outcome: Outcome, shares: Fx): Trade {
  const now = state.now();
  const opposite: Outcome = outcome === 'YES' ? 'NO' : 'YES';
  if (c.mechanism === 'cpmm-multi-1' && c.shouldAnswersSumToOne && answer) {
    const orders = state.openOrders(c.id);
    const balances = state.balancesOf(orders);
    const r = arbitrageSell(answerPools(c), answer.id, outcome, shares, undefined, (id) => orders.filter((o) => o.answerId === id), balances, now);
    return { main: { ...legFromArbitrage(c, r.main, true), outcome }, others: r.others.map((o) => legFromArbitrage(c, o)) };
  }
  const before = answer ? answerState(answer) : contractState(c);
  const orders = state.openOrders(c.id, answer?.id);
  const balances = state.balancesOf(orders);
  const buyAmount = amountToBuyShares(before, shares, opposite, orders, balances, now);
  const result = computeFills(before, opposite, buyAmount, undefined, orders, balances, { now });
  return { main: { answerId: answer?.id, outcome, before, result, takers: saleTakers(result.takers) }, others: [] };
}
