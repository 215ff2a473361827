/**
 * The venue's two rate-limit layers (docs/venues/polymarket.md §8):
 * - Cloudflare sliding windows per endpoint (10 s, and 10 min for trading), answered with 429
 *   `Too Many Requests` and `Retry-After`;
 * - per-signer token buckets for orders and cancels (of one tier, Standard by default), with `Poly-RateLimit-*`
 *   headers on every covered request and 429 + `Retry-After` when empty. Batches are
 *   all-or-nothing; cancel-all style requests may leave a negative balance.
 */
import { SimBucketSet, type SimTokenBucket } from '../../../src/sim/token-bucket.js';
import { SIGNER_TIERS, type SignerTierName } from './constants.js';

export type Service = 'gamma' | 'clob' | 'data';

interface WindowRule {
  name: string;
  service: Service;
  method?: string;
  /** Exact path, or a prefix when ending with `*`. */
  path: string;
  limit: number;
  windowMs: number;
}

const S10 = 10_000;
const M10 = 600_000;

const RULES: WindowRule[] = [
  { name: 'ok', service: 'clob', path: '/ok', limit: 100, windowMs: S10 },
  { name: 'gamma-events', service: 'gamma', path: '/events*', limit: 500, windowMs: S10 },
  { name: 'gamma-markets', service: 'gamma', path: '/markets*', limit: 300, windowMs: S10 },
  { name: 'gamma-listing', service: 'gamma', path: '/markets*', limit: 900, windowMs: S10 },
  { name: 'gamma-listing', service: 'gamma', path: '/events*', limit: 900, windowMs: S10 },
  { name: 'data-trades', service: 'data', path: '/trades', limit: 200, windowMs: S10 },
  { name: 'data-positions', service: 'data', path: '/positions', limit: 150, windowMs: S10 },
  { name: 'clob-book', service: 'clob', path: '/book', limit: 1500, windowMs: S10 },
  { name: 'clob-books', service: 'clob', path: '/books', limit: 500, windowMs: S10 },
  { name: 'clob-price', service: 'clob', path: '/price', limit: 1500, windowMs: S10 },
  { name: 'clob-prices', service: 'clob', path: '/prices', limit: 500, windowMs: S10 },
  { name: 'clob-midpoint', service: 'clob', path: '/midpoint', limit: 1500, windowMs: S10 },
  { name: 'clob-midpoints', service: 'clob', path: '/midpoints', limit: 500, windowMs: S10 },
  { name: 'clob-prices-history', service: 'clob', path: '/prices-history', limit: 1000, windowMs: S10 },
  { name: 'clob-tick-size', service: 'clob', path: '/tick-size*', limit: 200, windowMs: S10 },
  { name: 'clob-balance', service: 'clob', method: 'GET', path: '/balance-allowance', limit: 200, windowMs: S10 },
  { name: 'clob-balance-update', service: 'clob', path: '/balance-allowance/update', limit: 50, windowMs: S10 },
  { name: 'clob-data-orders', service: 'clob', path: '/data/orders', limit: 500, windowMs: S10 },
  { name: 'clob-data-trades', service: 'clob', path: '/data/trades', limit: 500, windowMs: S10 },
  { name: 'clob-auth', service: 'clob', path: '/auth/*', limit: 100, windowMs: S10 },
  { name: 'post-order', service: 'clob', method: 'POST', path: '/order', limit: 3500, windowMs: S10 },
  { name: 'post-order-10m', service: 'clob', method: 'POST', path: '/order', limit: 36_000, windowMs: M10 },
  { name: 'delete-order', service: 'clob', method: 'DELETE', path: '/order', limit: 3000, windowMs: S10 },
  { name: 'delete-order-10m', service: 'clob', method: 'DELETE', path: '/order', limit: 30_000, windowMs: M10 },
  { name: 'post-orders', service: 'clob', method: 'POST', path: '/orders', limit: 1000, windowMs: S10 },
  { name: 'post-orders-10m', service: 'clob', method: 'POST', path: '/orders', limit: 15_000, windowMs: M10 },
  { name: 'delete-orders', service: 'clob', method: 'DELETE', path: '/orders', limit: 1000, windowMs: S10 },
  { name: 'delete-orders-10m', service: 'clob', method: 'DELETE', path: '/orders', limit: 15_000, windowMs: M10 },
  { name: 'cancel-all', service: 'clob', method: 'DELETE', path: '/cancel-all', limit: 250, windowMs: S10 },
  { name: 'cancel-all-10m', service: 'clob', method: 'DELETE', path: '/cancel-all', limit: 6000, windowMs: M10 },
  { name: 'cancel-market', service: 'clob', method: 'DELETE', path: '/cancel-market-orders', limit: 1000, windowMs: S10 },
  { name: 'cancel-market-10m', service: 'clob', method: 'DELETE', path: '/cancel-market-orders', limit: 1500, windowMs: M10 },
];

const GENERAL: Record<Service, number> = { gamma: 4000, clob: 9000, data: 1000 };
const GLOBAL_LIMIT = 15_000;

