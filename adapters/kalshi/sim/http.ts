/** Kalshi error bodies (docs/venues/kalshi.md §7) and shared request helpers of the simulator routes. */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** An error answered with Kalshi's wrapped body `{"error":{code,message,details}}`. */
export class KalshiHttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details = '',
  ) {
    super(message);
  }

  /** Flat ErrorResponse, as used inside batch items. */
  flat(): { code: string; message: string; details: string } {
    return { code: this.code, message: this.message, details: this.details };
  }
}

export const RATE_LIMIT_BODY = { error: 'too many requests' } as const;
export const SERVER_ERROR_BODY = { error: { code: 'internal_server_error', message: 'internal server error', details: '' } };

export function errorResponse(c: Context, e: KalshiHttpError): Response {
  return c.json({ error: { code: e.code, message: e.message, details: e.details } }, e.status);
}

export const badRequest = (message: string, code = 'invalid_parameters') => new KalshiHttpError(400, code, message);
export const notFound = (what: string) => new KalshiHttpError(404, 'not_found', `${what} not found`);

/** Parses an optional integer query parameter. */
export function intParam(c: Context, name: string): number | undefined {
  const v = c.req.query(name);
  if (v === undefined || v === '') return undefined;
  if (!/^-?\d+$/.test(v)) throw badRequest(`${name} must be an integer`);
  return Number(v);
}

export function boolParam(c: Context, name: string): boolean {
  const v = c.req.query(name);
  return v === 'true' || v === '1';
}

export function csvParam(c: Context, name: string): string[] | undefined {
  const v = c.req.query(name);
  if (v === undefined || v === '') return undefined;
  return v.split(',').map((s) => s.trim()).filter(Boolean);
}

/** Parses a JSON body; Kalshi answers `invalid_content_type` for a POST without JSON. */
export async function jsonBody(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') throw badRequest('request body must be JSON', 'invalid_content_type');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw badRequest('request body must be JSON', 'invalid_content_type');
  }
}
