import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { MemoryBus } from '../cache/index.js';
import type { Bus } from '../cache/index.js';
import { MemoryLeaseStore, type Lease, type LeaseStore } from '../cluster/lease.js';
import type { VenueId } from '../core/index.js';
import { ManualClock } from '../venue/index.js';
import { book, createScriptedAdapter, type ScriptedAdapter } from '../../test/support/scripted-adapter.js';
import { MemoryInterestStore, type InterestStore } from './interest.js';
import { SHARED_SCOPE, type MarketDataMessage } from './messages.js';
import { BookService } from './service.js';
import { SharedBooks, bookLeaseName } from './shared.js';

const A = 'kalshi:A';
const T0 = Date.parse('2026-05-01T00:00:00.000Z');
const TTL = 3_000;
const GRACE = 1_000;

const settle = async () => {
  for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
};

/** Instances sharing one bus, lease store and interest registry, on one manual clock. */
function cluster(options: { leases?: (inner: LeaseStore) => LeaseStore } = {}) {
  const clock = new ManualClock(T0);
  const bus: Bus = new MemoryBus();
  const inner = new MemoryLeaseStore(() => clock.now());
  const leases = options.leases?.(inner) ?? inner;
  const interest: InterestStore = new MemoryInterestStore();
  const seen: MarketDataMessage[] = [];
  void bus.subscribe(`md:${SHARED_SCOPE}:${A}`, (m) => seen.push(m as MarketDataMessage));
  const instance = async (id: string) => {
    const adapter = createScriptedAdapter();
    const books = new BookService({
      adapters: new Map<VenueId, ScriptedAdapter>([[adapter.venue, adapter]]),
      bus,
      logger: pino({ level: 'silent' }),
      settings: { graceMs: GRACE },
      clock,
      scope: SHARED_SCOPE,
    });
    const shared = new SharedBooks({ books, bus, leases, interest, instance: id, ttlMs: TTL, logger: pino({ level: 'silent' }), now: () => clock.now() });
    await shared.start({ loop: false });
    return { adapter, books, shared };
  };
  return { clock, bus, inner, seen, instance };
}

const snapshot = (bids: [string, string][]) => ({ type: 'snapshot' as const, book: book(A, bids, [['0.6', '1']], { seq: 1, source: 'stream' }) });

