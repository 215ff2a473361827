import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MarketSchema, NotFound, RateLimited } from '../../src/core/index.js';
import type { Market } from '../../src/core/index.js';
import type { Page } from '../../src/venue/adapter.js';
import { collectAll } from '../../src/venue/paginate.js';
import { createKalshiAdapter } from './index.js';
import type { KalshiAdapter } from './index.js';
import { startKalshiSim } from './sim/index.js';
import type { KalshiSim } from './sim/index.js';

/**
 * Market data of an adapter without credentials against the simulator. The simulator runs on an
 * injected clock that only the tests move, so the catalog (timed opens and closes) and the edge
 * cache of unauthenticated reads (docs/venues/kalshi.md §1) stay put while a test reads them.
 * Listings use small pages, so every walk follows cursors across several pages.
 */

let sim: KalshiSim;
let adapter: KalshiAdapter;
let all: Market[];
let allPages: number;
let clock = Date.now();
const PAGE = 40;

/** Every item of a walk and how many pages it took. */
async function walk<T>(pages: AsyncIterable<Page<T>>): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let n = 0;
  for await (const page of pages) {
    items.push(...page.items);
    n += 1;
  }
  return { items, pages: n };
}

/** Lets every copy of the edge cache expire, so the next unauthenticated reads reach the API. */
const expireEdgeCache = () => {
  clock += 15_000;
};

beforeAll(async () => {
  sim = await startKalshiSim({ seed: 21, markets: 260, botRatePerSecond: 0, now: () => clock });
  adapter = createKalshiAdapter({ restUrl: sim.restUrl, retry: { baseDelayMs: 20, maxDelayMs: 100 } });
  ({ items: all, pages: allPages } = await walk(adapter.listMarkets({ pageSize: PAGE })));
});

afterAll(async () => {
  await adapter?.close();
  await sim?.close();
});

