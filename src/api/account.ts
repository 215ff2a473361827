/**
 * `/v1/order-requests/{id}` (the state of a placement answered 202), `/v1/fills`,
 * `/v1/positions` and `/v1/balances`, across the venues of the caller's `trade` key.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { createRoute, z } from '@hono/zod-openapi';
import { presentOrder } from '../orders/client-order-id.js';
import { pendingView } from '../orders/pending.js';
import { requireScope } from './auth.js';
import type { AppDeps } from './deps.js';
import { ResourceNotFound } from './errors.js';
import { BalanceListSchema, FillPageSchema, OrderRequestStatusSchema, PositionListSchema } from './order-schemas.js';
import { cursorParam, venueParam } from './params.js';
import { newRouter } from './router.js';
import { marketQueryParam, orderQueryParam, tradingLimitParam, tradingOf, tradingProblems, venueErrors, venuesOf } from './trading-common.js';

const security = [{ bearerAuth: [] }];
const json = <T>(schema: T) => ({ 'application/json': { schema } });

const requestRoute = createRoute({
  method: 'get',
  path: '/v1/order-requests/{id}',
  tags: ['orders'],
  security,
  summary: 'The state of an order request',
  description: 'Where a 202 points. While the outcome is unknown, each call looks for the order at the venue by its client order id.',
  request: {
    params: z.object({
      id: z.string().regex(/^[0-9a-f]{32}$/, 'is not an order request id').openapi({ param: { name: 'id', in: 'path' }, description: '`requestId` of the 202' }),
    }),
  },
  responses: { 200: { description: 'Pending, or placed with the order', content: json(OrderRequestStatusSchema) }, ...tradingProblems },
});

const fillsRoute = createRoute({
  method: 'get',
  path: '/v1/fills',
  tags: ['account'],
  security,
  summary: 'Fills',
  description: "Fills of the venue accounts the key trades on, one venue's page per answer.",
  request: {
    query: z.strictObject({
      venue: venueParam,
      market: marketQueryParam,
      order: orderQueryParam,
      limit: tradingLimitParam,
      cursor: cursorParam,
    }),
  },
  responses: { 200: { description: 'A page of fills', content: json(FillPageSchema) }, ...tradingProblems },
});

const positionsRoute = createRoute({
  method: 'get',
  path: '/v1/positions',
  tags: ['account'],
  security,
  summary: 'Positions',
  description: 'Across venues, in contracts, with the average price and a mark from the catalog.',
  request: { query: z.strictObject({ venue: venueParam, market: marketQueryParam }) },
  responses: { 200: { description: 'Positions', content: json(PositionListSchema) }, ...tradingProblems },
});

const balancesRoute = createRoute({
  method: 'get',
  path: '/v1/balances',
  tags: ['account'],
  security,
  summary: 'Balances',
  description: 'Per venue and currency, with `realMoney`.',
  request: { query: z.strictObject({ venue: venueParam }) },
  responses: { 200: { description: 'Balances', content: json(BalanceListSchema) }, ...tradingProblems },
});

export function accountRoutes(deps: AppDeps): OpenAPIHono {
  const app = newRouter();

  app.openapi(requestRoute, async (c) => {
    const principal = requireScope(c, 'trade');
    const id = c.req.valid('param').id;
    const outcome = await tradingOf(deps).placer.status(principal, id);
    if (!outcome) throw new ResourceNotFound(`no order request ${id} for this key`);
    if (outcome.kind === 'placed') {
      return c.json({ requestId: id, state: 'placed' as const, pending: null, order: presentOrder(principal.keyId, outcome.order) }, 200);
    }
    return c.json({ requestId: id, state: 'pending' as const, pending: pendingView(outcome.record), order: null }, 200, { 'retry-after': '1' });
  });

  app.openapi(fillsRoute, async (c) => {
    const principal = requireScope(c, 'trade');
    const q = c.req.valid('query');
    const venues = venuesOf(q.venue);
    const page = await tradingOf(deps).listFills(principal, {
      ...(venues ? { venues } : {}),
      ...(q.market !== undefined ? { marketId: q.market } : {}),
      ...(q.order !== undefined ? { orderId: q.order } : {}),
      limit: q.limit,
      ...(q.cursor !== undefined ? { cursor: q.cursor } : {}),
    });
    return c.json({ data: page.data, nextCursor: page.nextCursor, meta: { errors: venueErrors(page.errors, deps.logger) } }, 200);
  });

  app.openapi(positionsRoute, async (c) => {
    const principal = requireScope(c, 'trade');
    const q = c.req.valid('query');
    const venues = venuesOf(q.venue);
    const result = await tradingOf(deps).positions(principal, { ...(venues ? { venues } : {}), ...(q.market !== undefined ? { marketId: q.market } : {}) });
    return c.json({ data: result.data, meta: { errors: venueErrors(result.errors, deps.logger) } }, 200);
  });

  app.openapi(balancesRoute, async (c) => {
    const principal = requireScope(c, 'trade');
    const venues = venuesOf(c.req.valid('query').venue);
    const result = await tradingOf(deps).balances(principal, venues ? { venues } : {});
    return c.json({ data: result.data, meta: { errors: venueErrors(result.errors, deps.logger) } }, 200);
  });

  return app;
}
