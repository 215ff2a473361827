/**
 * Venue budgets shared by every instance of a deployment. A limiter bound to a scope (the HTTP
 * client binds its venue's limiter, see http-client.ts) keeps its local waiter queue, fairness
 * lanes and deadlines; while a {@link BudgetBackend} is set and reachable, the tokens themselves
 * come from the backend (Redis, taken atomically by a script), which answers either "taken" or how
 * long until they could be. While it is unreachable the limiter runs on its local policy at 1/N of
 * the budget, N being the last known number of instances, and rejoins when the backend returns.
 *
 * The backend is process-wide and resolved at every take, so it may be set after the adapters are
 * built (the composition root sets it once Redis is configured).
 */

/** What a shared budget is: the script needs it on every call (a budget may change, e.g. a tier). */
export type SharedSpec =
  | { kind: 'bucket'; ratePerSecond: number; capacity: number }
  | { kind: 'window'; limit: number; windowMs: number };

export interface BudgetBackend {
  /** True while budgets are taken from the shared store; false = each limiter runs on its 1/N fallback. */
  shared(): boolean;
  /** The number of instances sharing budgets, as last seen (at least 1): the fallback divides by it. */
  instances(): number;
  /**
   * Takes `tokens` from the shared budget `key` (`<scope>:<limiter name>`): resolves 0 when taken,
   * else the milliseconds until they could be (nothing taken). Rejects when the store is unreachable.
   */
  take(key: string, spec: SharedSpec, tokens: number): Promise<number>;
  /** After a 429: nobody takes from `key` for `ms`, on any instance. Best effort. */
  pause(key: string, spec: SharedSpec, ms: number): Promise<void>;
}

let current: BudgetBackend | undefined;

/** Sets (or with `undefined` clears) the process-wide backend of shared budgets. */
export function setBudgetBackend(backend: BudgetBackend | undefined): void {
  current = backend;
}

export function budgetBackend(): BudgetBackend | undefined {
  return current;
}

/** A limiter's link to its shared budget: one remote take in flight at a time, and the wait it was told. */
export class SharedLink {
  /** A remote take is in flight (its completion drains the queue again). */
  busy = false;
  /** The backend said no tokens before this time (the throttle's clock). */
  waitUntil = -Infinity;

  constructor(readonly key: string) {}

  /** The backend to use now, or undefined when budgets are local (no backend set). */
  backend(): BudgetBackend | undefined {
    return current;
  }

  /**
   * Asks the backend for `tokens`; `done(granted)` runs once it answered (a refusal sets
   * `waitUntil`) or failed (the backend then reports itself unshared and the throttle falls back).
   */
  acquire(spec: SharedSpec, tokens: number, now: () => number, done: (granted: boolean) => void): void {
    const backend = current;
    if (!backend) {
      done(false);
      return;
    }
    this.busy = true;
    backend.take(this.key, spec, tokens).then(
      (waitMs) => {
        this.busy = false;
        if (waitMs > 0) this.waitUntil = now() + waitMs;
        done(waitMs <= 0);
      },
      () => {
        this.busy = false;
        // The backend now reports itself unshared (the throttle falls back); a short wait in case not.
        this.waitUntil = now() + 100;
        done(false);
      },
    );
  }

  pause(spec: SharedSpec, ms: number): void {
    current?.pause(this.key, spec, ms).catch(() => undefined);
  }
}
