/**
 * Per-key request rates: one token bucket per API key, in this process. A request over the rate
 * is refused at once (429 with `Retry-After`), never queued. With several instances each enforces
 * the rate on its own share of the traffic.
 */
import { BucketPolicy } from '../venue/limit-policies.js';
import type { KeyRateLimit } from './keys.js';

const MAX_TRACKED_KEYS = 10_000;

export class KeyRateLimiter {
  private readonly buckets = new Map<string, { policy: BucketPolicy; spec: KeyRateLimit }>();
  private readonly now: () => number;

  constructor(
    private readonly defaults: KeyRateLimit,
    now?: () => number,
  ) {
    this.now = now ?? (() => performance.now());
  }

  /** Takes one request from the key's bucket: 0 when allowed, else the milliseconds to wait. */
  take(keyId: string, own: KeyRateLimit | null): number {
    const spec = own ?? this.defaults;
    const now = this.now();
    let entry = this.buckets.get(keyId);
    if (!entry || entry.spec.perSecond !== spec.perSecond || entry.spec.burst !== spec.burst) {
      entry = { policy: new BucketPolicy(spec.perSecond, spec.burst, spec.burst, now), spec };
      if (this.buckets.size >= MAX_TRACKED_KEYS) this.buckets.delete(this.buckets.keys().next().value as string);
    }
    // Most recently used last, so that the oldest entry is the one dropped.
    this.buckets.delete(keyId);
    this.buckets.set(keyId, entry);
    const wait = entry.policy.waitMs(1, now);
    if (wait > 0) return Math.ceil(wait);
    entry.policy.commit(1, now);
    return 0;
  }

  close(): void {
    this.buckets.clear();
  }
}
