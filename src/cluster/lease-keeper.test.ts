import { describe, expect, it } from 'vitest';
import { LeaseKeeper } from './lease-keeper.js';
import { MemoryLeaseStore, type Lease, type LeaseStore } from './lease.js';

function keeper(store: LeaseStore, owner: string, clock: { t: number }, events: string[]) {
  return new LeaseKeeper(store, {
    name: 'walk:kalshi',
    owner,
    ttlMs: 3000,
    now: () => clock.t,
    onAcquired: (l) => events.push(`${owner} acquired ${l.token}`),
    onLost: (l, why) => events.push(`${owner} lost ${l.token} ${why}`),
  });
}

describe('LeaseKeeper', () => {
  it('one of two keepers holds the lease; the other takes over once the holder stops renewing', async () => {
    const clock = { t: 0 };
    const store = new MemoryLeaseStore(() => clock.t);
    const events: string[] = [];
    const a = keeper(store, 'a', clock, events);
    const b = keeper(store, 'b', clock, events);
    await a.tick();
    await b.tick();
    expect([a.state, b.state, b.holder]).toEqual(['held', 'follower', 'a']);
    clock.t += 2000;
    await a.tick(); // renewed
    clock.t += 2000;
    await b.tick();
    expect(b.state).toBe('follower');
    // a dies (no more renewals): after the TTL b acquires with a larger token.
    clock.t += 3000;
    await b.tick();
    expect(b.state).toBe('held');
    expect(b.lease!.token).toBeGreaterThan(1);
    // a wakes up: its renewal fails and it reports the loss.
    await a.tick();
    expect(a.state).toBe('follower');
    expect(events).toEqual(['a acquired 1', 'b acquired 2', 'a lost 1 lost']);
  });

  it('stop() releases the lease so a successor takes it at once', async () => {
    const clock = { t: 0 };
    const store = new MemoryLeaseStore(() => clock.t);
    const events: string[] = [];
    const a = keeper(store, 'a', clock, events);
    const b = keeper(store, 'b', clock, events);
    await a.tick();
    await a.stop();
    await b.tick();
    expect(b.state).toBe('held');
    expect(events).toEqual(['a acquired 1', 'a lost 1 released', 'b acquired 2']);
  });

  it('gives a held lease up before it can expire when the store stops answering', async () => {
    const clock = { t: 0 };
    const inner = new MemoryLeaseStore(() => clock.t);
    let down = false;
    const guard = <T>(f: () => Promise<T>) => (down ? Promise.reject(new Error('connection refused')) : f());
    const store: LeaseStore = {
      acquire: (n, o, t) => guard(() => inner.acquire(n, o, t)),
      renew: (l: Lease, t) => guard(() => inner.renew(l, t)),
      release: (l: Lease) => guard(() => inner.release(l)),
      holder: (n) => guard(() => inner.holder(n)),
    };
    const events: string[] = [];
    const a = keeper(store, 'a', clock, events);
    await a.tick();
    down = true;
    clock.t += 1000;
    await a.tick();
    expect(a.state).toBe('held'); // renewed 1 s ago: cannot have expired yet
    clock.t += 1000; // 2 s since the last renewal ≥ TTL − interval
    await a.tick();
    expect(a.state).toBe('unknown');
    expect(events).toEqual(['a acquired 1', 'a lost 1 unreachable']);
    down = false;
    await a.tick();
    expect(a.state).toBe('held');
  });
});
