import { beforeEach, describe, expect, it } from 'vitest';
import { getCpmmProbability } from './cpmm.js';
import { ApiError } from './errors.js';
import { HALF, ONE, ZERO, abs, fxInt, fxParse, fxText, type Fx } from './fx.js';
import { resolveMarket, sweepExpired } from './lifecycle.js';
import type { SimAnswer, SimContract, SimUser } from './model.js';
import { ManifoldState, type SimEvent } from './state.js';
import { cancelBet, placeBet, sellShares } from './trading.js';

const f = fxParse;
let clock = 1_800_000_000_000;
let state: ManifoldState;
let events: SimEvent[];

function user(username: string, balance: number): SimUser {
  const u: SimUser = { id: `id-${username}`, username, name: username, createdTime: 0, balance: fxInt(balance), totalDeposits: fxInt(balance), isBot: false };
  state.addUser(u);
  return u;
}

function binary(id: string, extra: Partial<SimContract> = {}): SimContract {
  const c: SimContract = {
    id,
    slug: id,
    question: `${id}?`,
    description: '',
    creatorId: 'id-creator',
    createdTime: clock - 1000,
    closeTime: clock + 86_400_000,
    outcomeType: 'BINARY',
    mechanism: 'cpmm-1',
    pool: { YES: fxInt(1000), NO: fxInt(1000) },
    p: HALF,
    totalLiquidity: fxInt(1000),
    volume: ZERO,
    volume24hBase: ZERO,
    isResolved: false,
    bettors: new Set(),
    lastUpdatedTime: clock,
    groupSlugs: [],
    visibility: 'public',
    ...extra,
  };
  state.addContract(c);
  return c;
}

function multi(id: string, probs: string[], sumsToOne: boolean): SimContract {
  const answers: SimAnswer[] = probs.map((q, index) => ({
    id: `${id}-a${index}`,
    index,
    contractId: id,
    userId: 'id-creator',
    text: `answer ${index}`,
    createdTime: clock,
    poolYes: fxInt(500) - fxInt(500) * f(q) / ONE,
    poolNo: (fxInt(500) * f(q)) / ONE,
    totalLiquidity: fxInt(500),
    subsidyPool: ZERO,
    volume: ZERO,
    isOther: false,
  }));
  return binary(id, { outcomeType: 'MULTIPLE_CHOICE', mechanism: 'cpmm-multi-1', pool: undefined, p: undefined, answers, shouldAnswersSumToOne: sumsToOne });
}

const probOf = (c: SimContract) => getCpmmProbability(c.pool as { YES: Fx; NO: Fx }, c.p as Fx);
const answerProbs = (c: SimContract) => (c.answers ?? []).map((a) => getCpmmProbability({ YES: a.poolYes, NO: a.poolNo }, HALF));
const sum = (xs: Fx[]) => xs.reduce((s, x) => s + x, ZERO);

function refused(fn: () => unknown): { status: number; message: string } {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return { status: err.status, message: err.message };
    throw err;
  }
  throw new Error('expected the venue to refuse');
}

beforeEach(() => {
  clock = 1_800_000_000_000;
  state = new ManifoldState(1, () => clock);
  events = [];
  state.on((e) => events.push(e));
  user('creator', 0);
});

