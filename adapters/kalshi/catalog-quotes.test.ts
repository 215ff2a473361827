import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryCache } from '../../src/cache/memory.js';
import { Catalog } from '../../src/catalog/catalog.js';
import type { Market } from '../../src/core/index.js';
import { collectAll } from '../../src/venue/paginate.js';
import { createKalshiAdapter } from './index.js';
import type { KalshiAdapter } from './index.js';
import { DEMO_KEY_ID, DEMO_PRIVATE_KEY_PATH, startKalshiSim } from './sim/index.js';
import type { KalshiSim } from './sim/index.js';

/**
 * Kalshi's `updated_time` moves only with metadata, never with trades or quotes
 * (docs/venues/kalshi.md §4.1), so the catalog's incremental walk (`min_updated_ts`) never sees a
 * quote change. The adapter says so (`has.incrementalQuotes: false`) and the catalog refreshes
 * quotes by walking the open markets: a moved quote reaches the catalog with a newer `quotedAt`.
 */

let sim: KalshiSim;
let adapter: KalshiAdapter;
let catalog: Catalog;

beforeAll(async () => {
  sim = await startKalshiSim({ seed: 8, markets: 80, botRatePerSecond: 0 });
  adapter = createKalshiAdapter({ restUrl: sim.restUrl, credentials: { keyId: DEMO_KEY_ID, privateKey: DEMO_PRIVATE_KEY_PATH } });
  catalog = new Catalog({
    registry: { list: () => [adapter] },
    cache: new MemoryCache(),
    logger: pino({ level: 'silent' }),
    options: { fullSyncIntervalMs: 3_600_000, incrementalIntervalMs: 50, quoteRefreshIntervalMs: 50, pageSize: 30 },
  });
});

afterAll(async () => {
  await catalog?.stop();
  await adapter?.close();
  await sim?.close();
});

describe('kalshi quotes in the catalog', () => {
  it('a quote that moves without updated_time reaches the catalog through the quote walk', async () => {
    expect(adapter.has.incrementalQuotes).toBe(false);
    expect(adapter.has.incrementalMarkets).toBe(true);
    await catalog.start();
    await expect.poll(() => catalog.status('kalshi')?.state, { timeout: 10_000 }).toBe('ready');
    const open = (await collectAll(adapter.listMarkets({ status: ['open'] }))).filter((m) => m.tickSize === '0.01' && m.bestBid && m.bestAsk);
    const market = open[0] as Market;
    const before = catalog.getMarket(market.id) as Market;
    const quotedBefore = Date.parse(before.quotedAt as string);
    sim.bots.step(80, market.nativeId);
    const moved = await adapter.getMarket(market.nativeId);
    expect(moved.updatedAt).toBe(before.updatedAt);
    expect([moved.bestBid, moved.bestAsk, moved.lastPrice]).not.toEqual([before.bestBid, before.bestAsk, before.lastPrice]);
    await expect
      .poll(() => {
        const now = catalog.getMarket(market.id);
        return [now?.bestBid, now?.bestAsk, now?.lastPrice];
      }, { timeout: 10_000 })
      .toEqual([moved.bestBid, moved.bestAsk, moved.lastPrice]);
    expect(Date.parse(catalog.getMarket(market.id)?.quotedAt as string)).toBeGreaterThan(quotedBefore);
  });
});
