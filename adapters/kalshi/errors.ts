import {
  AuthenticationError,
  DuplicateOrder,
  InsufficientFunds,
  InvalidOrder,
  MarketClosed,
  NotFound,
  OrderStateUnknown,
  RateLimited,
} from '../../src/core/index.js';
import type { VennError } from '../../src/core/index.js';
import { mapHttpError } from '../../src/venue/http-errors.js';
import type { ErrorResponse } from '../../src/venue/http-errors.js';

/**
 * Kalshi error bodies → our error classes (venues/kalshi.md §7). Four body shapes occur:
 * - nested `{"error":{"code","message","details"}}` (most HTTP errors),
 * - `{"error":"too many requests"}` (429),
 * - flat `{"code","message","details"}` (the spec's ErrorResponse; also inside batch items),
 * - bare `{"msg": "..."}`.
 * Codes can be dynamic (`user_not_found:_<uuid>`), so they are matched by prefix, case-insensitive.
 */

export interface KalshiErrorParts {
  code?: string;
  message?: string;
  details?: string;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** The code, message and details of any of Kalshi's error body shapes. */
export function kalshiErrorParts(body: unknown): KalshiErrorParts {
  if (body === null || typeof body !== 'object') return {};
  const o = body as Record<string, unknown>;
  const err = o['error'];
  if (typeof err === 'string') return { message: err };
  const src = err !== null && typeof err === 'object' ? (err as Record<string, unknown>) : o;
  return {
    code: str(src['code']),
    message: str(src['message']) ?? str(o['msg']) ?? str(src['msg']),
    details: str(src['details']),
  };
}

const has = (code: string | undefined, ...prefixes: string[]): boolean => {
  if (!code) return false;
  const c = code.toLowerCase();
  return prefixes.some((p) => c.startsWith(p));
};

const MARKET_CLOSED = ['market_inactive', 'market_closed', 'market_not_active', 'trading_is_paused', 'exchange_closed', 'trading_paused'];
const INSUFFICIENT = ['insufficient_balance', 'insufficient_funds', 'insufficient'];
const DUPLICATE = ['order_already_exists', 'duplicate', 'client_order_id_already'];
const NOT_FOUND = ['not_found', 'market_not_found', 'order_not_found', 'user_not_found'];
const AUTH = ['authentication_error', 'header_timestamp_expired', 'incorrect_api_key', 'unauthorized', 'missing_header'];

/** Order creation (single or batched): a 409 there is a duplicate client order id. */
function isCreateEndpoint(endpoint: string): boolean {
  return endpoint.startsWith('POST /portfolio/events/orders') && !endpoint.includes('{order_id}');
}

/** True for order-write endpoints, where a 400 is an invalid order rather than a bad request. */
function isOrderEndpoint(endpoint: string): boolean {
  return /\/portfolio\/(events\/)?orders/.test(endpoint) && !endpoint.startsWith('GET');
}

/**
 * Maps a failed Kalshi response to a typed error carrying Kalshi's code and message. Returns
 * undefined for nothing: every status is mapped (the generic mapping handles the rest).
 */
export function mapKalshiError(res: ErrorResponse): VennError {
  const { code, message, details } = kalshiErrorParts(res.body);
  const venueMessage = [message, details && details !== message ? details : undefined].filter(Boolean).join(' — ') || undefined;
  const d = { venue: 'kalshi' as const, status: res.status, venueCode: code, venueMessage, endpoint: res.endpoint };
  const text = (what: string): string =>
    `kalshi ${res.endpoint}: ${what} (HTTP ${res.status}${code ? ` ${code}` : ''})${venueMessage ? `: ${venueMessage}` : ''}`;

  if (res.status === 429) return new RateLimited(text('rate limited'), d);
  if (res.status === 401 || has(code, ...AUTH)) return new AuthenticationError(text('authentication failed'), d);
  if (has(code, ...MARKET_CLOSED)) return new MarketClosed(text('market not open for trading'), d);
  if (has(code, ...INSUFFICIENT)) return new InsufficientFunds(text('insufficient funds'), d);
  if (has(code, ...DUPLICATE) || (res.status === 409 && isCreateEndpoint(res.endpoint))) return new DuplicateOrder(text('duplicate order'), d);
  if (res.status === 409) return new InvalidOrder(text('order cannot be modified'), d);
  if (res.status === 404 || has(code, ...NOT_FOUND)) return new NotFound(text('not found'), d);
  if (res.status === 400 && isOrderEndpoint(res.endpoint)) return new InvalidOrder(text('order rejected'), d);
  // A gateway error to a write means the venue did not answer in time: the write may have been
  // applied, so the caller must reconcile instead of retrying it.
  if ((res.status === 502 || res.status === 504) && !res.endpoint.startsWith('GET ')) {
    return new OrderStateUnknown(text('gateway error; the write may or may not have been applied'), d);
  }
  const generic = mapHttpError('kalshi', res);
  return generic;
}

/** The error of one failed item of a batch create/cancel (flat ErrorResponse inside the item). */
export function mapBatchItemError(
  endpoint: string,
  error: { code?: string | null; message?: string | null; details?: string | null },
): VennError {
  const code = error.code ?? undefined;
  const status = has(code, ...NOT_FOUND) ? 404 : has(code, ...DUPLICATE) ? 409 : 400;
  return mapKalshiError({ status, body: error, text: '', endpoint, headers: {} });
}
