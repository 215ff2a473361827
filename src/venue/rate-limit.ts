import { Overloaded } from '../core/errors.js';
import type { RateLimitStatus } from './adapter.js';
import { BucketPolicy, type Policy, WindowPolicy } from './limit-policies.js';
import { LaneQueues, type Waiter } from './limit-queue.js';
import { currentContext, remainingMs, type Lane } from './request-context.js';
import { SharedLink } from './shared-budget.js';

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
  /** Waiters by lane (for metrics). */
  queueDepth?(): QueueDepth;
  /**
   * Binds the limiter to its budget shared by every instance, under `scope` (a venue, or a venue
   * account): see shared-budget.ts. The first binding wins.
   */
  share?(scope: string): void;
}

export class RateLimitError extends Error {
  override name = 'RateLimitError';
}

/**
 * How limiters share a venue's budget between background work and API requests (see
 * request-context.ts). Process-wide defaults, set once from the configuration; a limiter may be
 * given its own.
 */
export interface FairnessOptions {
  /** Share of every budget (rate and burst) that interactive work may never use (0–0.9). */
  backgroundShare: number;
  /** Interactive waiters one limiter holds at most; beyond it requests are shed (503). */
  maxQueue: number;
}

const fairnessDefaults: FairnessOptions = { backgroundShare: 0.2, maxQueue: 64 };

export function configureFairness(options: Partial<FairnessOptions>): void {
  if (options.backgroundShare !== undefined) fairnessDefaults.backgroundShare = Math.min(0.9, Math.max(0, options.backgroundShare));
  if (options.maxQueue !== undefined) fairnessDefaults.maxQueue = Math.max(1, Math.floor(options.maxQueue));
}

export function currentFairness(): FairnessOptions {
  return { ...fairnessDefaults };
}

export interface ThrottleClock {
  /** Monotonic milliseconds; defaults to `performance.now()`. */
  now?: () => number;
  /** Overrides the process-wide fairness defaults for this limiter. */
  fairness?: Partial<FairnessOptions>;
}

const defaultNow = (): number => performance.now();

/** Queue depth of one limiter by lane. */
export interface QueueDepth {
  interactive: number;
  background: number;
}

/**
 * Waiter queues in front of a {@link Policy}: background work FIFO, interactive work (API requests,
 * see request-context.ts) per client in turn, bounded, shed when it cannot be served within its
 * deadline, and held to its share of the budget by a second policy (the gate).
 */
abstract class Throttle implements Limiter {
  private readonly queues = new LaneQueues();
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;
  private pausedUntil = -Infinity;
  private closed = false;
  protected readonly now: () => number;
  /** The policy in force: the budget itself, or its 1/N stand-in while the shared store is unreachable. */
  private policy: Policy;
  /** Interactive work passes this too: a fraction of the budget, leaving the rest to background work. */
  private gate: Policy | undefined;
  private readonly interactiveShare: number;
  private readonly maxQueue: number;
  /** The shared budget, once bound; `mode` says whether it is in use right now. */
  private link: SharedLink | undefined;
  private mode: 'local' | 'shared' | 'fallback' = 'local';
  private largestTake = 1;

  protected constructor(
    readonly name: string,
    private readonly base: Policy,
    clock: ThrottleClock,
  ) {
    this.now = clock.now ?? defaultNow;
    this.policy = base;
    const fairness = { ...fairnessDefaults, ...clock.fairness };
    this.interactiveShare = 1 - Math.min(0.9, Math.max(0, fairness.backgroundShare));
    this.gate = this.interactiveShare < 1 ? base.fraction(this.interactiveShare, this.now()) : undefined;
    this.maxQueue = Math.max(1, fairness.maxQueue);
  }

  share(scope: string): void {
    this.link ??= new SharedLink(`${scope}:${this.name}`);
  }

  /** Whether this limiter takes from a shared budget now (`shared`), its 1/N fallback, or only locally. */
  get sharing(): 'local' | 'shared' | 'fallback' {
    this.syncMode(this.now());
    return this.mode;
  }

  /** Follows the shared store: in use, unreachable (1/N of the budget locally), or absent. */
  private syncMode(now: number): void {
    if (!this.link) return;
    const backend = this.link.backend();
    const mode = !backend ? 'local' : backend.shared() ? 'shared' : 'fallback';
    if (mode === this.mode) return;
    this.mode = mode;
    this.policy = mode === 'fallback' && backend ? this.base.fallback(1 / Math.max(1, backend.instances()), now, this.largestTake) : this.base;
    this.gate = this.interactiveShare < 1 ? this.policy.fraction(this.interactiveShare, now) : undefined;
    this.link.waitUntil = -Infinity;
  }

