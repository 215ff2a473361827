/**
 * Market data routes under `/v0` (docs/venues/manifold.md §Market data endpoints): markets,
 * search-markets, market/:id (full or lite), slug/:slug, probabilities and answers.
 */
import { Hono } from 'hono';
import { getCpmmProbability } from './cpmm.js';
import { HALF } from './fx.js';
import { answerProb, fullMarket, liteMarket, rawAnswer, volume24h } from './format.js';
import { CACHE_DEFAULT, CACHE_SHORT, getParams, notFound, ok, type SimContext } from './http.js';
import { num } from './json.js';
import type { SimContract } from './model.js';
import { listMarkets, searchMarkets, type MarketsQuery, type SearchQuery } from './search.js';
import type { EndpointSpec } from './validate.js';

const SEARCH_FILTERS = ['all', 'open', 'closed', 'resolved', 'news', 'uncertain', 'closing-90-days', 'closing-week', 'closing-month', 'closing-day'] as const;
const SEARCH_SORTS = [
  'score',
  'newest',
  'daily-score',
  'freshness-score',
  '24-hour-vol',
  'most-popular',
  'liquidity',
  'subsidy',
  'last-updated',
  'close-date',
  'start-time',
  'resolve-date',
  'random',
  'bounty-amount',
  'prob-descending',
  'prob-ascending',
  'prob-50',
] as const;
const CONTRACT_TYPES = [
  'ALL',
  'BINARY',
  'MULTIPLE_CHOICE',
  'DEPENDENT_MULTIPLE_CHOICE',
  'INDEPENDENT_MULTIPLE_CHOICE',
  'FREE_RESPONSE',
  'PSEUDO_NUMERIC',
  'BOUNTIED_QUESTION',
  'STONK',
  'POLL',
  'NUMBER',
  'MULTI_NUMERIC',
  'DATE',
  'PERP',
] as const;

export const SPECS = {
  markets: {
    strict: true,
    params: {
      limit: { kind: 'coerceNumber', gte: 0, lte: 1000, default: 500 },
      sort: { kind: 'enum', values: ['created-time', 'updated-time', 'last-bet-time', 'last-comment-time'], optional: true },
      order: { kind: 'enum', values: ['asc', 'desc'], optional: true },
      before: { kind: 'string', optional: true },
      userId: { kind: 'string', optional: true },
      groupId: { kind: 'string', optional: true },
    },
  },
  search: {
    strict: true,
    params: {
      term: { kind: 'string', optional: true },
      filter: { kind: 'enum', values: SEARCH_FILTERS, default: 'all' },
      sort: { kind: 'enum', values: SEARCH_SORTS, default: 'score' },
      contractType: { kind: 'enum', values: CONTRACT_TYPES, default: 'ALL' },
      limit: { kind: 'coerceNumber', gte: 1, lte: 1000, default: 100 },
      offset: { kind: 'coerceNumber', gte: 0, lte: 1000, default: 0 },
      beforeTime: { kind: 'coerceNumber', int: true, optional: true },
      topicSlug: { kind: 'string', optional: true },
      creatorId: { kind: 'string', optional: true },
      liquidity: { kind: 'coerceNumber', optional: true },
      token: { kind: 'enum', values: ['MANA', 'CASH', 'ALL', 'CASH_AND_MANA'], default: 'MANA' },
      isPrizeMarket: { kind: 'coerceBoolean', optional: true },
      forYou: { kind: 'enum', values: ['1', '0'], optional: true },
      hasBets: { kind: 'coerceBoolean', optional: true },
      includeLiteAnswers: { kind: 'coerceBoolean', optional: true },
    },
  },
  // `market/:id` and `slug/:slug` are not `.strict()` on the venue: unknown keys pass.
  market: { strict: false, params: { id: { kind: 'string' }, lite: { kind: 'coerceBoolean', optional: true } } },
  marketLite: { strict: false, params: { id: { kind: 'string' } } },
  slug: { strict: false, params: { slug: { kind: 'string' }, lite: { kind: 'coerceBoolean', optional: true } } },
  prob: { strict: true, params: { id: { kind: 'string' } } },
  probs: { strict: true, params: { ids: { kind: 'array', max: 100 } } },
  answers: { strict: true, params: { contractId: { kind: 'string' } } },
  answer: { strict: true, params: { answerId: { kind: 'string' } } },
} satisfies Record<string, EndpointSpec>;

