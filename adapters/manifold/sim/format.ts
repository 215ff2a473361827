/**
 * Stored objects → the venue's JSON shapes (docs/venues/manifold.md §Market objects, §Bets,
 * §Account, §Positions, §WebSocket). Field order follows the recorded 2026 captures; undefined
 * fields are omitted. REST answers carry `pool` + `probability`, WebSocket and `/answers` rows the
 * raw `poolYes`/`poolNo`/`prob`.
 */
import { getCpmmProbability } from './cpmm.js';
import { HALF, ONE, ZERO, div, max, mul, type Fx } from './fx.js';
import { num } from './json.js';
import type { SimAnswer, SimBet, SimContract, SimFill, SimUser } from './model.js';
import type { ManifoldState, Position } from './state.js';

const SITE = 'https://manifold.markets';
const DAY = 86_400_000;
const NO_FEES = { creatorFee: num(ZERO), platformFee: num(ZERO), liquidityFee: num(ZERO) };

export function avatarUrl(username: string): string {
  return `https://firebasestorage.googleapis.com/v0/b/mantic-markets.appspot.com/o/user-images%2F${encodeURIComponent(username)}%2Favatar.png?alt=media`;
}

export function answerProb(a: SimAnswer): Fx {
  if (a.resolution === 'YES') return ONE;
  if (a.resolution === 'NO') return ZERO;
  if (a.resolution === 'MKT' && a.resolutionProbability !== undefined) return a.resolutionProbability;
  return getCpmmProbability({ YES: a.poolYes, NO: a.poolNo }, HALF);
}

export function contractProb(c: SimContract): Fx | undefined {
  if (!c.pool || c.p === undefined) return undefined;
  return getCpmmProbability(c.pool, c.p);
}

export function volume24h(state: ManifoldState, c: SimContract): Fx {
  const since = state.now() - DAY;
  let v = c.volume24hBase;
  for (const b of state.betsByContract.get(c.id) ?? []) if (!b.isRedemption && b.createdTime > since) v += b.amount < 0n ? -b.amount : b.amount;
  return v;
}

export interface LiteOptions {
  /** `/v0/markets` rows carry no `token` in the 2026 captures; search and market rows do. */
  token?: boolean;
  /** `search-markets?includeLiteAnswers=true`. */
  liteAnswers?: boolean;
}

export function liteMarket(state: ManifoldState, c: SimContract, options: LiteOptions = {}): Record<string, unknown> {
  const creator = state.user(c.creatorId);
  const prob = contractProb(c);
  const showProb = c.outcomeType === 'BINARY' || c.outcomeType === 'PSEUDO_NUMERIC';
  const closeTime = c.isResolved && c.resolutionTime !== undefined ? Math.min(c.closeTime ?? c.resolutionTime, c.resolutionTime) : c.closeTime;
  const out: Record<string, unknown> = {
    id: c.id,
    creatorId: c.creatorId,
    creatorUsername: creator.username,
    creatorName: creator.name,
    createdTime: c.createdTime,
    creatorAvatarUrl: avatarUrl(creator.username),
    closeTime,
    question: c.question,
    slug: c.slug,
    url: `${SITE}/${creator.username}/${c.slug}`,
    pool: c.pool ? { NO: num(c.pool.NO), YES: num(c.pool.YES) } : undefined,
    probability: showProb && prob !== undefined ? num(prob) : undefined,
    p: c.p !== undefined ? num(c.p) : undefined,
    totalLiquidity: c.totalLiquidity !== undefined ? num(c.totalLiquidity) : undefined,
    outcomeType: c.outcomeType,
    mechanism: c.mechanism,
    volume: num(c.volume),
    volume24Hours: num(volume24h(state, c)),
    isResolved: c.isResolved,
    resolution: c.resolution,
    resolutionTime: c.resolutionTime,
    resolutionProbability: c.resolutionProbability !== undefined ? num(c.resolutionProbability) : undefined,
    resolverId: c.resolverId,
    uniqueBettorCount: c.bettors.size,
    lastUpdatedTime: c.lastUpdatedTime,
    lastBetTime: c.lastBetTime,
    lastCommentTime: c.lastCommentTime,
    token: options.token === false ? undefined : 'MANA',
  };
  if (c.outcomeType === 'PSEUDO_NUMERIC' && prob !== undefined && c.min !== undefined && c.max !== undefined) {
    out.value = num(BigInt(c.min) * ONE + mul(prob, BigInt(c.max - c.min) * ONE));
    out.min = c.min;
    out.max = c.max;
    out.isLogScale = c.isLogScale ?? false;
  }
  if (options.liteAnswers && c.answers) out.answers = c.answers.map((a) => ({ id: a.id, text: a.text, probability: num(answerProb(a)) }));
  return out;
}

