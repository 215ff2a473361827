/** The error an aborted walk or sleep rejects with. */
export class AbortedError extends Error {
  override name = 'AbortError';
}

/**
 * The source's next step, or a rejection as soon as `signal` aborts. The abort listener lives for
 * this one step: racing every step against one lasting abort promise (`Promise.race`) would leave a
 * reaction on it per step, each holding its step's value, so a walk would keep every page it read
 * until it ended.
 */
function nextOrAbort<T>(iterator: AsyncIterator<T>, signal: AbortSignal): Promise<IteratorResult<T>> {
  if (signal.aborted) return Promise.reject(new AbortedError('aborted'));
  return new Promise<IteratorResult<T>>((resolve, reject) => {
    const aborted = () => reject(new AbortedError('aborted'));
    signal.addEventListener('abort', aborted, { once: true });
    iterator.next().then(
      (step) => {
        signal.removeEventListener('abort', aborted);
        resolve(step);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', aborted);
        reject(err);
      },
    );
  });
}

/**
 * Iterates `source` but stops as soon as `signal` aborts, even while a page is still in flight
 * (the source is told to return and is not waited for).
 */
export async function* abortable<T>(source: AsyncIterable<T>, signal: AbortSignal): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  let finished = false;
  try {
    for (;;) {
      const step = await nextOrAbort(iterator, signal);
      if (step.done) {
        finished = true;
        return;
      }
      yield step.value;
    }
  } finally {
    if (!finished) void Promise.resolve(iterator.return?.()).catch(() => undefined);
  }
}

/** Resolves after `ms`, or early (without error) when `wake` is called or `signal` aborts. */
export function interruptibleSleep(ms: number, signal: AbortSignal): { promise: Promise<void>; wake(): void } {
  let wake = () => undefined as void;
  const promise = new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    signal.addEventListener('abort', done, { once: true });
    wake = done;
    if (signal.aborted) done();
  });
  return { promise, wake: () => wake() };
}
