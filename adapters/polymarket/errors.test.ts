import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  BadRequest,
  DuplicateOrder,
  InsufficientFunds,
  InvalidOrder,
  MarketClosed,
  NotFound,
  PermissionDenied,
  RateLimited,
  VenueFormatError,
  VenueUnavailable,
} from '../../src/core/index.js';
import { mapVenueError, parseRetryAfter, type ErrorResponse } from '../../src/venue/index.js';
import { POLYMARKET_ERRORS, parseWire } from './errors.js';

const mapPolymarketHttpError = (r: ErrorResponse) =>
  mapVenueError(POLYMARKET_ERRORS, r, { idempotent: r.endpoint.startsWith('GET '), retryAfterMs: parseRetryAfter(r.headers['retry-after']) });
const polymarketError = ({ status, message, endpoint }: { status: number; message: string; endpoint: string }) =>
  mapPolymarketHttpError({ status, body: message === '' ? undefined : { error: message }, text: '', endpoint, headers: {} });
import { BookSummarySchema } from './wire-clob.js';

const oid = '0x89b0982733be299c8c9323562e330d0d2f5007ae0c5c77891de419d9a2a39825';

describe('Polymarket error mapping (docs/venues/polymarket.md §6.12)', () => {
  const cases: [number, string, new (...a: never[]) => Error, string | undefined][] = [
    [400, `order ${oid} is invalid. Price (0.555) breaks minimum tick size rule: 0.01`, InvalidOrder, 'INVALID_ORDER_MIN_TICK_SIZE'],
    [400, `order ${oid} is invalid. Size (1) lower than the minimum: 5`, InvalidOrder, 'INVALID_ORDER_MIN_SIZE'],
    [400, `order ${oid} is invalid. Duplicated.`, DuplicateOrder, 'INVALID_ORDER_DUPLICATED'],
    [400, 'invalid post-only order: order crosses book', InvalidOrder, 'INVALID_POST_ONLY_ORDER'],
    [400, `order ${oid} crosses the book`, InvalidOrder, 'INVALID_POST_ONLY_ORDER'],
    [400, 'not enough balance / allowance', InsufficientFunds, 'INVALID_ORDER_NOT_ENOUGH_BALANCE'],
    [400, 'invalid expiration', InvalidOrder, 'INVALID_ORDER_EXPIRATION'],
    [400, "order couldn't be fully filled. FOK orders are fully filled or killed.", InvalidOrder, 'FOK_ORDER_NOT_FILLED_ERROR'],
    [400, 'no orders found to match with FAK order. FAK orders are partially filled or killed if no match is found.', InvalidOrder, 'FAK_ORDER_NOT_FILLED_ERROR'],
    [400, 'the market is not yet ready to process new orders', MarketClosed, 'MARKET_NOT_READY'],
    [400, "'0xabc' address banned", PermissionDenied, 'ACCOUNT_RESTRICTED'],
    [400, "'0xabc' address in closed only mode", PermissionDenied, 'ACCOUNT_RESTRICTED'],
    [400, 'the order owner has to be the owner of the API KEY', PermissionDenied, 'OWNER_MISMATCH'],
    [400, 'invalid signature', InvalidOrder, 'INVALID_ORDER_SIGNATURE'],
    // Verbatim from py-clob-client-v2#99, Polymarket.Net#22 and py-clob-client#305 (§6.3).
    [400, 'invalid amounts, the market buy orders maker amount supports a max accuracy of 2 decimals, taker amount a max of 4 decimals', InvalidOrder, 'INVALID_ORDER_AMOUNTS'],
    [400, 'invalid amounts, the buy orders maker amount supports a max accuracy of 4 decimals, taker amount a max of 2 decimals', InvalidOrder, 'INVALID_ORDER_AMOUNTS'],
    [400, 'invalid amount for a marketable BUY order ($0.9975), min size: 1', InvalidOrder, 'INVALID_ORDER_AMOUNTS'],
    [400, 'order_version_mismatch', InvalidOrder, 'order_version_mismatch'],
    [400, 'Too many orders in payload: 20, max allowed: 15', BadRequest, 'PAYLOAD_TOO_LARGE'],
    [401, 'Unauthorized/Invalid api key', AuthenticationError, 'UNAUTHORIZED'],
    [401, 'Invalid L1 Request headers', AuthenticationError, 'UNAUTHORIZED'],
    [404, 'No orderbook exists for the requested token id', NotFound, undefined],
    [404, 'market not found', NotFound, 'NOT_FOUND'],
    [425, '', VenueUnavailable, 'engine_restarting'],
    [429, 'Too Many Requests', RateLimited, undefined],
    [503, 'Trading is currently cancel-only. New orders are not accepted, but cancels are allowed.', VenueUnavailable, 'TRADING_HALTED'],
    [503, 'post-only mode: only post-only orders and cancels are allowed', VenueUnavailable, 'post_only_mode'],
    [500, 'could not insert order', VenueUnavailable, undefined],
  ];

  for (const [status, message, cls, code] of cases) {
    it(`${status} ${message.slice(0, 50)} → ${cls.name}`, () => {
      const err = polymarketError({ status, message, endpoint: 'POST /order' });
      expect(err).toBeInstanceOf(cls);
      expect(err.venueCode).toBe(code);
      expect(err.venueMessage).toBe(message === '' ? undefined : message);
      expect(err.venue).toBe('polymarket');
      expect(err.status).toBe(status);
    });
  }

  it('reads the message, the code and Retry-After from an HTTP error response', () => {
    const err = mapPolymarketHttpError({
      status: 503,
      body: { error: 'post-only mode: only post-only orders and cancels are allowed', code: 'post_only_mode', retry_after_seconds: 79 },
      text: '',
      endpoint: 'POST /order',
      headers: { 'retry-after': '79' },
    });
    expect(err).toBeInstanceOf(VenueUnavailable);
    expect(err.retryable).toBe(true);
    expect(err.venueCode).toBe('post_only_mode');
    expect(err.retryAfterMs).toBe(79_000);
  });

  it('does not copy an HTML 429 page into the error', () => {
    const err = mapPolymarketHttpError({ status: 429, body: undefined, text: '<html>Too Many</html>', endpoint: 'GET /book', headers: {} });
    expect(err).toBeInstanceOf(RateLimited);
    expect(err.message).not.toContain('<html>');
  });

  it('names venue, endpoint and field when a payload does not match its schema', () => {
    expect(() => parseWire(BookSummarySchema, { market: '0x1', asset_id: '1', bids: [{ price: 'abc', size: '1' }], asks: [] }, 'GET /book')).toThrow(
      /polymarket GET \/book: unexpected payload at bids\[0\]\.price/,
    );
    expect(() => parseWire(BookSummarySchema, {}, 'GET /book')).toThrow(VenueFormatError);
  });
});
