import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKalshiSim, type KalshiSim } from './index.js';
import { demoCredentials, signedFetch } from './testkit.js';
import { generateMarkets } from './generate.js';

let sim: KalshiSim;
const V2 = '/trade-api/v2';
const get = (path: string) => signedFetch(sim.url, undefined, 'GET', `${V2}${path}`);

beforeAll(async () => {
  sim = await startKalshiSim({ markets: 700, seed: 11, botRatePerSecond: 0 });
});
afterAll(() => sim.close());

describe('market data', () => {
  it('pages /markets to the end with opaque cursors ("" at the end) and clamps the limit', async () => {
    const seen: string[] = [];
    let cursor = '';
    let pages = 0;
    do {
      const r = await get(`/markets?limit=70${cursor ? `&cursor=${cursor}` : ''}`);
      expect(r.status).toBe(200);
      seen.push(...r.body.markets.map((m: any) => m.ticker));
      cursor = r.body.cursor;
      pages++;
    } while (cursor !== '');
    expect(new Set(seen).size).toBe(seen.length);
    const live = sim.tickers().length;
    expect(seen.length).toBeLessThanOrEqual(live);
    expect(seen.length).toBeGreaterThan(live * 0.9);
    expect(pages).toBe(Math.ceil(seen.length / 70));
    const big = await get('/markets?limit=5000');
    expect(big.body.markets.length).toBe(seen.length);
    expect((await get('/markets?cursor=garbage')).status).toBe(400);
  });

  it('filters by status vocabulary, event, series, tickers and mve_filter', async () => {
    const open = (await get('/markets?status=open&limit=1000')).body.markets;
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((m: any) => m.status === 'active')).toBe(true);
    const closed = (await get('/markets?status=closed&limit=1000')).body.markets;
    expect(closed.every((m: any) => ['closed', 'determined', 'disputed', 'amended'].includes(m.status))).toBe(true);
    const settled = (await get('/markets?status=settled&limit=1000')).body.markets;
    expect(settled.every((m: any) => m.status === 'finalized' && m.result !== '')).toBe(true);
    expect((await get('/markets?status=active')).status).toBe(400);
    expect((await get('/markets?status=open&min_close_ts=1')).status).toBe(400);
    const ev = open[0].event_ticker;
    const byEvent = (await get(`/markets?event_ticker=${ev}`)).body.markets;
    expect(byEvent.every((m: any) => m.event_ticker === ev)).toBe(true);
    const two = (await get(`/markets?tickers=${open[0].ticker},${open[1].ticker}`)).body.markets;
    expect(two.map((m: any) => m.ticker)).toEqual([open[0].ticker, open[1].ticker]);
    const only = (await get('/markets?mve_filter=only&limit=1000')).body.markets;
    expect(only.every((m: any) => m.mve_collection_ticker)).toBe(true);
    const excl = (await get('/markets?mve_filter=exclude&limit=1000')).body.markets;
    expect(excl.some((m: any) => m.mve_collection_ticker)).toBe(false);
    const series = (await get('/markets?series_ticker=KXFED&limit=1000')).body.markets;
    expect(series.every((m: any) => m.ticker.startsWith('KXFED-'))).toBe(true);
  });

  it('serves fixed-point market fields and grids', async () => {
    const m = (await get('/markets?status=open&limit=1')).body.markets[0];
    expect(m.yes_bid_dollars).toMatch(/^\d\.\d{4}$/);
    expect(m.volume_fp).toMatch(/^\d+\.\d{2}$/);
    expect(m.price_ranges[0]).toHaveProperty('step');
    expect(m.liquidity_dollars).toBe('0.0000');
    const single = await get(`/markets/${m.ticker}`);
    expect(single.body.market.ticker).toBe(m.ticker);
    expect((await get('/markets/NOPE-X')).status).toBe(404);
  });

  it('quotes of a never-touched book (lazily created) match the book once it exists', async () => {
    const late = (await get('/markets?status=open&limit=1000')).body.markets.slice(-5);
    for (const m of late) {
      const book = (await get(`/markets/${m.ticker}/orderbook`)).body.orderbook_fp;
      expect(m.yes_bid_dollars).toBe(book.yes_dollars.at(-1)[0]);
      expect(m.yes_bid_size_fp).toBe(book.yes_dollars.at(-1)[1]);
      expect(m.no_bid_dollars).toBe(book.no_dollars.at(-1)[0]);
    }
  });

  it('orderbook: bids only per side, ascending, depth keeps the best N; batch with repeated tickers', async () => {
    const open = (await get('/markets?status=open&limit=3')).body.markets;
    const t = open[0].ticker;
    const full = (await get(`/markets/${t}/orderbook`)).body.orderbook_fp;
    const prices = (side: [string, string][]) => side.map(([p]) => Number(p.replace('.', '')));
    for (const side of [full.yes_dollars, full.no_dollars]) expect(prices(side)).toEqual([...prices(side)].sort((a, b) => a - b));
    const bestYes = Number(full.yes_dollars.at(-1)[0].replace('.', ''));
    const bestNo = Number(full.no_dollars.at(-1)[0].replace('.', ''));
    expect(bestYes + bestNo).toBeLessThan(10000); // uncrossed: best YES bid < 1 − best NO bid
    const top = (await get(`/markets/${t}/orderbook?depth=2`)).body.orderbook_fp;
    expect(top.yes_dollars).toEqual(full.yes_dollars.slice(-2));
    expect(sim.book(t).yes).toEqual(full.yes_dollars);
    const batch = await get(`/markets/orderbooks?tickers=${open[0].ticker}&tickers=${open[1].ticker}`);
    expect(batch.body.orderbooks.map((o: any) => o.ticker)).toEqual([open[0].ticker, open[1].ticker]);
    expect((await get('/markets/orderbooks')).status).toBe(400);
  });

  it('one book is deeper than the 100 levels a depth can ask for: depth=100 keeps the best 100, still ascending', async () => {
    const deep = sim.tickers().find((t) => sim.book(t).yes.length > 100 && sim.book(t).no.length > 100) as string;
    expect(deep).toBeDefined();
    const full = (await get(`/markets/${deep}/orderbook`)).body.orderbook_fp;
    const top = (await get(`/markets/${deep}/orderbook?depth=100`)).body.orderbook_fp;
    for (const side of ['yes_dollars', 'no_dollars'] as const) {
      expect(full[side].length).toBeGreaterThan(100);
      expect(top[side]).toEqual(full[side].slice(-100));
    }
    expect((await get(`/markets/${deep}/orderbook?depth=101`)).status).toBe(400);
  });

  it('events with nested markets, series, trades, candlesticks, historical and exchange status', async () => {
    const evs = (await get('/events?with_nested_markets=true&limit=5')).body;
    expect(evs.events).toHaveLength(5);
    expect(evs.events[0].markets.length).toBeGreaterThan(0);
    expect(evs.cursor).not.toBe('');
    const plain = (await get('/events?limit=5')).body.events[0];
    expect(plain.markets).toBeUndefined();
    const one = (await get(`/events/${plain.event_ticker}`)).body;
    expect(one.event.event_ticker).toBe(plain.event_ticker);
    expect(one.markets.length).toBeGreaterThan(0);
    expect((await get('/events?limit=500')).body.events.length).toBeLessThanOrEqual(200);
    const s = (await get('/series')).body.series;
    expect(s.map((x: any) => x.ticker)).toContain('KXFED');
    expect(s[0].fee_type).toMatch(/^quadratic|flat/);
    expect((await get('/exchange/status')).body.trading_active).toBe(true);
    const cutoff = (await get('/historical/cutoff')).body;
    expect(cutoff.market_settled_ts).toMatch(/Z$/);
    const hist = (await get('/historical/markets?limit=1000')).body.markets;
    expect(hist.length).toBeGreaterThan(0);
    expect(hist.every((m: any) => m.status === 'finalized' && m.settlement_ts < cutoff.market_settled_ts)).toBe(true);
    expect((await get(`/markets/${hist[0].ticker}`)).status).toBe(404);
    expect((await get(`/historical/markets/${hist[0].ticker}`)).status).toBe(200);
    sim.bots.step(300);
    const trades = (await get('/markets/trades?limit=5')).body;
    expect(trades.trades.length).toBe(5);
    expect(trades.trades[0]).toHaveProperty('taker_outcome_side');
    const more = (await get(`/markets/trades?limit=5&cursor=${trades.cursor}`)).body.trades;
    expect(more.map((t: any) => t.trade_id)).not.toContain(trades.trades[0].trade_id);
    const t = trades.trades[0].ticker;
    const m = (await get(`/markets/${t}`)).body.market;
    const series = (await get(`/events/${m.event_ticker}`)).body.event.series_ticker;
    const candles = (await get(`/series/${series}/markets/${t}/candlesticks?period_interval=60`)).body.candlesticks;
    expect(candles.length).toBeGreaterThan(0);
    expect(candles[0].price).toHaveProperty('close_dollars');
  });

  it('generation is deterministic and fast for 20,000 markets', () => {
    const a = generateMarkets(5, 20_000, 1_790_000_000_000);
    const b = generateMarkets(5, 20_000, 1_790_000_000_000);
    expect(a.markets).toHaveLength(20_000);
    expect(a.markets.map((m) => m.ticker)).toEqual(b.markets.map((m) => m.ticker));
    expect(new Set(a.markets.map((m) => m.ticker)).size).toBe(20_000);
    const structures = new Set(a.markets.map((m) => m.structure));
    expect(structures).toEqual(new Set(['linear_cent', 'deci_cent', 'tapered_deci_cent']));
    expect(a.events.some((e) => e.markets.length > 1)).toBe(true);
  });
});

