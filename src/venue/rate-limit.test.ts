import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RateLimitError, TokenBucket, WindowLimiter } from './rate-limit.js';
import { RateLimiter } from './rate-limiter.js';

const now = (): number => Date.now();

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

function track(p: Promise<void>, log: string[], label: string): Promise<void> {
  return p.then(() => {
    log.push(label);
  });
}

describe('TokenBucket', () => {
  it('serves waiters FIFO as tokens refill, never exceeding the budget', async () => {
    const b = new TokenBucket({ name: 'read', ratePerSecond: 10, capacity: 2, now });
    const log: string[] = [];
    await b.take(1);
    await b.take(1);
    const big = track(b.take(2), log, 'big');
    const small = track(b.take(1), log, 'small');
    // A later small request may not jump the queue even if one token is there.
    await vi.advanceTimersByTimeAsync(150);
    expect(log).toEqual([]);
    await vi.advanceTimersByTimeAsync(60);
    expect(log).toEqual(['big']);
    await vi.advanceTimersByTimeAsync(110);
    expect(log).toEqual(['big', 'small']);
    await Promise.all([big, small]);
  });

  it('keeps a single timer however many requests wait', async () => {
    const b = new TokenBucket({ name: 'w', ratePerSecond: 100, capacity: 1, initial: 0, now });
    const waits = Array.from({ length: 50 }, () => b.take(1));
    expect(b.pending).toBe(50);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(600);
    await Promise.all(waits);
    expect(b.pending).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects requests larger than the capacity and bad counts', () => {
    const b = new TokenBucket({ name: 'write', ratePerSecond: 100, capacity: 20, now });
    expect(() => b.take(21)).toThrow(RateLimitError);
    expect(() => b.take(0)).toThrow(RateLimitError);
    expect(() => b.tryTake(-1)).toThrow(RateLimitError);
  });

  it('tryTake refuses while others wait or budget is short', async () => {
    const b = new TokenBucket({ name: 'r', ratePerSecond: 10, capacity: 1, now });
    expect(b.tryTake(1)).toBe(true);
    expect(b.tryTake(1)).toBe(false);
    const p = b.take(1);
    expect(b.tryTake(1)).toBe(false);
    await vi.advanceTimersByTimeAsync(110);
    await p;
    await vi.advanceTimersByTimeAsync(110);
    expect(b.tryTake(1)).toBe(true);
  });

  it('pause(ms) after a 429 holds everyone back and empties the budget', async () => {
    const b = new TokenBucket({ name: 'r', ratePerSecond: 10, capacity: 5, now });
    b.pause(500);
    expect(b.status()).toEqual({ name: 'r', ratePerSecond: 10, capacity: 5, available: 0 });
    expect(b.tryTake(1)).toBe(false);
    let done = false;
    const p = b.take(1).then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(450);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(100);
    expect(done).toBe(true);
    await p;
    // Refill continued during the pause: 5 tokens at 10/s over 0.5 s, one taken.
    expect(b.status().available).toBe(4);
  });

  it('an aborted waiter leaves the queue and lets the next one through', async () => {
    const b = new TokenBucket({ name: 'r', ratePerSecond: 10, capacity: 3, initial: 0, now });
    const ac = new AbortController();
    const big = b.take(3, ac.signal);
    const log: string[] = [];
    const small = track(b.take(1), log, 'small');
    ac.abort(new Error('caller gave up'));
    await expect(big).rejects.toThrow('caller gave up');
    await vi.advanceTimersByTimeAsync(110);
    expect(log).toEqual(['small']);
    await small;
  });

  it('close() rejects waiters', async () => {
    const b = new TokenBucket({ name: 'r', ratePerSecond: 1, capacity: 1, initial: 0, now });
    const p = b.take(1);
    b.close();
    await expect(p).rejects.toBeInstanceOf(RateLimitError);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('WindowLimiter', () => {
  it('allows at most `limit` in any sliding window', async () => {
    const w = new WindowLimiter({ name: 'book', limit: 3, windowMs: 1000, now });
    await w.take();
    await vi.advanceTimersByTimeAsync(400);
    await w.take();
    await w.take();
    expect(w.status().available).toBe(0);
    expect(w.status().ratePerSecond).toBe(3);
    const log: string[] = [];
    const p4 = track(w.take(), log, 'fourth');
    const p5 = track(w.take(), log, 'fifth');
    await vi.advanceTimersByTimeAsync(550); // t = 950
    expect(log).toEqual([]);
    await vi.advanceTimersByTimeAsync(100); // t = 1050: the first take has left the window
    expect(log).toEqual(['fourth']);
    await vi.advanceTimersByTimeAsync(400); // t = 1450: the second has left too
    expect(log).toEqual(['fourth', 'fifth']);
    await Promise.all([p4, p5]);
  });

  it('rejects requests larger than the window limit', () => {
    const w = new WindowLimiter({ name: 'x', limit: 2, windowMs: 1000, now });
    expect(() => w.take(3)).toThrow(/can never pass/);
  });
});

describe('RateLimiter', () => {
  it('holds named buckets of either kind and reports statuses', async () => {
    const rl = new RateLimiter(
      { read: { ratePerSecond: 200, capacity: 400 }, book: { limit: 1500, windowMs: 10_000 } },
      { now },
    );
    await rl.take('read', 10);
    await rl.take(['book', 'read'], 1);
    expect(rl.statuses()).toEqual([
      { name: 'read', ratePerSecond: 200, capacity: 400, available: 389 },
      { name: 'book', ratePerSecond: 150, capacity: 1500, available: 1499 },
    ]);
    expect(() => rl.get('write')).toThrow(/unknown rate-limit bucket "write"/);
    await expect(rl.take('write')).rejects.toThrow(RateLimitError);
    rl.pause(undefined, 1000);
    expect(rl.statuses().map((s) => s.available)).toEqual([0, 0]);
    rl.close();
  });
});

describe('WindowLimiter pause', () => {
  it('holds requests for the pause only, not for a whole window', async () => {
    const w = new WindowLimiter({ name: 'global', limit: 100, windowMs: 600_000, now });
    await w.take();
    w.pause(200);
    let done = false;
    const p = w.take().then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(150);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(100);
    expect(done).toBe(true);
    await p;
    expect(w.status().available).toBe(98);
  });
});
