/** V2 order routes `/portfolio/events/orders*` of the Kalshi simulator (docs/venues/kalshi.md §5.1–5.2). */
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { KalshiHttpError, intParam, jsonBody, RATE_LIMIT_BODY } from './http.js';
import { AmendOrderSchema, CreateOrderSchema, DecreaseOrderSchema, amendOrder, cancelAll, cancelOrder, createOrder, decreaseOrder, parseBody } from './orders.js';
import type { KalshiState } from './state.js';
import type { RateLimiter } from './limits.js';
import type { SimEnv } from './app-env.js';

const BatchCreateSchema = z.object({ orders: z.array(z.unknown()).min(1) });
const BatchCancelSchema = z.object({
  orders: z.array(z.object({ order_id: z.string(), subaccount: z.number().int().optional(), exchange_index: z.number().int().optional(), market_ticker: z.string().optional() })).optional(),
  ids: z.array(z.string()).optional(),
});

export function registerOrderRoutes(app: Hono<SimEnv>, state: KalshiState, limiter: RateLimiter, onLimited: () => void): void {
  /** Batches are billed per item and rejected whole when the Write bucket cannot cover them. */
  const billBatch = (c: Context<SimEnv>, items: number, cost: number): Response | undefined => {
    if (limiter.take(c.get('userId'), 'write', items * cost, false)) return undefined;
    onLimited();
    return c.json(RATE_LIMIT_BODY, 429);
  };

  app.post('/portfolio/events/orders/batched', async (c) => {
    const { orders } = parseBody(BatchCreateSchema, await jsonBody(c));
    const limited = billBatch(c, orders.length, 10);
    if (limited) return limited;
    const out = orders.map((o) => {
      try {
        return createOrder(state, c.get('userId'), parseBody(CreateOrderSchema, o));
      } catch (e) {
        if (!(e instanceof KalshiHttpError)) throw e;
        const coid = (o as { client_order_id?: unknown } | null)?.client_order_id;
        return { ...(typeof coid === 'string' ? { client_order_id: coid } : {}), error: e.flat() };
      }
    });
    return c.json({ orders: out }, 201);
  });
  app.delete('/portfolio/events/orders/batched', async (c) => {
    const body = parseBody(BatchCancelSchema, await jsonBody(c));
    const ids = body.orders?.map((o) => o.order_id) ?? body.ids ?? [];
    const limited = billBatch(c, Math.max(1, ids.length), 2);
    if (limited) return limited;
    const out = ids.map((id) => {
      try {
        return cancelOrder(state, c.get('userId'), id);
      } catch (e) {
        if (!(e instanceof KalshiHttpError)) throw e;
        return { order_id: id, reduced_by: '0.00', error: e.flat() };
      }
    });
    return c.json({ orders: out });
  });
  app.post('/portfolio/events/orders', async (c) => {
    const body = parseBody(CreateOrderSchema, await jsonBody(c));
    return c.json(createOrder(state, c.get('userId'), body), 201);
  });
  app.delete('/portfolio/events/orders', (c) => {
    cancelAll(state, c.get('userId'), intParam(c, 'subaccount'));
    return c.body(null, 204);
  });
  app.delete('/portfolio/events/orders/:id', (c) => c.json(cancelOrder(state, c.get('userId'), c.req.param('id'))));
  app.post('/portfolio/events/orders/:id/amend', async (c) => {
    const body = parseBody(AmendOrderSchema, await jsonBody(c));
    return c.json(amendOrder(state, c.get('userId'), c.req.param('id'), body));
  });
  app.post('/portfolio/events/orders/:id/decrease', async (c) => {
    const body = parseBody(DecreaseOrderSchema, await jsonBody(c));
    return c.json(decreaseOrder(state, c.get('userId'), c.req.param('id'), body));
  });
}
