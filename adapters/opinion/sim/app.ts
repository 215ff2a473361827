/**
 * The simulator's HTTP app: the Opinion OpenAPI under `/openapi` (docs/venues/opinion.md §1),
 * behind the shared fault middleware and the venue's 15 requests per second per API key (keyless
 * callers share one bucket), answered 429 with the envelope and `Retry-After` (§3).
 */
import { Hono } from 'hono';
import { faultMiddleware } from '../../../src/sim/index.js';
import { ERRMSG, ERRNO } from './constants.js';
import type { SimContext } from './context.js';
import { apiKeyOf, json } from './http.js';
import { accountRoutes } from './routes-account.js';
import { authRoutes } from './routes-auth.js';
import { marketRoutes } from './routes-market.js';
import { orderRoutes } from './routes-order.js';
import { tokenRoutes } from './routes-token.js';

export const REST_PREFIX = '/openapi';

const rateLimitedBody = { errmsg: ERRMSG.rateLimited, errno: ERRNO.rateLimited, result: null };

export function buildApp(ctx: SimContext): Hono {
  const root = new Hono();
  root.use('*', async (_c, next) => {
    ctx.stats.requests += 1;
    await next();
  });
  root.use(
    '*',
    faultMiddleware(ctx.faults, {
      rateLimitBody: rateLimitedBody,
      rateLimitHeaders: { 'Retry-After': '1' },
      serverErrorBody: { errmsg: 'Internal Server Error', errno: 500, result: null },
      serverErrorStatus: 502,
    }),
  );
  root.use('*', async (c, next) => {
    if (ctx.enforceRateLimits) {
      const lookup = ctx.accounts.lookup(apiKeyOf(c));
      const bucket = lookup.ok ? `key:${lookup.account.eoa}` : 'anonymous';
      if (!ctx.buckets.take(bucket, 1)) {
        ctx.stats.rateLimited += 1;
        const wait = Math.max(1, Math.ceil(ctx.buckets.state(bucket, 1).waitMs / 1000));
        return json(rateLimitedBody, 429, { 'Retry-After': String(wait) });
      }
    }
    await next();
    return undefined;
  });

  const api = new Hono();
  api.route('/', marketRoutes(ctx));
  api.route('/', tokenRoutes(ctx));
  api.route('/', accountRoutes(ctx));
  api.route('/', orderRoutes(ctx));
  api.route('/', authRoutes(ctx));
  root.route(REST_PREFIX, api);
  root.notFound(() => json({ errmsg: 'Not Found', errno: 404, result: null }, 404));
  return root;
}
