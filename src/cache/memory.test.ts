import { describe, expect, it, vi } from 'vitest';
import { describeBusContract, describeCacheContract } from '../../test/contract/cache-contract.js';
import { MemoryBus, MemoryCache } from './memory.js';

// TTLs run on an injected clock: the contract moves it instead of waiting.
let clockMs = 1_700_000_000_000;
describeCacheContract('memory', () => new MemoryCache({ now: () => clockMs }), { advance: (ms) => (clockMs += ms) });
describeBusContract('memory', () => new MemoryBus());

describe('MemoryCache', () => {
  it('sweeps expired entries incrementally on writes, a bounded number per call', async () => {
    let now = 1_000;
    const cache = new MemoryCache({ now: () => now, sweepPerWrite: 4 });
    await cache.setMany(Array.from({ length: 20 }, (_, i) => ({ key: `old:${i}`, value: i, ttlMs: 10 })));
    expect(cache.size).toBe(20);
    now += 100;
    await cache.set('new:1', 'x');
    // One write inspected at most 4 entries.
    expect(cache.size).toBeGreaterThanOrEqual(21 - 4);
    for (let i = 0; i < 10; i++) await cache.set(`new:${i + 2}`, i);
    expect(cache.size).toBe(11);
  });

  it('treats a non-positive TTL as already expired', async () => {
    const cache = new MemoryCache();
    await cache.set('k', 1);
    await cache.set('k', 2, { ttlMs: 0 });
    expect(await cache.get('k')).toBeUndefined();
  });

  it('rejects values that are not JSON-serialisable', async () => {
    const cache = new MemoryCache();
    await expect(cache.set('k', undefined)).rejects.toThrow(/JSON/);
  });

  it('snapshots live entries with their remaining TTL', async () => {
    let now = 0;
    const cache = new MemoryCache({ now: () => now });
    await cache.set('a', { v: 1 }, { ttlMs: 1000 });
    await cache.set('b', 'forever');
    now = 400;
    expect(cache.entriesSnapshot(['a', 'b', 'missing'])).toEqual([
      { key: 'a', value: { v: 1 }, ttlMs: 600 },
      { key: 'b', value: 'forever' },
    ]);
    expect(cache.health()).toEqual({ backend: 'memory', connected: true });
  });
});

describe('MemoryBus', () => {
  it('reports handler errors and keeps delivering', async () => {
    const errors: string[] = [];
    const bus = new MemoryBus({ onHandlerError: (err, ch) => errors.push(`${ch}:${(err as Error).message}`) });
    const got: unknown[] = [];
    await bus.subscribe('c', () => {
      throw new Error('boom');
    });
    await bus.subscribe('c', (m) => got.push(m));
    await bus.publish('c', 1);
    await vi.waitFor(() => expect(got).toEqual([1]));
    expect(errors).toEqual(['c:boom']);
  });
});
