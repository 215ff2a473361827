import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Decimal, MissingCredentials, NotFound, canonical } from '../../src/core/index.js';
import type { Level, OrderBook } from '../../src/core/index.js';
import type { StreamEvent } from '../../src/venue/adapter.js';
import { LocalBook } from '../../src/venue/local-book.js';
import { canUse } from '../../src/venue/index.js';
import { createKalshiAdapter } from './index.js';
import type { KalshiAdapter, KalshiStream } from './index.js';
import { DEMO_KEY_ID, DEMO_PRIVATE_KEY_PATH, startKalshiSim } from './sim/index.js';
import type { KalshiSim } from './sim/index.js';

/**
 * The stream against the simulator: no bots (the book moves only by our own orders), so the
 * stream's book can be compared with the simulator's at quiet moments.
 */

let sim: KalshiSim;
let adapter: KalshiAdapter;
let stream: KalshiStream;
const events: StreamEvent[] = [];
const replicas = new Map<string, LocalBook>();
let crossedSeen = 0;
let tickers: string[] = [];

/** The simulator's REST book in YES terms (NO bids → YES asks at 1 − p), best first. */
function simBook(ticker: string): { bids: Level[]; asks: Level[] } {
  const b = sim.book(ticker);
  const bids = [...b.yes].reverse().map(([p, s]) => [canonical(p), canonical(s)] as Level);
  const asks = b.no
    .map(([p, s]) => [canonical(Decimal.ONE.sub(Decimal.parse(p))), canonical(s)] as Level)
    .sort((x, y) => Decimal.parse(x[0]).cmp(y[0]));
  return { bids, asks };
}

const WAIT = { timeout: 8_000, interval: 20 };

function liveBook(ticker: string): OrderBook | null {
  return stream.orderBook(`kalshi:${ticker}`);
}

/** Throws until the stream's live book of the ticker equals the simulator's. */
function expectMatchesSim(ticker: string): void {
  const live = liveBook(ticker);
  expect(live, `live book of ${ticker}`).not.toBeNull();
  const want = simBook(ticker);
  expect([live?.bids, live?.asks], `book of ${ticker}`).toEqual([want.bids, want.asks]);
}

function expectAllLiveAndMatching(): void {
  for (const t of tickers) expectMatchesSim(t);
}

/** A resting order far from the touch, to make the book move. */
async function restingBuy(ticker: string, price = '0.03'): Promise<string> {
  const o = await adapter.placeOrder({ marketId: `kalshi:${ticker}`, side: 'buy', outcome: 'yes', price, size: '3', postOnly: true });
  return o.id;
}

beforeAll(async () => {
  sim = await startKalshiSim({ seed: 11, markets: 40, botRatePerSecond: 0 });
  adapter = createKalshiAdapter({
    baseUrl: sim.url, // REST and WS paths derived from the origin
    credentials: { keyId: DEMO_KEY_ID, privateKey: DEMO_PRIVATE_KEY_PATH },
    stream: { backoff: { baseMs: 20, maxMs: 200 }, resyncTimeoutMs: 1_000 },
  });
  const open: string[] = [];
  for await (const page of adapter.listMarkets({ status: ['open'], pageSize: 100 })) {
    for (const m of page.items) if (m.tickSize === '0.01' && m.bestBid && m.bestAsk) open.push(m.nativeId);
  }
  tickers = open.slice(0, 3);
  stream = adapter.stream();
  stream.onEvent((e) => {
    events.push(e);
    // Replay every book event on a replica and check it is never crossed.
    if (e.type === 'snapshot') {
      const r = new LocalBook(e.book.marketId, 'kalshi');
      r.applySnapshot(e.book.bids, e.book.asks, e.book.seq);
      replicas.set(e.book.marketId, r);
      if (r.isCrossed()) crossedSeen += 1;
    } else if (e.type === 'delta') {
      const r = replicas.get(e.marketId);
      for (const c of e.changes) r?.set(c.side, c.price, c.size);
      if (r?.isCrossed()) crossedSeen += 1;
    }
  });
  await stream.subscribe(tickers.map((t) => `kalshi:${t}`), ['book']);
  await vi.waitFor(() => expect(tickers.filter((t) => liveBook(t) === null)).toEqual([]), WAIT);
});

afterAll(async () => {
  await adapter?.close();
  await sim?.close();
});

