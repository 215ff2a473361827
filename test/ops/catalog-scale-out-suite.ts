/**
 * Three Venn processes on one redis-server in front of the Kalshi simulator: exactly one of them
 * walks the catalog (every listing request the simulator receives comes from the leader's process,
 * told apart by the TCP connection it arrives on), all three serve the same catalog, and when the
 * leader is SIGKILLed another instance leads within the lease time and keeps the catalog fresh on
 * every survivor.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startKalshiSim, type KalshiSim } from '../../adapters/kalshi/sim/index.js';
import { startAttributingProxy, type AttributingProxy } from '../support/attributing-proxy.js';
import { killIfRunning, spawnService, type ServiceProcess } from '../support/service-process.js';

/** The suite, on the Redis deployment `backend` starts (one server, a Cluster): its URL and how to stop it. */
export function catalogScaleOutSuite(label: string, backend: () => Promise<{ url: string; stop(): Promise<void> }>): void {
  const TTL_MS = 2000;
  const INTERVAL_MS = Math.floor(TTL_MS / 3);

  let redis: { url: string; stop(): Promise<void> };
  let sim: KalshiSim;
  let proxy: AttributingProxy;
  const procs: ServiceProcess[] = [];

  beforeAll(async () => {
    redis = await backend();
    // No edge cache: every listing reaches the simulator (and the proxy) and shows the venue as it is.
    sim = await startKalshiSim({ markets: 30, seed: 14, edgeCacheSeconds: 0, botRatePerSecond: 2 });
    proxy = await startAttributingProxy(Number(new URL(sim.restUrl).port), () => procs.flatMap((p) => (p.child.pid ? [p.child.pid] : [])));
  });
  afterAll(async () => {
    for (const p of procs) killIfRunning(p);
    await Promise.all(procs.map((p) => p.exited));
    await proxy?.close();
    await sim?.close();
    await redis?.stop();
  });

  async function json(url: string): Promise<any> {
    return (await fetch(url)).json();
  }

  /** Listing requests of the catalog walks (not single markets or books). */
  function isListing(path: string): boolean {
    const p = path.split('?')[0];
    return p === '/trade-api/v2/markets' || p === '/trade-api/v2/events';
  }

  function listingsBy(since = 0): Map<number | null, number> {
    const out = new Map<number | null, number>();
    for (const r of proxy.requests) if (r.at >= since && isListing(r.path)) out.set(r.pid, (out.get(r.pid) ?? 0) + 1);
    return out;
  }

  async function lease(url: string): Promise<{ role: string; leader: string | null; token: number | null }> {
    const venues = await json(`${url}/v1/venues`);
    return venues.data.find((v: { id: string }) => v.id === 'kalshi').catalog.lease;
  }

  async function marketIds(url: string): Promise<string[]> {
    const page = await json(`${url}/v1/markets?venue=kalshi&limit=1000`);
    return page.data.map((m: { id: string }) => m.id).sort();
  }

  describe(`three instances on ${label}`, () => {
    it('one catalog walker per venue; another takes over within the lease time when it is killed', { timeout: 110_000 }, async () => {
      const env = (i: number) => ({
        VENUES: 'kalshi',
        REDIS_URL: redis.url,
        KALSHI_API_URL: `${proxy.url}/trade-api/v2`,
        KALSHI_WS_URL: sim.wsUrl,
        INSTANCE_ID: `venn-${i}`,
        CATALOG_LEASE_TTL_MS: String(TTL_MS),
        CATALOG_INCREMENTAL_INTERVAL_MS: '300',
        CATALOG_FULL_SYNC_INTERVAL_MS: '3600000',
        ARBITRAGE_ENABLED: 'false',
      });
      for (let i = 0; i < 3; i++) procs.push(spawnService({ env: env(i) }));
      const urls = await Promise.all(procs.map((p) => p.url()));
      const pidOf = new Map(procs.map((p, i) => [`venn-${i}`, p.child.pid!]));

      // Every instance knows the same leader; exactly one of them is it.
      await vi.waitFor(async () => {
        const leases = await Promise.all(urls.map(lease));
        expect(new Set(leases.map((l) => l.leader)).size, JSON.stringify(leases)).toBe(1);
        expect(leases.filter((l) => l.role === 'leader')).toHaveLength(1);
        expect(leases.filter((l) => l.role === 'follower')).toHaveLength(2);
      }, { timeout: 30_000, interval: 200 });
      const leaderId = (await lease(urls[0]!)).leader!;
      const leaderIndex = Number(leaderId.split('-')[1]);
      const leaderPid = pidOf.get(leaderId)!;

      // All three serve the same catalog (the simulator's listed markets).
      await vi.waitFor(async () => {
        const lists = await Promise.all(urls.map(marketIds));
        expect(lists[0]!.length).toBeGreaterThan(20);
        for (const l of lists) expect(l).toEqual(lists[0]);
      }, { timeout: 30_000, interval: 200 });

      // The leader keeps walking (incremental and quote walks every 300 ms); every listing request
      // the simulator got came from its process, none from the followers or from an unknown one.
      const seen = listingsBy().get(leaderPid) ?? 0;
      await vi.waitFor(() => expect(listingsBy().get(leaderPid) ?? 0).toBeGreaterThan(seen + 5), { timeout: 20_000, interval: 100 });
      expect([...listingsBy().keys()]).toEqual([leaderPid]);
      const metrics = await Promise.all(urls.map(async (u) => (await fetch(`${u}/metrics`)).text()));
      metrics.forEach((text, i) => {
        const value = /venn_catalog_leader\{venue="kalshi",role="(\w+)"\} (\d)/.exec(text);
        expect(value?.slice(1), `instance ${i}`).toEqual(i === leaderIndex ? ['leader', '1'] : ['follower', '0']);
      });
      const ready = await json(`${urls[0]}/readyz`);
      expect(ready.venues.kalshi.lease).toMatchObject({ leader: leaderId });

      // SIGKILL the leader: no release, its lease must expire.
      const killedAt = Date.now();
      procs[leaderIndex]!.child.kill('SIGKILL');
      await procs[leaderIndex]!.exited;
      const survivors = urls.filter((_, i) => i !== leaderIndex);
      // Within the lease time (plus one renewal interval for a survivor's next attempt, and slack
      // for process scheduling on a busy machine), a survivor leads and the other follows it.
      await vi.waitFor(async () => {
        const leases = await Promise.all(survivors.map(lease));
        expect(leases.map((l) => l.role).sort(), JSON.stringify(leases)).toEqual(['follower', 'leader']);
        expect(new Set(leases.map((l) => l.leader)).size).toBe(1);
        expect(leases[0]!.leader).not.toBe(leaderId);
      }, { timeout: TTL_MS + INTERVAL_MS + 3000, interval: 50 });
      const newLeaderId = (await lease(survivors[0]!)).leader!;
      const newLeaderPid = pidOf.get(newLeaderId)!;
      expect(Date.now() - killedAt).toBeLessThan(TTL_MS + INTERVAL_MS + 3000);

      // The venue changes after the kill: the new leader's walk finds it, and every survivor serves it.
      const ticker = (await marketIds(survivors[0]!)).map((id) => id.slice('kalshi:'.length)).find((t) => sim.tickers().includes(t))!;
      const before = await json(`${survivors[0]}/v1/markets/kalshi:${ticker}`);
      expect(before.status).toBe('open');
      const changedAt = Date.now();
      sim.setMarketStatus(ticker, 'inactive');
      await vi.waitFor(async () => {
        for (const u of survivors) expect((await json(`${u}/v1/markets/kalshi:${ticker}`)).status, u).toBe('paused');
      }, { timeout: 15_000, interval: 100 });
      // Only the new leader walked after the kill, and it continued from the stored sync state:
      // incremental walks, no full re-walk (the last full walk is recent).
      expect([...listingsBy(changedAt).keys()]).toEqual([newLeaderPid]);
      for (const p of procs.filter((_, i) => i !== leaderIndex)) {
        expect(p.output()).not.toContain('catalog: full sync done');
      }
      expect(procs[leaderIndex]!.output()).toContain('catalog: full sync done');
    });
  });
}
