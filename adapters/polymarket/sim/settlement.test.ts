import { Wallet } from 'ethers';
import { describe, expect, it, vi } from 'vitest';
import { startPolymarketSim } from './index.js';
import { limitAmounts, TestClob, TEST_KEYS } from './test-client.js';

/**
 * Trade settlement (docs/venues/polymarket.md §6.7, §10): every user trade goes MATCHED → MINED →
 * CONFIRMED, or MATCHED → RETRYING → FAILED for a share of them drawn from the seed, so the same
 * seed fails the same trades.
 */

const M = 1_000_000;
const TRADES = 16;

/** The final status of each of `TRADES` crossing trades, in the order they matched. */
async function settle(seed: number, tradeFailureRate: number): Promise<string[]> {
  const wa = new Wallet(TEST_KEYS[0]);
  const wb = new Wallet(TEST_KEYS[1]);
  const sim = await startPolymarketSim({ seed, markets: 30, botRatePerSecond: 0, settleStepMs: 5, tradeFailureRate, fund: [{ address: wa.address, amount: '1000' }, { address: wb.address, amount: '1000' }] });
  try {
    const a = new TestClob(sim.clobUrl, wa);
    const b = new TestClob(sim.clobUrl, wb);
    await Promise.all([a.deriveKey(), b.deriveKey()]);
    const market = sim.markets().find((m) => m.tickSize === '0.01' && !m.negRisk && m.version === 'v1' && !m.closed && m.secondsDelay === 0)!;
    // A's YES bid at 0.01, below any book, then B's NO bid at 0.99 crossing it: one trade each time.
    for (let i = 0; i < TRADES; i++) {
      const rest = await a.order({ market, tokenId: market.yesTokenId, side: 'BUY', ...limitAmounts('BUY', 10_000, 5 * M) });
      expect(rest.json.status).toBe('live');
      const take = await b.order({ market, tokenId: market.noTokenId, side: 'BUY', ...limitAmounts('BUY', 990_000, 5 * M) });
      expect(take.json.status).toBe('matched');
    }
    return await vi.waitFor(
      async () => {
        const trades = (await b.request('GET', `/data/trades?market=${market.conditionId}`)).json.data as { status: string; match_time: string }[];
        expect(trades).toHaveLength(TRADES);
        const statuses = trades.map((t) => t.status.replace(/^TRADE_STATUS_/, '')).reverse();
        for (const s of statuses) expect(['CONFIRMED', 'FAILED']).toContain(s);
        return statuses;
      },
      { timeout: 10_000, interval: 20 },
    );
  } finally {
    await sim.close();
  }
}

describe('trade settlement', () => {
  it('fails a share of the trades, the same ones for the same seed', async () => {
    const first = await settle(31, 0.3);
    expect(first).toContain('FAILED');
    expect(first).toContain('CONFIRMED');
    expect(await settle(31, 0.3)).toEqual(first);
  });
});
