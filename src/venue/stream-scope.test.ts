import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import { NetworkError } from '../core/errors.js';
import type { StreamEvent } from './adapter.js';
import { ManualClock } from './stream-clock.js';
import { StreamScope } from './stream-scope.js';

function fakeLogger() {
  const error = vi.fn();
  const warn = vi.fn();
  const info = vi.fn();
  return { logger: { error, warn, info } as unknown as Logger, error };
}

const status = (events: StreamEvent[]) => events.filter((e) => e.type === 'status').map((e) => (e.type === 'status' ? e.state : ''));

describe('StreamScope timers (injected clock)', () => {
  it('a timeout fires once at its time unless cancelled', () => {
    const clock = new ManualClock();
    const scope = new StreamScope({ venue: 'kalshi', clock });
    const fired: string[] = [];
    const a = scope.timeout(100, () => fired.push('a'));
    const b = scope.timeout(100, () => fired.push('b'));
    b.cancel();
    clock.advance(99);
    expect(fired).toEqual([]);
    clock.advance(1);
    expect(fired).toEqual(['a']);
    expect(a.active).toBe(false);
    expect(b.active).toBe(false);
    clock.advance(1_000);
    expect(fired).toEqual(['a']);
  });

  it('an interval repeats until cancelled', () => {
    const clock = new ManualClock();
    const scope = new StreamScope({ venue: 'kalshi', clock });
    let n = 0;
    const t = scope.every(50, () => (n += 1));
    clock.advance(175);
    expect(n).toBe(3);
    t.cancel();
    clock.advance(500);
    expect(n).toBe(3);
    expect(clock.pending).toBe(0);
  });

  it('a throwing timer callback is logged and does not stop other timers', () => {
    const clock = new ManualClock();
    const { logger, error } = fakeLogger();
    const scope = new StreamScope({ venue: 'polymarket', logger, clock });
    let n = 0;
    scope.every(10, () => {
      throw new Error('timer bug');
    });
    scope.every(10, () => (n += 1));
    clock.advance(30);
    expect(n).toBe(3);
    expect(error).toHaveBeenCalledWith({ venue: 'polymarket', err: 'timer bug' }, 'stream timer threw');
  });

  it('within: the work wins before the deadline, the deadline wins after it', async () => {
    const clock = new ManualClock();
    const scope = new StreamScope({ venue: 'kalshi', clock });
    await expect(scope.within(100, Promise.resolve('done'), () => new Error('late'))).resolves.toBe('done');
    expect(clock.pending).toBe(0);
    const never = new Promise<string>(() => undefined);
    const raced = scope.within(100, never, () => new Error('no snapshot within 100 ms'));
    clock.advance(100);
    await expect(raced).rejects.toThrow('no snapshot within 100 ms');
  });

  it('close cancels every timer; timers asked for after close never start', async () => {
    const clock = new ManualClock();
    const scope = new StreamScope({ venue: 'kalshi', clock });
    const fn = vi.fn();
    scope.timeout(10, fn);
    scope.every(10, fn);
    expect(clock.pending).toBe(2);
    await scope.close();
    expect(clock.pending).toBe(0);
    const late = scope.timeout(10, fn);
    expect(late.active).toBe(false);
    clock.advance(100);
    expect(fn).not.toHaveBeenCalled();
  });
});

describe('StreamScope close path', () => {
  it('is idempotent: one shutdown, hooks run once, one final disconnected status, then no listeners', async () => {
    const scope = new StreamScope({ venue: 'kalshi' });
    const events: StreamEvent[] = [];
    scope.onEvent((e) => events.push(e));
    const extra = scope.listeners<string>('lifecycle');
    const extraSeen: string[] = [];
    extra.add((e) => extraSeen.push(e));
    const order: string[] = [];
    scope.onClose(() => {
      order.push('sync hook');
    });
    scope.onClose(async () => {
      await Promise.resolve();
      order.push('async hook');
    });
    const removed = vi.fn();
    scope.onClose(removed)();
    scope.emit({ type: 'status', state: 'connected' });
    const first = scope.close();
    const second = scope.close();
    expect(second).toBe(first);
    expect(scope.closed).toBe(true);
    // Events emitted once closing began are dropped.
    scope.emit({ type: 'status', state: 'reconnecting' });
    await Promise.all([first, second]);
    await scope.close();
    expect(order).toEqual(['sync hook', 'async hook']);
    expect(removed).not.toHaveBeenCalled();
    expect(status(events)).toEqual(['connected', 'disconnected']);
    scope.emit({ type: 'status', state: 'connected' });
    extra.emit('after close');
    expect(status(events)).toEqual(['connected', 'disconnected']);
    expect(extraSeen).toEqual([]);
  });

  it('a throwing close hook is logged and the close completes', async () => {
    const { logger, error } = fakeLogger();
    const scope = new StreamScope({ venue: 'kalshi', logger });
    const after = vi.fn();
    scope.onClose(() => {
      throw new Error('hook bug');
    });
    scope.onClose(() => Promise.reject(new Error('async hook bug')));
    scope.onClose(after);
    const events: StreamEvent[] = [];
    scope.onEvent((e) => events.push(e));
    await scope.close();
    expect(after).toHaveBeenCalledTimes(1);
    expect(error.mock.calls.map((c) => (c[0] as { err: string }).err).sort()).toEqual(['async hook bug', 'hook bug']);
    expect(status(events)).toEqual(['disconnected']);
  });

  it('isolates listeners and counts their throws', () => {
    const scope = new StreamScope({ venue: 'polymarket' });
    const got: StreamEvent[] = [];
    scope.onEvent(() => {
      throw new Error('bug');
    });
    scope.onEvent((e) => got.push(e));
    scope.listeners<number>('extra').add(() => {
      throw new Error('bug');
    });
    scope.emit({ type: 'status', state: 'connected' });
    expect(got).toHaveLength(1);
    expect(scope.listenerErrors).toBe(1);
  });
});

describe('StreamScope sockets', () => {
  let wss: WebSocketServer | undefined;
  afterEach(async () => {
    if (!wss) return;
    for (const c of wss.clients) c.terminate();
    await new Promise<void>((r) => wss?.close(() => r()));
    wss = undefined;
  });

  it('closes its sockets on close, and opens none afterwards', async () => {
    wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((r) => wss?.once('listening', () => r()));
    const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/`;
    const closedByClient: number[] = [];
    wss.on('connection', (ws: WebSocket) => ws.on('close', (code) => closedByClient.push(code)));
    const scope = new StreamScope({ venue: 'kalshi' });
    const a = scope.socket({ url, backoff: { baseMs: 5, maxMs: 20 } });
    const b = scope.socket({ url, backoff: { baseMs: 5, maxMs: 20 } });
    await Promise.all([a.connect(), b.connect()]);
    expect(a.isOpen && b.isOpen).toBe(true);
    await scope.close();
    expect(a.isOpen || b.isOpen).toBe(false);
    await vi.waitFor(() => expect(closedByClient).toEqual([1000, 1000]));
    expect(() => scope.socket({ url })).toThrow(NetworkError);
    await expect(a.connect()).rejects.toBeInstanceOf(NetworkError);
    expect(wss.clients.size).toBe(0);
  });
});
