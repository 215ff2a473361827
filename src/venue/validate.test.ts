import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { VenueFormatError } from '../core/errors.js';
import { extractVenueMessage, parseRetryAfter } from './http-errors.js';
import { formatIssuePath, parseVenuePayload } from './validate.js';

describe('parseVenuePayload', () => {
  const schema = z.object({ type: z.literal('orderbook_delta'), msg: z.object({ price_dollars: z.string() }) });

  it('returns the parsed payload', () => {
    const v = parseVenuePayload(schema, { type: 'orderbook_delta', msg: { price_dollars: '0.42' } }, { venue: 'kalshi', endpoint: 'ws orderbook_delta' });
    expect(v.msg.price_dollars).toBe('0.42');
  });

  it('names venue, endpoint and field on mismatch', () => {
    const err = (() => {
      try {
        parseVenuePayload(schema, { type: 'orderbook_delta', msg: { price: 42 } }, { venue: 'kalshi', endpoint: 'ws orderbook_delta' });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(VenueFormatError);
    expect((err as VenueFormatError).venue).toBe('kalshi');
    expect((err as VenueFormatError).endpoint).toBe('ws orderbook_delta');
    expect((err as Error).message).toMatch(/kalshi ws orderbook_delta: unexpected payload at msg\.price_dollars/);
  });

  it('formats issue paths', () => {
    expect(formatIssuePath(['markets', 3, 'yes_bid'])).toBe('markets[3].yes_bid');
    expect(formatIssuePath([])).toBe('(root)');
  });
});

describe('http error helpers', () => {
  it('extracts venue messages from the usual body shapes, not from HTML', () => {
    expect(extractVenueMessage({ error: 'too many requests' }, '')).toBe('too many requests');
    expect(extractVenueMessage({ error: { code: 'x', message: 'nested' } }, '')).toBe('nested');
    expect(extractVenueMessage({ message: 'top' }, '')).toBe('top');
    expect(extractVenueMessage({ errno: 10, errmsg: 'opinion says no' }, '')).toBe('opinion says no');
    expect(extractVenueMessage(undefined, '<html>Cloudflare</html>')).toBeUndefined();
    expect(extractVenueMessage(undefined, 'plain text')).toBe('plain text');
  });

  it('parses Retry-After seconds and dates', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter('0.5')).toBe(500);
    expect(parseRetryAfter('Sun, 01 Mar 2026 12:00:05 GMT', Date.parse('2026-03-01T12:00:00Z'))).toBe(5000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 11:00:00 GMT', Date.parse('2026-03-01T12:00:00Z'))).toBe(0);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});
