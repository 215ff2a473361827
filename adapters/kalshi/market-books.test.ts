import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrderBookSchema } from '../../src/core/index.js';
import type { Market, OrderBook } from '../../src/core/index.js';
import { collectAll } from '../../src/venue/paginate.js';
import { createKalshiAdapter } from './index.js';
import type { KalshiAdapter } from './index.js';
import { DEMO_KEY_ID, DEMO_PRIVATE_KEY_PATH, startKalshiSim } from './sim/index.js';
import type { KalshiSim } from './sim/index.js';

/**
 * Books and quotes: depth limits on a book deeper than a REST `depth` can ask for, the edge cache
 * in front of unauthenticated reads (docs/venues/kalshi.md §1) and how old it makes an answer,
 * quotes that move without `updated_time` (§4.1), and the account's rate tier on signed reads
 * (§8). The simulator runs on a clock only the tests move.
 */

let sim: KalshiSim;
let anon: KalshiAdapter;
let signed: KalshiAdapter;
let clock = Date.now();
let open: Market[];
let deep: Market;
const credentials = { keyId: DEMO_KEY_ID, privateKey: DEMO_PRIVATE_KEY_PATH };

beforeAll(async () => {
  sim = await startKalshiSim({ seed: 21, markets: 260, botRatePerSecond: 0, now: () => clock });
  anon = createKalshiAdapter({ restUrl: sim.restUrl, retry: { baseDelayMs: 20, maxDelayMs: 100 } });
  signed = createKalshiAdapter({ restUrl: sim.restUrl, credentials, retry: { baseDelayMs: 20, maxDelayMs: 100 } });
  open = await collectAll(signed.listMarkets({ status: ['open'] }));
  deep = open.find((m) => sim.book(m.nativeId).yes.length > 100 && sim.book(m.nativeId).no.length > 100) as Market;
});

afterAll(async () => {
  await anon?.close();
  await signed?.close();
  await sim?.close();
});

const levels = (b: OrderBook | undefined) => [b?.bids.length, b?.asks.length];

