import { Wallet } from 'ethers';
import { afterEach, describe, expect, it } from 'vitest';
import { createPolymarketAdapter, type PolymarketAdapter } from './index.js';
import { createPolymarketLimiter, signerBudgets } from './limits.js';
import { SignerBucket, observeSignerHeaders } from './signer-buckets.js';
import { startPolymarketSim, type PolymarketSim } from './sim/index.js';

/**
 * The per-signer buckets (docs/venues/polymarket.md §6.6, §8.2): cancels chunked so that no request
 * costs more than the burst, and the venue's `Poly-RateLimit-*` headers read into our buckets.
 */

const ids = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `0x${(from + i + 1).toString(16).padStart(64, '0')}`);
const status = (a: PolymarketAdapter, name: string) => a.rateLimits().find((s) => s.name === name);

describe('Poly-RateLimit headers into the signer buckets', () => {
  it('lowers the local bucket to what the venue says remains, and waits for the reset when it is spent', () => {
    const now = 1_000_000;
    const bucket = new SignerBucket('signer-cancel', { ratePerSecond: 76, capacity: 114 }, () => now);
    try {
      expect(bucket.status().available).toBe(114);
      bucket.observe(120, undefined);
      expect(bucket.status().available, 'never raised above our own budget').toBe(114);
      bucket.observe(20, undefined);
      expect(bucket.status().available).toBe(19);
      bucket.observe(-5, now + 2_000);
      expect(bucket.status().available).toBe(0);
      expect(bucket.tryTake(1)).toBe(false);
    } finally {
      bucket.close();
    }
  });

  it('switches both budgets to the tier the venue names, ignoring unknown names', () => {
    const limiter = createPolymarketLimiter();
    observeSignerHeaders(limiter, { endpoint: 'POST /order', headers: { 'poly-ratelimit-tier': 'Silver', 'poly-ratelimit-remaining': '299' } }, signerBudgets);
    expect(limiter.get('signer-order').status()).toMatchObject({ capacity: 285, ratePerSecond: 190 });
    expect(limiter.get('signer-cancel').status().capacity).toBe(570);
    observeSignerHeaders(limiter, { endpoint: 'POST /order', headers: { 'poly-ratelimit-tier': 'mythril' } }, signerBudgets);
    expect(limiter.get('signer-order').status().capacity).toBe(285);
    // Reads are not covered.
    observeSignerHeaders(limiter, { endpoint: 'GET /book', headers: { 'poly-ratelimit-remaining': '0' } }, signerBudgets);
    expect(limiter.get('signer-order').status().available).toBeGreaterThan(0);
    limiter.close();
  });
});

describe('polymarket signer limits against the simulator', () => {
  let sim: PolymarketSim | undefined;
  const adapters: PolymarketAdapter[] = [];

  afterEach(async () => {
    await Promise.all(adapters.splice(0).map((a) => a.close()));
    await sim?.close();
    sim = undefined;
  });

  async function start(signerTier?: 'standard' | 'copper') {
    const wallet = Wallet.createRandom();
    sim = await startPolymarketSim({ seed: 19, markets: 20, botRatePerSecond: 0, ...(signerTier ? { signerTier } : {}) });
    const make = () => {
      const a = createPolymarketAdapter({ gammaUrl: sim!.gammaUrl, clobUrl: sim!.clobUrl, dataUrl: sim!.dataUrl, wallet, retry: { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 100, maxRetryAfterMs: 200 } });
      adapters.push(a);
      return a;
    };
    return { make };
  }

  it('chunks cancelOrders so that no request costs more than the cancel burst (130 ids on a burst of 120)', async () => {
    const { make } = await start();
    const a = make();
    const r = await a.cancelOrders(ids(130));
    expect(r.canceled).toEqual([]);
    expect(Object.keys(r.notCanceled)).toHaveLength(130);
  });

  it("follows the venue's remaining tokens when another client of the same signer spent them", async () => {
    const { make } = await start();
    const a = make();
    const b = make();
    await a.cancelOrders(ids(1));
    expect(status(a, 'signer-cancel')?.available).toBeGreaterThan(100);
    // The other client spends 100 of the signer's 120 cancel tokens at the venue.
    await b.cancelOrders(ids(100, 1));
    await a.cancelOrders(ids(1, 200));
    // The venue answered with about 19 remaining (plus what refilled meanwhile): ours follows.
    expect(status(a, 'signer-cancel')?.available).toBeLessThan(40);
  });

  it('takes the tier from the venue headers', async () => {
    const { make } = await start('copper');
    const a = make();
    expect(status(a, 'signer-cancel')?.capacity).toBe(114);
    await a.cancelOrders(ids(1));
    expect(status(a, 'signer-cancel')?.capacity).toBe(171);
    expect(status(a, 'signer-order')?.capacity).toBe(85);
  });
});
