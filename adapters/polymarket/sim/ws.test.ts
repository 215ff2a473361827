import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Wallet } from 'ethers';
import { Decimal } from '../../../src/core/decimal.js';
import { Reader, type Msg } from './test-ws.js';
import { startPolymarketSim, type PolymarketSim, type SimMarketInfo } from './index.js';
import { limitAmounts, TestClob, TEST_KEYS } from './test-client.js';

const summaryHash = (s: Msg) => createHash('sha1').update(JSON.stringify({ ...s, hash: '' })).digest('hex');

/** The recorded `book` event (`ws-book.json`): its keys, in the venue's order. */
const RECORDED_BOOK_KEYS = Object.keys(JSON.parse(readFileSync(new URL('../__fixtures__/ws-book.json', import.meta.url), 'utf8')) as object);

/**
 * The REST summary a `book` event stands for (docs/venues/polymarket.md §4.2, §7.1): the event's
 * fields plus the market's `min_order_size` and `neg_risk`, in the REST key order.
 */
function restSummary(book: Msg, m: SimMarketInfo): Msg {
  return {
    market: book.market, asset_id: book.asset_id, timestamp: book.timestamp, hash: book.hash, bids: book.bids, asks: book.asks,
    min_order_size: m.minOrderSize, tick_size: book.tick_size, neg_risk: m.negRisk, last_trade_price: book.last_trade_price,
  };
}

/** Applies price_change entries for one asset to a `book` event's REST summary, at `timestamp`. */
function apply(book: Msg, m: SimMarketInfo, entries: Msg[], timestamp: string): Msg {
  const summary = restSummary(book, m);
  const bids = new Map<string, string>(summary.bids.map((l: Msg) => [l.price, l.size]));
  const asks = new Map<string, string>(summary.asks.map((l: Msg) => [l.price, l.size]));
  for (const e of entries) {
    const side = e.side === 'BUY' ? bids : asks;
    if (e.size === '0') side.delete(e.price); else side.set(e.price, e.size);
  }
  const sort = (m: Map<string, string>, dir: number) => [...m].sort((x, y) => dir * (Number(x[0]) - Number(y[0]))).map(([price, size]) => ({ price, size }));
  return { ...summary, timestamp, hash: '', bids: sort(bids, 1), asks: sort(asks, -1) };
}

