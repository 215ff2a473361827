/**
 * `GET /v1/markets/{id}/orderbook` (one live book; venue errors mapped to problems) and
 * `GET /v1/orderbooks?ids=` (batched per venue; per-id errors in `meta.errors`, never failing the call).
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { createRoute, z } from '@hono/zod-openapi';
import { createBookSource } from './book-source.js';
import type { AppDeps } from './deps.js';
import { depthParam, idPathParam, idsParam } from './params.js';
import { problemResponses } from './problem.js';
import { newRouter } from './router.js';
import { OrderBookBatchSchema, OrderBookComponent } from './schemas.js';

const oneRoute = createRoute({
  method: 'get',
  path: '/v1/markets/{id}/orderbook',
  tags: ['orderbooks'],
  summary: 'Live order book of one market (YES terms)',
  request: {
    params: z.object({ id: idPathParam('Market id') }),
    query: z.strictObject({ depth: depthParam }),
  },
  responses: {
    200: { description: 'The book, best levels first', content: { 'application/json': { schema: OrderBookComponent } } },
    ...problemResponses(400, 404, 429, 500, 502, 503, 504),
  },
});

const batchRoute = createRoute({
  method: 'get',
  path: '/v1/orderbooks',
  tags: ['orderbooks'],
  summary: 'Live order books of several markets',
  description: 'Fetched with one batched call per venue. Ids that fail are listed in `meta.errors`.',
  request: { query: z.strictObject({ ids: idsParam, depth: depthParam }) },
  responses: {
    200: { description: 'The books found, in request order', content: { 'application/json': { schema: OrderBookBatchSchema } } },
    ...problemResponses(400, 500),
  },
});

export function orderbookRoutes(deps: AppDeps): OpenAPIHono {
  const app = newRouter();
  const source = createBookSource(deps);

  app.openapi(oneRoute, async (c) => {
    const { id } = c.req.valid('param');
    const { depth } = c.req.valid('query');
    return c.json(await source.one(id, depth), 200);
  });

  app.openapi(batchRoute, async (c) => {
    const { ids, depth } = c.req.valid('query');
    const { books, errors } = await source.many(ids, depth);
    return c.json({ data: books, meta: { errors } }, 200);
  });

  return app;
}
