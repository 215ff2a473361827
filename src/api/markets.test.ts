import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VenueUnavailable } from '../core/index.js';
import type { Market } from '../core/index.js';
import { buildHarness } from '../../test/api/harness.js';
import type { Harness } from '../../test/api/harness.js';
import { createMemoryAdapter, makeMarket } from '../../test/support/memory-adapter.js';

const kalshi: Market[] = [
  makeMarket('kalshi', 'KXFED-27APR-T4.25', { title: 'Fed above 4.25%', volume: '900', category: 'Economics', closeTime: '2027-04-30T00:00:00.000Z', openTime: '2026-01-01T00:00:00.000Z' }),
  makeMarket('kalshi', 'KXFED-27APR-T4.50', { title: 'Fed above 4.50%', volume: '50', category: 'Economics', closeTime: '2027-04-30T00:00:00.000Z', openTime: '2026-02-01T00:00:00.000Z' }),
  makeMarket('kalshi', 'KXRAIN-NYC', { title: 'Rain in NYC', volume: '10', category: 'Weather', closeTime: '2026-07-01T00:00:00.000Z', openTime: '2026-03-01T00:00:00.000Z' }),
  makeMarket('kalshi', 'KXOLD', { title: 'Old market', status: 'closed', volume: '5000', category: 'Economics', closeTime: '2025-01-01T00:00:00.000Z', openTime: '2024-01-01T00:00:00.000Z' }),
];
const polymarket: Market[] = [
  makeMarket('polymarket', '0xaaa', { title: 'Bitcoin above 100k', volume: '2000.5', category: 'Crypto', closeTime: '2026-12-31T00:00:00.000Z', openTime: '2026-04-01T00:00:00.000Z' }),
  makeMarket('polymarket', '0xbbb', { title: 'Fed cuts in June', volume: '300', category: 'economics', closeTime: '2026-06-18T00:00:00.000Z', openTime: '2025-12-01T00:00:00.000Z' }),
];

let h: Harness;

beforeAll(async () => {
  h = await buildHarness([
    createMemoryAdapter({ venue: 'kalshi', markets: kalshi }),
    createMemoryAdapter({ venue: 'polymarket', markets: polymarket }),
    createMemoryAdapter({ venue: 'manifold', markets: [makeMarket('manifold', 'm1')], failWith: new VenueUnavailable('manifold is down', { venue: 'manifold', status: 503 }) }),
    // The fixtures' era: their open markets close later (past close, a market is served closed).
  ], { now: () => Date.parse('2026-05-01T00:00:00Z') });
});
afterAll(() => h.close());

const ids = (body: { data: Market[] }) => body.data.map((m) => m.id);

