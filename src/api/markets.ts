/** `GET /v1/markets` and `GET /v1/markets/{id}`: answered from the synced catalog only. */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { createRoute, z } from '@hono/zod-openapi';
import type { Market } from '../core/index.js';
import type { AppDeps } from './deps.js';
import { freshness, resolveVenues } from './deps.js';
import { ResourceNotFound } from './errors.js';
import { PageJsonCache, jsonText, pageJson } from './json-body.js';
import {
  categoryParam,
  closesBeforeParam,
  cursorParam,
  idPathParam,
  limitParam,
  moneyParam,
  marketQParam,
  sortParam,
  statusParam,
  venueParam,
} from './params.js';
import { problemResponses } from './problem.js';
import { withLiveQuotes } from './live-quotes.js';
import { newRouter } from './router.js';
import { MarketComponent, MarketPageSchema } from './schemas.js';

const listRoute = createRoute({
  method: 'get',
  path: '/v1/markets',
  tags: ['markets'],
  summary: 'List markets across venues',
  description:
    'Answers from the synced catalog (never a live fan-out to the venues). `meta.venues` reports each ' +
    "requested venue's freshness; a venue whose sync is failing shows up there, not as a failed call. " +
    'Quotes (`bestBid`, `bestAsk`) come from the live book when the service holds a fresh one, else from the ' +
    'last catalog walk; `quotedAt` says how old they are.',
  request: {
    query: z.strictObject({
      venue: venueParam,
      status: statusParam,
      q: marketQParam,
      category: categoryParam,
      closesBefore: closesBeforeParam,
      money: moneyParam,
      sort: sortParam,
      limit: limitParam,
      cursor: cursorParam,
    }),
  },
  responses: {
    200: { description: 'A page of markets', content: { 'application/json': { schema: MarketPageSchema } } },
    ...problemResponses(400, 500),
  },
});

const getRoute = createRoute({
  method: 'get',
  path: '/v1/markets/{id}',
  tags: ['markets'],
  summary: 'One market',
  description: 'The id is `venue:nativeId`, percent-encoded or not.',
  request: { params: z.object({ id: idPathParam('Market id') }) },
  responses: {
    200: { description: 'The market', content: { 'application/json': { schema: MarketComponent } } },
    ...problemResponses(400, 404, 500),
  },
});

export function marketRoutes(deps: AppDeps): OpenAPIHono {
  const app = newRouter();
  const pages = new PageJsonCache(deps.config.pageCacheMaxBytes);

  app.openapi(listRoute, async (c) => {
    const q = c.req.valid('query');
    const venues = resolveVenues(q.venue, deps.registry);
    const query = {
      venues,
      status: q.status,
      q: q.q,
      category: q.category,
      closesBefore: q.closesBefore,
      ...(q.money === undefined ? {} : { realMoney: q.money === 'real' }),
      sort: q.sort,
      limit: q.limit,
      cursor: q.cursor,
    };
    const page = deps.catalog.queryMarketsTiered ? await deps.catalog.queryMarketsTiered(query) : deps.catalog.queryMarkets(query);
    const meta = { venues: freshness(deps.catalog, venues) };
    const key = JSON.stringify([venues, q.status, q.q, q.category, q.closesBefore, q.money, q.sort, q.limit, q.cursor]);
    const data = page.data.map((m) => withLiveQuotes(m, deps.books));
    return jsonText<{ data: Market[]; nextCursor: string | null; meta: typeof meta }>(c, pageJson(data, page.nextCursor, meta, { cache: pages, key }));
  });

  app.openapi(getRoute, async (c) => {
    const { id } = c.req.valid('param');
    const market = deps.catalog.getMarket(id) ?? (await deps.catalog.findMarket?.(id));
    if (!market) throw new ResourceNotFound(`market ${id} is not in the catalog`);
    return c.json(withLiveQuotes(market, deps.books), 200);
  });

  return app;
}