describe('kalshi books and quotes against the simulator', () => {
  it('a book deeper than Kalshi’s 100-level `depth` maximum: deeper requests ask for every level and trim locally', async () => {
    expect(deep, 'the simulator seeds one book deeper than 100 levels').toBeDefined();
    const full = await signed.getOrderBook(deep.nativeId);
    expect(full.bids.length).toBeGreaterThan(120);
    expect(full.asks.length).toBeGreaterThan(120);
    expect(levels(await signed.getOrderBook(deep.nativeId, { depth: 100 }))).toEqual([100, 100]);
    const deeper = await signed.getOrderBook(deep.nativeId, { depth: 120 });
    expect(levels(deeper)).toEqual([120, 120]);
    expect([deeper.bids, deeper.asks]).toEqual([full.bids.slice(0, 120), full.asks.slice(0, 120)]);
    const [batched] = await signed.getOrderBooks([deep.nativeId], { depth: 120 });
    expect([batched?.bids, batched?.asks]).toEqual([deeper.bids, deeper.asks]);
  });

  it('batches books over 100 markets into chunks with repeated tickers keys, in order', async () => {
    const ids = open.slice(0, 130).map((m) => m.nativeId).reverse();
    const before = signed.kalshi.httpStats().requests;
    const books = await signed.getOrderBooks(ids, { depth: 2 });
    expect(signed.kalshi.httpStats().requests - before).toBe(2);
    expect(books.map((b) => b.marketId)).toEqual(ids.map((t) => `kalshi:${t}`));
    expect(books.every((b) => b.bids.length === 2 && b.asks.length === 2)).toBe(true);
  });

  it('an unauthenticated book may be up to 15 s old (edge cache) and says so; a signed one is fresh', async () => {
    const market = open.find((m) => m.tickSize === '0.01' && m.bestBid && m.bestAsk && m.bestBid !== '0.01') as Market;
    const before = await anon.getOrderBook(market.nativeId);
    OrderBookSchema.parse(before);
    expect(before.maxAgeMs).toBe(15_000);
    // A resting YES bid at 0.01 changes the book.
    await signed.placeOrder({ marketId: market.id, side: 'buy', outcome: 'yes', price: '0.01', size: '7', postOnly: true });
    clock += 10_000;
    const cached = await anon.getOrderBook(market.nativeId);
    expect([cached.bids, cached.asks]).toEqual([before.bids, before.asks]);
    expect(cached.maxAgeMs).toBe(15_000);
    const fresh = await signed.getOrderBook(market.nativeId);
    expect(fresh.maxAgeMs).toBeUndefined();
    expect(fresh.bids.at(-1)).toEqual(['0.01', '7']);
    const [freshBatched] = await signed.getOrderBooks([market.nativeId]);
    expect(freshBatched?.bids.at(-1)).toEqual(['0.01', '7']);
    expect(freshBatched?.maxAgeMs).toBeUndefined();
    const [anonBatched] = await anon.getOrderBooks([market.nativeId]);
    expect(anonBatched?.maxAgeMs).toBe(15_000);
    clock += 5_000;
    expect((await anon.getOrderBook(market.nativeId)).bids.at(-1)).toEqual(['0.01', '7']);
  });

  it('quotes carry their age: quotedAt moves when quotes are re-read, not with updated_time', async () => {
    const market = open.find((m) => m.tickSize === '0.01' && m.bestBid && m.bestAsk && m !== deep) as Market;
    const t0 = Date.now();
    const first = await signed.getMarket(market.nativeId);
    expect(Date.parse(first.quotedAt as string)).toBeGreaterThanOrEqual(t0);
    // Trading moves the quotes; the venue leaves updated_time alone (§4.1).
    const bid = first.bestBid;
    sim.bots.step(80, market.nativeId);
    const t1 = Date.now();
    const later = await signed.getMarket(market.nativeId);
    expect(later.updatedAt).toBe(first.updatedAt);
    expect([later.bestBid, later.bestAsk, later.lastPrice]).not.toEqual([bid, first.bestAsk, first.lastPrice]);
    expect(Date.parse(later.quotedAt as string)).toBeGreaterThanOrEqual(t1);
    // So an incremental walk (min_updated_ts) does not see the new quote; a walk of the open markets does.
    const since = new Date(Date.parse(first.updatedAt) + 1_000);
    expect((await collectAll(signed.listMarkets({ updatedSince: since }))).map((m) => m.id)).not.toContain(market.id);
    const walked = (await collectAll(signed.listMarkets({ status: ['open'] }))).find((m) => m.id === market.id);
    expect([walked?.bestBid, walked?.bestAsk]).toEqual([later.bestBid, later.bestAsk]);
    // Without credentials the answer may be an edge-cached copy: its quotes date from 15 s before.
    clock += 15_000;
    const t2 = Date.now();
    const viaCache = await anon.getMarket(market.nativeId);
    const t3 = Date.now();
    const quotedAt = Date.parse(viaCache.quotedAt as string);
    expect(quotedAt).toBeGreaterThanOrEqual(t2 - 15_000);
    expect(quotedAt).toBeLessThanOrEqual(t3 - 15_000);
  });

  it('reads the account’s budget from /account/limits before the first signed request, a market-data read included', async () => {
    const paragon = await startKalshiSim({ seed: 4, markets: 20, botRatePerSecond: 0, tier: 'paragon' });
    const adapter = createKalshiAdapter({ restUrl: paragon.restUrl, credentials });
    try {
      const read = () => adapter.rateLimits().find((b) => b.name === 'read');
      expect(read()?.ratePerSecond).toBe(190); // the configured tier (basic × 0.95) until read
      const ticker = paragon.tickers()[0] as string;
      const book = await adapter.getOrderBook(ticker);
      expect(book.maxAgeMs).toBeUndefined(); // signed
      // Paragon: 2,000 tokens/s, 2,000 capacity for reads; writes 2,000/s, 4,000 (× 0.95).
      expect(read()?.ratePerSecond).toBe(1900);
      expect(read()?.capacity).toBe(1900);
      expect(adapter.rateLimits().find((b) => b.name === 'write')?.capacity).toBe(3800);
      // One request for the limits, one for the book: the limits were read once, first.
      expect(adapter.kalshi.httpStats().requests).toBe(2);
      // Later signed reads do not read the limits again (the series list and one page of markets).
      await collectAll(adapter.listMarkets());
      expect(adapter.kalshi.httpStats().requests).toBe(4);
    } finally {
      await adapter.close();
      await paragon.close();
    }
  });
});
