import { z, type ZodType } from 'zod';
import { Decimal } from '../../src/core/index.js';
import { parseVenuePayload } from '../../src/venue/validate.js';
import { VENUE } from './constants.js';

/**
 * Building blocks of the Opinion wire schemas (docs/venues/opinion.md §1, §3). Opinion sends
 * decimals as strings, short (`"0.719"`) or with 18 places (`"2.000000000000000000"`), sometimes
 * with binary-float artefacts the venue computed (`"35.379999999999995"`), and `""` where a
 * value is absent; token ids are uint256 decimal strings; times are Unix seconds, except order
 * books and latest prices (milliseconds), with 0 meaning "none". Every reply is the envelope
 * `{errno, errmsg, result}`, errors often with HTTP 200.
 */

const DECIMAL_RE = /^-?\d+(\.\d+)?$/;

/** Canonical text of a decimal: no exponent, no leading or trailing zeros (`"2.500"` → `"2.5"`). */
export function canonical(text: string): string {
  return Decimal.parse(text).normalize().toString();
}

/** A decimal string, canonicalized. */
export const WireDecimal = z
  .string()
  .regex(DECIMAL_RE, 'expected a decimal string')
  .transform(canonical);

/** A decimal string, or `""` (no value) which becomes null. */
export const WireDecimalOrEmpty = z.union([z.literal(''), WireDecimal]).transform((v) => (v === '' ? null : v));

export const WireTokenId = z.string().regex(/^\d{1,78}$/, 'expected a uint256 decimal string');
/** A token id, or `""` (categorical parents, unresolved markets). */
export const WireTokenIdOrEmpty = z.union([z.literal(''), WireTokenId]);
export const WireAddress = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'expected an address');
/** 64 hex digits without `0x`, or `""` (list rows blank some of them). */
export const WireHex64OrEmpty = z.string().regex(/^([0-9a-fA-F]{64})?$/, 'expected 64 hex digits or ""');
/** Unix seconds; 0 = none. */
export const WireSeconds = z.number().int().nonnegative();
/** Unix milliseconds; 0 = none. */
export const WireMillis = z.number().int().nonnegative();

export const EnvelopeSchema = z.object({ errno: z.number().int(), errmsg: z.string(), result: z.unknown() });

export type EnvelopeOutcome<T> = { ok: true; result: T } | { ok: false; errno: number; errmsg: string };

/**
 * Validates a REST reply: a venue error (`errno` ≠ 0, whatever the HTTP status) is returned as
 * such for the error table to classify; a success has its `result` validated against `schema`.
 * A body that is not the envelope, or a result that does not match, throws `VenueFormatError`
 * naming the endpoint and the field (`result.list[3].price`).
 */
export function parseEnvelope<T>(schema: ZodType<T>, body: unknown, endpoint: string, status?: number): EnvelopeOutcome<T> {
  const ctx = { venue: VENUE, endpoint, ...(status !== undefined ? { status } : {}) };
  const env = parseVenuePayload(EnvelopeSchema, body, ctx);
  if (env.errno !== 0) return { ok: false, errno: env.errno, errmsg: env.errmsg };
  const parsed = parseVenuePayload(z.object({ result: schema }), body, ctx);
  return { ok: true, result: parsed.result };
}

/** `{total, list}` pages of every list endpoint. */
export function pageSchema<T extends z.ZodTypeAny>(item: T) {
  return z.object({ total: z.number().int().nonnegative(), list: z.array(item).nullable().transform((l) => l ?? []) });
}

/** Unix seconds → ISO-8601, or null for 0. */
export function isoFromSeconds(s: number): string | null {
  return s > 0 ? new Date(s * 1000).toISOString() : null;
}

/** Unix milliseconds → ISO-8601, or null for 0. */
export function isoFromMillis(ms: number): string | null {
  return ms > 0 ? new Date(ms).toISOString() : null;
}