function answerCommon(a: SimAnswer): Record<string, unknown> {
  return {
    id: a.id,
    index: a.index,
    contractId: a.contractId,
    userId: a.userId,
    text: a.text,
    createdTime: a.createdTime,
    totalLiquidity: num(a.totalLiquidity),
    subsidyPool: num(a.subsidyPool),
    volume: num(a.volume),
    isOther: a.isOther ? true : undefined,
    resolution: a.resolution,
    resolutionTime: a.resolutionTime,
    resolutionProbability: a.resolutionProbability !== undefined ? num(a.resolutionProbability) : undefined,
    resolverId: a.resolverId,
    probChanges: { day: num(ZERO), week: num(ZERO), month: num(ZERO) },
  };
}

/** `ApiAnswer` of REST full markets: pool + probability. */
export function apiAnswer(a: SimAnswer): Record<string, unknown> {
  return { ...answerCommon(a), pool: { YES: num(a.poolYes), NO: num(a.poolNo) }, probability: num(answerProb(a)) };
}

/** The stored `Answer` (`GET /market/:id/answers`, WebSocket): poolYes, poolNo, prob. */
export function rawAnswer(a: SimAnswer): Record<string, unknown> {
  return { ...answerCommon(a), poolYes: num(a.poolYes), poolNo: num(a.poolNo), prob: num(answerProb(a)) };
}

export function fullMarket(state: ManifoldState, c: SimContract): Record<string, unknown> {
  return {
    ...liteMarket(state, c),
    answers: c.answers?.map(apiAnswer),
    shouldAnswersSumToOne: c.shouldAnswersSumToOne,
    addAnswersMode: c.addAnswersMode,
    options: c.options,
    totalBounty: c.totalBounty !== undefined ? num(c.totalBounty) : undefined,
    bountyLeft: c.bountyLeft !== undefined ? num(c.bountyLeft) : undefined,
    coverImageUrl: c.coverImageUrl,
    groupSlugs: c.groupSlugs,
    description: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: c.description }] }] },
    textDescription: c.description,
  };
}

function fill(f: SimFill): Record<string, unknown> {
  return { matchedBetId: f.matchedBetId, amount: num(f.amount), shares: num(f.shares), timestamp: f.timestamp, fees: NO_FEES, isSale: f.isSale };
}

/** Bet fields shared by stored rows and `POST /bet` candidates. */
function betBody(b: SimBet): Record<string, unknown> {
  return {
    contractId: b.contractId,
    answerId: b.answerId,
    createdTime: b.createdTime,
    updatedTime: b.updatedTime,
    amount: num(b.amount),
    loanAmount: num(b.loanAmount),
    outcome: b.outcome,
    shares: num(b.shares),
    probBefore: num(b.probBefore),
    probAfter: num(b.probAfter),
    fees: NO_FEES,
    isRedemption: b.isRedemption,
    betGroupId: b.betGroupId,
    visibility: b.visibility,
    replyToCommentId: b.replyToCommentId,
    orderAmount: b.orderAmount !== undefined ? num(b.orderAmount) : undefined,
    limitProb: b.limitProb !== undefined ? num(b.limitProb) : undefined,
    isFilled: b.isFilled,
    isCancelled: b.isCancelled,
    fills: b.fills?.map(fill),
    expiresAt: b.expiresAt,
    silent: b.silent,
  };
}

