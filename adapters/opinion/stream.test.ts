import { Wallet } from 'ethers';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Level } from '../../src/core/index.js';
import { LocalBook, type StreamEvent } from '../../src/venue/index.js';
import { createOpinionAdapter, type OpinionAdapter } from './adapter.js';
import { startOpinionSim, type OpinionSim, type SimMarketInfo } from './sim/index.js';
import type { OpinionStream } from './stream.js';

/**
 * The stream against the simulator's WebSocket (docs/venues/opinion.md §9): books seeded from REST
 * and kept from both tokens' diffs keyed by token id, resynced after a reconnect, after lost diffs
 * (found by a REST check, or by the mirror check), the heartbeat, the user channels and a whole
 * categorical market subscribed by `rootMarketId`.
 */

const levels = (b: { levels(side: 'bid' | 'ask'): Level[] }) => ({ bids: b.levels('bid'), asks: b.levels('ask') });

describe('the Opinion stream against the simulator', () => {
  let sim: OpinionSim;
  let adapter: OpinionAdapter;
  let market: SimMarketInfo;
  let stream: OpinionStream;
  let events: StreamEvent[];
  const wallet = new Wallet(`0x${'6c'.repeat(32)}`);
  const apiKey = 'stream-test-key';

  const simBook = (m: SimMarketInfo = market) => sim.book(m.yesTokenId);
  const liveBook = (m: SimMarketInfo = market) => {
    const b = stream.book(m.marketId);
    return b ? levels(b.out) : null;
  };

  beforeAll(async () => {
    // Matches confirm on chain 20 ms later: the last order update carries the final status.
    sim = await startOpinionSim({ seed: 41, markets: 30, botRatePerSecond: 0, confirmDelayMs: 20, accounts: [{ address: wallet.address, apiKey, usdt: '3000' }] });
    adapter = createOpinionAdapter({ restUrl: sim.restUrl, wsUrl: sim.wsUrl, apiKey, wallet, stream: { ackWaitMs: 200, restCheckIntervalMs: 0, mirrorGraceMs: 300 } });
    market = sim.markets().find((m) => m.status === 2 && m.parentId === null)!;
  });
  afterEach(async () => {
    await stream?.close();
  });
  afterAll(async () => {
    await adapter.close();
    await sim.close();
  });

  async function open(ids: string[], channels?: Parameters<OpinionStream['subscribe']>[1]): Promise<void> {
    stream = adapter.stream() as OpinionStream;
    events = [];
    stream.onEvent((e) => events.push(e));
    await stream.subscribe(ids, channels);
  }

  it('seeds the book from REST and keeps it equal to the venue book from both tokens’ diffs', async () => {
    await open([`opinion:${market.marketId}`], ['book']);
    expect(events.find((e) => e.type === 'snapshot')).toBeDefined();
    expect(liveBook()).toEqual(simBook());
    sim.stepBots(60);
    await vi.waitFor(() => expect(liveBook()).toEqual(simBook()), { timeout: 5_000 });
    expect(stream.stats.yesDiffs).toBeGreaterThan(0);
    expect(stream.stats.noDiffs).toBe(stream.stats.yesDiffs);
    expect(stream.stats.mirrorMismatches).toBe(0);
    // The events alone rebuild the same book, with increasing seq.
    const local = new LocalBook(`opinion:${market.marketId}`, 'opinion');
    let seq = 0;
    for (const e of events) {
      if (e.type === 'snapshot') local.applySnapshot(e.book.bids, e.book.asks, e.book.seq);
      if (e.type !== 'delta') continue;
      expect(e.seq).toBeGreaterThan(seq);
      seq = e.seq;
      for (const c of e.changes) local.set(c.side, c.price, c.size);
    }
    expect(levels(local)).toEqual(simBook());
    expect(await stream.checkBook(market.marketId)).toBe(true);
  });

  it('resyncs from REST after the socket drops, and catches up with what changed meanwhile', async () => {
    await open([`opinion:${market.marketId}`], ['book']);
    const snapshots = () => events.filter((e) => e.type === 'snapshot').length;
    sim.faults.dropSockets();
    await vi.waitFor(() => expect(events.some((e) => e.type === 'status' && e.state === 'stale' && e.reason === 'reconnect')).toBe(true));
    sim.stepBots(20);
    await vi.waitFor(() => expect(snapshots()).toBe(2), { timeout: 10_000 });
    sim.stepBots(20);
    await vi.waitFor(() => expect(liveBook()).toEqual(simBook()), { timeout: 5_000 });
    expect(stream.stats.reconnects).toBe(1);
  });

  it('finds lost diffs with a REST check and replaces the book (stale, then a snapshot)', async () => {
    await open([`opinion:${market.marketId}`], ['book']);
    // Both frames (YES and NO) of the next change are lost.
    sim.faults.sequenceGap(2);
    await adapter.placeOrder({ marketId: `opinion:${market.marketId}`, side: 'buy', outcome: 'yes', price: '0.003', size: '2500' });
    await vi.waitFor(() => expect(simBook().bids.some(([p]) => p === '0.003')).toBe(true));
    expect(liveBook()?.bids.some(([p]) => p === '0.003')).toBe(false);
    expect(await stream.checkBook(market.marketId)).toBe(false);
    expect(events.some((e) => e.type === 'status' && e.state === 'stale' && /REST check/.test(e.reason ?? ''))).toBe(true);
    expect(events.at(-1)?.type).toBe('snapshot');
    expect(liveBook()).toEqual(simBook());
    await adapter.opinion.cancelAllOrders();
  });

  it('resyncs when the NO diff of a change arrives without its YES diff (the mirror check)', async () => {
    await open([`opinion:${market.marketId}`], ['book']);
    sim.faults.sequenceGap(1);
    await adapter.placeOrder({ marketId: `opinion:${market.marketId}`, side: 'buy', outcome: 'yes', price: '0.004', size: '2000' });
    await vi.waitFor(() => expect(events.some((e) => e.type === 'status' && e.state === 'stale' && /NO book disagrees/.test(e.reason ?? ''))).toBe(true), { timeout: 5_000 });
    await vi.waitFor(() => expect(liveBook()).toEqual(simBook()), { timeout: 5_000 });
    expect(liveBook()?.bids.some(([p]) => p === '0.004')).toBe(true);
    await adapter.opinion.cancelAllOrders();
  });

  it('delivers our orders and fills, and prints and last prices in YES terms', async () => {
    await open([`opinion:${market.marketId}`], ['orders', 'fills', 'trades', 'ticker']);
    const order = await adapter.opinion.placeMarketOrder({ marketId: `opinion:${market.marketId}`, side: 'buy', outcome: 'no', amount: '6' });
    await vi.waitFor(() => expect(events.filter((e) => e.type === 'fill').length).toBeGreaterThan(0));
    await vi.waitFor(() => expect(events.some((e) => e.type === 'order' && e.order.id === order.id && e.order.status === 'filled')).toBe(true));
    const fills = events.flatMap((e) => (e.type === 'fill' ? [e.fill] : []));
    expect(fills.every((f) => f.orderId === order.id && f.outcome === 'no' && f.side === 'buy')).toBe(true);
    const trades = events.flatMap((e) => (e.type === 'trade' ? [e.trade] : []));
    expect(trades.length).toBeGreaterThan(0);
    // Buying NO is selling YES, at 1 − the NO price.
    expect(trades.every((t) => t.takerSide === 'sell' && t.marketId === `opinion:${market.marketId}`)).toBe(true);
    expect(events.some((e) => e.type === 'ticker' && e.ticker.lastPrice === trades.at(-1)!.price)).toBe(true);
  });

  it('subscribes a whole categorical market by rootMarketId (depth by each option)', async () => {
    const parent = sim.parents().find((p) => p.childIds.every((id) => sim.markets().find((m) => m.marketId === id)!.status === 2))!;
    const child = sim.markets().find((m) => m.marketId === parent.childIds[0])!;
    await open([`opinion:${parent.marketId}`], ['book', 'trades']);
    const snaps = events.filter((e) => e.type === 'snapshot').map((e) => (e.type === 'snapshot' ? e.book.marketId : ''));
    expect(snaps.sort()).toEqual(parent.childIds.map((id) => `opinion:${id}`).sort());
    await adapter.opinion.placeMarketOrder({ marketId: `opinion:${child.marketId}`, side: 'buy', outcome: 'yes', amount: '6' });
    await vi.waitFor(() => expect(events.some((e) => e.type === 'trade' && e.trade.marketId === `opinion:${child.marketId}` && e.trade.takerSide === 'buy')).toBe(true));
    await vi.waitFor(() => expect(liveBook(child)).toEqual(simBook(child)));
  });
});

