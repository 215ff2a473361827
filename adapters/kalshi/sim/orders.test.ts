import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKalshiSim, type KalshiSim } from './index.js';
import { demoCredentials, newCredentials, signedFetch, type SimCredentials } from './testkit.js';

let sim: KalshiSim;
const alice = demoCredentials();
const bob = newCredentials('bob-key');
let markets: any[];
const ORDERS = '/trade-api/v2/portfolio/events/orders';

beforeAll(async () => {
  sim = await startKalshiSim({ markets: 60, seed: 7, botRatePerSecond: 0, seedBooks: false, tier: 'prime', apiKeys: [bob] });
  const r = await signedFetch(sim.url, undefined, 'GET', '/trade-api/v2/markets?status=open&limit=1000');
  markets = r.body.markets;
});
afterAll(() => sim.close());

let next = 0;
function freshMarket(structure = 'linear_cent'): string {
  const m = markets.filter((x) => x.price_level_structure === structure)[next++];
  if (!m) throw new Error(`no ${structure} market left`);
  return m.ticker as string;
}

const place = (who: SimCredentials, body: Record<string, unknown>) =>
  signedFetch(sim.url, who, 'POST', ORDERS, { time_in_force: 'good_till_canceled', self_trade_prevention_type: 'taker_at_cross', ...body });
const order = async (who: SimCredentials, id: string) => (await signedFetch(sim.url, who, 'GET', `/trade-api/v2/portfolio/orders/${id}`)).body.order;

describe('V2 orders: validation', () => {
  it('rejects off-grid prices using price_ranges with a 400 (assumption: the code string invalid_price, docs/venues/kalshi.md §12.1) and accepts 2-4 dp', async () => {
    const t = freshMarket();
    expect((await place(alice, { ticker: t, side: 'bid', count: '1', price: '0.425' })).body.error.code).toBe('invalid_price');
    expect((await place(alice, { ticker: t, side: 'bid', count: '1', price: '0.4' })).status).toBe(400);
    expect((await place(alice, { ticker: t, side: 'bid', count: '1.005', price: '0.40' })).status).toBe(400);
    const ok = await place(alice, { ticker: t, side: 'bid', count: '1.50', price: '0.4000' });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ fill_count: '0.00', remaining_count: '1.50' });
    expect(ok.body.average_fill_price).toBeUndefined();
    expect(typeof ok.body.ts_ms).toBe('number');
    const d = freshMarket('deci_cent');
    expect((await place(alice, { ticker: d, side: 'bid', count: '1', price: '0.055' })).status).toBe(201);
  });

  it('requires time_in_force and self_trade_prevention_type, and a known market', async () => {
    const t = freshMarket();
    const r = await signedFetch(sim.url, alice, 'POST', ORDERS, { ticker: t, side: 'bid', count: '1', price: '0.40' });
    expect(r.status).toBe(400);
    expect((await place(alice, { ticker: 'NOPE-1', side: 'bid', count: '1', price: '0.40' })).status).toBe(404);
    const ioc = await place(alice, { ticker: t, side: 'bid', count: '1', price: '0.40', time_in_force: 'immediate_or_cancel', expiration_time: Math.floor(Date.now() / 1000) + 60 });
    expect(ioc.status).toBe(400);
  });

  it('duplicate client_order_id → 409 (assumption: the code string order_already_exists, §12.1)', async () => {
    const t = freshMarket();
    expect((await place(alice, { ticker: t, side: 'bid', count: '1', price: '0.30', client_order_id: 'dup-1' })).status).toBe(201);
    const again = await place(alice, { ticker: t, side: 'bid', count: '1', price: '0.31', client_order_id: 'dup-1' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('order_already_exists');
  });
});

