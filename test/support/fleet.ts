/**
 * Several service instances as real processes on one Redis, pointed at the venue simulators:
 * started, watched through `/readyz`, kept busy by clients reading uncached order books through
 * every instance, and stopped. The simulators enforce the venues' limits and count their 429s.
 */
import { expect, vi } from 'vitest';
import { startKalshiSim } from '../../adapters/kalshi/sim/index.js';
import { startManifoldSim } from '../../adapters/manifold/sim/index.js';
import { startOpinionSim } from '../../adapters/opinion/sim/index.js';
import { killIfRunning, spawnService, type ServiceProcess } from './service-process.js';

export type FleetVenue = 'kalshi' | 'manifold' | 'opinion';

export interface VenueSim {
  venue: FleetVenue;
  env: Record<string, string>;
  stats(): { requests: number; rateLimited: number };
  /** The venue's own limit, requests per second sustained, and the burst it allows on top. */
  budget: { perSecond: number; burst: number };
  close(): Promise<void>;
}

/** The simulators, each enforcing its venue's documented limit. */
export async function startSims(venues: readonly FleetVenue[], markets = 30): Promise<VenueSim[]> {
  return Promise.all(
    venues.map(async (venue): Promise<VenueSim> => {
      if (venue === 'kalshi') {
        // Basic tier, the adapter's default without credentials: 200 read tokens/s, 10 per request
        // (docs/venues/kalshi.md §8); no edge cache, so every read reaches the limiter.
        const sim = await startKalshiSim({ port: 0, seed: 5, markets, tier: 'basic', edgeCacheSeconds: 0, botRatePerSecond: 0 });
        return { venue, env: { KALSHI_API_URL: sim.restUrl, KALSHI_WS_URL: sim.wsUrl }, stats: () => sim.stats(), budget: { perSecond: 20, burst: 40 }, close: () => sim.close() };
      }
      if (venue === 'manifold') {
        // 500 requests per minute per IP (docs/venues/manifold.md §Rate limits).
        const sim = await startManifoldSim({ port: 0, seed: 5, markets, botRatePerSecond: 0 });
        return { venue, env: { MANIFOLD_API_URL: sim.restUrl, MANIFOLD_WS_URL: sim.wsUrl }, stats: () => sim.stats(), budget: { perSecond: 500 / 60, burst: 500 }, close: () => sim.close() };
      }
      // 15 requests per second per API key (docs/venues/opinion.md §3).
      const apiKey = 'fleet-opinion-key';
      const sim = await startOpinionSim({ port: 0, seed: 5, markets, accounts: [{ address: '0x00000000000000000000000000000000000f1ee7', apiKey, usdt: '0' }] });
      return { venue, env: { OPINION_API_URL: sim.restUrl, OPINION_WS_URL: sim.wsUrl, OPINION_API_KEY: apiKey }, stats: () => sim.stats(), budget: { perSecond: 15, burst: 15 }, close: () => sim.close() };
    }),
  );
}

export interface Readiness {
  status: string;
  cluster?: { instanceId: string; instances: number; seen: string[]; budgets: 'local' | 'shared' | 'fallback' };
}

export interface Instance {
  process: ServiceProcess;
  url: string;
  readiness(): Promise<Readiness>;
}

/** Starts `count` instances on `redisUrl` sharing one prefix, enabled for the simulators' venues. */
export async function startFleet(count: number, sims: readonly VenueSim[], redisUrl: string, extraEnv: Record<string, string> = {}): Promise<Instance[]> {
  const env: Record<string, string> = {
    VENUES: sims.map((s) => s.venue).join(','),
    REDIS_URL: redisUrl,
    REDIS_PREFIX: 'fleet',
    CLUSTER_HEARTBEAT_MS: '200',
    ORDERBOOK_CACHE_TTL_MS: '0',
    CLIENT_RATE_LIMIT_PER_MINUTE: '10000000',
    REQUEST_DEADLINE_MS: '20000',
    VENUE_QUEUE_MAX: '1000',
    ARBITRAGE_ENABLED: 'false',
    LOG_LEVEL: 'warn',
    ...Object.assign({}, ...sims.map((s) => s.env)),
    ...extraEnv,
  };
  const processes = Array.from({ length: count }, (_, i) => spawnService({ env: { ...env, INSTANCE_ID: `fleet-${i + 1}` } }));
  try {
    const urls = await Promise.all(processes.map((p) => p.url()));
    return processes.map((p, i) => {
      const url = urls[i] as string;
      return { process: p, url, readiness: async () => (await (await fetch(`${url}/readyz`)).json()) as Readiness };
    });
  } catch (err) {
    for (const p of processes) killIfRunning(p);
    throw err;
  }
}

