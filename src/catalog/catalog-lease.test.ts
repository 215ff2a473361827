/**
 * Catalogs of several instances sharing one real redis-server (in one process, each with its own
 * connections): one walks each venue, the others follow what it writes; a leader that lost its
 * lease has its writes refused; with Redis unreachable every instance walks for itself.
 */
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Redis } from 'ioredis';
import { createMemoryAdapter, makeMarket, type MemoryAdapter } from '../../test/support/memory-adapter.js';
import { startRedisServer, type RedisServerHandle } from '../../test/support/redis-server.js';
import { createBus, createCache } from '../cache/index.js';
import type { ResilientCache } from '../cache/resilient.js';
import type { Bus, HealthBus, HealthCache } from '../cache/types.js';
import { RedisLeaseStore, type Lease, type LeaseStore } from '../cluster/lease.js';
import type { Market } from '../core/index.js';
import type { VenueAdapter } from '../venue/adapter.js';
import { Catalog } from './catalog.js';
import { catalogKeys } from './keys.js';
import { storedMarket } from './market-codec.js';

const silent = pino({ level: 'silent' });
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

let prefixes = 0;

interface Instance {
  catalog: Catalog;
  cache: HealthCache;
  lease(): NonNullable<ReturnType<Catalog['leases']>[number]>;
}

async function instance(
  name: string,
  adapter: VenueAdapter,
  prefix: string,
  opts: { ttlMs?: number; leases?: (store: LeaseStore) => LeaseStore; bus?: (bus: HealthBus) => Bus } = {},
): Promise<Instance> {
  const backend = { redisUrl: redis.url, keyPrefix: prefix, logger: silent };
  const [cache, realBus] = await Promise.all([createCache(backend), createBus(backend)]);
  const client = (cache as ResilientCache).primary.client;
  const store = new RedisLeaseStore(client, prefix);
  const catalog = new Catalog({
    registry: { list: () => [adapter] },
    cache,
    logger: silent,
    options: { fullSyncIntervalMs: 3_600_000, incrementalIntervalMs: 50, pageSize: 5 },
    onCacheReconnect: (l) => cache.onReconnect(l),
    cluster: {
      owner: name,
      leaseTtlMs: opts.ttlMs ?? 600,
      leases: opts.leases ? opts.leases(store) : store,
      shared: { client, prefix, bus: opts.bus ? opts.bus(realBus) : realBus },
      followCheckMs: 50,
    },
  });
  cleanup.push(async () => {
    await catalog.stop();
    await realBus.close();
    await cache.close();
  });
  await catalog.start();
  return { catalog, cache, lease: () => catalog.leases()[0]! };
}

function venueOf(markets: Market[]): MemoryAdapter {
  return createMemoryAdapter({ venue: 'kalshi', markets, pageSize: 5 });
}

const titleOf = (i: Instance, id: string) => i.catalog.getMarket(id)?.title;

