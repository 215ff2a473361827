import { loadavg } from 'node:os';
import { startSims } from '../support/fleet.js';
import { startRedisServer } from '../support/redis-server.js';
import { killIfRunning, spawnService, type ServiceProcess } from '../support/service-process.js';
import type { BenchContext, BenchRecord, Benchmark } from './types.js';

/**
 * cluster-sync: three service instances (real processes) on one redis-server syncing the Opinion
 * catalog (3,000 simulated markets, `/market` pages of 20) again and again, against the simulator
 * enforcing the venue's 15 requests per second per API key with HTTP 429 (docs/venues/opinion.md
 * §3). The catalog lease gives the walk to one of them; the two others, which serve the catalog it
 * writes, are kept busy by clients reading uncached order books through them, so all three spend
 * the one budget shared through Redis. The figures: the combined request rate the simulator saw
 * over a steady window, as a fraction of the 15/s limit (the baseline), the 429 answers, and how
 * many instances walked.
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
            // The book readers are one anonymous client each: not held to the per-client API rate.
            CLIENT_RATE_LIMIT_PER_MINUTE: '10000000',
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
    const roles = await Promise.all(urls.map(async (url) => {
      const venues = (await (await fetch(`${url}/v1/venues`)).json()) as { data: { id: string; catalog?: { lease?: { role: string } } }[] };
      return venues.data.find((v) => v.id === 'opinion')?.catalog?.lease?.role ?? 'unknown';
    }));
    const leaders = roles.filter((r) => r === 'leader').length;
    // The followers' clients: order books (uncached) of random catalog markets, two at a time each.
    const page = (await (await fetch(`${urls[0]}/v1/markets?venue=opinion&status=open&limit=200`)).json()) as { data: { id: string }[] };
    const ids = page.data.map((m) => m.id);
    if (ids.length === 0) throw new Error('no open Opinion market in the catalog');
    let reading = true;
    const answers = new Map<number, number>();
    const readers = urls.flatMap((url, i) => roles[i] === 'leader' ? [] : [0, 1].map(async (c) => {
      let k = i * 31 + c;
      while (reading) {
        k = (k * 7 + 3) % ids.length;
        const res = await fetch(`${url}/v1/markets/${encodeURIComponent(ids[k]!)}/orderbook`).catch(() => null);
        await res?.arrayBuffer();
        answers.set(res?.status ?? -1, (answers.get(res?.status ?? -1) ?? 0) + 1);
      }
    }));
    await new Promise((r) => setTimeout(r, WARMUP_MS));
    const before = sim.stats();
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, WINDOW_MS));
    const after = sim.stats();
    const seconds = (performance.now() - t0) / 1000;
    reading = false;
    await Promise.all(readers);
    const load = loadavg();
    const rate = (after.requests - before.requests) / seconds;
    const fraction = rate / LIMIT;
    ctx.log(
      `${INSTANCES} instances: ${after.requests - before.requests} requests in ${seconds.toFixed(1)} s = ${rate.toFixed(2)} req/s of ${LIMIT}; ` +
        `429s ${after.rateLimited} (whole run); roles ${roles.join(', ')}; follower book reads by status ${JSON.stringify(Object.fromEntries(answers))}; load average ${load.map((l) => l.toFixed(2)).join(' ')}`,
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
      {
        name: `instances walking the opinion catalog (catalog lease)`,
        value: leaders,
        unit: 'count',
        baseline: null,
        ratio: null,
        target: '= 1',
        pass: leaders === 1,
      },
      {
        name: 'order books read through the two followers during the window',
        value: answers.get(200) ?? 0,
        unit: 'count',
        baseline: null,
        ratio: null,
        target: '> 0',
        pass: (answers.get(200) ?? 0) > 0,
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
