import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { MemoryLeaseStore, type Lease, type LeaseStore } from '../cluster/lease.js';
import { VenueLease, type CatalogRole } from './catalog-lease.js';

const silent = pino({ level: 'silent' });

function venueLease(store: LeaseStore, owner: string, events: string[], ttlMs = 60_000) {
  return new VenueLease({
    venue: 'kalshi',
    lease: 'catalog:kalshi',
    store,
    owner,
    ttlMs,
    logger: silent,
    beforeLeading: async (lease: Lease, previous: CatalogRole | null) => void events.push(`${owner} leads ${lease.token} after ${previous}`),
    onRole: (role, previous) => events.push(`${owner} ${role} after ${previous}`),
  });
}

describe('VenueLease roles', () => {
  it('a leader whose lease vanished from the store takes it again without ever turning follower', async () => {
    const store = new MemoryLeaseStore();
    const events: string[] = [];
    const a = venueLease(store, 'a', events);
    await a.start();
    expect(a.role).toBe('leader');
    // The store lost the lease (a Redis restarted without persistence).
    await store.release({ name: 'catalog:kalshi', owner: 'a', token: a.token()! });
    await a.check();
    expect(a.role).toBe('leader');
    expect(a.token()).toBe(2);
    expect(events).toEqual(['a leads 1 after null', 'a leads 2 after leader']);
    await a.stop();
  });

  it('a second instance follows; a refused write makes the leader stop walking at once', async () => {
    const store = new MemoryLeaseStore();
    const events: string[] = [];
    const a = venueLease(store, 'a', events);
    const b = venueLease(store, 'b', events);
    await a.start();
    await b.start();
    expect([a.role, b.role, b.info().leader]).toEqual(['leader', 'follower', 'a']);
    expect(b.walking()).toBe(false);
    a.fencedOut();
    expect(a.walking()).toBe(false);
    expect(a.token()).toBeUndefined();
    expect(a.info()).toMatchObject({ role: 'follower', fencedWrites: 1 });
    await a.stop();
    await b.check();
    expect(b.role).toBe('leader');
    expect(events).toEqual(['a leads 1 after null', 'b follower after null', 'a follower after leader', 'b leads 2 after follower']);
    await b.stop();
  });

  it('a follower that cannot reach the store walks alone only after a lease time', async () => {
    const inner = new MemoryLeaseStore();
    let down = false;
    const guard = <T>(f: () => Promise<T>) => (down ? Promise.reject(new Error('connection refused')) : f());
    const store: LeaseStore = {
      acquire: (n, o, t) => guard(() => inner.acquire(n, o, t)),
      renew: (l, t) => guard(() => inner.renew(l, t)),
      release: (l) => guard(() => inner.release(l)),
      holder: (n) => guard(() => inner.holder(n)),
    };
    const events: string[] = [];
    await inner.acquire('catalog:kalshi', 'other', 60_000);
    const b = venueLease(store, 'b', events, 300);
    await b.start();
    expect(b.role).toBe('follower');
    down = true;
    await b.check();
    expect(b.info().state).toBe('unknown');
    expect(b.role).toBe('follower'); // the leader may still hold its lease
    const ac = new AbortController();
    await b.whenWalking(ac.signal); // resolves once it walks alone
    expect(b.role).toBe('standalone');
    await b.stop();
  });
});
