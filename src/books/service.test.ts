import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { MemoryBus } from '../cache/index.js';
import { NotFound } from '../core/index.js';
import type { VenueId } from '../core/index.js';
import { ManualClock } from '../venue/index.js';
import type { BookLevelChange } from '../venue/index.js';
import { book, createScriptedAdapter, type ScriptedAdapter } from '../../test/support/scripted-adapter.js';
import type { MarketDataMessage } from './messages.js';
import { BookService, type BookServiceSettings } from './service.js';

const A = 'kalshi:A';
const B = 'kalshi:B';
const C = 'kalshi:C';
const T0 = Date.parse('2026-05-01T00:00:00.000Z');

/** Lets the stream upstream's batching (next turn of the event loop) and the bus's microtasks run. */
const settle = async () => {
  for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
};

function setup(adapter: ScriptedAdapter, settings: Partial<BookServiceSettings> = {}) {
  const clock = new ManualClock(T0);
  const bus = new MemoryBus();
  const adapters = new Map<VenueId, ScriptedAdapter>([[adapter.venue, adapter]]);
  const service = new BookService({ adapters, bus, logger: pino({ level: 'silent' }), settings: { graceMs: 1_000, ...settings }, clock, scope: 'test' });
  const seen = new Map<string, MarketDataMessage[]>();
  const watch = async (market: string) => {
    seen.set(market, []);
    await bus.subscribe(service.channel(market), (m) => seen.get(market)!.push(m as MarketDataMessage));
  };
  return { clock, bus, service, seen, watch };
}

const snap = (marketId: string, bids: [string, string][], asks: [string, string][], seq: number | null) => ({
  type: 'snapshot' as const,
  book: book(marketId, bids, asks, { seq, source: 'stream', venueTimestamp: '2026-05-01T00:00:00.000Z' }),
});
const delta = (marketId: string, seq: number, changes: BookLevelChange[]) => ({
  type: 'delta' as const,
  marketId,
  seq,
  changes,
  venueTimestamp: '2026-05-01T00:00:01.000Z',
  receivedAt: '2026-05-01T00:00:01.005Z',
});

