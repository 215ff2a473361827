import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/venue/index.js';
import { BUCKETS, CLOUDFLARE_WINDOWS, createPolymarketLimiter, takeSigner, windowBucket } from './limits.js';

/** Cloudflare's estimate of a sliding window: previous fixed window weighted by overlap + current. */
function cloudflareMax(times: number[], limit: number, windowMs: number): number {
  const counts = new Map<number, number>();
  let worst = 0;
  for (const t of times) {
    const idx = Math.floor(t / windowMs);
    const prev = counts.get(idx - 1) ?? 0;
    const cur = (counts.get(idx) ?? 0) + 1;
    counts.set(idx, cur);
    worst = Math.max(worst, prev * (1 - (t - idx * windowMs) / windowMs) + cur);
  }
  expect(worst).toBeLessThanOrEqual(limit);
  return worst;
}

describe('Polymarket rate limits (docs/venues/polymarket.md §8)', () => {
  it('a greedy client never exceeds a window as Cloudflare estimates it', () => {
    for (const w of [CLOUDFLARE_WINDOWS['gamma-markets'], CLOUDFLARE_WINDOWS['clob-book'], CLOUDFLARE_WINDOWS['cancel-all']]) {
      if (!w) throw new Error('missing window');
      let now = 0;
      const limiter = new RateLimiter({ w: windowBucket(w) }, { now: () => now });
      const times: number[] = [];
      for (now = 0; now < 6 * w.windowMs; now += 1) while (limiter.tryTake('w')) times.push(now);
      const worst = cloudflareMax(times, w.limit, w.windowMs);
      // …while using most of it: ≥ 85% of the window's sustained rate.
      expect(times.length / (6 * w.limit)).toBeGreaterThanOrEqual(0.85);
      expect(worst).toBeGreaterThan(0.8 * w.limit);
    }
  });

  it('has a bucket for every endpoint list and standard-tier signer buckets', () => {
    const limiter = createPolymarketLimiter();
    for (const list of Object.values(BUCKETS)) for (const b of list) expect(limiter.has(b)).toBe(true);
    const order = limiter.get('signer-order').status();
    expect(order.capacity).toBe(57);
    expect(order.ratePerSecond).toBeCloseTo(38);
    expect(createPolymarketLimiter({ tier: 'gold' }).get('signer-cancel').status().capacity).toBe(1140);
  });

  it('clamps a batch larger than the signer burst instead of failing forever', async () => {
    const limiter = createPolymarketLimiter();
    await takeSigner(limiter, 'signer-order', 500);
    expect(limiter.get('signer-order').status().available).toBe(0);
  });
});
