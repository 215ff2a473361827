/**
 * Applies a computed trade (trade.ts) to the store as Manifold's `processNewBetResult` and
 * `updateMakers` do (docs/venues/manifold.md §Placing, §Matching, §Redemption): inserts the
 * taker's bet (and the arbitrage legs' redemption rows), credits makers with their fills and
 * debits their balance, cancels orders whose maker ran out of mana, moves the pools, debits the
 * taker, then redeems YES+NO pairs and emits the broadcasts.
 */
import { getCpmmProbability, type Outcome } from './cpmm.js';
import { HALF, ONE, ZERO, abs, floatingEqual, min, mul, type Fx } from './fx.js';
import type { SimAnswer, SimBet, SimContract, SimUser } from './model.js';
import type { ManifoldState } from './state.js';
import { sumAmount, sumShares, type Trade, type TradeLeg } from './trade.js';

export interface BetFields {
  orderAmount: Fx;
  limitProb?: Fx;
  isFilled: boolean;
  expiresAt?: number;
  silent?: boolean;
  replyToCommentId?: string;
}

function setPool(c: SimContract, leg: TradeLeg): SimAnswer | undefined {
  const pool = leg.result.cpmmState.pool;
  if (leg.answerId === undefined) {
    c.pool = { ...pool };
    return undefined;
  }
  const a = c.answers?.find((x) => x.id === leg.answerId) as SimAnswer;
  a.poolYes = pool.YES;
  a.poolNo = pool.NO;
  return a;
}

/** The bet a trade creates for the taker (without id/userId: the `POST /bet` candidate). */
export function candidateBet(c: SimContract, leg: TradeLeg, fields: BetFields, now: number, redemption = false): SimBet {
  const amount = sumAmount(leg.takers);
  return {
    id: '',
    userId: '',
    contractId: c.id,
    ...(leg.answerId !== undefined ? { answerId: leg.answerId } : {}),
    createdTime: now,
    updatedTime: now,
    amount,
    shares: sumShares(leg.takers),
    outcome: leg.outcome,
    probBefore: getCpmmProbability(leg.before.pool, leg.before.p),
    probAfter: getCpmmProbability(leg.result.cpmmState.pool, leg.result.cpmmState.p),
    loanAmount: ZERO,
    isRedemption: redemption,
    visibility: c.visibility,
    orderAmount: fields.orderAmount,
    ...(fields.limitProb !== undefined ? { limitProb: fields.limitProb } : {}),
    isFilled: fields.isFilled,
    isCancelled: false,
    fills: leg.takers.map((t) => ({ matchedBetId: t.matchedBetId, amount: t.amount, shares: t.shares, timestamp: t.timestamp, ...(t.isSale ? { isSale: true } : {}) })),
    ...(fields.expiresAt !== undefined ? { expiresAt: fields.expiresAt } : {}),
    ...(fields.silent !== undefined ? { silent: fields.silent } : {}),
    ...(fields.replyToCommentId !== undefined ? { replyToCommentId: fields.replyToCommentId } : {}),
  };
}

export interface Committed {
  bet: SimBet;
  betGroupId?: string;
}

/** Redeems a user's YES+NO pairs on one pool into mana (`getRedemptionBets`). */
export function redeem(state: ManifoldState, userId: string, c: SimContract, answerId: string | undefined): SimBet[] {
  const pos = state.position(userId, c.id, answerId);
  if (!pos) return [];
  const shares = min(pos.shares.YES, pos.shares.NO);
  if (shares <= 0n || floatingEqual(shares, ZERO)) return [];
  const answer = answerId === undefined ? undefined : c.answers?.find((a) => a.id === answerId);
  const prob = answer ? getCpmmProbability({ YES: answer.poolYes, NO: answer.poolNo }, HALF) : getCpmmProbability(c.pool as { YES: Fx; NO: Fx }, c.p as Fx);
  const now = state.now();
  const make = (outcome: Outcome, price: Fx): SimBet => ({
    id: state.newId(12),
    userId,
    contractId: c.id,
    ...(answerId !== undefined ? { answerId } : {}),
    createdTime: now,
    updatedTime: now,
    amount: -mul(price, shares),
    shares: -shares,
    outcome,
    probBefore: prob,
    probAfter: prob,
    loanAmount: ZERO,
    isRedemption: true,
    visibility: c.visibility,
  });
  const bets = [make('YES', prob), make('NO', ONE - prob)];
  for (const b of bets) state.insertBet(b);
  state.user(userId).balance += shares;
  return bets;
}

