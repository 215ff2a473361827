/**
 * Authentication of API calls. Every request presenting `Authorization` is checked (a wrong key is a
 * 401 on any route, so a misconfigured client finds out at once); anonymous requests pass, and the
 * routes decide: market data is open unless the operator closes it (`MARKET_DATA_AUTH=key`), the
 * trading routes always need a `trade` key, key management an `admin` key.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { Authenticator, Principal } from '../auth/authenticator.js';
import { can, mayTradeOn } from '../auth/authenticator.js';
import type { Scope } from '../auth/keys.js';
import type { VenueId } from '../core/ids.js';
import { ApiProblem } from './errors.js';
import { problem } from './problem.js';

declare module 'hono' {
  interface ContextVariableMap {
    principal: Principal | undefined;
  }
}

const CHALLENGE = 'Bearer realm="venn"';

/** The one answer to a missing or invalid key: it never says which. */
export function unauthorized(detail = 'a valid API key is required (Authorization: Bearer <key>)'): ApiProblem {
  return new ApiProblem({ status: 401, code: 'unauthorized', detail, headers: { 'www-authenticate': CHALLENGE } });
}

export function forbidden(detail: string): ApiProblem {
  return new ApiProblem({ status: 403, code: 'forbidden', detail });
}

export interface AuthOptions {
  authenticator?: Authenticator;
  /** `key`: market data needs a key with the `read` scope (or `trade`/`admin`). */
  marketData: 'open' | 'key';
  /** First path segments under `/v1` whose routes check keys themselves (trading, keys). */
  guarded: ReadonlySet<string>;
}

/**
 * The `env` key under which an in-process caller (the MCP endpoint, dispatching a tool call to the
 * REST routes) hands over the principal it has already authenticated, so that one tool call counts
 * once against the key's rate. A symbol: nothing arriving over the network can carry it.
 */
export const AUTHENTICATED_CALLER = Symbol('venn.authenticatedCaller');

export interface InProcessCaller {
  principal: Principal | undefined;
}

/** The `env` of an in-process request made on behalf of an already authenticated caller. */
export function inProcessEnv(principal: Principal | undefined): Record<symbol, InProcessCaller> {
  return { [AUTHENTICATED_CALLER]: { principal } };
}

function inProcessCaller(env: unknown): InProcessCaller | undefined {
  if (env === null || typeof env !== 'object') return undefined;
  return (env as Record<symbol, InProcessCaller | undefined>)[AUTHENTICATED_CALLER];
}

/** Resolves the caller; refuses bad keys, keys over their rate and, when closed, anonymous market data. */
export function authMiddleware(options: AuthOptions): MiddlewareHandler {
  return async (c, next) => {
    const header = c.req.header('authorization');
    const caller = inProcessCaller(c.env);
    const result = caller
      ? caller.principal
        ? ({ kind: 'authenticated', principal: caller.principal } as const)
        : ({ kind: 'anonymous' } as const)
      : options.authenticator
        ? await options.authenticator.authenticate(header)
        : header === undefined
          ? ({ kind: 'anonymous' } as const)
          : ({ kind: 'rejected' } as const);
    if (result.kind === 'rejected') return problem(c, unauthorized('the API key is not valid').init);
    if (result.kind === 'throttled') {
      const seconds = Math.max(1, Math.ceil(result.retryAfterMs / 1000));
      return problem(c, {
        status: 429,
        code: 'rate_limited',
        detail: 'this API key is over its request rate',
        retryable: true,
        headers: { 'retry-after': String(seconds) },
      });
    }
    c.set('principal', result.kind === 'authenticated' ? result.principal : undefined);
    if (options.marketData === 'key' && isMarketData(c.req.path, options.guarded)) {
      const principal = c.get('principal');
      if (!principal) return problem(c, unauthorized('market data on this server needs an API key with the read scope').init);
      if (!can(principal, 'read')) return problem(c, forbidden('this API key lacks the read scope').init);
    }
    await next();
    return undefined;
  };
}

function isMarketData(path: string, guarded: ReadonlySet<string>): boolean {
  if (!path.startsWith('/v1/')) return false;
  return !guarded.has(path.split('/')[2] ?? '');
}

/** The caller, who must hold `scope`; 401 when anonymous, 403 when the key lacks the scope. */
export function requireScope(c: Context, scope: Scope): Principal {
  const principal = c.get('principal');
  if (!principal) throw unauthorized();
  if (!can(principal, scope)) throw forbidden(`this API key lacks the ${scope} scope`);
  return principal;
}

/** 403 unless the key may trade on `venue`. */
export function requireVenue(principal: Principal, venue: VenueId): void {
  if (!mayTradeOn(principal, venue)) throw forbidden(`this API key may not trade on ${venue}`);
}
