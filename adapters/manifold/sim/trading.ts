/**
 * The venue's trading endpoints as business rules (docs/venues/manifold.md §Placing, §Errors):
 * `POST /bet`, `POST /market/:id/sell`, `POST /bet/cancel/:id`. Checks run in the venue's order
 * and fail with its status codes and messages; accepted trades go through trade.ts and commit.ts.
 */
import { CPMM_MIN_POOL_QTY, type Outcome } from './cpmm.js';
import { candidateBet, commitTrade } from './commit.js';
import { ApiError } from './errors.js';
import { ONE, ZERO, floatingEqual, floatingLesserEqual, fxText, min, type Fx } from './fx.js';
import type { SimAnswer, SimBet, SimContract, SimUser } from './model.js';
import type { ManifoldState } from './state.js';
import { computeBuy, computeSale, sumAmount, sumShares, type Trade } from './trade.js';

export interface BetRequest {
  contractId: string;
  amount: Fx;
  outcome: Outcome;
  limitProb?: Fx;
  expiresAt?: number;
  expiresMillisAfter?: number;
  answerId?: string;
  dryRun?: boolean;
  replyToCommentId?: string;
  silent?: boolean;
}

export interface PlacedBet {
  /** The bet as stored (`id` is `dry-run` for a dry run). */
  bet: SimBet;
  betGroupId?: string;
}

const WHOLE_PERCENT_MESSAGE = 'limitProb must be in increments of 0.01 (i.e. whole percentage points)';

/** Whole-percent check and rounding of a limit price (`floatingEqual(round(L·100), L·100)`). */
function roundLimitProb(limitProb: Fx): Fx {
  const hundred = limitProb * 100n;
  const rounded = ((hundred + ONE / 2n) / ONE) * ONE;
  if (!floatingEqual(rounded, hundred)) throw new ApiError(400, WHOLE_PERCENT_MESSAGE);
  return rounded / 100n;
}

function findAnswer(c: SimContract, answerId: string): SimAnswer {
  const a = c.answers?.find((x) => x.id === answerId);
  if (!a) throw new ApiError(404, 'Answer not found');
  return a;
}

function newPools(trade: Trade): { YES: Fx; NO: Fx }[] {
  return [trade.main, ...trade.others].map((l) => l.result.cpmmState.pool);
}

export function placeBet(state: ManifoldState, user: SimUser, req: BetRequest, isApi: boolean): PlacedBet {
  const now = state.now();
  const c = state.contracts.get(req.contractId);
  if (!c) throw new ApiError(404, 'Contract not found.');
  if (c.mechanism === 'none') throw new ApiError(400, 'This is not a market');
  if (c.isResolved) throw new ApiError(403, 'Market is resolved.');
  if (c.closeTime !== undefined && now > c.closeTime) throw new ApiError(403, 'Trading is closed.');
  if (user.balance < req.amount) throw new ApiError(403, 'Insufficient balance.');
  if (c.outcomeType === 'STONK' && isApi) throw new ApiError(403, 'API users cannot bet on STONK contracts.');
  const expiresAt = req.expiresAt ?? (req.expiresMillisAfter !== undefined ? now + req.expiresMillisAfter : undefined);
  let limitProb = req.limitProb;
  let answer: SimAnswer | undefined;
  if (c.mechanism === 'cpmm-1') {
    if (expiresAt !== undefined && expiresAt < now) throw new ApiError(400, 'Bet cannot expire in the past.');
    // PSEUDO_NUMERIC and STONK accept finer limit prices (only the 0.01–0.99 range applies).
    if (limitProb !== undefined && c.outcomeType === 'BINARY') limitProb = roundLimitProb(limitProb);
  } else {
    if (req.answerId === undefined) throw new ApiError(400, 'answerId must be specified for multi bets');
    if (expiresAt !== undefined && expiresAt < now) throw new ApiError(403, 'Bet cannot expire in the past.');
    answer = findAnswer(c, req.answerId);
    if (answer.resolution) throw new ApiError(403, 'Answer is resolved and cannot be bet on');
    if (c.shouldAnswersSumToOne && (c.answers?.length ?? 0) < 2) throw new ApiError(403, 'Cannot bet until at least two answers are added.');
    if (limitProb !== undefined) limitProb = roundLimitProb(limitProb);
  }

  const trade = computeBuy(state, c, answer, req.outcome, req.amount, limitProb);
  const filled = sumAmount(trade.main.takers);
  const shares = sumShares(trade.main.takers);
  // A market order spends what the book offers up to 0.99 / 0.01; the rest is not spent.
  const orderAmount = limitProb === undefined ? filled : req.amount;
  if (floatingEqual(filled, ZERO) && floatingEqual(shares, ZERO) && floatingEqual(orderAmount, ZERO)) {
    throw new ApiError(400, 'Betting allowed only between 1-99%.');
  }
  if (c.mechanism === 'cpmm-1' && newPools(trade).some((p) => p.YES < CPMM_MIN_POOL_QTY || p.NO < CPMM_MIN_POOL_QTY)) {
    throw new ApiError(403, 'Trade too large for current liquidity pool.');
  }
  const fields = {
    orderAmount,
    ...(limitProb !== undefined ? { limitProb } : {}),
    isFilled: limitProb === undefined ? true : floatingEqual(orderAmount, filled),
    ...(expiresAt !== undefined ? { expiresAt } : {}),
    ...(req.silent !== undefined ? { silent: req.silent } : {}),
    ...(req.replyToCommentId !== undefined ? { replyToCommentId: req.replyToCommentId } : {}),
  };
  if (req.dryRun) return { bet: { ...candidateBet(c, trade.main, fields, now), id: 'dry-run' } };
  return commitTrade(state, user, c, trade, fields, isApi, c.mechanism === 'cpmm-multi-1' && c.shouldAnswersSumToOne === true);
}

