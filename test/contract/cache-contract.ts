/**
 * The Cache and Bus contract suites: the same assertions run against every implementation and
 * against the production wrapper (src/cache/memory.test.ts, redis.test.ts, resilient.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Bus, Cache } from '../../src/cache/types.js';

export type Factory<T> = () => T | Promise<T>;

export interface CacheContractOptions {
  /**
   * Moves the cache's clock forward, for implementations built on an injected clock. Without it
   * TTLs run out in real time (Redis), and the contract waits for them with `vi.waitFor`.
   */
  advance?(ms: number): void;
}

/** How long a real-time TTL may take to be observed as expired (Redis expires keys lazily or on its 100 ms cycle). */
const EXPIRY_WITHIN_MS = 5_000;

let namespaceSeq = 0;
/** Each test works under its own key prefix, so a shared backend needs no flushing. */
function namespace(): string {
  namespaceSeq += 1;
  return `contract:${process.pid}:${Date.now().toString(36)}:${namespaceSeq}:`;
}

async function collect(iterable: AsyncIterable<string[]>): Promise<{ keys: string[]; batches: number; maxBatch: number }> {
  const keys: string[] = [];
  let batches = 0;
  let maxBatch = 0;
  for await (const batch of iterable) {
    batches += 1;
    maxBatch = Math.max(maxBatch, batch.length);
    keys.push(...batch);
  }
  return { keys, batches, maxBatch };
}

