import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKalshiSim, type KalshiSim } from './index.js';
import { demoCredentials, signedFetch } from './testkit.js';

/** The edge cache in front of unauthenticated market data (docs/venues/kalshi.md §1). */

let sim: KalshiSim;
let clock = 1_800_000_000_000;
const creds = demoCredentials();
let ticker: string;

beforeAll(async () => {
  sim = await startKalshiSim({ markets: 30, seed: 5, botRatePerSecond: 0, now: () => clock });
  ticker = sim.tickers().find((t) => sim.book(t).yes.length > 0 && sim.book(t).no.length > 0) as string;
});
afterAll(() => sim.close());

/** A resting YES bid at 0.01 (below any seeded level) changes the book. */
async function moveBook(count: string): Promise<void> {
  const r = await signedFetch(sim.url, creds, 'POST', '/trade-api/v2/portfolio/events/orders', {
    ticker, side: 'bid', count, price: '0.01', time_in_force: 'good_till_canceled', self_trade_prevention_type: 'taker_at_cross',
  });
  expect(r.status).toBe(201);
}

describe('Kalshi simulator edge cache', () => {
  it('serves an unauthenticated GET from a copy up to max-age=15 s old; signed GETs reach the API', async () => {
    const path = `/trade-api/v2/markets/${ticker}/orderbook`;
    const first = await signedFetch(sim.url, undefined, 'GET', path);
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('public, max-age=15');
    const hits = sim.stats().edgeCacheHits;

    await moveBook('5');
    clock += 14_000;
    const cached = await signedFetch(sim.url, undefined, 'GET', path);
    expect(cached.body).toEqual(first.body);
    expect(cached.headers.get('age')).toBe('14');
    expect(cached.headers.get('cache-control')).toBe('public, max-age=15');
    expect(sim.stats().edgeCacheHits).toBe(hits + 1);

    const signed = await signedFetch(sim.url, creds, 'GET', path);
    expect(signed.headers.get('cache-control')).toBeNull();
    expect(signed.body.orderbook_fp.yes_dollars[0]).toEqual(['0.0100', '5.00']);
    expect(first.body.orderbook_fp.yes_dollars[0]).not.toEqual(['0.0100', '5.00']);

    // Another URL is another copy; at 15 s the copy has expired.
    const deeper = await signedFetch(sim.url, undefined, 'GET', `${path}?depth=100`);
    expect(deeper.body.orderbook_fp.yes_dollars[0]).toEqual(['0.0100', '5.00']);
    clock += 1_000;
    const fresh = await signedFetch(sim.url, undefined, 'GET', path);
    expect(fresh.headers.get('age')).toBeNull();
    expect(fresh.body).toEqual(signed.body);
  });

  it('cached answers cost no rate-limit tokens; errors are not cached', async () => {
    const s = await startKalshiSim({ markets: 10, botRatePerSecond: 0, tier: 'basic', rateLimitClock: () => 1_000, now: () => clock });
    try {
      const t = s.tickers()[0] as string;
      // The anonymous bucket holds 1,000 tokens: 100 requests at 10 each. Repeats of one URL are
      // answered by the cache, so 150 of them never reach the limit.
      for (let i = 0; i < 150; i++) expect((await signedFetch(s.url, undefined, 'GET', `/trade-api/v2/markets/${t}`)).status).toBe(200);
      expect(s.stats().rateLimited).toBe(0);
      expect(s.stats().edgeCacheHits).toBe(149);
      const missing = await signedFetch(s.url, undefined, 'GET', '/trade-api/v2/markets/NO-SUCH-MARKET');
      expect(missing.status).toBe(404);
      expect((await signedFetch(s.url, undefined, 'GET', '/trade-api/v2/markets/NO-SUCH-MARKET')).status).toBe(404);
      expect(s.stats().edgeCacheHits).toBe(149);
    } finally {
      await s.close();
    }
  });
});
