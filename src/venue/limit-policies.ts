import type { SharedSpec } from './shared-budget.js';

/**
 * The arithmetic of the client-side limiters in rate-limit.ts: how long a request must wait and
 * what taking tokens costs. Token counts are budget units, not money, so plain numbers are fine.
 */

/** The arithmetic of one limiting policy; time in milliseconds from the throttle's clock. */
export interface Policy {
  readonly capacity: number;
  readonly ratePerSecond: number;
  /** Milliseconds until `tokens` could be taken (0 = now). */
  waitMs(tokens: number, now: number): number;
  commit(tokens: number, now: number): void;
  available(now: number): number;
  /** After a 429: marks the budget as spent where that is meaningful (token buckets). */
  exhaust(now: number): void;
  /** Roughly how long until `tokens` (possibly more than the capacity) will have been granted. */
  estimateMs(tokens: number, now: number): number;
  /** The same kind of policy with `share` of this one's rate and capacity (at least one token). */
  fraction(share: number, now: number): Policy;
  /** The budget as the shared store holds it (shared-budget.ts). */
  shared(): SharedSpec;
  /**
   * The local stand-in while the shared store is unreachable: `share` (1/N) of the budget, holding
   * at least `minCapacity`, and starting spent (a bucket empty; a window with this instance's
   * recent takes), since the other instances may just have spent the venue's budget.
   */
  fallback(share: number, now: number, minCapacity: number): Policy;
}

export class BucketPolicy implements Policy {
  private tokens: number;
  private last: number;

  constructor(
    readonly ratePerSecond: number,
    readonly capacity: number,
    initial: number,
    now: number,
  ) {
    this.tokens = initial;
    this.last = now;
  }

  private refill(now: number): void {
    if (now > this.last) {
      this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) * this.ratePerSecond) / 1000);
      this.last = now;
    }
  }

  waitMs(tokens: number, now: number): number {
    this.refill(now);
    // A tiny epsilon absorbs float drift in the refill sum (tokens are budget counts, not money).
    const missing = tokens - this.tokens - 1e-9;
    return missing <= 0 ? 0 : (missing * 1000) / this.ratePerSecond;
  }

  commit(tokens: number, now: number): void {
    this.refill(now);
    this.tokens -= tokens;
  }

  available(now: number): number {
    this.refill(now);
    return Math.max(0, this.tokens);
  }

  exhaust(now: number): void {
    this.refill(now);
    this.tokens = Math.min(this.tokens, 0);
  }

  estimateMs(tokens: number, now: number): number {
    this.refill(now);
    return Math.max(0, ((tokens - this.tokens) * 1000) / this.ratePerSecond);
  }

  fraction(share: number, now: number): BucketPolicy {
    this.refill(now);
    const capacity = Math.max(1, this.capacity * share);
    return new BucketPolicy(this.ratePerSecond * share, capacity, Math.min(capacity, Math.max(0, this.tokens)), now);
  }

  shared(): SharedSpec {
    return { kind: 'bucket', ratePerSecond: this.ratePerSecond, capacity: this.capacity };
  }

  fallback(share: number, now: number, minCapacity: number): BucketPolicy {
    return new BucketPolicy(this.ratePerSecond * share, Math.min(this.capacity, Math.max(minCapacity, 1, this.capacity * share)), 0, now);
  }
}

/** Sliding-window log: (time, tokens) entries in arrival order, summed over the last `windowMs`. */
export class WindowPolicy implements Policy {
  private times: number[] = [];
  private counts: number[] = [];
  private start = 0;
  private used = 0;

  constructor(
    readonly capacity: number,
    private readonly windowMs: number,
  ) {}

  get ratePerSecond(): number {
    return (this.capacity * 1000) / this.windowMs;
  }

  private prune(now: number): void {
    const cutoff = now - this.windowMs;
    while (this.start < this.times.length && (this.times[this.start] ?? Infinity) <= cutoff) {
      this.used -= this.counts[this.start] ?? 0;
      this.start += 1;
    }
    if (this.start > 1024 && this.start * 2 > this.times.length) {
      this.times = this.times.slice(this.start);
      this.counts = this.counts.slice(this.start);
      this.start = 0;
    }
  }

  waitMs(tokens: number, now: number): number {
    this.prune(now);
    let excess = this.used + tokens - this.capacity;
    if (excess <= 0) return 0;
    // Walk the oldest entries until enough tokens would have left the window.
    for (let i = this.start; i < this.times.length; i++) {
      excess -= this.counts[i] ?? 0;
      if (excess <= 0) return Math.max(0, (this.times[i] ?? now) + this.windowMs - now);
    }
    return this.windowMs;
  }

  commit(tokens: number, now: number): void {
    this.prune(now);
    this.times.push(now);
    this.counts.push(tokens);
    this.used += tokens;
  }

  available(now: number): number {
    this.prune(now);
    return Math.max(0, this.capacity - this.used);
  }

  /**
   * A window frees only as old entries leave it, so filling it would block for a whole window
   * (e.g. 10 min) after a short `Retry-After`; the throttle's pause alone holds requests back.
   */
  exhaust(_now: number): void {}

  estimateMs(tokens: number, now: number): number {
    if (tokens <= this.capacity) return this.waitMs(tokens, now);
    // Whole windows for what does not fit in one, then the wait for the rest.
    const windows = Math.floor((tokens - 1) / this.capacity);
    return windows * this.windowMs + this.waitMs(tokens - windows * this.capacity, now);
  }

  fraction(share: number, _now: number): WindowPolicy {
    return new WindowPolicy(Math.max(1, Math.floor(this.capacity * share)), this.windowMs);
  }

  shared(): SharedSpec {
    return { kind: 'window', limit: this.capacity, windowMs: this.windowMs };
  }

  fallback(share: number, now: number, minCapacity: number): WindowPolicy {
    this.prune(now);
    const out = new WindowPolicy(Math.min(this.capacity, Math.max(minCapacity, 1, Math.floor(this.capacity * share))), this.windowMs);
    for (let i = this.start; i < this.times.length; i++) out.commit(this.counts[i] ?? 0, this.times[i] ?? now);
    return out;
  }
}
