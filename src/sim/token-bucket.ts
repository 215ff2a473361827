/**
 * The token bucket every simulator bills requests to: continuous refill at `rate` tokens per
 * second up to `capacity`, all-or-nothing takes, optional forced debt (a venue that lets a
 * cancel-all overdraw the bucket). Time is injected so tests drive it deterministically.
 */
export interface TokenBucketSpec {
  /** Tokens added per second. */
  rate: number;
  /** The most tokens the bucket holds (and its initial content). */
  capacity: number;
}

export interface TokenBucketState {
  /** Whole tokens left (may be negative after forced debt). */
  remaining: number;
  /** Milliseconds until `cost` tokens are available (0 when they are). */
  waitMs: number;
}

export class SimTokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly spec: TokenBucketSpec,
    now: number,
  ) {
    this.tokens = spec.capacity;
    this.last = now;
  }

  private refill(now: number): void {
    if (now > this.last) {
      this.tokens = Math.min(this.spec.capacity, this.tokens + ((now - this.last) * this.spec.rate) / 1000);
      this.last = now;
    }
  }

  /** Takes `cost` tokens if available; with `force`, takes them anyway (the balance may go negative). */
  take(cost: number, now: number, force = false): boolean {
    this.refill(now);
    if (!force && this.tokens < cost) return false;
    this.tokens -= cost;
    return true;
  }

  /** What is left, and how long until `cost` tokens would be there. */
  state(cost: number, now: number): TokenBucketState {
    this.refill(now);
    const missing = Math.max(0, cost - this.tokens);
    return { remaining: Math.floor(this.tokens), waitMs: this.spec.rate > 0 ? Math.ceil((missing * 1000) / this.spec.rate) : Infinity };
  }
}

/** Buckets created on first use per key (a principal, a principal and a bucket kind, an IP…). */
export class SimBucketSet<K extends string = string> {
  private readonly buckets = new Map<K, SimTokenBucket>();

  constructor(
    private readonly specOf: (key: K) => TokenBucketSpec,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: K): SimTokenBucket {
    let b = this.buckets.get(key);
    if (!b) {
      b = new SimTokenBucket(this.specOf(key), this.now());
      this.buckets.set(key, b);
    }
    return b;
  }

  take(key: K, cost: number, force = false): boolean {
    return this.get(key).take(cost, this.now(), force);
  }

  state(key: K, cost: number): TokenBucketState {
    return this.get(key).state(cost, this.now());
  }
}