export function describeCacheContract(name: string, factory: Factory<Cache>, options: CacheContractOptions = {}): void {
  describe(`Cache contract: ${name}`, () => {
    let cache: Cache;
    /** Lets `ms` pass on the cache's clock (at once when injected), then waits until `key` is seen expired. */
    const expire = async (ms: number, ...keys: string[]): Promise<void> => {
      options.advance?.(ms);
      await vi.waitFor(
        async () => {
          for (const key of keys) expect(await cache.get(key), `${key} expired after ${ms} ms`).toBeUndefined();
        },
        { timeout: EXPIRY_WITHIN_MS, interval: 20 },
      );
    };
    beforeAll(async () => {
      cache = await factory();
    });
    afterAll(async () => {
      await cache.close();
    });

    it('returns undefined for a missing key and the value after set', async () => {
      const ns = namespace();
      expect(await cache.get(`${ns}missing`)).toBeUndefined();
      await cache.set(`${ns}a`, { price: '0.4200' });
      expect(await cache.get(`${ns}a`)).toEqual({ price: '0.4200' });
      await cache.set(`${ns}a`, 'replaced');
      expect(await cache.get(`${ns}a`)).toBe('replaced');
    });

    it('round-trips JSON values exactly', async () => {
      const ns = namespace();
      const values: Record<string, unknown> = {
        str: '0.4200',
        close: 'close',
        empty: '',
        unicode: 'Élection présidentielle — 2028 ✓',
        int: 42,
        neg: -1.5,
        zero: 0,
        t: true,
        f: false,
        nil: null,
        arr: ['0.10', 2, null, { deep: ['x'] }],
        nested: { market: { id: 'kalshi:KXFED-27APR-T4.25', bids: [['0.4100', '10.00']], extra: { negRisk: false } } },
      };
      await cache.setMany(Object.entries(values).map(([k, value]) => ({ key: ns + k, value })));
      for (const [k, v] of Object.entries(values)) expect(await cache.get(ns + k)).toStrictEqual(v);
      // A string that looks like a number stays a string with its trailing zeros.
      const price = await cache.get<string>(`${ns}str`);
      expect(typeof price).toBe('string');
      expect(price).toBe('0.4200');
    });

    it('returns a copy: mutating a read value does not change the cache', async () => {
      const ns = namespace();
      await cache.set(`${ns}obj`, { list: [1, 2] });
      const read = await cache.get<{ list: number[] }>(`${ns}obj`);
      read?.list.push(3);
      expect(await cache.get(`${ns}obj`)).toEqual({ list: [1, 2] });
    });

    it('expires entries after their TTL and keeps those without one', async () => {
      const ns = namespace();
      // The short TTL leaves room for a slow event loop between the write and the first read.
      await cache.set(`${ns}short`, 'x', { ttlMs: 300 });
      await cache.set(`${ns}long`, 'y', { ttlMs: 60_000 });
      await cache.set(`${ns}forever`, 'z');
      await cache.setMany([{ key: `${ns}batchShort`, value: 1, ttlMs: 300 }]);
      expect(await cache.get(`${ns}short`)).toBe('x');
      await expire(301, `${ns}short`, `${ns}batchShort`);
      expect(await cache.getMany([`${ns}short`, `${ns}long`])).toEqual([undefined, 'y']);
      expect(await cache.get(`${ns}forever`)).toBe('z');
      const scanned = await collect(cache.scan(ns));
      expect(scanned.keys.sort()).toEqual([`${ns}forever`, `${ns}long`]);
    });

    it('setting without a TTL clears an earlier TTL', async () => {
      const ns = namespace();
      await cache.set(`${ns}k`, 1, { ttlMs: 40 });
      await cache.set(`${ns}k`, 2);
      // A witness written after `k` with the same TTL: once it is gone, k's old TTL has run out.
      await cache.set(`${ns}witness`, 0, { ttlMs: 40 });
      await expire(41, `${ns}witness`);
      expect(await cache.get(`${ns}k`)).toBe(2);
    });

    it('getMany returns values in key order with undefined for misses', async () => {
      const ns = namespace();
      await cache.setMany([
        { key: `${ns}1`, value: 'one' },
        { key: `${ns}3`, value: { three: 3 } },
      ]);
      expect(await cache.getMany([`${ns}3`, `${ns}2`, `${ns}1`, `${ns}3`])).toEqual([{ three: 3 }, undefined, 'one', { three: 3 }]);
      expect(await cache.getMany([])).toEqual([]);
    });

    it('getMany and setMany handle more keys than one batch', async () => {
      const ns = namespace();
      const n = 1234;
      await cache.setMany(Array.from({ length: n }, (_, i) => ({ key: `${ns}${i}`, value: { i } })));
      const keys = Array.from({ length: n + 2 }, (_, i) => `${ns}${i}`);
      const values = await cache.getMany<{ i: number }>(keys);
      expect(values).toHaveLength(n + 2);
      for (let i = 0; i < n; i++) expect(values[i]).toEqual({ i });
      expect(values[n]).toBeUndefined();
      expect(values[n + 1]).toBeUndefined();
    });

    it('deletes one key or many, ignoring missing ones', async () => {
      const ns = namespace();
      await cache.setMany(['a', 'b', 'c', 'd'].map((k) => ({ key: ns + k, value: k })));
      await cache.delete(`${ns}a`);
      expect(await cache.get(`${ns}a`)).toBeUndefined();
      await cache.delete([`${ns}b`, `${ns}c`, `${ns}nope`]);
      expect(await cache.getMany([`${ns}a`, `${ns}b`, `${ns}c`, `${ns}d`])).toEqual([undefined, undefined, undefined, 'd']);
      await cache.delete([]);
      expect(await cache.get(`${ns}d`)).toBe('d');
    });

    it('scans by prefix across many batches, every key exactly once', async () => {
      const ns = namespace();
      const n = 2500;
      await cache.setMany(Array.from({ length: n }, (_, i) => ({ key: `${ns}m:${i}`, value: i })));
      await cache.setMany(Array.from({ length: 50 }, (_, i) => ({ key: `${ns}other:${i}`, value: i })));
      await cache.set(`${ns}m`, 'the prefix itself');
      const { keys, batches, maxBatch } = await collect(cache.scan(`${ns}m:`, 100));
      expect(keys).toHaveLength(n);
      expect(new Set(keys).size).toBe(n);
      expect(keys.every((k) => k.startsWith(`${ns}m:`))).toBe(true);
      expect(batches).toBeGreaterThanOrEqual(n / 100);
      expect(maxBatch).toBeLessThanOrEqual(100);
      const all = await collect(cache.scan(ns));
      expect(all.keys).toHaveLength(n + 51);
    });

    it('scan treats glob characters in the prefix literally', async () => {
      const ns = namespace();
      await cache.setMany([
        { key: `${ns}a*b:1`, value: 1 },
        { key: `${ns}axb:1`, value: 2 },
        { key: `${ns}[x]:1`, value: 3 },
        { key: `${ns}x:1`, value: 4 },
      ]);
      expect((await collect(cache.scan(`${ns}a*b`))).keys).toEqual([`${ns}a*b:1`]);
      expect((await collect(cache.scan(`${ns}[x]`))).keys).toEqual([`${ns}[x]:1`]);
      expect((await collect(cache.scan(`${ns}nothing`))).keys).toEqual([]);
    });
  });
}