describe('placing bets', () => {
  it('a market order spends what it fills, is marked filled and moves the pool', () => {
    const c = binary('m1');
    const alice = user('alice', 100);
    const { bet } = placeBet(state, alice, { contractId: c.id, amount: fxInt(10), outcome: 'YES' }, true);
    expect(fxText(bet.amount)).toBe('10');
    expect(bet.orderAmount).toBe(bet.amount);
    expect(bet.isFilled).toBe(true);
    expect(bet.limitProb).toBeUndefined();
    expect(bet.isApi).toBe(true);
    expect(fxText(alice.balance)).toBe('90');
    expect(probOf(c) > HALF).toBe(true);
    expect(bet.probAfter).toBe(probOf(c));
    expect(fxText(c.volume)).toBe('10');
    expect(c.bettors.has(alice.id)).toBe(true);
  });

  it('a limit order rests without reserving mana; its maker pays only when a taker fills it', () => {
    const c = binary('m1');
    const maker = user('maker', 100);
    const taker = user('taker', 1000);
    const { bet: order } = placeBet(state, maker, { contractId: c.id, amount: fxInt(60), outcome: 'NO', limitProb: f('0.6') }, true);
    expect(order.isFilled).toBe(false);
    expect(fxText(order.amount)).toBe('0');
    expect(fxText(maker.balance)).toBe('100');
    expect(state.openOrders(c.id).map((o) => o.id)).toEqual([order.id]);
    // A zero-fill placement is broadcast as a new bet and as an order.
    expect(events.some((e) => e.type === 'new-bets' && e.bets.some((b) => b.id === order.id))).toBe(true);
    expect(events.some((e) => e.type === 'orders' && e.bets.some((b) => b.id === order.id))).toBe(true);

    const { bet: take } = placeBet(state, taker, { contractId: c.id, amount: fxInt(500), outcome: 'YES', limitProb: f('0.62') }, true);
    expect(take.fills?.some((fl) => fl.matchedBetId === order.id)).toBe(true);
    expect(order.isFilled).toBe(true);
    expect(fxText(order.amount)).toBe('60');
    expect(fxText(order.shares, 9)).toBe('150');
    expect(order.fills?.at(-1)?.matchedBetId).toBe(take.id);
    expect(fxText(maker.balance)).toBe('40');
    // The maker order is gone from the book; the taker's unfilled remainder now rests in its place.
    expect(state.openOrders(c.id).map((o) => o.id)).toEqual([take.id]);
    expect(take.isFilled).toBe(false);
  });

  it('cancels a maker order when the maker has spent its mana elsewhere (no reservation)', () => {
    const c = binary('m1');
    const other = binary('m2');
    const maker = user('maker', 60);
    const taker = user('taker', 1000);
    const { bet: order } = placeBet(state, maker, { contractId: c.id, amount: fxInt(50), outcome: 'NO', limitProb: f('0.55') }, true);
    placeBet(state, maker, { contractId: other.id, amount: fxInt(55), outcome: 'YES' }, true);
    expect(fxText(maker.balance)).toBe('5');
    placeBet(state, taker, { contractId: c.id, amount: fxInt(200), outcome: 'YES', limitProb: f('0.6') }, true);
    expect(fxText(order.amount, 9)).toBe('5');
    expect(order.isCancelled).toBe(true);
    expect(order.isFilled).toBe(false);
    expect(abs(maker.balance) < ONE / 10n ** 20n).toBe(true);
  });

  it('redeems YES+NO pairs into mana with a pair of redemption bets', () => {
    const c = binary('m1');
    const alice = user('alice', 100);
    const yes = placeBet(state, alice, { contractId: c.id, amount: fxInt(20), outcome: 'YES' }, true).bet;
    const no = placeBet(state, alice, { contractId: c.id, amount: fxInt(10), outcome: 'NO' }, true).bet;
    const redemptions = state.betList.filter((b) => b.isRedemption);
    expect(redemptions.map((b) => b.outcome)).toEqual(['YES', 'NO']);
    expect(redemptions.every((b) => b.shares === -no.shares)).toBe(true);
    const pos = state.position(alice.id, c.id, undefined);
    expect(pos?.shares.NO).toBe(ZERO);
    expect(pos?.shares.YES).toBe(yes.shares - no.shares);
    // 100 − 20 − 10 + the redeemed pairs
    expect(alice.balance).toBe(fxInt(70) + no.shares);
  });

  it('refuses bets the way the venue does', () => {
    const c = binary('m1');
    const alice = user('alice', 50);
    expect(refused(() => placeBet(state, alice, { contractId: 'nope', amount: fxInt(1), outcome: 'YES' }, true))).toEqual({ status: 404, message: 'Contract not found.' });
    expect(refused(() => placeBet(state, alice, { contractId: c.id, amount: fxInt(51), outcome: 'YES' }, true))).toEqual({ status: 403, message: 'Insufficient balance.' });
    expect(refused(() => placeBet(state, alice, { contractId: c.id, amount: fxInt(5), outcome: 'YES', limitProb: f('0.555') }, true))).toEqual({
      status: 400,
      message: 'limitProb must be in increments of 0.01 (i.e. whole percentage points)',
    });
    expect(refused(() => placeBet(state, alice, { contractId: c.id, amount: fxInt(5), outcome: 'YES', limitProb: f('0.5'), expiresAt: clock - 1 }, true))).toEqual({ status: 400, message: 'Bet cannot expire in the past.' });
    const poll = binary('poll', { outcomeType: 'POLL', mechanism: 'none', pool: undefined, p: undefined });
    expect(refused(() => placeBet(state, alice, { contractId: poll.id, amount: fxInt(5), outcome: 'YES' }, true))).toEqual({ status: 400, message: 'This is not a market' });
    const closed = binary('closed', { closeTime: clock - 1 });
    expect(refused(() => placeBet(state, alice, { contractId: closed.id, amount: fxInt(5), outcome: 'YES' }, true))).toEqual({ status: 403, message: 'Trading is closed.' });
    const stonk = binary('stonk', { outcomeType: 'STONK' });
    expect(refused(() => placeBet(state, alice, { contractId: stonk.id, amount: fxInt(5), outcome: 'YES' }, true))).toEqual({ status: 403, message: 'API users cannot bet on STONK contracts.' });
    const extreme = binary('extreme', { pool: { YES: f('0.001'), NO: fxInt(1000) } });
    expect(refused(() => placeBet(state, alice, { contractId: extreme.id, amount: fxInt(5), outcome: 'YES' }, true))).toEqual({ status: 400, message: 'Betting allowed only between 1-99%.' });
    const thin = binary('thin', { pool: { YES: ONE, NO: ONE }, p: f('0.05') });
    expect(refused(() => placeBet(state, alice, { contractId: thin.id, amount: fxInt(40), outcome: 'YES' }, true))).toEqual({ status: 403, message: 'Trade too large for current liquidity pool.' });
    resolveMarket(state, c.id, { outcome: 'YES' });
    expect(refused(() => placeBet(state, alice, { contractId: c.id, amount: fxInt(5), outcome: 'YES' }, true))).toEqual({ status: 403, message: 'Market is resolved.' });
    expect(fxText(alice.balance)).toBe('50');
  });

  it('a dry run computes the bet and changes nothing', () => {
    const c = binary('m1');
    const alice = user('alice', 50);
    const before = { ...c.pool };
    const { bet } = placeBet(state, alice, { contractId: c.id, amount: fxInt(10), outcome: 'YES', dryRun: true }, true);
    expect(bet.id).toBe('dry-run');
    expect(bet.shares > 0n).toBe(true);
    expect(c.pool).toEqual(before);
    expect(fxText(alice.balance)).toBe('50');
    expect(state.betList).toEqual([]);
  });
});

