import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Decimal, NetworkError, type Level } from '../../src/core/index.js';
import { LocalBook, type StreamEvent } from '../../src/venue/index.js';
import { createPolymarketAdapter, type PolymarketAdapter } from './index.js';
import { startPolymarketSim, type PolymarketSim, type SimMarketInfo } from './sim/index.js';

/**
 * The Polymarket stream's plumbing against the simulator: a listener that throws must not keep any
 * other listener from receiving the same event (and is logged once per burst), subscriptions are
 * tracked per (market, channel), and `adapter.close()` closes every stream still open.
 */

const WAIT = { timeout: 10_000, interval: 20 };
const norm = (levels: Level[] | [string, string][]) => levels.map(([p, s]) => `${Decimal.parse(p).normalize()}@${Decimal.parse(s).normalize()}`);

describe('polymarket stream: listeners are isolated', () => {
  let sim: PolymarketSim;
  let adapter: PolymarketAdapter;
  let market: SimMarketInfo;
  let logged: { msg: string; venue?: string; event?: string }[];

  beforeAll(async () => {
    sim = await startPolymarketSim({ seed: 23, markets: 10, botRatePerSecond: 0 });
    logged = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString().split('\n')) if (line) logged.push(JSON.parse(line) as (typeof logged)[number]);
        done();
      },
    });
    adapter = createPolymarketAdapter({
      gammaUrl: sim.gammaUrl,
      clobUrl: sim.clobUrl,
      dataUrl: sim.dataUrl,
      wsMarketUrl: `${sim.wsUrl}/ws/market`,
      wsUserUrl: `${sim.wsUrl}/ws/user`,
      logger: pino({ level: 'warn' }, sink),
      stream: { snapshotTimeoutMs: 2_000, backoff: { baseMs: 20, maxMs: 200 } },
    });
    market = sim.markets().find((m) => !m.closed) as SimMarketInfo;
  });

  afterAll(async () => {
    await adapter?.close();
    await sim?.close();
  });

  it('a throwing listener does not stop the next listener from receiving the same snapshot and deltas', async () => {
    const marketId = `polymarket:${market.conditionId}`;
    const stream = adapter.stream();
    let thrown = 0;
    // Registered first, so it runs before the healthy listener on every event.
    stream.onEvent(() => {
      thrown += 1;
      throw new Error('listener bug');
    });
    const book = new LocalBook(marketId, 'polymarket');
    const received: StreamEvent[] = [];
    stream.onEvent((e) => {
      if (e.type === 'snapshot' && e.book.marketId === marketId) {
        book.applySnapshot(e.book.bids, e.book.asks, e.book.seq);
        received.push(e);
      } else if (e.type === 'delta' && e.marketId === marketId) {
        for (const c of e.changes) book.set(c.side, c.price, c.size);
        received.push(e);
      }
    });
    await stream.subscribe([marketId]);
    expect(received[0]?.type).toBe('snapshot');
    sim.stepBots(40);
    await vi.waitFor(() => {
      expect(received.some((e) => e.type === 'delta')).toBe(true);
      expect(norm(book.levels('bid'))).toEqual(norm(sim.book(market.yesTokenId).bids));
      expect(norm(book.levels('ask'))).toEqual(norm(sim.book(market.yesTokenId).asks));
    }, WAIT);
    // Every event reached the throwing listener too; it was logged once, naming the venue.
    expect(thrown).toBeGreaterThanOrEqual(received.length);
    const reports = logged.filter((l) => l.msg === 'stream listener threw');
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ venue: 'polymarket' });
    // The stream itself stayed healthy: no event was counted as a bad venue event.
    expect(logged.some((l) => l.msg === 'polymarket market channel: bad event')).toBe(false);
    await stream.close();
  });

  it('unsubscribing one channel keeps the other channels of the market streaming', async () => {
    const other = sim.markets().filter((m) => !m.closed)[1] as SimMarketInfo;
    const marketId = `polymarket:${other.conditionId}`;
    const stream = adapter.stream();
    const witness = adapter.stream();
    const counts = { deltas: 0, trades: 0, witnessTrades: 0 };
    stream.onEvent((e) => {
      if (e.type === 'delta' && e.marketId === marketId) counts.deltas += 1;
      if (e.type === 'trade' && e.trade.marketId === marketId) counts.trades += 1;
    });
    witness.onEvent((e) => {
      if (e.type === 'trade' && e.trade.marketId === marketId) counts.witnessTrades += 1;
    });
    await stream.subscribe([marketId], ['book', 'trades']);
    await witness.subscribe([marketId], ['trades']);
    await vi.waitFor(() => {
      sim.stepBots(10);
      expect(counts.trades).toBeGreaterThan(0);
      expect(counts.deltas).toBeGreaterThan(0);
    }, WAIT);
    await stream.unsubscribe([marketId], ['trades']);
    const at = { ...counts };
    await vi.waitFor(() => {
      sim.stepBots(10);
      // The venue kept trading (the witness saw it) and the book kept moving.
      expect(counts.witnessTrades).toBeGreaterThan(at.witnessTrades);
      expect(counts.deltas).toBeGreaterThan(at.deltas);
    }, WAIT);
    expect(counts.trades).toBe(at.trades);
    await Promise.all([stream.close(), witness.close()]);
  });

  it('adapter.close() closes every stream still open; a stream closed earlier is not touched again', async () => {
    const own = createPolymarketAdapter({
      gammaUrl: sim.gammaUrl,
      clobUrl: sim.clobUrl,
      dataUrl: sim.dataUrl,
      wsMarketUrl: `${sim.wsUrl}/ws/market`,
      stream: { backoff: { baseMs: 20, maxMs: 200 } },
    });
    const marketId = `polymarket:${market.conditionId}`;
    const open = own.stream();
    const early = own.stream();
    const seen = { open: [] as StreamEvent[], early: [] as StreamEvent[] };
    open.onEvent((e) => seen.open.push(e));
    early.onEvent((e) => seen.early.push(e));
    await open.subscribe([marketId], ['book']);
    await early.close();
    await own.close();
    const disconnected = (list: StreamEvent[]) => list.filter((e) => e.type === 'status' && e.state === 'disconnected');
    expect(disconnected(seen.open)).toHaveLength(1);
    expect(disconnected(seen.early)).toHaveLength(1);
    await expect(open.subscribe([marketId], ['book'])).rejects.toBeInstanceOf(NetworkError);
    expect(() => own.stream()).toThrow(NetworkError);
    // Nothing arrives after close.
    const count = seen.open.length;
    sim.stepBots(20);
    await expect(open.close()).resolves.toBeUndefined();
    expect(seen.open).toHaveLength(count);
  });
});
