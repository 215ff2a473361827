import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  BadRequest,
  DuplicateOrder,
  InsufficientFunds,
  InvalidOrder,
  MarketClosed,
  NotFound,
  OrderStateUnknown,
  PermissionDenied,
  RateLimited,
  VenueUnavailable,
} from '../../src/core/index.js';
import { mapVenueError, type ErrorResponse } from '../../src/venue/index.js';
import { KALSHI_ERRORS, kalshiErrorParts, mapBatchItemError } from './errors.js';

const mapKalshiError = (r: ErrorResponse) => mapVenueError(KALSHI_ERRORS, r, { idempotent: r.endpoint.startsWith('GET '), retryAfterMs: undefined });

const res = (status: number, body: unknown, endpoint = 'POST /portfolio/events/orders', headers: Record<string, string> = {}): ErrorResponse => ({
  status,
  body,
  text: JSON.stringify(body),
  endpoint,
  headers,
});

function expectMapped(cases: [number, unknown, new (...a: never[]) => Error, string?][]): void {
  for (const [status, body, cls, endpoint] of cases) {
    const e = mapKalshiError(res(status, body, endpoint));
    expect(e, JSON.stringify(body)).toBeInstanceOf(cls);
    expect(e.venue).toBe('kalshi');
    expect(e.status).toBe(status);
    expect(e.venueMessage).toBe(kalshiErrorParts(body).message);
  }
}

describe('kalshi error mapping', () => {
  it('reads the four body shapes', () => {
    expect(kalshiErrorParts({ error: { code: 'c', message: 'm', details: 'd' } })).toEqual({ code: 'c', message: 'm — d' });
    expect(kalshiErrorParts({ error: 'too many requests' })).toEqual({ message: 'too many requests' });
    expect(kalshiErrorParts({ code: 'c', message: 'm' })).toEqual({ code: 'c', message: 'm' });
    expect(kalshiErrorParts({ msg: 'margin says no' })).toMatchObject({ message: 'margin says no' });
    expect(kalshiErrorParts('plain')).toEqual({});
  });

  it('maps statuses and codes to typed errors carrying Kalshi code and message', () => {
    const sig = mapKalshiError(
      res(401, {
        error: {
          code: 'authentication_error',
          message: 'authentication_error',
          details: 'rpc error: code = Unauthenticated desc = INCORRECT_API_KEY_SIGNATURE',
        },
      }),
    );
    expect(sig).toBeInstanceOf(AuthenticationError);
    expect(sig.venueCode).toBe('authentication_error');
    expect(sig.venueMessage).toContain('INCORRECT_API_KEY_SIGNATURE');
    expect(sig.message).toContain('HTTP 401 authentication_error');

    // Codes and statuses the reference records (§7): known code strings, or the status alone.
    expectMapped([
      [400, { error: { code: 'MARKET_INACTIVE', message: 'market is not active' } }, MarketClosed],
      [409, { error: { code: 'conflict', message: 'client_order_id already used' } }, DuplicateOrder],
      [409, { error: { code: 'order_not_modifiable', message: 'order is not resting' } }, InvalidOrder, 'POST /portfolio/events/orders/{order_id}/amend'],
      [404, { error: { code: 'user_not_found:_1234-abcd', message: 'who' } }, NotFound, 'GET /portfolio/orders/{order_id}'],
      [400, { error: { code: 'price_not_on_grid', message: 'price not on grid' } }, InvalidOrder],
      [400, { error: { code: 'invalid_parameters', message: 'bad limit' } }, BadRequest, 'GET /markets'],
      [403, { error: { code: 'forbidden', message: 'scope' } }, PermissionDenied, 'GET /portfolio/balance'],
      [429, { error: 'too many requests' }, RateLimited],
      [503, { error: { code: 'internal_server_error', message: 'down' } }, VenueUnavailable, 'GET /markets'],
    ]);
    expect(mapKalshiError(res(429, { error: 'too many requests' })).retryable).toBe(true);
  });

  it('maps the pre-2026 code strings where the status alone would not tell (assumption: the current strings are unknown, docs/venues/kalshi.md §12.1)', () => {
    // A 400 on an order write is InvalidOrder whatever its code; these codes pick a finer class.
    expectMapped([
      [400, { error: { code: 'insufficient_balance', message: 'not enough' } }, InsufficientFunds],
      [400, { error: { code: 'order_already_exists', message: 'duplicate client_order_id' } }, DuplicateOrder],
      [409, { error: { code: 'order_already_exists', message: 'duplicate client_order_id' } }, DuplicateOrder],
      [400, { error: { code: 'market_closed', message: 'closed' } }, MarketClosed],
      [400, { error: { code: 'invalid_price', message: 'price not on grid' } }, InvalidOrder],
    ]);
  });

  it('a 429 carries the wait the client was asked for', () => {
    const e = mapVenueError(KALSHI_ERRORS, res(429, { error: 'too many requests' }, 'GET /markets', { 'retry-after': '3' }), {
      idempotent: true,
      retryAfterMs: 3000,
    });
    expect(e).toBeInstanceOf(RateLimited);
    expect(e.retryAfterMs).toBe(3000);
  });

  it('a gateway error (502/504) to a write is OrderStateUnknown, to a read VenueUnavailable', () => {
    const body = { error: { code: 'gateway_timeout', message: 'upstream timed out' } };
    expect(mapKalshiError(res(504, body))).toBeInstanceOf(OrderStateUnknown);
    expect(mapKalshiError(res(502, body, 'DELETE /portfolio/events/orders/{order_id}'))).toBeInstanceOf(OrderStateUnknown);
    expect(mapKalshiError(res(504, body, 'POST /portfolio/events/orders/batched'))).toBeInstanceOf(OrderStateUnknown);
    const read = mapKalshiError(res(504, body, 'GET /markets'));
    expect(read).toBeInstanceOf(VenueUnavailable);
    expect(read).not.toBeInstanceOf(OrderStateUnknown);
  });

  it('maps batch item errors (flat ErrorResponse; assumption: the item code strings invalid_price and not_found, §12.1)', () => {
    const e = mapBatchItemError('POST /portfolio/events/orders/batched', { code: 'invalid_price', message: 'off grid', details: null });
    expect(e).toBeInstanceOf(InvalidOrder);
    expect(e.venueMessage).toBe('off grid');
    expect(mapBatchItemError('DELETE /portfolio/events/orders/batched', { code: 'not_found', message: 'gone' })).toBeInstanceOf(NotFound);
  });
});
