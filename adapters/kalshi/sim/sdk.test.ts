import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Configuration, EventsApi, MarketApi, OrdersApi, PortfolioApi } from 'kalshi-typescript';
import { DEMO_KEY_ID, DEMO_PRIVATE_KEY_PATH, startKalshiSim, type KalshiSim } from './index.js';
import { SdkModels, checkedApi } from './sdk-models.js';

/**
 * Kalshi's official TypeScript SDK against the simulator. Every answer the SDK receives is checked
 * against the SDK's own model files (`sdk-models.ts`): required fields, types, enum values, and no
 * field the model does not have.
 */

let sim: KalshiSim;
let config: Configuration;
const models = new SdkModels();
const seen = { count: 0 };
let calls = 0;

beforeAll(async () => {
  sim = await startKalshiSim({ markets: 40, seed: 9, botRatePerSecond: 0, tier: 'prime' });
  config = new Configuration({ basePath: sim.restUrl, apiKey: DEMO_KEY_ID, privateKeyPem: readFileSync(DEMO_PRIVATE_KEY_PATH, 'utf8') });
});
afterAll(() => sim.close());
afterEach(() => {
  // Every SDK call of the test went through the model check.
  expect(seen.count).toBe(calls);
});

/** An SDK API whose every answer is checked; counts the calls made. */
function sdk<T extends object>(api: T): T {
  const checked = checkedApi(models, api, seen);
  return new Proxy(checked, {
    get(target, prop, receiver) {
      const member = Reflect.get(target, prop, receiver) as unknown;
      if (typeof member !== 'function') return member;
      return (...args: unknown[]) => {
        calls += 1;
        return (member as (...a: unknown[]) => unknown)(...args);
      };
    },
  });
}

const fixture = (f: string): unknown => JSON.parse(readFileSync(join(import.meta.dirname, '..', '__fixtures__', f), 'utf8'));

describe('the SDK model check', () => {
  it('accepts the recorded venue answers, and names what they have beyond the SDK models', () => {
    const load = fixture;
    expect(models.check('GetMarketsResponse', load('markets-list.json'))).toEqual([]);
    expect(models.check('GetMarketResponse', load('market-single.json'))).toEqual([]);
    expect(models.check('GetMarketOrderbookResponse', load('orderbook.json'))).toEqual([]);
    expect(models.check('GetTradesResponse', load('trades.json'))).toEqual([]);
    // Recorded differences from SDK 3.30.0: the venue sends `available_on_brokers` on events and
    // left `categories` out of a series answer.
    expect(models.check('GetEventsResponse', load('events.json'))).toEqual([
      'GetEventsResponse.events[0].available_on_brokers: not in the SDK model EventData',
      'GetEventsResponse.events[1].available_on_brokers: not in the SDK model EventData',
    ]);
    expect(models.check('GetSeriesResponse', load('series.json'))).toEqual(['GetSeriesResponse.series.categories: required by Series, missing']);
  });

  it('finds missing, mistyped, unknown-enum and extra fields', () => {
    const market = (fixture('market-single.json') as { market: Record<string, unknown> }).market;
    const { ticker: _t, ...noTicker } = market;
    expect(models.check('Market', noTicker)).toEqual(['Market.ticker: required by Market, missing']);
    expect(models.check('Market', { ...market, volume_fp: 12 })).toEqual(['Market.volume_fp: expected a string, got 12']);
    expect(models.check('Market', { ...market, status: 'open' })[0]).toMatch(/^Market.status: "open" is not a MarketStatusEnum/);
    expect(models.check('Market', { ...market, yes_bid: 53 })).toEqual(['Market.yes_bid: not in the SDK model Market']);
    expect(models.check('Market', { ...market, price_ranges: [{ start: '0' }] })).toHaveLength(2);
  });
});

describe("Kalshi's official TypeScript SDK against the simulator", () => {
  it('public calls: markets, market, orderbook, events', async () => {
    const market = sdk(new MarketApi(config));
    const list = await market.getMarkets(5, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, 'open');
    expect(list.data.markets).toHaveLength(5);
    const ticker = list.data.markets[0]?.ticker as string;
    const one = await market.getMarket(ticker);
    expect(one.data.market.ticker).toBe(ticker);
    // Every seeded book has at least 3 levels a side: depth 3 must give exactly 3.
    expect(sim.book(ticker).yes.length).toBeGreaterThanOrEqual(3);
    const book = await market.getMarketOrderbook(ticker, 3);
    expect(book.data.orderbook_fp.yes_dollars).toEqual(sim.book(ticker).yes.slice(-3));
    expect(book.data.orderbook_fp.no_dollars).toEqual(sim.book(ticker).no.slice(-3));
    const events = await sdk(new EventsApi(config)).getEvents(3, undefined, true);
    expect(events.data.events).toHaveLength(3);
    expect(events.data.events[0]?.markets?.length).toBeGreaterThan(0);
    const trades = await market.getTrades(5);
    expect(Array.isArray(trades.data.trades)).toBe(true);
    const series = await market.getSeriesList();
    expect(series.data.series.length).toBeGreaterThan(0);
  });

  it('multivariate events: only from /events/multivariate, in the SDK model', async () => {
    // The demo's seed and size hold combo events (40 markets may hold none).
    const big = await startKalshiSim({ markets: 300, seed: 1, botRatePerSecond: 0 });
    try {
      const api = sdk(new EventsApi(new Configuration({ basePath: big.restUrl })));
      const combos = await api.getMultivariateEvents(200, undefined, undefined, undefined, true);
      expect(combos.data.events.length).toBeGreaterThan(0);
      expect(combos.data.cursor).toBe('');
      for (const e of combos.data.events) expect(e.markets?.every((m) => m.mve_collection_ticker !== undefined)).toBe(true);
      const comboTickers = new Set(combos.data.events.map((e) => e.event_ticker));
      let cursor: string | undefined;
      do {
        const page = await api.getEvents(200, cursor);
        for (const e of page.data.events) expect(comboTickers.has(e.event_ticker)).toBe(false);
        cursor = page.data.cursor || undefined;
      } while (cursor);
    } finally {
      await big.close();
    }
  });

  it('authenticated calls: balance, create order V2, get orders, cancel', async () => {
    const balance = await sdk(new PortfolioApi(config)).getBalance();
    expect(balance.data.balance).toBe(1_000_000);
    const market = (
      await sdk(new MarketApi(config)).getMarkets(50, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, 'open')
    ).data.markets.find((m) => m.price_level_structure === 'linear_cent');
    const orders = sdk(new OrdersApi(config));
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
    const positions = await sdk(new PortfolioApi(config)).getPositions();
    expect(Array.isArray(positions.data.market_positions)).toBe(true);
  });
});
