/**
 * The two tiers over a real redis-server: old closed and resolved markets leave the hot index and
 * are served from the store by id and by explicit `status` queries, paged in the reference order;
 * and a catalog started from what another instance stored answers its first query like a warm one.
 */
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { referenceIds } from '../../test/support/market-reference.js';
import type { ReferenceQuery } from '../../test/support/market-reference.js';
import { createMemoryAdapter } from '../../test/support/memory-adapter.js';
import { startRedisServer, type RedisServerHandle } from '../../test/support/redis-server.js';
import { DAY_MS, SYNTHETIC_BASE_MS, syntheticMarkets } from '../../test/support/synthetic-catalog.js';
import { createCache } from '../cache/index.js';
import type { HealthCache } from '../cache/types.js';
import { VENUE_IDS, VenueUnavailable } from '../core/index.js';
import type { Market } from '../core/index.js';
import { Catalog } from './catalog.js';
import { catalogKeys } from './keys.js';
import { isColdAt } from './market-index.js';
import type { CatalogSort } from './types.js';

const silent = pino({ level: 'silent' });
const NOW = SYNTHETIC_BASE_MS + 30 * DAY_MS;
const MAX_AGE_MS = 30 * DAY_MS;
const MARKETS = syntheticMarkets(0, 1200);
const SORTS: CatalogSort[] = ['volume', 'closeTime', 'newest'];

let redis: RedisServerHandle;
const cleanup: (() => Promise<void>)[] = [];
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis.stop();
});
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c().catch(() => undefined);
});

async function catalogOn(prefix: string, opts: { failing?: boolean } = {}): Promise<{ catalog: Catalog; cache: HealthCache }> {
  const cache = await createCache({ redisUrl: redis.url, keyPrefix: prefix, logger: silent });
  const adapters = VENUE_IDS.map((venue) =>
    createMemoryAdapter({
      venue,
      markets: MARKETS.filter((m) => m.venue === venue),
      pageSize: 100,
      ...(opts.failing ? { failWith: new VenueUnavailable(`${venue} is down`, { venue }) } : {}),
    }),
  );
  const catalog = new Catalog({
    registry: { list: () => adapters },
    cache,
    logger: silent,
    options: { fullSyncIntervalMs: 3_600_000, incrementalIntervalMs: 3_600_000, now: () => NOW, hotResolvedMaxAgeMs: MAX_AGE_MS },
  });
  cleanup.push(async () => {
    await catalog.stop();
    await cache.close();
  });
  await catalog.start();
  return { catalog, cache };
}


async function pagesOf(catalog: Catalog, query: ReferenceQuery, limit: number): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 10_000; pages++) {
    const page = await catalog.queryMarketsTiered({ ...query, limit, cursor });
    expect(page.data.length).toBeLessThanOrEqual(limit);
    ids.push(...page.data.map((m) => m.id));
    if (page.nextCursor === null) return ids;
    cursor = page.nextCursor;
  }
  throw new Error('the cursor never ended');
}