describe('the Opinion stream heartbeat', () => {
  let sim: OpinionSim;
  const wallet = new Wallet(`0x${'6d'.repeat(32)}`);

  beforeAll(async () => {
    // The venue closes sockets that stay silent; here after 400 ms.
    sim = await startOpinionSim({ seed: 42, markets: 12, botRatePerSecond: 0, heartbeatTimeoutMs: 400, accounts: [{ address: wallet.address, apiKey: 'hb-key' }] });
  });
  afterAll(() => sim.close());

  async function run(heartbeatMs: number): Promise<{ replies: number; reconnects: number; close: () => Promise<void> }> {
    const adapter = createOpinionAdapter({ restUrl: sim.restUrl, wsUrl: sim.wsUrl, apiKey: 'hb-key', stream: { heartbeatMs, ackWaitMs: 100, backoff: { baseMs: 10, maxMs: 20 } } });
    const stream = adapter.stream() as OpinionStream;
    const m = sim.markets().find((x) => x.status === 2)!;
    await stream.subscribe([`opinion:${m.marketId}`], ['ticker']);
    return {
      get replies() {
        return stream.stats.heartbeatReplies;
      },
      get reconnects() {
        return stream.stats.reconnects;
      },
      close: async () => {
        await stream.close();
        await adapter.close();
      },
    };
  }

  it('keeps the socket open with HEARTBEAT messages; without them the venue closes it', async () => {
    const alive = await run(100);
    const silent = await run(60_000);
    try {
      await vi.waitFor(() => expect(alive.replies).toBeGreaterThanOrEqual(8), { timeout: 5_000 });
      await vi.waitFor(() => expect(silent.reconnects).toBeGreaterThanOrEqual(1), { timeout: 5_000 });
      expect(alive.reconnects).toBe(0);
    } finally {
      await alive.close();
      await silent.close();
    }
  });
});