describe('SharedBooks', () => {
  it('holds a market upstream on one instance for all, answers the others’ snapshot requests, and is replaced when it stops renewing', async () => {
    const { clock, inner, seen, instance } = cluster();
    const a = await instance('a');
    const b = await instance('b');
    await a.shared.acquire(A, 'book');
    await b.shared.acquire(A, 'book');
    await settle();
    expect(a.adapter.subscribed()).toEqual(new Set([`${A} book`]));
    expect(b.adapter.calls).toEqual([]);
    expect([a.shared.ownership().owned, b.shared.ownership().followed]).toEqual([1, 1]);

    a.adapter.emit(snapshot([['0.4', '2']]));
    await settle();
    expect(seen.map((m) => m.t)).toEqual(['stale', 'snapshot']);
    b.shared.requestSnapshot(A);
    await settle();
    expect(seen.map((m) => m.t)).toEqual(['stale', 'snapshot', 'snapshot']);
    expect(seen[2]).toEqual(seen[1]);

    // a stops renewing (dead): within the TTL the lease is free, and b's next round takes it.
    clock.advance(TTL / 3);
    await b.shared.round();
    expect(b.adapter.calls).toEqual([]);
    clock.advance(TTL);
    await b.shared.round();
    await settle();
    expect((await inner.holder(bookLeaseName(A)))?.owner).toBe('b');
    expect(b.adapter.subscribed()).toEqual(new Set([`${A} book`]));
    expect(seen.at(-1)).toMatchObject({ t: 'stale', market: A });
    b.adapter.emit(snapshot([['0.41', '2']]));
    await settle();
    const last = seen.at(-1) as Extract<MarketDataMessage, { t: 'snapshot' }>;
    expect(last.t).toBe('snapshot');
    expect(last.gen).not.toBe((seen[1] as Extract<MarketDataMessage, { t: 'snapshot' }>).gen);

    // a wakes up: its renewal is refused, and it drops the market upstream at once (no grace).
    await a.shared.round();
    await settle();
    expect(a.adapter.subscribed()).toEqual(new Set());
    expect(a.shared.ownership()).toMatchObject({ owned: 0, followed: 1, lost: 1 });
  });

  it('keeps the channels other instances want, and gives the market up a grace period after nobody wants it', async () => {
    const { clock, inner, instance } = cluster();
    const a = await instance('a');
    const b = await instance('b');
    await a.shared.acquire(A, 'book');
    await b.shared.acquire(A, 'ticker');
    await a.shared.round();
    await settle();
    expect(a.adapter.subscribed()).toEqual(new Set([`${A} book`, `${A} ticker`]));
    expect(b.adapter.calls).toEqual([]);

    b.shared.release(A, 'ticker');
    a.shared.release(A, 'book');
    await a.shared.round();
    clock.advance(GRACE);
    await settle();
    expect(a.adapter.subscribed(), 'closed upstream after the grace period').toEqual(new Set());
    expect((await inner.holder(bookLeaseName(A)))?.owner).toBe('a');
    await a.shared.round();
    expect(await inner.holder(bookLeaseName(A)), 'lease given up a grace period after the last interest').toBeNull();
    expect(a.shared.ownership().owned).toBe(0);
  });

  it('with the lease store unreachable, serves its own clients from its own subscription, and gives a held lease up before it could expire', async () => {
    let down = false;
    const guard = <T>(f: () => Promise<T>) => (down ? Promise.reject(new Error('connection refused')) : f());
    const { clock, instance } = cluster({
      leases: (inner) => ({
        acquire: (n, o, t) => guard(() => inner.acquire(n, o, t)),
        renew: (l: Lease, t) => guard(() => inner.renew(l, t)),
        release: (l: Lease) => guard(() => inner.release(l)),
        holder: (n) => guard(() => inner.holder(n)),
      }),
    });
    const a = await instance('a');
    const b = await instance('b');
    await a.shared.acquire(A, 'book');
    await b.shared.acquire(A, 'book');
    await settle();
    expect([a.adapter.subscribed().size, b.adapter.subscribed().size]).toEqual([1, 0]);

    down = true;
    await b.shared.round();
    await settle();
    expect(b.adapter.calls, 'a failed round alone (a slow Redis) changes nothing').toEqual([]);
    expect(b.shared.ownership()).toMatchObject({ followed: 1, leaseStore: 'unreachable' });
    clock.advance(TTL / 3);
    await a.shared.round();
    expect(a.shared.ownership().owned, 'renewed recently: still held').toBe(1);
    clock.advance(TTL / 3);
    await a.shared.round();
    expect(a.shared.ownership(), 'the lease given up, its own clients still served').toMatchObject({ owned: 0, unleased: 1 });
    expect(a.adapter.calls.filter((c) => c.op === 'unsubscribe'), 'its own clients’ book stays subscribed').toEqual([]);
    clock.advance(TTL / 3);
    await a.shared.round();
    await b.shared.round();
    await settle();
    expect(b.adapter.subscribed(), 'unreachable for a TTL: b holds what its clients watch').toEqual(new Set([`${A} book`]));
    expect(b.shared.ownership()).toMatchObject({ unleased: 1, leaseStore: 'unreachable' });
    expect(a.shared.ownership()).toMatchObject({ unleased: 1 });

    // Redis answers again: one instance takes the lease, the other drops its own subscription.
    down = false;
    clock.advance(TTL);
    await a.shared.round();
    await b.shared.round();
    await settle();
    expect([a.adapter.subscribed().size, b.adapter.subscribed().size].sort()).toEqual([0, 1]);
    expect(a.shared.ownership().owned + b.shared.ownership().owned).toBe(1);
  });
});