describe('kalshi stream against the simulator', () => {
  it('multiplexes several markets on one subscription, snapshot first, equal to the venue book', () => {
    expect(tickers.length).toBe(3);
    for (const t of tickers) {
      const first = events.find((e) => (e.type === 'snapshot' && e.book.marketId === `kalshi:${t}`) || (e.type === 'delta' && e.marketId === `kalshi:${t}`));
      expect(first?.type).toBe('snapshot');
      expectMatchesSim(t);
    }
  });

  it('applies deltas caused by order activity, as absolute YES-terms sizes', async () => {
    const t = tickers[0] as string;
    const before = events.length;
    const id = await restingBuy(t, '0.02');
    await vi.waitFor(() => expect(events.slice(before).some((e) => e.type === 'delta' && e.marketId === `kalshi:${t}`)).toBe(true), WAIT);
    const delta = events.slice(before).find((e) => e.type === 'delta') as Extract<StreamEvent, { type: 'delta' }>;
    expect(delta.changes[0]).toMatchObject({ side: 'bid', price: '0.02' });
    await vi.waitFor(() => expectMatchesSim(t), WAIT);
    await adapter.cancelOrder(id);
    await vi.waitFor(() => expectMatchesSim(t), WAIT);
  });

  it('on an injected sequence gap marks books stale, resyncs with get_snapshot, and matches the venue again', async () => {
    const t = tickers[1] as string;
    const gapsBefore = stream.books.counters.gaps;
    const before = events.length;
    sim.faults.sequenceGap(1);
    const id = await restingBuy(t);
    await vi.waitFor(() => expect(stream.books.counters.gaps).toBeGreaterThan(gapsBefore), WAIT);
    const after = events.slice(before);
    // Every book of the sid went stale, and a fresh snapshot followed for each.
    for (const x of tickers) {
      const i = after.findIndex((e) => e.type === 'status' && e.state === 'stale' && e.marketId === `kalshi:${x}`);
      expect(i, `stale notice for ${x}`).toBeGreaterThanOrEqual(0);
    }
    await vi.waitFor(() => expect(tickers.filter((x) => liveBook(x) === null)).toEqual([]), WAIT);
    await vi.waitFor(() => expectMatchesSim(t), WAIT);
    for (const x of tickers) {
      const ev = events.slice(before);
      const stale = ev.findIndex((e) => e.type === 'status' && e.state === 'stale' && e.marketId === `kalshi:${x}`);
      const snap = ev.findIndex((e, i) => i > stale && e.type === 'snapshot' && e.book.marketId === `kalshi:${x}`);
      expect(snap, `fresh snapshot for ${x} after stale`).toBeGreaterThan(stale);
      // Nothing for that market between stale and its snapshot.
      expect(ev.slice(stale + 1, snap).some((e) => e.type === 'delta' && e.marketId === `kalshi:${x}`)).toBe(false);
    }
    await adapter.cancelOrder(id);
    await vi.waitFor(() => expectMatchesSim(t), WAIT);
  });

  it('after a dropped socket reconnects, resubscribes, and the book equals the venue book', async () => {
    const connections = events.filter((e) => e.type === 'status' && e.state === 'connected').length;
    sim.faults.dropSockets();
    await vi.waitFor(() => expect(events.filter((e) => e.type === 'status' && e.state === 'connected').length).toBeGreaterThan(connections), WAIT);
    // Change the book while and after reconnecting, then compare.
    const t = tickers[2] as string;
    const id = await restingBuy(t, '0.04');
    await vi.waitFor(expectAllLiveAndMatching, WAIT);
    expect(events.some((e) => e.type === 'status' && e.state === 'reconnecting')).toBe(true);
    await adapter.cancelOrder(id);
    await vi.waitFor(() => expectMatchesSim(t), WAIT);
  });

  it('survives a malformed frame (resyncs instead of guessing)', async () => {
    const bad = stream.malformedFrames;
    sim.faults.malformedFrames(1);
    const t = tickers[0] as string;
    const id = await restingBuy(t, '0.05');
    await vi.waitFor(() => expect(stream.malformedFrames).toBeGreaterThan(bad), WAIT);
    await vi.waitFor(expectAllLiveAndMatching, WAIT);
    await adapter.cancelOrder(id);
    await vi.waitFor(() => expectMatchesSim(t), WAIT);
  });

  it('streams our orders and fills (account channels) in the caller’s framing, plus trades and tickers', async () => {
    const t = tickers[0] as string;
    await stream.subscribe([`kalshi:${t}`], ['orders', 'fills', 'trades', 'ticker']);
    const before = events.length;
    const book = liveBook(t) as OrderBook;
    const bestBid = book.bids[0]?.[0] as string;
    // Sell YES into the best bid (Kalshi: an ask), immediate-or-cancel.
    const order = await adapter.placeOrder({ marketId: `kalshi:${t}`, side: 'sell', outcome: 'yes', price: bestBid, size: '1', timeInForce: 'ioc' });
    expect(order.filled).toBe('1');
    await vi.waitFor(() => {
      const types = new Set(events.slice(before).map((e) => e.type));
      expect([...types].filter((x) => x === 'fill' || x === 'order' || x === 'trade').sort()).toEqual(['fill', 'order', 'trade']);
    }, WAIT);
    const ev = events.slice(before);
    const fill = ev.find((e) => e.type === 'fill') as Extract<StreamEvent, { type: 'fill' }>;
    expect(fill.fill).toMatchObject({ orderId: order.id, side: 'sell', outcome: 'yes', price: bestBid, size: '1', liquidity: 'taker' });
    const upd = ev.filter((e) => e.type === 'order').at(-1) as Extract<StreamEvent, { type: 'order' }>;
    expect(upd.order).toMatchObject({ id: order.id, side: 'sell', outcome: 'yes', status: 'filled', filled: '1' });
    const trade = ev.find((e) => e.type === 'trade') as Extract<StreamEvent, { type: 'trade' }>;
    expect(trade.trade).toMatchObject({ marketId: `kalshi:${t}`, price: bestBid, takerSide: 'sell' });
    await vi.waitFor(() => expectMatchesSim(t), WAIT);
  });

  it('reports market lifecycle events (paused, reopened), each listener in isolation', async () => {
    const seen: { marketId: string; eventType: string; status: string | null }[] = [];
    const bad = stream.malformedFrames;
    const offBroken = stream.onLifecycle(() => {
      throw new Error('listener bug');
    });
    const off = stream.onLifecycle((e) => seen.push(e));
    await stream.subscribeLifecycle();
    const t = tickers[2] as string;
    sim.setMarketStatus(t, 'inactive');
    sim.setMarketStatus(t, 'active');
    await vi.waitFor(() => expect(seen.length).toBeGreaterThanOrEqual(2), WAIT);
    off();
    offBroken();
    // The throwing listener neither hid the events from the other one nor counted as a bad frame.
    expect(stream.malformedFrames).toBe(bad);
    expect(seen.slice(0, 2)).toEqual([
      { marketId: `kalshi:${t}`, eventType: 'deactivated', status: 'paused', result: null },
      { marketId: `kalshi:${t}`, eventType: 'activated', status: 'open', result: null },
    ]);
    // Reactivation cancels resting orders on Kalshi; the book must still match the venue.
    await vi.waitFor(() => expectMatchesSim(t), WAIT);
  });

  it('an unknown market is refused with NotFound and does not disturb the subscription', async () => {
    await expect(stream.subscribe(['kalshi:NO-SUCH-MKT'], ['book'])).rejects.toBeInstanceOf(NotFound);
    const t = tickers[0] as string;
    const id = await restingBuy(t, '0.06');
    await vi.waitFor(() => expectMatchesSim(t), WAIT);
    await adapter.cancelOrder(id);
    await vi.waitFor(() => expectMatchesSim(t), WAIT);
  });

  it('unsubscribing one market stops its book; the others keep updating', async () => {
    const [gone, kept] = [tickers[2] as string, tickers[0] as string];
    await stream.unsubscribe([`kalshi:${gone}`], ['book']);
    expect(liveBook(gone)).toBeNull();
    const before = events.length;
    const a = await restingBuy(gone, '0.07');
    const b = await restingBuy(kept, '0.07');
    await vi.waitFor(() => expectMatchesSim(kept), WAIT);
    await adapter.cancelOrder(a);
    await adapter.cancelOrder(b);
    await vi.waitFor(() => expectMatchesSim(kept), WAIT);
    expect(events.slice(before).some((e) => e.type === 'delta' && e.marketId === `kalshi:${gone}`)).toBe(false);
    expect(events.slice(before).some((e) => e.type === 'delta' && e.marketId === `kalshi:${kept}`)).toBe(true);
  });

  it('never served a crossed book', () => {
    expect(crossedSeen).toBe(0);
    expect(events.filter((e) => e.type === 'snapshot').length).toBeGreaterThanOrEqual(tickers.length * 3);
    expect(stream.books.counters.crossed).toBe(0);
  });

  it('without credentials there is no stream (the venue refuses unauthenticated WS)', async () => {
    const anon = createKalshiAdapter({ restUrl: sim.restUrl, wsUrl: sim.wsUrl });
    expect(anon.has.stream).toBe(true);
    expect(anon.requiresCredentials).toContain('stream');
    expect(canUse(anon, 'stream')).toBe(false);
    expect(() => anon.stream()).toThrow(MissingCredentials);
    await anon.close();
  });
});
