import { AdjustableBucket, type BucketBudget } from '../../src/venue/adjustable-bucket.js';
import { RateLimiter } from '../../src/venue/rate-limiter.js';
import type { WireAccountLimits } from './wire-portfolio.js';

/**
 * Kalshi's rate limits (docs/venues/kalshi.md §8): two token buckets, Read and Write, refilled
 * continuously; every request costs tokens (default 10). A 429 carries no Retry-After.
 */

export type KalshiTier = 'basic' | 'advanced' | 'expert' | 'premier' | 'paragon' | 'prime' | 'prestige';

export type { BucketBudget };

export interface TierBudget {
  read: BucketBudget;
  write: BucketBudget;
}

/**
 * Documented budgets (tokens/s) and capacities. Capacities: Basic/Advanced Read and every Write
 * above Basic hold 2 s of budget; higher Reads and Basic Write hold 1 s. Prestige Read is given as
 * 10,000 or 6,000 by two snapshots of the page: the lower is used. Real values come from
 * `GET /account/limits` when authenticated (see `budgetFromAccountLimits`).
 */
export const TIER_BUDGETS: Record<KalshiTier, TierBudget> = {
  basic: { read: { ratePerSecond: 200, capacity: 400 }, write: { ratePerSecond: 100, capacity: 100 } },
  advanced: { read: { ratePerSecond: 300, capacity: 600 }, write: { ratePerSecond: 300, capacity: 600 } },
  expert: { read: { ratePerSecond: 600, capacity: 600 }, write: { ratePerSecond: 600, capacity: 1200 } },
  premier: { read: { ratePerSecond: 1000, capacity: 1000 }, write: { ratePerSecond: 1000, capacity: 2000 } },
  paragon: { read: { ratePerSecond: 2000, capacity: 2000 }, write: { ratePerSecond: 2000, capacity: 4000 } },
  prime: { read: { ratePerSecond: 4000, capacity: 4000 }, write: { ratePerSecond: 4000, capacity: 8000 } },
  prestige: { read: { ratePerSecond: 6000, capacity: 6000 }, write: { ratePerSecond: 8000, capacity: 16000 } },
};

export const DEFAULT_COST = 10;

/** Token costs that differ from the default (`GET /account/endpoint_costs`, docs, changelog). */
export const ENDPOINT_COSTS = {
  default: DEFAULT_COST,
  cancelOrder: 2,
  getOrder: 2,
  /** Per order in a batch. */
  batchCancelPerOrder: 2,
  /** Per order in a batch. */
  batchCreatePerOrder: 10,
} as const;

export interface LimiterOptions {
  tier?: KalshiTier;
  /** Overrides the tier's budget (e.g. from `/account/limits`). */
  budget?: TierBudget;
  /**
   * Fraction of the budget the client allows itself (default 0.95): the venue's bucket runs on the
   * venue's clock, and network jitter can bunch requests on arrival; the margin absorbs that so a
   * full-speed walk does not provoke 429s.
   */
  safety?: number;
}

export function budgetFor(options: LimiterOptions): TierBudget {
  return options.budget ?? TIER_BUDGETS[options.tier ?? 'basic'];
}

export interface KalshiLimiter {
  limiter: RateLimiter;
  read: AdjustableBucket;
  write: AdjustableBucket;
  /** Applies a new budget (the safety margin is applied again). */
  setBudget(budget: TierBudget): void;
}

function scaled(b: BucketBudget, safety: number): BucketBudget {
  return {
    ratePerSecond: b.ratePerSecond * safety,
    // Keep at least one default-cost request of capacity.
    capacity: Math.max(DEFAULT_COST, Math.floor(b.capacity * safety)),
  };
}

export function createKalshiLimiter(options: LimiterOptions = {}): KalshiLimiter {
  const budget = budgetFor(options);
  const safety = options.safety ?? 0.95;
  const read = new AdjustableBucket('read', scaled(budget.read, safety));
  const write = new AdjustableBucket('write', scaled(budget.write, safety));
  return {
    limiter: new RateLimiter({ read, write }),
    read,
    write,
    setBudget(next: TierBudget): void {
      read.setBudget(scaled(next.read, safety));
      write.setBudget(scaled(next.write, safety));
    },
  };
}

export function budgetFromAccountLimits(limits: WireAccountLimits): TierBudget {
  return {
    read: { ratePerSecond: limits.read.refill_rate, capacity: limits.read.bucket_capacity },
    write: { ratePerSecond: limits.write.refill_rate, capacity: limits.write.bucket_capacity },
  };
}

/** How many orders of a batch fit the write bucket at once (the venue rejects a batch that does not). */
export function maxBatchSize(writeCapacity: number, perOrderCost: number): number {
  return Math.max(1, Math.floor(writeCapacity / perOrderCost));
}
