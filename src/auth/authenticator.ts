/**
 * Who is calling: the `Authorization: Bearer <token>` header of a REST request or of a WebSocket
 * upgrade (src/main.ts `feedPrincipal`), checked against the key store. Every failure looks the
 * same from outside (unknown key, revoked key, malformed token), so an answer never tells whether
 * a key exists.
 */
import type { VenueId } from '../core/ids.js';
import type { KeyStore } from './key-store.js';
import { hasScope, type ApiKeyRecord, type KeyRateLimit, type Scope, type TradingLimits } from './keys.js';
import { KeyRateLimiter } from './rate-limit.js';

/** An authenticated caller. */
export interface Principal {
  keyId: string;
  scopes: readonly Scope[];
  /** Venues the key may trade on; null = every enabled venue. */
  venues: readonly VenueId[] | null;
  limits: TradingLimits;
  rateLimit: KeyRateLimit | null;
}

export type AuthResult =
  | { kind: 'anonymous' }
  | { kind: 'authenticated'; principal: Principal }
  /** A credential was presented and is not valid (any reason). */
  | { kind: 'rejected' }
  /** Valid, but over the key's request rate. */
  | { kind: 'throttled'; principal: Principal; retryAfterMs: number };

export function principalOf(record: ApiKeyRecord): Principal {
  return { keyId: record.id, scopes: record.scopes, venues: record.venues, limits: record.limits, rateLimit: record.rateLimit };
}

export function can(principal: Principal | undefined, scope: Scope): boolean {
  return principal !== undefined && hasScope(principal.scopes, scope);
}

export function mayTradeOn(principal: Principal, venue: VenueId): boolean {
  return principal.venues === null || principal.venues.includes(venue);
}

/** The token of an `Authorization` header: null when absent, `''` when present but not a bearer token. */
export function bearerToken(header: string | undefined | null): string | null {
  if (header === undefined || header === null) return null;
  const m = /^Bearer[ ]+(\S+)[ ]*$/i.exec(header);
  return m?.[1] ?? '';
}

export interface AuthenticatorOptions {
  /** The service's default per-key request rate. */
  defaultRateLimit: KeyRateLimit;
  now?: () => number;
}

export class Authenticator {
  private readonly limiter: KeyRateLimiter;

  constructor(
    private readonly store: KeyStore,
    options: AuthenticatorOptions,
  ) {
    this.limiter = new KeyRateLimiter(options.defaultRateLimit, options.now);
  }

  /** Checks an `Authorization` header value; counts the request against the key's rate. */
  async authenticate(authorization: string | undefined | null): Promise<AuthResult> {
    const token = bearerToken(authorization);
    if (token === null) return { kind: 'anonymous' };
    if (token === '') return { kind: 'rejected' };
    const record = await this.store.verify(token);
    if (!record) return { kind: 'rejected' };
    const principal = principalOf(record);
    const retryAfterMs = this.limiter.take(principal.keyId, principal.rateLimit);
    if (retryAfterMs > 0) return { kind: 'throttled', principal, retryAfterMs };
    return { kind: 'authenticated', principal };
  }

  close(): void {
    this.limiter.close();
  }
}
