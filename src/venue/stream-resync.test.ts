import { describe, expect, it } from 'vitest';
import type { StreamEvent } from './adapter.js';
import { ManualClock } from './stream-clock.js';
import { SnapshotResync } from './stream-resync.js';
import { StreamScope } from './stream-scope.js';
import { LocalSeq } from './stream-seq.js';

/** A fetch the test settles by hand. */
interface Pending {
  marketId: string;
  resolve: (book: string) => void;
  reject: (err: Error) => void;
}

function setup(options: { applyThrows?: () => boolean } = {}) {
  const clock = new ManualClock();
  const scope = new StreamScope({ venue: 'opinion', clock });
  const seqs = new LocalSeq();
  const events: StreamEvent[] = [];
  scope.onEvent((e) => events.push(e));
  const fetches: Pending[] = [];
  const applied: { marketId: string; book: string; seq: number }[] = [];
  const resync = new SnapshotResync<string>({
    scope,
    seqs,
    retryMs: 500,
    fetch: (marketId) => new Promise<string>((resolve, reject) => fetches.push({ marketId, resolve, reject })),
    apply: (marketId, book) => {
      if (options.applyThrows?.()) throw new Error('apply bug');
      applied.push({ marketId, book, seq: seqs.snapshot(marketId) });
    },
  });
  const settle = async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { clock, scope, seqs, events, fetches, applied, resync, settle };
}

const stale = (events: StreamEvent[]) => events.filter((e) => e.type === 'status' && e.state === 'stale');

describe('SnapshotResync', () => {
  it('turns a live market stale once, fetches once at a time, and applies the result as the next seq', async () => {
    const { seqs, events, fetches, applied, resync, settle } = setup();
    seqs.snapshot('opinion:1');
    seqs.delta('opinion:1');
    expect(resync.request('opinion:1', 'gap')).toBe(true);
    expect(resync.request('opinion:1', 'gap again')).toBe(false);
    expect(seqs.delta('opinion:1')).toBeNull();
    await settle();
    expect(fetches).toHaveLength(1);
    expect(stale(events)).toEqual([{ type: 'status', state: 'stale', marketId: 'opinion:1', reason: 'gap' }]);
    fetches[0]?.resolve('book-1');
    await settle();
    expect(applied).toEqual([{ marketId: 'opinion:1', book: 'book-1', seq: 3 }]);
    expect(seqs.isLive('opinion:1')).toBe(true);
    expect(resync.isResyncing('opinion:1')).toBe(false);
  });

  it('retries a failed fetch after retryMs on the injected clock', async () => {
    const { clock, seqs, fetches, applied, resync, settle } = setup();
    seqs.track('opinion:2');
    resync.request('opinion:2', 'reconnect');
    await settle();
    fetches[0]?.reject(new Error('503'));
    await settle();
    expect(resync.counters.failures).toBe(1);
    expect(resync.isResyncing('opinion:2')).toBe(true);
    clock.advance(499);
    await settle();
    expect(fetches).toHaveLength(1);
    clock.advance(1);
    await settle();
    expect(fetches).toHaveLength(2);
    fetches[1]?.resolve('book-2');
    await settle();
    expect(applied.map((a) => a.seq)).toEqual([1]);
  });

  it('a failing apply is retried like a failing fetch', async () => {
    let fail = true;
    const { clock, seqs, fetches, applied, resync, settle } = setup({ applyThrows: () => fail });
    seqs.track('opinion:3');
    resync.request('opinion:3', 'x');
    await settle();
    fetches[0]?.resolve('bad');
    await settle();
    expect(applied).toEqual([]);
    fail = false;
    clock.advance(500);
    await settle();
    fetches[1]?.resolve('good');
    await settle();
    expect(applied.map((a) => a.book)).toEqual(['good']);
  });

  it('drops a fetched snapshot when a newer one was applied meanwhile', async () => {
    const { seqs, fetches, applied, resync, settle } = setup();
    seqs.track('opinion:4');
    resync.request('opinion:4', 'no snapshot yet');
    await settle();
    seqs.snapshot('opinion:4'); // the venue's own snapshot arrives first
    fetches[0]?.resolve('older');
    await settle();
    expect(applied).toEqual([]);
    expect(seqs.seq('opinion:4')).toBe(1);
  });

  it('a forgotten market drops its fetch and is not retried; a re-tracked one starts afresh', async () => {
    const { clock, seqs, fetches, applied, resync, settle } = setup();
    seqs.track('opinion:5');
    resync.request('opinion:5', 'x');
    await settle();
    resync.forget('opinion:5');
    seqs.forget('opinion:5');
    seqs.track('opinion:5');
    resync.request('opinion:5', 'resubscribed');
    await settle();
    fetches[0]?.reject(new Error('old failure'));
    fetches[1]?.resolve('fresh');
    await settle();
    clock.advance(10_000);
    await settle();
    expect(fetches).toHaveLength(2);
    expect(applied.map((a) => a.book)).toEqual(['fresh']);
  });

  it('after close nothing is applied or retried', async () => {
    const { clock, scope, seqs, fetches, applied, resync, settle } = setup();
    seqs.track('opinion:6');
    seqs.track('opinion:7');
    resync.request('opinion:6', 'x');
    resync.request('opinion:7', 'x');
    await settle();
    fetches[1]?.reject(new Error('fails before close'));
    await settle();
    expect(clock.pending).toBe(1);
    await scope.close();
    expect(clock.pending).toBe(0);
    fetches[0]?.resolve('late');
    await settle();
    clock.advance(10_000);
    await settle();
    expect(applied).toEqual([]);
    expect(fetches).toHaveLength(2);
    expect(resync.request('opinion:6', 'after close')).toBe(false);
  });
});
