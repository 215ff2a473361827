import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { Wallet } from 'ethers';
import { MALFORMED_FRAME } from '../../../src/sim/index.js';
import { startOpinionSim, type OpinionSim, type SimMarketInfo } from './index.js';
import { TEST_KEYS, TestUser, WsReader, type Json } from './test-client.js';

const p3 = (t: number) => String(t / 1000);
const thousandths = (price: string) => Math.round(Number(price) * 1000);

describe('the Opinion WebSocket', () => {
  let sim: OpinionSim;
  let clock = Date.UTC(2026, 8, 1);
  let a: TestUser;
  let b: TestUser;
  let binary: SimMarketInfo;
  let child: SimMarketInfo;
  const readers: WsReader[] = [];

  const open = async (apiKey: string) => {
    const r = await WsReader.open(`${sim.wsUrl}?apikey=${apiKey}`);
    readers.push(r);
    return r;
  };
  const subscribe = async (r: WsReader, channel: string, ids: Json) => {
    r.send({ action: 'SUBSCRIBE', channel, ...ids });
    return r.next((m) => m.action === 'SUBSCRIBE' && m.channel === channel);
  };
  const midBuy = (m: SimMarketInfo, offset: number) => thousandths(sim.book(m.yesTokenId).bids[0]![0]) - offset;

  beforeAll(async () => {
    sim = await startOpinionSim({
      seed: 13, markets: 30, botRatePerSecond: 0, confirmDelayMs: 30, enforceRateLimits: false, heartbeatTimeoutMs: 60_000, now: () => clock,
      accounts: [
        { address: new Wallet(TEST_KEYS[0]).address, apiKey: 'ws-a', usdt: '1000' },
        { address: new Wallet(TEST_KEYS[1]).address, apiKey: 'ws-b', usdt: '1000' },
      ],
    });
    a = new TestUser(sim.restUrl, TEST_KEYS[0], 'ws-a', sim.account(new Wallet(TEST_KEYS[0]).address)!.safe, sim.exchangeAddress);
    b = new TestUser(sim.restUrl, TEST_KEYS[1], 'ws-b', sim.account(new Wallet(TEST_KEYS[1]).address)!.safe, sim.exchangeAddress);
    binary = sim.markets().find((m) => m.parentId === null && m.status === 2)!;
    child = sim.markets().find((m) => m.parentId !== null && m.status === 2)!;
  });
  afterAll(async () => {
    for (const r of readers) r.close();
    await sim.close();
  });

  it('refuses a connection without a valid apikey', async () => {
    const ws = new WebSocket(`${sim.wsUrl}?apikey=nope`);
    ws.on('error', () => undefined);
    const status = await new Promise<number>((resolve) => ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)));
    expect(status).toBe(401);
    ws.terminate();
  });

  it('acknowledges subscriptions and heartbeats with frames without msgType; rejects what the venue does not serve', async () => {
    const r = await open('ws-a');
    expect(await subscribe(r, 'market.depth.diff', { marketId: binary.marketId })).toMatchObject({ code: 200, marketId: binary.marketId });
    r.send({ action: 'HEARTBEAT' });
    const hb = await r.next((m) => m.action === 'HEARTBEAT');
    expect(hb.msgType).toBeUndefined();
    expect(await subscribe(r, 'market.depth.diff', { rootMarketId: child.parentId })).toMatchObject({ code: 400 });
    expect(await subscribe(r, 'market.candles', { marketId: binary.marketId })).toMatchObject({ code: 400 });
    expect(await subscribe(r, 'market.last.price', { marketId: 999_999 })).toMatchObject({ code: 400 });
    // No snapshot on subscribe: nothing but acks so far.
    expect(r.all((m) => m.msgType !== undefined)).toEqual([]);
  });

  it('streams one level per frame with absolute sizes, for the YES token and its NO mirror', async () => {
    const r = await open('ws-a');
    await subscribe(r, 'market.depth.diff', { marketId: binary.marketId });
    const price = midBuy(binary, 4);
    const shares = String(Math.ceil(6000 / price) + 1);
    const first = await a.order({ marketId: binary.marketId, tokenId: binary.yesTokenId, side: 'buy', price: p3(price), amount: shares });
    expect(first.body.errno).toBe(0);
    const yes = await r.next((m) => m.msgType === 'market.depth.diff' && m.tokenId === binary.yesTokenId);
    expect(yes).toEqual({ marketId: binary.marketId, tokenId: binary.yesTokenId, outcomeSide: 1, side: 'bids', price: p3(price), size: shares, msgType: 'market.depth.diff' });
    const no = await r.next((m) => m.msgType === 'market.depth.diff' && m.tokenId === binary.noTokenId);
    expect(no).toMatchObject({ outcomeSide: 2, side: 'asks', price: p3(1000 - price), size: shares });
    expect('rootMarketId' in yes).toBe(false);
    await b.order({ marketId: binary.marketId, tokenId: binary.yesTokenId, side: 'buy', price: p3(price), amount: shares });
    expect((await r.next((m) => m.tokenId === binary.yesTokenId)).size).toBe(String(2 * Number(shares)));
    await a.request('POST', '/order/cancel', { orderId: first.body.result.orderData.orderId });
    expect((await r.next((m) => m.tokenId === binary.yesTokenId)).size).toBe(shares);

    sim.faults.sequenceGap(1);
    await a.order({ marketId: binary.marketId, tokenId: binary.yesTokenId, side: 'buy', price: p3(price - 1), amount: shares });
    const next = await r.next((m) => m.msgType === 'market.depth.diff');
    expect(next.tokenId).toBe(binary.noTokenId);
  });

  it('routes last trades of a categorical child to marketId and rootMarketId subscribers, with rootMarketId', async () => {
    const byChild = await open('ws-b');
    const byRoot = await open('ws-b');
    await subscribe(byChild, 'market.last.trade', { marketId: child.marketId });
    await subscribe(byRoot, 'market.last.trade', { rootMarketId: child.parentId });
    await subscribe(byRoot, 'market.last.price', { rootMarketId: child.parentId });
    expect((await b.order({ marketId: child.marketId, tokenId: child.yesTokenId, side: 'buy', amount: '6' })).body.errno).toBe(0);
    const t1 = await byChild.next((m) => m.msgType === 'market.last.trade');
    const t2 = await byRoot.next((m) => m.msgType === 'market.last.trade');
    expect(t1).toEqual(t2);
    expect(t1).toMatchObject({ marketId: child.marketId, rootMarketId: child.parentId, tokenId: child.yesTokenId, side: 'Buy', outcomeSide: 1 });
    expect(Object.keys(t1)).toEqual(['tokenId', 'side', 'outcomeSide', 'price', 'shares', 'amount', 'marketId', 'rootMarketId', 'msgType']);
    const lp = await byRoot.next((m) => m.msgType === 'market.last.price');
    expect(lp).toMatchObject({ tokenId: child.yesTokenId, outcomeSide: 1, price: t1.price, marketId: child.marketId, rootMarketId: child.parentId });
  });

  it('sends the key owner, and only them, orderNew → orderFill → orderConfirm and the confirmed trade', async () => {
    const mine = await open('ws-a');
    const theirs = await open('ws-b');
    for (const r of [mine, theirs]) {
      await subscribe(r, 'trade.order.update', { marketId: binary.marketId });
      await subscribe(r, 'trade.record.new', { marketId: binary.marketId });
    }
    const price = thousandths(sim.book(binary.yesTokenId).asks[0]![0]);
    const placed = await a.order({ marketId: binary.marketId, tokenId: binary.yesTokenId, side: 'buy', price: p3(price), amount: '10' });
    const orderId = placed.body.result.orderData.orderId;
    const updates: Json[] = [];
    for (const type of ['orderNew', 'orderFill', 'orderConfirm']) updates.push(await mine.next((m) => m.msgType === 'trade.order.update' && m.orderUpdateType === type));
    expect(updates.map((u) => u.orderId)).toEqual([orderId, orderId, orderId]);
    expect(updates[0]).toMatchObject({ side: 1, outcomeSide: 1, tradingMethod: 2, status: 1, filledShares: '0.000000000000000000', chainId: '56' });
    expect(updates[1]).toMatchObject({ filledShares: '0.000000000000000000' });
    expect(updates[2]).toMatchObject({ filledShares: '10.000000000000000000', status: 2 });
    expect('rootMarketId' in updates[0]!).toBe(false);
    const record = await mine.next((m) => m.msgType === 'trade.record.new');
    expect(record).toMatchObject({ orderId, side: 'Buy', outcomeSide: 1, status: 2, chainId: '56' });
    expect(record.txHash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(theirs.all((m) => m.msgType !== undefined)).toEqual([]);
  });

  it('closes a socket silent for longer than the heartbeat timeout, not one that beats', async () => {
    const silent = await open('ws-a');
    const alive = await open('ws-a');
    clock += 40_000;
    alive.send({ action: 'HEARTBEAT' });
    await alive.next((m) => m.action === 'HEARTBEAT');
    clock += 30_000;
    await vi.waitFor(() => expect(silent.closed).toEqual({ code: 4000, reason: 'heartbeat timeout' }), { timeout: 5000 });
    expect(alive.closed).toBeUndefined();
  });

  it('injects faults: unanswered heartbeats, malformed frames, dropped sockets', async () => {
    const r = await open('ws-a');
    sim.faults.missPings = true;
    r.send({ action: 'HEARTBEAT' });
    await subscribe(r, 'market.last.price', { marketId: binary.marketId });
    expect(r.all((m) => m.action === 'HEARTBEAT')).toEqual([]);
    sim.faults.missPings = false;
    sim.faults.malformedFrames(1);
    r.send({ action: 'HEARTBEAT' });
    await r.next((m) => m.action === 'HEARTBEAT');
    expect(r.history).toContain(MALFORMED_FRAME);
    sim.faults.dropSockets();
    await vi.waitFor(() => expect(r.closed).toBeDefined());
  });
});
