/**
 * Listing logic of `GET /markets` (id cursor, sort column) and `GET /search-markets` (filters,
 * sorts, offset, `beforeTime`), docs/venues/manifold.md §Market data endpoints.
 */
import { createRng } from '../../../src/sim/rng.js';
import { ApiError } from './errors.js';
import { ONE, ZERO, abs, type Fx } from './fx.js';
import { answerProb, contractProb } from './format.js';
import type { SimContract } from './model.js';
import type { ManifoldState } from './state.js';

const DAY = 86_400_000;

type Column = 'created-time' | 'updated-time' | 'last-bet-time' | 'last-comment-time';

function columnOf(c: SimContract, column: Column): number {
  switch (column) {
    case 'created-time':
      return c.createdTime;
    case 'updated-time':
      return c.lastUpdatedTime;
    case 'last-bet-time':
      return c.lastBetTime ?? 0;
    case 'last-comment-time':
      return c.lastCommentTime ?? 0;
  }
}

export interface MarketsQuery {
  limit: number;
  sort?: Column;
  order?: 'asc' | 'desc';
  before?: string;
  userId?: string;
  groupId?: string;
}

/**
 * `GET /markets`: public markets by a time column; `before` is a market id whose column value
 * bounds the page strictly (rows with the same value are skipped, as on the venue). Missing
 * columns (no bet or comment yet) sort as 0.
 */