/** Collects the messages a handler receives. */
function inbox(): { handler: (m: unknown) => void; got: unknown[] } {
  const got: unknown[] = [];
  return { handler: (m) => got.push(m), got };
}

/** Waits until `box` received exactly `expected` (in order). */
async function received(box: { got: unknown[] }, expected: unknown[]): Promise<void> {
  await vi.waitFor(() => expect(box.got).toEqual(expected), { timeout: 3_000, interval: 10 });
}

export function describeBusContract(name: string, factory: Factory<Bus>): void {
  describe(`Bus contract: ${name}`, () => {
    let bus: Bus;
    beforeAll(async () => {
      bus = await factory();
    });
    afterAll(async () => {
      await bus.close();
    });

    it('delivers published JSON messages to subscribers in order', async () => {
      const ch = namespace();
      const rx = inbox();
      await bus.subscribe(ch, rx.handler);
      await bus.publish(ch, { price: '0.42', levels: [['0.41', '10']] });
      await bus.publish(ch, 'close');
      await bus.publish(ch, 7);
      await received(rx, [{ price: '0.42', levels: [['0.41', '10']] }, 'close', 7]);
    });

    it('delivers to every subscriber of a channel and only that channel', async () => {
      const a = namespace();
      const b = namespace();
      const [rx1, rx2, rxB] = [inbox(), inbox(), inbox()];
      await bus.subscribe(a, rx1.handler);
      await bus.subscribe(a, rx2.handler);
      await bus.subscribe(b, rxB.handler);
      await bus.publish(a, 1);
      await bus.publish(b, 'b');
      await bus.publish(a, 2);
      await received(rx1, [1, 2]);
      await received(rx2, [1, 2]);
      await received(rxB, ['b']);
    });

    it('stops delivering after unsubscribe, leaving other subscribers', async () => {
      const ch = namespace();
      const marker = namespace();
      const removed = inbox();
      const kept = inbox();
      const end = inbox();
      const unsubscribe = await bus.subscribe(ch, removed.handler);
      await bus.subscribe(ch, kept.handler);
      await bus.subscribe(marker, end.handler);
      await bus.publish(ch, 'first');
      await received(kept, ['first']);
      await unsubscribe();
      await bus.publish(ch, 'second');
      // Messages from one publisher arrive in order: once the marker arrives, 'second' has too.
      await bus.publish(marker, 'end');
      await received(end, ['end']);
      expect(kept.got).toEqual(['first', 'second']);
      expect(removed.got).toEqual(['first']);
    });

    it('publishing to a channel without subscribers is fine', async () => {
      await expect(bus.publish(namespace(), { nobody: 'listens' })).resolves.toBeUndefined();
    });

    it('a throwing handler does not stop delivery to the others', async () => {
      const ch = namespace();
      const rx = inbox();
      await bus.subscribe(ch, () => {
        throw new Error('handler bug');
      });
      await bus.subscribe(ch, rx.handler);
      await bus.publish(ch, 'still delivered');
      await received(rx, ['still delivered']);
    });
  });
}