function probOf(c: SimContract): Record<string, unknown> {
  if (c.pool && c.p !== undefined) return { prob: num(getCpmmProbability(c.pool, c.p)) };
  if (c.answers) return { answerProbs: Object.fromEntries(c.answers.map((a) => [a.id, num(a.resolution ? answerProb(a) : getCpmmProbability({ YES: a.poolYes, NO: a.poolNo }, HALF))])) };
  return {};
}

export function marketRoutes(ctx: SimContext, groups: Map<string, string>): Hono {
  const { state } = ctx;
  const app = new Hono();
  const contract = (id: string) => state.contracts.get(id) ?? notFound('Contract not found.');
  const view = (c: SimContract, lite: unknown) => (lite === true ? liteMarket(state, c) : fullMarket(state, c));

  app.get('/markets', (c) => {
    const q = getParams(c, SPECS.markets) as unknown as MarketsQuery;
    return ok(
      listMarkets(state, q, (id) => groups.get(id)).map((m) => liteMarket(state, m, { token: false })),
      CACHE_DEFAULT,
    );
  });
  app.get('/search-markets', (c) => {
    const q = getParams(c, SPECS.search) as unknown as SearchQuery & { includeLiteAnswers?: boolean; term?: string };
    const rows = searchMarkets(state, { ...q, term: q.term ?? '' }, (m) => volume24h(state, m));
    return ok(
      rows.map((m) => liteMarket(state, m, { liteAnswers: q.includeLiteAnswers === true && m.mechanism === 'cpmm-multi-1' })),
      CACHE_DEFAULT,
    );
  });
  app.get('/market/:id/prob', (c) => {
    const { id } = getParams(c, SPECS.prob, { id: c.req.param('id') }) as { id: string };
    return ok(probOf(contract(id)), CACHE_SHORT);
  });
  app.get('/market/:id/lite', (c) => {
    const { id } = getParams(c, SPECS.marketLite, { id: c.req.param('id') }) as { id: string };
    return ok(liteMarket(state, contract(id)), CACHE_DEFAULT);
  });
  app.get('/market/:contractId/answers', (c) => {
    const { contractId } = getParams(c, SPECS.answers, { contractId: c.req.param('contractId') }) as { contractId: string };
    return ok((contract(contractId).answers ?? []).map(rawAnswer), CACHE_DEFAULT);
  });
  app.get('/market/:id', (c) => {
    const p = getParams(c, SPECS.market, { id: c.req.param('id') });
    return ok(view(contract(p.id as string), p.lite), CACHE_DEFAULT);
  });
  app.get('/slug/:slug', (c) => {
    const p = getParams(c, SPECS.slug, { slug: c.req.param('slug') });
    const m = state.contractsBySlug.get(p.slug as string) ?? notFound('Contract not found.');
    return ok(view(m, p.lite), CACHE_DEFAULT);
  });
  app.get('/market-probs', (c) => {
    const { ids } = getParams(c, SPECS.probs) as { ids: string[] };
    const out: Record<string, unknown> = {};
    for (const id of ids) {
      const m = state.contracts.get(id);
      if (m) out[id] = probOf(m);
    }
    return ok(out, CACHE_SHORT);
  });
  app.get('/answer/:answerId', (c) => {
    const { answerId } = getParams(c, SPECS.answer, { answerId: c.req.param('answerId') }) as { answerId: string };
    const a = state.answers.get(answerId) ?? notFound('Answer not found');
    return ok(rawAnswer(a), CACHE_DEFAULT);
  });
  return app;
}
