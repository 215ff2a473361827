/**
 * RFC 9457 problem details (`application/problem+json`). Every error the API returns has this shape
 * and a stable machine-readable `code`; `type` is a URN derived from the code.
 */
import { getPath } from 'hono/utils/url';
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Stable codes. Venue error codes (src/core/errors.ts `code`) are used as they are. */
export type ProblemCode =
  | 'invalid_parameter'
  | 'not_found'
  | 'method_not_allowed'
  | 'venue_unavailable'
  | 'rate_limited'
  | 'timeout'
  | 'internal'
  | (string & {});

export const ParameterErrorSchema = z
  .object({
    name: z.string().openapi({ description: 'The offending parameter', example: 'limit' }),
    in: z.enum(['query', 'path', 'body', 'header']),
    message: z.string(),
  })
  .openapi('ParameterError');
export type ParameterError = z.infer<typeof ParameterErrorSchema>;

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: 'urn:venn:problem:invalid_parameter' }),
    title: z.string().openapi({ example: 'Invalid parameter' }),
    status: z.number().int().openapi({ example: 400 }),
    detail: z.string().openapi({ example: 'limit: must be at most 1000' }),
    code: z.string().openapi({ description: 'Stable machine-readable error code', example: 'invalid_parameter' }),
    instance: z.string().openapi({ description: 'The request path', example: '/v1/markets' }),
    errors: z.array(ParameterErrorSchema).optional(),
    venue: z.string().optional().openapi({ description: 'The venue concerned, for venue errors' }),
    retryable: z.boolean().optional(),
    timeoutMs: z.number().int().optional().openapi({ description: "The request's overall deadline, on a `timeout` (504)", example: 5000 }),
  })
  .openapi('Problem');
export type Problem = z.infer<typeof ProblemSchema>;

const TITLES: Record<string, string> = {
  invalid_parameter: 'Invalid parameter',
  not_found: 'Not found',
  method_not_allowed: 'Method not allowed',
  venue_unavailable: 'Venue unavailable',
  rate_limited: 'Rate limited',
  timeout: 'Venue timeout',
  internal: 'Internal server error',
  network_error: 'Venue network error',
  venue_format_changed: 'Venue format changed',
  not_supported: 'Not supported by the venue',
  authentication_failed: 'Venue authentication failed',
  permission_denied: 'Permission denied',
  bad_request: 'Venue rejected the request',
  venue_error: 'Venue error',
  not_ready: 'Not ready',
  unauthorized: 'Unauthorized',
  invalid_request: 'Invalid request',
  unsupported_media_type: 'Unsupported media type (send application/json)',
  forbidden: 'Forbidden',
  idempotency_conflict: 'Idempotency key reused with another request',
  limit_exceeded: 'Trading limit exceeded',
  credentials_missing: 'Venue credentials not configured',
  invalid_order: 'The venue refused the order',
  insufficient_funds: 'Insufficient funds',
  market_closed: 'Market closed',
  overloaded: 'Venue budget exhausted; retry after the Retry-After header',
  shutting_down: 'Shutting down',
};

export function titleOf(code: string): string {
  return TITLES[code] ?? code.replace(/_/g, ' ').replace(/^./, (s) => s.toUpperCase());
}

export interface ProblemInit {
  status: ContentfulStatusCode;
  code: ProblemCode;
  detail: string;
  title?: string;
  errors?: ParameterError[];
  venue?: string;
  retryable?: boolean;
  /** The request deadline that passed (504 `timeout`). */
  timeoutMs?: number;
  headers?: Record<string, string>;
}

export function problemBody(init: ProblemInit, instance: string): Problem {
  const body: Problem = {
    type: `urn:venn:problem:${init.code}`,
    title: init.title ?? titleOf(init.code),
    status: init.status,
    detail: init.detail,
    code: init.code,
    instance,
  };
  if (init.errors !== undefined && init.errors.length > 0) body.errors = init.errors;
  if (init.venue !== undefined) body.venue = init.venue;
  if (init.retryable !== undefined) body.retryable = init.retryable;
  if (init.timeoutMs !== undefined) body.timeoutMs = init.timeoutMs;
  return body;
}

/** A problem+json response for the current request. */
export function problem(c: Context, init: ProblemInit): Response {
  // The path the client asked for (an unversioned alias stays unversioned), not the routed one.
  const body = problemBody(init, requestPath(c.req.raw));
  return new Response(JSON.stringify(body), {
    status: init.status,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE, ...init.headers },
  });
}

/** OpenAPI response entries for problem bodies, keyed by status. */
export function problemResponses(...statuses: number[]): Record<number, { description: string; content: Record<string, { schema: typeof ProblemSchema }> }> {
  const descriptions: Record<number, string> = {
    400: 'Invalid parameter (problem+json naming the parameter)',
    401: 'Missing or invalid API key (`Authorization: Bearer <key>`)',
    403: 'The API key lacks the scope or the venue',
    404: 'Not found',
    409: 'Conflict (an idempotency key reused with another request)',
    422: 'The order was refused (a trading limit, or the venue)',
    429: 'Rate limited (the API key or the venue); retry after the Retry-After header',
    500: 'Internal error',
    501: 'Not supported by the venue, or trading is not configured for it',
    502: 'The venue failed or answered in an unexpected format',
    503: 'Venue unavailable, its request budget exhausted (`overloaded`, with Retry-After), or service not ready',
    504: 'The venue did not answer within the request deadline (`timeoutMs`)',
  };
  const out: Record<number, { description: string; content: Record<string, { schema: typeof ProblemSchema }> }> = {};
  for (const s of statuses) {
    out[s] = { description: descriptions[s] ?? 'Error', content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema } } };
  }
  return out;
}

/** The path the client requested, read the way Hono reads it, before any alias routing. */
export function requestPath(req: Request): string {
  return getPath(req);
}
