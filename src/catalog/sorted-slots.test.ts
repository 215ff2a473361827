import { describe, expect, it } from 'vitest';
import { SortedSlots } from './sorted-slots.js';

/** A deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A column of keys with many ties and some unknowns, and the list over it. */
function setup(size: number, descending: boolean) {
  const col = new Float64Array(size);
  const slots = new SortedSlots(() => col, descending, (a, b) => a - b);
  const listed = new Set<number>();
  const expected = () =>
    [...listed].sort((a, b) => {
      const x = col[a] as number;
      const y = col[b] as number;
      if (x !== y && !(x !== x && y !== y)) {
        if (x !== x) return 1;
        if (y !== y) return -1;
        return descending ? y - x : x - y;
      }
      return a - b;
    });
  const actual = () => {
    const out: number[] = [];
    slots.walk({ chunk: 0, index: 0 }, (s) => {
      out.push(s);
      return true;
    });
    return out;
  };
  return { col, slots, listed, expected, actual };
}

const keyOf = (rand: () => number) => (rand() < 0.05 ? NaN : Math.floor(rand() * 50));

describe('SortedSlots', () => {
  it('merges a bulk load of new slots into the same order as inserting them one by one', () => {
    // The larger run passes the cap on one merge (`MERGE_MAX` pending).
    for (const [descending, size] of [[false, 150_000], [true, 30_000]] as const) {
      const rand = random(descending ? 2 : 1);
      const t = setup(size, descending);
      for (let s = 0; s < size; s++) {
        t.col[s] = keyOf(rand);
        t.slots.insert(s);
        t.slots.mergeIfDue();
        t.listed.add(s);
        // Reads now and then, while many inserts are pending and while few are.
        if (s % 7_001 === 7_000) expect(t.actual()).toEqual(t.expected());
      }
      expect(t.slots.size).toBe(size);
      t.slots.settle();
      expect(t.actual()).toEqual(t.expected());
    }
  });

  it('leaves merging to its owner: due at the size of the list, at least 4,096 and at most the cap', () => {
    const col = new Float64Array(20_000).map((_, i) => (i * 7919) % 1000);
    const slots = new SortedSlots(() => col, false, (a, b) => a - b, 6_000);
    const insert = (from: number, to: number) => {
      for (let s = from; s < to; s++) slots.insert(s);
    };
    insert(0, 4_095);
    expect(slots.overdue).toBeLessThan(1);
    expect(slots.mergeIfDue()).toBe(false);
    insert(4_095, 5_000);
    // Inserting never merges by itself.
    expect(slots.unplaced).toBe(5_000);
    expect(slots.mergeIfDue()).toBe(true);
    expect(slots.unplaced).toBe(0);
    // Listed 5,000: due at 5,000 more, or the cap (6,000) once the list is longer than that.
    insert(5_000, 9_999);
    expect(slots.mergeIfDue()).toBe(false);
    insert(9_999, 10_000);
    expect(slots.overdue).toBe(1);
    expect(slots.mergeIfDue()).toBe(true);
    insert(10_000, 15_999);
    expect(slots.mergeIfDue()).toBe(false);
    insert(15_999, 16_000);
    expect(slots.mergeIfDue()).toBe(true);
    const out: number[] = [];
    slots.walk({ chunk: 0, index: 0 }, (s) => out.push(s) > 0);
    expect(out).toEqual(Array.from({ length: 16_000 }, (_, s) => s).sort((a, b) => (col[a] as number) - (col[b] as number) || a - b));
  });

  it('keeps the order through removals, key changes and reads mixed with pending inserts', () => {
    const rand = random(3);
    const t = setup(20_000, true);
    let next = 0;
    for (let round = 0; round < 200; round++) {
      // A batch of new slots (some rounds large enough to be merged, most not).
      const fresh = round % 50 === 0 ? 5_000 : 40;
      for (let k = 0; k < fresh && next < t.col.length; k++, next++) {
        t.col[next] = keyOf(rand);
        t.slots.insert(next);
        t.listed.add(next);
      }
      // Changes to listed slots: removed, re-keyed and inserted again, some left out.
      const held = [...t.listed];
      for (let k = 0; k < 20 && held.length > 0; k++) {
        const s = held[Math.floor(rand() * held.length)] as number;
        if (!t.listed.has(s)) continue;
        expect(t.slots.remove(s)).toBe(true);
        t.listed.delete(s);
        if (rand() < 0.7) {
          t.col[s] = keyOf(rand);
          t.slots.insert(s);
          t.listed.add(s);
        }
      }
      expect(t.slots.size).toBe(t.listed.size);
      if (round % 10 === 9) expect(t.actual()).toEqual(t.expected());
    }
    expect(t.listed.size).toBeGreaterThan(10_000);
    expect(t.actual()).toEqual(t.expected());
  });

  it('finds a pending slot to remove, and says when a slot is not listed', () => {
    const t = setup(10, false);
    for (const s of [3, 1, 2]) {
      t.col[s] = s * 10;
      t.slots.insert(s);
    }
    expect(t.slots.remove(1)).toBe(true);
    expect(t.slots.remove(1)).toBe(false);
    expect(t.slots.remove(7)).toBe(false);
    expect(t.actual()).toEqual([2, 3]);
  });

  it('seeks past pending inserts as if they were placed', () => {
    const t = setup(10_000, false);
    for (let s = 0; s < 10_000; s++) {
      t.col[s] = 10_000 - s;
      t.slots.insert(s);
    }
    // Slots with keys 1…10,000; the first at or after key 5,000 is slot 5,000.
    const at = t.slots.seek((s) => (t.col[s] as number) < 5_000);
    const out: number[] = [];
    t.slots.walk(at, (s) => {
      out.push(s);
      return out.length < 3;
    });
    expect(out).toEqual([5_000, 4_999, 4_998]);
  });

  it('renumbers pending slots with the listed ones', () => {
    const t = setup(8, false);
    for (const s of [0, 2, 4, 6]) {
      t.col[s] = 8 - s;
      t.slots.insert(s);
    }
    const map = new Int32Array([0, -1, 1, -1, 2, -1, 3, -1]);
    t.slots.remap(map);
    expect(t.actual()).toEqual([3, 2, 1, 0]);
  });
});
