import type { VenueId } from './ids.js';

/**
 * Error classes, split as CCXT does: a `VenueError` means the venue said no (retrying will not
 * help); a `NetworkError` means try again later. Every error carries the venue, the HTTP status,
 * the venue's own code and message, and `retryable`.
 */
export interface VennErrorDetails {
  venue?: VenueId;
  /** HTTP status of the venue response, when there was one. */
  status?: number;
  /** The venue's own error code (e.g. `market_not_found`). */
  venueCode?: string;
  /** The venue's own error message, verbatim. */
  venueMessage?: string;
  /** The endpoint that failed, e.g. `GET /markets/{ticker}`. */
  endpoint?: string;
  /** Milliseconds the venue asked us to wait (Retry-After), when it said. */
  retryAfterMs?: number;
  cause?: unknown;
}

export class VennError extends Error {
  override name = 'VennError';
  readonly retryable: boolean = false;
  /** A stable machine-readable code used in problem+json bodies. */
  readonly code: string = 'venn_error';
  readonly venue?: VenueId;
  readonly status?: number;
  readonly venueCode?: string;
  readonly venueMessage?: string;
  readonly endpoint?: string;
  readonly retryAfterMs?: number;

  constructor(message: string, details: VennErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.venue = details.venue;
    this.status = details.status;
    this.venueCode = details.venueCode;
    this.venueMessage = details.venueMessage;
    this.endpoint = details.endpoint;
    this.retryAfterMs = details.retryAfterMs;
  }

  /** A JSON-safe view for logs and problem bodies (never includes request headers or secrets). */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      retryable: this.retryable,
      venue: this.venue,
      status: this.status,
      venueCode: this.venueCode,
      venueMessage: this.venueMessage,
      endpoint: this.endpoint,
    };
  }
}

/** The venue understood the request and refused it. Not retryable. */
export class VenueError extends VennError {
  override name = 'VenueError';
  override readonly code: string = 'venue_error';
}
export class AuthenticationError extends VenueError {
  override name = 'AuthenticationError';
  override readonly code: string = 'authentication_failed';
}
/**
 * The operation needs venue credentials and none are configured. Every adapter answers this same
 * error for every method that needs credentials (its `has` map stays what the venue supports).
 */
export class MissingCredentials extends AuthenticationError {
  override name = 'MissingCredentials';
  override readonly code = 'credentials_missing';
  constructor(venue: VenueId, what: string) {
    super(`${venue} ${what}: needs ${venue} credentials, and none are configured`, { venue });
  }
}
export class PermissionDenied extends VenueError {
  override name = 'PermissionDenied';
  override readonly code = 'permission_denied';
}
export class NotFound extends VenueError {
  override name = 'NotFound';
  override readonly code = 'not_found';
}
export class InvalidOrder extends VenueError {
  override name = 'InvalidOrder';
  override readonly code = 'invalid_order';
}
export class InsufficientFunds extends VenueError {
  override name = 'InsufficientFunds';
  override readonly code = 'insufficient_funds';
}
export class MarketClosed extends VenueError {
  override name = 'MarketClosed';
  override readonly code = 'market_closed';
}
export class BadRequest extends VenueError {
  override name = 'BadRequest';
  override readonly code = 'bad_request';
}
/** A duplicate client order id or similar: the write already happened. */
export class DuplicateOrder extends InvalidOrder {
  override name = 'DuplicateOrder';
}
/** The venue answered with a payload that does not match its documented format. */
export class VenueFormatError extends VenueError {
  override name = 'VenueFormatError';
  override readonly code = 'venue_format_changed';
}
/** The adapter does not support this operation (see its `has` map). */
export class NotSupported extends VennError {
  override name = 'NotSupported';
  override readonly code = 'not_supported';
}

/** Something between us and the venue failed; try again later. */
export class NetworkError extends VennError {
  override name = 'NetworkError';
  override readonly retryable: boolean = true;
  override readonly code: string = 'network_error';
}
export class RateLimited extends NetworkError {
  override name = 'RateLimited';
  override readonly code = 'rate_limited';
}
export class Timeout extends NetworkError {
  override name = 'Timeout';
  override readonly code = 'timeout';
}
export class VenueUnavailable extends NetworkError {
  override name = 'VenueUnavailable';
  override readonly code: string = 'venue_unavailable';
}
/**
 * The request's overall deadline passed while it waited for the venue (its calls, retries and
 * backoff included). `timeoutMs` is the deadline the request had.
 */
export class DeadlineExceeded extends Timeout {
  override name = 'DeadlineExceeded';
  constructor(
    message: string,
    readonly timeoutMs: number,
    details: VennErrorDetails = {},
  ) {
    super(message, details);
  }
}
/**
 * Shed before reaching the venue: the venue's budget has no room for this request within its
 * deadline (its queue is full, or the wait would outlast the deadline). `retryAfterMs` says when
 * room is expected.
 */
export class Overloaded extends VenueUnavailable {
  override name = 'Overloaded';
  override readonly code = 'overloaded';
  constructor(
    message: string,
    readonly reason: 'queue_full' | 'deadline',
    details: VennErrorDetails = {},
  ) {
    super(message, details);
  }
}
/**
 * An order write whose outcome is unknown (the response was lost). Callers must reconcile by
 * client order id before doing anything else; it is never retried, so it is not retryable.
 */
export class OrderStateUnknown extends NetworkError {
  override name = 'OrderStateUnknown';
  override readonly retryable = false;
  override readonly code = 'order_state_unknown';
}
