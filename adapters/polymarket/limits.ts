import { RateLimiter, type BucketSpec } from '../../src/venue/index.js';
import { SIGNER_SAFETY, SignerBucket, type SignerBudget } from './signer-buckets.js';

/**
 * Polymarket rate limits (docs/venues/polymarket.md §8): Cloudflare windows per endpoint (reads and the
 * trading endpoints, 10 s and 10 min), each enforced here by a token bucket sized to stay inside it,
 * and, since 2026-07-24, per-signer token buckets for orders and cancels (§8.2). One `RateLimiter` holds them all and is shared by the Gamma, CLOB and
 * Data API clients; a request draws from its endpoint window(s), its service window and `global`.
 */

const W10 = 10_000;
const W10M = 600_000;

/** §8.2 tiers; `standard` unless the account's 30-day volume earns more. */
export const SIGNER_TIERS = {
  standard: { orderRate: 40, orderBurst: 60, cancelRate: 80, cancelBurst: 120 },
  copper: { orderRate: 60, orderBurst: 90, cancelRate: 120, cancelBurst: 180 },
  bronze: { orderRate: 80, orderBurst: 120, cancelRate: 160, cancelBurst: 240 },
  silver: { orderRate: 200, orderBurst: 300, cancelRate: 400, cancelBurst: 600 },
  gold: { orderRate: 400, orderBurst: 600, cancelRate: 800, cancelBurst: 1200 },
  platinum: { orderRate: 450, orderBurst: 675, cancelRate: 900, cancelBurst: 1350 },
  diamond: { orderRate: 525, orderBurst: 787, cancelRate: 1050, cancelBurst: 1575 },
  elite: { orderRate: 600, orderBurst: 900, cancelRate: 1200, cancelBurst: 1800 },
} as const;
export type SignerTier = keyof typeof SIGNER_TIERS;

/** §8.1 windows (requests per window). */
export const CLOUDFLARE_WINDOWS: Record<string, { limit: number; windowMs: number }> = {
  global: { limit: 15_000, windowMs: W10 },
  gamma: { limit: 4_000, windowMs: W10 },
  'gamma-markets': { limit: 300, windowMs: W10 },
  'gamma-events': { limit: 500, windowMs: W10 },
  'gamma-listing': { limit: 900, windowMs: W10 },
  'gamma-search': { limit: 350, windowMs: W10 },
  data: { limit: 1_000, windowMs: W10 },
  'data-trades': { limit: 200, windowMs: W10 },
  'data-positions': { limit: 150, windowMs: W10 },
  clob: { limit: 9_000, windowMs: W10 },
  'clob-book': { limit: 1_500, windowMs: W10 },
  'clob-books': { limit: 500, windowMs: W10 },
  'clob-price': { limit: 1_500, windowMs: W10 },
  'clob-prices': { limit: 500, windowMs: W10 },
  'clob-midpoint': { limit: 1_500, windowMs: W10 },
  'clob-midpoints': { limit: 500, windowMs: W10 },
  'clob-prices-history': { limit: 1_000, windowMs: W10 },
  'clob-tick-size': { limit: 200, windowMs: W10 },
  'clob-balance': { limit: 200, windowMs: W10 },
  'clob-ledger': { limit: 900, windowMs: W10 },
  'clob-data-orders': { limit: 500, windowMs: W10 },
  'clob-data-trades': { limit: 500, windowMs: W10 },
  'clob-auth': { limit: 100, windowMs: W10 },
  'post-order': { limit: 3_500, windowMs: W10 },
  'post-order-10m': { limit: 36_000, windowMs: W10M },
  'delete-order': { limit: 3_000, windowMs: W10 },
  'delete-order-10m': { limit: 30_000, windowMs: W10M },
  'post-orders': { limit: 1_000, windowMs: W10 },
  'post-orders-10m': { limit: 15_000, windowMs: W10M },
  'delete-orders': { limit: 1_000, windowMs: W10 },
  'delete-orders-10m': { limit: 15_000, windowMs: W10M },
  'cancel-all': { limit: 250, windowMs: W10 },
  'cancel-all-10m': { limit: 6_000, windowMs: W10M },
  'cancel-market': { limit: 1_000, windowMs: W10 },
  'cancel-market-10m': { limit: 1_500, windowMs: W10M },
};

/**
 * How we stay inside a Cloudflare window of `L` requests per `W`. Cloudflare (and the simulator)
 * estimate the sliding window as `previous fixed window × (1 − elapsed fraction) + current`, which
 * is stricter than a true sliding window after a burst. A token bucket of rate `r` and capacity
 * `c` never lets that estimate exceed `r·W + c` (over any two adjacent windows the bucket admits
 * at most `c + r·(W + fW)` requests), so we use `r·W = 0.85 L` and `c = 0.10 L`: the remaining 5%
 * absorbs the difference between when we send a request and when the venue counts it.
 */
