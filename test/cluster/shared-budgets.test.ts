/**
 * Three instances (real processes) on one redis-server against the Kalshi, Manifold and Opinion
 * simulators, every instance busy reading uncached order books: together they stay within each
 * venue's budget, and the simulators answer no 429. Then Redis dies: each instance falls back to
 * 1/3 of each budget, keeps serving, and rejoins when Redis is back, the budgets respected throughout.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { answered, expectWithinBudgets, hammer, waitBusy, marketIds, sample, startFleet, startSims, stopFleet, waitForCluster, type FleetVenue, type Instance, type VenueSim } from '../support/fleet.js';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server.js';

const VENUES: FleetVenue[] = ['kalshi', 'manifold', 'opinion'];

let redis: RedisServerHandle;
let sims: VenueSim[] = [];
let fleet: Instance[] = [];
let ids: Map<FleetVenue, string[]>;

beforeAll(async () => {
  [redis, sims] = await Promise.all([startRedisServer(), startSims(VENUES)]);
  fleet = await startFleet(3, sims, redis.url);
  await waitForCluster(fleet, 'shared');
  ids = await marketIds(fleet[0] as Instance, VENUES);
}, 120_000);

afterAll(async () => {
  stopFleet(fleet);
  await Promise.all([redis?.stop(), ...sims.map((s) => s.close())]);
});

describe('three instances on one redis-server', () => {
  it('all busy, they spend each venue budget together and never provoke a 429', async () => {
    const measure = sample(sims);
    const load = hammer(fleet, ids, 4);
    // Busy: every instance has answered order books, and the slowest venue's budget has been used
    // past its burst (so the instances were held back by the shared budget, not idle).
    await waitBusy(load, measure);
    await load.stop();
    expectWithinBudgets(measure);
    for (const s of sims) expect(s.stats().rateLimited, s.venue).toBe(0);
    for (const counts of load.statuses.values()) expect(counts.get(429) ?? 0, 'no 429 reached a client').toBe(0);
  });

  it('Redis restarted mid-run: the instances fall back to 1/N, keep serving, rejoin, within budget throughout', async () => {
    const measure = sample(sims);
    const load = hammer(fleet, ids, 3);
    await vi.waitFor(() => answered(load, 200).forEach((n) => expect(n).toBeGreaterThan(5)), { timeout: 20_000, interval: 100 });

    redis.kill();
    await waitForCluster(fleet, 'fallback');
    const during = answered(load, 200);
    // Serving on the fallback: every instance answers more order books while Redis is down.
    await vi.waitFor(() => answered(load, 200).forEach((n, i) => expect(n).toBeGreaterThan((during[i] ?? 0) + 10)), { timeout: 20_000, interval: 100 });
    const fallback = await (fleet[0] as Instance).readiness();
    expect(fallback.status).toBe('ready');
    expect(fallback.cluster?.instances, 'N is the last known count').toBe(3);

    await redis.restart();
    await waitForCluster(fleet, 'shared');
    const rejoined = answered(load, 200);
    await vi.waitFor(() => answered(load, 200).forEach((n, i) => expect(n).toBeGreaterThan((rejoined[i] ?? 0) + 10)), { timeout: 20_000, interval: 100 });
    await load.stop();
    expectWithinBudgets(measure);
    for (const s of sims) expect(s.stats().rateLimited, s.venue).toBe(0);
  });
});
