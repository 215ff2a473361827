import { describe, expect, it } from 'vitest';
import { turnCounter } from '../../test/support/turn-counter.js';
import { nextTurn, Turns } from './next-turn.js';

describe('Turns', () => {
  it('gives callers that ask at once a turn of the event loop each, in order', async () => {
    const counter = turnCounter();
    const turns = new Turns();
    const seen: [string, number][] = [];
    await Promise.all(['a', 'b', 'c', 'd'].map((name) => turns.next().then(() => seen.push([name, counter.now()]))));
    counter.stop();
    expect(seen.map(([name]) => name)).toEqual(['a', 'b', 'c', 'd']);
    const at = seen.map(([, turn]) => turn);
    expect(new Set(at).size).toBe(4);
    expect(at).toEqual([...at].sort((x, y) => x - y));
  });

  it('is needed: plain next turns asked for at once all resume in the same turn', async () => {
    const counter = turnCounter();
    const at: number[] = [];
    await Promise.all([0, 1, 2, 3].map(() => nextTurn().then(() => at.push(counter.now()))));
    counter.stop();
    expect(new Set(at).size).toBe(1);
  });
});
