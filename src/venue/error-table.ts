import {
  AuthenticationError,
  BadRequest,
  DuplicateOrder,
  NotFound,
  OrderStateUnknown,
  PermissionDenied,
  RateLimited,
  VenueError,
  VenueUnavailable,
  type VennError,
  type VennErrorDetails,
} from '../core/errors.js';
import type { VenueId } from '../core/ids.js';
import { extractVenueCode, extractVenueMessage, type ErrorResponse } from './http-errors.js';

/**
 * The one error pipeline every adapter goes through, after CCXT's `exceptions: { exact, broad }`.
 * A venue supplies data, not code paths: a body parser and tables of exact and broad matches. The
 * shared rules then always run after the venue's table, so no table can shadow them:
 *
 * - a 429 is `RateLimited`, carrying the venue's `Retry-After`;
 * - on a write (a non-idempotent request), a 502 or 504 is `OrderStateUnknown`: a gateway said the
 *   venue did not answer in time, so the write may have happened; it is never retried blindly and
 *   the caller reconciles (timeouts and resets on writes become the same error in the transport
 *   layer, see `transportError`);
 * - every error carries venue, endpoint, HTTP status, the venue's code and message, and the
 *   requested wait when there was one.
 */

export type VennErrorClass = new (message: string, details?: VennErrorDetails) => VennError;

/** What a venue's body parser extracts from an error body. */
export interface VenueErrorParts {
  code?: string;
  message?: string;
}

export interface StatusRule {
  status: number;
  /** Only for endpoints whose label (`POST /orders/{id}`) matches. */
  endpoint?: RegExp;
  error: VennErrorClass;
  /** The stable label reported as `venueCode` when the venue sends no code of its own. */
  label?: string;
}

export interface BroadRule {
  /** A case-insensitive substring, or a regular expression, of the venue's code or message. */
  match: string | RegExp;
  error: VennErrorClass;
  /** The stable label reported as `venueCode` when the venue sends no code of its own. */
  label?: string;
}

export interface VenueErrorTable {
  /** The venue's own error code, or its whole message, → class (case-sensitive, exact). */
  exact?: Readonly<Record<string, VennErrorClass>>;
  /** Substrings or patterns of the code or message, in order; the first match wins. */
  broad?: readonly BroadRule[];
  /** Status (and endpoint) rules, tried after `exact` and `broad`. */
  status?: readonly StatusRule[];
}

export interface VenueErrorSpec {
  venue: VenueId;
  /** The venue's code and message from an error body; defaults to the common shapes. */
  parse?: (body: unknown, text: string) => VenueErrorParts;
  table: VenueErrorTable;
}

export interface ErrorContext {
  /** Whether the request was idempotent (reads). Writes get the outcome-unknown rule. */
  idempotent: boolean;
  retryAfterMs?: number;
}

/** The common body shapes (`message`, `error`, `error.message`, `errorMsg`, `errmsg`; `code`, `errno`). */
export function defaultErrorParts(body: unknown, text: string): VenueErrorParts {
  return { code: extractVenueCode(body), message: extractVenueMessage(body, text) };
}

function testRule(rule: BroadRule, code: string | undefined, message: string | undefined): boolean {
  const hit = (s: string | undefined): boolean => {
    if (s === undefined) return false;
    return typeof rule.match === 'string' ? s.toLowerCase().includes(rule.match.toLowerCase()) : rule.match.test(s);
  };
  return hit(code) || hit(message);
}

/** The generic mapping by status alone, used when the venue's table has no match. */
export function classByStatus(status: number): VennErrorClass {
  if (status === 400 || status === 422) return BadRequest;
  if (status === 401) return AuthenticationError;
  if (status === 403) return PermissionDenied;
  if (status === 404) return NotFound;
  if (status === 409) return DuplicateOrder;
  if (status === 429) return RateLimited;
  if (status >= 500) return VenueUnavailable;
  return VenueError;
}

function lookup(table: VenueErrorTable, res: ErrorResponse, parts: VenueErrorParts): { error: VennErrorClass; label?: string } | undefined {
  const { code, message } = parts;
  const exact = (code !== undefined ? table.exact?.[code] : undefined) ?? (message !== undefined ? table.exact?.[message] : undefined);
  if (exact) return { error: exact };
  for (const rule of table.broad ?? []) {
    if (testRule(rule, code, message)) return { error: rule.error, label: rule.label };
  }
  for (const rule of table.status ?? []) {
    if (rule.status === res.status && (!rule.endpoint || rule.endpoint.test(res.endpoint))) return { error: rule.error, label: rule.label };
  }
  return undefined;
}

/** Maps a failed venue response to a typed error: the venue's table first, the shared rules last. */
export function mapVenueError(spec: VenueErrorSpec, res: ErrorResponse, ctx: ErrorContext): VennError {
  const parts = (spec.parse ?? defaultErrorParts)(res.body, res.text);
  const found = lookup(spec.table, res, parts);
  const venueCode = parts.code ?? found?.label;
  const details: VennErrorDetails = {
    venue: spec.venue,
    status: res.status,
    endpoint: res.endpoint,
    ...(venueCode !== undefined ? { venueCode } : {}),
    ...(parts.message !== undefined ? { venueMessage: parts.message } : {}),
    ...(ctx.retryAfterMs !== undefined ? { retryAfterMs: ctx.retryAfterMs } : {}),
  };
  const text = (what: string): string =>
    `${spec.venue} ${res.endpoint}: ${what} (HTTP ${res.status}${venueCode ? ` ${venueCode}` : ''})${parts.message ? `: ${parts.message}` : ''}`;

  // The shared rules, which no venue table can override.
  if (res.status === 429) return new RateLimited(text('rate limited'), details);
  if (!ctx.idempotent && (res.status === 502 || res.status === 504)) {
    return new OrderStateUnknown(text('gateway error; the write may or may not have been applied'), details);
  }
  const ErrorClass = found?.error ?? classByStatus(res.status);
  return new ErrorClass(text(describe(ErrorClass)), details);
}

const DESCRIPTIONS = new Map<VennErrorClass, string>([
  [BadRequest, 'bad request'],
  [AuthenticationError, 'authentication failed'],
  [PermissionDenied, 'permission denied'],
  [NotFound, 'not found'],
  [DuplicateOrder, 'duplicate order'],
  [VenueUnavailable, 'venue unavailable'],
  [VenueError, 'refused'],
]);

function describe(cls: VennErrorClass): string {
  return DESCRIPTIONS.get(cls) ?? cls.name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