describe('BookService with a venue stream', () => {
  it('makes one upstream subscription per market and channel however many hold it, batching markets asked together', async () => {
    const adapter = createScriptedAdapter();
    const { service } = setup(adapter);
    await Promise.all([...Array(5)].flatMap(() => [service.acquire(A, 'book'), service.acquire(B, 'book')]));
    await service.acquire(A, 'ticker');
    await settle();
    expect(adapter.counts.streams).toBe(1);
    expect(adapter.calls).toEqual([
      { op: 'subscribe', markets: [A, B], channels: ['book'] },
      { op: 'subscribe', markets: [A], channels: ['ticker'] },
    ]);
    await service.acquire(B, 'book');
    await settle();
    expect(adapter.calls).toHaveLength(2);
  });

  it('rebuilds the book from snapshot and deltas, publishes it with its own seq, and serves it while fresh', async () => {
    const adapter = createScriptedAdapter();
    const { service, seen, watch } = setup(adapter);
    await watch(A);
    await service.acquire(A, 'book');
    await settle();
    adapter.emit(snap(A, [['0.4100', '10.00']], [['0.4500', '3']], 10));
    adapter.emit(delta(A, 11, [{ side: 'bid', price: '0.42', size: '2' }]));
    adapter.emit(delta(A, 12, [{ side: 'ask', price: '0.45', size: '0' }, { side: 'ask', price: '0.46', size: '1.5' }]));
    await settle();
    const msgs = seen.get(A)!;
    expect(msgs.map((m) => [m.t, 'seq' in m ? m.seq : null])).toEqual([
      ['snapshot', 1],
      ['delta', 2],
      ['delta', 3],
    ]);
    expect(msgs[0]).toMatchObject({ venue: 'kalshi', source: 'stream', bids: [['0.41', '10']], asks: [['0.45', '3']] });
    expect(msgs[2]).toMatchObject({ bids: [], asks: [['0.45', '0'], ['0.46', '1.5']], venueTimestamp: '2026-05-01T00:00:01.000Z' });
    expect(new Set(msgs.map((m) => (m as { gen: string }).gen)).size).toBe(1);
    expect(service.live(A)).toMatchObject({ bids: [['0.42', '2'], ['0.41', '10']], asks: [['0.46', '1.5']], seq: 3, source: 'stream' });
    expect(service.live(A, 1)?.bids).toEqual([['0.42', '2']]);
  });

  it('a venue gap marks the book stale and drops deltas until the next snapshot', async () => {
    const adapter = createScriptedAdapter();
    const { service, seen, watch } = setup(adapter);
    await watch(A);
    await service.acquire(A, 'book');
    await settle();
    adapter.emit(snap(A, [['0.41', '10']], [['0.45', '3']], 10));
    adapter.emit(delta(A, 12, [{ side: 'bid', price: '0.42', size: '2' }]));
    adapter.emit(delta(A, 13, [{ side: 'bid', price: '0.43', size: '2' }]));
    await settle();
    expect(seen.get(A)!.map((m) => m.t)).toEqual(['snapshot', 'stale']);
    expect(seen.get(A)![1]).toMatchObject({ reason: 'sequence gap from the venue stream: expected 11, got 12' });
    expect(service.live(A)).toBeUndefined();
    expect(service.stats().gaps).toBe(1);
    adapter.emit(snap(A, [['0.43', '2']], [['0.45', '3']], 14));
    await settle();
    expect(seen.get(A)!.at(-1)).toMatchObject({ t: 'snapshot', seq: 2, bids: [['0.43', '2']] });
    expect(service.live(A)?.seq).toBe(2);
  });

  it('a stale notice, a reconnect and a crossed book each make the book stale', async () => {
    const adapter = createScriptedAdapter();
    const { service, seen, watch } = setup(adapter);
    await Promise.all([watch(A), watch(B)]);
    await Promise.all([service.acquire(A, 'book'), service.acquire(B, 'book')]);
    await settle();
    adapter.emit(snap(A, [['0.41', '1']], [['0.45', '1']], null));
    adapter.emit(snap(B, [['0.41', '1']], [['0.45', '1']], null));
    adapter.emit({ type: 'status', state: 'stale', marketId: A, reason: 'hash mismatch' });
    await settle();
    expect(seen.get(A)!.at(-1)).toMatchObject({ t: 'stale', reason: 'hash mismatch' });
    expect(service.live(A)).toBeUndefined();
    expect(service.live(B)).toBeDefined();
    adapter.emit({ type: 'status', state: 'reconnecting', reason: 'closed 1006' });
    await settle();
    expect(seen.get(B)!.at(-1)).toMatchObject({ t: 'stale', reason: 'venue stream reconnecting' });
    expect(seen.get(A)!.filter((m) => m.t === 'stale')).toHaveLength(1);
    adapter.emit(snap(B, [['0.41', '1']], [['0.45', '1']], null));
    adapter.emit(delta(B, 1, [{ side: 'bid', price: '0.46', size: '1' }]));
    await settle();
    expect(seen.get(B)!.slice(-2)).toMatchObject([{ t: 'snapshot' }, { t: 'stale', reason: 'book crossed after a delta' }]);
    expect(service.live(B)).toBeUndefined();
  });

  it('resubscribes a book that stays stale, and ends the subscription a grace period after the last release', async () => {
    const adapter = createScriptedAdapter();
    const { service, clock } = setup(adapter, { staleResubscribeMs: 5_000 });
    await service.acquire(A, 'book');
    await service.acquire(A, 'book');
    await settle();
    adapter.emit(snap(A, [['0.41', '1']], [], null));
    adapter.emit({ type: 'status', state: 'stale', marketId: A, reason: 'gap' });
    clock.advance(4_000);
    await settle();
    expect(adapter.calls).toHaveLength(1);
    clock.advance(2_000);
    await settle();
    expect(adapter.calls.slice(1)).toEqual([
      { op: 'unsubscribe', markets: [A], channels: ['book'] },
      { op: 'subscribe', markets: [A], channels: ['book'] },
    ]);
    expect(service.stats().resubscribes).toBe(1);
    service.release(A, 'book');
    service.release(A, 'book');
    clock.advance(999);
    await settle();
    expect(adapter.subscribed()).toEqual(new Set([`${A} book`]));
    clock.advance(1);
    await settle();
    expect(adapter.subscribed()).toEqual(new Set());
    expect(service.stats().markets).toBe(0);
  });

  it('asks again after a network failure, and polls a market the stream refuses', async () => {
    const adapter = createScriptedAdapter();
    adapter.refuse.add(C);
    adapter.books.set(C, book(C, [['0.3', '5']], [['0.6', '5']]));
    const { service, clock, seen, watch } = setup(adapter);
    await watch(C);
    adapter.failNextSubscribes(1);
    await Promise.all([service.acquire(A, 'book'), service.acquire(C, 'book')]);
    await settle();
    // One batch failed with a network error: both wanted again after the retry delay.
    expect(adapter.calls).toHaveLength(1);
    clock.advance(2_000);
    await settle();
    // The batch is refused for C: asked market by market, A is subscribed, C goes to polling.
    clock.advance(0);
    await settle();
    const subscribes = adapter.calls.filter((c) => c.op === 'subscribe').map((c) => c.markets);
    expect(subscribes).toEqual([[A, C], [A, C], [A], [C]]);
    expect(adapter.subscribed()).toContain(`${A} book`);
    expect(service.pollerOf('kalshi')?.has(C)).toBe(true);
    await vitestWait(() => seen.get(C)!.length > 0, clock);
    expect(seen.get(C)![0]).toMatchObject({ t: 'snapshot', source: 'rest', bids: [['0.3', '5']] });
  });

  it('refuses unknown markets and disabled venues', async () => {
    const adapter = createScriptedAdapter();
    adapter.unknown.add('kalshi:NOPE');
    const { service } = setup(adapter);
    await expect(service.acquire('kalshi:NOPE', 'book')).rejects.toBeInstanceOf(NotFound);
    await expect(service.acquire('polymarket:0x1', 'book')).rejects.toThrow(/not enabled/);
    await expect(service.acquire('garbage', 'book')).rejects.toBeInstanceOf(NotFound);
    expect(service.stats().markets).toBe(0);
  });

  it('republishes a fresh book on request, with the same generation and seq', async () => {
    const adapter = createScriptedAdapter();
    const { service, seen, watch } = setup(adapter);
    await watch(A);
    await service.acquire(A, 'book');
    await settle();
    service.requestSnapshot(A);
    await settle();
    expect(seen.get(A)).toEqual([]);
    adapter.emit(snap(A, [['0.41', '1']], [], 3));
    service.requestSnapshot(A);
    await settle();
    const [first, again] = seen.get(A)!;
    expect(again).toEqual(first);
  });
});

