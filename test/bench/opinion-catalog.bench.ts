import { Wallet } from 'ethers';
import { createOpinionAdapter } from '../../adapters/opinion/index.js';
import { startOpinionSim } from '../../adapters/opinion/sim/index.js';
import type { BenchContext, BenchRecord, Benchmark } from './types.js';

/**
 * opinion-catalog-sync: a full catalog sync of 5,000 simulated Opinion markets (standalone binary
 * markets and categorical options, `/market` pages of 20 rows) through the adapter, twice, against
 * the simulator enforcing the venue's 15 requests per second per API key with HTTP 429
 * (docs/venues/opinion.md §3). The figures: the steady request rate after the initial burst as a
 * fraction of the 15/s limit (the limit is the baseline), and the 429 answers seen by client and
 * simulator (target 0: the client-side bucket must keep the adapter under the venue's limit).
 */

const MARKETS = 5_000;
const PASSES = 2;
const LIMIT = 15;

async function run(ctx: BenchContext): Promise<BenchRecord[]> {
  const wallet = Wallet.createRandom();
  const apiKey = 'bench-key';
  const sim = await startOpinionSim({ seed: 13, markets: MARKETS, botRatePerSecond: 0, enforceRateLimits: true, accounts: [{ address: wallet.address, apiKey }] });
  const adapter = createOpinionAdapter({ restUrl: sim.restUrl, wsUrl: sim.wsUrl, apiKey });
  try {
    const done: number[] = [];
    const t0 = performance.now();
    let firstPassS = 0;
    for (let pass = 1; pass <= PASSES; pass++) {
      const ids = new Set<string>();
      for await (const page of adapter.listMarkets()) {
        for (const m of page.items) ids.add(m.id);
        done.push(performance.now());
        if (done.length % 50 === 0) ctx.log(`pass ${pass}: ${ids.size} markets, ${done.length} requests, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      }
      if (ids.size !== MARKETS) throw new Error(`pass ${pass} walked ${ids.size} of ${MARKETS} markets`);
      if (pass === 1) firstPassS = (performance.now() - t0) / 1000;
    }
    const http = adapter.opinion.httpStats();
    // The client bucket starts with a burst of 5; the steady rate is measured after it.
    const burst = 5;
    const steady = ((done.length - burst) / ((done.at(-1) as number) - (done[burst - 1] as number))) * 1000;
    const fraction = steady / LIMIT;
    const server = sim.stats();
    ctx.log(
      `${http.requests} requests in ${((performance.now() - t0) / 1000).toFixed(1)} s; steady ${steady.toFixed(2)} req/s of ${LIMIT}; ` +
        `429s client ${http.rateLimited}, simulator ${server.rateLimited}`,
    );
    return [
      { name: 'opinion full sync throughput (first pass)', value: MARKETS / firstPassS, unit: 'markets/s', baseline: null, ratio: null, target: '-', pass: null },
      {
        name: 'opinion steady /market request rate (baseline: the 15/s limit)',
        value: steady,
        unit: 'req/s',
        baseline: LIMIT,
        ratio: fraction,
        target: '0.85–1 × limit (bucket aims at 0.95)',
        pass: fraction >= 0.85 && fraction <= 1,
      },
      {
        name: 'opinion 429 responses',
        value: Math.max(http.rateLimited, server.rateLimited),
        unit: 'count',
        baseline: null,
        ratio: null,
        target: '= 0',
        pass: http.rateLimited === 0 && server.rateLimited === 0,
      },
    ];
  } finally {
    await adapter.close();
    await sim.close();
  }
}

export const benchmarks: Benchmark[] = [
  {
    name: 'opinion-catalog-sync',
    description: `full catalog sync of ${MARKETS} simulated Opinion markets (×${PASSES}) under the simulator's 15 requests/s limit`,
    run,
  },
];