export function listMarkets(state: ManifoldState, q: MarketsQuery, groupSlugOfId: (id: string) => string | undefined): SimContract[] {
  const column = q.sort ?? 'created-time';
  const desc = (q.order ?? 'desc') === 'desc';
  let rows = [...state.contracts.values()].filter((c) => c.visibility === 'public');
  if (q.userId !== undefined) rows = rows.filter((c) => c.creatorId === q.userId);
  if (q.groupId !== undefined) {
    const slug = groupSlugOfId(q.groupId);
    rows = rows.filter((c) => slug !== undefined && c.groupSlugs.includes(slug));
  }
  if (q.before !== undefined) {
    const cursor = state.contracts.get(q.before);
    if (!cursor) throw new ApiError(404, 'Contract not found.');
    const v = columnOf(cursor, column);
    rows = rows.filter((c) => (desc ? columnOf(c, column) < v : columnOf(c, column) > v));
  }
  rows.sort((a, b) => {
    const d = columnOf(a, column) - columnOf(b, column);
    if (d !== 0) return desc ? -d : d;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
  return rows.slice(0, q.limit);
}

export interface SearchQuery {
  term: string;
  filter: string;
  sort: string;
  contractType: string;
  limit: number;
  offset: number;
  beforeTime?: number;
  topicSlug?: string;
  creatorId?: string;
  liquidity?: number;
  token: string;
  isPrizeMarket?: boolean;
  hasBets?: boolean;
}

function isOpen(c: SimContract, now: number): boolean {
  return !c.isResolved && (c.closeTime === undefined || c.closeTime > now);
}

function probForSort(c: SimContract): Fx {
  const p = contractProb(c);
  if (p !== undefined) return p;
  const first = c.answers?.[0];
  return first ? answerProb(first) : ZERO;
}

function matchesFilter(c: SimContract, filter: string, now: number): boolean {
  const closingWithin = (ms: number) => isOpen(c, now) && c.closeTime !== undefined && c.closeTime <= now + ms;
  switch (filter) {
    case 'open':
      return isOpen(c, now);
    case 'closed':
      return !c.isResolved && !isOpen(c, now);
    case 'resolved':
      return c.isResolved;
    case 'closing-day':
      return closingWithin(DAY);
    case 'closing-week':
      return closingWithin(7 * DAY);
    case 'closing-month':
      return closingWithin(30 * DAY);
    case 'closing-90-days':
      return closingWithin(90 * DAY);
    case 'uncertain': {
      const p = probForSort(c);
      return isOpen(c, now) && p > ONE / 10n && p < (ONE * 9n) / 10n;
    }
    default:
      return true;
  }
}

function matchesType(c: SimContract, type: string): boolean {
  switch (type) {
    case 'ALL':
      return true;
    case 'DEPENDENT_MULTIPLE_CHOICE':
      return c.outcomeType === 'MULTIPLE_CHOICE' && c.shouldAnswersSumToOne === true;
    case 'INDEPENDENT_MULTIPLE_CHOICE':
      return c.outcomeType === 'MULTIPLE_CHOICE' && c.shouldAnswersSumToOne !== true;
    default:
      return c.outcomeType === type;
  }
}

type Key = (c: SimContract) => number | bigint;

function sortKey(sort: string, now: number, volume24h: (c: SimContract) => Fx): { key: Key; desc: boolean } | 'random' {
  switch (sort) {
    case 'newest':
    case 'start-time':
      return { key: (c) => c.createdTime, desc: sort === 'newest' };
    case 'freshness-score':
    case 'last-updated':
      return { key: (c) => c.lastUpdatedTime, desc: true };
    case 'daily-score':
    case '24-hour-vol':
      return { key: volume24h, desc: true };
    case 'most-popular':
      return { key: (c) => c.bettors.size, desc: true };
    case 'liquidity':
    case 'subsidy':
      return { key: (c) => c.totalLiquidity ?? ZERO, desc: true };
    case 'close-date':
      return { key: (c) => (c.closeTime !== undefined && c.closeTime > now ? c.closeTime : Number.MAX_SAFE_INTEGER), desc: false };
    case 'resolve-date':
      return { key: (c) => c.resolutionTime ?? 0, desc: true };
    case 'bounty-amount':
      return { key: (c) => c.bountyLeft ?? ZERO, desc: true };
    case 'prob-descending':
      return { key: probForSort, desc: true };
    case 'prob-ascending':
      return { key: probForSort, desc: false };
    case 'prob-50':
      return { key: (c) => abs(probForSort(c) - ONE / 2n), desc: false };
    case 'random':
      return 'random';
    default:
      // `score`: the venue's importance score; approximated by traders and the day's volume.
      return { key: (c) => BigInt(c.bettors.size) * ONE + volume24h(c), desc: true };
  }
}

/** `GET /search-markets`. `beforeTime` applies with `sort=newest` only. */
export function searchMarkets(state: ManifoldState, q: SearchQuery, volume24h: (c: SimContract) => Fx): SimContract[] {
  const now = state.now();
  const term = q.term.trim().toLowerCase();
  let rows = [...state.contracts.values()].filter(
    (c) =>
      c.visibility === 'public' &&
      matchesFilter(c, q.filter, now) &&
      matchesType(c, q.contractType) &&
      (term === '' || c.question.toLowerCase().includes(term)) &&
      (q.creatorId === undefined || c.creatorId === q.creatorId) &&
      (q.topicSlug === undefined || c.groupSlugs.includes(q.topicSlug)) &&
      (q.liquidity === undefined || (c.totalLiquidity ?? ZERO) >= BigInt(Math.floor(q.liquidity)) * ONE) &&
      (q.hasBets !== true || c.bettors.size > 0) &&
      q.isPrizeMarket !== true &&
      q.token !== 'CASH',
  );
  if (q.sort === 'newest' && q.beforeTime !== undefined) rows = rows.filter((c) => c.createdTime < (q.beforeTime as number));
  const order = sortKey(q.sort, now, volume24h);
  if (order === 'random') {
    const rng = createRng(`search:${q.term}:${q.filter}:${q.contractType}`);
    rows.sort((a, b) => (a.id < b.id ? -1 : 1));
    for (let i = rows.length - 1; i > 0; i--) {
      const j = rng.int(0, i);
      [rows[i], rows[j]] = [rows[j] as SimContract, rows[i] as SimContract];
    }
  } else {
    rows.sort((a, b) => {
      const ka = order.key(a);
      const kb = order.key(b);
      if (ka !== kb) return (ka < kb) !== order.desc ? -1 : 1;
      return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    });
  }
  return rows.slice(q.offset, q.offset + q.limit);
}
