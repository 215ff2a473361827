import type { Logger } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { StreamListeners } from './stream-listeners.js';

interface Ev {
  type: string;
  n: number;
}

function fakeLogger() {
  const error = vi.fn();
  const warn = vi.fn();
  return { logger: { error, warn } as unknown as Logger, error, warn };
}

describe('StreamListeners', () => {
  it('delivers every event to every listener, in registration order, until removed', () => {
    const l = new StreamListeners<Ev>({ venue: 'kalshi' });
    const seen: string[] = [];
    const offA = l.add((e) => seen.push(`a${e.n}`));
    l.add((e) => seen.push(`b${e.n}`));
    l.emit({ type: 't', n: 1 });
    offA();
    offA(); // removing twice is harmless
    l.emit({ type: 't', n: 2 });
    expect(seen).toEqual(['a1', 'b1', 'b2']);
    expect(l.size).toBe(1);
  });

  it('counts each registration separately, so one remover removes exactly one', () => {
    const l = new StreamListeners<Ev>({ venue: 'kalshi' });
    let calls = 0;
    const fn = () => (calls += 1);
    const off = l.add(fn);
    l.add(fn);
    l.emit({ type: 't', n: 1 });
    off();
    l.emit({ type: 't', n: 2 });
    expect(calls).toBe(3);
  });

  it('isolates a throwing listener: the listeners after it still receive the same event', () => {
    const { logger } = fakeLogger();
    const l = new StreamListeners<Ev>({ venue: 'polymarket', logger });
    const got: number[] = [];
    l.add(() => {
      throw new Error('bug');
    });
    l.add((e) => got.push(e.n));
    l.add(() => {
      throw new Error('another bug');
    });
    l.add((e) => got.push(e.n * 10));
    l.emit({ type: 'delta', n: 1 });
    l.emit({ type: 'delta', n: 2 });
    expect(got).toEqual([1, 10, 2, 20]);
    expect(l.errors).toBe(4);
  });

  it('logs a throwing listener once per burst, with the venue and event type, and its recovery', () => {
    const { logger, error, warn } = fakeLogger();
    const l = new StreamListeners<Ev>({ venue: 'kalshi', logger });
    let failing = true;
    l.add(() => {
      if (failing) throw new Error('listener bug');
    });
    for (let n = 0; n < 50; n++) l.emit({ type: 'delta', n });
    expect(error).toHaveBeenCalledTimes(1);
    expect(error).toHaveBeenCalledWith({ venue: 'kalshi', event: 'delta', err: 'listener bug' }, 'stream listener threw');
    failing = false;
    l.emit({ type: 'delta', n: 50 });
    expect(warn).toHaveBeenCalledWith({ venue: 'kalshi', throws: 50 }, 'stream listener recovered');
    // A new burst is logged again.
    failing = true;
    l.emit({ type: 'snapshot', n: 51 });
    l.emit({ type: 'snapshot', n: 52 });
    expect(error).toHaveBeenCalledTimes(2);
    expect(error.mock.calls[1]?.[0]).toMatchObject({ venue: 'kalshi', event: 'snapshot' });
    expect(l.errors).toBe(52);
  });

  it('tracks bursts per listener: one failing listener does not silence another', () => {
    const { logger, error } = fakeLogger();
    const l = new StreamListeners<Ev>({ venue: 'kalshi', logger, label: 'lifecycle' });
    l.add(() => {
      throw new Error('first');
    });
    l.add(() => {
      throw new Error('second');
    });
    l.emit({ type: 't', n: 1 });
    l.emit({ type: 't', n: 2 });
    expect(error.mock.calls.map((c) => [(c[0] as { err: string }).err, c[1]])).toEqual([
      ['first', 'lifecycle listener threw'],
      ['second', 'lifecycle listener threw'],
    ]);
  });

  it('a listener may remove itself or another while an event is delivered', () => {
    const l = new StreamListeners<Ev>({ venue: 'kalshi' });
    const got: string[] = [];
    const offSelf = l.add(() => {
      got.push('self');
      offSelf();
    });
    l.add(() => got.push('other'));
    l.emit({ type: 't', n: 1 });
    l.emit({ type: 't', n: 2 });
    expect(got).toEqual(['self', 'other', 'other']);
  });

  it('clear removes every listener', () => {
    const l = new StreamListeners<Ev>({ venue: 'kalshi' });
    const fn = vi.fn();
    l.add(fn);
    l.clear();
    l.emit({ type: 't', n: 1 });
    expect(fn).not.toHaveBeenCalled();
    expect(l.size).toBe(0);
  });
});
