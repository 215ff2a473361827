import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Level } from '../core/index.js';
import { LiveBook } from './live-book.js';

const meta = { venueTimestamp: '2026-05-01T00:00:00.000Z', receivedAt: '2026-05-01T00:00:00.010Z' };

describe('LiveBook', () => {
  it('starts stale, turns fresh on a snapshot, and prints canonical decimals best first', () => {
    const b = new LiveBook('kalshi:A', 'kalshi', 'stream');
    expect(b.stale).toBe(true);
    expect(b.staleReason).toBe('awaiting snapshot');
    expect(b.snapshot([['0.4100', '10.00'], ['0.4200', '5.50']], [['0.4500', '3']], 1, meta)).toEqual({ ok: true });
    expect(b.fresh).toBe(true);
    expect(b.toOrderBook()).toMatchObject({ bids: [['0.42', '5.5'], ['0.41', '10']], asks: [['0.45', '3']], seq: 1, ...meta, source: 'stream' });
  });

  it('applies deltas as absolute sizes, size 0 removing the level, and returns them canonical by side', () => {
    const b = new LiveBook('kalshi:A', 'kalshi', 'stream');
    b.snapshot([['0.41', '10']], [['0.45', '3']], 1, meta);
    const r = b.delta(
      [
        { side: 'bid', price: '0.4100', size: '0' },
        { side: 'bid', price: '0.43', size: '2.50' },
        { side: 'ask', price: '0.44', size: '1' },
      ],
      2,
      meta,
    );
    expect(r).toEqual({ ok: true, changes: { bids: [['0.41', '0'], ['0.43', '2.5']], asks: [['0.44', '1']] } });
    expect(b.seq).toBe(2);
    expect(b.levels('bid')).toEqual([['0.43', '2.5']]);
    expect(b.levels('ask')).toEqual([['0.44', '1'], ['0.45', '3']]);
  });

  it('turns stale on a crossed snapshot or delta and refuses deltas until the next snapshot', () => {
    const b = new LiveBook('kalshi:A', 'kalshi', 'stream');
    expect(b.snapshot([['0.5', '1']], [['0.5', '1']], 1, meta)).toEqual({ ok: false, reason: 'crossed snapshot' });
    expect(b.stale).toBe(true);
    b.snapshot([['0.4', '1']], [['0.5', '1']], 2, meta);
    expect(b.delta([{ side: 'bid', price: '0.55', size: '1' }], 3, meta, 1234)).toEqual({ ok: false, reason: 'book crossed after a delta' });
    expect(b.staleSince).toBe(1234);
    expect(b.delta([{ side: 'bid', price: '0.1', size: '1' }], 4, meta)).toMatchObject({ ok: false });
    expect(b.snapshot([['0.4', '1']], [['0.5', '1']], 5, meta)).toEqual({ ok: true });
  });

  it('turns stale on an unreadable level instead of throwing', () => {
    const b = new LiveBook('kalshi:A', 'kalshi', 'stream');
    b.snapshot([['0.4', '1']], [], 1, meta);
    const r = b.delta([{ side: 'bid', price: 'abc', size: '1' }], 2, meta);
    expect(r.ok).toBe(false);
    expect(b.stale).toBe(true);
    expect(b.snapshot([['0.4', '-1']], [], 3, meta).ok).toBe(false);
  });

  it('markStale reports only the transition', () => {
    const b = new LiveBook('kalshi:A', 'kalshi', 'stream');
    expect(b.markStale('x')).toBe(false);
    b.snapshot([], [], 1, meta);
    expect(b.markStale('gap', 99)).toBe(true);
    expect(b.markStale('again')).toBe(false);
    expect(b.staleReason).toBe('gap');
  });

  it('diff gives exactly the changes that turn the book into a polled one', () => {
    const level = fc.tuple(fc.integer({ min: 1, max: 99 }), fc.integer({ min: 0, max: 500 }));
    const side = fc.array(level, { maxLength: 12 });
    const toLevels = (raw: [number, number][]): Level[] => raw.map(([p, s]) => [`0.${String(p).padStart(2, '0')}`, `${s}`]);
    fc.assert(
      fc.property(side, side, side, side, (b0, a0, b1, a1) => {
        const book = new LiveBook('kalshi:A', 'kalshi', 'rest');
        // Keep both books uncrossed: bids below 0.50, asks above.
        const bids0 = toLevels(b0.map(([p, s]) => [Math.min(p, 49), s]));
        const asks0 = toLevels(a0.map(([p, s]) => [Math.max(p, 50), s]));
        const bids1 = toLevels(b1.map(([p, s]) => [Math.min(p, 49), s]));
        const asks1 = toLevels(a1.map(([p, s]) => [Math.max(p, 50), s]));
        book.snapshot(bids0, asks0, 1, meta);
        const expected = new LiveBook('kalshi:A', 'kalshi', 'rest');
        expected.snapshot(bids1, asks1, 1, meta);
        const r = book.delta(book.diff(bids1, asks1), 2, meta);
        expect(r.ok).toBe(true);
        expect(book.levels('bid')).toEqual(expected.levels('bid'));
        expect(book.levels('ask')).toEqual(expected.levels('ask'));
        // Nothing changed, nothing listed.
        expect(book.diff(bids1, asks1)).toEqual([]);
      }),
    );
  });
});