describe('rate limits', () => {
  it('serves every usage tier of the reference, expert and paragon included, and bills by it', async () => {
    const want = {
      basic: [200, 400, 100, 100],
      advanced: [300, 600, 300, 600],
      expert: [600, 600, 600, 1200],
      premier: [1000, 1000, 1000, 2000],
      paragon: [2000, 2000, 2000, 4000],
      prime: [4000, 4000, 4000, 8000],
      prestige: [10000, 10000, 8000, 16000],
    } as const;
    for (const [tier, [readRate, readCap, writeRate, writeCap]] of Object.entries(want)) {
      const s = await startKalshiSim({ markets: 5, botRatePerSecond: 0, tier: tier as keyof typeof want, rateLimitClock: () => 1_000 });
      try {
        const limits = (await signedFetch(s.url, demoCredentials(), 'GET', `${V2}/account/limits`)).body;
        expect(limits).toMatchObject({
          usage_tier: tier,
          read: { refill_rate: readRate, bucket_capacity: readCap },
          write: { refill_rate: writeRate, bucket_capacity: writeCap },
        });
        if (tier !== 'expert') continue;
        // A frozen clock: an expert Read bucket pays for 600 / 10 = 60 GETs, the one above included.
        let ok = 1;
        while ((await signedFetch(s.url, demoCredentials(), 'GET', `${V2}/portfolio/balance`)).status === 200) ok += 1;
        expect(ok).toBe(60);
      } finally {
        await s.close();
      }
    }
  });

  it('429 with Kalshi body and no Retry-After once the bucket is empty; limits and costs endpoints', async () => {
    // A frozen clock: the buckets never refill, so the Read bucket (400 tokens, 10 per GET) runs dry.
    const s = await startKalshiSim({ markets: 10, botRatePerSecond: 0, tier: 'basic', rateLimitClock: () => 1_000 });
    try {
      const creds = demoCredentials();
      const limits = await signedFetch(s.url, creds, 'GET', `${V2}/account/limits`);
      expect(limits.body).toMatchObject({ usage_tier: 'basic', read: { refill_rate: 200, bucket_capacity: 400 }, write: { refill_rate: 100 } });
      const costs = await signedFetch(s.url, undefined, 'GET', `${V2}/account/endpoint_costs`);
      expect(costs.body.default_cost).toBe(10);
      expect(costs.body.endpoint_costs).toContainEqual({ method: 'DELETE', path: '/trade-api/v2/portfolio/events/orders/{order_id}', cost: 2 });
      let limited: Awaited<ReturnType<typeof signedFetch>> | undefined;
      for (let i = 0; i < 60 && !limited; i++) {
        const r = await signedFetch(s.url, creds, 'GET', `${V2}/portfolio/balance`);
        if (r.status === 429) limited = r;
      }
      expect(limited?.body).toEqual({ error: 'too many requests' });
      expect(limited?.headers.get('retry-after')).toBeNull();
      expect(s.stats().rateLimited).toBeGreaterThan(0);
      // a batch that does not fit the Write bucket (100 tokens) is rejected whole
      const orders = Array.from({ length: 11 }, () => ({ ticker: 'X', side: 'bid', count: '1', price: '0.10', time_in_force: 'good_till_canceled', self_trade_prevention_type: 'maker' }));
      const batch = await signedFetch(s.url, creds, 'POST', `${V2}/portfolio/events/orders/batched`, { orders });
      expect(batch.status).toBe(429);
      s.faults.rateLimitStorm({ requests: 1 });
      const storm = await signedFetch(s.url, undefined, 'GET', `${V2}/exchange/status`);
      expect(storm.status).toBe(429);
      expect(storm.body).toEqual({ error: 'too many requests' });
    } finally {
      await s.close();
    }
  });
});