describe('V2 orders: matching', () => {
  it('price-time priority; a bid crosses resting asks (NO bids at 1 − p); statuses', async () => {
    const t = freshMarket();
    const a1 = (await place(bob, { ticker: t, side: 'ask', count: '3', price: '0.55' })).body.order_id;
    const a2 = (await place(bob, { ticker: t, side: 'ask', count: '3', price: '0.55' })).body.order_id;
    expect(sim.book(t).no).toEqual([['0.4500', '6.00']]);
    const taker = await place(alice, { ticker: t, side: 'bid', count: '4', price: '0.60' });
    expect(taker.body).toMatchObject({ fill_count: '4.00', remaining_count: '0.00', average_fill_price: '0.5500' });
    expect((await order(bob, a1)).status).toBe('executed');
    const second = await order(bob, a2);
    expect(second).toMatchObject({ status: 'resting', fill_count_fp: '1.00', remaining_count_fp: '2.00', outcome_side: 'no', book_side: 'ask' });
    expect((await order(alice, taker.body.order_id)).status).toBe('executed');
  });

  it('IOC rests nothing, FOK is all-or-nothing, post-only crossing is cancelled', async () => {
    const t = freshMarket();
    await place(bob, { ticker: t, side: 'ask', count: '2', price: '0.50' });
    const ioc = await place(alice, { ticker: t, side: 'bid', count: '5', price: '0.50', time_in_force: 'immediate_or_cancel' });
    expect(ioc.body).toMatchObject({ fill_count: '2.00', remaining_count: '0.00' });
    expect((await order(alice, ioc.body.order_id)).status).toBe('canceled');
    expect(sim.book(t)).toEqual({ yes: [], no: [] });

    await place(bob, { ticker: t, side: 'ask', count: '2', price: '0.50' });
    const fok = await place(alice, { ticker: t, side: 'bid', count: '3', price: '0.50', time_in_force: 'fill_or_kill' });
    expect(fok.body).toMatchObject({ fill_count: '0.00', remaining_count: '0.00' });
    expect(sim.book(t).no).toEqual([['0.5000', '2.00']]);

    const po = await place(alice, { ticker: t, side: 'bid', count: '1', price: '0.50', post_only: true });
    expect(po.status).toBe(201);
    expect((await order(alice, po.body.order_id)).status).toBe('canceled');
    const rest = await place(alice, { ticker: t, side: 'bid', count: '1', price: '0.49', post_only: true });
    expect((await order(alice, rest.body.order_id)).status).toBe('resting');
  });

  it('self-trade prevention: taker_at_cross cancels the taker, maker cancels the resting order', async () => {
    const t = freshMarket();
    const mine = (await place(alice, { ticker: t, side: 'ask', count: '1', price: '0.60' })).body.order_id;
    const cross = await place(alice, { ticker: t, side: 'bid', count: '1', price: '0.60' });
    expect(cross.body.fill_count).toBe('0.00');
    expect((await order(alice, cross.body.order_id)).status).toBe('canceled');
    expect((await order(alice, mine)).status).toBe('resting');
    await place(bob, { ticker: t, side: 'ask', count: '1', price: '0.61' });
    const m = await place(alice, { ticker: t, side: 'bid', count: '2', price: '0.61', self_trade_prevention_type: 'maker' });
    expect((await order(alice, mine)).status).toBe('canceled');
    expect(m.body.fill_count).toBe('1.00');
  });

  it('reduce_only caps the order at the opposing position and refuses to open one', async () => {
    const t = freshMarket();
    const none = await place(alice, { ticker: t, side: 'ask', count: '1', price: '0.40', reduce_only: true });
    expect(none.status).toBe(400);
    await place(bob, { ticker: t, side: 'ask', count: '3', price: '0.40' });
    await place(alice, { ticker: t, side: 'bid', count: '3', price: '0.40' }); // alice long 3 YES
    const ro = await place(alice, { ticker: t, side: 'ask', count: '10', price: '0.90', reduce_only: true });
    expect(ro.body.remaining_count).toBe('3.00');
  });

  it('cancel returns reduced_by, amend sets count = filled + remaining, decrease takes exactly one of', async () => {
    const t = freshMarket();
    const id = (await place(alice, { ticker: t, side: 'bid', count: '10', price: '0.20', client_order_id: 'amend-me' })).body.order_id;
    const am = await signedFetch(sim.url, alice, 'POST', `${ORDERS}/${id}/amend`, { ticker: t, side: 'bid', price: '0.22', count: '8', updated_client_order_id: 'amended' });
    expect(am.status).toBe(200);
    expect(am.body).toMatchObject({ order_id: id, client_order_id: 'amended', remaining_count: '8.00', fill_count: '0.00' });
    expect(sim.book(t).yes).toEqual([['0.2200', '8.00']]);
    const both = await signedFetch(sim.url, alice, 'POST', `${ORDERS}/${id}/decrease`, { reduce_by: '1', reduce_to: '2' });
    expect(both.status).toBe(400);
    const dec = await signedFetch(sim.url, alice, 'POST', `${ORDERS}/${id}/decrease`, { reduce_to: '5' });
    expect(dec.body).toMatchObject({ remaining_count: '5.00' });
    const cancel = await signedFetch(sim.url, alice, 'DELETE', `${ORDERS}/${id}`);
    expect(cancel.body).toMatchObject({ order_id: id, reduced_by: '5.00', client_order_id: 'amended' });
    expect((await signedFetch(sim.url, alice, 'DELETE', `${ORDERS}/nope`)).status).toBe(404);
  });

  it('batch create reports per-item errors; batch cancel and cancel-all (assumption: the item code strings invalid_price and not_found, §12.1)', async () => {
    const t = freshMarket();
    const batch = await signedFetch(sim.url, alice, 'POST', `${ORDERS}/batched`, {
      orders: [
        { ticker: t, side: 'bid', count: '1', price: '0.10', time_in_force: 'good_till_canceled', self_trade_prevention_type: 'maker' },
        { ticker: t, side: 'bid', count: '1', price: '0.105', time_in_force: 'good_till_canceled', self_trade_prevention_type: 'maker', client_order_id: 'bad-one' },
        { ticker: t, side: 'bid', count: '1', price: '0.11', time_in_force: 'good_till_canceled', self_trade_prevention_type: 'maker' },
      ],
    });
    expect(batch.status).toBe(201);
    expect(batch.body.orders[1]).toEqual({ client_order_id: 'bad-one', error: expect.objectContaining({ code: 'invalid_price' }) });
    expect(batch.body.orders[0].order_id).toBeTruthy();
    const bc = await signedFetch(sim.url, alice, 'DELETE', `${ORDERS}/batched`, { orders: [{ order_id: batch.body.orders[0].order_id }, { order_id: 'missing' }] });
    expect(bc.body.orders[0].reduced_by).toBe('1.00');
    expect(bc.body.orders[1].error.code).toBe('not_found');
    const all = await signedFetch(sim.url, alice, 'DELETE', ORDERS);
    expect(all.status).toBe(204);
    expect(sim.book(t).yes).toEqual([]);
  });

  it('orders on a closed market are rejected with MARKET_INACTIVE', async () => {
    const t = freshMarket();
    const id = (await place(alice, { ticker: t, side: 'bid', count: '1', price: '0.30' })).body.order_id;
    sim.setMarketStatus(t, 'closed');
    const r = await place(alice, { ticker: t, side: 'bid', count: '1', price: '0.30' });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('MARKET_INACTIVE');
    expect((await order(alice, id)).status).toBe('canceled');
    expect((await signedFetch(sim.url, alice, 'DELETE', `${ORDERS}/${id}`)).body.error.code).toBe('MARKET_INACTIVE');
  });
});
