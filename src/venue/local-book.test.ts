import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal, canonical, isCanonicalDecimal } from '../core/decimal.js';
import { OrderBookSchema } from '../core/orderbook.js';
import type { Level } from '../core/primitives.js';
import { LocalBook, LocalBookError } from './local-book.js';

/** Naive reference: string-keyed maps of bigint micro-units, sorted on demand with Decimal. */
class RefBook {
  bids = new Map<bigint, bigint>();
  asks = new Map<bigint, bigint>();
  side(s: 'bid' | 'ask'): Map<bigint, bigint> {
    return s === 'bid' ? this.bids : this.asks;
  }
  set(s: 'bid' | 'ask', price: string, size: string): void {
    const p = Decimal.parse(price).toUnits(6);
    const q = Decimal.parse(size).toUnits(6);
    if (q === 0n) this.side(s).delete(p);
    else this.side(s).set(p, q);
  }
  /** Returns false (and changes nothing) when the level would go negative. */
  add(s: 'bid' | 'ask', price: string, delta: string): boolean {
    const p = Decimal.parse(price).toUnits(6);
    const n = (this.side(s).get(p) ?? 0n) + Decimal.parse(delta).toUnits(6);
    if (n < 0n) return false;
    if (n === 0n) this.side(s).delete(p);
    else this.side(s).set(p, n);
    return true;
  }
  levels(s: 'bid' | 'ask', depth = Infinity): Level[] {
    const fmt = (u: bigint): string => canonical(Decimal.fromUnits(u, 6));
    const keys = [...this.side(s).keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (s === 'bid') keys.reverse();
    return keys.slice(0, depth === Infinity ? undefined : depth).map((k) => [fmt(k), fmt(this.side(s).get(k) ?? 0n)]);
  }
  crossed(): boolean {
    const b = this.levels('bid')[0];
    const a = this.levels('ask')[0];
    return b !== undefined && a !== undefined && Decimal.parse(b[0]).gte(a[0]);
  }
}

const side = fc.constantFrom('bid' as const, 'ask' as const);
/** Prices on a 0.001 grid written the ways venues write them. */
const price = fc
  .tuple(fc.integer({ min: 1, max: 999 }), fc.constantFrom(3, 4, 6))
  .map(([milli, places]) => Decimal.fromUnits(BigInt(milli), 3).round(places).toString());
const size = fc.integer({ min: 0, max: 50_000 }).map((c) => Decimal.fromUnits(BigInt(c), 2).toString());
const delta = fc.integer({ min: -50_000, max: 50_000 }).map((c) => Decimal.fromUnits(BigInt(c), 2).toString());

type Op =
  | { kind: 'set'; side: 'bid' | 'ask'; price: string; size: string }
  | { kind: 'add'; side: 'bid' | 'ask'; price: string; delta: string }
  | { kind: 'snapshot'; bids: [string, string][]; asks: [string, string][] };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('set' as const), side, price, size }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('add' as const), side, price, delta }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('snapshot' as const),
      bids: fc.array(fc.tuple(price, size), { maxLength: 8 }),
      asks: fc.array(fc.tuple(price, size), { maxLength: 8 }),
    }),
  },
);

describe('LocalBook', () => {
  it('matches a naive reference model under any sequence of snapshots, sets and deltas', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 120 }), fc.integer({ min: 1, max: 12 }), (ops, depth) => {
        const book = new LocalBook('kalshi:KX-1', 'kalshi');
        const ref = new RefBook();
        for (const o of ops) {
          if (o.kind === 'set') {
            book.set(o.side, o.price, o.size);
            ref.set(o.side, o.price, o.size);
          } else if (o.kind === 'add') {
            if (ref.add(o.side, o.price, o.delta)) book.add(o.side, o.price, o.delta);
            else expect(() => book.add(o.side, o.price, o.delta)).toThrow(LocalBookError);
          } else {
            book.applySnapshot(o.bids, o.asks, 7);
            ref.bids.clear();
            ref.asks.clear();
            for (const [p, s] of o.bids) ref.set('bid', p, s);
            for (const [p, s] of o.asks) ref.set('ask', p, s);
          }
          const rb = ref.levels('bid')[0];
          expect(book.best('bid')).toEqual(rb ? { price: rb[0], size: rb[1] } : null);
          const ra = ref.levels('ask')[0];
          expect(book.best('ask')).toEqual(ra ? { price: ra[0], size: ra[1] } : null);
        }
        const ob = book.toOrderBook({ depth, source: 'stream' });
        for (const [p, q] of [...ob.bids, ...ob.asks]) expect(isCanonicalDecimal(p) && isCanonicalDecimal(q), `${p} ${q}`).toBe(true);
        expect(ob.bids).toEqual(ref.levels('bid', depth));
        expect(ob.asks).toEqual(ref.levels('ask', depth));
        expect(book.isCrossed()).toBe(ref.crossed());
        expect(book.levelCount).toBe(ref.bids.size + ref.asks.size);
      }),
      { numRuns: 200 },
    );
  });

  it('builds a schema-valid OrderBook, best first, in canonical form whatever the input form', () => {
    const book = new LocalBook('kalshi:KX-1', 'kalshi');
    book.applySnapshot(
      [
        ['0.41', '5'],
        ['0.4200', '10.5'],
        ['0.40', '0'],
      ],
      [['0.45', '3.25']],
      12,
      '2026-03-01T00:00:00.000Z',
    );
    const ob = book.toOrderBook({ source: 'stream', receivedAt: '2026-03-01T00:00:01.000Z' });
    expect(OrderBookSchema.parse(ob)).toEqual(ob);
    expect(ob).toMatchObject({
      bids: [
        ['0.42', '10.5'],
        ['0.41', '5'],
      ],
      asks: [['0.45', '3.25']],
      seq: 12,
      venueTimestamp: '2026-03-01T00:00:00.000Z',
    });
    expect(book.isCrossed()).toBe(false);
    book.set('bid', '0.45', '1');
    expect(book.isCrossed()).toBe(true);
  });

  it('rejects deltas that would make a level negative and keeps the level intact', () => {
    const book = new LocalBook('kalshi:KX-1', 'kalshi');
    book.add('bid', '0.30', '2.00');
    expect(() => book.add('bid', '0.30', '-2.01')).toThrow(/would go negative/);
    expect(book.sizeAt('bid', '0.30')).toBe('2');
    book.add('bid', '0.30', '-2');
    expect(book.levelCount).toBe(0);
    expect(book.best('bid')).toBeNull();
  });

  it('rejects malformed prices and sizes', () => {
    const book = new LocalBook('kalshi:KX-1', 'kalshi');
    expect(() => book.set('ask', '0.5', '-1')).toThrow();
    expect(() => book.set('ask', 'abc', '1')).toThrow();
    expect(() => book.set('ask', '0.12345678', '1')).toThrow(/decimal places/);
  });
});
