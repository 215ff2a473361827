import type { RateLimitStatus } from './adapter.js';
import { BucketPolicy, type Policy, WindowPolicy } from './limit-policies.js';

/**
 * Client-side rate limiting: a request waits for budget instead of provoking a 429.
 *
 * Two policies share one FIFO waiter queue ({@link Throttle}):
 * - {@link TokenBucket}: continuous refill at `ratePerSecond` up to `capacity` (read/write
 *   buckets, per-signer order/cancel buckets).
 * - {@link WindowLimiter}: at most `limit` tokens in any sliding `windowMs` (a CDN's
 *   limits, e.g. 1,500 `/book` requests per 10 s).
 * Each throttle keeps at most one timer, armed for the head waiter, never one per waiter.
 */

/** The shape every limiter shares; RateLimiter, the HTTP client and Redis-backed limiters use it. */
export interface Limiter {
  readonly name: string;
  /** Waits (FIFO) until `tokens` are available, then takes them. Rejects if `signal` aborts. */
  take(tokens?: number, signal?: AbortSignal): Promise<void>;
  /** Takes `tokens` now if nobody is waiting and they are available. */
  tryTake(tokens?: number): boolean;
  /** After a 429: nobody takes for `ms` (and the budget is considered spent). */
  pause(ms: number): void;
  status(): RateLimitStatus;
  /** Clears the timer and rejects every waiter. */
  close(): void;
}

export class RateLimitError extends Error {
  override name = 'RateLimitError';
}

interface Waiter {
  tokens: number;
  resolve: () => void;
  reject: (err: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

export interface ThrottleClock {
  /** Monotonic milliseconds; defaults to `performance.now()`. */
  now?: () => number;
}

const defaultNow = (): number => performance.now();

/** A FIFO waiter queue in front of a {@link Policy}. */
abstract class Throttle implements Limiter {
  private readonly queue: Waiter[] = [];
  private head = 0;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;
  private pausedUntil = -Infinity;
  private closed = false;
  protected readonly now: () => number;

  protected constructor(
    readonly name: string,
    private readonly policy: Policy,
    clock: ThrottleClock,
  ) {
    this.now = clock.now ?? defaultNow;
  }

  take(tokens = 1, signal?: AbortSignal): Promise<void> {
    this.check(tokens);
    if (signal?.aborted) return Promise.reject(signal.reason);
    const now = this.now();
    if (this.pending === 0 && now >= this.pausedUntil && this.policy.waitMs(tokens, now) === 0) {
      this.policy.commit(tokens, now);
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { tokens, resolve, reject, signal, onAbort: undefined };
      if (signal) {
        waiter.onAbort = () => this.abort(waiter);
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.queue.push(waiter);
      this.schedule();
    });
  }

  tryTake(tokens = 1): boolean {
    this.check(tokens);
    const now = this.now();
    if (this.pending > 0 || now < this.pausedUntil || this.policy.waitMs(tokens, now) > 0) return false;
    this.policy.commit(tokens, now);
    return true;
  }

  pause(ms: number): void {
    if (!(ms > 0)) return;
    const now = this.now();
    this.pausedUntil = Math.max(this.pausedUntil, now + ms);
    this.policy.exhaust(now);
    this.schedule();
  }

  status(): RateLimitStatus {
    const now = this.now();
    return {
      name: this.name,
      ratePerSecond: this.policy.ratePerSecond,
      capacity: this.policy.capacity,
      available: now < this.pausedUntil ? 0 : Math.floor(this.policy.available(now)),
    };
  }

  /** Number of requests waiting for budget. */
  get pending(): number {
    return this.queue.length - this.head;
  }

  close(): void {
    this.closed = true;
    this.clearTimer();
    const err = new RateLimitError(`rate limiter ${this.name} closed`);
    while (this.pending > 0) {
      const w = this.shift();
      if (w) this.settle(w, err);
    }
  }

  private check(tokens: number): void {
    if (this.closed) throw new RateLimitError(`rate limiter ${this.name} closed`);
    if (!Number.isFinite(tokens) || tokens <= 0) throw new RateLimitError(`bad token count ${tokens} for ${this.name}`);
    if (tokens > this.policy.capacity) {
      throw new RateLimitError(`${tokens} tokens exceed the capacity ${this.policy.capacity} of ${this.name}; it can never pass`);
    }
  }

  private shift(): Waiter | undefined {
    const w = this.queue[this.head];
    this.head += 1;
    if (this.head > 64 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    return w;
  }

  private settle(w: Waiter, err?: unknown): void {
    if (w.signal && w.onAbort) w.signal.removeEventListener('abort', w.onAbort);
    if (err === undefined) w.resolve();
    else w.reject(err);
  }

  private abort(w: Waiter): void {
    const i = this.queue.indexOf(w, this.head);
    if (i < 0) return;
    this.queue.splice(i, 1);
    w.reject(w.signal?.reason);
    this.drain();
  }

  /** Serves waiters in order while budget allows, then re-arms the timer for the new head. */
  private drain(): void {
    const now = this.now();
    while (this.pending > 0 && now >= this.pausedUntil) {
      const w = this.queue[this.head];
      if (!w || this.policy.waitMs(w.tokens, now) > 0) break;
      this.shift();
      this.policy.commit(w.tokens, now);
      this.settle(w);
    }
    this.schedule();
  }

  private schedule(): void {
    const w = this.queue[this.head];
    if (!w || this.closed) {
      this.clearTimer();
      return;
    }
    const now = this.now();
    const wait = Math.max(this.pausedUntil - now, this.policy.waitMs(w.tokens, now), 0);
    const at = now + wait;
    if (this.timer !== undefined && Math.abs(this.timerAt - at) < 0.5) return;
    this.clearTimer();
    this.timerAt = at;
    // +1 ms: timers may fire slightly early relative to performance.now().
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Infinity;
      this.drain();
    }, Math.ceil(wait) + (wait > 0 ? 1 : 0));
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
  }
}

export interface TokenBucketOptions extends ThrottleClock {
  name: string;
  ratePerSecond: number;
  capacity: number;
  /** Tokens at start; defaults to `capacity`. */
  initial?: number;
}

/** A token bucket with continuous refill. */
export class TokenBucket extends Throttle {
  constructor(options: TokenBucketOptions) {
    const { name, ratePerSecond, capacity } = options;
    if (!(ratePerSecond > 0) || !(capacity > 0)) {
      throw new RateLimitError(`token bucket ${name}: ratePerSecond and capacity must be positive`);
    }
    const now = (options.now ?? defaultNow)();
    const initial = Math.min(capacity, Math.max(0, options.initial ?? capacity));
    super(name, new BucketPolicy(ratePerSecond, capacity, initial, now), options);
  }
}

export interface WindowLimiterOptions extends ThrottleClock {
  name: string;
  /** Tokens allowed within any window. */
  limit: number;
  windowMs: number;
}

/** At most `limit` tokens in any sliding window of `windowMs`. */
export class WindowLimiter extends Throttle {
  constructor(options: WindowLimiterOptions) {
    const { name, limit, windowMs } = options;
    if (!(limit > 0) || !(windowMs > 0)) throw new RateLimitError(`window limiter ${name}: limit and windowMs must be positive`);
    super(name, new WindowPolicy(limit, windowMs), options);
  }
}

export type BucketSpec =
  | { ratePerSecond: number; capacity: number; initial?: number }
  | { limit: number; windowMs: number }
  | Limiter;

function isLimiter(spec: BucketSpec): spec is Limiter {
  return typeof (spec as Limiter).take === 'function';
}

/** Builds a limiter from a spec: token bucket, sliding window, or an existing limiter. */
export function createLimiter(name: string, spec: BucketSpec, clock: ThrottleClock = {}): Limiter {
  if (isLimiter(spec)) return spec;
  if ('windowMs' in spec) return new WindowLimiter({ name, limit: spec.limit, windowMs: spec.windowMs, ...clock });
  return new TokenBucket({ name, ratePerSecond: spec.ratePerSecond, capacity: spec.capacity, initial: spec.initial, ...clock });
}

/**
 * Named budgets of one venue (e.g. `read`, `write`, or `book`, `global`). A request may draw from
 * several buckets at once (a Cloudflare endpoint window plus the global window): it takes them in
 * the order given.
 */
export class RateLimiter {
  private readonly limiters = new Map<string, Limiter>();

