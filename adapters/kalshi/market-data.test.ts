import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MarketSchema, NotFound, RateLimited } from '../../src/core/index.js';
import type { Market } from '../../src/core/index.js';
import { collectAll } from '../../src/venue/paginate.js';
import { createKalshiAdapter } from './index.js';
import type { KalshiAdapter } from './index.js';
import { DEMO_KEY_ID, DEMO_PRIVATE_KEY_PATH, startKalshiSim } from './sim/index.js';
import type { KalshiSim } from './sim/index.js';

let sim: KalshiSim;
let adapter: KalshiAdapter;
let all: Market[];

beforeAll(async () => {
  sim = await startKalshiSim({ seed: 21, markets: 260, botRatePerSecond: 0 });
  adapter = createKalshiAdapter({ restUrl: sim.restUrl, retry: { baseDelayMs: 20, maxDelayMs: 100 } });
  all = await collectAll(adapter.listMarkets());
});

afterAll(async () => {
  await adapter?.close();
  await sim?.close();
});

describe('kalshi market data against the simulator', () => {
  it('walks every live market once, with series fee schedule, category and tags attached', () => {
    expect(all.length).toBeGreaterThan(100);
    expect(new Set(all.map((m) => m.id)).size).toBe(all.length);
    for (const m of all) MarketSchema.parse(m);
    const withFees = all.filter((m) => typeof m.extra['feeType'] === 'string');
    expect(withFees.length).toBe(all.length);
    expect(all.some((m) => m.category !== null && m.tags.length > 0)).toBe(true);
  });

  it('maps status filters to the venue vocabulary and filters several statuses locally', async () => {
    const open = await collectAll(adapter.listMarkets({ status: ['open'] }));
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((m) => m.status === 'open')).toBe(true);
    expect(open.length).toBe(all.filter((m) => m.status === 'open').length);
    const mixed = await collectAll(adapter.listMarkets({ status: ['open', 'paused'] }));
    expect(mixed.length).toBe(all.filter((m) => m.status === 'open' || m.status === 'paused').length);
  });

  it('supports the raw filters: mve_filter, event_ticker, tickers, updatedSince', async () => {
    const only = await collectAll(adapter.kalshi.listMarketsWhere({ mve_filter: 'only' }));
    const exclude = await collectAll(adapter.kalshi.listMarketsWhere({ mve_filter: 'exclude' }));
    expect(only.length + exclude.length).toBe(all.length);
    expect(only.every((m) => typeof m.extra['mveCollectionTicker'] === 'string')).toBe(true);
    const first = all[0] as Market;
    const byEvent = await collectAll(adapter.kalshi.listMarketsWhere({ event_ticker: first.extra['eventTicker'] as string }));
    expect(byEvent.every((m) => m.eventId === first.eventId)).toBe(true);
    const byTickers = await collectAll(adapter.kalshi.listMarketsWhere({ tickers: all.slice(0, 3).map((m) => m.nativeId).join(',') }));
    expect(byTickers.map((m) => m.id)).toEqual(all.slice(0, 3).map((m) => m.id));
    const times = all.map((m) => Date.parse(m.updatedAt)).sort((a, b) => a - b);
    const since = new Date(Math.floor((times[Math.floor(times.length / 2)] as number) / 1000) * 1000);
    const changed = await collectAll(adapter.listMarkets({ updatedSince: since }));
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.length).toBe(all.filter((m) => Date.parse(m.updatedAt) >= since.getTime()).length);
  });

  it('batches books over 100 markets into chunks with repeated tickers keys, in order', async () => {
    const ids = all.slice(0, 130).map((m) => m.nativeId).reverse();
    const before = adapter.kalshi.httpStats().requests;
    const books = await adapter.getOrderBooks(ids, { depth: 2 });
    expect(adapter.kalshi.httpStats().requests - before).toBe(2);
    expect(books.map((b) => b.marketId)).toEqual(ids.map((t) => `kalshi:${t}`));
    expect(books.every((b) => b.bids.length <= 2 && b.asks.length <= 2)).toBe(true);
  });

  it('events carry their nested markets; getEvent agrees; unknown ids are NotFound', async () => {
    const [page] = await collectAll(adapter.listEvents({ pageSize: 3 }), 1).then((e) => [e]);
    const event = page?.[0];
    expect(event?.markets?.length).toBe(event?.marketIds.length);
    const again = await adapter.getEvent(event?.nativeId as string);
    expect(again.marketIds).toEqual(event?.marketIds);
    await expect(adapter.getEvent('NO-SUCH-EVENT')).rejects.toBeInstanceOf(NotFound);
    await expect(adapter.getOrderBook('NO-SUCH-MKT')).rejects.toBeInstanceOf(NotFound);
  });

  it('series, candlesticks, exchange status and the historical tier', async () => {
    const series = await adapter.kalshi.listSeries();
    expect(series.length).toBeGreaterThan(0);
    const one = await adapter.kalshi.getSeries(series[0]?.ticker as string);
    expect(one.ticker).toBe(series[0]?.ticker);
    const candles = await adapter.kalshi.getCandlesticks(all[0]?.id as string, {
      start: new Date(Date.now() - 3_600_000),
      end: new Date(),
      periodMinutes: 60,
    });
    expect(Array.isArray(candles)).toBe(true);
    expect((await adapter.kalshi.getExchangeStatus()).exchange_active).toBe(true);
    const cutoff = await adapter.kalshi.getHistoricalCutoff();
    expect(Date.parse(cutoff.market_settled_ts)).not.toBeNaN();
    const historical = await collectAll(adapter.kalshi.listHistoricalMarkets());
    for (const m of historical) expect(m.status).toBe('resolved');
    if (historical[0]) expect((await adapter.kalshi.getHistoricalMarket(historical[0].nativeId)).id).toBe(historical[0].id);
    // Live and historical listings do not overlap.
    const live = new Set(all.map((m) => m.id));
    expect(historical.some((m) => live.has(m.id))).toBe(false);
  });

  it('reads retry 429s with backoff; a storm longer than the retries surfaces as RateLimited', async () => {
    sim.faults.rateLimitStorm({ requests: 2 });
    expect((await adapter.getMarket(all[0]?.nativeId as string)).id).toBe(all[0]?.id);
    sim.faults.rateLimitStorm({ requests: 50 });
    await expect(adapter.getMarket(all[0]?.nativeId as string)).rejects.toBeInstanceOf(RateLimited);
    sim.faults.stopRateLimitStorm();
  });

  it('reads the account budget from /account/limits when authenticated', async () => {
    const authed = createKalshiAdapter({ restUrl: sim.restUrl, credentials: { keyId: DEMO_KEY_ID, privateKey: DEMO_PRIVATE_KEY_PATH } });
    expect(authed.rateLimits().find((b) => b.name === 'read')?.ratePerSecond).toBe(190); // basic × 0.95 until read
    await authed.getBalances();
    // The simulator's default tier is advanced: 300/300 tokens/s.
    expect(authed.rateLimits().find((b) => b.name === 'read')?.ratePerSecond).toBe(285);
    expect(authed.rateLimits().find((b) => b.name === 'write')?.capacity).toBe(570);
    await authed.close();
  });
  it('a book deeper than Kalshi’s 100-level maximum asks for every level and trims locally', async () => {
    const id = (all.find((m) => m.status === 'open' && m.bestBid && m.bestAsk) as Market).id;
    const full = await adapter.getOrderBook(id);
    const deep = await adapter.getOrderBook(id, { depth: 150 });
    expect([deep.bids, deep.asks]).toEqual([full.bids, full.asks]);
    const [batched] = await adapter.getOrderBooks([id], { depth: 150 });
    expect([batched?.bids, batched?.asks]).toEqual([full.bids, full.asks]);
  });

  it('status resolved also finds determined markets (under Kalshi’s `closed` filter), not only finalized ones', async () => {
    // Runs last: it changes a market's status (and updated time) in the simulator.
    const closed = all.find((m) => m.status === 'closed') as Market;
    sim.setMarketStatus(closed.nativeId, 'determined');
    const resolved = await collectAll(adapter.listMarkets({ status: ['resolved'] }));
    expect(resolved.every((m) => m.status === 'resolved')).toBe(true);
    expect(resolved.map((m) => m.id)).toContain(closed.id);
    expect(resolved.length).toBe(all.filter((m) => m.status === 'resolved').length + 1);
  });
});
