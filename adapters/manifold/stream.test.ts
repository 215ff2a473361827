import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Decimal, NotFound, OrderBookSchema, TradeSchema, type OrderBook } from '../../src/core/index.js';
import { LocalBook, type StreamEvent } from '../../src/venue/index.js';
import { createManifoldAdapter, type ManifoldAdapter } from './adapter.js';
import { startManifoldSim, type ManifoldSim } from './sim/index.js';
import type { ManifoldStream } from './stream.js';

/**
 * The Manifold stream against the simulator's WebSocket: snapshots from REST numbered by our own
 * seq, deltas that rebuild exactly the book REST would synthesize, trades, resync on reconnect and
 * on unreadable frames, keep-alive pings and acks.
 */

interface Recorder {
  events: StreamEvent[];
  local: LocalBook;
  off: () => void;
}

function record(stream: ManifoldStream, marketId: string): Recorder {
  const local = new LocalBook(marketId, 'manifold');
  const events: StreamEvent[] = [];
  const off = stream.onEvent((e) => {
    if (e.type === 'snapshot' && e.book.marketId === marketId) {
      local.applySnapshot(e.book.bids, e.book.asks, e.book.seq);
    } else if (e.type === 'delta' && e.marketId === marketId) {
      for (const c of e.changes) local.set(c.side, c.price, c.size);
      local.seq = e.seq;
    } else if (!(e.type === 'status' || (e.type === 'trade' && e.trade.marketId === marketId))) {
      return;
    }
    events.push(e);
  });
  return { events, local, off };
}

function bookEvents(r: Recorder): StreamEvent[] {
  return r.events.filter((e) => e.type === 'snapshot' || e.type === 'delta');
}

/** Levels in canonical form (the local book may write `"0.4700"` for `"0.47"`). */
function levels(book: OrderBook): { bids: string[][]; asks: string[][] } {
  const canon = (l: [string, string][]) => l.map(([p, q]) => [Decimal.parse(p).normalize().toString(), Decimal.parse(q).normalize().toString()]);
  return { bids: canon(book.bids), asks: canon(book.asks) };
}

