import { AdjustableBucket } from '../../src/venue/adjustable-bucket.js';
import type { RateLimiter } from '../../src/venue/rate-limiter.js';

/**
 * The per-signer order and cancel buckets (docs/venues/polymarket.md §8.2), kept in step with what
 * the venue reports on every covered request: `Poly-RateLimit-Remaining` (tokens left after the
 * request; negative after a cancel-all on tiers that allow debt), `Poly-RateLimit-Reset` (Unix
 * seconds when the attempted request would fit) and `Poly-RateLimit-Tier`. The venue's bucket is the
 * truth: other clients of the same signer spend it too, and the tier follows the account's volume.
 */

/** The share of the venue's tier budget we allow ourselves (send-vs-arrival skew). */
export const SIGNER_SAFETY = 0.95;

export interface SignerBudget {
  ratePerSecond: number;
  capacity: number;
}

/** A token bucket that follows the venue's reports: remaining tokens, reset time, and tier. */
export class SignerBucket extends AdjustableBucket {
  constructor(
    name: string,
    budget: SignerBudget,
    private readonly now: () => number = Date.now,
  ) {
    super(name, budget);
  }

  /**
   * The venue said `remaining` tokens are left: never hold more than that; at or below zero, wait
   * until `resetAtMs` (epoch ms) when the venue gave it.
   */
  observe(remaining: number, resetAtMs: number | undefined): void {
    const s = this.inner.status();
    const keep = Math.max(0, Math.floor(remaining * SIGNER_SAFETY));
    if (this.inner.pending === 0 && s.available > keep) this.inner.tryTake(s.available - keep);
    if (remaining <= 0 && resetAtMs !== undefined) {
      const wait = resetAtMs - this.now();
      if (wait > 0) this.inner.pause(wait);
    }
  }
}

/** Which signer bucket an endpoint spends (§8.2): order creation or cancels. */
function bucketOf(endpoint: string): 'signer-order' | 'signer-cancel' | undefined {
  if (endpoint === 'POST /order' || endpoint === 'POST /orders') return 'signer-order';
  if (endpoint === 'DELETE /order' || endpoint === 'DELETE /orders' || endpoint === 'DELETE /cancel-all' || endpoint === 'DELETE /cancel-market-orders') return 'signer-cancel';
  return undefined;
}

function num(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * Reads the `Poly-RateLimit-*` headers of a response into the signer buckets of `limiter` (when
 * they are `SignerBucket`s; a shared limiter of another kind is left alone). A tier the venue names
 * replaces the budgets (`budgetOf` maps a tier name to its budgets; unknown names are ignored).
 */
export function observeSignerHeaders(
  limiter: RateLimiter,
  res: { endpoint: string; headers: Record<string, string> },
  budgetOf: (tier: string) => { order: SignerBudget; cancel: SignerBudget } | undefined,
): void {
  const bucket = bucketOf(res.endpoint);
  if (!bucket || !limiter.has(bucket)) return;
  const tier = res.headers['poly-ratelimit-tier'];
  const budgets = tier ? budgetOf(tier.trim().toLowerCase()) : undefined;
  if (budgets) {
    for (const [name, budget] of [['signer-order', budgets.order], ['signer-cancel', budgets.cancel]] as const) {
      const b = limiter.has(name) ? limiter.get(name) : undefined;
      if (b instanceof SignerBucket) b.setBudget(budget);
    }
  }
  const remaining = num(res.headers['poly-ratelimit-remaining']);
  const target = limiter.get(bucket);
  if (remaining === undefined || !(target instanceof SignerBucket)) return;
  const reset = num(res.headers['poly-ratelimit-reset']);
  target.observe(remaining, reset === undefined ? undefined : reset * 1000);
}
