import { NetworkError, OrderStateUnknown, Timeout, VenueUnavailable } from '../core/errors.js';
import type { VenueId } from '../core/ids.js';

/** What an error mapper sees of a non-success response. */
export interface ErrorResponse {
  status: number;
  /** Parsed JSON body, or undefined when the body is not JSON. */
  body: unknown;
  text: string;
  endpoint: string;
  /** Response headers (lower-case names). Request headers are never exposed. */
  headers: Record<string, string>;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/**
 * The venue's message from a JSON error body: `message`, `error` (string), `error.message`,
 * `errorMsg`, `errmsg` or `detail`, in that order. Falls back to a short plain-text body (an HTML
 * page from a CDN is reduced to nothing rather than dumped into an error).
 */
export function extractVenueMessage(body: unknown, text: string): string | undefined {
  if (body !== null && typeof body === 'object') {
    const o = body as Record<string, unknown>;
    const err = o['error'];
    const nested = err !== null && typeof err === 'object' ? str((err as Record<string, unknown>)['message']) : undefined;
    const found = str(o['message']) ?? str(err) ?? nested ?? str(o['errorMsg']) ?? str(o['errmsg']) ?? str(o['detail']);
    if (found) return found.slice(0, 500);
  }
  const trimmed = text.trim();
  if (trimmed !== '' && !trimmed.startsWith('<') && body === undefined) return trimmed.slice(0, 200);
  return undefined;
}

/** The venue's machine code from a JSON error body (`code`, `error.code`, `errno`), when present. */
export function extractVenueCode(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const o = body as Record<string, unknown>;
  const err = o['error'];
  const candidates = [o['code'], err !== null && typeof err === 'object' ? (err as Record<string, unknown>)['code'] : undefined, o['errno']];
  for (const c of candidates) {
    if (typeof c === 'string' && c !== '') return c;
    if (typeof c === 'number') return String(c);
  }
  return undefined;
}

/**
 * `Retry-After` in milliseconds: delta-seconds (`"5"`, `"1.5"`) or an HTTP date. Undefined when
 * absent or unparsable; never negative.
 */
export function parseRetryAfter(value: string | undefined, nowMs: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (v === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/** Error codes of failures that happen before any byte of the request reached the venue. */
const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);

export type TransportFailure = 'connect' | 'timeout' | 'network';

function codeOf(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e !== null && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Classifies a transport exception. `timedOut` says our own deadline fired. */
export function classifyTransportError(err: unknown, timedOut: boolean): TransportFailure {
  if (timedOut) return 'timeout';
  const code = codeOf(err);
  if (code !== undefined && CONNECT_CODES.has(code)) return 'connect';
  if (code !== undefined && TIMEOUT_CODES.has(code)) return 'timeout';
  return 'network';
}

/**
 * The typed error for a transport failure. A write that may have reached the venue (anything but a
 * connect failure) becomes `OrderStateUnknown`: the caller must reconcile, never retry blindly.
 */
export function transportError(
  venue: VenueId,
  endpoint: string,
  failure: TransportFailure,
  idempotent: boolean,
  cause: unknown,
  timeoutMs: number,
): NetworkError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  if (!idempotent && failure !== 'connect') {
    return new OrderStateUnknown(
      `${venue} ${endpoint}: ${failure === 'timeout' ? `no response within ${timeoutMs} ms` : `connection lost (${detail})`}; the write may or may not have been applied`,
      { venue, endpoint, cause },
    );
  }
  if (failure === 'timeout') return new Timeout(`${venue} ${endpoint}: no response within ${timeoutMs} ms`, { venue, endpoint, cause });
  if (failure === 'connect') return new VenueUnavailable(`${venue} ${endpoint}: cannot connect (${detail})`, { venue, endpoint, cause });
  return new NetworkError(`${venue} ${endpoint}: network error (${detail})`, { venue, endpoint, cause });
}
