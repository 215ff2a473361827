import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeBusContract, describeCacheContract } from '../../test/contract/cache-contract.js';
import { startRedisServer } from '../../test/support/redis-server.js';
import type { RedisServerHandle } from '../../test/support/redis-server.js';
import { RedisBus, RedisCache, createRedisClient } from './redis.js';

let server: RedisServerHandle;
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await server?.stop();
});

describeCacheContract('redis', async () => {
  const cache = new RedisCache({ url: server.url, keyPrefix: 'venn-test:' });
  await cache.ready();
  return cache;
});

describeBusContract('redis', async () => {
  const bus = new RedisBus({ url: server.url, keyPrefix: 'venn-test:' });
  await bus.ready();
  return bus;
});

describe('RedisCache specifics', () => {
  it('stores JSON under the key prefix with a PX TTL', async () => {
    const cache = new RedisCache({ url: server.url, keyPrefix: 'pfx:' });
    const raw = createRedisClient({ url: server.url });
    try {
      await Promise.all([cache.ready(), new Promise((r) => raw.once('ready', r))]);
      await cache.set('m:1', { price: '0.4200' }, { ttlMs: 60_000 });
      expect(await raw.get('pfx:m:1')).toBe('{"price":"0.4200"}');
      const ttl = await raw.pttl('pfx:m:1');
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60_000);
      expect(cache.health()).toEqual({ backend: 'redis', connected: true });
      // Another prefix does not see these keys.
      const other = new RedisCache({ url: server.url, keyPrefix: 'other:' });
      await other.ready();
      expect(await other.get('m:1')).toBeUndefined();
      const scanned: string[] = [];
      for await (const batch of other.scan('m:')) scanned.push(...batch);
      expect(scanned).toEqual([]);
      await other.close();
    } finally {
      await cache.close();
      raw.disconnect();
    }
  });

  it('fails fast instead of hanging when the server is unreachable', async () => {
    const cache = new RedisCache({ url: 'redis://127.0.0.1:1', keyPrefix: 'x:' });
    try {
      await expect(cache.get('k')).rejects.toThrow();
      expect(cache.health().connected).toBe(false);
    } finally {
      await cache.close();
    }
  });
});