describe('WebSocket channels', () => {
  let sim: PolymarketSim;
  let a: TestClob;
  let b: TestClob;
  let market: SimMarketInfo;

  beforeAll(async () => {
    const wa = new Wallet(TEST_KEYS[0]);
    const wb = new Wallet(TEST_KEYS[1]);
    sim = await startPolymarketSim({ seed: 21, markets: 30, botRatePerSecond: 0, settleStepMs: 10, tradeFailureRate: 0, fund: [{ address: wa.address, amount: '1000' }, { address: wb.address, amount: '1000' }] });
    a = new TestClob(sim.clobUrl, wa);
    b = new TestClob(sim.clobUrl, wb);
    await Promise.all([a.deriveKey(), b.deriveKey()]);
    market = sim.markets().find((m) => m.tickSize === '0.01' && m.minOrderSize === '5' && !m.closed)!;
  });
  afterAll(() => sim.close());

  it('market channel: book snapshot array, price_change from a REST order, PING/PONG, dynamic subscribe, trades', async () => {
    const r = await Reader.open(`${sim.wsUrl}/ws/market`);
    r.send({ type: 'market', assets_ids: [market.yesTokenId], custom_feature_enabled: true });
    const dump = JSON.parse(await r.next((f) => f.startsWith('[')));
    expect(dump).toHaveLength(1);
    expect(dump[0]).toMatchObject({ event_type: 'book', asset_id: market.yesTokenId, market: market.conditionId });
    // Shaped like the recorded event (no min_order_size / neg_risk), hashed as its REST summary.
    expect(Object.keys(dump[0])).toEqual(RECORDED_BOOK_KEYS);
    expect(summaryHash((({ event_type: _, ...s }) => s)(dump[0]))).not.toBe(dump[0].hash);
    expect(summaryHash(restSummary(dump[0], market))).toBe(dump[0].hash);

    r.send('PING');
    expect(await r.next((f) => f === 'PONG')).toBe('PONG');

    const bestBid = Number(dump[0].bids.at(-1).price);
    const price = Math.round(bestBid * 100 + 1) * 10_000;
    const placed = await a.order({ market, tokenId: market.yesTokenId, side: 'BUY', ...limitAmounts('BUY', price, 7_000_000) });
    expect(placed.json.status).toBe('live');
    const change = await r.nextJson((m) => m.event_type === 'price_change');
    expect(change.price_changes).toHaveLength(1);
    const entry = change.price_changes[0];
    expect(entry).toMatchObject({ asset_id: market.yesTokenId, price: String(price / 1e6), size: '7', side: 'BUY', best_bid: String(price / 1e6) });
    expect(summaryHash(apply(dump[0], market, change.price_changes, change.timestamp))).toBe(entry.hash);
    const top = await r.nextJson((m) => m.event_type === 'best_bid_ask');
    expect(top.best_bid).toBe(String(price / 1e6));

    r.send({ operation: 'subscribe', assets_ids: [market.noTokenId] });
    const noDump = JSON.parse(await r.next((f) => f.startsWith('[')));
    expect(noDump[0]).toMatchObject({ event_type: 'book', asset_id: market.noTokenId });
    expect(noDump[0].asks.at(-1).price).toBe(String((1e6 - price) / 1e6));

    // B sells NO... by buying NO at 1 − p it crosses A's YES bid: a trade on both tokens.
    await b.order({ market, tokenId: market.noTokenId, side: 'BUY', ...limitAmounts('BUY', 1e6 - price, 7_000_000) });
    const trade = await r.nextJson((m) => m.event_type === 'last_trade_price' && m.asset_id === market.yesTokenId);
    expect(trade).toMatchObject({ price: String(price / 1e6), size: '7', side: 'SELL' });
    expect(trade.transaction_hash).toMatch(/^0x[0-9a-f]{64}$/);
    const after = JSON.parse(await r.next((f) => f.startsWith('[{"market"')));
    expect(after.map((x: Msg) => x.asset_id).sort()).toEqual([market.yesTokenId, market.noTokenId].sort());
    // Written as the recorded books write it: three decimals.
    const yesAfter = after.find((x: Msg) => x.asset_id === market.yesTokenId);
    expect(yesAfter.last_trade_price).toBe(Decimal.fromUnits(BigInt(price), 6).normalize().toFixed(3));
    expect(summaryHash(restSummary(yesAfter, market))).toBe(yesAfter.hash);

    r.send({ operation: 'unsubscribe', assets_ids: [market.yesTokenId, market.noTokenId] });
    r.ws.close();
  });

  it('market channel faults: a corrupted price_change no longer matches its hash; malformed frames', async () => {
    const r = await Reader.open(`${sim.wsUrl}/ws/market`);
    r.send({ type: 'market', assets_ids: [market.yesTokenId] });
    const dump = JSON.parse(await r.next((f) => f.startsWith('[')));
    sim.faults.inconsistentBookUpdate('corrupt');
    await a.order({ market, tokenId: market.yesTokenId, side: 'BUY', ...limitAmounts('BUY', 10_000, 5_000_000) });
    const change = await r.nextJson((m) => m.event_type === 'price_change');
    expect(summaryHash(apply(dump[0], market, change.price_changes, change.timestamp))).not.toBe(change.price_changes[0].hash);

    sim.faults.malformedFrames(1);
    await a.order({ market, tokenId: market.yesTokenId, side: 'BUY', ...limitAmounts('BUY', 20_000, 5_000_000) });
    const bad = await r.next(() => true);
    expect(() => JSON.parse(bad)).toThrow();
    r.ws.close();
  });

  it('user channel: authenticated order and trade events through MATCHED → MINED → CONFIRMED', async () => {
    const r = await Reader.open(`${sim.wsUrl}/ws/user`);
    r.send({ type: 'user', auth: a.creds, markets: [market.conditionId] });
    // Frames on one socket are handled in order: the PONG proves the subscription is in place.
    r.send('PING');
    await r.next((f) => f === 'PONG');
    const book = sim.book(market.yesTokenId);
    const ask = Math.round(Number(book.asks[0]![0]) * 100 - 1) * 10_000;
    expect(ask).toBeGreaterThan(Math.round(Number(book.bids[0]![0]) * 100) * 10_000);
    const placed = await a.order({ market, tokenId: market.yesTokenId, side: 'SELL', ...limitAmounts('SELL', ask, 5_000_000) });
    expect(placed.json, JSON.stringify(placed.json)).toMatchObject({ status: 'live' });
    const placement = await r.nextJson((m) => m.event_type === 'order' && m.type === 'PLACEMENT' && m.id === placed.json.orderID);
    expect(placement).toMatchObject({ status: 'LIVE', side: 'SELL', original_size: '5', price: String(ask / 1e6), owner: a.creds!.apiKey });

    const fok = await b.order({ market, tokenId: market.yesTokenId, side: 'BUY', ...limitAmounts('BUY', ask, 5_000_000) }, { orderType: 'FOK' });
    expect(fok.json.status).toBe('matched');
    const matched = await r.nextJson((m) => m.event_type === 'trade' && m.status === 'MATCHED');
    expect(matched).toMatchObject({ trader_side: 'MAKER', size: '5', side: 'BUY', price: String(ask / 1e6) });
    expect(matched.maker_orders[0].order_id).toBe(placed.json.orderID);
    const update = await r.nextJson((m) => m.event_type === 'order' && m.id === placed.json.orderID);
    expect(update).toMatchObject({ type: 'UPDATE', status: 'MATCHED', size_matched: '5' });
    expect((await r.nextJson((m) => m.event_type === 'trade' && m.status === 'MINED')).transaction_hash).toMatch(/^0x[0-9a-f]{64}$/);
    await r.nextJson((m) => m.event_type === 'trade' && m.status === 'CONFIRMED');
    r.ws.close();

    const bad = await Reader.open(`${sim.wsUrl}/ws/user`);
    const closed = new Promise<number>((res) => bad.ws.once('close', (code) => res(code)));
    bad.send({ type: 'user', auth: { ...a.creds, secret: 'nope' } });
    expect(await closed).toBe(4001);
  });
});
