import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryAdapter, makeEvent, makeMarket } from '../../test/support/memory-adapter.js';
import type { MemoryAdapter, MemoryAdapterOptions } from '../../test/support/memory-adapter.js';
import { MemoryCache } from '../cache/memory.js';
import { NotFound, VenueUnavailable } from '../core/index.js';
import type { Market, VenueId } from '../core/index.js';
import { Catalog } from './catalog.js';
import { storedMarket } from './market-codec.js';
import { catalogKeys } from './keys.js';
import type { CatalogOptions } from './venue-sync.js';

interface LogLine {
  level: number;
  msg: string;
  venue?: string;
  pages?: number;
  markets?: number;
  elapsedMs?: number;
  rate?: number;
}

function captureLogger() {
  const lines: LogLine[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) lines.push(JSON.parse(line));
      cb();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines };
}

async function waitFor(cond: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function markets(venue: VenueId, n: number, overrides: Partial<Market> = {}): Market[] {
  return Array.from({ length: n }, (_, i) => makeMarket(venue, `${venue.slice(0, 2).toUpperCase()}${i}`, overrides));
}

const running: Catalog[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((c) => c.stop()));
});

function build(adapters: MemoryAdapter[], options: Partial<CatalogOptions> = {}, cache = new MemoryCache()) {
  const { logger, lines } = captureLogger();
  const catalog = new Catalog({
    registry: { list: () => adapters },
    cache,
    logger,
    options: {
      fullSyncIntervalMs: 60_000,
      incrementalIntervalMs: 60_000,
      pageSize: 3,
      progressEveryPages: 2,
      initialBackoffMs: 5,
      maxBackoffMs: 20,
      incrementalOverlapMs: 0,
      ...options,
    },
  });
  running.push(catalog);
  return { catalog, cache, lines };
}

function adapter(options: MemoryAdapterOptions): MemoryAdapter {
  return createMemoryAdapter(options);
}

const ALL: VenueId[] = ['kalshi', 'polymarket', 'manifold', 'opinion'];