describe('BookService without a usable stream', () => {
  it('polls the books of a venue whose stream needs credentials it lacks, marked rest, with a derived ticker', async () => {
    const adapter = createScriptedAdapter({ authenticated: false, streamNeedsKey: true });
    adapter.books.set(A, book(A, [['0.40', '5']], [['0.50', '5']]));
    const { service, clock, seen, watch } = setup(adapter, { pollIntervalMs: 1_000 });
    await watch(A);
    await service.acquire(A, 'book');
    await service.acquire(A, 'ticker');
    await vitestWait(() => seen.get(A)!.length >= 2, clock);
    expect(adapter.counts.streams).toBe(0);
    expect(seen.get(A)!.map((m) => m.t)).toEqual(['snapshot', 'ticker']);
    expect(seen.get(A)![0]).toMatchObject({ source: 'rest', bids: [['0.4', '5']], asks: [['0.5', '5']] });
    expect(seen.get(A)![1]).toMatchObject({ ticker: { bestBid: '0.4', bestAsk: '0.5', lastPrice: null } });
    expect(service.live(A)?.source).toBe('rest');
    // The venue's book changes: the next round publishes the difference as a delta.
    adapter.books.set(A, book(A, [['0.41', '2']], [['0.50', '5']]));
    clock.advance(1_000);
    await vitestWait(() => seen.get(A)!.length >= 4, clock);
    expect(seen.get(A)!.slice(2)).toMatchObject([
      { t: 'delta', seq: 2, bids: [['0.41', '2'], ['0.4', '0']], asks: [] },
      { t: 'ticker', ticker: { bestBid: '0.41' } },
    ]);
    // Unchanged book: nothing published.
    clock.advance(1_000);
    await settle();
    expect(seen.get(A)).toHaveLength(4);
  });

  it('stops polling while any rate-limit bucket is below the headroom, and resumes where it stopped', async () => {
    const adapter = createScriptedAdapter({ stream: false });
    for (const m of [A, B, C]) adapter.books.set(m, book(m, [['0.4', '1']], []));
    const { service, clock } = setup(adapter, { pollIntervalMs: 1_000, pollMinHeadroom: 0.5 });
    await Promise.all([A, B, C].map((m) => service.acquire(m, 'book')));
    clock.advance(0);
    await settle();
    expect(adapter.counts.restCalls).toBe(3);
    adapter.setLimits([{ name: 'read', ratePerSecond: 10, capacity: 20, available: 9 }]);
    clock.advance(1_000);
    await settle();
    expect(adapter.counts.restCalls).toBe(3);
    expect(service.pollerOf('kalshi')?.counters.throttled).toBeGreaterThan(0);
    adapter.setLimits([{ name: 'read', ratePerSecond: 10, capacity: 20, available: 10 }]);
    clock.advance(1_000);
    await settle();
    expect(adapter.counts.restCalls).toBe(6);
  });

  it('marks a polled book stale when polls keep failing', async () => {
    const adapter = createScriptedAdapter({ stream: false });
    adapter.books.set(A, book(A, [['0.4', '1']], []));
    const { service, clock, seen, watch } = setup(adapter, { pollIntervalMs: 1_000 });
    await watch(A);
    await service.acquire(A, 'book');
    await vitestWait(() => seen.get(A)!.length >= 1, clock);
    adapter.books.delete(A);
    clock.advance(1_000);
    await settle();
    expect(seen.get(A)!.at(-1)).toMatchObject({ t: 'stale' });
    expect(service.live(A)).toBeUndefined();
  });
});

/** Advances the clock by nothing and lets promises run until `done`, failing after many turns. */
async function vitestWait(done: () => boolean, clock: ManualClock): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) {
    clock.advance(0);
    await settle();
  }
  expect(done()).toBe(true);
}
