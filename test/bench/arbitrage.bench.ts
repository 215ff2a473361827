import { ArbitrageEngine, Matcher, canonicalize, evaluatePair, evaluationConfig, judgeByRules, type TradablePair } from '../../src/arbitrage/index.js';
import { quadraticPerFill, quadraticPerOrder } from '../../src/arbitrage/test-support.js';
import type { FeeQuoter } from '../../src/venue/fees.js';
import { VA, VB, benchBook, benchMarket, syntheticCatalogs } from './arbitrage-data.js';
import type { Benchmark, BenchRecord } from './types.js';

/**
 * Arbitrage at catalog scale:
 * - matching 20,000 × 20,000 synthetic markets (time, heap, and pairs judged against the
 *   400,000,000 pairs an all-pairs matcher would judge; its time is extrapolated from the judge's
 *   measured cost per pair, side by side);
 * - evaluating 5,000 matched pairs over ten-level books with fees (against a top-of-book-only
 *   evaluation of the same pairs);
 * - the incremental engine's latency after one book update (against re-evaluating every pair).
 */

const N = 20_000;
const PAIRS = 5_000;
const MB = 1024 * 1024;

const quoters = new Map<string, FeeQuoter>([
  [VA, quadraticPerOrder('0.07')],
  [VB, quadraticPerFill('0.05')],
]);
const lookup = (venue: string) => quoters.get(venue);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

function pairs(n: number): TradablePair[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `${VA}:m${i}|${VB}:m${i}`,
    a: benchMarket(`${VA}:m${i}`, VA, i),
    b: benchMarket(`${VB}:m${i}`, VB, i + 1),
    relation: i % 4 === 0 ? ('inverse' as const) : ('identical' as const),
    confidence: 0.95,
    reasons: ['bench'],
  }));
}

/** Mids so that about half of the pairs show an edge at the top of the books. */
function midOf(i: number, side: 'a' | 'b'): number {
  const base = 0.3 + ((i * 37) % 40) / 100;
  return side === 'a' ? base : base + (i % 2 === 0 ? 0.12 : -0.03);
}

