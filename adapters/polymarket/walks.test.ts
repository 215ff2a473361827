import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryCache } from '../../src/cache/memory.js';
import { Catalog } from '../../src/catalog/index.js';
import { collectAll } from '../../src/venue/index.js';
import { createPolymarketAdapter, type PolymarketAdapter } from './index.js';
import { startPolymarketSim, type PolymarketSim } from './sim/index.js';

/**
 * Resolved markets in the catalog (docs/venues/polymarket.md §3.2–§3.4): Gamma keeps them `active`
 * and `closed`, so the full (historical) walk lists them and the catalog keeps them as `resolved`;
 * the live walk (`closed=false`) leaves them out.
 */

describe('polymarket markets in the catalog walks', () => {
  let sim: PolymarketSim;
  let adapter: PolymarketAdapter;
  let catalog: Catalog;

  beforeAll(async () => {
    sim = await startPolymarketSim({ seed: 23, markets: 40, botRatePerSecond: 0 });
    adapter = createPolymarketAdapter({ gammaUrl: sim.gammaUrl, clobUrl: sim.clobUrl, dataUrl: sim.dataUrl });
    catalog = new Catalog({
      registry: { list: () => [adapter] },
      cache: new MemoryCache(),
      logger: pino({ level: 'silent' }),
      options: { fullSyncIntervalMs: 3_600_000, incrementalIntervalMs: 3_600_000, warmStart: false },
    });
  });

  afterAll(async () => {
    await catalog?.stop();
    await adapter?.close();
    await sim?.close();
  });

  it('keeps a market that resolved as resolved, with its result, after the next full walk', async () => {
    await catalog.syncVenue('polymarket');
    const m = sim.markets().find((x) => !x.closed)!;
    const id = `polymarket:${m.conditionId}`;
    expect(catalog.getMarket(id)?.status).toBe('open');
    sim.resolve(m.conditionId, 'yes');
    await catalog.syncVenue('polymarket');
    expect(catalog.getMarket(id)).toMatchObject({ status: 'resolved', result: 'yes' });
    expect(catalog.status('polymarket')?.marketCount).toBe(40);
    // The live listing (what the frequent walk asks for) no longer has it.
    const live = await collectAll(adapter.listMarkets({ status: ['open', 'paused', 'upcoming'] }));
    expect(live.map((x) => x.id)).not.toContain(id);
    expect(live.length).toBeGreaterThan(30);
  });
});
