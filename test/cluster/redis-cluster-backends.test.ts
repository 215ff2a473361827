/**
 * Every user of a Redis client on a real 3-master Redis Cluster (`redis+cluster://`): the cache and
 * bus contracts (SCAN over every master, multi-key reads and writes spread over slots), the client
 * rate limit's script store, the shared budget scripts and the instance registry.
 */
import { Hono } from 'hono';
import { Cluster } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createClientLimit } from '../../src/api/client-limit.js';
import { RedisBus, RedisCache, createRedisClient, waitForReady, type RedisClient } from '../../src/cache/redis.js';
import { createInstanceIdentity } from '../../src/cluster/instance.js';
import { RedisBudgets } from '../../src/cluster/redis-budgets.js';
import { RedisRegistry } from '../../src/cluster/registry.js';
import { describeBusContract, describeCacheContract } from '../contract/cache-contract.js';
import { startRedisCluster, type RedisClusterHandle } from '../support/redis-cluster.js';

let cluster: RedisClusterHandle;
beforeAll(async () => {
  cluster = await startRedisCluster();
}, 60_000);
afterAll(async () => {
  await cluster?.stop();
});

describeCacheContract('redis cluster', async () => {
  const cache = new RedisCache({ url: cluster.url, keyPrefix: 'venn-cluster-test:' });
  await cache.ready();
  return cache;
});

describeBusContract('redis cluster', async () => {
  const bus = new RedisBus({ url: cluster.url, keyPrefix: 'venn-cluster-test:' });
  await bus.ready();
  return bus;
});

async function client(): Promise<RedisClient> {
  const c = createRedisClient({ url: cluster.url });
  await waitForReady(c, 10_000);
  return c;
}

describe('on a Redis Cluster', () => {
  it('connects as a Cluster, and the cache scans keys held by every master', async () => {
    const cache = new RedisCache({ url: cluster.url, keyPrefix: 'spread:' });
    await cache.ready(10_000);
    expect(cache.client).toBeInstanceOf(Cluster);
    const keys = Array.from({ length: 60 }, (_, i) => `k${i}`);
    await cache.setMany(keys.map((key) => ({ key, value: key })));
    const holders = new Set<number>();
    for (const node of (cache.client as Cluster).nodes('master')) if ((await node.dbsize()) > 0) holders.add(node.options.port ?? 0);
    expect(holders.size, 'the keys landed on several masters').toBeGreaterThan(1);
    const seen: string[] = [];
    for await (const batch of cache.scan('k', 7)) seen.push(...batch);
    expect(seen.sort()).toEqual([...keys].sort());
    expect(await cache.getMany(['k1', 'k2', 'nope'])).toEqual(['k1', 'k2', undefined]);
    await cache.delete(keys);
    expect(await cache.getMany(['k1', 'k2'])).toEqual([undefined, undefined]);
    await cache.close();
  });

  it('shares a venue budget between instances through the bucket script', async () => {
    const [a, b] = await Promise.all([client(), client()]);
    const one = new RedisBudgets({ client: a, prefix: 'c:', instanceId: 'a', instances: () => 2 });
    const two = new RedisBudgets({ client: b, prefix: 'c:', instanceId: 'b', instances: () => 2 });
    const spec = { kind: 'bucket' as const, ratePerSecond: 1, capacity: 3 };
    const answers = await Promise.all([one, two, one, two, one].map((x) => x.take('opinion:rest', spec, 1)));
    expect(answers.filter((w) => w === 0)).toHaveLength(3);
    const window = { kind: 'window' as const, limit: 2, windowMs: 5000 };
    const w = await Promise.all([one, two, one].map((x) => x.take('polymarket:clob-book', window, 1)));
    expect(w.filter((x) => x === 0)).toHaveLength(2);
    a.disconnect();
    b.disconnect();
  });

  it('keeps the instance registry', async () => {
    const [a, b] = await Promise.all([client(), client()]);
    const first = new RedisRegistry({ client: a, prefix: 'reg:', self: createInstanceIdentity('one'), intervalMs: 100 });
    const second = new RedisRegistry({ client: b, prefix: 'reg:', self: createInstanceIdentity('two'), intervalMs: 100 });
    await Promise.all([first.start(), second.start()]);
    await vi.waitFor(() => expect(first.instances().map((i) => i.id).sort()).toEqual(['one', 'two']));
    await second.close();
    await vi.waitFor(() => expect(first.count()).toBe(1));
    await first.close();
    a.disconnect();
    b.disconnect();
  });

  it('counts the client rate limit in the cluster', async () => {
    const limit = createClientLimit({ anonymousPerMinute: 2, keyDefault: { perSecond: 1, burst: 1 }, redisUrl: cluster.url, keyPrefix: 'crl:', logger: pino({ level: 'silent' }) });
    const probe = await client();
    const app = new Hono();
    app.use('*', limit.middleware);
    app.get('/x', (c) => c.text('ok'));
    await vi.waitFor(async () => expect(await probe.ping()).toBe('PONG'));
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await app.request('/x', { headers: { 'x-forwarded-for': '10.0.0.1' } })).status);
    expect(statuses).toEqual([200, 200, 429]);
    const keys: string[] = [];
    for (const node of (probe as Cluster).nodes('master')) keys.push(...(await node.keys('crl:ratelimit:*')));
    expect(keys.length, 'the counter lives in the cluster').toBeGreaterThan(0);
    await limit.close();
    probe.disconnect();
  });
});