/** Cloudflare-style sliding window: the previous fixed window's count weighted by its overlap. */
class SlidingWindow {
  private start = 0;
  private current = 0;
  private previous = 0;

  constructor(readonly limit: number, readonly windowMs: number) {}

  private roll(now: number): void {
    const idx = Math.floor(now / this.windowMs) * this.windowMs;
    if (idx === this.start) return;
    this.previous = idx - this.start === this.windowMs ? this.current : 0;
    this.current = 0;
    this.start = idx;
  }

  /** Estimated requests in the sliding window ending now. */
  load(now: number): number {
    this.roll(now);
    const overlap = 1 - (now - this.start) / this.windowMs;
    return this.previous * overlap + this.current;
  }

  add(now: number): void {
    this.roll(now);
    this.current += 1;
  }

  /** Seconds until the window would accept one more request. */
  retryAfter(now: number): number {
    this.roll(now);
    if (this.current + 1 > this.limit) return Math.max(1, Math.ceil((this.start + this.windowMs - now) / 1000));
    // The previous window's weight must fall far enough: previous·(1 − t/w) + current + 1 ≤ limit.
    const need = this.previous === 0 ? 0 : 1 - (this.limit - this.current - 1) / this.previous;
    const t = this.start + need * this.windowMs;
    return Math.max(1, Math.ceil((t - now) / 1000));
  }
}

export interface BucketState {
  remaining: number;
  /** Unix seconds when the attempted request could pass. */
  reset: number;
  tier: string;
}

export type BucketKind = 'order' | 'cancel';

export interface BucketResult extends BucketState {
  ok: boolean;
  retryAfter: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, SlidingWindow>();
  private readonly buckets: SimBucketSet<string>;

  constructor(
    private readonly now: () => number,
    private readonly tier: SignerTierName = 'standard',
  ) {
    this.buckets = new SimBucketSet((key) => {
      const t = SIGNER_TIERS[tier];
      return key.endsWith(':order') ? { rate: t.orderRate, capacity: t.orderBurst } : { rate: t.cancelRate, capacity: t.cancelBurst };
    }, now);
  }

  private window(key: string, limit: number, windowMs: number): SlidingWindow {
    let w = this.windows.get(key);
    if (!w) {
      w = new SlidingWindow(limit, windowMs);
      this.windows.set(key, w);
    }
    return w;
  }

  /** Counts one request; returns the Retry-After seconds when a window is full, else undefined. */
  hit(service: Service, method: string, path: string): number | undefined {
    const now = this.now();
    const windows = [this.window('global', GLOBAL_LIMIT, S10), this.window(`general:${service}`, GENERAL[service], S10)];
    for (const r of RULES) {
      if (r.service !== service || (r.method && r.method !== method)) continue;
      const match = r.path.endsWith('*') ? path.startsWith(r.path.slice(0, -1)) : path === r.path;
      if (match) windows.push(this.window(`${r.name}:${r.windowMs}`, r.limit, r.windowMs));
    }
    let retry: number | undefined;
    for (const w of windows) {
      if (w.load(now) + 1 > w.limit) retry = Math.max(retry ?? 0, w.retryAfter(now));
    }
    if (retry !== undefined) return retry;
    for (const w of windows) w.add(now);
    return undefined;
  }

  private bucket(signer: string, kind: BucketKind): SimTokenBucket {
    return this.buckets.get(`${signer.toLowerCase()}:${kind}`);
  }

  private stateOf(b: SimTokenBucket, cost: number, now: number): BucketState {
    const s = b.state(cost, now);
    return { remaining: s.remaining, reset: Math.ceil((now + s.waitMs) / 1000), tier: this.tier };
  }

  get tierName(): SignerTierName {
    return this.tier;
  }

  /** All-or-nothing take of `cost` tokens from a signer's bucket. */
  take(signer: string, kind: BucketKind, cost: number): BucketResult {
    const now = this.now();
    const b = this.bucket(signer, kind);
    const ok = b.take(cost, now);
    const state = this.stateOf(b, ok ? 0 : cost, now);
    const retryAfter = ok ? 0 : Math.max(1, state.reset - Math.floor(now / 1000));
    return { ok, retryAfter, ...state };
  }

  /** Debits tokens after the fact (cancel-all: one per order actually canceled); may go negative. */
  debit(signer: string, kind: BucketKind, cost: number): BucketState {
    const now = this.now();
    const b = this.bucket(signer, kind);
    b.take(cost, now, true);
    return this.stateOf(b, 0, now);
  }
}

export function bucketHeaders(s: BucketState, retryAfter?: number): Record<string, string> {
  const h: Record<string, string> = {
    'Poly-RateLimit-Remaining': String(s.remaining),
    'Poly-RateLimit-Reset': String(s.reset),
    'Poly-RateLimit-Tier': s.tier,
  };
  if (retryAfter !== undefined && retryAfter > 0) h['Retry-After'] = String(retryAfter);
  return h;
}