export const WINDOW_RATE_SHARE = 0.85;
export const WINDOW_BURST_SHARE = 0.1;

export function windowBucket(w: { limit: number; windowMs: number }): { ratePerSecond: number; capacity: number } {
  return {
    ratePerSecond: (WINDOW_RATE_SHARE * w.limit * 1000) / w.windowMs,
    capacity: Math.max(1, Math.floor(WINDOW_BURST_SHARE * w.limit)),
  };
}

export interface PolymarketLimitOptions {
  tier?: SignerTier;
  /** Overrides of individual windows or buckets (tests and benchmarks). */
  overrides?: Record<string, BucketSpec>;
}

/**
 * Our order and cancel budgets for a tier: 5% under the venue's own buckets, for the same
 * send-vs-arrival skew as the windows. Undefined for a tier name we do not know.
 */
export function signerBudgets(tierName: string): { order: SignerBudget; cancel: SignerBudget } | undefined {
  const tier = (SIGNER_TIERS as Record<string, (typeof SIGNER_TIERS)[SignerTier] | undefined>)[tierName];
  if (!tier) return undefined;
  return {
    order: { ratePerSecond: tier.orderRate * SIGNER_SAFETY, capacity: Math.floor(tier.orderBurst * SIGNER_SAFETY) },
    cancel: { ratePerSecond: tier.cancelRate * SIGNER_SAFETY, capacity: Math.floor(tier.cancelBurst * SIGNER_SAFETY) },
  };
}

export function createPolymarketLimiter(options: PolymarketLimitOptions = {}): RateLimiter {
  const budgets = signerBudgets(options.tier ?? 'standard') as { order: SignerBudget; cancel: SignerBudget };
  const windows = Object.fromEntries(Object.entries(CLOUDFLARE_WINDOWS).map(([name, w]) => [name, windowBucket(w)]));
  const specs: Record<string, BucketSpec> = {
    ...windows,
    // Adjusted to the venue's `Poly-RateLimit-*` headers as responses come (signer-buckets.ts).
    'signer-order': new SignerBucket('signer-order', budgets.order),
    'signer-cancel': new SignerBucket('signer-cancel', budgets.cancel),
    ...options.overrides,
  };
  return new RateLimiter(specs);
}

/** The buckets one request draws from, most specific first. */
export const BUCKETS = {
  gammaMarketsList: ['gamma-markets', 'gamma-listing', 'gamma', 'global'],
  gammaEventsList: ['gamma-events', 'gamma-listing', 'gamma', 'global'],
  gammaMarkets: ['gamma-markets', 'gamma-listing', 'gamma', 'global'],
  gammaEvents: ['gamma-events', 'gamma-listing', 'gamma', 'global'],
  gammaSearch: ['gamma-search', 'gamma', 'global'],
  dataPositions: ['data-positions', 'data', 'global'],
  dataTrades: ['data-trades', 'data', 'global'],
  clob: ['clob', 'global'],
  book: ['clob-book', 'clob', 'global'],
  books: ['clob-books', 'clob', 'global'],
  price: ['clob-price', 'clob', 'global'],
  prices: ['clob-prices', 'clob', 'global'],
  midpoint: ['clob-midpoint', 'clob', 'global'],
  midpoints: ['clob-midpoints', 'clob', 'global'],
  pricesHistory: ['clob-prices-history', 'clob', 'global'],
  tickSize: ['clob-tick-size', 'clob', 'global'],
  balance: ['clob-balance', 'clob', 'global'],
  ledger: ['clob-ledger', 'clob', 'global'],
  dataOrders: ['clob-data-orders', 'clob', 'global'],
  dataTradesClob: ['clob-data-trades', 'clob', 'global'],
  auth: ['clob-auth', 'clob', 'global'],
  postOrder: ['post-order', 'post-order-10m', 'clob', 'global'],
  postOrders: ['post-orders', 'post-orders-10m', 'clob', 'global'],
  deleteOrder: ['delete-order', 'delete-order-10m', 'clob', 'global'],
  deleteOrders: ['delete-orders', 'delete-orders-10m', 'clob', 'global'],
  cancelAll: ['cancel-all', 'cancel-all-10m', 'clob', 'global'],
  cancelMarket: ['cancel-market', 'cancel-market-10m', 'clob', 'global'],
} as const satisfies Record<string, readonly string[]>;

/** Takes per-signer tokens, clamped to the bucket's capacity (a larger batch could never pass). */
export async function takeSigner(limiter: RateLimiter, bucket: 'signer-order' | 'signer-cancel', tokens: number): Promise<void> {
  if (tokens <= 0) return;
  const capacity = limiter.get(bucket).status().capacity;
  await limiter.take(bucket, Math.min(tokens, capacity));
}
