import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RedisServerHandle } from '../../test/support/redis-server.js';
import { RedisLeaseStore, leaseKey } from '../cluster/lease.js';
import { FencedCatalogWriter, FencedOut } from './catalog-writer.js';
import { catalogKeysOf } from './keys.js';

let server: RedisServerHandle;
let client: Redis;
beforeAll(async () => {
  server = await startRedisServer();
  client = new Redis(server.url);
});
afterAll(async () => {
  client.disconnect();
  await server?.stop();
});

describe('FencedCatalogWriter', () => {
  const prefix = 'w:';
  const keys = catalogKeysOf('abc123');
  const lease = keys.lease('kalshi');

  function writer(token: () => number | undefined) {
    return new FencedCatalogWriter({ client, prefix, leaseKey: leaseKey(prefix, lease), lease, changesKey: keys.changes('kalshi'), token });
  }

  it('puts the lease and every catalog key of a venue under one hash tag', () => {
    const tag = (k: string) => /\{([^}]*)\}/.exec(k)?.[1];
    expect(tag(leaseKey(prefix, lease))).toBe('catalog:kalshi:abc123');
    for (const k of [keys.market('kalshi:A'), keys.event('kalshi:E'), keys.status('kalshi'), keys.changes('kalshi'), keys.marketsOf('kalshi')]) {
      expect(tag(prefix + k), k).toBe('catalog:kalshi:abc123');
    }
  });

  it('writes and deletes under the held token, counting each batch once; refuses a stale token and changes nothing', async () => {
    const store = new RedisLeaseStore(client, prefix);
    const old = (await store.acquire(lease, 'a', 10_000))!;
    const a = writer(() => old.token);
    const many = Array.from({ length: 1200 }, (_, i) => ({ key: keys.market(`kalshi:M${i}`), value: { i } }));
    const first = (await a.write({ set: many, del: [] }))!;
    expect(first).toBeGreaterThan(0);
    expect(await client.get(prefix + keys.market('kalshi:M1199'))).toBe('{"i":1199}');
    expect(await a.write({ set: [], del: [keys.market('kalshi:M0')] })).toBe(first + 1);
    expect(await client.exists(prefix + keys.market('kalshi:M0'))).toBe(0);
    expect(Number(await client.get(prefix + keys.changes('kalshi')))).toBe(first + 1);

    // The lease lapses and another instance takes it.
    await client.del(leaseKey(prefix, lease));
    const next = (await store.acquire(lease, 'b', 10_000))!;
    await expect(a.write({ set: [{ key: keys.market('kalshi:M1'), value: 'stale' }], del: [keys.market('kalshi:M2')] })).rejects.toBeInstanceOf(FencedOut);
    expect(await client.get(prefix + keys.market('kalshi:M1'))).toBe('{"i":1}');
    expect(await client.exists(prefix + keys.market('kalshi:M2'))).toBe(1);
    expect(Number(await client.get(prefix + keys.changes('kalshi')))).toBe(first + 1);
    // Without a token nothing is even sent.
    await expect(writer(() => undefined).write({ set: [], del: [] })).rejects.toBeInstanceOf(FencedOut);
    expect(await writer(() => next.token).write({ set: [{ key: keys.market('kalshi:M1'), value: 'fresh' }], del: [] })).toBe(first + 2);
    expect(await client.get(prefix + keys.market('kalshi:M1'))).toBe('"fresh"');
  });

  it('writes every value byte for byte, multi-byte and empty ones too, and deletes in the chunk that holds the last sets', async () => {
    const store = new RedisLeaseStore(client, prefix);
    await client.del(leaseKey(prefix, lease));
    const held = (await store.acquire(lease, 'c', 10_000))!;
    const texts = ['', 'é', 'Élection présidentielle 🗳️ 2027', '"quoted", with \\ and \n', 'x'.repeat(5000)];
    const set = Array.from({ length: 499 }, (_, i) => ({ key: keys.market(`kalshi:U${i}`), value: texts[i % texts.length] }));
    await client.set(prefix + keys.market('kalshi:D0'), '1');
    await client.set(prefix + keys.market('kalshi:D1'), '1');
    const before = Number(await client.get(prefix + keys.changes('kalshi')));
    const w = new FencedCatalogWriter({ client, prefix, leaseKey: leaseKey(prefix, lease), lease, changesKey: keys.changes('kalshi'), token: () => held.token, ttlMs: 60_000 });
    expect(await w.write({ set, del: [keys.market('kalshi:D0'), keys.market('kalshi:D1')] })).toBe(before + 1);
    for (const [i, e] of set.entries()) expect(await client.get(prefix + e.key), `value ${i}`).toBe(JSON.stringify(e.value));
    expect(await client.pttl(prefix + set[3]!.key)).toBeGreaterThan(50_000);
    expect(await client.exists(prefix + keys.market('kalshi:D0'), prefix + keys.market('kalshi:D1'))).toBe(0);
  });
});
