import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { makeMarket } from '../../test/support/memory-fixtures.js';
import { MemoryCache } from '../cache/memory.js';
import { EventIndex } from './event-index.js';
import { FencedOut } from './catalog-writer.js';
import type { CatalogBatch, CatalogWriter } from './catalog-writer.js';
import { catalogKeys } from './keys.js';
import { storedMarket } from './market-codec.js';
import { MarketIndex } from './market-index.js';
import { VenueStore } from './venue-store.js';

/** A writer through `cache` whose first `failures` writes time out. */
function flaky(cache: MemoryCache, failures: number, error: () => Error = () => new Error('Command timed out')): CatalogWriter & { calls: number } {
  const w = {
    calls: 0,
    async write(batch: CatalogBatch): Promise<number | null> {
      w.calls += 1;
      if (w.calls <= failures) throw error();
      await cache.setMany(batch.set);
      return null;
    },
  };
  return w;
}

function storeWith(cache: MemoryCache, writer: CatalogWriter): VenueStore {
  const markets = new MarketIndex();
  return new VenueStore({
    venue: 'kalshi',
    cache,
    logger: pino({ level: 'silent' }),
    markets,
    events: new EventIndex(),
    hosts: [],
    signal: new AbortController().signal,
    writer: () => writer,
  });
}

describe('VenueStore writes', () => {
  const m = makeMarket('kalshi', 'A', { quotedAt: '2026-01-01T00:00:00.000Z' });

  it('writes a page again after a write that timed out, in the compact form', async () => {
    const cache = new MemoryCache();
    const writer = flaky(cache, 2);
    await storeWith(cache, writer).writeMarkets([m]);
    expect(writer.calls).toBe(3);
    expect(storedMarket(await cache.get(catalogKeys.market(m.id)))).toEqual(m);
  });

  it('gives up after three attempts without throwing, and never repeats a write its lease refused', async () => {
    const cache = new MemoryCache();
    const failing = flaky(cache, 10);
    await storeWith(cache, failing).writeMarkets([m]);
    expect(failing.calls).toBe(3);
    expect(await cache.get(catalogKeys.market(m.id))).toBeUndefined();
    const fenced = flaky(cache, 10, () => new FencedOut('catalog:kalshi', 7));
    await expect(storeWith(cache, fenced).writeMarkets([m])).rejects.toBeInstanceOf(FencedOut);
    expect(fenced.calls).toBe(1);
  });
});

describe('VenueStore loads', () => {
  /** A cache whose first `failures` reads of several keys time out. */
  class FlakyReads extends MemoryCache {
    reads = 0;
    constructor(private readonly failures: number) {
      super();
    }
    override async getMany<T = unknown>(keys: string[]): Promise<(T | undefined)[]> {
      this.reads += 1;
      if (this.reads <= this.failures) throw new Error('Command timed out');
      return super.getMany<T>(keys);
    }
  }

  async function stored(cache: MemoryCache, n: number): Promise<string[]> {
    const writer = flaky(cache, 0);
    const ids: string[] = [];
    const markets = Array.from({ length: n }, (_, i) => makeMarket('kalshi', `M${i}`));
    await storeWith(cache, writer).writeMarkets(markets);
    for (const m of markets) ids.push(m.id);
    return ids;
  }

  it('reads a batch again after a read that timed out, and loads every stored market', async () => {
    const cache = new FlakyReads(2);
    const ids = await stored(cache, 1_200);
    const store = storeWith(cache, flaky(cache, 0));
    const loaded = await store.warm();
    expect(cache.reads).toBeGreaterThan(3);
    expect(loaded.markets).toBe(1_200);
    expect(store['deps'].markets.idsOf('kalshi').sort()).toEqual(ids.sort());
  });

  /** A cache whose backend goes away after `reads` reads: it then answers from nothing, as the resilient cache's fallback does. */
  class FallingReads extends MemoryCache {
    reads = 0;
    fallsAfter = Infinity;
    /** Reachable again after this many reads (the fallback answered the ones in between). */
    backAfter = Infinity;
    private readonly listeners = new Set<() => void>();
    override health() {
      return { backend: 'redis' as const, connected: this.reads <= this.fallsAfter || this.reads > this.backAfter };
    }
    override onReconnect(listener: () => void): () => void {
      this.listeners.add(listener);
      return () => this.listeners.delete(listener);
    }
    override async getMany<T = unknown>(keys: string[]): Promise<(T | undefined)[]> {
      this.reads += 1;
      if (this.reads === this.backAfter + 1) for (const l of this.listeners) l();
      return this.reads > this.fallsAfter && this.reads <= this.backAfter ? keys.map(() => undefined) : super.getMany<T>(keys);
    }
  }

  it('removes nothing when the store fell back during a reload or a change read', async () => {
    const cache = new FallingReads();
    const ids = await stored(cache, 1_200);
    const store = storeWith(cache, flaky(cache, 0));
    await store.warm();
    const held = () => store['deps'].markets.idsOf('kalshi').length;
    expect(held()).toBe(1_200);

    cache.fallsAfter = cache.reads + 1;
    await expect(store.reload()).rejects.toThrow('unreachable during the reload');
    expect(held()).toBe(1_200);
    await expect(store.load(ids.slice(0, 3), [])).rejects.toThrow('nothing applied');
    expect(held()).toBe(1_200);

    // Down and back during one reload: reachable at its end, yet one batch was answered by nothing.
    cache.fallsAfter = cache.reads + 1;
    cache.backAfter = cache.reads + 2;
    await expect(store.reload()).rejects.toThrow('unreachable during the reload');
    expect(held()).toBe(1_200);

    // Reachable again: a market the store no longer holds is dropped, as before.
    cache.fallsAfter = Infinity;
    cache.backAfter = Infinity;
    await cache.delete(catalogKeys.market(ids[0]!));
    await store.load(ids.slice(0, 3), []);
    expect(held()).toBe(1_199);
  });

  it('fails the load after three failed reads of one batch', async () => {
    const cache = new FlakyReads(3);
    await stored(cache, 10);
    await expect(storeWith(cache, flaky(cache, 0)).warm()).rejects.toThrow('Command timed out');
    expect(cache.reads).toBe(3);
  });
});
