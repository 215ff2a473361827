import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startRedisServer } from '../../test/support/redis-server.js';
import type { RedisServerHandle } from '../../test/support/redis-server.js';
import { createBus, createCache } from './factory.js';
import { describeBusContract, describeCacheContract } from '../../test/contract/cache-contract.js';
import { RedisBus, RedisCache, createRedisClient } from './redis.js';
import { ResilientBus, ResilientCache } from './resilient.js';

function captureLogger() {
  const lines: { level: number; msg: string }[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) lines.push(JSON.parse(line));
      cb();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines };
}

/** Reconnects go through ioredis' retry backoff: give them time. */
const RECONNECT = { timeout: 15_000, interval: 25 };

let server: RedisServerHandle;
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await server?.stop();
});

const silent = pino({ level: 'silent' });

// The production wrapper passes the same contracts as the raw backends: with Redis up, and on
// its in-memory fallback when Redis cannot be reached.
describeCacheContract('resilient (redis up)', async () => {
  const redis = new RedisCache({ url: server.url, keyPrefix: 'venn-resilient-contract:' });
  const cache = new ResilientCache(redis, { logger: silent });
  await redis.ready();
  await vi.waitFor(() => expect(cache.health().connected, 'routed to redis').toBe(true), RECONNECT);
  return cache;
});

describeCacheContract('resilient (redis unreachable: memory fallback)', () => {
  const cache = new ResilientCache(new RedisCache({ url: 'redis://127.0.0.1:1', keyPrefix: 'x:' }), { logger: silent });
  expect(cache.health().connected).toBe(false);
  return cache;
});

describeBusContract('resilient (redis up)', async () => {
  const redis = new RedisBus({ url: server.url, keyPrefix: 'venn-resilient-contract:' });
  const bus = new ResilientBus(redis, { logger: silent });
  await redis.ready();
  await vi.waitFor(() => expect(bus.health().connected, 'routed to redis').toBe(true), RECONNECT);
  return bus;
});

describe('createCache / createBus without Redis', () => {
  it('use the in-memory backends', async () => {
    const { logger } = captureLogger();
    const cache = await createCache({ logger });
    const bus = await createBus({ logger });
    expect(cache.health()).toEqual({ backend: 'memory', connected: true });
    expect(bus.health()).toEqual({ backend: 'memory', connected: true });
    await cache.set('k', '0.4200');
    expect(await cache.get('k')).toBe('0.4200');
    await cache.close();
    await bus.close();
  });
});

