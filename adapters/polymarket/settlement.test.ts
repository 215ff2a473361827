import { Wallet } from 'ethers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Decimal, type Fill } from '../../src/core/index.js';
import { collectAll, type StreamEvent } from '../../src/venue/index.js';
import { createPolymarketAdapter, type PolymarketAdapter } from './index.js';
import { startPolymarketSim, type PolymarketSim, type SimMarketInfo } from './sim/index.js';

/**
 * Trade settlement and fees through the adapter against the simulator (docs/venues/polymarket.md
 * §6.7, §6.11, §7.2): a trade goes MATCHED → MINED → CONFIRMED, or RETRYING → FAILED; a failed
 * trade's fill is reported again as `failed` (REST and user channel); taker fees on fee-enabled
 * markets follow the schedule and are flagged as estimates.
 */

const WAIT = { timeout: 10_000, interval: 25 };

describe('polymarket trade settlement', () => {
  let sim: PolymarketSim | undefined;
  let adapter: PolymarketAdapter | undefined;

  afterEach(async () => {
    await adapter?.close();
    await sim?.close();
    adapter = undefined;
    sim = undefined;
  });

  async function start(tradeFailureRate: number, pick: (m: SimMarketInfo) => boolean) {
    const wallet = Wallet.createRandom();
    sim = await startPolymarketSim({ seed: 13, markets: 60, botRatePerSecond: 0, settleStepMs: 30, tradeFailureRate, fund: [{ address: wallet.address, amount: '1000' }] });
    adapter = createPolymarketAdapter({
      gammaUrl: sim.gammaUrl,
      clobUrl: sim.clobUrl,
      dataUrl: sim.dataUrl,
      wsMarketUrl: `${sim.wsUrl}/ws/market`,
      wsUserUrl: `${sim.wsUrl}/ws/user`,
      wallet,
    });
    const market = sim.markets().find((m) => !m.closed && m.tickSize === '0.01' && m.secondsDelay === 0 && !m.negRisk && m.version === 'v1' && pick(m));
    if (!market) throw new Error('no suitable market');
    sim.stepBots(30, market.conditionId);
    return { sim, adapter, market, marketId: `polymarket:${market.conditionId}` };
  }

  /** Buys `size` YES at the best ask (IOC) with the user channel's fills recorded. */
  async function buyAtAsk(a: PolymarketAdapter, market: SimMarketInfo, marketId: string, size: string) {
    const fills: Fill[] = [];
    const stream = a.stream();
    stream.onEvent((e: StreamEvent) => {
      if (e.type === 'fill') fills.push(e.fill);
    });
    await stream.subscribe([marketId], ['fills']);
    // The venue sends no acknowledgement: wait until it follows the market for us.
    await vi.waitFor(() => expect(sim?.userConnections().flat()).toContain(market.conditionId.toLowerCase()));
    const book = await a.getOrderBook(market.conditionId);
    const [ask] = book.asks[0] as [string, string];
    const order = await a.placeOrder({ marketId, side: 'buy', outcome: 'yes', price: ask, size, timeInForce: 'ioc' });
    expect(Decimal.parse(order.filled).isPositive()).toBe(true);
    return { order, fills, stream, ask };
  }

  it('a failed trade: the fill comes pending, then failed, on the user channel and in REST; the wallet is whole again', async () => {
    const { adapter: a, market, marketId } = await start(1, (m) => m.fee === null);
    const [before] = await a.getBalances();
    const { order, fills, stream } = await buyAtAsk(a, market, marketId, market.minOrderSize);
    try {
      await vi.waitFor(() => expect(fills.filter((f) => f.orderId === order.id).map((f) => f.status)).toEqual(['pending', 'failed']), WAIT);
      const [pending, failed] = fills;
      expect(failed?.id).toBe(pending?.id);
      expect(failed).toMatchObject({ size: pending?.size, fee: '0' });
      const listed = await collectAll(a.listFills({ orderId: order.id }));
      expect(listed.map((f) => f.status)).toEqual(['failed']);
      // The venue gave back what the trade had moved.
      const [after] = await a.getBalances();
      expect(after?.total).toBe(before?.total);
    } finally {
      await stream.close();
    }
  });

  it('a settled trade on a fee-enabled market: pending then confirmed, with the schedule fee flagged as an estimate', async () => {
    const { adapter: a, market, marketId } = await start(0, (m) => m.fee !== null && m.fee.takerOnly);
    const schedule = market.fee!;
    const [before] = await a.getBalances();
    const { order, fills, stream } = await buyAtAsk(a, market, marketId, '10');
    try {
      await vi.waitFor(() => expect(fills.filter((f) => f.orderId === order.id).map((f) => f.status)).toEqual(['pending', 'confirmed']), WAIT);
      const listed = await collectAll(a.listFills({ orderId: order.id }));
      expect(listed.length).toBeGreaterThan(0);
      let cost = Decimal.ZERO;
      let fees = Decimal.ZERO;
      for (const f of listed) {
        expect(f).toMatchObject({ status: 'confirmed', liquidity: 'taker', feeEstimated: true });
        // shares × rate × p(1 − p), floored to 5 decimals (§6.11), e.g. 10 × 0.05 × 0.57 × 0.43 = 0.12255.
        const p = Decimal.parse(f.price);
        const expected = Decimal.parse(f.size).mul(schedule.rate).mul(p.mul(Decimal.ONE.sub(p))).round(5, 'floor');
        expect(Decimal.parse(f.fee).eq(expected), `fee ${f.fee} of ${f.size} at ${f.price}`).toBe(true);
        expect(expected.isPositive()).toBe(true);
        cost = cost.add(p.mul(f.size));
        fees = fees.add(f.fee);
      }
      // The simulator's choice where the reference is open: the fee is charged in pUSD on top of
      // the cost of a BUY (the official client's fee-aware sizing).
      const [after] = await a.getBalances();
      expect(Decimal.parse(before?.total ?? '0').sub(after?.total ?? '0').eq(cost.add(fees))).toBe(true);
    } finally {
      await stream.close();
    }
  });
});
