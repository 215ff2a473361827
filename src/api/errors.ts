/**
 * Error handling for the API: zod validation failures become a 400 naming each parameter, Venn
 * errors map to a status with their stable code, anything else is a bare 500 (no stack, no internal
 * message; the error is logged instead).
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Logger } from 'pino';
import type { ZodError } from 'zod';
import {
  AuthenticationError,
  BadRequest,
  DeadlineExceeded,
  Overloaded,
  DuplicateOrder,
  IdError,
  InsufficientFunds,
  InvalidOrder,
  MarketClosed,
  MissingCredentials,
  NetworkError,
  NotFound,
  NotSupported,
  OrderStateUnknown,
  PermissionDenied,
  RateLimited,
  Timeout,
  VennError,
  VenueError,
  VenueUnavailable,
} from '../core/index.js';
import { InvalidCursorError } from '../catalog/index.js';
import { LimitExceeded } from '../orders/limits.js';
import { OrderFieldError } from '../orders/order-request.js';
import { IdempotencyConflict } from '../orders/place.js';
import { ScopeError, VenueForbidden } from '../orders/scope.js';
import { BadCursor } from '../orders/venue-pages.js';
import type { ParameterError, ProblemInit } from './problem.js';
import { problem, requestPath } from './problem.js';

/** Thrown by handlers for a parameter that passed the schema but is still unusable (e.g. a stale cursor). */
export class ParameterProblem extends Error {
  override name = 'ParameterProblem';
  constructor(
    readonly parameter: string,
    readonly where: 'query' | 'path',
    message: string,
  ) {
    super(message);
  }
}

/** Thrown by handlers with a complete problem (auth failures, conflicts, refused orders). */
export class ApiProblem extends Error {
  override name = 'ApiProblem';
  constructor(readonly init: ProblemInit) {
    super(init.detail);
  }
}

/** A 400 naming one field of the request body (or header). */
export function fieldProblem(name: string, message: string, where: 'body' | 'header' | 'query' | 'path' = 'body'): ApiProblem {
  return new ApiProblem({ status: 400, code: 'invalid_parameter', detail: `${name}: ${message}`, errors: [{ name, in: where, message }] });
}

/** Thrown by handlers for a missing resource. */
export class ResourceNotFound extends Error {
  override name = 'ResourceNotFound';
}

/** Status of a VennError, most specific class first. */
function statusOf(err: VennError): ContentfulStatusCode {
  if (err instanceof NotFound) return 404;
  // This server has no credentials for the venue: it cannot do that here, whoever asks.
  if (err instanceof MissingCredentials) return 501;
  if (err instanceof DuplicateOrder) return 409;
  if (err instanceof MarketClosed) return 409;
  if (err instanceof InvalidOrder || err instanceof InsufficientFunds) return 422;
  if (err instanceof BadRequest) return 400;
  if (err instanceof PermissionDenied) return 403;
  // Our own venue credentials were refused: a server-side problem, not the caller's.
  if (err instanceof AuthenticationError) return 502;
  if (err instanceof VenueError) return 502;
  if (err instanceof NotSupported) return 501;
  if (err instanceof RateLimited) return 429;
  if (err instanceof Timeout) return 504;
  if (err instanceof OrderStateUnknown) return 504;
  if (err instanceof VenueUnavailable) return 503;
  if (err instanceof NetworkError) return 502;
  return err.venue !== undefined ? 502 : 500;
}

/** The problem for a VennError (also used per id in batch answers). */
export function vennProblem(err: VennError): ProblemInit {
  const status = statusOf(err);
  const init: ProblemInit = { status, code: err.code, detail: err.message, retryable: err.retryable };
  if (err.venue !== undefined) init.venue = err.venue;
  if (err instanceof RateLimited || err instanceof Overloaded) {
    const seconds = Math.max(1, Math.ceil((err.retryAfterMs ?? 1000) / 1000));
    init.headers = { 'retry-after': String(seconds) };
  }
  if (err instanceof DeadlineExceeded) init.timeoutMs = err.timeoutMs;
  return init;
}

function badParameter(name: string, where: 'query' | 'path', message: string): ProblemInit {
  return { status: 400, code: 'invalid_parameter', detail: `${name}: ${message}`, errors: [{ name, in: where, message }] };
}

/** Maps any thrown value to a problem; `internal` for anything unexpected. */
export function toProblem(err: unknown): ProblemInit {
  if (err instanceof ApiProblem) return err.init;
  if (err instanceof OrderFieldError) return fieldProblem(err.field, err.message).init;
  if (err instanceof IdempotencyConflict) return { status: 409, code: 'idempotency_conflict', detail: err.message };
  if (err instanceof LimitExceeded) return { status: 422, code: 'limit_exceeded', detail: err.message };
  if (err instanceof VenueForbidden) return { status: 403, code: 'forbidden', detail: err.message, venue: err.venue };
  if (err instanceof ScopeError) return badParameter(err.parameter, err.parameter === 'id' ? 'path' : 'query', err.message);
  if (err instanceof BadCursor) return badParameter('cursor', 'query', err.message);
  if (err instanceof ParameterProblem) return badParameter(err.parameter, err.where, err.message);
  if (err instanceof InvalidCursorError) return badParameter('cursor', 'query', err.message);
  if (err instanceof IdError) return badParameter('id', 'path', err.message);
  if (err instanceof ResourceNotFound) return { status: 404, code: 'not_found', detail: err.message };
  if (err instanceof VennError) return vennProblem(err);
  if (err instanceof HTTPException && err.status < 500) {
    const code = err.status === 404 ? 'not_found' : err.status === 415 ? 'unsupported_media_type' : 'invalid_request';
    return { status: err.status as ContentfulStatusCode, code, detail: err.message || 'bad request' };
  }
  return { status: 500, code: 'internal', detail: 'An unexpected error occurred; it has been logged.' };
}

/** `app.onError` handler. */
export function errorHandler(logger: Logger) {
  return (err: Error, c: Context): Response => {
    const init = toProblem(err);
    if (init.status >= 500) {
      logger.error({ err: err instanceof VennError ? err.toJSON() : err, path: requestPath(c.req.raw) }, 'request failed');
    }
    return problem(c, init);
  };
}

type ValidationTarget = 'query' | 'param' | 'json' | 'header' | 'form' | 'cookie';

/** zod issues → one entry per parameter (unknown parameters are named too). */
export function parameterErrors(error: ZodError, target: ValidationTarget): ParameterError[] {
  const where: ParameterError['in'] = target === 'param' ? 'path' : target === 'json' ? 'body' : target === 'header' ? 'header' : 'query';
  const out: ParameterError[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ name: key, in: where, message: 'unknown parameter' });
      continue;
    }
    const name = issue.path.length > 0 ? String(issue.path[0]) : target;
    let message = issue.message;
    if (issue.code === 'invalid_type' && /received undefined/.test(message)) message = 'is required';
    else if (issue.code === 'invalid_type' && /received array/.test(message)) message = 'must be given only once';
    out.push({ name, in: where, message });
  }
  return out;
}

/** `defaultHook` of the OpenAPIHono app: a failed validation becomes a 400 problem. */
export function validationHook(
  result: { success: true; data: unknown; target: string } | { success: false; error: ZodError; target: string },
  c: Context,
): Response | undefined {
  if (result.success) return undefined;
  const errors = parameterErrors(result.error, result.target as ValidationTarget);
  return problem(c, {
    status: 400,
    code: 'invalid_parameter',
    detail: errors.map((e) => `${e.name}: ${e.message}`).join('; '),
    errors,
  });
}
