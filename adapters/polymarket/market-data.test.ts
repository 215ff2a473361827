import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFound, OrderBookSchema, RateLimited } from '../../src/core/index.js';
import { collectAll } from '../../src/venue/index.js';
import { createPolymarketAdapter, type PolymarketAdapter } from './index.js';
import { startPolymarketSim, type PolymarketSim } from './sim/index.js';

/** Market data through the adapter against the simulator (keyset catalog, books, extras, 429s). */

describe('polymarket market data against the simulator', () => {
  let sim: PolymarketSim;
  let adapter: PolymarketAdapter;

  beforeAll(async () => {
    sim = await startPolymarketSim({ seed: 3, markets: 620, botRatePerSecond: 0 });
    adapter = createPolymarketAdapter({ gammaUrl: sim.gammaUrl, clobUrl: sim.clobUrl, dataUrl: sim.dataUrl, retry: { maxAttempts: 3 } });
  });

  afterAll(async () => {
    await adapter?.close();
    await sim?.close();
  });

  it('walks the whole Gamma catalog with keyset pages of at most 100', async () => {
    const pages = [];
    for await (const page of adapter.listMarkets({ pageSize: 500 })) pages.push(page);
    const ids = pages.flatMap((p) => p.items.map((m) => m.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(pages.every((p) => p.items.length <= 100)).toBe(true);
    expect(pages.at(-1)?.nextCursor).toBeNull();
    const listable = sim.markets().length;
    expect(ids.length).toBeGreaterThan(listable * 0.5);
    expect(ids.length).toBeLessThanOrEqual(listable);
  });

  it('filters by status and lists events with their markets', async () => {
    const open = await collectAll(adapter.listMarkets({ status: ['open'], pageSize: 50 }), 120);
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((m) => m.status === 'open')).toBe(true);
    const events = await collectAll(adapter.listEvents({ pageSize: 3 }), 3);
    expect(events.length).toBe(3);
    for (const e of events) expect(e.marketIds.length).toBe(e.markets?.length);
  });

  it('finds a market by condition id, Gamma id and slug', async () => {
    const info = sim.markets()[4] as ReturnType<PolymarketSim['markets']>[number];
    const byCid = await adapter.getMarket(info.conditionId);
    const byGamma = await adapter.getMarket(info.gammaId);
    expect(byGamma.id).toBe(byCid.id);
    const slug = byCid.extra.slug as string;
    expect((await adapter.getMarket(slug)).id).toBe(byCid.id);
    await expect(adapter.getMarket(`0x${'ab'.repeat(32)}`)).rejects.toBeInstanceOf(NotFound);
    expect((await adapter.getEvent(info.eventId)).marketIds).toContain(byCid.id);
  });

  it('chunks POST /books at 500 token ids and keeps the requested order', async () => {
    const cids = sim.markets().slice(0, 510).map((m) => m.conditionId);
    await adapter.getOrderBooks(cids.slice(0, 1)); // warm the market cache
    for (let i = 0; i < cids.length; i += 100) await Promise.all(cids.slice(i, i + 100).map((c) => adapter.getMarketInfo(c)));
    const before = adapter.httpStats().clob.requests;
    const books = await adapter.getOrderBooks(cids, { depth: 2 });
    expect(adapter.httpStats().clob.requests - before).toBe(2);
    expect(books.map((b) => b.marketId)).toEqual(cids.map((c) => `polymarket:${c}`));
    for (const b of books) expect(OrderBookSchema.parse(b).bids.length).toBeLessThanOrEqual(2);
  });

  it('serves an existing market without a venue book (404 No orderbook) as an empty book, like the batch call', async () => {
    const info = sim.markets().filter((m) => !m.closed)[5] as ReturnType<PolymarketSim['markets']>[number];
    sim.resolve(info.conditionId, 'yes');
    const book = await adapter.getOrderBook(info.conditionId);
    expect(OrderBookSchema.parse(book)).toMatchObject({ marketId: `polymarket:${info.conditionId}`, bids: [], asks: [] });
    const [batched] = await adapter.getOrderBooks([info.conditionId]);
    expect(batched).toMatchObject({ bids: [], asks: [] });
  });

  it('serves the typed extras: price, midpoints, spreads, last trade, history', async () => {
    const info = sim.markets().find((m) => !m.closed) as ReturnType<PolymarketSim['markets']>[number];
    const book = await adapter.getOrderBook(info.conditionId);
    const bid = await adapter.getPrice(info.conditionId, 'BUY');
    if (book.bids[0]) expect(Number(bid)).toBe(Number(book.bids[0][0]));
    const mids = await adapter.getMidpoints([info.conditionId]);
    expect(Object.keys(mids)).toEqual([info.conditionId]);
    const spreads = await adapter.getSpreads([info.conditionId]);
    expect(Object.keys(spreads)).toEqual([info.conditionId]);
    const last = await adapter.getLastTradePrice(info.conditionId);
    expect(['buy', 'sell', null]).toContain(last.side);
    const history = await adapter.getPriceHistory(info.conditionId, { interval: '1d' });
    for (const point of history) expect(point.t).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('waits out a 429 with Retry-After and succeeds; gives up with RateLimited when retries run out', async () => {
    const info = sim.markets()[7] as ReturnType<PolymarketSim['markets']>[number];
    const before = adapter.httpStats().gamma.rateLimited;
    sim.faults.rateLimitStorm({ requests: 1 });
    const m = await adapter.getMarket(info.gammaId);
    expect(m.nativeId).toBe(info.conditionId);
    expect(adapter.httpStats().gamma.rateLimited - before).toBe(1);
    sim.faults.rateLimitStorm({ requests: 3 });
    await expect(adapter.getMarket(info.gammaId)).rejects.toBeInstanceOf(RateLimited);
    sim.faults.stopRateLimitStorm();
  });
});
