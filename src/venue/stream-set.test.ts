import { describe, expect, it } from 'vitest';
import { NetworkError } from '../core/errors.js';
import type { StreamEvent } from './adapter.js';
import { StreamSet } from './stream-set.js';

describe('StreamSet', () => {
  it('holds the open scopes; a scope closed by its stream leaves the set', async () => {
    const set = new StreamSet({ venue: 'kalshi' });
    const a = set.open();
    const b = set.open();
    expect(set.size).toBe(2);
    expect(a.venue).toBe('kalshi');
    await a.close();
    expect(set.size).toBe(1);
    await b.close();
    expect(set.size).toBe(0);
  });

  it('closeAll closes every open stream once, then opens no more', async () => {
    const set = new StreamSet({ venue: 'polymarket' });
    const events: StreamEvent[][] = [[], [], []];
    const scopes = events.map((list) => {
      const s = set.open();
      s.onEvent((e) => list.push(e));
      return s;
    });
    await scopes[0]?.close();
    await Promise.all([set.closeAll(), set.closeAll()]);
    expect(scopes.every((s) => s.closed)).toBe(true);
    expect(set.size).toBe(0);
    for (const list of events) expect(list).toEqual([{ type: 'status', state: 'disconnected', reason: 'closed' }]);
    expect(() => set.open()).toThrow(NetworkError);
  });

  it('passes its defaults to each scope, with per-stream overrides', () => {
    const set = new StreamSet({ venue: 'kalshi' });
    const clock = { now: () => 42, setTimeout: () => 0, clearTimeout: () => undefined };
    expect(set.open({ clock }).clock.now()).toBe(42);
    expect(set.open().clock.now()).not.toBe(42);
  });
});