  constructor(buckets: Record<string, BucketSpec>, clock: ThrottleClock = {}) {
    for (const [name, spec] of Object.entries(buckets)) this.limiters.set(name, createLimiter(name, spec, clock));
  }

  has(bucket: string): boolean {
    return this.limiters.has(bucket);
  }

  get(bucket: string): Limiter {
    const limiter = this.limiters.get(bucket);
    if (!limiter) {
      throw new RateLimitError(`unknown rate-limit bucket ${JSON.stringify(bucket)} (known: ${[...this.limiters.keys()].join(', ')})`);
    }
    return limiter;
  }

  async take(bucket: string | readonly string[], tokens = 1, signal?: AbortSignal): Promise<void> {
    if (typeof bucket === 'string') return this.get(bucket).take(tokens, signal);
    for (const b of bucket) await this.get(b).take(tokens, signal);
  }

  tryTake(bucket: string, tokens = 1): boolean {
    return this.get(bucket).tryTake(tokens);
  }

  /** Pauses one bucket, or every bucket when `bucket` is undefined (a venue-wide 429). */
  pause(bucket: string | readonly string[] | undefined, ms: number): void {
    if (bucket === undefined) {
      for (const l of this.limiters.values()) l.pause(ms);
    } else if (typeof bucket === 'string') {
      this.get(bucket).pause(ms);
    } else {
      for (const b of bucket) this.get(b).pause(ms);
    }
  }

  statuses(): RateLimitStatus[] {
    return [...this.limiters.values()].map((l) => l.status());
  }

  close(): void {
    for (const l of this.limiters.values()) l.close();
  }
}
