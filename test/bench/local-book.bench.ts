import type { Benchmark, BenchRecord } from './types.js';
import { Decimal } from '../../src/core/decimal.js';
import { LocalBook } from '../../src/venue/local-book.js';

/**
 * Throughput of `LocalBook.add` (relative deltas as venues send them: decimal strings), against a
 * naive book of `Decimal` sizes keyed by normalized price strings. Target: ≥ 500,000 deltas/s on
 * one core.
 */

const PRICES = Array.from({ length: 99 }, (_, i) => Decimal.fromUnits(BigInt(i + 1), 2).toFixed(4));
const DELTAS = ['1.00', '2.50', '-0.50', '3.00', '-1.00', '0.25'];

function ops(n: number): { side: 'bid' | 'ask'; price: string; delta: string }[] {
  // Deterministic pseudo-random sequence (LCG) so every run applies the same deltas.
  let x = 12345;
  const out: { side: 'bid' | 'ask'; price: string; delta: string }[] = [];
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out.push({ side: x & 1 ? 'bid' : 'ask', price: PRICES[x % PRICES.length] as string, delta: DELTAS[(x >>> 8) % DELTAS.length] as string });
  }
  return out;
}

function seed(set: (side: 'bid' | 'ask', price: string) => void): void {
  for (const p of PRICES) {
    set('bid', p);
    set('ask', p);
  }
}

function measure(run: () => void, count: number): number {
  run(); // warm-up
  const t0 = performance.now();
  run();
  return (count / (performance.now() - t0)) * 1000;
}

export const benchmarks: Benchmark[] = [
  {
    name: 'local-book-deltas',
    description: 'LocalBook relative deltas per second (string inputs) vs a naive Decimal book',
    async run(ctx): Promise<BenchRecord[]> {
      const N = 1_000_000;
      const seq = ops(N);
      ctx.log(`applying ${N} deltas`);
      const fast = measure(() => {
        const book = new LocalBook('kalshi:BENCH', 'kalshi');
        seed((side, p) => book.set(side, p, '100000.00'));
        for (const o of seq) book.add(o.side, o.price, o.delta);
      }, N);
      const naiveN = 200_000;
      const naive = measure(() => {
        const sides = { bid: new Map<string, Decimal>(), ask: new Map<string, Decimal>() };
        seed((side, p) => sides[side].set(Decimal.parse(p).normalize().toString(), Decimal.parse('100000.00')));
        for (let i = 0; i < naiveN; i++) {
          const o = seq[i] as (typeof seq)[number];
          const key = Decimal.parse(o.price).normalize().toString();
          const next = (sides[o.side].get(key) ?? Decimal.ZERO).add(o.delta);
          if (next.isNegative()) throw new Error('negative');
          if (next.isZero()) sides[o.side].delete(key);
          else sides[o.side].set(key, next);
        }
      }, naiveN);
      ctx.log(`LocalBook ${Math.round(fast)}/s, naive ${Math.round(naive)}/s`);
      return [
        {
          name: 'local-book relative deltas/s',
          value: Math.round(fast),
          unit: 'deltas/s',
          baseline: Math.round(naive),
          ratio: fast / naive,
          // A ratio to the Decimal-based book in the same run: absolute rates move with load.
          target: '≥ 1.5 × Decimal book',
          pass: fast >= 1.5 * naive,
        },
      ];
    },
  },
];