export const benchmarks: Benchmark[] = [
  {
    name: 'arbitrage-match-20k',
    description: 'match 20,000 × 20,000 synthetic markets: time, heap, pairs judged vs all pairs',
    async run(ctx): Promise<BenchRecord[]> {
      const { a, b } = syntheticCatalogs(N);
      // The judge's cost per pair, measured on pairs drawn from the same catalogs.
      const ca = a.slice(0, 2_000).map(canonicalize);
      const cb = b.slice(0, 2_000).map(canonicalize);
      let t0 = performance.now();
      let judged = 0;
      for (let i = 0; i < ca.length; i++) for (let j = 0; j < 10; j++) {
        judgeByRules(ca[i] as never, cb[(i * 7 + j * 131) % cb.length] as never);
        judged += 1;
      }
      const perPairMs = (performance.now() - t0) / judged;
      const allPairs = N * N;
      ctx.log(`judge: ${(perPairMs * 1000).toFixed(1)} µs per pair; all ${allPairs.toLocaleString('en-US')} pairs would take ~${((perPairMs * allPairs) / 3_600_000).toFixed(1)} h`);

      const heapBefore = process.memoryUsage().heapUsed;
      const matcher = new Matcher();
      t0 = performance.now();
      await matcher.upsertMany([...a, ...b], (done) => {
        if (done % 5_000 === 0) ctx.log(`${done.toLocaleString('en-US')} / ${(2 * N).toLocaleString('en-US')} markets (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
      });
      const seconds = (performance.now() - t0) / 1000;
      const heapMb = (process.memoryUsage().heapUsed - heapBefore) / MB;
      const stats = matcher.stats();
      ctx.log(`${seconds.toFixed(1)} s, ${stats.pairsJudged.toLocaleString('en-US')} pairs judged, ${stats.records} matches kept, ${stats.tradable} tradable, heap +${heapMb.toFixed(0)} MB`);
      const allPairsSeconds = (perPairMs * allPairs) / 1000;
      return [
        { name: 'match 20k×20k time', value: seconds, unit: 's', baseline: allPairsSeconds, ratio: seconds / allPairsSeconds, target: '≤ 5% of all-pairs (extrapolated)', pass: seconds <= 0.05 * allPairsSeconds },
        { name: 'match pairs judged', value: stats.pairsJudged, unit: 'pairs', baseline: allPairs, ratio: stats.pairsJudged / allPairs, target: '≤ 1% of all pairs', pass: stats.pairsJudged <= allPairs / 100 },
        { name: 'match heap growth', value: Math.round(heapMb), unit: 'MB', baseline: null, ratio: null, target: '< 1,500 MB', pass: heapMb < 1_500 },
      ];
    },
  },
  {
    name: 'arbitrage-evaluate-5k',
    description: 'evaluate 5,000 matched pairs over ten-level books with fees (both directions)',
    async run(ctx): Promise<BenchRecord[]> {
      const ps = pairs(PAIRS);
      const now = Date.now();
      const books = ps.map((p, i) => ({ a: benchBook(p.a.id, VA, midOf(i, 'a'), now), b: benchBook(p.b.id, VB, midOf(i, 'b'), now) }));
      const c = { quoters: lookup, config: evaluationConfig(), now };
      const full = () => {
        let found = 0;
        for (let i = 0; i < ps.length; i++) for (const r of evaluatePair(ps[i] as TradablePair, books[i] as never, c)) if (r.opportunity) found += 1;
        return found;
      };
      // Baseline: the top of the books only, no depth, no fees (what a naive scanner reports).
      const naive = () => {
        let found = 0;
        for (let i = 0; i < ps.length; i++) {
          const bk = books[i]!;
          const askA = Number(bk.a.asks[0]![0]);
          const bidB = Number(bk.b.bids[0]![0]);
          if (askA + (1 - bidB) < 1) found += 1;
        }
        return found;
      };
      full();
      let t0 = performance.now();
      const found = full();
      const ms = performance.now() - t0;
      naive();
      t0 = performance.now();
      naive();
      const naiveMs = performance.now() - t0;
      const rate = (PAIRS / ms) * 1000;
      ctx.log(`${PAIRS} pairs in ${ms.toFixed(0)} ms (${found} opportunities); top-of-book only ${naiveMs.toFixed(2)} ms`);
      return [
        { name: 'arbitrage evaluate 5k pairs', value: ms, unit: 'ms', baseline: naiveMs, ratio: ms / Math.max(naiveMs, 0.001), target: '< 5,000 ms', pass: ms < 5_000 },
        { name: 'arbitrage evaluate pairs/s', value: Math.round(rate), unit: 'pairs/s', baseline: null, ratio: null, target: '≥ 1,000 pairs/s', pass: rate >= 1_000 },
      ];
    },
  },
  {
    name: 'arbitrage-incremental',
    description: 'incremental engine: latency of one book update (pairs of that market only) vs re-evaluating all',
    async run(ctx): Promise<BenchRecord[]> {
      const ps = pairs(PAIRS);
      let now = Date.now();
      const engine = new ArbitrageEngine({ quoters: lookup, now: () => now });
      ps.forEach((p, i) => {
        engine.setPair(p);
        engine.applyBook(benchBook(p.a.id, VA, midOf(i, 'a'), now));
        engine.applyBook(benchBook(p.b.id, VB, midOf(i, 'b'), now));
      });
      const updates = 10_000;
      const latencies: number[] = [];
      // CPU time per update as well: on a shared machine, wall time includes time the process was not scheduled.
      const cpu: number[] = [];
      let events = 0;
      // Warm-up (JIT), not measured.
      for (let k = 0; k < 5_000; k++) {
        const i = (k * 104_729) % PAIRS;
        now += 5;
        engine.applyBook(benchBook((ps[i] as TradablePair).b.id, VB, midOf(i, 'b'), now));
      }
      for (let k = 0; k < updates; k++) {
        const i = (k * 7919) % PAIRS;
        const p = ps[i] as TradablePair;
        now += 5;
        const book = benchBook(p.b.id, VB, midOf(i, 'b') + ((k % 5) - 2) / 100, now);
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        events += engine.applyBook(book).length;
        latencies.push(performance.now() - t0);
        const c1 = process.cpuUsage(c0);
        cpu.push((c1.user + c1.system) / 1000);
      }
      latencies.sort((x, y) => x - y);
      cpu.sort((x, y) => x - y);
      const p50 = percentile(latencies, 50);
      const p99 = percentile(latencies, 99);
      const cpuP99 = percentile(cpu, 99);
      const t0 = performance.now();
      engine.refresh();
      const fullMs = performance.now() - t0;
      const load = (await import('node:os')).loadavg()[0] ?? 0;
      ctx.log(`${updates} updates, ${events} events; wall p50 ${(p50 * 1000).toFixed(0)} µs, p99 ${(p99 * 1000).toFixed(0)} µs; CPU p99 ${(cpuP99 * 1000).toFixed(0)} µs; re-evaluating all ${PAIRS} pairs takes ${fullMs.toFixed(0)} ms; load average ${load.toFixed(1)}`);
      return [
        { name: 'arbitrage incremental p99', value: p99 * 1000, unit: 'µs', baseline: fullMs * 1000, ratio: p99 / fullMs, target: 'p99 < 1,000 µs', pass: p99 < 1 },
        { name: 'arbitrage incremental CPU p99', value: cpuP99 * 1000, unit: 'µs', baseline: null, ratio: null, target: 'p99 < 1,000 µs', pass: cpuP99 < 1 },
        { name: 'arbitrage incremental p50', value: p50 * 1000, unit: 'µs', baseline: null, ratio: null, target: '-', pass: null },
      ];
    },
  },
];
