import { Wallet } from 'ethers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Decimal, type Fill, type Order } from '../../src/core/index.js';
import type { StreamEvent } from '../../src/venue/index.js';
import { createPolymarketAdapter, type PolymarketAdapter } from './index.js';
import { startPolymarketSim, type PolymarketSim } from './sim/index.js';

/**
 * The user channel for the whole account (docs/venues/polymarket.md §7.2: `markets` omitted = every
 * market): `subscribe([], ['orders', 'fills'])` sends no market list, and orders and fills of any
 * market arrive without naming it.
 */

const WAIT = { timeout: 10_000, interval: 25 };

describe('polymarket user channel, account-wide', () => {
  let sim: PolymarketSim | undefined;
  let adapter: PolymarketAdapter | undefined;

  afterEach(async () => {
    await adapter?.close();
    await sim?.close();
  });

  it('follows every market when subscribed with none; the adapter declares it', async () => {
    const wallet = Wallet.createRandom();
    sim = await startPolymarketSim({ seed: 17, markets: 60, botRatePerSecond: 0, fund: [{ address: wallet.address, amount: '1000' }] });
    adapter = createPolymarketAdapter({
      gammaUrl: sim.gammaUrl,
      clobUrl: sim.clobUrl,
      dataUrl: sim.dataUrl,
      wsMarketUrl: `${sim.wsUrl}/ws/market`,
      wsUserUrl: `${sim.wsUrl}/ws/user`,
      wallet,
    });
    expect(adapter.accountStream).toBe(true);
    const market = sim.markets().find((m) => !m.closed && m.tickSize === '0.01' && m.secondsDelay === 0 && !m.negRisk && m.version === 'v1');
    if (!market) throw new Error('no suitable market');
    sim.stepBots(30, market.conditionId);

    const orders: Order[] = [];
    const fills: Fill[] = [];
    const stream = adapter.stream();
    stream.onEvent((e: StreamEvent) => {
      if (e.type === 'order') orders.push(e.order);
      if (e.type === 'fill') fills.push(e.fill);
    });
    await stream.subscribe([], ['orders', 'fills']);
    // One authenticated connection with no market filter.
    await vi.waitFor(() => expect(sim?.userConnections()).toEqual([[]]), WAIT);

    const book = await adapter.getOrderBook(market.conditionId);
    const [ask] = book.asks[0] as [string, string];
    const order = await adapter.placeOrder({ marketId: `polymarket:${market.conditionId}`, side: 'buy', outcome: 'yes', price: ask, size: market.minOrderSize, timeInForce: 'ioc' });
    expect(Decimal.parse(order.filled).isPositive()).toBe(true);
    await vi.waitFor(() => {
      const mine = fills.filter((f) => f.orderId === order.id);
      expect(Decimal.sum(mine.map((f) => Decimal.parse(f.size))).toCanonical()).toBe(order.filled);
      expect(orders.some((o) => o.id === order.id)).toBe(true);
    }, WAIT);
    await stream.close();
  });
});
