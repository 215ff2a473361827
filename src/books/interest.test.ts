import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RedisServerHandle } from '../../test/support/redis-server.js';
import { MemoryInterestStore, RedisInterestStore, interestKey, type InterestStore } from './interest.js';

let server: RedisServerHandle;
let client: Redis;

beforeAll(async () => {
  server = await startRedisServer();
  client = new Redis(server.url);
});
afterAll(async () => {
  client?.disconnect();
  await server?.stop();
});

function contract(label: string, make: () => InterestStore) {
  describe(`${label} interest store`, () => {
    it('reports the channels some instance wants until its interest expires or is withdrawn', async () => {
      const store = make();
      const m = 'kalshi:FED-25';
      await store.declare(m, 'a', ['book', 'ticker'], 2_000);
      await store.declare(m, 'b', ['book'], 3_000);
      expect(await store.wanted(m, 1_000)).toEqual(new Set(['book', 'ticker']));
      expect(await store.wanted(m, 2_500), 'a expired').toEqual(new Set(['book']));
      await store.declare(m, 'a', ['trades'], 5_000);
      await store.withdraw(m, 'b', ['book']);
      expect(await store.wanted(m, 2_500)).toEqual(new Set(['trades']));
      expect(await store.wanted('kalshi:OTHER', 0)).toEqual(new Set());
    });
  });
}

contract('redis', () => new RedisInterestStore(client, 't:', 60_000));
contract('memory', () => new MemoryInterestStore());

describe('RedisInterestStore', () => {
  it('keeps a market’s interest under the hash tag of its lease, expiring on its own', async () => {
    const store = new RedisInterestStore(client, 'tag:', 60_000);
    await store.declare('kalshi:X', 'a', ['book'], Date.now() + 1_000);
    const key = interestKey('tag:', 'kalshi:X');
    expect(key).toBe('tag:books:want:{book:kalshi:X}');
    expect(await client.pttl(key)).toBeGreaterThan(50_000);
    expect(await client.zrange(key, '0', '-1')).toEqual(['a|book']);
  });
});