describe('Catalog sync', () => {
  it('syncs every venue, isolates a failing one, and records statuses, counts and progress', async () => {
    const kalshi = adapter({
      venue: 'kalshi',
      markets: markets('kalshi', 10),
      events: [makeEvent('kalshi', 'EV1'), makeEvent('kalshi', 'EV2')],
    });
    const poly = adapter({ venue: 'polymarket', markets: markets('polymarket', 4) });
    const broken = adapter({
      venue: 'opinion',
      markets: markets('opinion', 3),
      failWith: new VenueUnavailable('opinion is down', { venue: 'opinion', status: 503 }),
    });
    const { catalog, cache, lines } = build([kalshi, poly, broken]);
    expect(catalog.isReady()).toBe(false);
    expect(catalog.statuses().map((s) => s.state)).toEqual(['pending', 'pending', 'pending']);

    await catalog.start();
    await waitFor(() => catalog.isReady(), 'catalog ready');
    await waitFor(() => catalog.status('kalshi')?.state === 'ready' && catalog.status('polymarket')?.state === 'ready', 'venues ready');

    const k = catalog.status('kalshi');
    expect(k).toMatchObject({ venue: 'kalshi', state: 'ready', marketCount: 10, eventCount: 2, progress: null, lastError: null });
    expect(Date.parse(k?.syncedAt ?? '')).not.toBeNaN();
    expect(catalog.status('polymarket')).toMatchObject({ state: 'ready', marketCount: 4, eventCount: 0 });
    const o = catalog.status('opinion');
    expect(o).toMatchObject({ state: 'failed', marketCount: 0, syncedAt: null });
    expect(o?.lastError).toMatchObject({ code: 'venue_unavailable', message: 'opinion is down' });
    expect(catalog.status('manifold')).toBeUndefined();

    // Served from the index: every healthy market, nothing from the broken venue.
    const page = catalog.queryMarkets({ venues: ALL, sort: 'volume', limit: 100 });
    expect(page.data).toHaveLength(14);
    expect(catalog.getMarket('kalshi:KA3')?.title).toBe('Market KA3');
    expect(catalog.getEvent('kalshi:EV2')?.title).toBe('Event EV2');
    expect(catalog.queryEvents({ venues: ['kalshi'], limit: 10 }).data).toHaveLength(2);

    // Written to the cache under catalog keys, with the per-venue status.
    // Stored in the compact form (market-codec.ts).
    expect(storedMarket(await cache.get(catalogKeys.market('kalshi:KA3')))).toEqual(catalog.getMarket('kalshi:KA3'));
    expect(await cache.get(catalogKeys.event('kalshi:EV1'))).toMatchObject({ id: 'kalshi:EV1' });
    expect(await cache.get(catalogKeys.status('kalshi'))).toMatchObject({ state: 'ready', marketCount: 10 });
    expect(await cache.get(catalogKeys.status('opinion'))).toMatchObject({ state: 'failed' });

    // Progress every 2 pages: 10 markets in pages of 3 = 4 pages.
    const progress = lines.filter((l) => l.msg === 'catalog: sync progress' && l.venue === 'kalshi');
    expect(progress.map((l) => [l.pages, l.markets])).toEqual([
      [2, 6],
      [4, 10],
    ]);
    for (const l of progress) {
      expect(typeof l.elapsedMs).toBe('number');
      expect(typeof l.rate).toBe('number');
    }
    expect(lines.some((l) => l.msg === 'catalog: full sync done' && l.venue === 'kalshi' && l.markets === 10)).toBe(true);
    expect(lines.some((l) => l.msg === 'catalog: sync failed' && l.venue === 'opinion' && l.level === 40)).toBe(true);
  });

  it('keeps retrying a failing venue with backoff and recovers when it comes back', async () => {
    const broken = adapter({ venue: 'manifold', markets: markets('manifold', 5), failWith: new Error('boom') });
    const { catalog } = build([broken]);
    await catalog.start();
    await waitFor(() => broken.calls.listMarkets >= 3, 'several attempts');
    expect(catalog.status('manifold')?.state).toBe('failed');
    expect(catalog.status('manifold')?.lastError).toMatchObject({ code: 'sync_failed', message: 'boom' });
    broken.setFailure(null);
    await waitFor(() => catalog.status('manifold')?.state === 'ready', 'recovery');
    expect(catalog.status('manifold')).toMatchObject({ marketCount: 5, lastError: null });
  });

  it('refreshes incrementally with updatedSince between full walks', async () => {
    const venue = adapter({ venue: 'kalshi', markets: markets('kalshi', 4) });
    const { catalog } = build([venue], { incrementalIntervalMs: 10 });
    await catalog.start();
    await waitFor(() => catalog.status('kalshi')?.state === 'ready', 'first sync');
    const firstSyncedAt = catalog.status('kalshi')?.syncedAt;

    const later = new Date(Date.now() + 1000).toISOString();
    venue.upsertMarkets([
      makeMarket('kalshi', 'KA1', { title: 'Renamed', updatedAt: later }),
      makeMarket('kalshi', 'NEW', { updatedAt: later }),
    ]);
    await waitFor(() => catalog.getMarket('kalshi:NEW') !== undefined, 'incremental pickup');
    expect(catalog.getMarket('kalshi:KA1')?.title).toBe('Renamed');
    expect(catalog.status('kalshi')?.marketCount).toBe(5);
    expect(venue.marketQueries[0]?.updatedSince).toBeUndefined();
    const incremental = venue.marketQueries.filter((q) => q.updatedSince !== undefined);
    expect(incremental.length).toBeGreaterThan(0);
    expect(incremental.every((q) => q.pageSize === 3)).toBe(true);
    await waitFor(() => catalog.status('kalshi')?.syncedAt !== firstSyncedAt, 'syncedAt advances');
  });

  it('walks the open markets for quotes when the incremental listing misses quote changes', async () => {
    const venue = adapter({ venue: 'kalshi', markets: markets('kalshi', 4, { updatedAt: '2026-01-01T00:00:00.000Z' }), incrementalQuotes: false });
    const { catalog } = build([venue], { incrementalIntervalMs: 10, quoteRefreshIntervalMs: 10 });
    await catalog.start();
    await waitFor(() => catalog.status('kalshi')?.state === 'ready', 'first sync');
    expect(catalog.getMarket('kalshi:KA1')?.bestBid).toBe('0.41');
    // The quote moves; the market's change time does not (so `updatedSince` does not return it).
    const quotedAt = new Date().toISOString();
    venue.upsertMarkets([makeMarket('kalshi', 'KA1', { updatedAt: '2026-01-01T00:00:00.000Z', bestBid: '0.47', quotedAt })]);
    await waitFor(() => catalog.getMarket('kalshi:KA1')?.bestBid === '0.47', 'quote refresh');
    expect(catalog.getMarket('kalshi:KA1')?.quotedAt).toBe(quotedAt);
    const kinds = venue.marketQueries.slice(1).map((q) => (q.updatedSince ? 'incremental' : q.status ? 'quotes' : 'full'));
    expect(venue.marketQueries.filter((q) => q.status).every((q) => q.status?.join() === 'open' && q.pageSize === 3)).toBe(true);
    // Both kinds keep running: quote walks do not starve the incremental walk.
    await waitFor(() => venue.marketQueries.filter((q) => q.updatedSince).length >= 3, 'incremental walks');
    expect(kinds).toContain('quotes');
  });

  it('runs no quote walks for a venue whose incremental listing carries quote changes', async () => {
    const venue = adapter({ venue: 'kalshi', markets: markets('kalshi', 4) });
    const { catalog } = build([venue], { incrementalIntervalMs: 5, quoteRefreshIntervalMs: 5 });
    await catalog.start();
    await waitFor(() => venue.marketQueries.filter((q) => q.updatedSince).length >= 5, 'incremental walks');
    expect(venue.marketQueries.some((q) => q.status)).toBe(false);
  });

  it('re-walks fully when the venue has no incremental listing, and removes vanished markets', async () => {
    const venue = adapter({
      venue: 'polymarket',
      markets: markets('polymarket', 6),
      events: [makeEvent('polymarket', 'E1'), makeEvent('polymarket', 'E2')],
      incremental: false,
    });
    const { catalog, cache } = build([venue], { fullSyncIntervalMs: 10, incrementalIntervalMs: 1 });
    await catalog.start();
    await waitFor(() => catalog.status('polymarket')?.marketCount === 6, 'first sync');
    venue.removeMarkets(['polymarket:PO0', 'polymarket:PO1']);
    venue.upsertMarkets([makeMarket('polymarket', 'PO9')]);
    await waitFor(() => catalog.getMarket('polymarket:PO9') !== undefined && !catalog.getMarket('polymarket:PO0'), 're-walk');
    expect(catalog.status('polymarket')?.marketCount).toBe(5);
    expect(catalog.getMarket('polymarket:PO1')).toBeUndefined();
    expect(await cache.get(catalogKeys.market('polymarket:PO0'))).toBeUndefined();
    expect(venue.marketQueries.every((q) => q.updatedSince === undefined)).toBe(true);
    expect(venue.calls.listMarkets).toBeGreaterThanOrEqual(2);
  });

  it('between full walks, a venue without incremental listing walks its live markets; resolved ones stay until a full walk', async () => {
    const venue = adapter({ venue: 'opinion', markets: markets('opinion', 4), incremental: false });
    const { catalog } = build([venue], { fullSyncIntervalMs: 3_600_000, incrementalIntervalMs: 10 });
    await catalog.start();
    await waitFor(() => catalog.status('opinion')?.marketCount === 4, 'first sync');
    // A market resolves (it leaves the live listing) and a new one opens.
    venue.upsertMarkets([makeMarket('opinion', 'OP0', { status: 'resolved', result: 'yes' }), makeMarket('opinion', 'NEW')]);
    await waitFor(() => catalog.getMarket('opinion:NEW') !== undefined, 'live walk pickup');
    const live = venue.marketQueries.slice(1);
    expect(live.length).toBeGreaterThan(0);
    expect(live.every((q) => q.updatedSince === undefined && q.status?.join() === 'open,paused,upcoming' && q.pageSize === 3)).toBe(true);
    // The live walk removes nothing: the resolved market is kept (as last seen) for the full walk.
    expect(catalog.getMarket('opinion:OP0')).toBeDefined();
    await catalog.syncVenue('opinion');
    expect(catalog.getMarket('opinion:OP0')).toMatchObject({ status: 'resolved', result: 'yes' });
    expect(catalog.status('opinion')?.marketCount).toBe(5);
  });

  it('syncVenue runs one full sync; a failed walk keeps the markets it had', async () => {
    const venue = adapter({
      venue: 'opinion',
      markets: markets('opinion', 5),
      events: [makeEvent('opinion', 'E1'), makeEvent('opinion', 'E2')],
    });
    const { catalog, cache } = build([venue], { warmStart: false });
    const status = await catalog.syncVenue('opinion');
    expect(status).toMatchObject({ state: 'ready', marketCount: 5, eventCount: 2 });
    expect(catalog.isReady()).toBe(true);

    venue.removeMarkets(['opinion:OP4']);
    venue.setFailure(new Error('venue hiccup'));
    await expect(catalog.syncVenue('opinion')).rejects.toThrow('venue hiccup');
    expect(catalog.status('opinion')).toMatchObject({ state: 'failed', marketCount: 5 });
    expect(catalog.getMarket('opinion:OP4')).toBeDefined();

    venue.setFailure(null);
    venue.upsertEvents([makeEvent('opinion', 'E3')]);
    await catalog.syncVenue('opinion');
    expect(catalog.status('opinion')).toMatchObject({ state: 'ready', marketCount: 4, eventCount: 3, lastError: null });
    expect(catalog.getMarket('opinion:OP4')).toBeUndefined();
    expect(await cache.get(catalogKeys.market('opinion:OP4'))).toBeUndefined();
    await expect(catalog.syncVenue('manifold')).rejects.toBeInstanceOf(NotFound);
  });

  it('keeps the catalog when a full walk suddenly lists no markets at all', async () => {
    const venue = adapter({ venue: 'opinion', markets: markets('opinion', 3) });
    const { catalog } = build([venue], { warmStart: false });
    await catalog.syncVenue('opinion');
    venue.removeMarkets(['opinion:OP0', 'opinion:OP1', 'opinion:OP2']);
    await expect(catalog.syncVenue('opinion')).rejects.toThrow(/listed no markets/);
    expect(catalog.status('opinion')).toMatchObject({ state: 'failed', marketCount: 3 });
    expect(catalog.status('opinion')?.lastError?.code).toBe('venue_unavailable');
    expect(catalog.getMarket('opinion:OP0')).toBeDefined();
  });

  it('ignores items of another venue returned by an adapter', async () => {
    const venue = adapter({ venue: 'kalshi', markets: [...markets('kalshi', 2), makeMarket('opinion', 'stray')] });
    const { catalog, lines } = build([venue], { warmStart: false });
    await catalog.syncVenue('kalshi');
    expect(catalog.getMarket('opinion:stray')).toBeUndefined();
    expect(catalog.status('kalshi')?.marketCount).toBe(2);
    expect(lines.some((l) => l.msg.includes('another venue'))).toBe(true);
  });
});

