import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startRedisServer, type RedisServerHandle } from '../../test/support/redis-server.js';
import { createRedisClient, waitForReady, type RedisClient } from '../cache/redis.js';
import { TokenBucket } from '../venue/rate-limit.js';
import { setBudgetBackend, type SharedSpec } from '../venue/shared-budget.js';
import { RedisBudgets } from './redis-budgets.js';

let server: RedisServerHandle;
const clients: RedisClient[] = [];

beforeAll(async () => {
  server = await startRedisServer();
});
afterEach(async () => {
  setBudgetBackend(undefined);
  for (const c of clients.splice(0)) c.disconnect();
});
afterAll(async () => {
  await server?.stop();
});

async function budgets(prefix: string, instances = 1): Promise<RedisBudgets> {
  const client = createRedisClient({ url: server.url });
  clients.push(client);
  await waitForReady(client, 5000);
  return new RedisBudgets({ client, prefix, instanceId: `i${clients.length}`, instances: () => instances });
}

/** Takes until granted, waiting as long as the store says (the waits a real limiter would make). */
async function takeOne(b: RedisBudgets, key: string, spec: SharedSpec): Promise<void> {
  for (;;) {
    const wait = await b.take(key, spec, 1);
    if (wait === 0) return;
    await delay(Math.max(1, Math.ceil(wait)));
  }
}

describe('the shared token bucket script', () => {
  it('never grants concurrent takers on several connections more than capacity + rate × elapsed', async () => {
    const spec: SharedSpec = { kind: 'bucket', ratePerSecond: 100, capacity: 20 };
    const takers = await Promise.all([1, 2, 3, 4].map(() => budgets('t1:')));
    let granted = 0;
    const target = 140;
    const started = performance.now();
    await Promise.all(
      takers.flatMap((b) =>
        [1, 2, 3].map(async () => {
          while (granted < target) {
            await takeOne(b, 'kalshi:read', spec);
            granted += 1;
          }
        }),
      ),
    );
    const elapsedS = (performance.now() - started) / 1000;
    // The server's clock measured a shorter span than ours, so this bound is generous, never tight.
    expect(granted).toBeGreaterThanOrEqual(target);
    expect(granted).toBeLessThanOrEqual(spec.capacity + spec.ratePerSecond * elapsedS + 1);
    // Refill happened (more than the initial capacity was granted) at no more than the rate.
    expect(elapsedS).toBeGreaterThanOrEqual((granted - spec.capacity - 1) / spec.ratePerSecond);
  });

  it('answers how long until the tokens are there, and takes nothing then', async () => {
    const b = await budgets('t2:');
    const spec: SharedSpec = { kind: 'bucket', ratePerSecond: 10, capacity: 2 };
    expect(await b.take('opinion:rest', spec, 2)).toBe(0);
    const wait = await b.take('opinion:rest', spec, 1);
    expect(wait).toBeGreaterThan(50);
    expect(wait).toBeLessThanOrEqual(100);
    const raw = clients[0] as RedisClient;
    expect(Number(await raw.hget(b.keyOf('opinion:rest'), 'tokens'))).toBeLessThan(1);
    expect(b.keyOf('opinion:rest')).toBe('t2:budget:{opinion:rest}');
  });

  it('a pause after a 429 holds every instance back, and empties the bucket', async () => {
    const [a, b] = await Promise.all([budgets('t3:'), budgets('t3:')]);
    const spec: SharedSpec = { kind: 'bucket', ratePerSecond: 1000, capacity: 100 };
    expect(await b.take('manifold:ip', spec, 1)).toBe(0);
    await a.pause('manifold:ip', spec, 5000);
    const wait = await b.take('manifold:ip', spec, 1);
    expect(wait).toBeGreaterThan(4000);
    expect(wait).toBeLessThanOrEqual(5000);
  });
});

describe('the shared sliding window script', () => {
  it('grants at most the limit within the window, then says when the oldest take leaves it', async () => {
    const [a, b] = await Promise.all([budgets('w1:'), budgets('w1:')]);
    const spec: SharedSpec = { kind: 'window', limit: 5, windowMs: 2000 };
    const answers = await Promise.all([a, b, a, b, a, b, a].map((x) => x.take('polymarket:clob-book', spec, 1)));
    expect(answers.filter((w) => w === 0)).toHaveLength(5);
    for (const w of answers.filter((x) => x > 0)) {
      expect(w).toBeGreaterThan(1000);
      expect(w).toBeLessThanOrEqual(2000);
    }
    expect(await a.take('polymarket:clob-book', { ...spec, limit: 7 }, 2)).toBe(0);
  });
});

describe('a token bucket bound to the shared budget', () => {
  it('takes from Redis while it answers, runs on 1/N of the budget (starting empty) while it is down, and rejoins', async () => {
    // An injected clock while the fallback is measured, the real one (later, so forward) otherwise.
    let now = 0;
    let real = false;
    const backend = await budgets('f1:', 4);
    setBudgetBackend(backend);
    const bucket = new TokenBucket({ name: 'rest', ratePerSecond: 40, capacity: 8, now: () => (real ? performance.now() + 1e6 : now) });
    bucket.share('opinion');
    await bucket.take();
    expect(bucket.sharing).toBe('shared');
    const raw = clients[0] as RedisClient;
    expect(await raw.exists('f1:budget:{opinion:rest}')).toBe(1);

    server.kill();
    await vi.waitFor(() => expect(bucket.sharing).toBe('fallback'), { timeout: 5000 });
    // 1/4 of 40/s = 10/s, starting empty: nothing now, one token after 100 ms (injected clock).
    expect(bucket.tryTake()).toBe(false);
    now += 99;
    expect(bucket.tryTake()).toBe(false);
    now += 2;
    expect(bucket.tryTake()).toBe(true);
    expect(bucket.tryTake()).toBe(false);

    await server.restart();
    real = true;
    await vi.waitFor(() => expect(bucket.sharing).toBe('shared'), { timeout: 10_000 });
    // Redis came back empty: the bucket is created empty (this instance saw it go), so a take waits.
    await bucket.take();
    expect(Number(await raw.hget('f1:budget:{opinion:rest}', 'tokens'))).toBeLessThan(1);
    bucket.close();
  });
});
