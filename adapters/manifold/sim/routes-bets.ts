/**
 * Bet routes under `/v0` (docs/venues/manifold.md §Bets): the `GET /bets` listing with its
 * filters (the order-book source with `kinds=open-limit`), and the authenticated `POST /bet`,
 * `POST /bet/cancel/:betId` and `POST /market/:contractId/sell`.
 */
import { Hono } from 'hono';
import type { Outcome } from './cpmm.js';
import { ApiError } from './errors.js';
import { fxFromWire, type Fx } from './fx.js';
import { betRow, placedBet } from './format.js';
import { CACHE_DEFAULT, authenticate, getParams, notFound, ok, postParams, type SimContext } from './http.js';
import type { SimBet } from './model.js';
import { cancelBet, placeBet, sellShares } from './trading.js';
import type { EndpointSpec } from './validate.js';

/** `1000 * YEAR_MS`: the bound of `expiresAt` / `expiresMillisAfter`. */
const MAX_EXPIRES_AT = 1000 * 365 * 24 * 3_600_000;
/** Default and maximum of `GET /bets` `limit` without `points=true` (`NON_POINTS_BETS_LIMIT`). */
const BETS_LIMIT = 10_000;

const SPECS = {
  bets: {
    strict: true,
    params: {
      id: { kind: 'string', optional: true },
      userId: { kind: 'string', optional: true },
      username: { kind: 'string', optional: true },
      contractId: { kind: 'stringOrArray', optional: true },
      contractSlug: { kind: 'string', optional: true },
      answerId: { kind: 'string', optional: true },
      limit: { kind: 'coerceNumber', gte: 0, lte: 50_000, default: BETS_LIMIT },
      before: { kind: 'string', optional: true },
      after: { kind: 'string', optional: true },
      beforeTime: { kind: 'coerceNumber', optional: true },
      afterTime: { kind: 'coerceNumber', optional: true },
      order: { kind: 'enum', values: ['asc', 'desc'], optional: true },
      kinds: { kind: 'enum', values: ['open-limit'], optional: true },
      minAmount: { kind: 'coerceNumber', optional: true },
      filterRedemptions: { kind: 'coerceBoolean', optional: true },
      includeZeroShareRedemptions: { kind: 'coerceBoolean', optional: true },
      excludeApi: { kind: 'coerceBoolean', optional: true },
      commentRepliesOnly: { kind: 'coerceBoolean', optional: true },
      count: { kind: 'coerceBoolean', optional: true },
      points: { kind: 'coerceBoolean', optional: true },
    },
  },
  bet: {
    strict: true,
    params: {
      contractId: { kind: 'string' },
      amount: { kind: 'number', gte: 1 },
      replyToCommentId: { kind: 'string', optional: true },
      limitProb: { kind: 'number', gte: 0.01, lte: 0.99, optional: true },
      expiresMillisAfter: { kind: 'number', lt: MAX_EXPIRES_AT, optional: true },
      silent: { kind: 'boolean', optional: true },
      expiresAt: { kind: 'number', lt: MAX_EXPIRES_AT, optional: true },
      outcome: { kind: 'enum', values: ['YES', 'NO'], default: 'YES' },
      answerId: { kind: 'string', optional: true },
      dryRun: { kind: 'boolean', optional: true },
      deps: { kind: 'stringArray', optional: true },
      deterministic: { kind: 'boolean', optional: true },
    },
  },
  cancel: { strict: true, params: { betId: { kind: 'string' } } },
  sell: {
    strict: true,
    params: {
      contractId: { kind: 'string' },
      shares: { kind: 'number', positive: true, optional: true },
      outcome: { kind: 'enum', values: ['YES', 'NO'] },
      answerId: { kind: 'string', optional: true },
      deterministic: { kind: 'boolean', optional: true },
      deps: { kind: 'stringArray', optional: true },
    },
  },
} satisfies Record<string, EndpointSpec>;

interface BetsQuery {
  id?: string;
  userId?: string;
  username?: string;
  contractId?: string | string[];
  contractSlug?: string;
  answerId?: string;
  limit: number;
  before?: string;
  after?: string;
  beforeTime?: number;
  afterTime?: number;
  order?: 'asc' | 'desc';
  kinds?: 'open-limit';
  minAmount?: number;
  filterRedemptions?: boolean;
  includeZeroShareRedemptions?: boolean;
  excludeApi?: boolean;
  commentRepliesOnly?: boolean;
  points?: boolean;
}

const optFx = (v: unknown): Fx | undefined => (typeof v === 'number' ? fxFromWire(v) : undefined);
const optNum = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const optStr = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const optBool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);

