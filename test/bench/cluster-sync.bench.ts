import { loadavg } from 'node:os';
import { startSims } from '../support/fleet.js';
import { startRedisServer } from '../support/redis-server.js';
import { killIfRunning, spawnService, type ServiceProcess } from '../support/service-process.js';
import type { BenchContext, BenchRecord, Benchmark } from './types.js';

/**
 * cluster-sync: three service instances (real processes) on one redis-server, each walking the
 * Opinion catalog (3,000 simulated markets, `/market` pages of 20) again and again, against the
 * simulator enforcing the venue's 15 requests per second per API key with HTTP 429
 * (docs/venues/opinion.md §3). The budget is shared through Redis, so the three together should
 * use most of it and never exceed it. The figures: the combined request rate the simulator saw
 * over a steady window, as a fraction of the 15/s limit (the baseline), and the 429 answers.
 */

const INSTANCES = 3;
const MARKETS = 3_000;
const LIMIT = 15;
const WARMUP_MS = 4_000;
const WINDOW_MS = 20_000;

async function poll<T>(what: string, fn: () => T | undefined | Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function run(ctx: BenchContext): Promise<BenchRecord[]> {
  const [redis, sims] = await Promise.all([startRedisServer(), startSims(['opinion'], MARKETS)]);
  const sim = sims[0];
  if (!sim) throw new Error('no simulator');
  const processes: ServiceProcess[] = [];
  try {
    for (let i = 0; i < INSTANCES; i++) {
      processes.push(
        spawnService({
          env: {
            ...sim.env,
            VENUES: 'opinion',
            REDIS_URL: redis.url,
            REDIS_PREFIX: 'bench',
            INSTANCE_ID: `bench-${i + 1}`,
            CLUSTER_HEARTBEAT_MS: '200',
            CATALOG_FULL_SYNC_INTERVAL_MS: '1000',
            CATALOG_INCREMENTAL_INTERVAL_MS: '1000',
            ARBITRAGE_ENABLED: 'false',
            LOG_LEVEL: 'warn',
          },
        }),
      );
    }
    const urls = await Promise.all(
      processes.map((p) => poll('the service URL', () => /^venn listening on (http:\/\/\S+)$/m.exec(p.output())?.[1], 60_000)),
    );
    await poll(
      'three instances sharing budgets',
      async () => {
        for (const url of urls) {
          const r = (await (await fetch(`${url}/readyz`)).json()) as { cluster?: { instances: number; budgets: string } };
          if (r.cluster?.instances !== INSTANCES || r.cluster.budgets !== 'shared') return undefined;
        }
        return true;
      },
      30_000,
    );
    await new Promise((r) => setTimeout(r, WARMUP_MS));
    const before = sim.stats();
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, WINDOW_MS));
    const after = sim.stats();
    const seconds = (performance.now() - t0) / 1000;
    const load = loadavg();
    const rate = (after.requests - before.requests) / seconds;
    const fraction = rate / LIMIT;
    ctx.log(
      `${INSTANCES} instances: ${after.requests - before.requests} requests in ${seconds.toFixed(1)} s = ${rate.toFixed(2)} req/s of ${LIMIT}; ` +
        `429s ${after.rateLimited} (whole run); load average ${load.map((l) => l.toFixed(2)).join(' ')}`,
    );
    return [
      {
        name: `opinion catalog sync by ${INSTANCES} instances, combined request rate (baseline: the 15/s limit)`,
        value: rate,
        unit: 'req/s',
        baseline: LIMIT,
        ratio: fraction,
        target: '≥ 0.9 × limit, ≤ 1',
        pass: fraction >= 0.9 && fraction <= 1,
      },
      {
        name: `opinion 429 responses during the ${INSTANCES}-instance sync`,
        value: after.rateLimited,
        unit: 'count',
        baseline: null,
        ratio: null,
        target: '= 0',
        pass: after.rateLimited === 0,
      },
      { name: 'load average (1 min) at the end of the window', value: load[0] ?? 0, unit: 'load', baseline: null, ratio: null, target: '-', pass: null },
    ];
  } finally {
    for (const p of processes) killIfRunning(p);
    await Promise.all([redis.stop(), sim.close()]);
  }
}

export const benchmarks: Benchmark[] = [
  {
    name: 'cluster-sync',
    description: `${INSTANCES} instances on one Redis walking ${MARKETS} simulated Opinion markets under the simulator's 15 requests/s limit`,
    run,
  },
];
