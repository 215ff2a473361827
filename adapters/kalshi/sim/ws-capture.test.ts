import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKalshiSim, type KalshiSim } from './index.js';
import { connectWs, type SimResponseBody } from './testkit.js';

/**
 * The simulator's WebSocket against frames recorded from the real venue
 * (`../__fixtures__/ws-multi-market-subscription-sequence.json`, `ws-orderbook-snapshot.json`).
 */

const FIXTURES = join(import.meta.dirname, '..', '__fixtures__');
const recorded = JSON.parse(readFileSync(join(FIXTURES, 'ws-multi-market-subscription-sequence.json'), 'utf8')) as Record<string, SimResponseBody>;
const recordedSnapshot = JSON.parse(readFileSync(join(FIXTURES, 'ws-orderbook-snapshot.json'), 'utf8')) as SimResponseBody;

type Levels = [string, string][];
const prices = (levels: Levels | undefined) => (levels ?? []).map(([p]) => Number(p));
function order(levels: Levels | undefined): 'ascending' | 'descending' | 'too short' {
  const p = prices(levels);
  if (p.length < 2) return 'too short';
  if (p.every((x, i) => i === 0 || x > (p[i - 1] as number))) return 'ascending';
  if (p.every((x, i) => i === 0 || x < (p[i - 1] as number))) return 'descending';
  throw new Error(`levels neither ascending nor descending: ${p.join(', ')}`);
}
/** A frame's keys with the JSON type of each value, recursively for `msg` (not its level arrays). */
function shape(frame: SimResponseBody): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(frame)) out[k] = Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v;
  if (frame.msg && typeof frame.msg === 'object' && !Array.isArray(frame.msg)) {
    for (const [k, v] of Object.entries(frame.msg)) out[`msg.${k}`] = Array.isArray(v) ? 'array' : typeof v;
  }
  return out;
}

let sim: KalshiSim;
let a: string;
let b: string;

beforeAll(async () => {
  sim = await startKalshiSim({ markets: 30, seed: 5, botRatePerSecond: 0, wsMarketLimit: 4 });
  const deep = sim.tickers().filter((t) => sim.book(t).yes.length > 1 && sim.book(t).no.length > 1);
  [a, b] = deep as [string, string];
});
afterAll(() => sim.close());

describe('Kalshi simulator WebSocket against recorded frames', () => {
  it('a second subscribe to a subscribed channel is merged into its sid: ok with sid, seq and every market, then the snapshot', async () => {
    const c = await connectWs(sim.wsUrl);
    c.send({ id: 1, cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_tickers: [a], use_yes_price: true } });
    const ack = await c.waitFor((f) => f.id === 1);
    expect(ack).toEqual(recorded['subscribe_ack_single_ticker']);
    const snapA = await c.waitFor((f) => f.type === 'orderbook_snapshot' && f.msg.market_ticker === a);
    expect(shape(snapA)).toEqual(shape(recorded['snapshot_ticker_a_seq1']));
    expect([snapA.sid, snapA.seq]).toEqual([1, 1]);

    c.send({ id: 2, cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_tickers: [b], use_yes_price: true } });
    const merged = await c.waitFor((f) => f.id === 2);
    const want = recorded['merged_subscribe_ok_response'];
    expect(merged).toEqual({ ...want, msg: { market_tickers: [a, b] } });
    expect(Object.keys(merged)).toEqual(Object.keys(want));
    const snapB = await c.waitFor((f) => f.type === 'orderbook_snapshot' && f.msg.market_ticker === b);
    expect(shape(snapB)).toEqual(shape(recorded['snapshot_ticker_b_seq3']));
    expect([snapB.sid, snapB.seq]).toEqual([recorded['snapshot_ticker_b_seq3'].sid, recorded['snapshot_ticker_b_seq3'].seq]);
    // No second sid was opened.
    expect(c.frames.filter((f) => f.type === 'subscribed')).toHaveLength(1);
    c.send({ id: 3, cmd: 'update_subscription', params: { sid: 1, market_tickers: [a], action: 'get_snapshot' } });
    const again = await c.waitFor((f) => f.id === 3);
    expect(shape(again)).toEqual(shape(recorded['get_snapshot_response']));
    expect([again.sid, again.seq]).toEqual([1, recorded['get_snapshot_response'].seq]);
    c.send({ id: 4, cmd: 'list_subscriptions' });
    expect((await c.waitFor((f) => f.id === 4)).msg).toEqual([{ channel: 'orderbook_delta', sid: 1 }]);
    c.ws.close();
  });

  it('caps the markets of one connection: the subscribe or add_markets that would pass it gets error 26', async () => {
    const c = await connectWs(sim.wsUrl);
    const [t1, t2, t3, t4, t5] = sim.tickers();
    c.send({ id: 1, cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_tickers: [t1, t2] } });
    await c.waitFor((f) => f.id === 1);
    c.send({ id: 2, cmd: 'subscribe', params: { channels: ['ticker'], market_tickers: [t3, t4, t5] } });
    expect((await c.waitFor((f) => f.id === 2)).msg).toEqual({ code: 26, msg: 'Subscription market limit exceeded' });
    c.send({ id: 3, cmd: 'update_subscription', params: { sid: 1, market_tickers: [t3, t4, t5], action: 'add_markets' } });
    expect((await c.waitFor((f) => f.id === 3)).msg.code).toBe(26);
    // Markets already subscribed do not count twice; up to the cap is fine.
    c.send({ id: 4, cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_tickers: [t1, t2, t3, t4] } });
    expect(await c.waitFor((f) => f.id === 4)).toMatchObject({ type: 'ok', sid: 1, msg: { market_tickers: [t1, t2, t3, t4] } });
    c.ws.close();
  });

  it('with use_yes_price, NO levels are YES-scale prices descending (best ask last), as recorded', async () => {
    // The recordings: YES bids ascending, NO levels descending on the YES scale.
    for (const snap of [recordedSnapshot, recorded['snapshot_ticker_a_seq1'], recorded['snapshot_ticker_b_seq3']]) {
      expect([order(snap.msg.yes_dollars_fp), order(snap.msg.no_dollars_fp)]).toEqual(['ascending', 'descending']);
    }
    const c = await connectWs(sim.wsUrl);
    c.send({ id: 1, cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_tickers: [a], use_yes_price: true } });
    const yes = await c.waitFor((f) => f.type === 'orderbook_snapshot');
    expect([order(yes.msg.yes_dollars_fp), order(yes.msg.no_dollars_fp)]).toEqual(['ascending', 'descending']);
    // The same levels as REST's NO-leg prices (ascending, best last), seen on the YES scale.
    const rest = sim.book(a).no;
    expect(order(rest)).toBe('ascending');
    expect(prices(yes.msg.no_dollars_fp)).toEqual(prices(rest).map((p) => Math.round((1 - p) * 10_000) / 10_000));
    const bestAsk = Math.min(...prices(yes.msg.no_dollars_fp));
    expect(prices(yes.msg.no_dollars_fp).at(-1)).toBe(bestAsk);
    // Without the flag: NO-leg prices, ascending like REST.
    c.send({ id: 2, cmd: 'unsubscribe', params: { sids: [1] } });
    await c.waitFor((f) => f.id === 2);
    c.send({ id: 3, cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_tickers: [a], use_yes_price: false } });
    const no = await c.waitFor((f) => f.type === 'orderbook_snapshot' && f.sid === 2);
    expect(no.msg.no_dollars_fp).toEqual(rest);
    c.ws.close();
  });
});