describe('GET /v1/markets', () => {
  it('lists every enabled venue by volume, with freshness per venue', async () => {
    const r = await h.get('/v1/markets');
    expect(r.status).toBe(200);
    expect(ids(r.body)).toEqual([
      'kalshi:KXOLD',
      'polymarket:0xaaa',
      'kalshi:KXFED-27APR-T4.25',
      'polymarket:0xbbb',
      'kalshi:KXFED-27APR-T4.50',
      'kalshi:KXRAIN-NYC',
    ]);
    expect(r.body.nextCursor).toBeNull();
    expect(r.body.meta.venues.kalshi).toMatchObject({ state: 'ready', marketCount: 4, error: null });
    expect(Date.parse(r.body.meta.venues.kalshi.syncedAt)).not.toBeNaN();
    expect(r.body.meta.venues.polymarket.marketCount).toBe(2);
  });

  it('reports a failing venue in meta and still answers 200', async () => {
    const r = await h.get('/v1/markets?venue=all');
    expect(r.status).toBe(200);
    expect(r.body.meta.venues.manifold).toMatchObject({ state: 'failed', marketCount: 0, syncedAt: null });
    expect(r.body.meta.venues.manifold.error).toMatch(/manifold is down/);
  });

  it('filters by venue, status, text, category and close time', async () => {
    expect(ids((await h.get('/v1/markets?venue=polymarket')).body)).toEqual(['polymarket:0xaaa', 'polymarket:0xbbb']);
    const onlyKalshi = await h.get('/v1/markets?venue=kalshi');
    expect(Object.keys(onlyKalshi.body.meta.venues)).toEqual(['kalshi']);
    expect(ids((await h.get('/v1/markets?status=closed')).body)).toEqual(['kalshi:KXOLD']);
    expect(ids((await h.get('/v1/markets?q=FED&status=open')).body)).toEqual(['kalshi:KXFED-27APR-T4.25', 'polymarket:0xbbb', 'kalshi:KXFED-27APR-T4.50']);
    expect(ids((await h.get('/v1/markets?category=weather')).body)).toEqual(['kalshi:KXRAIN-NYC']);
    expect(ids((await h.get('/v1/markets?closesBefore=2026-07-01&sort=closeTime')).body)).toEqual(['kalshi:KXOLD', 'polymarket:0xbbb']);
  });

  it('sorts by close time and by newest', async () => {
    expect(ids((await h.get('/v1/markets?sort=closeTime&status=open')).body)).toEqual([
      'polymarket:0xbbb',
      'kalshi:KXRAIN-NYC',
      'polymarket:0xaaa',
      'kalshi:KXFED-27APR-T4.25',
      'kalshi:KXFED-27APR-T4.50',
    ]);
    expect(ids((await h.get('/v1/markets?sort=newest&limit=2')).body)).toEqual(['polymarket:0xaaa', 'kalshi:KXRAIN-NYC']);
  });

  it('pages with opaque cursors through every market exactly once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 10; i++) {
      const r = await h.get(`/v1/markets?limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(r.status).toBe(200);
      expect(r.body.data.length).toBeLessThanOrEqual(4);
      seen.push(...ids(r.body));
      cursor = r.body.nextCursor;
      if (cursor === null) break;
    }
    expect(cursor).toBeNull();
    expect(seen).toEqual(ids((await h.get('/v1/markets')).body));
  });

  it('rejects a cursor from another query or a garbage one, naming cursor', async () => {
    const first = await h.get('/v1/markets?limit=2');
    const other = await h.get(`/v1/markets?limit=2&sort=newest&cursor=${first.body.nextCursor}`);
    expect(other.status).toBe(400);
    expect(other.type).toBe('application/problem+json');
    expect(other.body.errors[0].name).toBe('cursor');
    for (const bad of ['AAAA', 'bm90IGpzb24', '!!!']) {
      const r = await h.get(`/v1/markets?cursor=${bad}`);
      expect(r.status, bad).toBe(400);
      expect(r.body.code).toBe('invalid_parameter');
      expect(r.body.errors[0]).toMatchObject({ name: 'cursor', in: 'query' });
    }
  });

  it.each([
    ['venue=betfair', 'venue'],
    ['venue=opinion', 'venue'],
    ['status=live', 'status'],
    ['sort=price', 'sort'],
    ['limit=0', 'limit'],
    ['limit=100000', 'limit'],
    ['limit=ten', 'limit'],
    ['closesBefore=yesterday', 'closesBefore'],
    ['closesBefore=2026-02-30T00:00:00Z', 'closesBefore'],
    ['venues=kalshi', 'venues'],
    ['limit=1&limit=2', 'limit'],
  ])('400 for %s naming %s', async (query, name) => {
    const r = await h.get(`/v1/markets?${query}`);
    expect(r.status).toBe(400);
    expect(r.type).toBe('application/problem+json');
    expect(r.body).toMatchObject({ status: 400, code: 'invalid_parameter', instance: '/v1/markets' });
    expect(r.body.errors.map((e: { name: string }) => e.name)).toContain(name);
  });
});

describe('GET /v1/markets/{id}', () => {
  it('returns the market, with the id plain or percent-encoded', async () => {
    const plain = await h.get('/v1/markets/kalshi:KXFED-27APR-T4.25');
    expect(plain.status).toBe(200);
    // The catalog stamps when it read the quotes of a market whose adapter does not say.
    const { quotedAt, ...rest } = plain.body as Market;
    expect(rest).toEqual(kalshi[0]);
    expect(Date.parse(quotedAt as string)).toBeLessThanOrEqual(Date.now());
    const encoded = await h.get(`/v1/markets/${encodeURIComponent('kalshi:KXFED-27APR-T4.25')}`);
    expect(encoded.body).toEqual(plain.body);
  });

  it('404 problem for an unknown market', async () => {
    const r = await h.get('/v1/markets/kalshi:NOPE');
    expect(r.status).toBe(404);
    expect(r.type).toBe('application/problem+json');
    expect(r.body).toMatchObject({ code: 'not_found', status: 404, instance: '/v1/markets/kalshi:NOPE' });
  });

  it.each(['nope', 'betfair:X', 'kalshi:', 'kalshi:a b', encodeURIComponent('kalshi:a/b')])('400 naming id for %s', async (id) => {
    const r = await h.get(`/v1/markets/${id}`);
    expect(r.status).toBe(400);
    expect(r.body.errors[0]).toMatchObject({ name: 'id', in: 'path' });
  });
});

describe('catalog updates', () => {
  it('are visible at once: cached page bodies are never served stale', async () => {
    const adapter = createMemoryAdapter({ venue: 'kalshi', markets: [makeMarket('kalshi', 'U1', { title: 'Before' }), makeMarket('kalshi', 'U2')] });
    const own = await buildHarness([adapter]);
    try {
      const first = await own.get('/v1/markets?venue=kalshi');
      expect(first.body.data[0].title).toBe('Before');
      const syncedBefore = first.body.meta.venues.kalshi.syncedAt;
      adapter.upsertMarkets([makeMarket('kalshi', 'U1', { title: 'After', updatedAt: '2026-06-01T00:00:00.000Z' })]);
      await own.catalog.syncVenue('kalshi');
      const second = await own.get('/v1/markets?venue=kalshi');
      expect(second.body.data.find((m: Market) => m.id === 'kalshi:U1').title).toBe('After');
      expect(second.body.meta.venues.kalshi.syncedAt >= syncedBefore).toBe(true);
      adapter.removeMarkets(['kalshi:U2']);
      await own.catalog.syncVenue('kalshi');
      expect(ids((await own.get('/v1/markets?venue=kalshi')).body)).toEqual(['kalshi:U1']);
      expect((await own.get('/v1/markets/kalshi:U2')).status).toBe(404);
    } finally {
      await own.close();
    }
  });
});