describe('kalshi market data against the simulator', () => {
  it('walks every live market once across pages, with series fee schedule, category and tags attached', () => {
    expect(all.length).toBeGreaterThan(100);
    expect(allPages).toBe(Math.ceil(all.length / PAGE));
    expect(new Set(all.map((m) => m.id)).size).toBe(all.length);
    for (const m of all) MarketSchema.parse(m);
    const withFees = all.filter((m) => typeof m.extra['feeType'] === 'string');
    expect(withFees.length).toBe(all.length);
    expect(all.some((m) => m.category !== null && m.tags.length > 0)).toBe(true);
  });

  it('maps status filters to the venue vocabulary and filters several statuses locally', async () => {
    const open = await walk(adapter.listMarkets({ status: ['open'], pageSize: PAGE }));
    expect(open.pages).toBeGreaterThan(1);
    expect(open.items.every((m) => m.status === 'open')).toBe(true);
    expect(open.items.length).toBe(all.filter((m) => m.status === 'open').length);
    const mixed = await walk(adapter.listMarkets({ status: ['open', 'paused'], pageSize: PAGE }));
    expect(mixed.pages).toBeGreaterThan(1);
    expect(mixed.items.length).toBe(all.filter((m) => m.status === 'open' || m.status === 'paused').length);
    expect(all.some((m) => m.status === 'paused')).toBe(true);
  });

  it('supports the raw filters: mve_filter, event_ticker, tickers, updatedSince', async () => {
    const only = await collectAll(adapter.kalshi.listMarketsWhere({ mve_filter: 'only', limit: 5 }));
    const exclude = await walk(adapter.kalshi.listMarketsWhere({ mve_filter: 'exclude', limit: PAGE }));
    expect(exclude.pages).toBeGreaterThan(1);
    expect(only.length).toBeGreaterThan(0);
    expect(only.length + exclude.items.length).toBe(all.length);
    expect(only.every((m) => typeof m.extra['mveCollectionTicker'] === 'string')).toBe(true);
    const first = all[0] as Market;
    const byEvent = await collectAll(adapter.kalshi.listMarketsWhere({ event_ticker: first.extra['eventTicker'] as string }));
    expect(byEvent.map((m) => m.id)).toContain(first.id);
    expect(byEvent.every((m) => m.eventId === first.eventId)).toBe(true);
    const byTickers = await collectAll(adapter.kalshi.listMarketsWhere({ tickers: all.slice(0, 3).map((m) => m.nativeId).join(',') }));
    expect(byTickers.map((m) => m.id)).toEqual(all.slice(0, 3).map((m) => m.id));
    const times = all.map((m) => Date.parse(m.updatedAt)).sort((a, b) => a - b);
    const since = new Date(Math.floor((times[Math.floor(times.length / 2)] as number) / 1000) * 1000);
    const changed = await walk(adapter.listMarkets({ updatedSince: since, pageSize: PAGE }));
    expect(changed.pages).toBeGreaterThan(1);
    expect(changed.items.length).toBe(all.filter((m) => Date.parse(m.updatedAt) >= since.getTime()).length);
  });

  it('events carry their nested markets across pages; getEvent agrees; unknown ids are NotFound', async () => {
    const { items: events, pages } = await walk(adapter.listEvents({ pageSize: 20 }));
    expect(pages).toBeGreaterThan(2);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    const event = events[0];
    expect(event?.markets?.length).toBeGreaterThan(0);
    expect(event?.markets?.length).toBe(event?.marketIds.length);
    const again = await adapter.getEvent(event?.nativeId as string);
    expect(again.marketIds).toEqual(event?.marketIds);
    await expect(adapter.getEvent('NO-SUCH-EVENT')).rejects.toBeInstanceOf(NotFound);
    await expect(adapter.getOrderBook('NO-SUCH-MKT')).rejects.toBeInstanceOf(NotFound);
  });

  it('series, candlesticks with the trades of the period, exchange status and the historical tier', async () => {
    const series = await adapter.kalshi.listSeries();
    expect(series.length).toBeGreaterThan(0);
    const one = await adapter.kalshi.getSeries(series[0]?.ticker as string);
    expect(one.ticker).toBe(series[0]?.ticker);
    const traded = all.find((m) => m.status === 'open' && m.tickSize === '0.01' && m.bestBid && m.bestAsk) as Market;
    sim.bots.step(60, traded.nativeId);
    const candles = await adapter.kalshi.getCandlesticks(traded.id, { start: new Date(clock - 3_600_000), end: new Date(clock), periodMinutes: 60 });
    expect(candles.length).toBeGreaterThan(0);
    const volume = candles.reduce((sum, c) => sum + Number(c.volume_fp), 0);
    expect(volume).toBeGreaterThan(0);
    expect((await adapter.kalshi.getExchangeStatus()).exchange_active).toBe(true);
    const cutoff = await adapter.kalshi.getHistoricalCutoff();
    expect(Date.parse(cutoff.market_settled_ts)).not.toBeNaN();
    const historical = await walk(adapter.kalshi.listHistoricalMarkets({ limit: 3 }));
    expect(historical.pages).toBeGreaterThan(1);
    for (const m of historical.items) expect(m.status).toBe('resolved');
    const firstHistorical = historical.items[0] as Market;
    expect((await adapter.kalshi.getHistoricalMarket(firstHistorical.nativeId)).id).toBe(firstHistorical.id);
    // Live and historical listings do not overlap.
    const live = new Set(all.map((m) => m.id));
    expect(historical.items.some((m) => live.has(m.id))).toBe(false);
  });

  it('reads retry 429s with backoff; a storm longer than the retries surfaces as RateLimited', async () => {
    sim.faults.rateLimitStorm({ requests: 2 });
    expect((await adapter.getMarket(all[0]?.nativeId as string)).id).toBe(all[0]?.id);
    sim.faults.rateLimitStorm({ requests: 50 });
    await expect(adapter.getMarket(all[0]?.nativeId as string)).rejects.toBeInstanceOf(RateLimited);
    sim.faults.stopRateLimitStorm();
  });

  it('status resolved also finds determined markets (under Kalshi’s `closed` filter), not only finalized ones', async () => {
    // Runs last: it changes a market's status (and updated time) in the simulator.
    const closed = all.find((m) => m.status === 'closed') as Market;
    sim.setMarketStatus(closed.nativeId, 'determined');
    expireEdgeCache();
    const resolved = await collectAll(adapter.listMarkets({ status: ['resolved'], pageSize: PAGE }));
    expect(resolved.every((m) => m.status === 'resolved')).toBe(true);
    expect(resolved.map((m) => m.id)).toContain(closed.id);
    expect(resolved.length).toBe(all.filter((m) => m.status === 'resolved').length + 1);
  });
});
