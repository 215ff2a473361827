import { describe, expect, it } from 'vitest';
import { ManualClock } from './stream-clock.js';

describe('ManualClock', () => {
  it('fires due timers in time order, including timers armed while advancing, and only those', () => {
    const clock = new ManualClock(1_000);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('b@30'), 30);
    clock.setTimeout(() => {
      fired.push('a@10');
      clock.setTimeout(() => fired.push('c@25'), 15);
      clock.setTimeout(() => fired.push('late@110'), 100);
    }, 10);
    const cleared = clock.setTimeout(() => fired.push('cleared'), 5);
    clock.clearTimeout(cleared);
    clock.advance(50);
    expect(fired).toEqual(['a@10', 'c@25', 'b@30']);
    expect(clock.now()).toBe(1_050);
    expect(clock.pending).toBe(1);
    clock.advance(60);
    expect(fired.at(-1)).toBe('late@110');
    expect(clock.pending).toBe(0);
  });

  it('reads the time inside a timer as the timer’s due time', () => {
    const clock = new ManualClock();
    let seen = -1;
    clock.setTimeout(() => (seen = clock.now()), 40);
    clock.advance(100);
    expect(seen).toBe(40);
  });
});
