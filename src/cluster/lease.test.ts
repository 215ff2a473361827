import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RedisServerHandle } from '../../test/support/redis-server.js';
import { FENCE_CHECK_LUA, MemoryLeaseStore, RedisLeaseStore, leaseKey, type LeaseStore } from './lease.js';

let server: RedisServerHandle;
const clients: Redis[] = [];
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  for (const c of clients) c.disconnect();
  await server?.stop();
});

function redisClient(): Redis {
  const c = new Redis(server.url);
  clients.push(c);
  return c;
}

/** The same contract for both stores; `expire(name)` makes the current lease lapse. */
function describeLeaseContract(label: string, make: () => { store: LeaseStore; other: LeaseStore; expire: (name: string) => Promise<void> }) {
  describe(`${label} lease store`, () => {
    it('gives a free lease to one owner, refuses another, re-grants the holder the same token', async () => {
      const { store, other } = make();
      const a = await store.acquire('walk:kalshi', 'a', 10_000);
      expect(a).toMatchObject({ name: 'walk:kalshi', owner: 'a' });
      expect(await other.acquire('walk:kalshi', 'b', 10_000)).toBeNull();
      expect(await store.acquire('walk:kalshi', 'a', 10_000)).toEqual(a);
      expect(await other.holder('walk:kalshi')).toMatchObject({ owner: 'a', token: a!.token });
    });

    it('a later holder has a larger fencing token; the old holder can neither renew nor release it', async () => {
      const { store, other, expire } = make();
      const a = (await store.acquire('walk:poly', 'a', 10_000))!;
      await expire('walk:poly');
      const b = (await other.acquire('walk:poly', 'b', 10_000))!;
      expect(b.token).toBeGreaterThan(a.token);
      expect(await store.renew(a, 10_000)).toBe(false);
      await store.release(a);
      expect(await other.holder('walk:poly')).toMatchObject({ owner: 'b', token: b.token });
      expect(await other.renew(b, 10_000)).toBe(true);
    });

    it('release frees the lease at once for a successor', async () => {
      const { store, other } = make();
      const a = (await store.acquire('book:x', 'a', 10_000))!;
      await store.release(a);
      expect(await other.holder('book:x')).toBeNull();
      const b = await other.acquire('book:x', 'b', 10_000);
      expect(b?.owner).toBe('b');
      expect(b!.token).toBeGreaterThan(a.token);
    });
  });
}

let n = 0;
describeLeaseContract('redis', () => {
  const prefix = `t${++n}:`;
  const admin = redisClient();
  return {
    store: new RedisLeaseStore(redisClient(), prefix),
    other: new RedisLeaseStore(redisClient(), prefix),
    expire: async (name) => void (await admin.del(leaseKey(prefix, name))),
  };
});

describeLeaseContract('memory', () => {
  let t = 0;
  const store = new MemoryLeaseStore(() => t);
  return { store, other: store, expire: () => Promise.resolve(void (t += 1_000_000)) };
});

describe('RedisLeaseStore specifics', () => {
  it('expires on its own: a dead holder is replaced after the TTL', async () => {
    const store = new RedisLeaseStore(redisClient(), 'ttl:');
    await store.acquire('walk', 'dead', 150);
    expect(await store.acquire('walk', 'live', 150)).toBeNull();
    let next = null;
    for (let i = 0; i < 100 && !next; i++) {
      await new Promise((r) => setTimeout(r, 20));
      next = await store.acquire('walk', 'live', 10_000);
    }
    expect(next?.owner).toBe('live');
  });

  it('tokens handed out after Redis lost its data are larger than every earlier one', async () => {
    const client = redisClient();
    const store = new RedisLeaseStore(client, 'loss:');
    const before = Date.now();
    const old = (await store.acquire('walk', 'a', 10_000))!;
    expect(old.token).toBeGreaterThanOrEqual(before); // starts at the server clock (ms)
    // The data loss of a restart without persistence: lease and counter are gone.
    await client.del(leaseKey('loss:', 'walk'), `${leaseKey('loss:', 'walk')}:fence`);
    await new Promise((r) => setTimeout(r, 5)); // a restart takes longer than the clock’s millisecond
    const next = (await store.acquire('walk', 'b', 10_000))!;
    expect(next.token).toBeGreaterThan(old.token);
    const write = `${FENCE_CHECK_LUA} return 1`;
    expect(await client.eval(write, 1, leaseKey('loss:', 'walk'), String(old.token))).toBe(-1);
    expect(await client.eval(write, 1, leaseKey('loss:', 'walk'), String(next.token))).toBe(1);
  });

  it('FENCE_CHECK_LUA refuses a write carrying a stale token', async () => {
    const client = redisClient();
    const store = new RedisLeaseStore(client, 'fence:');
    const old = (await store.acquire('walk', 'a', 10_000))!;
    await client.del(leaseKey('fence:', 'walk'));
    const current = (await store.acquire('walk', 'b', 10_000))!;
    const write = `${FENCE_CHECK_LUA} redis.call('SET', KEYS[2], ARGV[2]) return 1`;
    const key = leaseKey('fence:', 'walk');
    const data = 'fence:{walk}:data';
    expect(await client.eval(write, 2, key, data, String(old.token), 'stale')).toBe(-1);
    expect(await client.get(data)).toBeNull();
    expect(await client.eval(write, 2, key, data, String(current.token), 'fresh')).toBe(1);
    expect(await client.get(data)).toBe('fresh');
  });
});
