/**
 * Time-driven and administrative state changes: the expiry sweep of limit orders (a venue job that
 * runs once a minute and marks expired unfilled orders cancelled without a broadcast on the orders
 * topic, docs/venues/manifold.md §Expiry) and market resolution with payouts.
 */
import { getCpmmProbability } from './cpmm.js';
import { HALF, ONE, ZERO, mul, type Fx } from './fx.js';
import { isOpenLimit, type SimBet, type SimContract } from './model.js';
import type { ManifoldState } from './state.js';

/** Cancels every open limit order whose `expiresAt` has passed; returns them. */
export function sweepExpired(state: ManifoldState): SimBet[] {
  const now = state.now();
  const swept: SimBet[] = [];
  for (const b of state.betList) {
    if (isOpenLimit(b) && b.expiresAt !== undefined && b.expiresAt < now) {
      b.isCancelled = true;
      b.updatedTime = now;
      swept.push(b);
    }
  }
  return swept;
}

export type Resolution = { outcome: 'YES' | 'NO' | 'CANCEL' } | { outcome: 'MKT'; probability?: Fx } | { outcome: 'ANSWER'; answerId: string };

/**
 * Resolves a market: binary YES / NO / MKT (at `probability`, default the current one) / CANCEL;
 * multiple choice to one answer, MKT (each answer at its probability) or CANCEL. Pays every
 * position (CANCEL refunds the net mana put in), cancels open orders, and closes trading.
 */
export function resolveMarket(state: ManifoldState, contractId: string, resolution: Resolution): void {
  const c = state.contracts.get(contractId);
  if (!c) throw new Error(`unknown contract ${contractId}`);
  if (c.isResolved) throw new Error(`contract ${contractId} is already resolved`);
  if (c.mechanism === 'none') throw new Error(`contract ${contractId} is not a market`);
  const now = state.now();
  const payoutPrice = (answerId: string | undefined): { yes: Fx; cancel: boolean } => {
    if (resolution.outcome === 'CANCEL') return { yes: ZERO, cancel: true };
    if (c.mechanism === 'cpmm-1') {
      if (resolution.outcome === 'YES') return { yes: ONE, cancel: false };
      if (resolution.outcome === 'NO') return { yes: ZERO, cancel: false };
      if (resolution.outcome === 'MKT') return { yes: resolution.probability ?? getCpmmProbability(c.pool!, c.p!), cancel: false };
      throw new Error('a binary market resolves YES, NO, MKT or CANCEL');
    }
    const a = c.answers?.find((x) => x.id === answerId);
    if (!a) return { yes: ZERO, cancel: false };
    if (resolution.outcome === 'ANSWER') return { yes: resolution.answerId === a.id ? ONE : ZERO, cancel: false };
    if (resolution.outcome === 'MKT') return { yes: getCpmmProbability({ YES: a.poolYes, NO: a.poolNo }, HALF), cancel: false };
    throw new Error('a multiple-choice market resolves to an answer, MKT or CANCEL');
  };
  for (const pos of state.positionsOf({ contractId })) {
    const { yes, cancel } = payoutPrice(pos.answerId);
    const payout = cancel ? pos.netAmount : mul(pos.shares.YES, yes) + mul(pos.shares.NO, ONE - yes);
    if (payout !== 0n) {
      const user = state.user(pos.userId);
      user.balance += payout;
      state.emit({ type: 'user', user });
    }
  }
  const cancelled: SimBet[] = [];
  for (const b of state.openOrders(contractId)) {
    b.isCancelled = true;
    b.updatedTime = now;
    cancelled.push(b);
  }
  c.isResolved = true;
  c.resolutionTime = now;
  c.resolverId = c.creatorId;
  c.closeTime = c.closeTime === undefined ? now : Math.min(c.closeTime, now);
  c.lastUpdatedTime = now;
  if (c.mechanism === 'cpmm-1') {
    c.resolution = resolution.outcome === 'ANSWER' ? 'YES' : resolution.outcome;
    if (resolution.outcome === 'MKT') c.resolutionProbability = payoutPrice(undefined).yes;
  } else {
    c.resolution = resolution.outcome === 'ANSWER' ? resolution.answerId : resolution.outcome;
    for (const a of c.answers ?? []) {
      const { yes, cancel } = payoutPrice(a.id);
      a.resolution = cancel ? 'CANCEL' : resolution.outcome === 'MKT' ? 'MKT' : yes === ONE ? 'YES' : 'NO';
      if (resolution.outcome === 'MKT') a.resolutionProbability = yes;
      a.resolutionTime = now;
      a.resolverId = c.creatorId;
    }
  }
  if (cancelled.length > 0) state.emit({ type: 'orders', contract: c, bets: cancelled });
  state.emit({ type: 'contract', contract: c, answers: c.answers ?? [] });
}

export function isTradable(c: SimContract, now: number): boolean {
  return c.mechanism !== 'none' && !c.isResolved && (c.closeTime === undefined || c.closeTime > now);
}
