/**
 * The simulator's HTTP app: public endpoints under `/v0`, the undocumented ones at the root, the
 * shared fault middleware (latency, 429 storms, 5xx) with the venue's bodies, the documented
 * 500 requests / minute / IP limit, and errors as `{"message", "details"?}`
 * (docs/venues/manifold.md §Errors, §Rate limits).
 */
import { Hono } from 'hono';
import { faultMiddleware } from '../../../src/sim/faults.js';
import { SimBucketSet } from '../../../src/sim/token-bucket.js';
import { ApiError, UNEXPECTED_ERROR } from './errors.js';
import type { SimContext } from './http.js';
import { jsonResponse } from './json.js';
import { betRoutes } from './routes-bets.js';
import { marketRoutes } from './routes-markets.js';
import { balanceRoutes, userRoutes } from './routes-users.js';

export const REST_PREFIX = '/v0';

export interface RateLimitOptions {
  /** Requests per minute per client IP; default 500. 0 disables the limit. */
  perMinute: number;
  now: () => number;
}

/** The body of the venue's 429 (the per-user limiter's wording; the infra 429 body is not documented). */
export function rateLimitBody(waitMs: number): { message: string } {
  return { message: `Rate limit exceeded. Please wait ${Math.max(1, Math.ceil(waitMs / 1000))} seconds before trying again.` };
}

export function buildApp(ctx: SimContext, limits: RateLimitOptions, groups: Map<string, string>): Hono {
  const root = new Hono();
  root.use('*', async (_c, next) => {
    ctx.stats.requests += 1;
    await next();
  });
  if (limits.perMinute > 0) {
    const buckets = new SimBucketSet<string>(() => ({ rate: limits.perMinute / 60, capacity: limits.perMinute }), limits.now);
    root.use('*', async (c, next) => {
      const ip = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket?.remoteAddress ?? 'local';
      if (!buckets.take(ip, 1)) {
        ctx.stats.rateLimited += 1;
        return jsonResponse(rateLimitBody(buckets.state(ip, 1).waitMs), 429);
      }
      await next();
      return undefined;
    });
  }
  root.use(
    '*',
    faultMiddleware(ctx.faults, {
      rateLimitBody: rateLimitBody(1000),
      serverErrorBody: { message: UNEXPECTED_ERROR },
    }),
  );
  const v0 = new Hono();
  v0.route('/', marketRoutes(ctx, groups));
  v0.route('/', betRoutes(ctx));
  v0.route('/', userRoutes(ctx));
  root.route(REST_PREFIX, v0);
  root.route('/', balanceRoutes(ctx));
  root.notFound(() => jsonResponse({ message: 'Not found.' }, 404));
  root.onError((err) => {
    if (err instanceof ApiError) return jsonResponse(err.body(), err.status);
    ctx.logger?.error({ err: err.message }, 'manifold simulator: unexpected error');
    return jsonResponse({ message: UNEXPECTED_ERROR }, 500);
  });
  return root;
}
