/** Named budgets of a venue built from specs, and the registry of every open client's limiters (metrics). */
import type { VenueId } from '../core/ids.js';
import type { RateLimitStatus } from './adapter.js';
import { RateLimitError, TokenBucket, WindowLimiter, type Limiter, type QueueDepth, type ThrottleClock } from './rate-limit.js';

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

  /** Binds every bucket to its budget shared by the instances, under `scope` (shared-budget.ts). */
  share(scope: string): void {
    for (const l of this.limiters.values()) l.share?.(scope);
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

  /** Waiters per bucket and lane. */
  queueDepths(): { bucket: string; depth: QueueDepth }[] {
    return [...this.limiters].map(([bucket, l]) => ({ bucket, depth: l.queueDepth?.() ?? { interactive: 0, background: 0 } }));
  }

  close(): void {
    for (const l of this.limiters.values()) l.close();
  }
}

/** The limiters of every open venue HTTP client (for the queue-depth metric). */
const tracked = new Map<RateLimiter, { venue: VenueId; users: number }>();

/** Counts a client using a venue's limiter (or with `on = false`, one less) for the metrics. */
export function trackLimiter(venue: VenueId, limiter: RateLimiter, on = true): void {
  const entry = tracked.get(limiter) ?? { venue, users: 0 };
  entry.users += on ? 1 : -1;
  if (entry.users > 0) tracked.set(limiter, entry);
  else tracked.delete(limiter);
}

export function trackedLimiters(): { venue: VenueId; limiter: RateLimiter }[] {
  return [...tracked].map(([limiter, { venue }]) => ({ venue, limiter }));
}
