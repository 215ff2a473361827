import { describe, expect, it } from 'vitest';
import { LocalSeq } from './stream-seq.js';

describe('LocalSeq', () => {
  it('numbers a snapshot and its deltas one by one; deltas before the first snapshot are dropped', () => {
    const s = new LocalSeq();
    s.track('m');
    expect(s.state('m')).toBe('awaiting');
    expect(s.delta('m')).toBeNull();
    expect(s.seq('m')).toBe(0);
    expect(s.snapshot('m')).toBe(1);
    expect([s.delta('m'), s.delta('m'), s.delta('m')]).toEqual([2, 3, 4]);
    expect(s.seq('m')).toBe(4);
    expect(s.isLive('m')).toBe(true);
  });

  it('keeps one increasing series per market', () => {
    const s = new LocalSeq();
    s.snapshot('a');
    s.snapshot('b');
    s.delta('a');
    expect([s.seq('a'), s.seq('b')]).toEqual([2, 1]);
  });

  it('a stale market drops deltas until its next snapshot, which continues the series', () => {
    const s = new LocalSeq();
    s.snapshot('m');
    s.delta('m');
    expect(s.mark('m', 'stale')).toBe(true);
    expect(s.mark('m', 'stale')).toBe(false); // one stale notice, not one per frame
    expect(s.delta('m')).toBeNull();
    expect(s.seq('m')).toBe(2);
    expect(s.snapshot('m')).toBe(3);
    expect(s.delta('m')).toBe(4);
  });

  it('a reconnect marks every market once; markets already awaiting stay silent', () => {
    const s = new LocalSeq();
    s.snapshot('live');
    s.snapshot('stale');
    s.mark('stale', 'stale');
    s.track('new');
    expect(s.markAll('awaiting').sort()).toEqual(['live', 'stale']);
    expect(s.markAll('awaiting')).toEqual([]);
    expect(s.marketIds().map((m) => s.state(m))).toEqual(['awaiting', 'awaiting', 'awaiting']);
  });

  it('counts snapshots, so a REST snapshot fetched while a venue snapshot arrived is recognised as outdated', () => {
    const s = new LocalSeq();
    s.snapshot('m');
    s.mark('m', 'stale');
    const ticket = s.snapshots('m'); // REST fetch starts
    s.snapshot('m'); // the venue's snapshot arrives first
    expect(s.snapshots('m')).not.toBe(ticket);
    expect(s.isLive('m')).toBe(true);
  });

  it('marking an untracked market does nothing; forget restarts the series', () => {
    const s = new LocalSeq();
    expect(s.mark('x', 'stale')).toBe(false);
    expect(s.has('x')).toBe(false);
    s.snapshot('m');
    s.delta('m');
    s.forget('m');
    expect(s.has('m')).toBe(false);
    expect(s.snapshot('m')).toBe(1);
    s.clear();
    expect(s.marketIds()).toEqual([]);
  });
});
