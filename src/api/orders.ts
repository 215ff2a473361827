/**
 * `/v1/orders`: place (idempotent), list, read, amend and cancel orders on the venues of the
 * caller's `trade` key. Order ids are `venue:nativeOrderId`.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { createRoute, z } from '@hono/zod-openapi';
import { presentOrder } from '../orders/client-order-id.js';
import { orderIntent } from '../orders/order-request.js';
import { pendingView } from '../orders/pending.js';
import { requireScope, requireVenue } from './auth.js';
import type { AppDeps } from './deps.js';
import { AmendBodySchema, CanceledOrdersSchema, OrderBodySchema, OrderComponent, OrderPageSchema, PendingOrderSchema } from './order-schemas.js';
import { cursorParam, idPathParam, venueParam } from './params.js';
import { problemResponses } from './problem.js';
import { newRouter } from './router.js';
import { marketQueryParam, requestLocation, tradingLimitParam, tradingOf, tradingProblems, venueErrors, venuesOf } from './trading-common.js';

const security = [{ bearerAuth: [] }];
const orderId = idPathParam('Order id, `venue:nativeOrderId`');
const json = <T>(schema: T) => ({ 'application/json': { schema } });

const placeRoute = createRoute({
  method: 'post',
  path: '/v1/orders',
  tags: ['orders'],
  security,
  summary: 'Place an order',
  description:
    'Validated against the market (status, price grid, minimum size) and the safety limits before anything is sent. ' +
    'With an `Idempotency-Key` header (or a `clientOrderId`), a retry of the same request returns the same order and a ' +
    'different request under the same key is a 409. When the venue write’s outcome is not known in time, the answer ' +
    'is 202 with the pending request and a `Location` to poll; the order is never sent twice.',
  request: {
    headers: z.object({
      'idempotency-key': z
        .string()
        .regex(/^[\x21-\x7e]{1,255}$/, 'must be 1 to 255 visible ASCII characters')
        .optional()
        .openapi({ param: { name: 'idempotency-key', in: 'header' }, description: 'Makes retries safe (kept 24 hours)', example: 'a1b2c3' }),
    }),
    body: { required: true, content: json(OrderBodySchema) },
  },
  responses: {
    201: { description: 'The order the venue holds (`Idempotent-Replayed: true` on a retry)', content: json(OrderComponent) },
    202: { description: 'Sent; the outcome is not known yet: poll the `Location`', content: json(PendingOrderSchema) },
    ...tradingProblems,
    ...problemResponses(409, 422),
  },
});

const listRoute = createRoute({
  method: 'get',
  path: '/v1/orders',
  tags: ['orders'],
  security,
  summary: 'List orders',
  description: "Orders of the venue accounts the key trades on, one venue's page per answer; `nextCursor` continues.",
  request: {
    query: z.strictObject({
      venue: venueParam,
      market: marketQueryParam,
      status: z.enum(['open', 'closed', 'all']).optional().default('all').openapi({ param: { name: 'status', in: 'query' } }),
      limit: tradingLimitParam,
      cursor: cursorParam,
    }),
  },
  responses: { 200: { description: 'A page of orders', content: json(OrderPageSchema) }, ...tradingProblems },
});

const getRoute = createRoute({
  method: 'get',
  path: '/v1/orders/{id}',
  tags: ['orders'],
  security,
  summary: 'One order',
  request: { params: z.object({ id: orderId }) },
  responses: { 200: { description: 'The order', content: json(OrderComponent) }, ...tradingProblems },
});

const amendRoute = createRoute({
  method: 'patch',
  path: '/v1/orders/{id}',
  tags: ['orders'],
  security,
  summary: 'Amend an order',
  description: 'A new price and/or total size. 501 `not_supported` on venues that cannot amend.',
  request: { params: z.object({ id: orderId }), body: { required: true, content: json(AmendBodySchema) } },
  responses: { 200: { description: 'The amended order', content: json(OrderComponent) }, ...tradingProblems, ...problemResponses(422) },
});

const cancelRoute = createRoute({
  method: 'delete',
  path: '/v1/orders/{id}',
  tags: ['orders'],
  security,
  summary: 'Cancel an order',
  request: { params: z.object({ id: orderId }) },
  responses: { 200: { description: 'The canceled order', content: json(OrderComponent) }, ...tradingProblems },
});

const cancelAllRoute = createRoute({
  method: 'delete',
  path: '/v1/orders',
  tags: ['orders'],
  security,
  summary: 'Cancel all open orders',
  description: "Every open order on the key's venues, or on `venue`, or of `market`. Orders that could not be canceled are in `meta.errors`.",
  request: { query: z.strictObject({ venue: venueParam, market: marketQueryParam }) },
  responses: { 200: { description: 'The canceled orders', content: json(CanceledOrdersSchema) }, ...tradingProblems },
});

export function orderRoutes(deps: AppDeps): OpenAPIHono {
  const app = newRouter();

  app.openapi(placeRoute, async (c) => {
    const principal = requireScope(c, 'trade');
    const intent = orderIntent(c.req.valid('json'), new Date());
    requireVenue(principal, intent.venue);
    const outcome = await tradingOf(deps).placer.place(principal, intent, c.req.valid('header')['idempotency-key'] ?? null);
    const replayed: Record<string, string> = outcome.replayed ? { 'idempotent-replayed': 'true' } : {};
    if (outcome.kind === 'placed') {
      const order = presentOrder(principal.keyId, outcome.order);
      return c.json(order, 201, { location: `/v1/orders/${order.venue}:${order.id}`, ...replayed });
    }
    return c.json(pendingView(outcome.record), 202, { location: requestLocation(outcome.record.id), 'retry-after': '1', ...replayed });
  });

  app.openapi(listRoute, async (c) => {
    const principal = requireScope(c, 'trade');
    const q = c.req.valid('query');
    const venues = venuesOf(q.venue);
    const page = await tradingOf(deps).listOrders(principal, {
      ...(venues ? { venues } : {}),
      ...(q.market !== undefined ? { marketId: q.market } : {}),
      status: q.status,
      limit: q.limit,
      ...(q.cursor !== undefined ? { cursor: q.cursor } : {}),
    });
    return c.json({ data: page.data, nextCursor: page.nextCursor, meta: { errors: venueErrors(page.errors, deps.logger) } }, 200);
  });

  app.openapi(getRoute, async (c) => {
    const principal = requireScope(c, 'trade');
    return c.json(await tradingOf(deps).getOrder(principal, c.req.valid('param').id), 200);
  });

  app.openapi(amendRoute, async (c) => {
    const principal = requireScope(c, 'trade');
    return c.json(await tradingOf(deps).amend(principal, c.req.valid('param').id, c.req.valid('json')), 200);
  });

  app.openapi(cancelRoute, async (c) => {
    const principal = requireScope(c, 'trade');
    return c.json(await tradingOf(deps).cancel(principal, c.req.valid('param').id), 200);
  });

  app.openapi(cancelAllRoute, async (c) => {
    const principal = requireScope(c, 'trade');
    const q = c.req.valid('query');
    const venues = venuesOf(q.venue);
    const result = await tradingOf(deps).cancelAll(principal, { ...(venues ? { venues } : {}), ...(q.market !== undefined ? { marketId: q.market } : {}) });
    return c.json({ data: result.data, meta: { errors: venueErrors(result.errors, deps.logger) } }, 200);
  });

  return app;
}
