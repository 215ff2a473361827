import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../src/venue/adapter.js';
import { LocalBook } from '../../src/venue/local-book.js';
import { deltaTraffic } from '../../test/bench/kalshi-frames.js';
import { BookTracker } from './stream-book.js';
import { matchDeltaFrame } from './stream-frames.js';

function tracker(useYesPrice = true) {
  const events: StreamEvent[] = [];
  const resyncs: [number, string[]][] = [];
  const t = new BookTracker({ useYesPrice, emit: (e) => events.push(e), requestSnapshot: (sid, tickers) => resyncs.push([sid, tickers]) });
  return { t, events, resyncs };
}

const snap = (ticker: string, yes?: [string, string][], no?: [string, string][]) => ({
  market_ticker: ticker,
  ...(yes ? { yes_dollars_fp: yes } : {}),
  ...(no ? { no_dollars_fp: no } : {}),
});
const delta = (ticker: string, price: string, d: string, side: 'yes' | 'no') => ({ market_ticker: ticker, price_dollars: price, delta_fp: d, side });

describe('BookTracker', () => {
  it('converts NO-leg prices when use_yes_price is off, and absent sides are empty', () => {
    const { t } = tracker(false);
    t.track('A', 1);
    t.handleSnapshot(1, 1, snap('A', undefined, [['0.3000', '5.00'], ['0.4000', '2.00']]));
    expect(t.orderBook('A')).toMatchObject({ bids: [], asks: [['0.6', '2'], ['0.7', '5']], seq: 1 });
    t.handleDelta(1, 2, delta('A', '0.4000', '-2.00', 'no'));
    expect(t.orderBook('A')?.asks).toEqual([['0.7', '5']]);
  });

  it('a gap marks every book of the sid stale, requests snapshots, drops deltas until each snapshot', () => {
    const { t, events, resyncs } = tracker();
    t.track('A', 1);
    t.track('B', 1);
    t.track('C', 2);
    t.handleSnapshot(1, 1, snap('A', [['0.4000', '1.00']], [['0.6000', '1.00']]));
    t.handleSnapshot(1, 2, snap('B', [['0.1000', '1.00']]));
    t.handleSnapshot(2, 1, snap('C', [['0.2000', '1.00']]));
    t.handleDelta(1, 4, delta('A', '0.4000', '1.00', 'yes')); // seq 3 missing
    expect(resyncs).toEqual([[1, ['A', 'B']]]);
    expect(events.filter((e) => e.type === 'status').map((e) => (e as { marketId?: string }).marketId)).toEqual(['kalshi:A', 'kalshi:B']);
    expect(t.orderBook('A')).toBeNull();
    expect(t.orderBook('C')).not.toBeNull(); // another sid is unaffected
    t.handleDelta(1, 5, delta('A', '0.4000', '1.00', 'yes'));
    expect(t.counters.dropped).toBe(2);
    t.handleSnapshot(1, 6, snap('A', [['0.4000', '3.00']], [['0.6000', '1.00']]));
    expect(t.orderBook('A')?.bids).toEqual([['0.4', '3']]);
    expect(t.orderBook('B')).toBeNull();
    t.handleDelta(1, 7, delta('A', '0.4000', '-1.00', 'yes'));
    expect(t.orderBook('A')?.bids).toEqual([['0.4', '2']]);
    const last = events.at(-1);
    expect(last).toMatchObject({ type: 'delta', marketId: 'kalshi:A', changes: [{ side: 'bid', price: '0.4', size: '2' }] });
  });

  it('a delta that would go negative or cross turns the book stale instead of serving it', () => {
    const { t, resyncs } = tracker();
    t.track('A', 1);
    t.handleSnapshot(1, 1, snap('A', [['0.4000', '1.00']], [['0.6000', '1.00']]));
    t.handleDelta(1, 2, delta('A', '0.4000', '-5.00', 'yes'));
    expect(t.orderBook('A')).toBeNull();
    expect(resyncs).toEqual([[1, ['A']]]);
    t.handleSnapshot(1, 3, snap('A', [['0.4000', '1.00']], [['0.6000', '1.00']]));
    t.handleDelta(1, 4, delta('A', '0.6500', '1.00', 'yes'));
    expect(t.orderBook('A')).toBeNull();
    expect(t.counters.crossed).toBe(1);
    // A crossed snapshot is never served either.
    t.handleSnapshot(1, 5, snap('A', [['0.7000', '1.00']], [['0.6000', '1.00']]));
    expect(t.orderBook('A')).toBeNull();
  });

  it('replays generated traffic exactly: the tracked book equals a replica built from the events', () => {
    const traffic = deltaTraffic({ markets: 5, deltas: 5_000, seed: 3 });
    const { t, events } = tracker();
    for (const x of traffic.tickers) t.track(x, 1);
    for (const s of traffic.snapshots) {
      const f = JSON.parse(s) as { sid: number; seq: number; msg: unknown };
      t.handleSnapshot(f.sid, f.seq, f.msg);
    }
    for (const d of traffic.deltas) {
      const m = matchDeltaFrame(d);
      expect(m).not.toBeNull();
      if (m) t.handleDeltaFields(m.sid, m.seq, m.fields);
    }
    expect(t.counters).toMatchObject({ gaps: 0, crossed: 0, dropped: 0, deltas: 5_000 });
    const replicas = new Map<string, LocalBook>();
    for (const e of events) {
      if (e.type === 'snapshot') {
        const r = new LocalBook(e.book.marketId, 'kalshi');
        r.applySnapshot(e.book.bids, e.book.asks, e.book.seq);
        replicas.set(e.book.marketId, r);
      } else if (e.type === 'delta') {
        for (const c of e.changes) replicas.get(e.marketId)?.set(c.side, c.price, c.size);
      }
    }
    for (const x of traffic.tickers) {
      const live = t.orderBook(x);
      const replica = replicas.get(`kalshi:${x}`)?.toOrderBook({ source: 'stream' });
      expect([live?.bids, live?.asks]).toEqual([replica?.bids, replica?.asks]);
    }
  });
});