describe('cancellation and expiry', () => {
  it('applies the venue rules for cancelling', () => {
    const c = binary('m1');
    const alice = user('alice', 100);
    const bob = user('bob', 100);
    const { bet: order } = placeBet(state, alice, { contractId: c.id, amount: fxInt(10), outcome: 'YES', limitProb: f('0.3') }, true);
    const { bet: market } = placeBet(state, alice, { contractId: c.id, amount: fxInt(10), outcome: 'YES' }, true);
    expect(refused(() => cancelBet(state, bob, order.id))).toEqual({ status: 403, message: 'You can only cancel your own bets' });
    expect(refused(() => cancelBet(state, alice, market.id))).toEqual({ status: 403, message: 'Not a limit order. Cannot cancel.' });
    expect(refused(() => cancelBet(state, alice, 'missing'))).toEqual({ status: 404, message: 'Bet not found' });
    expect(cancelBet(state, alice, order.id).isCancelled).toBe(true);
    expect(refused(() => cancelBet(state, alice, order.id))).toEqual({ status: 403, message: 'Bet already cancelled' });
    expect(events.at(-1)).toMatchObject({ type: 'orders', bets: [{ id: order.id, isCancelled: true }] });
  });

  it('an expired order stays open until the sweep but no taker can fill it', () => {
    const c = binary('m1');
    const maker = user('maker', 100);
    const taker = user('taker', 100);
    const { bet: order } = placeBet(state, maker, { contractId: c.id, amount: fxInt(20), outcome: 'NO', limitProb: f('0.55'), expiresAt: clock + 60_000 }, true);
    clock += 61_000;
    expect(state.openOrders(c.id).map((o) => o.id)).toEqual([order.id]);
    const { bet } = placeBet(state, taker, { contractId: c.id, amount: fxInt(50), outcome: 'YES', limitProb: f('0.6') }, true);
    expect(bet.fills?.every((fl) => fl.matchedBetId === null)).toBe(true);
    expect(order.amount).toBe(ZERO);
    const seen = events.length;
    const swept = sweepExpired(state);
    expect(swept.map((o) => o.id)).toEqual([order.id]);
    expect(order.isCancelled).toBe(true);
    // the sweep does not broadcast on the orders topic
    expect(events.slice(seen)).toEqual([]);
  });
});

