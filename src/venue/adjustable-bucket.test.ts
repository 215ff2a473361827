import { describe, expect, it } from 'vitest';
import { AdjustableBucket } from './adjustable-bucket.js';

describe('AdjustableBucket', () => {
  it('a new budget never starts with more tokens than the old bucket held', () => {
    const bucket = new AdjustableBucket('read', { ratePerSecond: 10, capacity: 20 });
    expect(bucket.tryTake(15)).toBe(true);
    bucket.setBudget({ ratePerSecond: 100, capacity: 200 });
    expect(bucket.capacity).toBe(200);
    expect(bucket.status().available).toBeLessThan(6);
    bucket.close();
  });

  it('an unchanged budget keeps the bucket, and queue depth is reported', () => {
    const bucket = new AdjustableBucket('write', { ratePerSecond: 5, capacity: 5 });
    expect(bucket.tryTake(5)).toBe(true);
    bucket.setBudget({ ratePerSecond: 5, capacity: 5 });
    expect(bucket.status().available).toBeLessThan(1);
    expect(bucket.queueDepth()).toEqual({ interactive: 0, background: 0 });
    bucket.close();
  });
});