export function stopFleet(fleet: readonly Instance[] | undefined): void {
  for (const i of fleet ?? []) killIfRunning(i.process);
}

/** Waits until every instance sees all of them and reports its budgets as `mode`. */
export async function waitForCluster(fleet: readonly Instance[], mode: 'shared' | 'fallback', timeout = 30_000): Promise<void> {
  await vi.waitFor(
    async () => {
      for (const i of fleet) {
        const r = await i.readiness();
        expect(r.cluster?.budgets, i.url).toBe(mode);
        expect(r.cluster?.instances, i.url).toBe(fleet.length);
      }
    },
    { timeout, interval: 100 },
  );
}

/** Market ids of each venue, from the instances' catalogs once every venue has synced. */
export async function marketIds(instance: Instance, venues: readonly FleetVenue[]): Promise<Map<FleetVenue, string[]>> {
  const out = new Map<FleetVenue, string[]>();
  await vi.waitFor(
    async () => {
      for (const venue of venues) {
        const body = (await (await fetch(`${instance.url}/v1/markets?venue=${venue}&limit=50&status=open`)).json()) as { data?: { id: string }[] };
        const ids = (body.data ?? []).map((m) => m.id);
        expect(ids.length, `${venue} markets`).toBeGreaterThan(5);
        out.set(venue, ids);
      }
    },
    { timeout: 60_000, interval: 200 },
  );
  return out;
}

export interface Load {
  /** Answers by status, per instance url. */
  statuses: Map<string, Map<number, number>>;
  stop(): Promise<void>;
}

/**
 * `clientsPerVenue` clients per instance and venue, each reading the order book of a random market
 * of its venue, one request after another, until stopped.
 */
export function hammer(fleet: readonly Instance[], ids: Map<FleetVenue, string[]>, clientsPerVenue: number): Load {
  let running = true;
  const statuses = new Map<string, Map<number, number>>();
  const loops: Promise<void>[] = [];
  let n = 0;
  for (const instance of fleet) {
    const counts = new Map<number, number>();
    statuses.set(instance.url, counts);
    for (const list of ids.values()) {
      for (let c = 0; c < clientsPerVenue; c++) {
        n += 1;
        let k = n;
        loops.push(
          (async () => {
            while (running) {
              k = (k * 7 + 3) % list.length;
              let status: number;
              try {
                const res = await fetch(`${instance.url}/v1/markets/${encodeURIComponent(list[k] as string)}/orderbook`);
                await res.arrayBuffer();
                status = res.status;
              } catch {
                status = -1;
              }
              counts.set(status, (counts.get(status) ?? 0) + 1);
            }
          })(),
        );
      }
    }
  }
  return {
    statuses,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

export function answered(load: Load, status: number): number[] {
  return [...load.statuses.values()].map((m) => m.get(status) ?? 0);
}

/** Requests and 429s each simulator saw since `since`, and the seconds elapsed. */
export function sample(sims: readonly VenueSim[]): () => { venue: FleetVenue; requests: number; rateLimited: number; seconds: number; sim: VenueSim }[] {
  const start = performance.now();
  const before = sims.map((s) => s.stats());
  return () => {
    const seconds = (performance.now() - start) / 1000;
    return sims.map((s, i) => {
      const now = s.stats();
      const b = before[i] as { requests: number; rateLimited: number };
      return { venue: s.venue, requests: now.requests - b.requests, rateLimited: now.rateLimited - b.rateLimited, seconds, sim: s };
    });
  };
}

/** Each venue: no 429, and no more requests than its budget allows over the span (plus its burst). */
export function expectWithinBudgets(measure: ReturnType<typeof sample>): void {
  for (const m of measure()) {
    expect(m.rateLimited, `${m.venue} answered 429`).toBe(0);
    expect(m.requests, `${m.venue} requests in ${m.seconds.toFixed(1)} s`).toBeLessThanOrEqual(m.sim.budget.perSecond * m.seconds + m.sim.budget.burst);
  }
}

/**
 * Waits until every instance has answered order books and Opinion's budget (the tightest) has been
 * used past its burst: the instances were held back by the shared budget, not idle.
 */
export async function waitBusy(load: Load, measure: ReturnType<typeof sample>): Promise<void> {
  await vi.waitFor(
    () => {
      for (const n of answered(load, 200)) expect(n).toBeGreaterThan(30);
      const opinion = measure().find((m) => m.venue === 'opinion');
      expect(opinion?.requests).toBeGreaterThan(opinion ? opinion.sim.budget.burst + opinion.sim.budget.perSecond * 2 : Infinity);
    },
    { timeout: 30_000, interval: 100 },
  );
}
