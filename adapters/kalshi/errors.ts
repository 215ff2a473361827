import {
  AuthenticationError,
  DuplicateOrder,
  InsufficientFunds,
  InvalidOrder,
  MarketClosed,
  NotFound,
  type VennError,
} from '../../src/core/index.js';
import { mapVenueError, type VenueErrorParts, type VenueErrorSpec } from '../../src/venue/index.js';

/**
 * Kalshi's error knowledge as data for the shared pipeline (docs/venues/kalshi.md §7).
 * Four body shapes occur:
 * - nested `{"error":{"code","message","details"}}` (most HTTP errors),
 * - `{"error":"too many requests"}` (429),
 * - flat `{"code","message","details"}` (the spec's ErrorResponse; also inside batch items),
 * - bare `{"msg": "..."}`.
 * Codes can be dynamic (`user_not_found:_<uuid>`) and vary in case, so they are matched by prefix,
 * case-insensitively.
 */

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** The code and message (with Kalshi's `details` appended when they differ) of any body shape. */
export function kalshiErrorParts(body: unknown): VenueErrorParts {
  if (body === null || typeof body !== 'object') return {};
  const o = body as Record<string, unknown>;
  const err = o['error'];
  if (typeof err === 'string') return { message: err };
  const src = err !== null && typeof err === 'object' ? (err as Record<string, unknown>) : o;
  const message = str(src['message']) ?? str(o['msg']) ?? str(src['msg']);
  const details = str(src['details']);
  const joined = [message, details && details !== message ? details : undefined].filter(Boolean).join(' — ');
  return { code: str(src['code']), message: joined === '' ? undefined : joined };
}

const prefix = (...codes: string[]): RegExp => new RegExp(`^(${codes.join('|')})`, 'i');

/** Order creation, single or batched (not amend/decrease, which carry `{order_id}`). */
const CREATE = /^POST \/portfolio\/events\/orders(\/batched)?$/;
/** Any order write. */
const ORDER_WRITE = /^(POST|PUT|DELETE|PATCH) \/portfolio\/(events\/)?orders/;

export const KALSHI_ERRORS: VenueErrorSpec = {
  venue: 'kalshi',
  parse: (body) => kalshiErrorParts(body),
  table: {
    broad: [
      { match: prefix('authentication_error', 'header_timestamp_expired', 'incorrect_api_key', 'unauthorized', 'missing_header'), error: AuthenticationError },
      { match: prefix('market_inactive', 'market_closed', 'market_not_active', 'trading_is_paused', 'exchange_closed', 'trading_paused'), error: MarketClosed },
      { match: prefix('insufficient'), error: InsufficientFunds },
      { match: prefix('order_already_exists', 'duplicate', 'client_order_id_already'), error: DuplicateOrder },
      { match: prefix('not_found', 'market_not_found', 'order_not_found', 'user_not_found'), error: NotFound },
    ],
    status: [
      // A 409 on creation is a duplicate client order id; elsewhere the order cannot be modified.
      { status: 409, endpoint: CREATE, error: DuplicateOrder },
      { status: 409, error: InvalidOrder },
      { status: 400, endpoint: ORDER_WRITE, error: InvalidOrder },
    ],
  },
};

/** The error of one failed item of a batch create/cancel (a flat ErrorResponse inside the item). */
export function mapBatchItemError(
  endpoint: string,
  error: { code?: string | null; message?: string | null; details?: string | null },
): VennError {
  const code = error.code ?? undefined;
  const status = code && /^(not_found|order_not_found|market_not_found)/i.test(code) ? 404 : 400;
  return mapVenueError(KALSHI_ERRORS, { status, body: error, text: '', endpoint, headers: {} }, { idempotent: false });
}
