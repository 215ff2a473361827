/**
 * Redis as operators share it: every key under the deployment's prefix (`REDIS_PREFIX`, by default
 * derived from the configured venue hosts), a catalog cached under the hosts it came from, the
 * catalog written again after a Redis restart, and a service that starts at once while Redis is
 * down, reporting the cache as degraded.
 */
import { spawn } from 'node:child_process';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterEach, beforeAll, afterAll, describe, expect, it, vi } from 'vitest';
import { kalshi } from '../../adapters/kalshi/index.js';
import { venueModules } from '../../adapters/index.js';
import { createBus, createCache } from '../../src/cache/index.js';
import { loadConfig } from '../../src/config.js';
import { VenueUnavailable } from '../../src/core/index.js';
import { startService, type RunningService } from '../../src/main.js';
import type { RunningVenueSimulator } from '../../src/venue/index.js';
import type { VenueAdapter } from '../../src/venue/adapter.js';
import { createMemoryAdapter, makeMarket } from '../support/memory-adapter.js';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server.js';
import { REPO_ROOT } from '../support/service-process.js';

const silent = pino({ level: 'silent' });
let redis: RedisServerHandle;
let sim: RunningVenueSimulator | undefined;
const services: RunningService[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await sim?.close();
  await redis.stop();
});
afterEach(async () => {
  for (const s of services.splice(0)) await s.close();
});

async function json(url: string): Promise<{ status: number; body: any }> {
  const r = await fetch(url);
  return { status: r.status, body: await r.json() };
}

async function keysIn(url: string): Promise<string[]> {
  const client = new Redis(url);
  try {
    return await client.keys('*');
  } finally {
    client.disconnect();
  }
}

async function start(env: Record<string, string>, adapters?: VenueAdapter[]): Promise<RunningService> {
  const config = loadConfig({ HOST: '127.0.0.1', PORT: '0', REDIS_URL: redis.url, ...env }, venueModules);
  const service = await startService(config, { adapters, logger: silent });
  services.push(service);
  return service;
}

