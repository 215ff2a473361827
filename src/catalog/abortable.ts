/** The error an aborted walk or sleep rejects with. */
export class AbortedError extends Error {
  override name = 'AbortError';
}

function onAbort(signal: AbortSignal): { promise: Promise<never>; dispose(): void } {
  let listener: (() => void) | null = null;
  const promise = new Promise<never>((_, reject) => {
    if (signal.aborted) return reject(new AbortedError('aborted'));
    listener = () => reject(new AbortedError('aborted'));
    signal.addEventListener('abort', listener, { once: true });
  });
  promise.catch(() => undefined);
  return {
    promise,
    dispose() {
      if (listener) signal.removeEventListener('abort', listener);
    },
  };
}

/**
 * Iterates `source` but stops as soon as `signal` aborts, even while a page is still in flight
 * (the source is told to return and is not waited for).
 */
export async function* abortable<T>(source: AsyncIterable<T>, signal: AbortSignal): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  const abort = onAbort(signal);
  let finished = false;
  try {
    for (;;) {
      const step = await Promise.race([iterator.next(), abort.promise]);
      if (step.done) {
        finished = true;
        return;
      }
      yield step.value;
    }
  } finally {
    abort.dispose();
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
