import { describe, expect, it } from 'vitest';
import { PRICE_SCALE } from '../../../src/sim/index.js';
import { BookRegistry } from './books.js';
import { generateUniverse } from './generate.js';
import { quoteOf } from './gamma-wire.js';

describe('Gamma quotes', () => {
  it('report an empty side of a live book as bid 0 / ask 1, never a stale generated quote', () => {
    const universe = generateUniverse(3, 5);
    const books = new BookRegistry(universe, 3, () => 0);
    const m = universe.markets.find((x) => !x.closed && !x.resolved);
    if (!m) throw new Error('no open generated market');
    // Before the book exists: the generated starting quote around the initial mid.
    const before = quoteOf(books, m);
    expect(before.bid).toBeLessThan(m.initialMid);
    expect(before.ask).toBeGreaterThan(m.initialMid);
    const mb = books.get(m.conditionId);
    if (!mb) throw new Error('no book');
    for (const o of mb.book.openOrders()) if (o.side === 'sell') mb.book.cancel(o.id);
    expect(quoteOf(books, m)).toMatchObject({ bid: mb.book.bestBid()?.[0], ask: PRICE_SCALE });
    for (const o of mb.book.openOrders()) mb.book.cancel(o.id);
    expect(quoteOf(books, m)).toMatchObject({ bid: 0, ask: PRICE_SCALE });
  });
});
