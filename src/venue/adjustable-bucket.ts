import type { RateLimitStatus } from './adapter.js';
import { TokenBucket, type Limiter, type QueueDepth } from './rate-limit.js';

export interface BucketBudget {
  ratePerSecond: number;
  capacity: number;
}

/**
 * A token bucket whose budget can be replaced while in use (a rate tier read from the venue).
 * Waiters already queued on the old bucket finish there; new takes go to the new one, which never
 * starts with more than the old one held, so a swap never creates a burst.
 */
export class AdjustableBucket implements Limiter {
  protected inner: TokenBucket;
  /** Buckets replaced by a budget change: their waiters finish there, then they are closed. */
  private readonly retired: TokenBucket[] = [];
  private scope: string | undefined;

  constructor(
    readonly name: string,
    budget: BucketBudget,
  ) {
    this.inner = new TokenBucket({ name, ...budget });
  }

  get capacity(): number {
    return this.inner.status().capacity;
  }

  setBudget(budget: BucketBudget): void {
    const old = this.inner.status();
    if (old.ratePerSecond === budget.ratePerSecond && old.capacity === budget.capacity) return;
    this.retired.push(this.inner);
    this.inner = new TokenBucket({ name: this.name, ...budget, initial: Math.min(old.available, budget.capacity) });
    // The shared budget keeps its key: the store's script takes the new rate and capacity.
    if (this.scope !== undefined) this.inner.share(this.scope);
  }

  share(scope: string): void {
    this.scope ??= scope;
    this.inner.share(this.scope);
  }

  take(tokens?: number, signal?: AbortSignal): Promise<void> {
    return this.inner.take(tokens, signal);
  }
  tryTake(tokens?: number): boolean {
    return this.inner.tryTake(tokens);
  }
  pause(ms: number): void {
    this.inner.pause(ms);
  }
  status(): RateLimitStatus {
    return this.inner.status();
  }
  queueDepth(): QueueDepth {
    return this.inner.queueDepth();
  }
  close(): void {
    this.inner.close();
    for (const r of this.retired.splice(0)) r.close();
  }
}
