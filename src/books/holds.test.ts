import { describe, expect, it } from 'vitest';
import { ManualClock } from '../venue/index.js';
import { HoldTable, type Hold } from './holds.js';
import type { DataChannel } from './messages.js';

function table(graceMs: number) {
  const clock = new ManualClock(0);
  const log: string[] = [];
  const holds = new HoldTable({
    clock,
    graceMs,
    open: (h: Hold, c: DataChannel) => log.push(`open ${h.marketId} ${c}`),
    close: (h: Hold, c: DataChannel) => log.push(`close ${h.marketId} ${c}`),
  });
  const acquire = (m: string, c: DataChannel) => holds.acquire(m, c, () => ({ venue: 'kalshi', mode: 'stream' }));
  return { clock, log, holds, acquire };
}

describe('HoldTable', () => {
  it('opens a channel once however many hold it, and closes it a grace period after the last release', () => {
    const { clock, log, holds, acquire } = table(1_000);
    for (let i = 0; i < 5; i++) acquire('kalshi:A', 'book');
    acquire('kalshi:A', 'ticker');
    expect(log).toEqual(['open kalshi:A book', 'open kalshi:A ticker']);
    expect(holds.get('kalshi:A')?.holders('book')).toBe(5);
    for (let i = 0; i < 5; i++) holds.release('kalshi:A', 'book');
    expect(holds.get('kalshi:A')?.active('book')).toBe(true);
    clock.advance(999);
    expect(log).toHaveLength(2);
    clock.advance(1);
    expect(log).toEqual(['open kalshi:A book', 'open kalshi:A ticker', 'close kalshi:A book']);
    expect(holds.get('kalshi:A')?.active('book')).toBe(false);
    holds.release('kalshi:A', 'ticker');
    clock.advance(1_000);
    expect(log.at(-1)).toBe('close kalshi:A ticker');
    expect(holds.size).toBe(0);
  });

  it('a hold within the grace period keeps the channel open without opening it again', () => {
    const { clock, log, holds, acquire } = table(1_000);
    acquire('kalshi:A', 'book');
    holds.release('kalshi:A', 'book');
    clock.advance(500);
    acquire('kalshi:A', 'book');
    clock.advance(5_000);
    expect(log).toEqual(['open kalshi:A book']);
    holds.release('kalshi:A', 'book');
    clock.advance(1_000);
    expect(log).toEqual(['open kalshi:A book', 'close kalshi:A book']);
    // After closing, a new hold opens it again.
    acquire('kalshi:A', 'book');
    expect(log.at(-1)).toBe('open kalshi:A book');
  });

  it('closes at once with no grace period, and ignores releases of what is not held', () => {
    const { log, holds, acquire } = table(0);
    holds.release('kalshi:A', 'book');
    acquire('kalshi:A', 'trades');
    holds.release('kalshi:A', 'trades');
    holds.release('kalshi:A', 'trades');
    expect(log).toEqual(['open kalshi:A trades', 'close kalshi:A trades']);
    expect(holds.size).toBe(0);
  });
});
