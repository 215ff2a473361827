import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateLimited } from '../core/index.js';
import type { Trade } from '../core/index.js';
import { buildHarness } from '../../test/api/harness.js';
import type { Harness } from '../../test/api/harness.js';
import { createMemoryAdapter, makeMarket } from '../../test/support/memory-adapter.js';
import type { MemoryAdapter } from '../../test/support/memory-adapter.js';
import { encodeTradeCursor } from './trades.js';

const K1 = 'kalshi:KXA';
const K2 = 'kalshi:KXB';

function trade(marketId: string, i: number): Trade {
  return {
    id: `t${i}`,
    marketId,
    venue: 'kalshi',
    price: `0.${String(10 + i).padStart(2, '0')}`,
    size: `${i + 1}.00`,
    takerSide: i % 2 === 0 ? 'buy' : 'sell',
    timestamp: new Date(Date.UTC(2026, 4, 1, 0, 0, i)).toISOString(),
  };
}

let h: Harness;
let kalshi: MemoryAdapter;

beforeAll(async () => {
  kalshi = createMemoryAdapter({
    venue: 'kalshi',
    markets: [makeMarket('kalshi', 'KXA'), makeMarket('kalshi', 'KXB')],
    trades: [...Array.from({ length: 7 }, (_, i) => trade(K1, i)), trade(K2, 50)],
  });
  h = await buildHarness([kalshi]);
});
afterAll(() => h.close());

describe('GET /v1/markets/{id}/trades', () => {
  it('pages through every trade of the market exactly once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const q: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const res = await h.get(`/v1/markets/${K1}/trades?limit=3${q}`);
      expect(res.status).toBe(200);
      expect(res.body.data.length).toBeLessThanOrEqual(3);
      for (const t of res.body.data) {
        expect(t.marketId).toBe(K1);
        seen.push(t.id);
      }
      cursor = res.body.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual(['t0', 't1', 't2', 't3', 't4', 't5', 't6']);
  });

  it('keeps decimal strings as the venue gave them', async () => {
    const res = await h.get(`/v1/markets/${K2}/trades`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: [trade(K2, 50)], nextCursor: null });
  });

  it('rejects a cursor issued for another market, or garbage, naming the parameter', async () => {
    const first = await h.get(`/v1/markets/${K1}/trades?limit=2`);
    const foreign = encodeURIComponent(first.body.nextCursor);
    for (const path of [`/v1/markets/${K2}/trades?cursor=${foreign}`, `/v1/markets/${K1}/trades?cursor=bm9wZQ`]) {
      const res = await h.get(path);
      expect(res.status).toBe(400);
      expect(res.type).toContain('application/problem+json');
      expect(res.body.errors[0].name).toBe('cursor');
    }
    expect(encodeTradeCursor(K1, 'x')).not.toContain('=');
  });

  it('answers 404 for an unknown market and 400 for bad ids and limits', async () => {
    expect((await h.get('/v1/markets/kalshi:NOPE/trades')).status).toBe(404);
    expect((await h.get('/v1/markets/polymarket:0x01/trades')).status).toBe(404);
    const bad = await h.get('/v1/markets/nasdaq:X/trades');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].name).toBe('id');
    for (const limit of ['0', '501', 'ten']) {
      const res = await h.get(`/v1/markets/${K1}/trades?limit=${limit}`);
      expect(res.status).toBe(400);
      expect(res.body.errors[0].name).toBe('limit');
    }
  });

  it('maps a venue refusal to its problem', async () => {
    kalshi.setFailure(() => new RateLimited('too many requests', { venue: 'kalshi', status: 429, retryAfterMs: 3000 }));
    try {
      const res = await h.get(`/v1/markets/${K1}/trades`);
      expect(res.status).toBe(429);
      expect(res.body.code).toBe('rate_limited');
      expect(res.headers.get('retry-after')).toBe('3');
    } finally {
      kalshi.setFailure(null);
    }
  });
});
