/**
 * Kalshi rate limits (docs/venues/kalshi.md §8): two token buckets (Read, Write) per tier, continuous
 * refill, default cost 10 tokens, non-default costs listed by /account/endpoint_costs; 429 body
 * `{"error":"too many requests"}` without Retry-After. Unauthenticated requests (undocumented:
 * Kalshi serves them from an edge cache) share one Read bucket per client IP in the simulator,
 * sized like the Basic tier Read bucket ×5: 1000 tokens/s, capacity 1000 (= 100 requests/s).
 */
import { SimBucketSet } from '../../../src/sim/token-bucket.js';

export type Tier = 'basic' | 'advanced' | 'expert' | 'premier' | 'paragon' | 'prime' | 'prestige';

export interface BucketSpec {
  refill_rate: number;
  bucket_capacity: number;
}

/**
 * Budgets per tier (tokens/s and capacity; §8): Basic and Advanced Read and every Write above
 * Basic hold 2 s of refill, higher Reads and Basic Write 1 s. Prestige Read uses the 10,000 snapshot.
 */
export const TIERS: Record<Tier, { read: BucketSpec; write: BucketSpec }> = {
  basic: { read: { refill_rate: 200, bucket_capacity: 400 }, write: { refill_rate: 100, bucket_capacity: 100 } },
  advanced: { read: { refill_rate: 300, bucket_capacity: 600 }, write: { refill_rate: 300, bucket_capacity: 600 } },
  expert: { read: { refill_rate: 600, bucket_capacity: 600 }, write: { refill_rate: 600, bucket_capacity: 1200 } },
  premier: { read: { refill_rate: 1000, bucket_capacity: 1000 }, write: { refill_rate: 1000, bucket_capacity: 2000 } },
  paragon: { read: { refill_rate: 2000, bucket_capacity: 2000 }, write: { refill_rate: 2000, bucket_capacity: 4000 } },
  prime: { read: { refill_rate: 4000, bucket_capacity: 4000 }, write: { refill_rate: 4000, bucket_capacity: 8000 } },
  prestige: { read: { refill_rate: 10000, bucket_capacity: 10000 }, write: { refill_rate: 8000, bucket_capacity: 16000 } },
};

export const ANONYMOUS_READ: BucketSpec = { refill_rate: 1000, bucket_capacity: 1000 };
export const DEFAULT_COST = 10;

export interface EndpointCost {
  method: string;
  path: string;
  cost: number;
}

/** Non-default costs (batch endpoints are billed per item: cost × orders). */
export const ENDPOINT_COSTS: EndpointCost[] = [
  { method: 'DELETE', path: '/trade-api/v2/portfolio/events/orders/{order_id}', cost: 2 },
  { method: 'DELETE', path: '/trade-api/v2/portfolio/events/orders/batched', cost: 2 },
  { method: 'POST', path: '/trade-api/v2/portfolio/events/orders/batched', cost: 10 },
  { method: 'GET', path: '/trade-api/v2/portfolio/orders/{order_id}', cost: 2 },
];

export type BucketKind = 'read' | 'write';

/** Which bucket a request bills and its cost; `perItem` = batch endpoints billed in the handler. */
export function classify(method: string, path: string): { bucket: BucketKind; cost: number; perItem: boolean } {
  const p = path.replace(/^\/trade-api\/v2/, '');
  const write = method !== 'GET' && (p.startsWith('/portfolio/events/orders') || p.startsWith('/portfolio/orders') || p.startsWith('/portfolio/order_groups'));
  if (p === '/portfolio/events/orders/batched') return { bucket: 'write', cost: method === 'DELETE' ? 2 : 10, perItem: true };
  if (method === 'DELETE' && /^\/portfolio\/events\/orders\/[^/]+$/.test(p)) return { bucket: 'write', cost: 2, perItem: false };
  if (method === 'GET' && /^\/portfolio\/orders\/[^/]+$/.test(p) && p !== '/portfolio/orders/queue_positions') return { bucket: 'read', cost: 2, perItem: false };
  return { bucket: write ? 'write' : 'read', cost: DEFAULT_COST, perItem: false };
}

export class RateLimiter {
  private readonly buckets: SimBucketSet<string>;

  constructor(
    readonly tier: Tier,
    readonly enforce: boolean,
    now: () => number = Date.now,
  ) {
    this.buckets = new SimBucketSet((key) => {
      const [, kind, anon] = key.split('|') as [string, BucketKind, string];
      const spec = anon === 'anon' ? ANONYMOUS_READ : TIERS[this.tier][kind];
      return { rate: spec.refill_rate, capacity: spec.bucket_capacity };
    }, now);
  }

  /** Bills `cost` to a principal's bucket; false = answer 429. */
  take(principal: string, kind: BucketKind, cost: number, anonymous: boolean): boolean {
    if (!this.enforce) return true;
    return this.buckets.take(`${principal}|${kind}|${anonymous ? 'anon' : 'key'}`, cost);
  }

  limitsBody(): Record<string, unknown> {
    return {
      usage_tier: this.tier,
      read: TIERS[this.tier].read,
      write: TIERS[this.tier].write,
      grants: [{ exchange_instance: 'event_contract', level: this.tier, source: 'manual' }],
    };
  }
}
