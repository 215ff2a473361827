/**
 * Two service instances sharing one Redis (and one venue): 20 concurrent requests with one
 * idempotency key, spread over both instances, place exactly one order and all answer it; a key
 * created through one instance works on the other and a revocation reaches both.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { createApp } from '../../src/api/app.js';
import { Authenticator } from '../../src/auth/authenticator.js';
import { KeyStore } from '../../src/auth/key-store.js';
import { MemoryCache, RedisCache } from '../../src/cache/index.js';
import { Catalog } from '../../src/catalog/index.js';
import type { Order, PlaceOrderRequest } from '../../src/core/index.js';
import { TradingService } from '../../src/orders/service.js';
import { AdapterRegistry } from '../../src/venue/index.js';
import { createMemoryAdapter, makeMarket, type MemoryAdapter } from '../support/memory-adapter.js';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server.js';
import { restingBuy } from '../support/trading-fixture.js';

const logger = pino({ level: 'silent' });

interface Instance {
  app: OpenAPIHono;
  redis: RedisCache;
  keys: KeyStore;
  close(): Promise<void>;
}

async function instance(url: string, venue: MemoryAdapter): Promise<Instance> {
  const redis = new RedisCache({ url, keyPrefix: 'venn-idem-test:' });
  await redis.ready();
  const registry = new AdapterRegistry().register(venue);
  const catalogCache = new MemoryCache();
  const catalog = new Catalog({ registry, cache: catalogCache, logger, options: { fullSyncIntervalMs: 3_600_000, incrementalIntervalMs: 3_600_000, warmStart: false } });
  await catalog.start();
  await vi.waitFor(() => expect(catalog.isReady()).toBe(true));
  const keys = new KeyStore(redis);
  const trading = new TradingService({ adapterOf: (v) => (registry.has(v) ? registry.get(v) : undefined), catalog, cache: redis, logger, limits: { default: {}, venues: {} }, writeDeadlineMs: 10_000 });
  const app = createApp({
    catalog,
    registry,
    config: { orderbookCacheTtlMs: 0 },
    logger,
    authenticator: new Authenticator(keys, { defaultRateLimit: { perSecond: 1000, burst: 1000 } }),
    keys,
    trading,
  });
  return {
    app,
    redis,
    keys,
    close: async () => {
      await catalog.stop();
      await redis.close();
    },
  };
}

let server: RedisServerHandle;
let venue: MemoryAdapter;
let a: Instance;
let b: Instance;
let release!: () => void;
let calls = 0;

beforeAll(async () => {
  server = await startRedisServer();
  venue = createMemoryAdapter({ venue: 'kalshi', markets: [makeMarket('kalshi', 'K1')] });
  const gate = new Promise<void>((r) => (release = r));
  const place = venue.placeOrder.bind(venue);
  venue.placeOrder = async (r: PlaceOrderRequest): Promise<Order> => {
    calls += 1;
    await gate;
    return place(r);
  };
  a = await instance(server.url, venue);
  b = await instance(server.url, venue);
});

afterAll(async () => {
  release?.();
  await a?.close();
  await b?.close();
  await server?.stop();
});

const post = (app: OpenAPIHono, token: string, key: string) =>
  app.request('/v1/orders', {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify(restingBuy()),
  });

describe('idempotency across instances sharing Redis', () => {
  it('20 concurrent requests over two instances place exactly one order', async () => {
    const { token } = await a.keys.create({ scopes: ['trade'] });
    const pending = Array.from({ length: 20 }, (_, i) => post(i % 2 === 0 ? a.app : b.app, token, 'shared-burst-1'));
    await vi.waitFor(() => expect(calls).toBe(1));
    release();
    const answers = await Promise.all(pending);
    const bodies = (await Promise.all(answers.map((r) => r.json()))) as Order[];
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(new Set(bodies.map((o) => o.id)).size).toBe(1);
    expect(calls, 'one write reached the venue').toBe(1);
    expect(venue.orders.size).toBe(1);
    // A later retry on either instance is a replay.
    const again = await post(b.app, token, 'shared-burst-1');
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(venue.orders.size).toBe(1);
  });

  it('a key works on every instance, and its revocation reaches every instance at once', async () => {
    const { token, record } = await a.keys.create({ scopes: ['trade'] });
    const balances = (app: OpenAPIHono) => app.request('/v1/balances', { headers: { authorization: `Bearer ${token}` } });
    expect((await balances(b.app)).status).toBe(200);
    expect(await b.keys.revoke(record.id)).toBe(true);
    expect((await balances(a.app)).status).toBe(401);
  });
});