describe('catalog tiers over Redis', () => {
  const cold = MARKETS.filter((m) => isColdAt(m, NOW, MAX_AGE_MS));
  const hot = MARKETS.filter((m) => !isColdAt(m, NOW, MAX_AGE_MS));

  it('holds old closed and resolved markets in the cold tier and serves them by id and by explicit status queries', async () => {
    expect(cold.length).toBeGreaterThan(100);
    const { catalog, cache } = await catalogOn('tiers-a:');
    await vi.waitFor(() => expect(catalog.isReady()).toBe(true), { timeout: 10_000 });
    expect(catalog.coldMarkets).toBe(cold.length);
    const sample = cold[7]!;
    expect(catalog.getMarket(sample.id)).toBeUndefined();
    expect(await catalog.findMarket(sample.id)).toEqual(sample);
    expect(await catalog.findMarket(hot[3]!.id)).toEqual(catalog.getMarket(hot[3]!.id));

    // Both tiers, in the reference order, paged with cursors that cross from one tier to the other.
    for (const sort of SORTS) {
      for (const query of [
        { venues: [], status: ['resolved'], sort },
        { venues: ['kalshi', 'opinion'], status: ['closed', 'resolved'], sort },
        { venues: [], status: ['resolved', 'open'], q: 'fed', sort },
        { venues: [], status: ['closed'], category: 'politics', closesBefore: new Date(NOW), sort },
      ] satisfies ReferenceQuery[]) {
        const want = referenceIds(MARKETS, query, NOW);
        expect(want.some((id) => cold.some((m) => m.id === id))).toBe(true);
        expect(await pagesOf(catalog, query, 9)).toEqual(want);
      }
    }
    // Without an explicit status only the hot tier answers.
    const everything = await pagesOf(catalog, { venues: [], sort: 'newest' }, 250);
    expect(everything).toEqual(referenceIds(hot, { venues: [], sort: 'newest' }, NOW));

    // A cold market the store does not answer for is left out of its page, not out of the tier:
    // once the store holds it again (a walk wrote it back), it is served again.
    const resolvedByVolume: ReferenceQuery = { venues: ['manifold'], status: ['resolved'], sort: 'volume' };
    const lost = referenceIds(MARKETS, resolvedByVolume, NOW).find((id) => cold.some((m) => m.id === id))!;
    const stored = await cache.get(catalogKeys.market(lost));
    await cache.delete([catalogKeys.market(lost)]);
    const after = await pagesOf(catalog, resolvedByVolume, 5);
    expect(after).not.toContain(lost);
    expect(after).toEqual(referenceIds(MARKETS, resolvedByVolume, NOW).filter((id) => id !== lost));
    expect(await catalog.findMarket(lost)).toBeUndefined();
    expect(catalog.coldMarkets).toBe(cold.length);
    await cache.set(catalogKeys.market(lost), stored);
    expect(await pagesOf(catalog, resolvedByVolume, 5)).toEqual(referenceIds(MARKETS, resolvedByVolume, NOW));
    expect((await catalog.findMarket(lost))?.id).toBe(lost);
  });

  it('a catalog started from what another stored, its venues down, answers its first query as cheaply as the next', async () => {
    const a = (await catalogOn('tiers-b:')).catalog;
    await vi.waitFor(() => expect(a.isReady()).toBe(true), { timeout: 10_000 });
    const query = { venues: [], status: ['open' as const], sort: 'closeTime' as const, limit: 50 };
    const warm = a.queryMarkets(query);
    const warmCost = a.lastQueryCost;

    const b = (await catalogOn('tiers-b:', { failing: true })).catalog;
    expect(b.coldMarkets).toBe(cold.length);
    // The first query of the started catalog: same answer, same rows examined as a warm one.
    const first = b.queryMarkets(query);
    expect(b.lastQueryCost).toBe(warmCost);
    expect(first.data.map((m: Market) => m.id)).toEqual(warm.data.map((m) => m.id));
    expect(first.data.map((m) => m.id)).toEqual(referenceIds(MARKETS, query, NOW).slice(0, 50));
    b.queryMarkets(query);
    expect(b.lastQueryCost).toBe(warmCost);
    // No sorted view or word list is built on first use: a q query examines its word's list once.
    const q = { venues: [], q: 'storm gold', sort: 'newest' as const, limit: 20 };
    expect(b.queryMarkets(q).data.map((m) => m.id)).toEqual(referenceIds(hot, q, NOW).slice(0, 20));
    const qCost = b.lastQueryCost;
    b.queryMarkets(q);
    expect(b.lastQueryCost).toBe(qCost);
    expect(qCost).toBeLessThan(hot.length / 4);
    // And the cold tier it loaded answers too.
    const resolved = { venues: [], status: ['resolved' as const], sort: 'volume' as const };
    expect(await pagesOf(b, resolved, 40)).toEqual(referenceIds(MARKETS, resolved, NOW));
  });
});