describe('deployments sharing one Redis', () => {
  it('a demo-configured and a production-configured instance do not see each other’s markets', { timeout: 90_000 }, async () => {
    sim = await kalshi.startSimulator({ seed: 3, markets: 12 });
    // The demo's instance: the real Kalshi adapter pointed at the simulator.
    const demo = await start({ VENUES: 'kalshi', ...sim.env });
    await vi.waitFor(async () => expect((await json(`${demo.url}/v1/markets?limit=1000`)).body.data.length).toBe(12), { timeout: 60_000 });

    // A production-configured instance (the venue's real hosts, no override) whose venue is down:
    // Redis holds the demo's catalog, and it must not serve it.
    const down = createMemoryAdapter({ venue: 'kalshi', markets: [], failWith: new VenueUnavailable('unreachable', { venue: 'kalshi' }) });
    const prod = await start({ VENUES: 'kalshi' }, [down]);
    await vi.waitFor(async () => expect((await json(`${prod.url}/v1/venues`)).body.data[0].catalog.state).toBe('failed'));
    expect((await json(`${prod.url}/v1/markets`)).body.data).toEqual([]);
    const ready = await json(`${prod.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(ready.body.venues.kalshi).toMatchObject({ serving: false, marketCount: 0 });

    const demoPrefix = loadConfig({ VENUES: 'kalshi', ...sim.env }, venueModules).redisPrefix;
    const prodPrefix = loadConfig({ VENUES: 'kalshi' }, venueModules).redisPrefix;
    expect(demoPrefix).toMatch(/^venn:[0-9a-f]{12}:$/);
    expect(prodPrefix).not.toBe(demoPrefix);
    const keys = await keysIn(redis.url);
    expect(keys.filter((k) => k.includes(':market:kalshi:')).length).toBe(12);
    // Every key of either instance sits under its deployment prefix.
    for (const k of keys) expect(k.startsWith(demoPrefix) || k.startsWith(prodPrefix), k).toBe(true);
    expect(keys.some((k) => k.startsWith(prodPrefix) && k.includes(':market:'))).toBe(false);
  });

  it('with one REDIS_PREFIX for both, a catalog synced from other hosts is still never served', { timeout: 60_000 }, async () => {
    const markets = [makeMarket('kalshi', 'SIMONLY1'), makeMarket('kalshi', 'SIMONLY2')];
    const simHosts = { KALSHI_API_URL: 'http://127.0.0.1:9/trade-api/v2', KALSHI_WS_URL: 'ws://127.0.0.1:9/trade-api/ws/v2' };
    const a = await start({ VENUES: 'kalshi', REDIS_PREFIX: 'shared', ...simHosts }, [createMemoryAdapter({ venue: 'kalshi', markets })]);
    await vi.waitFor(async () => expect((await json(`${a.url}/readyz`)).status).toBe(200));
    const keys = await keysIn(redis.url);
    expect(keys.filter((k) => k.startsWith('shared:catalog:') && k.includes(':market:kalshi:SIMONLY')).length).toBe(2);

    const down = createMemoryAdapter({ venue: 'kalshi', markets: [], failWith: new VenueUnavailable('unreachable', { venue: 'kalshi' }) });
    const b = await start({ VENUES: 'kalshi', REDIS_PREFIX: 'shared' }, [down]);
    await vi.waitFor(async () => expect((await json(`${b.url}/v1/venues`)).body.data[0].catalog.state).toBe('failed'));
    expect((await json(`${b.url}/v1/markets`)).body.data).toEqual([]);
    expect((await json(`${b.url}/v1/markets/kalshi:SIMONLY1`)).status).toBe(404);

    // The same hosts under the same prefix do share it: a third instance starts warm from it.
    const c = await start({ VENUES: 'kalshi', REDIS_PREFIX: 'shared', ...simHosts }, [
      createMemoryAdapter({ venue: 'kalshi', markets: [], failWith: new VenueUnavailable('unreachable', { venue: 'kalshi' }) }),
    ]);
    expect((await json(`${c.url}/v1/markets`)).body.data.map((m: { id: string }) => m.id).sort()).toEqual(['kalshi:SIMONLY1', 'kalshi:SIMONLY2']);
  });
});

describe('npm run keys', () => {
  it('writes keys under the deployment prefix the service reads', { timeout: 60_000 }, async () => {
    const env = { REDIS_URL: redis.url, VENUES: 'kalshi' };
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/keys-cli.ts', 'create', '--scope', 'read'], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    expect(await new Promise((resolve) => child.once('exit', resolve)), out).toBe(0);
    const token = /^key: (\S+)$/m.exec(out)?.[1];
    expect(token, out).toBeTruthy();
    const s = await start(env, [createMemoryAdapter({ venue: 'kalshi', markets: [] })]);
    expect((await s.authenticator.authenticate(`Bearer ${token}`)).kind).toBe('authenticated');
    const prefix = loadConfig(env, venueModules).redisPrefix;
    expect((await keysIn(redis.url)).some((k) => k.startsWith(`${prefix}auth:`))).toBe(true);
  });
});

describe('Redis restarts and outages', () => {
  it('writes the catalog back after a Redis restart that lost every key', { timeout: 60_000 }, async () => {
    const markets = Array.from({ length: 40 }, (_, i) => makeMarket('kalshi', `RS${i}`));
    // Syncs far apart: what comes back after the restart is the repopulation, not a new walk.
    const s = await start({ VENUES: 'kalshi', REDIS_PREFIX: 'restart', CATALOG_FULL_SYNC_INTERVAL_MS: '3600000', CATALOG_INCREMENTAL_INTERVAL_MS: '3600000' }, [
      createMemoryAdapter({ venue: 'kalshi', markets }),
    ]);
    await vi.waitFor(async () => expect((await json(`${s.url}/readyz`)).status).toBe(200));
    const before = (await keysIn(redis.url)).filter((k) => k.startsWith('restart:catalog:')).sort();
    expect(before.filter((k) => k.includes(':market:')).length).toBe(40);

    redis.kill();
    await vi.waitFor(async () => expect((await json(`${s.url}/readyz`)).body.cache.state).toBe('degraded'));
    // A new redis-server process without persistence: it comes back empty.
    await redis.restart();
    await vi.waitFor(async () => expect((await keysIn(redis.url)).filter((k) => k.startsWith('restart:catalog:')).sort()).toEqual(before), {
      timeout: 20_000,
    });
    expect((await json(`${s.url}/readyz`)).body.cache).toEqual({ backend: 'redis', connected: true, state: 'ok' });
  });

  it("walks the venue again after a Redis restart that lost the cold tier's markets", { timeout: 60_000 }, async () => {
    const long = '2025-01-01T00:00:00.000Z';
    const hot = Array.from({ length: 10 }, (_, i) => makeMarket('kalshi', `HOT${i}`));
    const cold = Array.from({ length: 10 }, (_, i) => makeMarket('kalshi', `COLD${i}`, { status: 'resolved', result: 'yes', closeTime: long }));
    // Walks far apart: only the restart can bring the cold markets back within the test.
    const s = await start(
      { VENUES: 'kalshi', REDIS_PREFIX: 'coldrestart', CATALOG_HOT_RESOLVED_MAX_AGE_DAYS: '30', CATALOG_FULL_SYNC_INTERVAL_MS: '3600000', CATALOG_INCREMENTAL_INTERVAL_MS: '3600000' },
      [createMemoryAdapter({ venue: 'kalshi', markets: [...hot, ...cold] })],
    );
    await vi.waitFor(async () => expect((await json(`${s.url}/readyz`)).status).toBe(200));
    const marketKeys = async () => (await keysIn(redis.url)).filter((k) => k.startsWith('coldrestart:catalog:') && k.includes(':market:')).sort();
    const before = await marketKeys();
    expect(before.length).toBe(20);
    const resolvedIds = async () => (await json(`${s.url}/v1/markets?venue=kalshi&status=resolved&limit=100`)).body.data.map((m: { id: string }) => m.id).sort();
    expect(await resolvedIds()).toEqual(cold.map((m) => m.id).sort());

    redis.kill();
    await vi.waitFor(async () => expect((await json(`${s.url}/readyz`)).body.cache.state).toBe('degraded'));
    await redis.restart();
    // The index writes its hot markets back; the cold ones it holds only as keys come from a new walk.
    await vi.waitFor(async () => expect(await marketKeys()).toEqual(before), { timeout: 20_000 });
    expect((await json(`${s.url}/v1/markets/kalshi:COLD3`)).body.id).toBe('kalshi:COLD3');
    expect(await resolvedIds()).toEqual(cold.map((m) => m.id).sort());
  });

  it('does not wait for Redis at start when its first connection attempt is refused', async () => {
    const down = await startRedisServer();
    down.kill();
    try {
      // A wait "until ready or the timeout" would outlast this test's own timeout.
      const options = { redisUrl: down.url, logger: silent, keyPrefix: 'refused:', connectTimeoutMs: 600_000 };
      const [cache, bus] = await Promise.all([createCache(options), createBus(options)]);
      expect(cache.health()).toEqual({ backend: 'redis', connected: false });
      expect(bus.health()).toEqual({ backend: 'redis', connected: false });
      await cache.set('k', 1);
      expect(await cache.get('k')).toBe(1);
      await Promise.all([cache.close(), bus.close()]);
    } finally {
      await down.stop();
    }
  });

  it('starts while Redis is down, reports the cache degraded, and fills Redis once it is up', { timeout: 60_000 }, async () => {
    const down = await startRedisServer();
    down.kill();
    try {
      const config = loadConfig({ HOST: '127.0.0.1', PORT: '0', REDIS_URL: down.url, REDIS_PREFIX: 'late', VENUES: 'kalshi' }, venueModules);
      const service = await startService(config, { adapters: [createMemoryAdapter({ venue: 'kalshi', markets: [makeMarket('kalshi', 'L1')] })], logger: silent });
      services.push(service);
      const ready = await json(`${service.url}/readyz`);
      expect(ready.body.cache).toEqual({ backend: 'redis', connected: false, state: 'degraded' });
      expect(ready.body.bus.state).toBe('degraded');
      await vi.waitFor(async () => expect((await json(`${service.url}/v1/markets`)).body.data.length).toBe(1));
      await down.restart();
      await vi.waitFor(async () => expect((await json(`${service.url}/readyz`)).body.cache.state).toBe('ok'), { timeout: 20_000 });
      await vi.waitFor(async () => expect((await keysIn(down.url)).filter((k) => k.startsWith('late:catalog:') && k.includes(':market:kalshi:L1'))).toHaveLength(1));
    } finally {
      await down.stop();
    }
  });
});
