import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  InvalidOrder,
  isRetryable,
  NetworkError,
  OrderStateUnknown,
  RateLimited,
  VenueError,
  VennError,
} from './errors.js';

describe('error classes', () => {
  it('split venue refusals from retryable network trouble', () => {
    const refused = new InvalidOrder('price off grid', { venue: 'kalshi', status: 400, venueCode: 'invalid_price' });
    expect(refused).toBeInstanceOf(VenueError);
    expect(refused).toBeInstanceOf(VennError);
    expect(refused.retryable).toBe(false);
    expect(refused.code).toBe('invalid_order');
    expect(isRetryable(refused)).toBe(false);

    const limited = new RateLimited('slow down', { venue: 'polymarket', status: 429, retryAfterMs: 2000 });
    expect(limited).toBeInstanceOf(NetworkError);
    expect(limited.retryable).toBe(true);
    expect(limited.retryAfterMs).toBe(2000);
    expect(isRetryable(limited)).toBe(true);
    expect(isRetryable(new Error('plain'))).toBe(false);
  });

  it('a lost order write is retryable in kind but carries its own code', () => {
    const e = new OrderStateUnknown('response lost', { venue: 'kalshi', endpoint: 'POST /portfolio/events/orders' });
    expect(e.code).toBe('order_state_unknown');
    expect(e.endpoint).toBe('POST /portfolio/events/orders');
  });

  it('serializes venue details and nothing else', () => {
    const e = new AuthenticationError('bad signature', {
      venue: 'kalshi',
      status: 401,
      venueCode: 'authentication_error',
      venueMessage: 'invalid signature',
      cause: { headers: { 'KALSHI-ACCESS-SIGNATURE': 'secret' } },
    });
    const json = JSON.stringify(e);
    expect(json).toContain('authentication_error');
    expect(json).not.toContain('secret');
    expect(e.name).toBe('AuthenticationError');
  });
});
