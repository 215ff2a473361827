import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Overloaded } from '../core/errors.js';
import { TokenBucket } from './rate-limit.js';
import { runInContext, type RequestContext } from './request-context.js';

const now = (): number => Date.now();

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

function interactive(client: string, deadlineMs?: number, signal?: AbortSignal): RequestContext {
  return {
    lane: 'interactive',
    client,
    ...(deadlineMs !== undefined ? { deadlineAt: Date.now() + deadlineMs, deadlineMs } : {}),
    ...(signal ? { signal } : {}),
  };
}

/** Takes in a context; records the label when granted, or the error's reason when refused. */
function take(b: TokenBucket, ctx: RequestContext | undefined, label: string, log: string[]): Promise<void> {
  const p = ctx ? runInContext(ctx, () => b.take(1)) : b.take(1);
  return p.then(
    () => void log.push(label),
    (err: unknown) => void log.push(`${label}:${err instanceof Overloaded ? err.reason : String(err)}`),
  );
}

describe('fair limiter lanes', () => {
  it('keeps the reserved share for background work: interactive requests stop at their part of the burst', async () => {
    const b = new TokenBucket({ name: 'read', ratePerSecond: 10, capacity: 10, now, fairness: { backgroundShare: 0.2, maxQueue: 100 } });
    const log: string[] = [];
    const ir = Array.from({ length: 10 }, (_, i) => take(b, interactive('a'), `i${i}`, log));
    await Promise.resolve();
    await Promise.resolve();
    // 8 of 10 tokens go to API work; the other two stay for the catalog and the books.
    expect(log.filter((l) => l.startsWith('i'))).toHaveLength(8);
    const bg = [take(b, undefined, 'bg0', log), take(b, undefined, 'bg1', log)];
    await Promise.all(bg);
    expect(log).toContain('bg0');
    expect(log).toContain('bg1');
    await vi.advanceTimersByTimeAsync(2_000);
    await Promise.all(ir);
    expect(log.filter((l) => l.startsWith('i'))).toHaveLength(10);
  });

  it('serves clients in turn: a flood from one client does not stand in front of another client', async () => {
    const b = new TokenBucket({ name: 'read', ratePerSecond: 10, capacity: 1, initial: 0, now, fairness: { backgroundShare: 0, maxQueue: 100 } });
    const log: string[] = [];
    const flood = Array.from({ length: 20 }, (_, i) => take(b, interactive('flood'), `f${i}`, log));
    const probe = take(b, interactive('probe'), 'probe', log);
    await vi.advanceTimersByTimeAsync(250);
    // One flood request was first in line; the probe comes right after it, not after twenty.
    expect(log.slice(0, 2)).toEqual(['f0', 'probe']);
    await vi.advanceTimersByTimeAsync(3_000);
    await Promise.all([...flood, probe]);
    expect(log).toHaveLength(21);
  });

  it('bounds the queue: past maxQueue the newest request of the longest queue is shed, never another client', async () => {
    const b = new TokenBucket({ name: 'read', ratePerSecond: 1, capacity: 1, initial: 0, now, fairness: { backgroundShare: 0, maxQueue: 3 } });
    const log: string[] = [];
    const flood = Array.from({ length: 4 }, (_, i) => take(b, interactive('flood'), `f${i}`, log));
    await Promise.resolve();
    expect(log).toEqual(['f3:queue_full']);
    expect(b.queueDepth()).toEqual({ interactive: 3, background: 0 });
    // Another client still gets a place, at the flood's expense.
    const probe = take(b, interactive('probe'), 'probe', log);
    await Promise.resolve();
    expect(log).toEqual(['f3:queue_full', 'f2:queue_full']);
    await vi.advanceTimersByTimeAsync(10_000);
    await Promise.all([...flood, probe]);
    expect(log).toContain('probe');
  });

  it('sheds at once a request whose wait would outlast its deadline, with a Retry-After estimate', async () => {
    const b = new TokenBucket({ name: 'read', ratePerSecond: 1, capacity: 1, initial: 0, now, fairness: { backgroundShare: 0, maxQueue: 100 } });
    let caught: unknown;
    await runInContext(interactive('a', 500), () => b.take(1)).catch((err: unknown) => (caught = err));
    expect(caught).toBeInstanceOf(Overloaded);
    expect((caught as Overloaded).reason).toBe('deadline');
    expect((caught as Overloaded).retryAfterMs).toBeGreaterThanOrEqual(1000);
    expect(b.pending).toBe(0);
  });

  it('drops a queued request when its deadline passes, and serves the next one', async () => {
    const b = new TokenBucket({ name: 'read', ratePerSecond: 1, capacity: 1, initial: 0, now, fairness: { backgroundShare: 0, maxQueue: 100 } });
    const log: string[] = [];
    const controller = new AbortController();
    const first = take(b, interactive('a', 5_000, controller.signal), 'a', log);
    const second = take(b, interactive('b', 5_000), 'b', log);
    await vi.advanceTimersByTimeAsync(100);
    controller.abort(new Error('deadline'));
    await first;
    expect(log).toEqual(['a:deadline']);
    await vi.advanceTimersByTimeAsync(1_000);
    await second;
    expect(log).toEqual(['a:deadline', 'b']);
  });

  it('background work waits in its own FIFO, never shed and never held back by interactive heads', async () => {
    const b = new TokenBucket({ name: 'read', ratePerSecond: 10, capacity: 5, initial: 0, now, fairness: { backgroundShare: 0.5, maxQueue: 1 } });
    const log: string[] = [];
    const bg = Array.from({ length: 5 }, (_, i) => take(b, undefined, `bg${i}`, log));
    await vi.advanceTimersByTimeAsync(600);
    await Promise.all(bg);
    expect(log).toEqual(['bg0', 'bg1', 'bg2', 'bg3', 'bg4']);
  });
});
