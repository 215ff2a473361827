/**
 * The Kalshi simulator's Hono app under `/trade-api/v2`: request stats, fault injection, the edge
 * cache of unauthenticated market data (§1), Kalshi authentication (public vs private endpoints,
 * §2.2), token-bucket rate limits (§8), routes, and Kalshi's error bodies.
 */
import { Hono } from 'hono';
import type { HttpBindings } from '@hono/node-server';
import { faultMiddleware, type FaultInjector } from '../../../src/sim/index.js';
import { hasAuthHeaders, verifyRequest, type AuthWindow, type KeyRegistry } from './auth.js';
import { classify, type RateLimiter } from './limits.js';
import { KalshiHttpError, RATE_LIMIT_BODY, SERVER_ERROR_BODY, errorResponse } from './http.js';
import { registerMarketRoutes } from './routes-market.js';
import { registerPortfolioRoutes } from './routes-portfolio.js';
import { registerOrderRoutes } from './routes-orders.js';
import type { EdgeCache } from './edge-cache.js';
import type { KalshiState } from './state.js';
import type { SimEnv } from './app-env.js';

export const REST_PREFIX = '/trade-api/v2';

const PRIVATE = [/^\/portfolio\//, /^\/account\/limits$/, /^\/api_keys/, /^\/historical\/(fills|orders|positions)/];

export interface AppDeps {
  state: KalshiState;
  registry: KeyRegistry;
  limiter: RateLimiter;
  faults: FaultInjector;
  authWindow: AuthWindow;
  stats: { requests: number; rateLimited: number };
  /** The CDN in front of unauthenticated market data (after the transport faults, before the API). */
  edgeCache: EdgeCache;
}

export function buildApp(deps: AppDeps): Hono {
  const { state, registry, limiter, faults, stats } = deps;
  const root = new Hono();
  const api = new Hono<SimEnv & { Bindings: HttpBindings }>();

  api.use('*', async (c, next) => {
    stats.requests += 1;
    await next();
    if (c.res.status === 429) stats.rateLimited += 1;
  });
  api.use('*', faultMiddleware(faults, { rateLimitBody: RATE_LIMIT_BODY, serverErrorBody: SERVER_ERROR_BODY }));
  api.use('*', deps.edgeCache.middleware());
  api.use('*', async (c, next) => {
    const path = c.req.path;
    const rel = path.slice(REST_PREFIX.length);
    const header = (n: string) => c.req.header(n);
    let principal: string;
    let anonymous = false;
    if (hasAuthHeaders(header)) {
      const auth = verifyRequest(registry, header, c.req.method, path, Date.now(), deps.authWindow);
      if (!auth.ok) return c.json(auth.body, 401);
      c.set('userId', auth.key.userId);
      c.set('keyId', auth.key.keyId);
      principal = auth.key.userId;
    } else if (PRIVATE.some((re) => re.test(rel))) {
      return c.json({ error: { code: 'authentication_error', message: 'authentication_error', details: 'rpc error: code = Unauthenticated desc = missing authentication headers' } }, 401);
    } else {
      anonymous = true;
      principal = `ip:${c.env?.incoming?.socket?.remoteAddress ?? 'local'}`;
    }
    const { bucket, cost, perItem } = classify(c.req.method, path);
    if (!perItem && !limiter.take(principal, anonymous ? 'read' : bucket, cost, anonymous)) return c.json(RATE_LIMIT_BODY, 429);
    await next();
    return undefined;
  });
  registerMarketRoutes(api as unknown as Hono<SimEnv>, state);
  registerPortfolioRoutes(api as unknown as Hono<SimEnv>, state, limiter);
  registerOrderRoutes(api as unknown as Hono<SimEnv>, state, limiter, () => undefined);
  api.notFound((c) => c.json({ error: { code: 'not_found', message: 'not found', details: '' } }, 404));
  api.onError((err, c) => {
    if (err instanceof KalshiHttpError) return errorResponse(c, err);
    if (err instanceof RangeError) return errorResponse(c, new KalshiHttpError(400, 'invalid_parameters', err.message));
    return c.json(SERVER_ERROR_BODY, 500);
  });
  root.route(REST_PREFIX, api);
  root.notFound((c) => c.json({ error: { code: 'not_found', message: 'not found', details: '' } }, 404));
  return root;
}
