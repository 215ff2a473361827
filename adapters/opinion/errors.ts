import {
  AuthenticationError,
  BadRequest,
  DuplicateOrder,
  InsufficientFunds,
  InvalidOrder,
  MarketClosed,
  NotFound,
  PermissionDenied,
  VenueError,
  VenueUnavailable,
  type VennError,
} from '../../src/core/index.js';
import { mapVenueError, type VenueErrorParts, type VenueErrorSpec } from '../../src/venue/index.js';
import { VENUE } from './constants.js';

/**
 * Opinion's error knowledge as data for the shared pipeline (docs/venues/opinion.md §3). Every
 * reply is the envelope `{errno, errmsg, result}`; a non-zero `errno` is an error whatever the HTTP
 * status, usually 200. The client hands such a body to `opinionError`, which runs the same tables
 * (and the shared rules after them) as a non-2xx reply gets from the HTTP client.
 *
 * Exact codes are those the venue's clients list (§2, §3). Failures the venue names only by message
 * fragments ("Insufficient token balance", "below the minimum required value", "must be the current
 * multi-signature wallet") are matched by those fragments. An errno that neither table knows is
 * reported as such — naming endpoint, code and message — never passed off as success.
 */

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** `errno` (a number on the wire) and `errmsg` of an envelope; `code`/`msg` of the docs' variant. */
export function opinionErrorParts(body: unknown, text: string): VenueErrorParts {
  if (body === null || typeof body !== 'object') {
    const t = text.trim();
    return t !== '' && !t.startsWith('<') ? { message: t.slice(0, 200) } : {};
  }
  const o = body as Record<string, unknown>;
  const code = o['errno'] ?? o['code'];
  return {
    ...(typeof code === 'number' || (typeof code === 'string' && code !== '') ? { code: String(code) } : {}),
    ...((str(o['errmsg']) ?? str(o['msg']) ?? str(o['message'])) !== undefined ? { message: str(o['errmsg']) ?? str(o['msg']) ?? str(o['message']) } : {}),
  };
}

/** The errno values the venue's clients document (§2, §3). */
export const KNOWN_ERRNO = {
  10000: BadRequest, // bad parameter ("token_id is required")
  10014: PermissionDenied, // "Please enable trading first" (Safe approvals missing)
  10200: NotFound, // "Topic ID does not exist"
  10403: PermissionDenied, // restricted jurisdiction
  10605: InvalidOrder, // "Depth not enough" (market order, empty book)
  10610: InvalidOrder, // "postOnly is not allowed for market orders"
  11001: AuthenticationError, // key has no Opinion login wallet
  11002: AuthenticationError, // invalid API key
  11004: VenueUnavailable, // key issuance temporarily disabled
  11005: PermissionDenied, // wallet is not a registered Opinion account
  11009: DuplicateOrder, // an API key already exists for the wallet
  11010: NotFound, // no API key for the wallet
  11011: AuthenticationError, // bad key-management signature
  11012: AuthenticationError, // key-management signature expired
  11013: AuthenticationError, // key-management signature already used
} as const;

export const OPINION_ERRORS: VenueErrorSpec = {
  venue: VENUE,
  parse: opinionErrorParts,
  table: {
    exact: Object.fromEntries(Object.entries(KNOWN_ERRNO).map(([code, cls]) => [code, cls])),
    // Ordered: the first matching rule wins. Messages the venue's clients quote (§3).
    broad: [
      { match: /insufficient (token )?balance/i, error: InsufficientFunds, label: 'insufficient_balance' },
      { match: /below the minimum required value/i, error: InvalidOrder, label: 'below_minimum' },
      { match: /must be the current multi-signature wallet/i, error: PermissionDenied, label: 'maker_not_safe' },
      { match: /enable trading/i, error: PermissionDenied, label: 'trading_not_enabled' },
      { match: /duplicate/i, error: DuplicateOrder, label: 'duplicate_order' },
      { match: /post-?only/i, error: InvalidOrder, label: 'post_only' },
      { match: /signature/i, error: InvalidOrder, label: 'invalid_order_signature' },
      { match: /\bprice\b|tick/i, error: InvalidOrder, label: 'invalid_price' },
      { match: /not open for trading|market (is )?(closed|resolved)/i, error: MarketClosed, label: 'market_not_open' },
      { match: /api ?key/i, error: AuthenticationError, label: 'api_key' },
      { match: /does not exist|not found/i, error: NotFound, label: 'not_found' },
    ],
  },
};

/** Whether the tables recognise an error body (an exact errno or a known message fragment). */
export function isKnownError(body: unknown): boolean {
  const { code, message } = opinionErrorParts(body, '');
  if (code !== undefined && OPINION_ERRORS.table.exact?.[code]) return true;
  const hit = (s: string | undefined, m: string | RegExp) => s !== undefined && (typeof m === 'string' ? s.toLowerCase().includes(m.toLowerCase()) : m.test(s));
  return (OPINION_ERRORS.table.broad ?? []).some((r) => hit(code, r.match) || hit(message, r.match));
}

export interface EnvelopeError {
  endpoint: string;
  status: number;
  body: unknown;
  /** Reads are idempotent; writes get the shared outcome-unknown rules. */
  idempotent: boolean;
}

/**
 * The typed error of an envelope with a non-zero `errno`. An errno the tables do not know fails
 * as a `VenueError` whose message says so, with the endpoint, the code and the venue's message.
 */
export function opinionError(e: EnvelopeError): VennError {
  const res = { status: e.status, body: e.body, text: '', endpoint: e.endpoint, headers: {} };
  if (isKnownError(e.body) || e.status === 429 || e.status >= 500) return mapVenueError(OPINION_ERRORS, res, { idempotent: e.idempotent });
  const { code, message } = opinionErrorParts(e.body, '');
  return new VenueError(`${VENUE} ${e.endpoint}: unknown errno ${code ?? '(none)'} (HTTP ${e.status})${message ? `: ${message}` : ''}`, {
    venue: VENUE,
    status: e.status,
    endpoint: e.endpoint,
    ...(code !== undefined ? { venueCode: code } : {}),
    ...(message !== undefined ? { venueMessage: message } : {}),
  });
}
