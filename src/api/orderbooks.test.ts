import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateLimited, Timeout, VenueFormatError, VenueUnavailable } from '../core/index.js';
import type { OrderBook } from '../core/index.js';
import { buildHarness } from '../../test/api/harness.js';
import { bookCacheKey } from './book-source.js';
import type { Harness } from '../../test/api/harness.js';
import { createMemoryAdapter, makeMarket } from '../../test/support/memory-adapter.js';
import type { MemoryAdapter } from '../../test/support/memory-adapter.js';

function book(marketId: string, bids: [string, string][], asks: [string, string][]): OrderBook {
  return {
    marketId,
    venue: marketId.startsWith('kalshi') ? 'kalshi' : 'polymarket',
    bids,
    asks,
    seq: null,
    venueTimestamp: null,
    receivedAt: '2026-05-01T00:00:00.000Z',
    source: 'rest',
  };
}

const K1 = 'kalshi:KXA';
const K2 = 'kalshi:KXB';
const P1 = 'polymarket:0x01';

let h: Harness;
let kalshi: MemoryAdapter;
let poly: MemoryAdapter;

beforeAll(async () => {
  kalshi = createMemoryAdapter({
    venue: 'kalshi',
    markets: [makeMarket('kalshi', 'KXA'), makeMarket('kalshi', 'KXB')],
    books: {
      [K1]: book(K1, [['0.41', '10'], ['0.4', '5'], ['0.39', '1']], [['0.43', '7'], ['0.44', '2']]),
      [K2]: book(K2, [['0.1', '1']], []),
    },
  });
  poly = createMemoryAdapter({ venue: 'polymarket', markets: [makeMarket('polymarket', '0x01')], books: { [P1]: book(P1, [['0.5', '100']], [['0.51', '3']]) } });
  h = await buildHarness([kalshi, poly]);
});
afterAll(() => h.close());

describe('GET /v1/markets/{id}/orderbook', () => {
  it('rejects a dot-segment native id as a bad id instead of passing it to the venue', async () => {
    for (const path of ['/v1/markets/kalshi:../orderbook', '/v1/markets/kalshi%3A../orderbook', '/v1/orderbooks?ids=kalshi:..']) {
      const res = await h.get(path);
      expect(res.status, path).toBe(400);
      expect(res.body.errors.map((e: { name: string }) => e.name)).toEqual([path.includes('ids=') ? 'ids' : 'id']);
    }
  });

  it('serves the live book, trimmed to depth', async () => {
    const full = await h.get(`/v1/markets/${K1}/orderbook`);
    expect(full.status).toBe(200);
    expect(full.body.bids).toEqual([['0.41', '10'], ['0.4', '5'], ['0.39', '1']]);
    const top = await h.get(`/v1/markets/${encodeURIComponent(K1)}/orderbook?depth=1`);
    expect(top.body).toMatchObject({ marketId: K1, bids: [['0.41', '10']], asks: [['0.43', '7']], source: 'rest' });
  });

  it('maps venue errors to problems', async () => {
    const cases: [Error, number, string][] = [
      [new RateLimited('slow down', { venue: 'polymarket', status: 429, retryAfterMs: 2500 }), 429, 'rate_limited'],
      [new Timeout('timed out', { venue: 'polymarket' }), 504, 'timeout'],
      [new VenueUnavailable('502 from venue', { venue: 'polymarket', status: 502 }), 503, 'venue_unavailable'],
      [new VenueFormatError('book.bids[0] is not a level', { venue: 'polymarket', endpoint: 'GET /book' }), 502, 'venue_format_changed'],
    ];
    try {
      for (const [err, status, code] of cases) {
        poly.setFailure(err);
        const r = await h.get(`/v1/markets/${P1}/orderbook`);
        expect(r.status, code).toBe(status);
        expect(r.type).toBe('application/problem+json');
        expect(r.body).toMatchObject({ code, status, venue: 'polymarket', detail: err.message });
        if (code === 'rate_limited') expect(r.headers.get('retry-after')).toBe('3');
      }
    } finally {
      poly.setFailure(null);
    }
  });

  it('404 for an unknown market or a disabled venue, 400 for a bad depth', async () => {
    expect((await h.get('/v1/markets/kalshi:NOPE/orderbook')).body.code).toBe('not_found');
    const disabled = await h.get('/v1/markets/opinion:123/orderbook');
    expect(disabled.status).toBe(404);
    for (const depth of ['0', '501', '-1', '1.5', 'x']) {
      const r = await h.get(`/v1/markets/${K1}/orderbook?depth=${depth}`);
      expect(r.status, depth).toBe(400);
      expect(r.body.errors[0].name).toBe('depth');
    }
  });
});

