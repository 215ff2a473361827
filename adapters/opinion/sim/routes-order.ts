/**
 * Order routes (docs/venues/opinion.md §6), behind `apikey`: `POST /order` (validated by
 * order-intake, executed by the exchange, answered `{orderData}`), `GET /order` (own orders,
 * newest first, `status` one value or a comma list, `marketId`, pages of at most 20 honoured
 * exactly — the SDK's cancel-all stops at the first short page), `GET /order/{orderId}` (with its
 * trades) and `POST /order/cancel` (`{result: false}` when nothing was cancelled, not an error).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { ERRMSG, ERRNO } from './constants.js';
import type { SimContext } from './context.js';
import { seconds } from './format.js';
import { badParams, fail, intParam, ok, pageOf, paging, requireAccount } from './http.js';
import { validateOrder } from './order-intake.js';
import { orderObject } from './wire-account.js';

const CancelBody = z.object({ orderId: z.string().min(1) });

async function jsonBody(req: Request): Promise<unknown> {
  try {
    return await req.json();
  } catch {
    return undefined;
  }
}

export function orderRoutes(ctx: SimContext): Hono {
  const app = new Hono();
  const { exchange, universe } = ctx;

  app.post('/order', async (c) => {
    const account = requireAccount(c, ctx);
    if (account instanceof Response) return account;
    const body = await jsonBody(c.req.raw);
    if (body === undefined) return badParams('request body must be JSON');
    const v = validateOrder(body, {
      account,
      market: (id) => universe.byId.get(id),
      exchangeOf: (quoteToken) => ctx.quoteTokens.find((q) => q.quoteTokenAddress.toLowerCase() === quoteToken.toLowerCase())?.ctfExchangeAddress,
      nowS: seconds(ctx.now()),
    });
    if (!v.ok) return fail(v.errno, v.errmsg);
    const placed = exchange.place(account, v.order);
    if (!placed.ok) return fail(placed.errno, placed.errmsg);
    return ok({ orderData: orderObject(universe, placed.order, null) });
  });

  app.get('/order', (c) => {
    const account = requireAccount(c, ctx);
    if (account instanceof Response) return account;
    const p = paging(c);
    if (p instanceof Response) return p;
    const marketId = intParam(c, 'marketId', 0);
    if (typeof marketId === 'string') return badParams(marketId);
    const statusText = c.req.query('status') ?? '';
    if (statusText !== '' && !/^[1-7](,[1-7])*$/.test(statusText)) return badParams('status must be one value or a comma list of 1-7');
    const statuses = statusText === '' ? null : new Set(statusText.split(',').map(Number));
    const rows = exchange
      .ordersOf(account.eoa)
      .filter((o) => (marketId === 0 || o.market.marketId === marketId) && (!statuses || statuses.has(o.status)))
      .reverse();
    const page = pageOf(rows, p);
    return ok({ total: page.total, list: page.list.map((o) => orderObject(universe, o, null)) });
  });

  app.get('/order/:orderId', (c) => {
    const account = requireAccount(c, ctx);
    if (account instanceof Response) return account;
    const order = exchange.orders.get(c.req.param('orderId'));
    if (!order || order.eoa !== account.eoa) return fail(ERRNO.orderNotFound, ERRMSG.orderNotFound);
    const trades = exchange.trades.filter((t) => t.orderId === order.orderId);
    return ok({ orderData: orderObject(universe, order, trades) });
  });

  app.post('/order/cancel', async (c) => {
    const account = requireAccount(c, ctx);
    if (account instanceof Response) return account;
    const body = CancelBody.safeParse(await jsonBody(c.req.raw));
    if (!body.success) return badParams('orderId is required');
    return ok({ result: exchange.cancel(account.eoa, body.data.orderId) });
  });

  return app;
}
