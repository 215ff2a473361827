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
  VenueUnavailable,
  type VennError,
} from '../../src/core/index.js';
import { defaultErrorParts, mapVenueError, parseVenuePayload, type VenueErrorSpec } from '../../src/venue/index.js';

/**
 * Polymarket's error knowledge as data for the shared pipeline (docs/venues/polymarket.md,
 * "Errors"). Bodies are `{"error": "<message>"}` (batch entries carry `errorMsg`); there are no
 * stable codes on the wire except `code` on the 503 post-only answer. The documented
 * `INVALID_ORDER_*` names are labels of the messages, so rules match message substrings and report
 * the label as `venueCode`.
 */

const VENUE = 'polymarket' as const;

/** Parses a venue payload; a mismatch throws `VenueFormatError` naming endpoint and field. */
export function parseWire<T>(schema: ZodType<T>, data: unknown, endpoint: string): T {
  return parseVenuePayload(schema, data, { venue: VENUE, endpoint });
}

export const POLYMARKET_ERRORS: VenueErrorSpec = {
  venue: VENUE,
  parse: defaultErrorParts,
  table: {
    // Ordered: the first matching rule wins.
    broad: [
      { match: /order_version_mismatch/i, error: InvalidOrder, label: 'order_version_mismatch' },
      { match: /duplicated/i, error: DuplicateOrder, label: 'INVALID_ORDER_DUPLICATED' },
      { match: /breaks minimum tick size/i, error: InvalidOrder, label: 'INVALID_ORDER_MIN_TICK_SIZE' },
      { match: /lower than the minimum/i, error: InvalidOrder, label: 'INVALID_ORDER_MIN_SIZE' },
      // `invalid amounts, the market buy orders maker amount supports a max accuracy of 2 decimals,
      // taker amount a max of 4 decimals` and its limit-order form (docs/venues/polymarket.md §6.3);
      // `invalid amount for a marketable BUY order ($0.99), min size: 1` (§6.3).
      { match: /invalid amounts?\b/i, error: InvalidOrder, label: 'INVALID_ORDER_AMOUNTS' },
      { match: /post-only mode/i, error: VenueUnavailable, label: 'post_only_mode' },
      { match: /post-only|crosses the book/i, error: InvalidOrder, label: 'INVALID_POST_ONLY_ORDER' },
      { match: /not enough balance|allowance/i, error: InsufficientFunds, label: 'INVALID_ORDER_NOT_ENOUGH_BALANCE' },
      { match: /invalid expiration/i, error: InvalidOrder, label: 'INVALID_ORDER_EXPIRATION' },
      { match: /FOK orders|fully filled or killed/i, error: InvalidOrder, label: 'FOK_ORDER_NOT_FILLED_ERROR' },
      { match: /FAK order|no orders found to match/i, error: InvalidOrder, label: 'FAK_ORDER_NOT_FILLED_ERROR' },
      { match: /not yet ready|market is closed|market closed|not accepting orders/i, error: MarketClosed, label: 'MARKET_NOT_READY' },
      { match: /address banned|closed only mode|geoblock|restricted/i, error: PermissionDenied, label: 'ACCOUNT_RESTRICTED' },
      { match: /owner has to be|signer address has to be/i, error: PermissionDenied, label: 'OWNER_MISMATCH' },
      { match: /signature/i, error: InvalidOrder, label: 'INVALID_ORDER_SIGNATURE' },
      { match: /Invalid L1 Request headers|Unauthorized|Invalid api key/i, error: AuthenticationError, label: 'UNAUTHORIZED' },
      { match: /not found/i, error: NotFound, label: 'NOT_FOUND' },
      { match: /cancel-only|Trading is currently disabled/i, error: VenueUnavailable, label: 'TRADING_HALTED' },
      { match: /Too many orders in payload|Payload exceeds the limit/i, error: BadRequest, label: 'PAYLOAD_TOO_LARGE' },
      { match: /invalid nonce|order .* is invalid|rounding issues|discrepancy/i, error: InvalidOrder, label: 'INVALID_ORDER_ERROR' },
    ],
    // 425 Too Early: the matching engine is restarting (a maintenance window); retry later.
    status: [{ status: 425, error: VenueUnavailable, label: 'engine_restarting' }],
  },
};

/** The error of a refused batch entry or order response (`errorMsg`, answered with HTTP 200/400). */
export function polymarketOrderError(message: string, endpoint: string): VennError {
  return mapVenueError(POLYMARKET_ERRORS, { status: 400, body: { error: message }, text: '', endpoint, headers: {} }, { idempotent: false });
}