  /** Asks the shared store for `w`'s tokens; granted, `w` is served (if it is still waiting). */
  private acquireShared(w: Waiter, now: number): void {
    const link = this.link;
    if (!link || link.busy || now < link.waitUntil) return;
    link.acquire(this.base.shared(), w.tokens, this.now, (granted) => {
      if (granted && !this.closed) {
        const { bg, ir } = this.queues.heads();
        // An aborted waiter's tokens are spent: the store has no way to give them back safely.
        if (w === bg || w === ir) this.queues.shift(w);
        else if (!this.queues.remove(w)) return void this.drain();
        this.commit(w.lane, w.tokens, this.now());
        this.settle(w);
      }
      if (!this.closed) this.drain();
    });
  }

  take(tokens = 1, signal?: AbortSignal): Promise<void> {
    this.check(tokens);
    const ctx = currentContext();
    const lane: Lane = ctx?.lane ?? 'background';
    const client = ctx?.client ?? '';
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (ctx?.signal?.aborted) return Promise.reject(this.shed('deadline', this.estimateMs(lane, client, tokens)));
    const now = this.now();
    this.syncMode(now);
    // Background work only queues behind background work: interactive waiters held back by their
    // share must not delay it (the reserved share is what they cannot use).
    const ahead = lane === 'background' ? this.queues.background : this.queues.size;
    if (this.mode !== 'shared' && ahead === 0 && now >= this.pausedUntil && this.canServe(lane, tokens, now)) {
      this.commit(lane, tokens, now);
      return Promise.resolve();
    }
    if (lane === 'interactive') {
      const estimate = this.estimateMs(lane, client, tokens);
      if (estimate > remainingMs(ctx)) return Promise.reject(this.shed('deadline', estimate));
      if (this.queues.interactive >= this.maxQueue) {
        const longest = this.queues.longest();
        if (!longest || longest.length <= this.queues.clientLength(client) + 1) return Promise.reject(this.shed('queue_full', estimate));
        // Room is made at the expense of the client holding the most places.
        const victim = this.queues.popNewest(longest.client);
        if (victim) this.settle(victim, this.shed('queue_full', estimate));
      }
    }
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => this.abort(waiter, signal?.aborted ? signal.reason : this.shed('deadline', this.estimateMs(lane, client, tokens)));
      const cleanup = (): void => {
        signal?.removeEventListener('abort', onAbort);
        ctx?.signal?.removeEventListener('abort', onAbort);
      };
      const waiter: Waiter = { tokens, lane, client, seq: this.queues.nextSeq(), resolve, reject, cleanup };
      signal?.addEventListener('abort', onAbort, { once: true });
      ctx?.signal?.addEventListener('abort', onAbort, { once: true });
      this.queues.push(waiter);
      if (this.mode === 'shared') this.drain();
      else this.schedule();
    });
  }

  tryTake(tokens = 1): boolean {
    this.check(tokens);
    const lane: Lane = currentContext()?.lane ?? 'background';
    const now = this.now();
    this.syncMode(now);
    // Only the local policy is consulted: a synchronous take cannot ask the shared store.
    if (this.pending > 0 || now < this.pausedUntil || !this.canServe(lane, tokens, now)) return false;
    this.commit(lane, tokens, now);
    return true;
  }

  pause(ms: number): void {
    if (!(ms > 0)) return;
    const now = this.now();
    this.pausedUntil = Math.max(this.pausedUntil, now + ms);
    this.policy.exhaust(now);
    if (this.mode === 'shared') this.link?.pause(this.base.shared(), ms);
    this.schedule();
  }

  status(): RateLimitStatus {
    const now = this.now();
    return {
      name: this.name,
      ratePerSecond: this.base.ratePerSecond,
      capacity: this.base.capacity,
      available: now < this.pausedUntil ? 0 : Math.floor(this.policy.available(now)),
    };
  }

  /** Number of requests waiting for budget. */
  get pending(): number {
    return this.queues.size;
  }

  queueDepth(): QueueDepth {
    return { interactive: this.queues.interactive, background: this.queues.background };
  }

  close(): void {
    this.closed = true;
    this.clearTimer();
    const err = new RateLimitError(`rate limiter ${this.name} closed`);
    for (const w of this.queues.drainAll()) this.settle(w, err);
  }

  private check(tokens: number): void {
    if (this.closed) throw new RateLimitError(`rate limiter ${this.name} closed`);
    if (!Number.isFinite(tokens) || tokens <= 0) throw new RateLimitError(`bad token count ${tokens} for ${this.name}`);
    if (tokens > this.base.capacity) {
      throw new RateLimitError(`${tokens} tokens exceed the capacity ${this.base.capacity} of ${this.name}; it can never pass`);
    }
    this.largestTake = Math.max(this.largestTake, tokens);
  }

  private gateTokens(tokens: number): number {
    return this.gate ? Math.min(tokens, this.gate.capacity) : 0;
  }

  private gateWait(lane: Lane, tokens: number, now: number): number {
    return lane === 'interactive' && this.gate ? this.gate.waitMs(this.gateTokens(tokens), now) : 0;
  }

  private canServe(lane: Lane, tokens: number, now: number): boolean {
    return this.policy.waitMs(tokens, now) === 0 && this.gateWait(lane, tokens, now) === 0;
  }

  private commit(lane: Lane, tokens: number, now: number): void {
    this.policy.commit(tokens, now);
    if (lane === 'interactive' && this.gate) this.gate.commit(this.gateTokens(tokens), now);
  }

  /**
   * How long a new request would wait: the tokens served before it, at the rates it may use. A
   * shared budget is assumed split evenly between the instances.
   */
  private estimateMs(lane: Lane, client: string, tokens: number): number {
    const instances = this.mode === 'shared' ? Math.max(1, this.link?.backend()?.instances() ?? 1) : 1;
    return this.localEstimateMs(lane, client, tokens) * instances;
  }

  private localEstimateMs(lane: Lane, client: string, tokens: number): number {
    const now = this.now();
    const pause = Math.max(0, this.pausedUntil - now);
    if (lane === 'background') return pause + this.policy.estimateMs(tokens + this.queues.tokensBefore('', 0).background, now);
    const before = this.queues.tokensBefore(client, tokens);
    const total = this.policy.estimateMs(before.interactive + before.background, now);
    const own = this.gate ? this.gate.estimateMs(before.interactive, now) : 0;
    return pause + Math.max(total, own);
  }

  private shed(reason: 'queue_full' | 'deadline', waitMs: number): Overloaded {
    const why = reason === 'queue_full' ? 'its queue is full' : 'no budget is free within the request deadline';
    return new Overloaded(`rate limiter ${this.name}: request shed, ${why}`, reason, {
      retryAfterMs: Math.max(1000, Math.ceil(Number.isFinite(waitMs) ? waitMs : 1000)),
    });
  }

  private settle(w: Waiter, err?: unknown): void {
    w.cleanup();
    if (err === undefined) w.resolve();
    else w.reject(err);
  }

  private abort(w: Waiter, reason: unknown): void {
    if (!this.queues.remove(w)) return;
    this.settle(w, reason);
    this.drain();
  }

  /** Serves waiters while budget allows (earliest arrival first across lanes), then re-arms the timer. */
  private drain(): void {
    const now = this.now();
    this.syncMode(now);
    while (this.queues.size > 0 && now >= this.pausedUntil) {
      const { bg, ir } = this.queues.heads();
      const first = !ir || (bg && bg.seq < ir.seq) ? bg : ir;
      if (!first) break;
      let next: Waiter | undefined;
      if (this.canServe(first.lane, first.tokens, now)) next = first;
      // An interactive head held back only by its share must not hold background work up.
      else if (first === ir && bg && this.policy.waitMs(bg.tokens, now) === 0) next = bg;
      if (!next) break;
      if (this.mode === 'shared') {
        this.acquireShared(next, now);
        break;
      }
      this.queues.shift(next);
      this.commit(next.lane, next.tokens, now);
      this.settle(next);
    }
    this.schedule();
  }

  private schedule(): void {
    const { bg, ir } = this.queues.heads();
    if ((!bg && !ir) || this.closed) {
      this.clearTimer();
      return;
    }
    if (this.mode === 'shared' && this.link?.busy) {
      this.clearTimer(); // the remote answer drains again
      return;
    }
    const now = this.now();
    let wait = Infinity;
    if (bg) wait = Math.min(wait, this.policy.waitMs(bg.tokens, now));
    if (ir) wait = Math.min(wait, Math.max(this.policy.waitMs(ir.tokens, now), this.gateWait('interactive', ir.tokens, now)));
    wait = Math.max(this.pausedUntil - now, wait, 0);
    if (this.mode === 'shared' && this.link) wait = Math.max(wait, this.link.waitUntil - now);
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
