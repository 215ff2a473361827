import { createManifoldAdapter } from '../../adapters/manifold/index.js';
import { startManifoldSim, type ManifoldSim } from '../../adapters/manifold/sim/index.js';
import type { BenchContext, BenchRecord, Benchmark } from './types.js';

/**
 * manifold-catalog-sync: full catalog syncs of 20,000 simulated Manifold contracts through the
 * adapter, against the simulator enforcing the venue's 500 requests / minute / IP.
 *
 * 1. At the venue's largest page (1,000 rows): binary contracts from `/markets`, multiple-choice
 *    ones with their answers from `search-markets`. Baseline, measured side by side on a simulator
 *    without the limit (same seed, same catalog): the obvious walk, `/markets` pages plus one
 *    `GET /market/:id` per multiple-choice contract for its answers. The figure is how many
 *    requests each needs; at 500/min the baseline's count is minutes of the budget.
 * 2. At small pages (20 rows), so the walk outlasts the initial burst: the steady request rate the
 *    client-side bucket sustains once it first ran dry, as a share of 500/min (the bucket aims at
 *    0.95), and the 429s seen by the client and counted by the simulator (target 0).
 */

const CONTRACTS = 20_000;
const PER_MINUTE = 500;
const SMALL_PAGE = 20;

async function naiveRequests(sim: ManifoldSim): Promise<{ requests: number; multipleChoice: number }> {
  let requests = 0;
  let before: string | undefined;
  const multi: string[] = [];
  for (;;) {
    const res = await fetch(`${sim.restUrl}/markets?limit=1000${before ? `&before=${before}` : ''}`);
    requests += 1;
    const rows = (await res.json()) as { id: string; outcomeType: string }[];
    multi.push(...rows.filter((r) => r.outcomeType === 'MULTIPLE_CHOICE').map((r) => r.id));
    if (rows.length < 1000) break;
    before = rows[rows.length - 1]?.id;
  }
  for (const id of multi) {
    await (await fetch(`${sim.restUrl}/market/${id}`)).json();
    requests += 1;
  }
  return { requests, multipleChoice: multi.length };
}

async function run(ctx: BenchContext): Promise<BenchRecord[]> {
  const sim = await startManifoldSim({ seed: 12, markets: CONTRACTS, botRatePerSecond: 0, rateLimitPerMinute: PER_MINUTE });
  const unlimited = await startManifoldSim({ seed: 12, markets: CONTRACTS, botRatePerSecond: 0, rateLimitPerMinute: 0 });
  const adapter = createManifoldAdapter({ restUrl: sim.restUrl, wsUrl: sim.wsUrl });
  try {
    // 1. Largest pages.
    let requests0 = sim.stats().requests;
    let t0 = performance.now();
    let markets = 0;
    for await (const page of adapter.listMarkets()) markets += page.items.length;
    const largeS = (performance.now() - t0) / 1000;
    const largeRequests = sim.stats().requests - requests0;
    const naive = await naiveRequests(unlimited);
    ctx.log(`page 1000: ${markets} markets in ${largeRequests} requests, ${largeS.toFixed(1)} s; per-contract answers: ${naive.requests} requests (${naive.multipleChoice} multiple-choice contracts)`);
    if (markets < CONTRACTS * 0.7) throw new Error(`the walk gave only ${markets} markets`);

    // 2. Small pages: the bucket binds after the burst.
    requests0 = sim.stats().requests;
    // [time, requests served, tokens left in the client's bucket]
    const samples: [number, number, number][] = [];
    const sample = () => samples.push([performance.now(), sim.stats().requests - requests0, adapter.rateLimits()[0]?.available ?? 0]);
    t0 = performance.now();
    const sampler = setInterval(sample, 50);
    let small = 0;
    let pages = 0;
    for await (const page of adapter.listMarkets({ pageSize: SMALL_PAGE })) {
      small += page.items.length;
      if (++pages % 200 === 0) ctx.log(`page ${SMALL_PAGE}: ${small} markets, ${sim.stats().requests - requests0} requests, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    clearInterval(sampler);
    sample();
    if (small !== markets) throw new Error(`small pages gave ${small} markets, large ones ${markets}`);
    // Steady state: from the moment the bucket first ran dry (the burst and its refill spent).
    const from = samples.find(([, , available]) => available < 1);
    const to = samples[samples.length - 1] as [number, number, number];
    if (!from || to[0] - from[0] < 10_000) throw new Error('the walk did not run long against an empty bucket');
    const steadyPerMinute = ((to[1] - from[1]) / (to[0] - from[0])) * 60_000;
    const fraction = steadyPerMinute / PER_MINUTE;
    const http = adapter.manifold.httpStats();
    const served429 = sim.stats().rateLimited;
    ctx.log(`page ${SMALL_PAGE}: ${to[1]} requests in ${((to[0] - t0) / 1000).toFixed(1)} s; steady ${steadyPerMinute.toFixed(0)}/min of ${PER_MINUTE}; 429s client ${http.rateLimited}, server ${served429}`);
    return [
      {
        name: `manifold full sync of ${CONTRACTS} contracts at 1000-row pages: requests (vs /markets + one GET /market/:id per multiple-choice contract)`,
        value: largeRequests,
        unit: 'requests',
        baseline: naive.requests,
        ratio: largeRequests / naive.requests,
        target: '≤ 0.1 × per-contract',
        pass: largeRequests <= 0.1 * naive.requests,
      },
      {
        name: 'manifold full sync throughput at 1000-row pages',
        value: markets / largeS,
        unit: 'markets/s',
        baseline: null,
        ratio: null,
        target: '-',
        pass: null,
      },
      {
        name: `manifold steady request rate at ${SMALL_PAGE}-row pages, share of 500/min`,
        value: fraction,
        unit: 'fraction',
        baseline: null,
        ratio: null,
        target: '≥ 0.9 (bucket aims at 0.95)',
        pass: fraction >= 0.9,
      },
      {
        name: 'manifold 429 responses during the syncs',
        value: Math.max(http.rateLimited, served429),
        unit: 'count',
        baseline: null,
        ratio: null,
        target: '= 0',
        pass: http.rateLimited === 0 && served429 === 0,
      },
    ];
  } finally {
    await adapter.close();
    await sim.close();
    await unlimited.close();
  }
}

export const benchmarks: Benchmark[] = [
  {
    name: 'manifold-catalog-sync',
    description: `Manifold catalog sync of ${CONTRACTS} simulated contracts under the venue's 500 requests/min: requests vs a per-contract walk, steady share of the limit, 429s`,
    run,
  },
];
