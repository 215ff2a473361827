/**
 * Calling the REST API's own routes in process (the MCP tools and the web console do): one request,
 * no socket, no second data path, on behalf of the principal the outer request (`/mcp`, a page)
 * authenticated. A problem answer becomes a `RestProblem` carrying the API's stable code.
 */
import type { Principal } from '../auth/authenticator.js';
import { inProcessEnv } from './auth.js';

/** The REST app's `fetch` (Hono's `app.fetch(request, env)`). */
export type RestFetch = (request: Request, env: object) => Response | Promise<Response>;

export class RestProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(`${code}: ${detail}`);
  }
}

export type Query = Record<string, string | number | boolean | undefined>;

export interface RestCaller {
  get<T>(path: string, query?: Query): Promise<T>;
  send<T>(method: 'POST' | 'DELETE', path: string, body?: unknown): Promise<T>;
}

/** Internal requests use this origin; it never reaches the network. */
const ORIGIN = 'http://venn.internal';

export function restCaller(fetch: RestFetch, principal: Principal | undefined): RestCaller {
  async function call<T>(method: string, path: string, query: Query | undefined, body: unknown): Promise<T> {
    const url = new URL(path, ORIGIN);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const init: RequestInit = { method, headers: body === undefined ? {} : { 'content-type': 'application/json' } };
    if (body !== undefined) init.body = JSON.stringify(body);
    const res = await fetch(new Request(url, init), inProcessEnv(principal));
    const text = await res.text();
    let json: unknown;
    try {
      json = text === '' ? null : JSON.parse(text);
    } catch {
      throw new RestProblem(res.status, 'internal', `the API answered ${res.status} with a body that is not JSON`);
    }
    if (res.ok) return json as T;
    const p = (json ?? {}) as { code?: unknown; detail?: unknown; errors?: unknown; venue?: unknown; retryable?: unknown };
    const extra: Record<string, unknown> = {};
    for (const key of ['errors', 'venue', 'retryable'] as const) if (p[key] !== undefined) extra[key] = p[key];
    throw new RestProblem(res.status, typeof p.code === 'string' ? p.code : 'internal', typeof p.detail === 'string' ? p.detail : `HTTP ${res.status}`, extra);
  }
  return {
    get: (path, query) => call('GET', path, query, undefined),
    send: (method, path, body) => call(method, path, undefined, body),
  };
}

/** A path segment for a `venue:nativeId` id (native ids may hold `/`, `?` or `#`). */
export const seg = (id: string) => encodeURIComponent(id);