describe('multiple choice', () => {
  it('answers that sum to one still sum to one after YES and NO bets (arbitrage)', () => {
    const c = multi('mc', ['0.5', '0.3', '0.2'], true);
    const alice = user('alice', 1000);
    const { bet, betGroupId } = placeBet(state, alice, { contractId: c.id, answerId: 'mc-a1', amount: fxInt(40), outcome: 'YES' }, true);
    expect(abs(sum(answerProbs(c)) - ONE) < ONE / 10n ** 12n).toBe(true);
    expect(bet.probAfter > bet.probBefore).toBe(true);
    expect(betGroupId).toBeDefined();
    // The arbitrage legs on the other answers are recorded as zero-share redemption rows.
    const legs = state.betList.filter((b) => b.betGroupId === betGroupId && b.id !== bet.id);
    expect(legs.map((b) => [b.answerId, b.outcome, b.isRedemption, b.shares])).toEqual([
      ['mc-a0', 'NO', true, ZERO],
      ['mc-a2', 'NO', true, ZERO],
    ]);
    expect(state.position(alice.id, c.id, 'mc-a1')?.shares.YES).toBe(bet.shares);
    expect(state.position(alice.id, c.id, 'mc-a0')?.shares.NO ?? ZERO).toBe(ZERO);
    expect(fxText(alice.balance, 9)).toBe('960');

    placeBet(state, alice, { contractId: c.id, answerId: 'mc-a0', amount: fxInt(25), outcome: 'NO' }, true);
    expect(abs(sum(answerProbs(c)) - ONE) < ONE / 10n ** 12n).toBe(true);
  });

  it('selling shares on a sums-to-one market returns about what they cost and keeps the sum at one', () => {
    const c = multi('mc', ['0.4', '0.35', '0.25'], true);
    const alice = user('alice', 1000);
    const { bet } = placeBet(state, alice, { contractId: c.id, answerId: 'mc-a2', amount: fxInt(30), outcome: 'YES' }, true);
    const { bet: sale } = sellShares(state, alice, { contractId: c.id, answerId: 'mc-a2', outcome: 'YES' }, true);
    expect(abs(sale.shares + bet.shares) < ONE / 10n ** 20n).toBe(true);
    expect(abs(sale.amount + fxInt(30)) < ONE / 1000n).toBe(true);
    expect(abs(sum(answerProbs(c)) - ONE) < ONE / 10n ** 12n).toBe(true);
    expect(abs(alice.balance - fxInt(1000)) < ONE / 1000n).toBe(true);
  });

  it('independent answers trade alone, and a multi bet needs an answer', () => {
    const c = multi('set', ['0.5', '0.3', '0.2'], false);
    const alice = user('alice', 1000);
    const before = answerProbs(c);
    placeBet(state, alice, { contractId: c.id, answerId: 'set-a0', amount: fxInt(40), outcome: 'YES' }, true);
    const after = answerProbs(c);
    expect(after[0] as Fx > (before[0] as Fx)).toBe(true);
    expect(after.slice(1)).toEqual(before.slice(1));
    expect(refused(() => placeBet(state, alice, { contractId: c.id, amount: fxInt(5), outcome: 'YES' }, true))).toEqual({ status: 400, message: 'answerId must be specified for multi bets' });
    expect(refused(() => placeBet(state, alice, { contractId: c.id, answerId: 'zzz', amount: fxInt(5), outcome: 'YES' }, true))).toEqual({ status: 404, message: 'Answer not found' });
    expect(refused(() => placeBet(state, alice, { contractId: c.id, answerId: 'set-a1', amount: fxInt(5), outcome: 'YES', expiresAt: clock - 5 }, true))).toEqual({ status: 403, message: 'Bet cannot expire in the past.' });
  });
});

describe('selling and resolving', () => {
  it('sells binary shares back through the opposite outcome, with the venue messages for bad sales', () => {
    const c = binary('m1', { p: f('0.3') });
    const alice = user('alice', 100);
    expect(refused(() => sellShares(state, alice, { contractId: c.id, outcome: 'YES' }, true))).toEqual({ status: 403, message: "You don't have any YES shares to sell." });
    const { bet } = placeBet(state, alice, { contractId: c.id, amount: fxInt(20), outcome: 'YES' }, true);
    expect(refused(() => sellShares(state, alice, { contractId: c.id, outcome: 'YES', shares: bet.shares + ONE }, true)).message).toMatch(/^You can only sell up to \d+(\.\d+)? shares\.$/);
    const { bet: sale } = sellShares(state, alice, { contractId: c.id, outcome: 'YES' }, true);
    expect(sale.fills?.every((fl) => fl.isSale === true)).toBe(true);
    expect(abs(sale.amount + fxInt(20)) < ONE / 10n ** 15n).toBe(true);
    expect(abs(alice.balance - fxInt(100)) < ONE / 10n ** 15n).toBe(true);
  });

  it('pays positions at resolution and cancels open orders', () => {
    const c = binary('m1');
    const alice = user('alice', 100);
    const bob = user('bob', 100);
    const yes = placeBet(state, alice, { contractId: c.id, amount: fxInt(10), outcome: 'YES' }, true).bet;
    const { bet: order } = placeBet(state, bob, { contractId: c.id, amount: fxInt(10), outcome: 'NO', limitProb: f('0.9') }, true);
    resolveMarket(state, c.id, { outcome: 'YES' });
    expect(alice.balance).toBe(fxInt(90) + yes.shares);
    expect(order.isCancelled).toBe(true);
    expect(c.isResolved).toBe(true);
    expect(c.resolution).toBe('YES');
  });
});
