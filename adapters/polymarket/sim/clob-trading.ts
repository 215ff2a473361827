/**
 * L2 order routes (docs/venues/polymarket.md §6.4–§6.6, §6.13, §8.2): `POST /order`, `POST /orders`
 * (≤ 15), `DELETE /order`, `DELETE /orders`, `DELETE /cancel-all`, `DELETE /cancel-market-orders`.
 * Order endpoints answer 425 during an engine restart and 503 in post-only mode; each signer has
 * an order and a cancel token bucket reported in `Poly-RateLimit-*` headers.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { ERR } from './constants.js';
import type { SimContext } from './context.js';
import { parseJson, requireL2, type L2Auth } from './clob-auth.js';
import type { PlaceResponse } from './exchange.js';
import { jsonResponse } from './json.js';
import { validateOrder } from './order-intake.js';
import { bucketHeaders, type BucketKind } from './ratelimit.js';

const MAX_BATCH = 15;
const MAX_CANCEL_IDS = 3000;
const CancelOne = z.object({ orderID: z.string().min(1) });
const CancelMany = z.array(z.string());
const CancelMarket = z.object({ market: z.string().optional(), asset_id: z.string().optional() });

const failed = (error: string): PlaceResponse => ({
  success: false, errorMsg: error, orderID: '', status: '', makingAmount: '', takingAmount: '', transactionsHashes: [], tradeIDs: [],
});

export function clobTradingRoutes(ctx: SimContext, prefix: string): Hono {
  const app = new Hono();
  const { exchange, faults } = ctx;

  /** Restart window (425), L2, then the signer's bucket; a Response when the request stops here. */
  const gate = async (c: Context, kind: BucketKind, cost: (auth: L2Auth) => number): Promise<{ auth: L2Auth; headers: Record<string, string> } | Response> => {
    if (faults.restarting()) return jsonResponse({ error: ERR.restarting }, 425);
    const auth = await requireL2(c, ctx, prefix);
    if (auth instanceof Response) return auth;
    if (!ctx.enforceRateLimits) return { auth, headers: {} };
    const n = cost(auth);
    const bucket = ctx.limiter.take(auth.key.address, kind, n);
    if (!bucket.ok) {
      ctx.stats.rateLimited += 1;
      return jsonResponse({ error: ERR.tooManyRequests }, 429, bucketHeaders(bucket, bucket.retryAfter));
    }
    return { auth, headers: bucketHeaders(bucket) };
  };

  const placeOne = (raw: unknown, auth: L2Auth): { status: number; body: PlaceResponse | { error: string } } => {
    const postOnlyLeft = faults.postOnlySecondsLeft();
    const v = validateOrder(raw, {
      key: auth.key,
      clobVersion: ctx.clobVersion,
      nowMs: ctx.now(),
      market: (tokenId) => {
        const hit = ctx.universe.byTokenId.get(tokenId);
        if (!hit) return undefined;
        return { ...hit, tick: exchange.books.peek(hit.market.conditionId)?.tick ?? hit.market.tickSize };
      },
    });
    if (!v.ok) return { status: 400, body: { error: v.error } };
    if (postOnlyLeft > 0 && !v.order.postOnly) return { status: 503, body: { error: ERR.postOnlyMode } };
    const placed = exchange.place(auth.key.apiKey, v.order);
    if (placed.ok && v.order.signatureType !== 0) ctx.funders.set(`${v.order.signer.toLowerCase()}:${v.order.signatureType}`, v.order.maker);
    return placed.ok ? { status: 200, body: placed.response } : { status: 400, body: { error: placed.error } };
  };

  app.post('/order', async (c) => {
    const g = await gate(c, 'order', () => 1);
    if (g instanceof Response) return g;
    const result = placeOne(parseJson(g.auth.body), g.auth);
    const headers = { ...g.headers };
    if (result.status === 503) {
      const left = String(faults.postOnlySecondsLeft());
      headers['Retry-After'] = left;
      return jsonResponse({ ...result.body, code: 'post_only_mode', retry_after_seconds: Number(left) }, 503, headers);
    }
    return jsonResponse(result.body, result.status, headers);
  });

  app.post('/orders', async (c) => {
    if (faults.restarting()) return jsonResponse({ error: ERR.restarting }, 425);
    const pre = await requireL2(c, ctx, prefix);
    if (pre instanceof Response) return pre;
    const raw = parseJson(pre.body);
    if (!Array.isArray(raw) || raw.length === 0) return jsonResponse({ error: ERR.invalidOrderPayload }, 400);
    if (raw.length > MAX_BATCH) return jsonResponse({ error: ERR.tooManyOrders(raw.length, MAX_BATCH) }, 400);
    let headers: Record<string, string> = {};
    if (ctx.enforceRateLimits) {
      const bucket = ctx.limiter.take(pre.key.address, 'order', raw.length);
      if (!bucket.ok) {
        ctx.stats.rateLimited += 1;
        return jsonResponse({ error: ERR.tooManyRequests }, 429, bucketHeaders(bucket, bucket.retryAfter));
      }
      headers = bucketHeaders(bucket);
    }
    const out = raw.map((item) => {
      const r = placeOne(item, pre);
      return 'error' in r.body ? failed(r.body.error) : r.body;
    });
    return jsonResponse(out, 200, headers);
  });

  const cancelIds = (auth: L2Auth, ids: string[]) => {
    const canceled: string[] = [];
    const notCanceled: Record<string, string> = {};
    for (const id of ids) {
      const reason = exchange.cancel(auth.key.apiKey, id);
      if (reason) notCanceled[id] = reason;
      else canceled.push(id);
    }
    return { canceled, not_canceled: notCanceled };
  };

  app.delete('/order', async (c) => {
    const g = await gate(c, 'cancel', () => 1);
    if (g instanceof Response) return g;
    const body = CancelOne.safeParse(parseJson(g.auth.body));
    if (!body.success) return jsonResponse({ error: ERR.invalidOrderId }, 400, g.headers);
    return jsonResponse(cancelIds(g.auth, [body.data.orderID]), 200, g.headers);
  });

  app.delete('/orders', async (c) => {
    if (faults.restarting()) return jsonResponse({ error: ERR.restarting }, 425);
    const pre = await requireL2(c, ctx, prefix);
    if (pre instanceof Response) return pre;
    const body = CancelMany.safeParse(parseJson(pre.body));
    if (!body.success) return jsonResponse({ error: ERR.invalidOrderPayload }, 400);
    if (body.data.length > MAX_CANCEL_IDS) return jsonResponse({ error: ERR.tooManyCancels(MAX_CANCEL_IDS) }, 400);
    let headers: Record<string, string> = {};
    if (ctx.enforceRateLimits && body.data.length > 0) {
      const bucket = ctx.limiter.take(pre.key.address, 'cancel', body.data.length);
      if (!bucket.ok) {
        ctx.stats.rateLimited += 1;
        return jsonResponse({ error: ERR.tooManyRequests }, 429, bucketHeaders(bucket, bucket.retryAfter));
      }
      headers = bucketHeaders(bucket);
    }
    return jsonResponse(cancelIds(pre, body.data), 200, headers);
  });

  /** Cancel-all style: one token up front, one per order actually canceled afterwards. */
  const cancelWhere = async (c: Context, select: (auth: L2Auth) => string[] | Response) => {
    const g = await gate(c, 'cancel', () => 1);
    if (g instanceof Response) return g;
    const ids = select(g.auth);
    if (ids instanceof Response) return ids;
    const result = cancelIds(g.auth, ids);
    const headers = ctx.enforceRateLimits && result.canceled.length > 0
      ? bucketHeaders(ctx.limiter.debit(g.auth.key.address, 'cancel', result.canceled.length))
      : g.headers;
    return jsonResponse(result, 200, headers);
  };

  app.delete('/cancel-all', (c) => cancelWhere(c, (auth) => exchange.openOrders(auth.key.apiKey).map((o) => o.id)));
  app.delete('/cancel-market-orders', (c) =>
    cancelWhere(c, (auth) => {
      const body = CancelMarket.safeParse(parseJson(auth.body) ?? {});
      if (!body.success || (!body.data.market && !body.data.asset_id)) return jsonResponse({ error: ERR.invalidOrderPayload }, 400);
      const { market, asset_id: asset } = body.data;
      return exchange
        .openOrders(auth.key.apiKey)
        .filter((o) => (!market || o.market.conditionId === market.toLowerCase()) && (!asset || o.tokenId === asset))
        .map((o) => o.id);
    }),
  );
  return app;
}
