/**
 * Seeded trading bots for the Manifold simulator. They trade through the same rules as API users
 * (trading.ts): market bets that move the pools, limit orders a few ticks around the probability
 * (some with an expiry), and cancellations of their own old orders, so that books and prices move.
 * All randomness comes from the given Rng; `step()` drives them without timers.
 */
import type { Rng } from '../../../src/sim/rng.js';
import { getCpmmProbability, type Outcome } from './cpmm.js';
import { ApiError } from './errors.js';
import { HALF, ONE, fxInt, type Fx } from './fx.js';
import { isTradable } from './lifecycle.js';
import type { SimAnswer, SimContract, SimUser } from './model.js';
import type { ManifoldState } from './state.js';
import { cancelBet, placeBet } from './trading.js';

export interface ManifoldBotsOptions {
  state: ManifoldState;
  bots: SimUser[];
  rng: Rng;
  /** Actions per second; 0 = only `step()`. */
  ratePerSecond: number;
  /** Resting orders a bot keeps per market before cancelling its oldest. Default 4. */
  maxOrdersPerMarket?: number;
}

/** A market to act on, instead of a random one (an answer of it, for multiple choice). */
export interface BotFocus {
  contractId: string;
  answerId?: string;
}

export interface ManifoldBots {
  /** `actions` bot actions, on random markets or all on the focused one. */
  step(actions?: number, focus?: BotFocus): void;
  readonly actions: number;
  stop(): void;
}

const REFRESH_ACTIONS = 50;

function tickIndex(prob: Fx, round: 'floor' | 'ceil'): number {
  const hundred = prob * 100n;
  const whole = Number(hundred / ONE);
  return round === 'ceil' && hundred % ONE !== 0n ? whole + 1 : whole;
}

export function startManifoldBots(options: ManifoldBotsOptions): ManifoldBots {
  const { state, rng } = options;
  const maxOrders = options.maxOrdersPerMarket ?? 4;
  let markets: SimContract[] = [];
  let refreshedAt = -Infinity;
  let actions = 0;

  const refresh = () => {
    const now = state.now();
    markets = [...state.contracts.values()].filter((c) => isTradable(c, now) && c.outcomeType !== 'STONK');
    refreshedAt = actions;
  };

  const act = (focus?: BotFocus) => {
    if (actions - refreshedAt > REFRESH_ACTIONS) refresh();
    actions += 1;
    const c = focus ? state.contracts.get(focus.contractId) : markets.length > 0 ? rng.pick(markets) : undefined;
    if (!c) return;
    const bot = rng.pick(options.bots);
    if (!isTradable(c, state.now())) return;
    let answer: SimAnswer | undefined;
    let prob: Fx;
    if (c.mechanism === 'cpmm-multi-1') {
      const open = (c.answers ?? []).filter((a) => !a.resolution && (focus?.answerId === undefined || a.id === focus.answerId));
      if (open.length === 0) return;
      answer = rng.pick(open);
      prob = getCpmmProbability({ YES: answer.poolYes, NO: answer.poolNo }, HALF);
    } else {
      prob = getCpmmProbability(c.pool as { YES: Fx; NO: Fx }, c.p as Fx);
    }
    const mine = state.openOrders(c.id, answer?.id).filter((b) => b.userId === bot.id);
    const r = rng.next();
    try {
      if (r < 0.15 && mine.length > 0) {
        cancelBet(state, bot, (mine[0] as { id: string }).id);
        return;
      }
      if (mine.length >= maxOrders) cancelBet(state, bot, (mine[0] as { id: string }).id);
      const outcome: Outcome = rng.chance(0.5) ? 'YES' : 'NO';
      const base = { contractId: c.id, outcome, ...(answer ? { answerId: answer.id } : {}) };
      if (r < 0.45) {
        placeBet(state, bot, { ...base, amount: fxInt(rng.int(1, 40)) }, false);
        return;
      }
      const offset = rng.int(0, 4);
      const idx = outcome === 'YES' ? tickIndex(prob, 'floor') - offset : tickIndex(prob, 'ceil') + offset;
      if (idx < 1 || idx > 99) return;
      const expiresAt = rng.chance(0.3) ? state.now() + rng.int(1, 90) * 60_000 : undefined;
      placeBet(state, bot, { ...base, amount: fxInt(rng.int(5, 120)), limitProb: (BigInt(idx) * ONE) / 100n, ...(expiresAt ? { expiresAt } : {}) }, false);
    } catch (err) {
      // A bot's order refused by the venue's rules (closed market, no liquidity left…) is skipped.
      if (!(err instanceof ApiError)) throw err;
    }
  };

  let timer: NodeJS.Timeout | undefined;
  if (options.ratePerSecond > 0) {
    let budget = 0;
    let last = Date.now();
    timer = setInterval(() => {
      const t = Date.now();
      budget = Math.min(budget + ((t - last) * options.ratePerSecond) / 1000, Math.max(1, options.ratePerSecond));
      last = t;
      while (budget >= 1) {
        budget -= 1;
        act();
      }
    }, 100);
    timer.unref();
  }

  return {
    step(n = 1, focus) {
      for (let i = 0; i < n; i++) act(focus);
    },
    get actions() {
      return actions;
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
