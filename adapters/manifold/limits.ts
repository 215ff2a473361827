import { RateLimiter, type BucketSpec } from '../../src/venue/index.js';

/**
 * Manifold's one documented limit: 500 requests per minute per IP, for every endpoint
 * (docs/venues/manifold.md §Rate limits). One token bucket, shared by every call of the adapter
 * (market data, bets, account), refills at 95% of that rate and holds 95% of a minute's budget:
 * the 5% absorbs the difference between when we send a request and when the venue counts it.
 */

export const MANIFOLD_REQUESTS_PER_MINUTE = 500;
export const LIMIT_SHARE = 0.95;
/** The name of the one bucket. */
export const IP_BUCKET = 'ip';

export function manifoldBucket(perMinute = MANIFOLD_REQUESTS_PER_MINUTE): { ratePerSecond: number; capacity: number } {
  return { ratePerSecond: (LIMIT_SHARE * perMinute) / 60, capacity: Math.max(1, Math.floor(LIMIT_SHARE * perMinute)) };
}

export function createManifoldLimiter(overrides: Record<string, BucketSpec> = {}): RateLimiter {
  return new RateLimiter({ [IP_BUCKET]: manifoldBucket(), ...overrides });
}
