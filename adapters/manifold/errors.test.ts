import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  BadRequest,
  InsufficientFunds,
  InvalidOrder,
  MarketClosed,
  NotFound,
  OrderStateUnknown,
  PermissionDenied,
  RateLimited,
  VenueUnavailable,
} from '../../src/core/index.js';
import { mapVenueError } from '../../src/venue/index.js';
import { MANIFOLD_ERRORS } from './errors.js';

/** The venue's `{message, details?}` bodies, with the exact strings of docs/venues/manifold.md §Errors. */
function mapped(status: number, message: string, endpoint = 'POST /bet', idempotent = false) {
  return mapVenueError(MANIFOLD_ERRORS, { status, body: { message }, text: JSON.stringify({ message }), endpoint, headers: {} }, { idempotent });
}

describe('MANIFOLD_ERRORS', () => {
  it('maps the bet refusals to order errors', () => {
    expect(mapped(403, 'Insufficient balance.')).toBeInstanceOf(InsufficientFunds);
    expect(mapped(403, 'Trading is closed.')).toBeInstanceOf(MarketClosed);
    expect(mapped(403, 'Market is resolved.')).toBeInstanceOf(MarketClosed);
    expect(mapped(403, 'Answer is resolved and cannot be bet on')).toBeInstanceOf(MarketClosed);
    expect(mapped(400, 'limitProb must be in increments of 0.01 (i.e. whole percentage points)')).toBeInstanceOf(InvalidOrder);
    expect(mapped(403, 'Trade too large for current liquidity pool.')).toBeInstanceOf(InvalidOrder);
    expect(mapped(400, 'Betting allowed only between 1-99%.')).toBeInstanceOf(InvalidOrder);
    expect(mapped(403, "You don't have any YES shares to sell.", 'POST /market/{id}/sell')).toBeInstanceOf(InsufficientFunds);
    expect(mapped(403, 'API users cannot bet on STONK contracts.')).toBeInstanceOf(PermissionDenied);
    expect(mapped(403, 'Bet already cancelled', 'POST /bet/cancel/{betId}')).toBeInstanceOf(InvalidOrder);
  });

  it('maps parameter validation of a bet to InvalidOrder and elsewhere to BadRequest', () => {
    const body = { message: 'Error validating request.', details: [{ field: 'limitProb', error: 'Number must be less than or equal to 0.99' }] };
    const bet = mapVenueError(MANIFOLD_ERRORS, { status: 400, body, text: JSON.stringify(body), endpoint: 'POST /bet', headers: {} }, { idempotent: false });
    expect(bet).toBeInstanceOf(InvalidOrder);
    expect(bet.venueMessage).toBe('Error validating request.');
    expect(mapped(400, 'Error validating request.', 'GET /markets', true)).toBeInstanceOf(BadRequest);
  });

  it('reads statuses for the rest: auth, not found, try again, rate limit', () => {
    expect(mapped(401, 'No private user exists with the provided API key.', 'GET /me', true)).toBeInstanceOf(AuthenticationError);
    expect(mapped(404, 'Contract not found.', 'GET /market/{id}', true)).toBeInstanceOf(NotFound);
    const again = mapped(503, 'Please try betting again.');
    expect(again).toBeInstanceOf(VenueUnavailable);
    expect(again.retryable).toBe(true);
    expect(mapped(429, 'Rate limit exceeded. Please wait 5 seconds before trying again.', 'GET /markets', true)).toBeInstanceOf(RateLimited);
  });

  it('an unexpected error on a bet leaves its outcome unknown (the caller reconciles); on a read it is retryable', () => {
    const message = 'An unexpected error occurred. Please try again, and report it if it persists.';
    expect(mapped(500, message)).toBeInstanceOf(OrderStateUnknown);
    expect(mapped(502, '<html>')).toBeInstanceOf(OrderStateUnknown);
    expect(mapped(500, message, 'GET /markets', true)).toBeInstanceOf(VenueUnavailable);
  });
});