/** A stored bet (`GET /bets`, `POST /bet/cancel`, WebSocket). */
export function betRow(b: SimBet): Record<string, unknown> {
  return { id: b.id, userId: b.userId, ...betBody(b), isApi: b.isApi };
}

/** The `POST /bet` and `/sell` response: the candidate bet without `id`/`userId`, plus `betId`. */
export function placedBet(b: SimBet, betGroupId?: string): Record<string, unknown> {
  return { ...betBody(b), updatedTime: undefined, betId: b.id, betGroupId };
}

export function fullUser(u: SimUser): Record<string, unknown> {
  return {
    id: u.id,
    createdTime: u.createdTime,
    name: u.name,
    username: u.username,
    avatarUrl: avatarUrl(u.username),
    balance: num(u.balance),
    cashBalance: num(ZERO),
    spiceBalance: num(ZERO),
    totalDeposits: num(u.totalDeposits),
    totalCashDeposits: num(ZERO),
    lastBetTime: u.lastBetTime,
    url: `${SITE}/${u.username}`,
    isBot: u.isBot ? true : undefined,
    isAdmin: false,
    isTrustworthy: false,
  };
}

export function displayUser(u: SimUser): Record<string, unknown> {
  return { id: u.id, name: u.name, username: u.username, avatarUrl: avatarUrl(u.username), isBot: u.isBot ? true : undefined };
}

/** The `user/{id}` broadcast after a balance change. */
export function userBalanceUpdate(u: SimUser): Record<string, unknown> {
  return { id: u.id, balance: num(u.balance), cashBalance: num(ZERO), spiceBalance: num(ZERO), totalDeposits: num(u.totalDeposits), totalCashDeposits: num(ZERO) };
}

/** `ContractMetric` of one position (answerId null for a binary market or a summary row). */
export function contractMetric(state: ManifoldState, c: SimContract, rows: Position[], answerId: string | null, id: number): Record<string, unknown> {
  let yes = ZERO;
  let no = ZERO;
  let payout = ZERO;
  let net = ZERO;
  let invested = ZERO;
  let sold = ZERO;
  let last = 0;
  let lastProb: Fx | undefined;
  for (const p of rows) {
    const a = p.answerId === undefined ? undefined : c.answers?.find((x) => x.id === p.answerId);
    const prob = a ? answerProb(a) : c.resolution === 'YES' ? ONE : c.resolution === 'NO' ? ZERO : (c.resolutionProbability ?? contractProb(c) ?? ZERO);
    yes += p.shares.YES;
    no += p.shares.NO;
    payout += mul(p.shares.YES, prob) + mul(p.shares.NO, ONE - prob);
    net += p.netAmount;
    invested += p.totalAmountInvested;
    sold += p.totalAmountSold;
    if (p.lastBetTime >= last) {
      last = p.lastBetTime;
      lastProb = prob;
    }
  }
  const user = state.user(rows[0]?.userId ?? '');
  const eps = ONE / 1_000_000_000n;
  const profit = payout - net;
  return {
    id,
    userId: user.id,
    contractId: c.id,
    answerId,
    lastBetTime: last,
    lastProb: lastProb !== undefined ? num(lastProb) : null,
    hasShares: yes > eps || no > eps,
    hasYesShares: yes > eps,
    hasNoShares: no > eps,
    maxSharesOutcome: yes > eps || no > eps ? (yes >= no ? 'YES' : 'NO') : null,
    totalShares: { YES: num(yes), NO: num(no) },
    invested: num(max(net, ZERO)),
    loan: num(ZERO),
    marginLoan: num(ZERO),
    payout: num(payout),
    profit: num(profit),
    profitPercent: num(invested > 0n ? div(profit * 100n, invested) : ZERO),
    totalAmountSold: num(sold),
    totalAmountInvested: num(invested),
    userUsername: user.username,
    userName: user.name,
    userAvatarUrl: avatarUrl(user.username),
  };
}
