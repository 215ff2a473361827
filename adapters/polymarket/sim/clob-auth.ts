/**
 * CLOB key management routes (L1: `POST /auth/api-key`, `GET /auth/derive-api-key`; L2:
 * `GET /auth/api-keys`, `DELETE /auth/api-key`, `GET /auth/ban-status/closed-only`) and the L2
 * request check every trading/account route uses.
 */
import { Hono, type Context } from 'hono';
import type { ApiKeyRecord } from './auth-l1.js';
import { verifyL1 } from './auth-l1.js';
import { verifyL2 } from './auth-l2.js';
import { ERR } from './constants.js';
import type { SimContext } from './context.js';
import { jsonResponse } from './json.js';

const header = (c: Context) => (name: string) => c.req.header(name) ?? c.req.header(name.replace(/_/g, '-'));

/** The request's venue path: the URL path without the simulator's mount prefix. */
export function venuePath(c: Context, prefix: string): string {
  const path = new URL(c.req.url).pathname;
  return prefix && path.startsWith(prefix) ? path.slice(prefix.length) || '/' : path;
}

export interface L2Auth {
  key: ApiKeyRecord;
  /** The raw request body (already consumed; parse this). */
  body: string;
}

/** Verifies L2 headers over the raw body; a 401 response when they are not valid. */
export async function requireL2(c: Context, ctx: SimContext, prefix: string): Promise<L2Auth | Response> {
  const body = c.req.method === 'GET' ? '' : await c.req.text();
  const key = verifyL2(ctx.keys, { header: header(c), method: c.req.method, path: venuePath(c, prefix), body, nowMs: ctx.now() });
  return key ? { key, body } : jsonResponse({ error: ERR.unauthorized }, 401);
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function clobAuthRoutes(ctx: SimContext, prefix: string): Hono {
  const app = new Hono();
  const creds = (r: ApiKeyRecord) => ({ apiKey: r.apiKey, secret: r.secret, passphrase: r.passphrase });

  app.post('/auth/api-key', (c) => {
    const who = verifyL1(header(c), ctx.now());
    if (!who) return jsonResponse({ error: ERR.invalidL1 }, 401);
    const record = ctx.keys.create(who.address, who.nonce);
    return record ? jsonResponse(creds(record)) : jsonResponse({ error: ERR.couldNotCreateKey }, 400);
  });
  app.get('/auth/derive-api-key', (c) => {
    const who = verifyL1(header(c), ctx.now());
    if (!who) return jsonResponse({ error: ERR.invalidL1 }, 401);
    return jsonResponse(creds(ctx.keys.derive(who.address, who.nonce)));
  });
  app.get('/auth/api-keys', async (c) => {
    const auth = await requireL2(c, ctx, prefix);
    if (auth instanceof Response) return auth;
    return jsonResponse({ apiKeys: ctx.keys.keysOf(auth.key.address) });
  });
  app.delete('/auth/api-key', async (c) => {
    const auth = await requireL2(c, ctx, prefix);
    if (auth instanceof Response) return auth;
    ctx.keys.delete(auth.key.apiKey);
    return jsonResponse('OK');
  });
  app.get('/auth/ban-status/closed-only', async (c) => {
    const auth = await requireL2(c, ctx, prefix);
    if (auth instanceof Response) return auth;
    return jsonResponse({ closed_only: false });
  });
  return app;
}
