/** Pieces shared by the trading routes: query parameters, the service lookup, venue errors in `meta`. */
import { z } from '@hono/zod-openapi';
import type { Logger } from 'pino';
import { EXAMPLE_MARKET_IDS, tryParseId, type VenueId } from '../core/index.js';
import type { TradingService } from '../orders/service.js';
import type { VenueFailure } from '../orders/venue-pages.js';
import type { PendingOrder } from '../orders/pending.js';
import type { AppDeps } from './deps.js';
import { ApiProblem, toProblem } from './errors.js';
import { MAX_LIMIT, intSchema, type VenueSelection } from './params.js';
import { problemResponses } from './problem.js';

/** The trading service, or 501 when this server was built without one. */
export function tradingOf(deps: AppDeps): TradingService {
  if (!deps.trading) throw new ApiProblem({ status: 501, code: 'not_supported', detail: 'trading is not configured on this server' });
  return deps.trading;
}

/** `venue=all` (or absent) means every venue the key may trade on. */
export function venuesOf(selection: VenueSelection | undefined): VenueId[] | undefined {
  return selection === undefined || selection === 'all' ? undefined : selection;
}

export const marketQueryParam = z
  .string()
  .max(250)
  .refine((s) => tryParseId(s) !== null, `must be "<venue>:<nativeId>" with a known venue, e.g. ${EXAMPLE_MARKET_IDS[0]}`)
  .optional()
  .openapi({ param: { name: 'market', in: 'query' }, description: 'Only this market (`venue:nativeId`)', example: EXAMPLE_MARKET_IDS[0] });

export const orderQueryParam = z
  .string()
  .max(250)
  .refine((s) => tryParseId(s) !== null, 'must be "<venue>:<nativeOrderId>" with a known venue')
  .optional()
  .openapi({ param: { name: 'order', in: 'query' }, description: 'Only fills of this order (`venue:nativeOrderId`)' });

export const tradingLimitParam = intSchema(1, MAX_LIMIT)
  .optional()
  .default(100)
  .openapi({
    param: { name: 'limit', in: 'query' },
    type: 'integer',
    minimum: 1,
    maximum: MAX_LIMIT,
    default: 100,
    description: "Page size asked of the venue (a venue may answer fewer; one venue's page per answer)",
  });

/** Venue failures as `meta.errors` entries (unexpected errors are logged, never described). */
export function venueErrors(failures: (VenueFailure & { orderId?: string })[], logger: Logger): { venue: VenueId; status: number; code: string; detail: string; orderId?: string }[] {
  return failures.map((f) => {
    const p = toProblem(f.error);
    if (p.status >= 500 && p.code === 'internal') logger.error({ err: f.error, venue: f.venue }, 'trading: venue call failed');
    return { venue: f.venue, status: p.status, code: p.code, detail: p.detail, ...(f.orderId !== undefined ? { orderId: f.orderId } : {}) };
  });
}

/** Every status a trading route can answer with a problem. */
export const tradingProblems = problemResponses(400, 401, 403, 404, 429, 500, 501, 502, 503, 504);

/** The `Location` of a pending order request. */
export function requestLocation(requestId: string): string {
  return `/v1/order-requests/${requestId}`;
}

export type { PendingOrder };
