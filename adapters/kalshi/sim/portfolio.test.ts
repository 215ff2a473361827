import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKalshiSim, type KalshiSim } from './index.js';
import { demoCredentials, newCredentials, signedFetch, type SimCredentials } from './testkit.js';
import { tradeFeeMicros } from './fees.js';

let sim: KalshiSim;
const alice = demoCredentials();
const bob = newCredentials('bob-portfolio');
let ticker: string;
let series: any;
const ORDERS = '/trade-api/v2/portfolio/events/orders';
const place = (who: SimCredentials, body: Record<string, unknown>) =>
  signedFetch(sim.url, who, 'POST', ORDERS, { time_in_force: 'good_till_canceled', self_trade_prevention_type: 'taker_at_cross', ...body });

beforeAll(async () => {
  sim = await startKalshiSim({ markets: 40, seed: 3, botRatePerSecond: 0, seedBooks: false, tier: 'prime', apiKeys: [bob], balanceUsd: '100' });
  const r = await signedFetch(sim.url, undefined, 'GET', '/trade-api/v2/markets?status=open&limit=100');
  const m = r.body.markets.find((x: any) => x.price_level_structure === 'linear_cent');
  ticker = m.ticker;
  const ev = await signedFetch(sim.url, undefined, 'GET', `/trade-api/v2/events/${m.event_ticker}`);
  series = (await signedFetch(sim.url, undefined, 'GET', `/trade-api/v2/series/${ev.body.event.series_ticker}`)).body.series;
});
afterAll(() => sim.close());

describe('portfolio arithmetic', () => {
  it('fees, balances, positions and settlement add up', async () => {
    await place(bob, { ticker, side: 'ask', count: '10', price: '0.40' }); // bob rests NO at 0.60
    const taker = await place(alice, { ticker, side: 'bid', count: '10', price: '0.40' }); // alice buys 10 YES
    expect(taker.body.fill_count).toBe('10.00');
    const takerFee = tradeFeeMicros(series.fee_type, series.fee_multiplier, true, 400_000, 10_000_000);
    expect(takerFee).toBe(168_000); // 0.07 × 10 × 0.4 × 0.6 = 0.168
    const makerFee = tradeFeeMicros(series.fee_type, series.fee_multiplier, false, 400_000, 10_000_000);

    const bal = (await signedFetch(sim.url, alice, 'GET', '/trade-api/v2/portfolio/balance')).body;
    expect(bal.balance_dollars).toBe('95.8320'); // 100 − 4.00 − 0.168
    expect(bal.balance).toBe(9583);
    expect(bal.portfolio_value).toBe(400); // 10 YES marked at 0.40
    const bobBal = (await signedFetch(sim.url, bob, 'GET', '/trade-api/v2/portfolio/balance')).body;
    expect(bobBal.balance_dollars).toBe((100 - 6 - makerFee / 1e6).toFixed(4));

    const pos = (await signedFetch(sim.url, alice, 'GET', `/trade-api/v2/portfolio/positions?ticker=${ticker}`)).body;
    expect(pos.market_positions[0]).toMatchObject({ ticker, position_fp: '10.00', market_exposure_dollars: '4.0000', fees_paid_dollars: '0.1680', total_traded_dollars: '4.0000' });
    const bobPos = (await signedFetch(sim.url, bob, 'GET', '/trade-api/v2/portfolio/positions')).body;
    expect(bobPos.market_positions[0].position_fp).toBe('-10.00');

    const fills = (await signedFetch(sim.url, alice, 'GET', '/trade-api/v2/portfolio/fills')).body.fills;
    expect(fills[0]).toMatchObject({ ticker, count_fp: '10.00', yes_price_dollars: '0.4000', no_price_dollars: '0.6000', is_taker: true, fee_cost: '0.168000', outcome_side: 'yes', book_side: 'bid' });
    expect(fills[0].client_order_id).toBeUndefined();

    // close half: alice sells 5 YES (ask) into bob's new NO-closing bid
    await place(bob, { ticker, side: 'bid', count: '5', price: '0.50' });
    await place(alice, { ticker, side: 'ask', count: '5', price: '0.50' });
    const pos2 = (await signedFetch(sim.url, alice, 'GET', `/trade-api/v2/portfolio/positions?ticker=${ticker}`)).body.market_positions[0];
    expect(pos2).toMatchObject({ position_fp: '5.00', market_exposure_dollars: '2.0000', realized_pnl_dollars: '0.5000' });

    sim.settle(ticker, 'yes');
    const st = (await signedFetch(sim.url, alice, 'GET', '/trade-api/v2/portfolio/settlements')).body.settlements[0];
    expect(st).toMatchObject({ ticker, market_result: 'yes', yes_count_fp: '5.00', revenue: 500, value: 100 });
    const market = (await signedFetch(sim.url, undefined, 'GET', `/trade-api/v2/markets/${ticker}`)).body.market;
    expect(market).toMatchObject({ status: 'finalized', result: 'yes', settlement_value_dollars: '1.0000' });
    expect(market.settlement_ts).toBeTruthy();
    const after = (await signedFetch(sim.url, alice, 'GET', `/trade-api/v2/portfolio/positions?ticker=${ticker}`)).body.market_positions[0];
    expect(after).toMatchObject({ position_fp: '0.00', realized_pnl_dollars: '3.5000' }); // 0.50 from the partial close + (5 − 2.00) at settlement
  });

  it('rejects orders the balance cannot cover (assumption: the code string insufficient_balance, docs/venues/kalshi.md §12.1)', async () => {
    const r = await signedFetch(sim.url, undefined, 'GET', '/trade-api/v2/markets?status=open&limit=100');
    const t = r.body.markets.find((x: any) => x.ticker !== ticker && x.price_level_structure === 'linear_cent').ticker;
    const big = await place(alice, { ticker: t, side: 'bid', count: '1000', price: '0.90' });
    expect(big.status).toBe(400);
    expect(big.body.error.code).toBe('insufficient_balance');
  });
});
