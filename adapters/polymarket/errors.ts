import type { ZodType } from 'zod';
import {
  AuthenticationError,
  BadRequest,
  DuplicateOrder,
  InsufficientFunds,
  InvalidOrder,
  MarketClosed,
  NotFound,
  PermissionDenied,
  RateLimited,
  VenueUnavailable,
  type VennError,
  type VennErrorDetails,
} from '../../src/core/index.js';
import { extractVenueCode, extractVenueMessage, parseRetryAfter, parseVenuePayload, type ErrorResponse } from '../../src/venue/index.js';

/**
 * Polymarket error handling: payload validation that names the endpoint and field, and the
 * mapping of Polymarket's `{"error": "<message>"}` bodies (venues/polymarket.md §6.12) to our
 * error classes. Polymarket has no stable error codes on the wire (the documented
 * `INVALID_ORDER_*` names are labels of the messages), so the mapping matches message substrings
 * and reports the label as `venueCode`.
 */

const VENUE = 'polymarket' as const;

/** Parses a venue payload; a mismatch throws `VenueFormatError` naming endpoint and field. */
export function parseWire<T>(schema: ZodType<T>, data: unknown, endpoint: string): T {
  return parseVenuePayload(schema, data, { venue: VENUE, endpoint });
}

interface Rule {
  test: RegExp;
  code: string;
  make: (message: string, details: VennErrorDetails) => VennError;
}

/** Ordered: the first matching rule wins. */
const RULES: Rule[] = [
  { test: /order_version_mismatch/i, code: 'order_version_mismatch', make: (m, d) => new InvalidOrder(m, d) },
  { test: /duplicated/i, code: 'INVALID_ORDER_DUPLICATED', make: (m, d) => new DuplicateOrder(m, d) },
  { test: /breaks minimum tick size/i, code: 'INVALID_ORDER_MIN_TICK_SIZE', make: (m, d) => new InvalidOrder(m, d) },
  { test: /lower than the minimum/i, code: 'INVALID_ORDER_MIN_SIZE', make: (m, d) => new InvalidOrder(m, d) },
  { test: /post-only mode/i, code: 'post_only_mode', make: (m, d) => new VenueUnavailable(m, d) },
  { test: /post-only|crosses the book/i, code: 'INVALID_POST_ONLY_ORDER', make: (m, d) => new InvalidOrder(m, d) },
  { test: /not enough balance|allowance/i, code: 'INVALID_ORDER_NOT_ENOUGH_BALANCE', make: (m, d) => new InsufficientFunds(m, d) },
  { test: /invalid expiration/i, code: 'INVALID_ORDER_EXPIRATION', make: (m, d) => new InvalidOrder(m, d) },
  { test: /FOK orders|fully filled or killed/i, code: 'FOK_ORDER_NOT_FILLED_ERROR', make: (m, d) => new InvalidOrder(m, d) },
  { test: /FAK order|no orders found to match/i, code: 'FAK_ORDER_NOT_FILLED_ERROR', make: (m, d) => new InvalidOrder(m, d) },
  { test: /not yet ready|market is closed|market closed|not accepting orders/i, code: 'MARKET_NOT_READY', make: (m, d) => new MarketClosed(m, d) },
  { test: /address banned|closed only mode|geoblock|restricted/i, code: 'ACCOUNT_RESTRICTED', make: (m, d) => new PermissionDenied(m, d) },
  { test: /owner has to be|signer address has to be/i, code: 'OWNER_MISMATCH', make: (m, d) => new PermissionDenied(m, d) },
  { test: /signature/i, code: 'INVALID_ORDER_SIGNATURE', make: (m, d) => new InvalidOrder(m, d) },
  { test: /Invalid L1 Request headers|Unauthorized|Invalid api key/i, code: 'UNAUTHORIZED', make: (m, d) => new AuthenticationError(m, d) },
  { test: /not found/i, code: 'NOT_FOUND', make: (m, d) => new NotFound(m, d) },
  { test: /cancel-only|Trading is currently disabled/i, code: 'TRADING_HALTED', make: (m, d) => new VenueUnavailable(m, d) },
  { test: /Too many orders in payload|Payload exceeds the limit/i, code: 'PAYLOAD_TOO_LARGE', make: (m, d) => new BadRequest(m, d) },
  { test: /invalid nonce|order .* is invalid|rounding issues|discrepancy/i, code: 'INVALID_ORDER_ERROR', make: (m, d) => new InvalidOrder(m, d) },
];

export interface PolymarketErrorInput {
  status: number;
  /** The venue's message (`error` / `errorMsg`), verbatim. */
  message: string;
  endpoint: string;
  /** A `code` field if the body carried one (503 post-only mode does). */
  code?: string;
  retryAfterMs?: number;
}

/** Maps one Polymarket failure (an HTTP error body or a batch entry's `errorMsg`) to a typed error. */
export function polymarketError(input: PolymarketErrorInput): VennError {
  const { status, message, endpoint } = input;
  const base: VennErrorDetails = {
    venue: VENUE,
    status,
    venueMessage: message,
    endpoint,
    ...(input.retryAfterMs !== undefined ? { retryAfterMs: input.retryAfterMs } : {}),
  };
  const text = `polymarket ${endpoint}: ${message || `HTTP ${status}`}`;
  if (status === 429) return new RateLimited(text, { ...base, venueCode: input.code ?? 'rate_limited' });
  if (status === 425) return new VenueUnavailable(text, { ...base, venueCode: input.code ?? 'engine_restarting' });
  for (const rule of RULES) {
    if (rule.test.test(message)) return rule.make(text, { ...base, venueCode: input.code ?? rule.code });
  }
  const details = { ...base, venueCode: input.code ?? `http_${status}` };
  if (status === 401) return new AuthenticationError(text, details);
  if (status === 403) return new PermissionDenied(text, details);
  if (status === 404) return new NotFound(text, details);
  if (status >= 500) return new VenueUnavailable(text, details);
  return new BadRequest(text, details);
}

/** The `mapError` hook of the shared HTTP client: Polymarket's `{"error": "..."}` bodies → typed errors. */
export function mapPolymarketHttpError(res: ErrorResponse): VennError {
  const retryAfterMs = parseRetryAfter(res.headers['retry-after']);
  const code = extractVenueCode(res.body);
  return polymarketError({
    status: res.status,
    message: extractVenueMessage(res.body, res.text) ?? '',
    endpoint: res.endpoint,
    ...(code !== undefined ? { code } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  });
}