describe('Catalog warm start and stop', () => {
  it('serves the previous instance’s markets from the cache before its own first sync finishes', async () => {
    const cache = new MemoryCache();
    const first = build([adapter({ venue: 'kalshi', markets: markets('kalshi', 7) })], {}, cache);
    const synced = await first.catalog.syncVenue('kalshi');
    await first.catalog.stop();
    await cache.set(catalogKeys.market('kalshi:BROKEN'), { id: 'kalshi:BROKEN', not: 'a market' });

    // The restarted instance's venue answers very slowly.
    const slow = adapter({ venue: 'kalshi', markets: markets('kalshi', 8), pageDelayMs: 20_000 });
    const second = build([slow], {}, cache);
    await second.catalog.start();
    expect(second.catalog.isReady()).toBe(true);
    expect(second.catalog.status('kalshi')).toMatchObject({ marketCount: 7, syncedAt: synced.syncedAt });
    expect(second.catalog.queryMarkets({ venues: ['kalshi'], sort: 'newest', limit: 100 }).data).toHaveLength(7);
    expect(second.catalog.getMarket('kalshi:BROKEN')).toBeUndefined();
    await waitFor(() => second.catalog.status('kalshi')?.state === 'syncing', 'second sync running');
  });

  it('loads one venue after another, so no read of one is in flight while another indexes', async () => {
    /** Counts the store reads in flight (each answered after a timer, as a network store would). */
    class CountingCache extends MemoryCache {
      inFlight = 0;
      maxInFlight = 0;
      reads = 0;
      override async getMany<T = unknown>(keys: string[]): Promise<(T | undefined)[]> {
        this.inFlight += 1;
        this.reads += 1;
        this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
        try {
          await new Promise((r) => setTimeout(r, 2));
          return await super.getMany<T>(keys);
        } finally {
          this.inFlight -= 1;
        }
      }
    }
    const cache = new CountingCache();
    const venues: VenueId[] = ['kalshi', 'polymarket', 'manifold'];
    const first = build(venues.map((venue) => adapter({ venue, markets: markets(venue, 1200) })), { pageSize: 500 }, cache);
    for (const venue of venues) await first.catalog.syncVenue(venue);
    await first.catalog.stop();
    cache.maxInFlight = 0;
    cache.reads = 0;

    const second = build(venues.map((venue) => adapter({ venue, markets: [], pageDelayMs: 20_000 })), {}, cache);
    await second.catalog.start();
    for (const venue of venues) expect(second.catalog.status(venue)?.marketCount, venue).toBe(1200);
    // Several batches per venue, never two at once.
    expect(cache.reads).toBeGreaterThanOrEqual(venues.length * 3);
    expect(cache.maxInFlight).toBe(1);
  });

  it('does not report a warm load as the stored sync when the store fell back during it', async () => {
    /** A store whose backend goes away after its first read: it then answers from nothing, as the resilient cache's fallback does. */
    class FallingCache extends MemoryCache {
      reads = 0;
      override health() {
        return { backend: 'redis' as const, connected: this.reads < 1 };
      }
      override async getMany<T = unknown>(keys: string[]): Promise<(T | undefined)[]> {
        this.reads += 1;
        return this.reads > 1 ? keys.map(() => undefined) : super.getMany<T>(keys);
      }
    }
    const cache = new FallingCache();
    const first = build([adapter({ venue: 'kalshi', markets: markets('kalshi', 1200) })], { pageSize: 500 }, cache);
    await first.catalog.syncVenue('kalshi');
    await first.catalog.stop();
    cache.reads = 0;

    const second = build([adapter({ venue: 'kalshi', markets: [], pageDelayMs: 20_000 })], {}, cache);
    await second.catalog.start();
    // The first batch is kept; the venue is not ready on it (its walk will list the rest).
    expect(second.catalog.status('kalshi')).toMatchObject({ marketCount: 500, syncedAt: null });
    expect(second.catalog.status('kalshi')?.state).not.toBe('ready');
    expect(second.lines.some((l) => l.msg === 'catalog: warm start from cache failed' && l.venue === 'kalshi')).toBe(true);
  });

  it('stop() aborts an in-flight walk promptly and ends the loops', async () => {
    const slow = adapter({ venue: 'manifold', markets: markets('manifold', 8), pageDelayMs: 20_000 });
    const fast = adapter({ venue: 'kalshi', markets: markets('kalshi', 2) });
    const { catalog } = build([slow, fast], { fullSyncIntervalMs: 5, incrementalIntervalMs: 5 });
    await catalog.start();
    await waitFor(() => catalog.status('manifold')?.state === 'syncing', 'walk in flight');
    await waitFor(() => catalog.status('kalshi')?.state === 'ready', 'fast venue ready');
    // Resolves long before the 20 s page (the test would time out otherwise).
    await catalog.stop();
    const calls = fast.calls.listMarkets;
    expect(catalog.status('manifold')?.state).toBe('pending');
    expect(catalog.status('manifold')?.progress).toBeNull();
    await new Promise((r) => setTimeout(r, 30));
    expect(fast.calls.listMarkets).toBe(calls);
  });
});
