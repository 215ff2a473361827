/**
 * The three-instance budget run on a local 3-master Redis Cluster (`redis+cluster://`): every
 * instance busy reading uncached order books through the Kalshi, Manifold and Opinion simulators,
 * together within each venue's budget, no 429.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectWithinBudgets, hammer, waitBusy, marketIds, sample, startFleet, startSims, stopFleet, waitForCluster, type FleetVenue, type Instance, type VenueSim } from '../support/fleet.js';
import { startRedisCluster, type RedisClusterHandle } from '../support/redis-cluster.js';

const VENUES: FleetVenue[] = ['kalshi', 'manifold', 'opinion'];

let cluster: RedisClusterHandle;
let sims: VenueSim[] = [];
let fleet: Instance[] = [];

beforeAll(async () => {
  [cluster, sims] = await Promise.all([startRedisCluster(), startSims(VENUES)]);
  fleet = await startFleet(3, sims, cluster.url);
  await waitForCluster(fleet, 'shared');
}, 120_000);

afterAll(async () => {
  stopFleet(fleet);
  await Promise.all([cluster?.stop(), ...sims.map((s) => s.close())]);
});

describe('three instances on a 3-master Redis Cluster', () => {
  it('all busy, they stay within each venue budget together, no 429', async () => {
    const ids = await marketIds(fleet[0] as Instance, VENUES);
    const measure = sample(sims);
    const load = hammer(fleet, ids, 4);
    await waitBusy(load, measure);
    await load.stop();
    expectWithinBudgets(measure);
    for (const s of sims) expect(s.stats().rateLimited, s.venue).toBe(0);
    const seen = await (fleet[1] as Instance).readiness();
    expect(seen.cluster?.seen.sort()).toEqual(['fleet-1', 'fleet-2', 'fleet-3']);
  });
});