export function commitTrade(state: ManifoldState, user: SimUser, c: SimContract, trade: Trade, fields: BetFields, isApi: boolean, withGroup: boolean): Committed {
  const now = state.now();
  const betGroupId = withGroup ? state.newId(24).toLowerCase() : undefined;
  const bet: SimBet = { ...candidateBet(c, trade.main, fields, now), id: state.newId(12), userId: user.id, isApi, ...(betGroupId ? { betGroupId } : {}) };
  state.insertBet(bet);
  const inserted: SimBet[] = [bet];
  const orderUpdates = new Map<string, SimBet>();
  if (bet.limitProb !== undefined && !bet.isFilled) orderUpdates.set(bet.id, bet);
  const touchedUsers = new Set<string>([user.id]);
  // Makers filled on the arbitrage legs may now hold YES and NO of those answers too.
  const touchedPools = new Set<string | undefined>([trade.main.answerId, ...trade.others.map((l) => l.answerId)]);
  const changedAnswers: SimAnswer[] = [];

  const applyLeg = (leg: TradeLeg, takerBetId: string) => {
    for (const m of leg.result.makers) {
      const order = m.bet;
      order.amount += m.amount;
      order.shares += m.shares;
      (order.fills ??= []).push({ matchedBetId: takerBetId, amount: m.amount, shares: m.shares, timestamp: m.timestamp });
      order.isFilled = floatingEqual(order.orderAmount ?? ZERO, order.amount);
      order.updatedTime = now;
      state.user(order.userId).balance -= m.amount;
      state.applyMakerFill(order, m.shares, m.amount, now);
      touchedUsers.add(order.userId);
      orderUpdates.set(order.id, order);
    }
    for (const o of leg.result.ordersToCancel) {
      o.isCancelled = true;
      o.updatedTime = now;
      orderUpdates.set(o.id, o);
    }
    const answer = setPool(c, leg);
    if (answer) changedAnswers.push(answer);
  };

  applyLeg(trade.main, bet.id);
  for (const leg of trade.others) {
    const row: SimBet = { ...candidateBet(c, leg, { orderAmount: ZERO, isFilled: true }, now, true), id: state.newId(12), userId: user.id, isApi, amount: ZERO, shares: ZERO, ...(betGroupId ? { betGroupId } : {}) };
    state.insertBet(row);
    inserted.push(row);
    applyLeg(leg, row.id);
  }
  user.balance -= bet.amount;
  user.lastBetTime = now;

  const volume = abs(bet.amount);
  c.volume += volume;
  if (trade.main.answerId !== undefined) {
    const a = c.answers?.find((x) => x.id === trade.main.answerId);
    if (a) a.volume += volume;
  }
  c.bettors.add(user.id);
  c.lastBetTime = now;
  c.lastUpdatedTime = now;

  for (const userId of touchedUsers) for (const answerId of touchedPools) inserted.push(...redeem(state, userId, c, answerId));

  state.emit({ type: 'new-bets', contract: c, bets: inserted });
  if (orderUpdates.size > 0) state.emit({ type: 'orders', contract: c, bets: [...orderUpdates.values()] });
  state.emit({ type: 'contract', contract: c, answers: changedAnswers });
  for (const id of touchedUsers) state.emit({ type: 'user', user: state.user(id) });
  return { bet, ...(betGroupId ? { betGroupId } : {}) };
}
