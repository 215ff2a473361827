import { describe, expect, it } from 'vitest';
import {
  BadRequest,
  DuplicateOrder,
  InsufficientFunds,
  InvalidOrder,
  NotFound,
  OrderStateUnknown,
  PermissionDenied,
  RateLimited,
  VenueError,
  VenueUnavailable,
} from '../core/errors.js';
import { mapVenueError, type VenueErrorSpec } from './error-table.js';
import type { ErrorResponse } from './http-errors.js';

/** A venue table that claims every 5xx is plain unavailability: the shared rules must still win. */
const GREEDY: VenueErrorSpec = {
  venue: 'polymarket',
  table: {
    exact: { insufficient_balance: InsufficientFunds },
    broad: [
      { match: 'upstream', error: VenueUnavailable, label: 'UPSTREAM' },
      { match: /slow down/i, error: VenueUnavailable },
    ],
    status: [
      { status: 409, endpoint: /^POST \/orders$/, error: DuplicateOrder },
      { status: 409, error: InvalidOrder },
      { status: 502, error: VenueUnavailable },
      { status: 504, error: VenueUnavailable },
    ],
  },
};

const res = (status: number, body: unknown, endpoint = 'POST /orders'): ErrorResponse => ({
  status,
  body,
  text: body === undefined ? '' : JSON.stringify(body),
  endpoint,
  headers: {},
});

describe('mapVenueError', () => {
  it('a write answered 502 or 504 is outcome unknown and not retryable, whatever the venue table says', () => {
    for (const status of [502, 504]) {
      const e = mapVenueError(GREEDY, res(status, { error: 'upstream timed out' }), { idempotent: false });
      expect(e).toBeInstanceOf(OrderStateUnknown);
      expect(e.retryable).toBe(false);
      expect(e.venueCode).toBe('UPSTREAM');
      expect(e.status).toBe(status);
    }
  });

  it('a read answered 502 follows the venue table and stays retryable', () => {
    const e = mapVenueError(GREEDY, res(502, { error: 'upstream timed out' }, 'GET /book'), { idempotent: true });
    expect(e).toBeInstanceOf(VenueUnavailable);
    expect(e.retryable).toBe(true);
  });

  it('a 429 is RateLimited with the requested wait, whatever the venue table says', () => {
    const e = mapVenueError(GREEDY, res(429, { error: 'slow down' }, 'GET /book'), { idempotent: true, retryAfterMs: 2500 });
    expect(e).toBeInstanceOf(RateLimited);
    expect(e.retryAfterMs).toBe(2500);
    expect(e.retryable).toBe(true);
  });

  it('exact codes win over broad matches, broad over status rules, status rules over the generic mapping', () => {
    expect(mapVenueError(GREEDY, res(400, { code: 'insufficient_balance', message: 'upstream says no money' }), { idempotent: false })).toBeInstanceOf(
      InsufficientFunds,
    );
    expect(mapVenueError(GREEDY, res(409, { error: 'already there' }), { idempotent: false })).toBeInstanceOf(DuplicateOrder);
    expect(mapVenueError(GREEDY, res(409, { error: 'already there' }, 'DELETE /orders/{id}'), { idempotent: false })).toBeInstanceOf(InvalidOrder);
    expect(mapVenueError(GREEDY, res(404, { error: 'gone' }, 'GET /m'), { idempotent: true })).toBeInstanceOf(NotFound);
    expect(mapVenueError(GREEDY, res(403, undefined, 'GET /m'), { idempotent: true })).toBeInstanceOf(PermissionDenied);
    expect(mapVenueError(GREEDY, res(400, {}, 'GET /m'), { idempotent: true })).toBeInstanceOf(BadRequest);
    const odd = mapVenueError(GREEDY, res(418, {}, 'GET /m'), { idempotent: true });
    expect(odd).toBeInstanceOf(VenueError);
    expect(odd.retryable).toBe(false);
  });

  it('carries venue, endpoint, status, code and message in the error and its text', () => {
    const e = mapVenueError(GREEDY, res(400, { code: 'insufficient_balance', message: 'need 5' }), { idempotent: false });
    expect(e.toJSON()).toMatchObject({ venue: 'polymarket', endpoint: 'POST /orders', status: 400, venueCode: 'insufficient_balance', venueMessage: 'need 5' });
    expect(e.message).toBe('polymarket POST /orders: insufficient funds (HTTP 400 insufficient_balance): need 5');
  });
});