describe('GET /v1/orderbooks', () => {
  it('fetches books batched per venue, in request order', async () => {
    const r = await h.get(`/v1/orderbooks?ids=${P1},${K2},${K1}&depth=2`);
    expect(r.status).toBe(200);
    expect(r.body.data.map((b: OrderBook) => b.marketId)).toEqual([P1, K2, K1]);
    expect(r.body.data[2].bids).toHaveLength(2);
    expect(r.body.meta.errors).toEqual([]);
  });

  it('reports a failing venue and unknown ids per id without failing the call', async () => {
    kalshi.setFailure(new VenueUnavailable('kalshi is down', { venue: 'kalshi', status: 503 }));
    try {
      const r = await h.get(`/v1/orderbooks?ids=${K1},${P1},polymarket:0xdead,opinion:9`);
      expect(r.status).toBe(200);
      expect(r.body.data.map((b: OrderBook) => b.marketId)).toEqual([P1]);
      const errors = Object.fromEntries(r.body.meta.errors.map((e: { id: string; code: string; status: number }) => [e.id, [e.status, e.code]]));
      expect(errors).toEqual({
        [K1]: [503, 'venue_unavailable'],
        'polymarket:0xdead': [404, 'not_found'],
        'opinion:9': [404, 'not_found'],
      });
    } finally {
      kalshi.setFailure(null);
    }
  });

  it('400 for a missing, malformed or too long ids list', async () => {
    const tooMany = Array.from({ length: 101 }, (_, i) => `kalshi:M${i}`).join(',');
    for (const q of ['', 'ids=', 'ids=nope', `ids=${K1},betfair:1`, `ids=${tooMany}`]) {
      const r = await h.get(`/v1/orderbooks?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.body.errors[0]).toMatchObject({ name: 'ids', in: 'query' });
    }
  });
});

describe('order book cache', () => {
  it('serves a cached book within the TTL and applies depth to it', async () => {
    const adapter = createMemoryAdapter({ venue: 'kalshi', markets: [makeMarket('kalshi', 'C')], books: { 'kalshi:C': book('kalshi:C', [['0.2', '1'], ['0.19', '1']], []) } });
    const cached = await buildHarness([adapter], { orderbookCacheTtlMs: 60_000 });
    try {
      expect((await cached.get('/v1/markets/kalshi:C/orderbook')).body.bids).toHaveLength(2);
      adapter.setBook(book('kalshi:C', [['0.3', '9']], []));
      const again = await cached.get('/v1/markets/kalshi:C/orderbook?depth=1');
      expect(again.body.bids).toEqual([['0.2', '1']]);
      const batch = await cached.get('/v1/orderbooks?ids=kalshi:C');
      expect(batch.body.data[0].bids[0]).toEqual(['0.2', '1']);
      await cached.cache.delete(bookCacheKey('kalshi:C'));
      expect((await cached.get('/v1/markets/kalshi:C/orderbook')).body.bids).toEqual([['0.3', '9']]);
    } finally {
      await cached.close();
    }
  });

  it('serves the live book of a held market, and fetches from the venue when none is held', async () => {
    const adapter = createMemoryAdapter({
      venue: 'kalshi',
      markets: [makeMarket('kalshi', 'D'), makeMarket('kalshi', 'E')],
      books: { D: book('kalshi:D', [['0.10', '1']], []), E: book('kalshi:E', [['0.20', '2']], []) },
    });
    const held = new Map([['kalshi:D', { ...book('kalshi:D', [['0.55', '4'], ['0.5', '1']], []), source: 'stream' as const, seq: 7 }]]);
    const live = await buildHarness([adapter], { books: { live: (id: string) => held.get(id) } });
    try {
      const r = await live.get('/v1/markets/kalshi:D/orderbook?depth=1');
      expect(r.body).toMatchObject({ source: 'stream', seq: 7, bids: [['0.55', '4']] });
      const other = await live.get('/v1/markets/kalshi:E/orderbook');
      expect(other.body).toMatchObject({ source: 'rest', bids: [['0.20', '2']] });
      const batch = await live.get('/v1/orderbooks?ids=kalshi:E,kalshi:D');
      expect(batch.body.data.map((b: { marketId: string; source: string }) => [b.marketId, b.source])).toEqual([
        ['kalshi:E', 'rest'],
        ['kalshi:D', 'stream'],
      ]);
      // Once the service no longer holds it (or it went stale), the venue answers.
      held.clear();
      const after = await live.get('/v1/markets/kalshi:D/orderbook');
      expect(after.body).toMatchObject({ source: 'rest', bids: [['0.10', '1']] });
    } finally {
      await live.close();
    }
  });
});
