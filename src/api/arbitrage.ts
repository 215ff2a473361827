/**
 * `GET /v1/arbitrage` (opportunities across venues and same-venue complete sets, each with its
 * legs, after-fee figures, quote ages, match confidence and why it is or is not actionable),
 * `GET /v1/matches` (pairs the matcher judged, with relation, confidence and reasons) and
 * `GET /v1/matches/{a}/{b}` (the matcher's view of any two markets) and `PUT /v1/matches/{a}/{b}` (a human decision with an `admin` key; it always wins over the matcher
 * and persists in the cache).
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { createRoute } from '@hono/zod-openapi';
import type { ArbitrageService } from '../arbitrage/service/service.js';
import { selectMatches, selectOpportunities } from '../arbitrage/service/query.js';
import { requireScope } from './auth.js';
import {
  ArbitragePageSchema,
  ArbitrageQuerySchema,
  MatchComponent,
  MatchDecisionSchema,
  MatchListSchema,
  MatchPathSchema,
  MatchesQuerySchema,
  PairComparisonSchema,
} from './arbitrage-schemas.js';
import type { AppDeps } from './deps.js';
import { resolveVenues } from './deps.js';
import { ApiProblem, ResourceNotFound, fieldProblem } from './errors.js';
import { problemResponses } from './problem.js';
import { newRouter } from './router.js';

const json = <T>(schema: T) => ({ 'application/json': { schema } });

const listRoute = createRoute({
  method: 'get',
  path: '/v1/arbitrage',
  tags: ['arbitrage'],
  summary: 'Arbitrage opportunities',
  description:
    'Matched pairs across venues (YES on one + NO on the other, or both sides of an inverse pair) and same-venue ' +
    'complete sets, priced by walking both books level by level with each venue\'s fee formula and rounding. ' +
    '`edge` is the guaranteed profit per set after fees, `size` the sets executable at a positive edge, `apr` the ' +
    'return annualized to the later expected resolution. An opportunity with stale books, unknown or estimated fees ' +
    'or no resolution date is listed with `actionable: false` and its `blockers`. Actionable first, then by profit.',
  request: { query: ArbitrageQuerySchema },
  responses: { 200: { description: 'Opportunities', content: json(ArbitragePageSchema) }, ...problemResponses(400, 501, 500) },
});

const matchesRoute = createRoute({
  method: 'get',
  path: '/v1/matches',
  tags: ['arbitrage'],
  summary: 'Matched market pairs',
  description:
    'Pairs of markets on different venues the matcher judged related: `identical`, `inverse` (YES on one is NO on the other), ' +
    '`subset` or `overlap`, with a confidence, reasons and the differences found. `tradable` pairs feed arbitrage; ' +
    'human decisions (`override`) always win. Most confident first.',
  request: { query: MatchesQuerySchema },
  responses: { 200: { description: 'Matches', content: json(MatchListSchema) }, ...problemResponses(400, 501, 500) },
});

const compareRoute = createRoute({
  method: 'get',
  path: '/v1/matches/{a}/{b}',
  tags: ['arbitrage'],
  summary: 'Compare two markets',
  description:
    'How the matcher sees two markets of the open catalog (in either order): the kept pair with its relation, confidence, ' +
    'reasons, differences and any human decision (`recorded: true`), or else the judge\'s verdict made now ' +
    '(`recorded: false`, possibly `different`; such a pair feeds nothing).',
  request: { params: MatchPathSchema },
  responses: { 200: { description: 'The pair', content: json(PairComparisonSchema) }, ...problemResponses(400, 404, 501, 500) },
});

const decideRoute = createRoute({
  method: 'put',
  path: '/v1/matches/{a}/{b}',
  tags: ['arbitrage'],
  security: [{ bearerAuth: [] }],
  summary: 'Confirm or reject a pair (an `admin` key)',
  description:
    'Records a human decision about two markets (in either order). It wins over the matcher, persists in the cache ' +
    '(shared by instances) and applies at once: a confirmed `identical`/`inverse` pair feeds arbitrage, a rejected one never does.',
  request: { params: MatchPathSchema, body: { required: true, content: json(MatchDecisionSchema) } },
  responses: {
    200: { description: 'The pair as it now stands', content: json(MatchComponent) },
    ...problemResponses(400, 401, 403, 404, 501, 500),
  },
});

function serviceOf(deps: AppDeps): ArbitrageService {
  if (!deps.arbitrage) throw new ApiProblem({ status: 501, code: 'not_supported', detail: 'arbitrage is not enabled on this server (ARBITRAGE_ENABLED)' });
  return deps.arbitrage;
}

export function arbitrageRoutes(deps: AppDeps): OpenAPIHono {
  const app = newRouter();

  app.openapi(listRoute, (c) => {
    const service = serviceOf(deps);
    const q = c.req.valid('query');
    const venues = q.venues === undefined ? undefined : resolveVenues(q.venues, deps.registry);
    const all = service.engine.opportunities();
    const data = selectOpportunities(all, {
      ...(venues ? { venues } : {}),
      ...(q.minEdge ? { minEdge: q.minEdge } : {}),
      ...(q.minSize ? { minSize: q.minSize } : {}),
      ...(q.minConfidence !== undefined ? { minConfidence: q.minConfidence } : {}),
      ...(q.actionable ? { actionableOnly: true } : {}),
      limit: q.limit,
    });
    const status = service.status();
    const candidates = q.includeCandidates
      ? selectMatches(service.matches(), {
          tradable: false,
          ...(venues ? { venues } : {}),
          ...(q.minConfidence !== undefined ? { minConfidence: q.minConfidence } : {}),
          limit: q.limit,
        })
      : undefined;
    return c.json(
      {
        data,
        ...(candidates ? { candidates } : {}),
        meta: {
          evaluatedAt: new Date().toISOString(),
          lastScanAt: status.lastScanAt,
          markets: status.markets,
          pairs: status.tradable,
          watched: status.watched,
          total: all.length,
        },
      },
      200,
    );
  });

  app.openapi(matchesRoute, (c) => {
    const q = c.req.valid('query');
    const data = selectMatches(serviceOf(deps).matches(), {
      ...(q.market ? { market: q.market } : {}),
      ...(q.relation ? { relations: q.relation } : {}),
      ...(q.minConfidence !== undefined ? { minConfidence: q.minConfidence } : {}),
      ...(q.tradable !== undefined ? { tradable: q.tradable } : {}),
      limit: q.limit,
    });
    return c.json({ data }, 200);
  });

  app.openapi(compareRoute, async (c) => {
    const service = serviceOf(deps);
    const { a, b } = c.req.valid('param');
    if (a === b) throw fieldProblem('b', 'a pair needs two different markets', 'path');
    for (const id of [a, b]) {
      if (!service.matcher.canonical(id)) throw new ResourceNotFound(`no market ${id} among the catalog's open markets`);
    }
    const compared = await service.matcher.compare(a, b);
    if (!compared) throw new ResourceNotFound(`no market ${a} or ${b} among the catalog's open markets`);
    return c.json({ ...compared.record, recorded: compared.recorded }, 200);
  });

  app.openapi(decideRoute, async (c) => {
    const admin = requireScope(c, 'admin');
    const service = serviceOf(deps);
    const { a, b } = c.req.valid('param');
    const body = c.req.valid('json');
    if (a === b) throw fieldProblem('b', 'a pair needs two different markets', 'path');
    for (const id of [a, b]) {
      if (!service.matcher.canonical(id)) throw new ResourceNotFound(`no market ${id} among the catalog's open markets`);
    }
    if (body.narrower !== undefined && body.narrower !== a && body.narrower !== b) throw fieldProblem('narrower', 'must be one of the two markets');
    if (body.decision === 'confirm' && body.relation === undefined) {
      const judged = service.matcher.judgement(a, b);
      if (!judged || (judged.relation !== 'identical' && judged.relation !== 'inverse')) {
        throw fieldProblem('relation', 'the matcher did not judge this pair identical or inverse: say which relation is confirmed');
      }
    }
    const { record } = await service.decide({
      a,
      b,
      decision: body.decision,
      ...(body.relation ? { relation: body.relation } : {}),
      ...(body.narrower ? { narrower: body.narrower } : {}),
      ...(body.note ? { note: body.note } : {}),
      by: admin.keyId,
    });
    deps.logger.info({ audit: 'match', by: admin.keyId, a, b, decision: body.decision, relation: body.relation ?? null }, 'match decided');
    if (!record) throw new Error(`the decision about ${a} / ${b} was stored but produced no match record`);
    return c.json(record, 200);
  });

  return app;
}