describe('Redis outage', () => {
  it('the cache keeps answering from memory while Redis is down, then replays and returns to Redis', async () => {
    const { logger, lines } = captureLogger();
    const cache = await createCache({ redisUrl: server.url, logger, keyPrefix: 'res:' });
    const raw = createRedisClient({ url: server.url });
    try {
      expect(cache.health()).toEqual({ backend: 'redis', connected: true });
      await cache.set('before', { v: 1 });
      await vi.waitFor(() => expect(raw.status, 'raw client').toBe('ready'), RECONNECT);
      expect(await raw.get('res:before')).toBe('{"v":1}');

      server.kill();
      // Right after the kill a call still resolves (from Redis if it was quick enough, else memory).
      expect([undefined, { v: 1 }]).toContainEqual(await cache.get('before'));
      await vi.waitFor(async () => {
        await cache.get('poke');
        expect(cache.health().connected, 'the outage to be noticed').toBe(false);
      }, RECONNECT);
      // Every call succeeds (served by memory) instead of failing or hanging.
      await cache.set('during', { price: '0.4200' });
      await cache.setMany([
        { key: 'during:ttl', value: 'short', ttlMs: 60_000 },
        { key: 'during:gone', value: 'x' },
      ]);
      await cache.delete('during:gone');
      expect(await cache.get('during')).toEqual({ price: '0.4200' });
      expect(await cache.getMany(['during', 'during:gone', 'before'])).toEqual([{ price: '0.4200' }, undefined, undefined]);
      const scanned: string[] = [];
      for await (const batch of cache.scan('during')) scanned.push(...batch);
      expect(scanned.sort()).toEqual(['during', 'during:ttl']);
      expect(cache.health()).toEqual({ backend: 'redis', connected: false });
      for (let i = 0; i < 20; i++) await cache.get(`probe:${i}`);

      await server.restart();
      await vi.waitFor(() => expect(cache.health().connected, 'cache reconnect').toBe(true), RECONNECT);
      await vi.waitFor(() => expect(raw.status, 'raw client reconnect').toBe('ready'), RECONNECT);
      // What was written during the outage was replayed into Redis, with its TTL.
      expect(await raw.get('res:during')).toBe('{"price":"0.4200"}');
      expect(Number(await raw.pttl('res:during:ttl'))).toBeGreaterThan(0);
      expect(await raw.exists('res:during:gone')).toBe(0);
      // New writes reach Redis again.
      await cache.set('after', 'back');
      expect(await raw.get('res:after')).toBe('"back"');
      expect(await cache.get('during')).toEqual({ price: '0.4200' });

      const down = lines.filter((l) => l.msg.includes('redis unavailable'));
      const recovered = lines.filter((l) => l.msg.includes('redis recovered'));
      expect(down).toHaveLength(1);
      expect(down[0]?.level).toBe(40);
      expect(recovered).toHaveLength(1);
    } finally {
      raw.disconnect();
      await cache.close();
    }
  });

  it('the bus delivers in-process while Redis is down and through Redis after it returns', async () => {
    const { logger, lines } = captureLogger();
    const bus = await createBus({ redisUrl: server.url, logger, keyPrefix: 'resbus:' });
    const other = await createBus({ redisUrl: server.url, logger: captureLogger().logger, keyPrefix: 'resbus:' });
    try {
      expect(bus.health()).toEqual({ backend: 'redis', connected: true });
      const mine: unknown[] = [];
      const theirs: unknown[] = [];
      await bus.subscribe('book', (m) => mine.push(m));
      await other.subscribe('book', (m) => theirs.push(m));
      await bus.publish('book', 1);
      await vi.waitFor(() => expect(mine.length === 1 && theirs.length === 1, 'first delivery').toBe(true), RECONNECT);

      server.kill();
      await vi.waitFor(() => expect(bus.health().connected, 'bus to notice the outage').toBe(false), RECONNECT);
      await bus.publish('book', 2);
      await vi.waitFor(() => expect(mine, 'in-process delivery').toHaveLength(2), RECONNECT);
      expect(mine).toEqual([1, 2]);
      // A subscription made during the outage takes effect once Redis is back.
      const late: unknown[] = [];
      await bus.subscribe('late', (m) => late.push(m));

      await server.restart();
      await vi.waitFor(() => expect(bus.health().connected && other.health().connected, 'bus reconnect').toBe(true), RECONNECT);
      // The subscription was re-issued on reconnect: a message from another instance arrives.
      await vi.waitFor(async () => {
        await other.publish('book', 'ping');
        expect(mine, 'resubscription').toContain('ping');
      }, RECONNECT);
      expect(theirs.includes('ping')).toBe(true);
      await vi.waitFor(async () => {
        await other.publish('late', 'hello');
        expect(late, 'late subscription').toContain('hello');
      }, RECONNECT);
      expect(lines.filter((l) => l.msg.includes('redis unavailable'))).toHaveLength(1);
      expect(lines.filter((l) => l.msg.includes('redis recovered'))).toHaveLength(1);
    } finally {
      await bus.close();
      await other.close();
    }
  });

  it('a bus publish that times out on a live connection is not also delivered in-process (no duplicate)', async () => {
    const bus = await createBus({ redisUrl: server.url, logger: captureLogger().logger, keyPrefix: 'hungbus:' });
    try {
      const mine: unknown[] = [];
      await bus.subscribe('book', (m) => mine.push(m));
      server.pause();
      await expect(bus.publish('book', 'slow')).rejects.toThrow(/timed out/i);
      server.resume();
      await vi.waitFor(async () => {
        await bus.publish('book', 'after');
        expect(mine).toContain('after');
      }, RECONNECT);
      expect(mine[0]).toBe('slow');
      expect(mine.filter((m) => m === 'slow'), 'delivered once, by Redis').toHaveLength(1);
    } finally {
      await bus.close();
    }
  });

  it('a hung server (connection open, no answers) times out into the fallback and is probed back', async () => {
    const { logger, lines } = captureLogger();
    const redis = new RedisCache({ url: server.url, keyPrefix: 'hung:', commandTimeoutMs: 150 });
    await redis.ready();
    const cache = new ResilientCache(redis, { logger, probeIntervalMs: 30 });
    const raw = createRedisClient({ url: server.url });
    try {
      await vi.waitFor(() => expect(cache.health().connected && raw.status === 'ready', 'connections').toBe(true), RECONNECT);
      server.pause();
      // Times out instead of hanging, then serves from memory.
      await cache.set('k', { price: '0.4200' });
      expect(cache.health().connected).toBe(false);
      expect(await cache.get('k')).toEqual({ price: '0.4200' });
      server.resume();
      await vi.waitFor(() => expect(cache.health().connected, 'probe to see the server again').toBe(true), RECONNECT);
      expect(await raw.get('hung:k')).toBe('{"price":"0.4200"}');
      expect(lines.filter((l) => l.msg.includes('redis unavailable'))).toHaveLength(1);
      expect(lines.filter((l) => l.msg.includes('redis recovered'))).toHaveLength(1);
    } finally {
      server.resume();
      raw.disconnect();
      await cache.close();
    }
  });

  it('starts on the fallback when Redis is unreachable at start', async () => {
    const { logger, lines } = captureLogger();
    const cache = await createCache({ redisUrl: 'redis://:secret-pass@127.0.0.1:1', logger, connectTimeoutMs: 200 });
    try {
      expect(cache.health()).toEqual({ backend: 'redis', connected: false });
      await cache.set('k', 'v');
      expect(await cache.get('k')).toBe('v');
      expect(lines.some((l) => l.msg.includes('unreachable at start'))).toBe(true);
      expect(JSON.stringify(lines)).not.toContain('secret-pass');
    } finally {
      await cache.close();
    }
  });
});