describe('Manifold stream', () => {
  let sim: ManifoldSim;
  let adapter: ManifoldAdapter;
  let contractId: string;
  let multi: { contractId: string; answerId: string };
  const streams: ManifoldStream[] = [];

  beforeAll(async () => {
    sim = await startManifoldSim({ seed: 31, markets: 40, botRatePerSecond: 0, rateLimitPerMinute: 0, wsIdleTimeoutMs: 1_000, wsIdleCheckMs: 60_000 });
    adapter = createManifoldAdapter({ restUrl: sim.restUrl, wsUrl: sim.wsUrl, retry: { baseDelayMs: 5, maxDelayMs: 20 }, stream: { pingIntervalMs: 100, ackTimeoutMs: 2_000, backoff: { baseMs: 10, maxMs: 50 }, resyncRetryMs: 50 } });
    contractId = sim.markets().find((m) => m.outcomeType === 'BINARY' && m.tradable && m.visibility === 'public')!.id;
    const mc = sim.markets().find((m) => m.outcomeType === 'MULTIPLE_CHOICE' && m.tradable && m.shouldAnswersSumToOne === true)!;
    multi = { contractId: mc.id, answerId: mc.answerIds[0]! };
    sim.stepBots(20, { contractId });
  });

  afterEach(async () => {
    sim.faults.reset();
    await Promise.all(streams.splice(0).map((s) => s.close()));
  });

  afterAll(async () => {
    await adapter.close();
    await sim.close();
  });

  function open(): ManifoldStream {
    const s = adapter.stream() as ManifoldStream;
    streams.push(s);
    return s;
  }

  it('snapshots, then deltas that rebuild the book REST synthesizes, and the trades of each bet', async () => {
    const stream = open();
    const marketId = `manifold:${contractId}`;
    const r = record(stream, marketId);
    await stream.subscribe([marketId], ['book', 'trades']);
    const first = bookEvents(r)[0];
    expect(first?.type).toBe('snapshot');
    if (first?.type !== 'snapshot') return;
    expect(OrderBookSchema.parse(first.book)).toEqual(first.book);
    expect(first.book.source).toBe('stream');
    sim.stepBots(40, { contractId });
    await vi.waitFor(() => expect(stream.stats.deltas).toBeGreaterThan(3), { timeout: 5_000 });
    // Quiet now: the book from snapshot + deltas is the book REST gives.
    await vi.waitFor(async () => expect(levels(r.local.toOrderBook({ source: 'stream' }))).toEqual(levels(await adapter.getOrderBook(contractId))), { timeout: 5_000 });
    let seq = 0;
    for (const e of r.events) {
      if (e.type === 'snapshot') seq = e.book.seq ?? 0;
      if (e.type === 'delta') {
        expect(e.seq).toBe(seq + 1);
        seq = e.seq;
      }
    }
    const trades = r.events.filter((e) => e.type === 'trade');
    expect(trades.length).toBeGreaterThan(0);
    for (const t of trades) if (t.type === 'trade') expect(TradeSchema.parse(t.trade)).toEqual(t.trade);
    expect(stream.stats.resyncs).toBe(0);
    r.off();
  });

  it('streams a multiple-choice answer from its pool and its orders', async () => {
    const stream = open();
    const marketId = `manifold:${multi.contractId}:${multi.answerId}`;
    const r = record(stream, marketId);
    await stream.subscribe([marketId], ['book']);
    expect(bookEvents(r)[0]?.type).toBe('snapshot');
    sim.stepBots(30, multi);
    await vi.waitFor(() => expect(r.events.filter((e) => e.type === 'delta').length).toBeGreaterThan(0), { timeout: 5_000 });
    await vi.waitFor(async () => expect(levels(r.local.toOrderBook({ source: 'stream' }))).toEqual(levels(await adapter.getOrderBook(`${multi.contractId}:${multi.answerId}`))), { timeout: 5_000 });
    r.off();
  });

  it('after a dropped connection: stale, resubscribed, a fresh snapshot with a higher seq, then deltas again', async () => {
    const stream = open();
    const marketId = `manifold:${contractId}`;
    const r = record(stream, marketId);
    await stream.subscribe([marketId], ['book']);
    const firstSeq = (bookEvents(r)[0] as Extract<StreamEvent, { type: 'snapshot' }>).book.seq as number;
    sim.faults.dropSockets();
    await vi.waitFor(() => expect(r.events.some((e) => e.type === 'status' && e.state === 'stale' && e.marketId === marketId)).toBe(true), { timeout: 3_000 });
    // Trades while disconnected are lost on the wire; the re-snapshot brings them back.
    sim.stepBots(10, { contractId });
    await vi.waitFor(() => expect(r.events.filter((e) => e.type === 'snapshot').length).toBe(2), { timeout: 5_000 });
    const again = r.events.filter((e) => e.type === 'snapshot')[1] as Extract<StreamEvent, { type: 'snapshot' }>;
    expect(again.book.seq).toBeGreaterThan(firstSeq);
    expect(stream.stats.reconnects).toBe(1);
    sim.stepBots(20, { contractId });
    await vi.waitFor(async () => expect(levels(r.local.toOrderBook({ source: 'stream' }))).toEqual(levels(await adapter.getOrderBook(contractId))), { timeout: 5_000 });
    r.off();
  });

  it('an unreadable frame makes every book stale and re-snapshots it', async () => {
    const stream = open();
    const marketId = `manifold:${contractId}`;
    const r = record(stream, marketId);
    await stream.subscribe([marketId], ['book']);
    sim.faults.malformedFrames(1);
    sim.stepBots(5, { contractId });
    await vi.waitFor(() => expect(r.events.filter((e) => e.type === 'snapshot').length).toBe(2), { timeout: 5_000 });
    expect(stream.stats.formatErrors).toBe(1);
    expect(r.events.some((e) => e.type === 'status' && e.state === 'stale' && e.reason === 'unreadable frame')).toBe(true);
    r.off();
  });

  it('a bet that does not fit the pool held (a missed update) triggers a resync', async () => {
    const stream = open();
    const marketId = `manifold:${contractId}`;
    const r = record(stream, marketId);
    await stream.subscribe([marketId], ['book']);
    const bet = { id: 'x1', userId: 'u', contractId, createdTime: Date.now(), amount: 5, shares: 9, outcome: 'YES', probBefore: 0.011, probAfter: 0.012, isRedemption: false, fills: [] };
    stream.handleFrame(JSON.stringify({ type: 'broadcast', topic: `contract/${contractId}/new-bet`, data: { bets: [bet] } }));
    await vi.waitFor(() => expect(r.events.filter((e) => e.type === 'snapshot').length).toBe(2), { timeout: 5_000 });
    expect(stream.stats.inconsistencies).toBe(1);
    r.off();
  });

  it('pings keep an idle connection open; unanswered pings make it reconnect', { timeout: 20_000 }, async () => {
    const stream = open();
    await stream.subscribe([`manifold:${contractId}`], ['book']);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    // The venue drops connections silent for longer than its idle timeout (1 s here).
    expect(sim.checkIdle()).toBe(0);
    expect(stream.stats.reconnects).toBe(0);
    sim.faults.missPings = true;
    await vi.waitFor(() => expect(stream.stats.reconnects).toBeGreaterThan(0), { timeout: 8_000 });
  });

  it('refuses an unknown market with NotFound and keeps nothing of it', async () => {
    const stream = open();
    await expect(stream.subscribe(['manifold:NO-SUCH-MARKET-xyz'], ['book'])).rejects.toBeInstanceOf(NotFound);
    expect(stream.book('manifold:NO-SUCH-MARKET-xyz')).toBeUndefined();
  });
});
