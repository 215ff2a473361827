import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  InvalidOrder,
  MissingCredentials,
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

    const limited = new RateLimited('slow down', { venue: 'polymarket', status: 429, retryAfterMs: 2000 });
    expect(limited).toBeInstanceOf(NetworkError);
    expect(limited.retryable).toBe(true);
    expect(limited.retryAfterMs).toBe(2000);
  });

  it('a lost order write is a network error that is never retryable', () => {
    const e = new OrderStateUnknown('response lost', { venue: 'kalshi', endpoint: 'POST /portfolio/events/orders' });
    expect(e).toBeInstanceOf(NetworkError);
    expect(e.retryable).toBe(false);
    expect(e.code).toBe('order_state_unknown');
    expect(e.endpoint).toBe('POST /portfolio/events/orders');
  });

  it('missing credentials is one authentication error with its own code', () => {
    const e = new MissingCredentials('polymarket', 'placeOrder');
    expect(e).toBeInstanceOf(AuthenticationError);
    expect(e.code).toBe('credentials_missing');
    expect(e.retryable).toBe(false);
    expect(e.message).toBe('polymarket placeOrder: needs polymarket credentials, and none are configured');
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
