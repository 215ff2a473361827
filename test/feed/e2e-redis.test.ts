/**
 * The same end-to-end run with the bus on a real redis-server, and two service instances sharing
 * it (as behind a load balancer): each instance's clients get books equal to the venues', while
 * each market is held upstream by one of the two only, on channels both read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server.js';
import { faultyRun } from './faulty-run.js';
import { simEnv, startFeedService, startSims, type ServiceHandle, type Sims } from './sim-harness.js';

let redis: RedisServerHandle;
let sims: Sims;
const handles: ServiceHandle[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  sims = await startSims(11, 16);
  for (let i = 0; i < 2; i++) handles.push(await startFeedService({ ...simEnv(sims), REDIS_URL: redis.url, BOOKS_STALE_RESUBSCRIBE_MS: '600000' }));
}, 120_000);

afterAll(async () => {
  for (const h of handles) await h.service.close();
  await sims?.close();
  await redis?.stop();
});

describe('the feed on the Redis bus', () => {
  it('keeps every client’s books equal to the venues’ through faults, on two instances sharing one Redis', async () => {
    for (const h of handles) expect(((await (await fetch(`${h.service.url}/readyz`)).json()) as { bus: unknown }).bus).toEqual({ backend: 'redis', connected: true, state: 'ok' });
    await faultyRun(sims, handles, { clients: 6, rounds: 16 });
    for (const h of handles) expect(h.service.feed.stats().hub.gaps, 'no book message lost between services').toBe(0);
  }, 180_000);
});