export interface SellRequest {
  contractId: string;
  outcome: Outcome;
  shares?: Fx;
  answerId?: string;
}

export function sellShares(state: ManifoldState, user: SimUser, req: SellRequest, isApi: boolean): PlacedBet {
  const now = state.now();
  const c = state.contracts.get(req.contractId);
  if (!c) throw new ApiError(404, 'Contract not found');
  if (c.mechanism !== 'cpmm-1' && c.mechanism !== 'cpmm-multi-1') throw new ApiError(403, 'You can only sell shares on cpmm-1 or cpmm-multi-1 contracts');
  if (c.isResolved || (c.closeTime !== undefined && now > c.closeTime)) throw new ApiError(403, 'Trading is closed.');
  if (c.mechanism === 'cpmm-multi-1' && req.answerId === undefined) throw new ApiError(400, 'answerId must be specified for multi bets');
  const held = state.position(user.id, c.id, req.answerId)?.shares[req.outcome] ?? ZERO;
  if (held <= 0n || floatingEqual(held, ZERO)) throw new ApiError(403, `You don't have any ${req.outcome} shares to sell.`);
  const wanted = req.shares ?? held;
  if (!floatingLesserEqual(wanted, held)) throw new ApiError(400, `You can only sell up to ${fxText(held, 15)} shares.`);
  const sold = min(wanted, held);
  let answer: SimAnswer | undefined;
  if (req.answerId !== undefined) {
    answer = findAnswer(c, req.answerId);
    if (answer.resolution) throw new ApiError(403, 'Answer is resolved and cannot be bet on');
    if (c.shouldAnswersSumToOne && (c.answers?.length ?? 0) < 2) throw new ApiError(403, 'Cannot bet until at least two answers are added.');
  }
  const trade = computeSale(state, c, answer, req.outcome, sold);
  if (newPools(trade).some((p) => p.YES < CPMM_MIN_POOL_QTY || p.NO < CPMM_MIN_POOL_QTY)) {
    throw new ApiError(403, 'Sale too large for current liquidity pool.');
  }
  const amount = sumAmount(trade.main.takers);
  return commitTrade(state, user, c, trade, { orderAmount: amount, isFilled: true }, isApi, true);
}

/** `POST /bet/cancel/:betId`: marks the order cancelled (also a filled one, as the venue does). */
export function cancelBet(state: ManifoldState, user: SimUser, betId: string): SimBet {
  const bet = state.bets.get(betId);
  if (!bet) throw new ApiError(404, 'Bet not found');
  if (bet.userId !== user.id) throw new ApiError(403, 'You can only cancel your own bets');
  if (bet.limitProb === undefined) throw new ApiError(403, 'Not a limit order. Cannot cancel.');
  if (bet.isCancelled) throw new ApiError(403, 'Bet already cancelled');
  const now = state.now();
  bet.isCancelled = true;
  bet.updatedTime = now;
  const c = state.contracts.get(bet.contractId) as SimContract;
  c.lastBetTime = now;
  c.lastUpdatedTime = now;
  state.emit({ type: 'orders', contract: c, bets: [bet] });
  return bet;
}
