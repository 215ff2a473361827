import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { AbortedError, abortable } from './abortable.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

describe('abortable', () => {
  it('keeps no page it has handed on: a long walk does not hold every page it read', async () => {
    const refs: WeakRef<object>[] = [];
    async function* pages() {
      for (let i = 0; i < 200; i++) {
        const page = { items: new Array<number>(1000).fill(i) };
        refs.push(new WeakRef(page));
        yield page;
      }
    }
    let read = 0;
    let retained = -1;
    for await (const page of abortable(pages(), new AbortController().signal)) {
      read += page.items.length > 0 ? 1 : 0;
      if (read === 150) {
        await new Promise((r) => setImmediate(r));
        gc();
        retained = refs.slice(0, 100).filter((r) => r.deref() !== undefined).length;
      }
    }
    expect(read).toBe(200);
    expect(retained).toBe(0);
  });

  it('rejects at once when aborted while a page is in flight, and tells the source to stop', async () => {
    const controller = new AbortController();
    let returned = false;
    const source: AsyncIterable<number> = {
      [Symbol.asyncIterator]: () => ({
        next: () => new Promise<IteratorResult<number>>(() => undefined),
        return: async () => {
          returned = true;
          return { done: true, value: undefined };
        },
      }),
    };
    const walk = (async () => {
      for await (const n of abortable(source, controller.signal)) void n;
    })();
    setTimeout(() => controller.abort(), 10);
    await expect(walk).rejects.toBeInstanceOf(AbortedError);
    expect(returned).toBe(true);
  });

  it('passes a failing source on as it failed', async () => {
    async function* failing() {
      yield 1;
      throw new Error('venue down');
    }
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const n of abortable(failing(), new AbortController().signal)) seen.push(n);
      })(),
    ).rejects.toThrow('venue down');
    expect(seen).toEqual([1]);
  });
});
