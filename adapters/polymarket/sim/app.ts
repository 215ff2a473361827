/**
 * The simulator's HTTP app: one port, three services under their own prefixes — `/gamma`
 * (gamma-api), `/clob` (clob), `/data` (data-api) — each serving the venue's real paths below the
 * prefix. Every request passes the fault middleware (latency, 429 storms, 5xx) and, when enabled,
 * the Cloudflare-style windows of its endpoint.
 */
import { Hono, type MiddlewareHandler } from 'hono';
import { faultMiddleware } from '../../../src/sim/index.js';
import { clobAccountRoutes } from './clob-account.js';
import { clobAuthRoutes, venuePath } from './clob-auth.js';
import { clobMarketRoutes } from './clob-markets.js';
import { clobPublicRoutes } from './clob-public.js';
import { clobTradingRoutes } from './clob-trading.js';
import { ERR } from './constants.js';
import type { SimContext } from './context.js';
import { dataApiRoutes } from './data-api.js';
import { gammaRoutes } from './gamma.js';
import { jsonResponse } from './json.js';
import type { Service } from './ratelimit.js';

export const PREFIX = { gamma: '/gamma', clob: '/clob', data: '/data' } as const;

function windows(ctx: SimContext, service: Service): MiddlewareHandler {
  const prefix = PREFIX[service];
  return async (c, next) => {
    if (ctx.enforceRateLimits) {
      const retry = ctx.limiter.hit(service, c.req.method, venuePath(c, prefix));
      if (retry !== undefined) {
        ctx.stats.rateLimited += 1;
        return jsonResponse({ error: ERR.tooManyRequests }, 429, { 'Retry-After': String(retry) });
      }
    }
    await next();
    return undefined;
  };
}

export function buildApp(ctx: SimContext): Hono {
  const root = new Hono();
  root.use('*', async (_c, next) => {
    ctx.stats.requests += 1;
    await next();
  });
  root.use(
    '*',
    faultMiddleware(ctx.faults, {
      rateLimitBody: { error: ERR.tooManyRequests },
      rateLimitHeaders: { 'Retry-After': '1' },
      serverErrorBody: { error: 'Internal Server Error' },
    }),
  );

  const gamma = new Hono();
  gamma.use('*', windows(ctx, 'gamma'));
  gamma.route('/', gammaRoutes(ctx));

  const clob = new Hono();
  clob.use('*', windows(ctx, 'clob'));
  clob.route('/', clobPublicRoutes(ctx));
  clob.route('/', clobMarketRoutes(ctx));
  clob.route('/', clobAuthRoutes(ctx, PREFIX.clob));
  clob.route('/', clobTradingRoutes(ctx, PREFIX.clob));
  clob.route('/', clobAccountRoutes(ctx, PREFIX.clob));

  const data = new Hono();
  data.use('*', windows(ctx, 'data'));
  data.route('/', dataApiRoutes(ctx));

  root.route(PREFIX.gamma, gamma);
  root.route(PREFIX.clob, clob);
  root.route(PREFIX.data, data);
  root.notFound(() => jsonResponse({ error: 'not found' }, 404));
  return root;
}