export function betRoutes(ctx: SimContext): Hono {
  const { state } = ctx;
  const app = new Hono();

  app.get('/bets', (c) => {
    const q = getParams(c, SPECS.bets) as unknown as BetsQuery;
    if (q.limit > BETS_LIMIT && !q.points) {
      throw new ApiError(400, 'Error validating request.', [{ field: 'limit', error: `Number must be less than or equal to ${BETS_LIMIT}` }]);
    }
    let rows: SimBet[] = state.betList;
    if (q.id !== undefined) rows = rows.filter((b) => b.id === q.id);
    let userId = q.userId;
    if (q.username !== undefined) userId = (state.usersByUsername.get(q.username) ?? notFound('User not found')).id;
    if (userId !== undefined) rows = rows.filter((b) => b.userId === userId);
    const contractIds = q.contractId === undefined ? undefined : new Set(Array.isArray(q.contractId) ? q.contractId : [q.contractId]);
    if (q.contractSlug !== undefined) {
      const m = state.contractsBySlug.get(q.contractSlug) ?? notFound('Contract not found.');
      rows = rows.filter((b) => b.contractId === m.id);
    }
    if (contractIds) rows = rows.filter((b) => contractIds.has(b.contractId));
    if (q.answerId !== undefined) rows = rows.filter((b) => b.answerId === q.answerId);
    // `open-limit` is `is_filled = false and is_cancelled = false`: expired orders the sweep has
    // not cancelled yet are still listed.
    if (q.kinds === 'open-limit') rows = rows.filter((b) => b.isFilled === false && b.isCancelled === false);
    if (q.minAmount !== undefined) {
      const minAmount = fxFromWire(q.minAmount);
      rows = rows.filter((b) => b.amount >= minAmount);
    }
    if (q.filterRedemptions) rows = rows.filter((b) => !b.isRedemption);
    if (!q.includeZeroShareRedemptions) rows = rows.filter((b) => !(b.isRedemption && b.shares === 0n));
    if (q.excludeApi) rows = rows.filter((b) => !b.isApi);
    if (q.commentRepliesOnly) rows = rows.filter((b) => b.replyToCommentId !== undefined);
    if (q.beforeTime !== undefined) rows = rows.filter((b) => b.createdTime < (q.beforeTime as number));
    if (q.afterTime !== undefined) rows = rows.filter((b) => b.createdTime > (q.afterTime as number));
    if (q.before !== undefined) {
      const t = state.bets.get(q.before)?.createdTime;
      rows = t === undefined ? [] : rows.filter((b) => b.createdTime < t);
    }
    if (q.after !== undefined) {
      const t = state.bets.get(q.after)?.createdTime;
      rows = t === undefined ? [] : rows.filter((b) => b.createdTime > t);
    }
    // Stored in creation order; the venue orders by created time, newest first unless `asc`.
    const ordered = q.order === 'asc' ? rows : [...rows].reverse();
    return ok(ordered.slice(0, q.limit).map(betRow), CACHE_DEFAULT);
  });

  app.post('/bet', async (c) => {
    const user = authenticate(state, c.req.header('authorization'));
    const p = await postParams(c, SPECS.bet);
    const result = placeBet(
      state,
      user,
      {
        contractId: p.contractId as string,
        amount: fxFromWire(p.amount as number),
        outcome: p.outcome as Outcome,
        limitProb: optFx(p.limitProb),
        expiresAt: optNum(p.expiresAt),
        expiresMillisAfter: optNum(p.expiresMillisAfter),
        answerId: optStr(p.answerId),
        dryRun: optBool(p.dryRun),
        replyToCommentId: optStr(p.replyToCommentId),
        silent: optBool(p.silent),
      },
      true,
    );
    return ok(placedBet(result.bet, result.betGroupId));
  });

  app.post('/bet/cancel/:betId', async (c) => {
    const user = authenticate(state, c.req.header('authorization'));
    const p = await postParams(c, SPECS.cancel, { betId: c.req.param('betId') });
    return ok(betRow(cancelBet(state, user, p.betId as string)));
  });

  app.post('/market/:contractId/sell', async (c) => {
    const user = authenticate(state, c.req.header('authorization'));
    const p = await postParams(c, SPECS.sell, { contractId: c.req.param('contractId') });
    const result = sellShares(state, user, { contractId: p.contractId as string, outcome: p.outcome as Outcome, shares: optFx(p.shares), answerId: optStr(p.answerId) }, true);
    return ok(placedBet(result.bet, result.betGroupId));
  });

  return app;
}
