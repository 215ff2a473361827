import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Configuration, EventsApi, MarketApi, OrdersApi, PortfolioApi } from 'kalshi-typescript';
import { DEMO_KEY_ID, DEMO_PRIVATE_KEY_PATH, startKalshiSim, type KalshiSim } from './index.js';

let sim: KalshiSim;
let config: Configuration;

beforeAll(async () => {
  sim = await startKalshiSim({ markets: 40, seed: 9, botRatePerSecond: 0, tier: 'prime' });
  config = new Configuration({ basePath: sim.restUrl, apiKey: DEMO_KEY_ID, privateKeyPem: readFileSync(DEMO_PRIVATE_KEY_PATH, 'utf8') });
});
afterAll(() => sim.close());

describe("Kalshi's official TypeScript SDK against the simulator", () => {
  it('public calls: markets, market, orderbook, events', async () => {
    const market = new MarketApi(config);
    const list = await market.getMarkets(5, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, 'open');
    expect(list.data.markets).toHaveLength(5);
    const ticker = list.data.markets[0]?.ticker as string;
    const one = await market.getMarket(ticker);
    expect(one.data.market.ticker).toBe(ticker);
    const book = await market.getMarketOrderbook(ticker, 3);
    expect(book.data.orderbook_fp.yes_dollars.length).toBeLessThanOrEqual(3);
    const events = await new EventsApi(config).getEvents(3, undefined, true);
    expect(events.data.events).toHaveLength(3);
    expect(events.data.events[0]?.markets?.length).toBeGreaterThan(0);
  });

  it('authenticated calls: balance, create order V2, get orders, cancel', async () => {
    const balance = await new PortfolioApi(config).getBalance();
    expect(balance.data.balance).toBe(1_000_000);
    const market = (await new MarketApi(config).getMarkets(50, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, 'open')).data.markets.find(
      (m) => m.price_level_structure === 'linear_cent',
    );
    const orders = new OrdersApi(config);
    const created = await orders.createOrderV2({
      ticker: market?.ticker as string, side: 'bid', count: '2', price: '0.01', time_in_force: 'good_till_canceled',
      self_trade_prevention_type: 'taker_at_cross', client_order_id: 'sdk-1',
    });
    expect(created.status).toBe(201);
    expect(created.data.remaining_count).toBe('2.00');
    const listed = await orders.getOrders(market?.ticker, undefined, undefined, undefined, 'resting');
    expect(listed.data.orders.map((o) => o.order_id)).toContain(created.data.order_id);
    const canceled = await orders.cancelOrderV2(created.data.order_id);
    expect(canceled.data.reduced_by).toBe('2.00');
    const after = await orders.getOrder(created.data.order_id);
    expect(after.data.order.status).toBe('canceled');
  });
});
