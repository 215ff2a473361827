import { Decimal } from '../../src/core/decimal.js';
import { synthesizeBook, type BookPool } from '../../adapters/manifold/map-book.js';
import type { WireBet } from '../../adapters/manifold/wire.js';
import type { BenchContext, BenchRecord, Benchmark } from './types.js';

/**
 * Manifold synthesized order book (adapters/manifold/map-book.ts): books built per second from a
 * pool whose probability lies between two ticks, so the AMM ladder covers the whole 0.01 grid
 * (99 ticks, 0.01 to 0.99), plus 50 open limit orders, for a binary pool with p ≠ 0.5 (one
 * fixed-point exp per tick) and for a multiple-choice answer pool (p = 0.5, square roots). The
 * baseline is the work a book of limit orders alone needs: the same 50 orders split by outcome and
 * sorted by price (then time), run in the same process. Target: ≥ 200 books/s on one core, far
 * above the rate at which a Manifold market changes.
 */

const NOW = 1_800_000_000_000;
const ORDERS = 50;
/** Every tick of the 0.01 grid: the AMM ladder of a probability that is not itself on the grid. */
const TICKS = 99;

function orders(): WireBet[] {
  // Deterministic LCG: YES orders at 0.20–0.49, NO orders at 0.51–0.80, assorted sizes and fills.
  let x = 987_654_321;
  const next = () => (x = (x * 1103515245 + 12345) >>> 0);
  return Array.from({ length: ORDERS }, (_, i) => {
    const yes = next() % 2 === 0;
    const tick = yes ? 20 + (next() % 30) : 51 + (next() % 30);
    const mana = 5 + (next() % 500);
    const spent = next() % mana;
    return {
      id: `o${i}`,
      userId: `u${next() % 20}`,
      contractId: 'bench',
      createdTime: NOW - 1_000_000 + next() % 100_000,
      amount: String(spent),
      shares: '0',
      outcome: yes ? 'YES' : 'NO',
      limitProb: Decimal.fromUnits(BigInt(tick), 2).normalize().toString(),
      orderAmount: String(mana),
      isFilled: false,
      isCancelled: false,
      fills: [],
    };
  });
}

function rate(run: () => number, minMs: number): number {
  for (let i = 0; i < 20; i++) run(); // warm-up
  let n = 0;
  let sink = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < minMs) {
    sink += run();
    n += 1;
  }
  const elapsed = performance.now() - t0;
  if (sink === 0) throw new Error('nothing built');
  return (n / elapsed) * 1000;
}

function sortOrders(list: readonly WireBet[]): number {
  const parsed = list.map((o) => ({ o, price: Decimal.parse(o.limitProb as string) }));
  const bids = parsed.filter((x) => x.o.outcome === 'YES').sort((a, b) => b.price.cmp(a.price) || a.o.createdTime - b.o.createdTime);
  const asks = parsed.filter((x) => x.o.outcome === 'NO').sort((a, b) => a.price.cmp(b.price) || a.o.createdTime - b.o.createdTime);
  return bids.length + asks.length;
}

async function run(ctx: BenchContext): Promise<BenchRecord[]> {
  const list = orders();
  const pools: [string, BookPool][] = [
    // Probability 0.37·3700 / (0.63·6300 + 0.37·3700) ≈ 0.2565.
    ['binary pool, p = 0.37', { YES: '6300', NO: '3700', p: '0.37' }],
    // Probability 5100 / 10100 ≈ 0.505.
    ['answer pool, p = 0.5', { YES: '5000', NO: '5100', p: '0.5' }],
  ];
  const baseline = rate(() => sortOrders(list), 1500);
  ctx.log(`plain sort of ${ORDERS} orders: ${Math.round(baseline)}/s`);
  const records: BenchRecord[] = [];
  for (const [label, pool] of pools) {
    const sample = synthesizeBook({ marketId: 'manifold:bench', pool, orders: list, now: NOW });
    const levels = sample.bids.length + sample.asks.length;
    // Each tick holds one AMM level (limit orders sit on the same ticks).
    if (levels !== TICKS) throw new Error(`${label}: ${levels} levels, expected the ${TICKS}-tick ladder`);
    const books = rate(() => {
      const b = synthesizeBook({ marketId: 'manifold:bench', pool, orders: list, now: NOW });
      return b.bids.length + b.asks.length;
    }, 3000);
    ctx.log(`${label}: ${levels} levels, ${Math.round(books)} books/s`);
    records.push({
      name: `manifold synthesized book (${label}, ${TICKS}-tick AMM ladder + ${ORDERS} limit orders)`,
      value: Math.round(books),
      unit: 'books/s',
      baseline: Math.round(baseline),
      ratio: books / baseline,
      target: '≥ 200 books/s',
      pass: books >= 200,
    });
  }
  return records;
}

export const benchmarks: Benchmark[] = [
  {
    name: 'manifold-book',
    description: `Manifold synthesized book builds per second (AMM ladder over the 0.01 grid + ${ORDERS} limit orders) vs a plain sort of the same orders`,
    run,
  },
];