describe('one catalog walker per venue on a shared Redis', () => {
  it('one instance walks; the other never does and serves every change the leader makes', async () => {
    const prefix = `lead${++prefixes}:`;
    const markets = Array.from({ length: 12 }, (_, i) => makeMarket('kalshi', `M${i}`));
    const venueA = venueOf(markets);
    const venueB = venueOf(markets);
    const a = await instance('a', venueA, prefix);
    await vi.waitFor(() => expect(a.catalog.status('kalshi')?.state).toBe('ready'));
    const b = await instance('b', venueB, prefix);
    expect(a.lease()).toMatchObject({ role: 'leader', leader: 'a', state: 'held' });
    expect(b.lease()).toMatchObject({ role: 'follower', leader: 'a', token: null });
    expect(b.catalog.status('kalshi')).toMatchObject({ state: 'ready', marketCount: 12, syncedAt: expect.any(String) });

    // The venue changes a market and adds one: the leader's incremental walk writes them, the
    // follower reads them from Redis when the leader announces them.
    const later = new Date().toISOString();
    venueA.upsertMarkets([makeMarket('kalshi', 'M3', { title: 'Renamed', updatedAt: later }), makeMarket('kalshi', 'NEW', { updatedAt: later })]);
    await vi.waitFor(() => {
      expect(titleOf(b, 'kalshi:M3')).toBe('Renamed');
      expect(b.catalog.getMarket('kalshi:NEW')).toBeDefined();
    });
    expect(b.catalog.status('kalshi')?.marketCount).toBe(13);
    // The follower's freshness is the leader's last sync.
    await vi.waitFor(() => expect(b.catalog.status('kalshi')?.syncedAt).toBe(a.catalog.status('kalshi')?.syncedAt));
    expect(venueA.calls.listMarkets).toBeGreaterThan(1);
    expect(venueB.calls.listMarkets).toBe(0);
  });

  it('a follower that missed an announcement reloads the venue once the change counter shows it', async () => {
    const prefix = `miss${++prefixes}:`;
    const venueA = venueOf([makeMarket('kalshi', 'X1'), makeMarket('kalshi', 'X2')]);
    let drop = false;
    const lossy = (bus: HealthBus): Bus => ({
      publish: (channel, message) => (drop ? Promise.resolve() : bus.publish(channel, message)),
      subscribe: (channel, handler) => bus.subscribe(channel, handler),
      close: () => bus.close(),
    });
    const a = await instance('a', venueA, prefix, { bus: lossy });
    await vi.waitFor(() => expect(a.catalog.status('kalshi')?.state).toBe('ready'));
    const b = await instance('b', venueOf([]), prefix);
    expect(b.lease().role).toBe('follower');
    drop = true;
    venueA.upsertMarkets([makeMarket('kalshi', 'X2', { title: 'Lost on the bus', updatedAt: new Date().toISOString() })]);
    venueA.removeMarkets(['kalshi:X1']);
    await a.catalog.syncVenue('kalshi'); // a full walk: X1 is removed from Redis, unannounced
    expect(titleOf(a, 'kalshi:X2')).toBe('Lost on the bus');
    await vi.waitFor(() => {
      expect(titleOf(b, 'kalshi:X2')).toBe('Lost on the bus');
      expect(b.catalog.getMarket('kalshi:X1')).toBeUndefined();
    });
  });

  it("refuses the writes of a leader that lost its lease; it stops walking and follows the new leader", async () => {
    const prefix = `fence${++prefixes}:`;
    const ttlMs = 400;
    // The old leader: its renewals hang (a paused process), and its walk is held after page one.
    let paused = false;
    let unpause: () => void = () => undefined;
    const pausable = (store: LeaseStore): LeaseStore => ({
      acquire: (n, o, t) => store.acquire(n, o, t),
      renew: async (l: Lease, t) => {
        if (paused) await new Promise<void>((r) => (unpause = r));
        return store.renew(l, t);
      },
      release: (l) => store.release(l),
      holder: (n) => store.holder(n),
    });
    cleanup.push(async () => {
      paused = false;
      unpause();
    });
    const stale = Array.from({ length: 10 }, (_, i) => makeMarket('kalshi', `F${i}`, { title: 'stale' }));
    const venueA = venueOf(stale);
    let hold: Promise<void> | null = null;
    let release: () => void = () => undefined;
    let heldAtPage = false;
    const gated: VenueAdapter = {
      ...venueA,
      async *listMarkets(query) {
        let page = 0;
        for await (const p of venueA.listMarkets(query)) {
          if (page++ === 1 && hold) {
            heldAtPage = true;
            await hold;
          }
          yield p;
        }
      },
    } as VenueAdapter;
    hold = new Promise<void>((r) => (release = r));
    paused = true;
    const a = await instance('a', gated, prefix, { ttlMs, leases: pausable });
    await vi.waitFor(() => expect(heldAtPage).toBe(true));
    const token = a.lease().token!;
    expect(a.lease().role).toBe('leader');

    // Its lease expires in Redis; another instance takes it and walks the venue as it is now.
    const fresh = stale.map((m) => ({ ...m, title: 'fresh' }));
    const b = await instance('b', venueOf(fresh), prefix, { ttlMs });
    await vi.waitFor(() => expect(b.lease()).toMatchObject({ role: 'leader', leader: 'b' }), { timeout: 5000 });
    expect(b.lease().token!).toBeGreaterThan(token);
    await vi.waitFor(() => expect(b.catalog.status('kalshi')?.state).toBe('ready'));

    // The old leader wakes up and writes its second page: refused, nothing changed in Redis.
    const check = new Redis(redis.url);
    cleanup.push(async () => check.disconnect());
    const key = `${prefix}${catalogKeys.market('kalshi:F5')}`;
    expect((storedMarket(JSON.parse((await check.get(key))!)) as Market).title).toBe('fresh');
    release();
    await vi.waitFor(() => expect(a.lease()).toMatchObject({ role: 'follower', fencedWrites: 1 }));
    expect((storedMarket(JSON.parse((await check.get(key))!)) as Market).title).toBe('fresh');
    // It follows the new leader now: its index is what the leader wrote.
    await vi.waitFor(() => expect(titleOf(a, 'kalshi:F5')).toBe('fresh'));
    const walksOfA = venueA.calls.listMarkets;
    paused = false;
    unpause();
    // It stays a follower and walks no more.
    await vi.waitFor(() => expect(a.lease()).toMatchObject({ role: 'follower', leader: 'b', state: 'follower' }));
    expect(venueA.calls.listMarkets).toBe(walksOfA);
  });

  it('while Redis is unreachable every instance walks for itself; once it is back one leads again', { timeout: 30_000 }, async () => {
    const own = await startRedisServer();
    cleanup.push(() => own.stop());
    const prefix = `down${++prefixes}:`;
    const markets = [makeMarket('kalshi', 'D1'), makeMarket('kalshi', 'D2')];
    const venueA = venueOf(markets);
    const venueB = venueOf(markets);
    const saved = redis;
    redis = own;
    try {
      const a = await instance('a', venueA, prefix, { ttlMs: 600 });
      await vi.waitFor(() => expect(a.catalog.status('kalshi')?.state).toBe('ready'));
      const b = await instance('b', venueB, prefix, { ttlMs: 600 });
      expect(b.lease().role).toBe('follower');
      // The follower has the leader's status of a later walk (it carries the walk times).
      const warmSyncedAt = b.catalog.status('kalshi')?.syncedAt;
      await vi.waitFor(() => expect(b.catalog.status('kalshi')?.syncedAt).not.toBe(warmSyncedAt));
      expect(venueB.calls.listMarkets).toBe(0);

      own.kill();
      await vi.waitFor(() => {
        expect(a.lease().role).toBe('standalone');
        expect(b.lease().role).toBe('standalone');
      }, { timeout: 10_000 });
      // Each walks the venue itself and serves its changes.
      const later = new Date().toISOString();
      for (const v of [venueA, venueB]) v.upsertMarkets([makeMarket('kalshi', 'D3', { updatedAt: later })]);
      await vi.waitFor(() => {
        expect(a.catalog.getMarket('kalshi:D3')).toBeDefined();
        expect(b.catalog.getMarket('kalshi:D3')).toBeDefined();
      });
      expect(venueB.calls.listMarkets).toBeGreaterThan(0);
      // The follower continued from the leader's walk times: changes only, no full walk.
      for (const q of venueB.marketQueries) expect(q.updatedSince ?? q.status, JSON.stringify(q)).toBeDefined();

      await own.restart(); // empty: the restarted server lost every key
      await vi.waitFor(() => expect([a.lease().role, b.lease().role].sort()).toEqual(['follower', 'leader']), { timeout: 15_000 });
      // The leader writes its index back; the catalog is in Redis again.
      const check = new Redis(own.url);
      cleanup.push(async () => check.disconnect());
      await vi.waitFor(async () => expect(await check.exists(`${prefix}${catalogKeys.market('kalshi:D3')}`)).toBe(1), { timeout: 10_000 });
      // Neither index lost anything to the empty Redis.
      for (const i of [a, b]) expect(i.catalog.status('kalshi')?.marketCount).toBe(3);
      // The follower stops walking.
      const [follower, leader] = a.lease().role === 'follower' ? [venueA, venueB] : [venueB, venueA];
      const walks = follower.calls.listMarkets;
      const leaderWalks = leader.calls.listMarkets;
      await vi.waitFor(() => expect(leader.calls.listMarkets).toBeGreaterThan(leaderWalks + 3));
      expect(follower.calls.listMarkets).toBe(walks);
    } finally {
      redis = saved;
    }
  });
});
