import { describe, expect, it } from 'vitest';
import { TextArena } from './text-arena.js';

describe('TextArena', () => {
  it('holds texts by slot, rewrites in place when they fit, appends when not', () => {
    const arena = new TextArena();
    arena.grow(4);
    arena.set(0, '["a","é"]');
    arena.set(2, 'hello');
    expect(arena.get(0)).toBe('["a","é"]');
    expect(arena.get(1)).toBeNull();
    arena.set(2, 'hi');
    expect(arena.get(2)).toBe('hi');
    arena.set(2, 'a longer text');
    expect(arena.get(2)).toBe('a longer text');
    expect(arena.bytes.live).toBe(Buffer.byteLength('["a","é"]') + 'a longer text'.length);
    arena.free(0);
    expect(arena.get(0)).toBeNull();
  });

  it('compacts into fresh buffers, renumbering and dropping slots', () => {
    const arena = new TextArena();
    arena.grow(1000);
    for (let s = 0; s < 1000; s++) arena.set(s, `text ${s} ${'x'.repeat(s % 50)}`);
    for (let s = 0; s < 1000; s += 2) arena.set(s, `rewritten ${s} ${'y'.repeat(60)}`);
    const map = Int32Array.from({ length: 1000 }, (_, s) => (s % 3 === 0 ? -1 : s - Math.floor(s / 3) - 1));
    arena.compact(map);
    for (let s = 0; s < 1000; s++) {
      if (s % 3 === 0) continue;
      const want = s % 2 === 0 ? `rewritten ${s} ${'y'.repeat(60)}` : `text ${s} ${'x'.repeat(s % 50)}`;
      expect(arena.get(map[s]!)).toBe(want);
    }
  });

  it('writes new texts of any width across buffer ends, each read back whole', () => {
    const arena = new TextArena();
    const texts: string[] = [];
    // 1 MB texts of one-, two-, three- and four-byte characters: about 40 MB across 16 MB buffers,
    // so that some land where the room left is less than their longest form.
    const units = ['a', 'é', '中', '😀'];
    for (let i = 0; i < 40; i++) texts.push(`${i}:${units[i % 4]!.repeat(Math.floor(1_000_000 / Buffer.byteLength(units[i % 4]!)))}`);
    arena.grow(texts.length);
    texts.forEach((t, s) => arena.set(s, t));
    texts.forEach((t, s) => expect(arena.get(s)).toBe(t));
    expect(arena.bytes.live).toBe(texts.reduce((n, t) => n + Buffer.byteLength(t), 0));
    expect(arena.bytes.allocated).toBeGreaterThan(arena.bytes.live);
  });
});
