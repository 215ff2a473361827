/**
 * Service API keys: what a key is, how its secret is made, and how it is stored. A key is a bearer
 * token (`venn_` + 32 random bytes, base64url) handed to a client once; the service keeps only its
 * SHA-256 digest. The secret carries 256 bits of entropy, so a fast digest is enough (a slow
 * password hash protects guessable secrets, which these are not), and the digest doubles as the
 * lookup key: verifying a token is one cache read, whatever the number of keys.
 */
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { VenueIdSchema } from '../core/ids.js';
import { DecimalStringSchema, canonical } from '../core/index.js';

/**
 * `read`: market data, when the operator closes it (`MARKET_DATA_AUTH=key`). `trade`: orders, fills,
 * positions and balances (on the key's venues), and market data. `admin`: key management, and
 * market data.
 */
export const SCOPES = ['read', 'trade', 'admin'] as const;
export const ScopeSchema = z.enum(SCOPES);
export type Scope = z.infer<typeof ScopeSchema>;

/** Key ids: short, lowercase, not secret (they appear in listings, audit lines and client order ids). */
export const KEY_ID_RE = /^[a-z0-9]{4,16}$/;
export const KeyIdSchema = z.string().regex(KEY_ID_RE, 'must be 4 to 16 lowercase letters or digits');

/** A positive amount in the market's currency, as a decimal string. */
const AmountSchema = DecimalStringSchema.transform((s) => canonical(s)).refine((s) => !s.startsWith('-') && s !== '0', 'must be a positive amount');

/**
 * Safety limits of trading. Notional is price × size in the market's currency; the daily total
 * counts every order placed (and amended upwards) since midnight UTC. Unset = no limit.
 */
export const TradingLimitsSchema = z.strictObject({
  maxOrderNotional: AmountSchema.optional(),
  maxOpenOrders: z.number().int().min(0).max(1_000_000).optional(),
  maxDailyNotional: AmountSchema.optional(),
});
export type TradingLimits = z.infer<typeof TradingLimitsSchema>;

export const KeyRateLimitSchema = z.strictObject({
  /** Requests per second, refilled continuously. */
  perSecond: z.number().positive().max(100_000),
  /** Requests allowed in a burst (the bucket's capacity). */
  burst: z.number().int().min(1).max(1_000_000),
});
export type KeyRateLimit = z.infer<typeof KeyRateLimitSchema>;

/** What the service stores of a key: never the secret, only its digest. */
export const ApiKeyRecordSchema = z.object({
  id: KeyIdSchema,
  name: z.string().max(100).nullable(),
  /** SHA-256 of the whole token, hex. */
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  scopes: z.array(ScopeSchema).min(1),
  /** The venues a `trade` key may trade on; null = every enabled venue. */
  venues: z.array(VenueIdSchema).min(1).nullable(),
  limits: TradingLimitsSchema.default({}),
  /** This key's own request rate; null = the service default. */
  rateLimit: KeyRateLimitSchema.nullable().default(null),
  createdAt: z.string(),
  /** Where the key was declared: created at run time (`store`), or bootstrapped from `env` or `file`. */
  source: z.enum(['store', 'env', 'file']),
});
export type ApiKeyRecord = z.infer<typeof ApiKeyRecordSchema>;

/** The public view of a key (listings, the admin API): everything but the digest. */
export type ApiKeyInfo = Omit<ApiKeyRecord, 'hash'>;

export function publicInfo(record: ApiKeyRecord): ApiKeyInfo {
  const { hash: _hash, ...info } = record;
  return info;
}

export const TOKEN_PREFIX = 'venn_';
/** Tokens accepted at all: what we generate, and operator-chosen tokens from the environment. */
export const TOKEN_RE = /^[A-Za-z0-9_\-.~+/=]{24,256}$/;

export function digestOf(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A new random key id. */
export function newKeyId(): string {
  // 50 bits: ids only need to be unique among one deployment's keys.
  return randomBytes(8).toString('hex').slice(0, 10).replace(/^[0-9]/, 'k');
}

/** A new secret token; shown to the caller once and never stored. */
export function newToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/**
 * The id of a key bootstrapped from a token (the environment): derived from the token's digest, so
 * the same token has the same id on every instance and across restarts.
 */
export function derivedKeyId(token: string): string {
  return `e${digestOf(`venn-key-id:${token}`).slice(0, 9)}`;
}

/** A scope held by a key: `trade` and `admin` include `read`. */
export function hasScope(scopes: readonly Scope[], wanted: Scope): boolean {
  if (scopes.includes(wanted)) return true;
  return wanted === 'read' && (scopes.includes('trade') || scopes.includes('admin'));
}
