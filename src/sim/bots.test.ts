import { describe, expect, it, vi } from 'vitest';
import { BinaryBook } from './engine.js';
import { isBotOwner, MM_OWNER, seedBook, startMarketMakers } from './bots.js';
import { createRng } from './rng.js';

function run(seed: number) {
  const books = new Map<string, BinaryBook>();
  for (const id of ['A', 'B', 'C']) {
    const b = new BinaryBook(id, { now: () => 0 });
    seedBook(b, createRng(`${seed}:${id}`), { mid: 500_000, tick: 10_000, levels: 3 });
    books.set(id, b);
  }
  let trades = 0;
  const mm = startMarketMakers({ books, rng: createRng(seed), ratePerSecond: 0, onSubmit: (_id, r) => (trades += r.fills.length) });
  mm.step(400);
  mm.stop();
  return { books, trades, mm };
}

describe('market-maker bots', () => {
  it('seedBook places the requested two-sided depth on the tick', () => {
    const b = new BinaryBook('S');
    seedBook(b, createRng(1), { mid: 423_456, tick: 10_000, levels: 4 });
    const { bids, asks } = b.levels();
    expect(bids.map(([p]) => p)).toEqual([410_000, 400_000, 390_000, 380_000]);
    expect(asks.map(([p]) => p)).toEqual([430_000, 440_000, 450_000, 460_000]);
    expect(b.openOrders().every((o) => isBotOwner(o.owner))).toBe(true);
  });

  it('keep books two-sided and uncrossed, produce trades, and are deterministic', () => {
    const a = run(5);
    const b = run(5);
    expect(a.trades).toBeGreaterThan(0);
    expect(a.trades).toBe(b.trades);
    for (const [id, book] of a.books) {
      const lv = book.levels();
      expect(lv).toEqual(b.books.get(id)?.levels());
      const bid = lv.bids[0]?.[0];
      const ask = lv.asks[0]?.[0];
      if (bid !== undefined && ask !== undefined) expect(bid).toBeLessThan(ask);
      expect(book.openOrders(MM_OWNER).filter((o) => o.side === 'buy').length).toBeLessThanOrEqual(5 + 3);
    }
    expect(a.mm.actions).toBe(400);
    expect(a.mm.fair('A')).toBeGreaterThan(0);
  });

  it('runs on a timer at the configured rate and stops', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    try {
      const books = new Map([['A', new BinaryBook('A')]]);
      const mm = startMarketMakers({ books, rng: createRng(2), ratePerSecond: 500, takerProbability: 0 });
      vi.advanceTimersByTime(1000);
      expect(mm.actions).toBe(500);
      mm.stop();
      vi.advanceTimersByTime(1000);
      expect(mm.actions).toBe(500);
      expect(books.get('A')?.openOrders(MM_OWNER).length).toBeGreaterThan(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('focused steps act on one market only: its book moves and it trades', () => {
    const books = new Map<string, BinaryBook>();
    const fills = new Map<string, number>();
    for (const id of ['A', 'B', 'C']) {
      const b = new BinaryBook(id, { now: () => 0 });
      seedBook(b, createRng(`7:${id}`), { mid: 500_000, tick: 10_000, levels: 3 });
      books.set(id, b);
    }
    const before = (id: string) => JSON.stringify(books.get(id)?.levels());
    const [levelsA, levelsC] = [before('A'), before('C')];
    const mm = startMarketMakers({ books, rng: createRng(7), ratePerSecond: 0, onSubmit: (id, r) => fills.set(id, (fills.get(id) ?? 0) + r.fills.length) });
    mm.step(60, 'B');
    expect(fills.get('B') ?? 0).toBeGreaterThan(0);
    expect([...fills.keys()]).toEqual(['B']);
    expect([before('A'), before('C')]).toEqual([levelsA, levelsC]);
    // An unknown market is no action at all.
    mm.step(5, 'nope');
    expect([...fills.keys()]).toEqual(['B']);
  });

  it('skips markets that are not tradable', () => {
    const books = new Map([['A', new BinaryBook('A')]]);
    const mm = startMarketMakers({ books, rng: createRng(3), ratePerSecond: 0, tradable: () => false });
    mm.step(50);
    expect(books.get('A')?.openOrders()).toEqual([]);
  });
});
