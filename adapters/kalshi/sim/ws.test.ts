import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { fromSizeUnits, toSizeUnits } from '../../../src/sim/index.js';
import { startKalshiSim, type KalshiSim } from './index.js';
import { connectWs, demoCredentials, signHeaders, signedFetch } from './testkit.js';

let sim: KalshiSim;
const creds = demoCredentials();
let ticker: string;

beforeAll(async () => {
  sim = await startKalshiSim({ markets: 30, seed: 5, botRatePerSecond: 0, pingIntervalMs: 50, tier: 'prime' });
  const r = await signedFetch(sim.url, undefined, 'GET', '/trade-api/v2/markets?status=open&limit=100');
  ticker = r.body.markets.find((m: any) => m.price_level_structure === 'linear_cent').ticker;
});
afterAll(() => sim.close());

const connect = () => connectWs(sim.wsUrl, creds);

describe('Kalshi simulator WebSocket', () => {
  it('refuses unauthenticated and badly signed upgrades with 401', async () => {
    for (const headers of [{}, { ...signHeaders(creds, 'GET', '/trade-api/v2/markets') }]) {
      const status = await new Promise<number>((resolve) => {
        const ws = new WebSocket(sim.wsUrl, { headers });
        ws.on('unexpected-response', (_q, res) => resolve(res.statusCode ?? 0));
        ws.on('error', () => undefined);
      });
      expect(status).toBe(401);
    }
  });

  it('subscribe acks per channel, snapshot then deltas caused by a REST order with seq and client_order_id', async () => {
    const c = await connect();
    c.ws.send(JSON.stringify({ id: 1, cmd: 'subscribe', params: { channels: ['orderbook_delta', 'ticker'], market_tickers: [ticker], use_yes_price: false } }));
    const a1 = await c.waitFor((f) => f.type === 'subscribed' && f.msg.channel === 'orderbook_delta');
    const a2 = await c.waitFor((f) => f.type === 'subscribed' && f.msg.channel === 'ticker');
    expect(a1).toEqual({ id: 1, type: 'subscribed', msg: { channel: 'orderbook_delta', sid: 1 } });
    expect(a2.msg.sid).toBe(2);
    const snap = await c.waitFor((f) => f.type === 'orderbook_snapshot');
    expect(snap).toMatchObject({ sid: 1, seq: 1, msg: { market_ticker: ticker } });
    expect(snap.msg.yes_dollars_fp).toEqual(sim.book(ticker).yes);
    expect(snap.msg.no_dollars_fp).toEqual(sim.book(ticker).no);
    const bestYes = snap.msg.yes_dollars_fp.at(-1)[0] as string;
    const price = (Number(bestYes.replace('.', '')) - 300).toString().padStart(4, '0');
    const r = await signedFetch(sim.url, creds, 'POST', '/trade-api/v2/portfolio/events/orders', {
      ticker, side: 'bid', count: '7', price: `0.${price}`, time_in_force: 'good_till_canceled', self_trade_prevention_type: 'maker', client_order_id: 'ws-coid-1',
    });
    expect(r.status).toBe(201);
    const delta = await c.waitFor((f) => f.type === 'orderbook_delta');
    expect(delta).toMatchObject({ sid: 1, seq: 2, msg: { market_ticker: ticker, price_dollars: `0.${price}`, delta_fp: '7.00', side: 'yes', client_order_id: 'ws-coid-1' } });
    const uo = await connect();
    uo.ws.send(JSON.stringify({ id: 1, cmd: 'subscribe', params: { channels: ['user_orders'] } }));
    await uo.waitFor((f) => f.type === 'subscribed');
    await signedFetch(sim.url, creds, 'DELETE', `/trade-api/v2/portfolio/events/orders/${r.body.order_id}`);
    const cancelDelta = await c.waitFor((f) => f.type === 'orderbook_delta' && f.msg.delta_fp === '-7.00');
    expect(cancelDelta.seq).toBe(3);
    const userOrder = await uo.waitFor((f) => f.type === 'user_order');
    expect(userOrder.msg).toMatchObject({ order_id: r.body.order_id, status: 'canceled', client_order_id: 'ws-coid-1' });

    // get_snapshot continues the sid's sequence; list and unsubscribe
    c.ws.send(JSON.stringify({ id: 2, cmd: 'update_subscription', params: { sid: 1, market_tickers: [ticker], action: 'get_snapshot' } }));
    const again = await c.waitFor((f) => f.type === 'orderbook_snapshot' && f.id === 2);
    expect(again.seq).toBe(4);
    c.ws.send(JSON.stringify({ id: 3, cmd: 'list_subscriptions' }));
    expect((await c.waitFor((f) => f.id === 3)).msg).toEqual([{ channel: 'orderbook_delta', sid: 1 }, { channel: 'ticker', sid: 2 }]);
    c.ws.send(JSON.stringify({ id: 4, cmd: 'unsubscribe', params: { sids: [1] } }));
    expect(await c.waitFor((f) => f.type === 'unsubscribed')).toEqual({ id: 4, sid: 1, seq: 5, type: 'unsubscribed' });
    c.ws.close();
    uo.ws.close();
  });

  it('bot activity streams deltas whose replay over the snapshot equals the REST book, seq contiguous', async () => {
    const c = await connect();
    const tickers = sim.tickers().filter((t) => sim.book(t).yes.length > 0).slice(0, 8);
    c.ws.send(JSON.stringify({ id: 1, cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_tickers: tickers } }));
    await c.waitFor((f) => f.type === 'orderbook_snapshot' && f.msg.market_ticker === tickers.at(-1));
    sim.bots.step(600);
    c.ws.send(JSON.stringify({ id: 2, cmd: 'list_subscriptions' }));
    await c.waitFor((f) => f.id === 2);
    const books = new Map<string, { yes: Map<string, number>; no: Map<string, number> }>();
    let last = 0;
    let deltas = 0;
    for (const f of c.frames) {
      if (f.type !== 'orderbook_snapshot' && f.type !== 'orderbook_delta') continue;
      expect(f.seq).toBe(last + 1);
      last = f.seq;
      if (f.type === 'orderbook_snapshot') {
        const toMap = (lv?: [string, string][]) => new Map((lv ?? []).map(([p, q]) => [p, toSizeUnits(q)]));
        books.set(f.msg.market_ticker, { yes: toMap(f.msg.yes_dollars_fp), no: toMap(f.msg.no_dollars_fp) });
      } else {
        deltas++;
        expect(f.msg.client_order_id).toBeUndefined();
        const side = (books.get(f.msg.market_ticker) as { yes: Map<string, number>; no: Map<string, number> })[f.msg.side as 'yes' | 'no'];
        const size = (side.get(f.msg.price_dollars) ?? 0) + toSizeUnits(f.msg.delta_fp);
        if (size === 0) side.delete(f.msg.price_dollars);
        else side.set(f.msg.price_dollars, size);
      }
    }
    expect(deltas).toBeGreaterThan(0);
    const render = (m: Map<string, number>) => [...m].sort(([a], [b]) => a.localeCompare(b)).map(([p, q]) => [p, fromSizeUnits(q, 2)]);
    for (const t of tickers) {
      const b = books.get(t) as { yes: Map<string, number>; no: Map<string, number> };
      expect({ yes: render(b.yes), no: render(b.no) }).toEqual(sim.book(t));
    }
    c.ws.close();
  });

  it('answers command errors with Kalshi codes', async () => {
    const c = await connect();
    const cases: [unknown, number][] = [
      [{ id: 1, cmd: 'subscribe' }, 2],
      [{ id: 2, cmd: 'subscribe', params: { channels: [] } }, 3],
      [{ id: 3, cmd: 'unsubscribe', params: {} }, 4],
      [{ id: 4, cmd: 'dance' }, 5],
      [{ id: 5, cmd: 'unsubscribe', params: { sids: [99] } }, 7],
      [{ id: 6, cmd: 'subscribe', params: { channels: ['nope'] } }, 8],
      [{ id: 7, cmd: 'update_subscription', params: { sids: [1, 2], action: 'add_markets' } }, 12],
      [{ id: 8, cmd: 'subscribe', params: { channels: ['orderbook_delta'] } }, 14],
      [{ id: 9, cmd: 'update_subscription', params: { sid: 1, market_tickers: [ticker] }, action: 'add_markets' }, 15],
      [{ id: 10, cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_tickers: ['BAD-TICKER'] } }, 16],
    ];
    for (const [cmd, code] of cases) {
      c.ws.send(JSON.stringify(cmd));
      const id = (cmd as { id: number }).id;
      const err = await c.waitFor((f) => f.id === id);
      expect(err.type).toBe('error');
      expect(err.msg.code).toBe(code);
    }
    c.ws.send('not json');
    expect((await c.waitFor((f) => f.type === 'error' && f.msg.code === 1)).msg.msg).toBe('Unable to process message');
    c.ws.close();
  });

  it('add_markets acks with seq then snapshots; injected sequence gap; malformed frame; pings; drops', async () => {
    const c = await connect();
    const other = sim.tickers().find((t) => t !== ticker && sim.book(t).yes.length > 0) as string;
    c.ws.send(JSON.stringify({ id: 1, cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_ticker: ticker } }));
    await c.waitFor((f) => f.type === 'orderbook_snapshot');
    c.ws.send(JSON.stringify({ id: 2, cmd: 'update_subscription', params: { sid: 1, market_tickers: [other], action: 'add_markets' } }));
    const ok = await c.waitFor((f) => f.type === 'ok');
    expect(ok).toEqual({ id: 2, sid: 1, seq: 2, type: 'ok', msg: { market_tickers: [ticker, other] } });
    expect((await c.waitFor((f) => f.type === 'orderbook_snapshot' && f.msg.market_ticker === other)).seq).toBe(3);
    sim.faults.sequenceGap(1);
    sim.faults.malformedFrames(1);
    c.ws.send(JSON.stringify({ id: 3, cmd: 'update_subscription', params: { sid: 1, market_tickers: [ticker], action: 'get_snapshot' } }));
    expect((await c.waitFor((f) => f.id === 3)).seq).toBe(5);
    expect(c.raw.some((r) => { try { JSON.parse(r); return false; } catch { return true; } })).toBe(true);
    await new Promise((r) => setTimeout(r, 150));
    expect(c.pings.length).toBeGreaterThan(0);
    expect(c.pings[0]).toBe('heartbeat');
    sim.faults.missPings = true;
    await new Promise((r) => setTimeout(r, 60));
    const n = c.pings.length;
    await new Promise((r) => setTimeout(r, 150));
    expect(c.pings.length).toBe(n);
    sim.faults.missPings = false;
    const closed = new Promise((r) => c.ws.once('close', r));
    sim.faults.dropSockets();
    await closed;
  });

  it('market_lifecycle_v2 events for explicit transitions and settlement', async () => {
    const c = await connect();
    c.ws.send(JSON.stringify({ id: 1, cmd: 'subscribe', params: { channels: ['market_lifecycle_v2'] } }));
    await c.waitFor((f) => f.type === 'subscribed');
    const t = sim.tickers().find((x) => x !== ticker && sim.book(x).yes.length > 0) as string;
    sim.setMarketStatus(t, 'inactive');
    expect((await c.waitFor((f) => f.msg?.event_type === 'deactivated')).msg).toMatchObject({ market_ticker: t, is_deactivated: true });
    sim.settle(t, 'no');
    const det = await c.waitFor((f) => f.msg?.event_type === 'determined');
    expect(det.msg).toMatchObject({ market_ticker: t, result: 'no', settlement_value: '0.0000' });
    await c.waitFor((f) => f.msg?.event_type === 'settled');
    const m = (await signedFetch(sim.url, undefined, 'GET', `/trade-api/v2/markets/${t}`)).body.market;
    expect(m).toMatchObject({ status: 'finalized', result: 'no', settlement_value_dollars: '0.0000' });
    c.ws.close();
  });
});
