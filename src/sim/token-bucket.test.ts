import { describe, expect, it } from 'vitest';
import { SimBucketSet, SimTokenBucket } from './token-bucket.js';

describe('SimTokenBucket', () => {
  it('starts full, refuses a take it cannot cover, refills continuously', () => {
    const b = new SimTokenBucket({ rate: 10, capacity: 20 }, 0);
    expect(b.take(20, 0)).toBe(true);
    expect(b.take(1, 0)).toBe(false);
    expect(b.state(5, 0)).toEqual({ remaining: 0, waitMs: 500 });
    expect(b.take(5, 500)).toBe(true);
    expect(b.take(1, 500)).toBe(false);
  });

  it('never refills above capacity, and forced takes go into debt', () => {
    const b = new SimTokenBucket({ rate: 10, capacity: 5 }, 0);
    expect(b.state(0, 60_000).remaining).toBe(5);
    expect(b.take(8, 60_000, true)).toBe(true);
    expect(b.state(1, 60_000)).toEqual({ remaining: -3, waitMs: 400 });
  });
});

describe('SimBucketSet', () => {
  it('keeps one bucket per key, sized by key', () => {
    let now = 0;
    const set = new SimBucketSet<string>((k) => (k === 'big' ? { rate: 1, capacity: 10 } : { rate: 1, capacity: 1 }), () => now);
    expect(set.take('small', 1)).toBe(true);
    expect(set.take('small', 1)).toBe(false);
    expect(set.take('big', 10)).toBe(true);
    now = 1000;
    expect(set.take('small', 1)).toBe(true);
  });
});
