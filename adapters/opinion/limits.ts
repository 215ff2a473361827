import { RateLimiter, TokenBucket, type Limiter } from '../../src/venue/index.js';
import { REQUESTS_PER_SECOND } from './constants.js';

/**
 * Opinion's rate limit (docs/venues/opinion.md §3): 15 requests per second per API key, every
 * endpoint alike; beyond it HTTP 429. One token bucket (`rest`) is shared by every call the adapter
 * makes — catalog, books, account, orders, key management — so together they stay inside it.
 */

export const REST_BUCKET = 'rest';

export interface OpinionLimitOptions {
  /** Requests per second the venue allows (default 15). */
  ratePerSecond?: number;
  /**
   * Fraction of the budget the client allows itself (default 0.95): the venue's bucket runs on its
   * own clock and network jitter bunches requests on arrival; the margin absorbs that.
   */
  safety?: number;
  /**
   * Burst capacity (default 5 requests). Smaller than the venue's one-second bucket, so that a burst
   * after an idle spell never meets a venue bucket that has not refilled yet.
   */
  capacity?: number;
  /** A shared limiter instead (e.g. Redis-backed across instances); must provide `rest`. */
  bucket?: Limiter;
}

export function createOpinionLimiter(options: OpinionLimitOptions = {}): RateLimiter {
  const bucket =
    options.bucket ??
    new TokenBucket({
      name: REST_BUCKET,
      ratePerSecond: (options.ratePerSecond ?? REQUESTS_PER_SECOND) * (options.safety ?? 0.95),
      capacity: options.capacity ?? 5,
    });
  return new RateLimiter({ [REST_BUCKET]: bucket });
}
