/**
 * Request plumbing shared by the route files: the simulator context, `Authorization: Key` auth
 * with the venue's 401 messages (docs/venues/manifold.md §Authentication), parameter merging and
 * validation as the venue's `typedEndpoint` does it, and cache headers.
 */
import type { Context } from 'hono';
import type { Logger } from 'pino';
import type { FaultInjector } from '../../../src/sim/faults.js';
import { ApiError } from './errors.js';
import { jsonResponse } from './json.js';
import type { SimUser } from './model.js';
import type { ManifoldState } from './state.js';
import { queryObject, validate, type EndpointSpec } from './validate.js';

export interface SimContext {
  state: ManifoldState;
  faults: FaultInjector;
  stats: { requests: number; rateLimited: number };
  logger?: Logger;
}

/** `public, max-age=5, stale-while-revalidate=10` on most GETs; 1 s on probabilities. */
export const CACHE_DEFAULT = 'public, max-age=5, stale-while-revalidate=10';
export const CACHE_SHORT = 'public, max-age=1, stale-while-revalidate=10';

/**
 * Resolves the caller from `Authorization: Key <key>`. The venue also accepts `Bearer <Firebase
 * JWT>`; the simulator has no Firebase, so every bearer token fails as an unverifiable token does.
 */
export function authenticate(state: ManifoldState, header: string | undefined): SimUser {
  if (!header) throw new ApiError(401, 'Missing Authorization header.');
  const parts = header.split(' ');
  if (parts.length !== 2) throw new ApiError(401, 'Invalid Authorization header.');
  const [scheme, payload] = parts as [string, string];
  if (scheme === 'Bearer') throw new ApiError(500, 'Error validating token.');
  if (scheme !== 'Key') throw new ApiError(401, 'Invalid auth scheme; must be "Key" or "Bearer".');
  const user = state.usersByKey.get(payload);
  if (!user) throw new ApiError(401, 'No private user exists with the provided API key.');
  return user;
}

/** Query merged with path params (params win), validated. */
export function getParams(c: Context, spec: EndpointSpec, params: Record<string, string> = {}): Record<string, unknown> {
  return validate(spec, { ...queryObject(c.req.url), ...params });
}

/** JSON body merged with path params, validated. An empty body is `{}`. */
export async function postParams(c: Context, spec: EndpointSpec, params: Record<string, string> = {}): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  let body: unknown = {};
  if (text.trim() !== '') {
    try {
      body = JSON.parse(text);
    } catch {
      // Express's JSON parser refuses the body before the endpoint runs.
      throw new ApiError(400, 'Invalid JSON body.');
    }
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) body = {};
  return validate(spec, { ...(body as Record<string, unknown>), ...params });
}

export function ok(value: unknown, cache?: string): Response {
  return jsonResponse(value, 200, cache ? { 'cache-control': cache } : {});
}

export function notFound(message: string): never {
  throw new ApiError(404, message);
}
