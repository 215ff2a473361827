import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Decimal, type Level } from '../../src/core/index.js';
import { LocalBook, type StreamEvent, type VenueStream } from '../../src/venue/index.js';
import { createPolymarketAdapter, type PolymarketAdapter } from './index.js';
import { startPolymarketSim, type PolymarketSim, type SimMarketInfo } from './sim/index.js';

/** Stream integration against the simulator: books stay equal to the venue's through faults. */

const norm = (levels: Level[] | [string, string][]) => levels.map(([p, s]) => `${Decimal.parse(p).normalize()}@${Decimal.parse(s).normalize()}`);

const WAIT = { timeout: 10_000, interval: 20 };

interface Watch {
  book: LocalBook;
  events: StreamEvent[];
  snapshots: () => number;
  stale: () => StreamEvent[];
}

function watch(stream: VenueStream, marketId: string): Watch {
  const book = new LocalBook(marketId, 'polymarket');
  const events: StreamEvent[] = [];
  stream.onEvent((e) => {
    if (e.type === 'snapshot' && e.book.marketId === marketId) {
      book.applySnapshot(e.book.bids, e.book.asks, e.book.seq);
      events.push(e);
    } else if (e.type === 'delta' && e.marketId === marketId) {
      for (const c of e.changes) book.set(c.side, c.price, c.size);
      book.seq = e.seq;
      events.push(e);
    } else if (e.type === 'status' && e.marketId === marketId) {
      events.push(e);
    }
  });
  return {
    book,
    events,
    snapshots: () => events.filter((e) => e.type === 'snapshot').length,
    stale: () => events.filter((e) => e.type === 'status' && e.state === 'stale'),
  };
}

describe('polymarket market stream against the simulator', () => {
  let sim: PolymarketSim;
  let adapter: PolymarketAdapter;
  let market: SimMarketInfo;

  /** Throws until the watched book equals the venue's YES book. */
  const expectInSync = (w: Watch) => {
    const venue = sim.book(market.yesTokenId);
    expect(norm(w.book.levels('bid'))).toEqual(norm(venue.bids));
    expect(norm(w.book.levels('ask'))).toEqual(norm(venue.asks));
  };

  beforeAll(async () => {
    sim = await startPolymarketSim({ seed: 11, markets: 20, botRatePerSecond: 0 });
    adapter = createPolymarketAdapter({
      gammaUrl: sim.gammaUrl,
      clobUrl: sim.clobUrl,
      dataUrl: sim.dataUrl,
      wsMarketUrl: `${sim.wsUrl}/ws/market`,
      wsUserUrl: `${sim.wsUrl}/ws/user`,
      wallet: Wallet.createRandom(),
      stream: { snapshotTimeoutMs: 2_000, backoff: { baseMs: 20, maxMs: 200 } },
    });
    market = sim.markets().find((m) => !m.closed) as SimMarketInfo;
  });

  afterAll(async () => {
    await adapter?.close();
    await sim?.close();
  });

  it('starts with a snapshot and follows deltas to the venue book with increasing seq', async () => {
    const stream = adapter.stream();
    const w = watch(stream, `polymarket:${market.conditionId}`);
    await stream.subscribe([`polymarket:${market.conditionId}`]);
    expect(w.events[0]?.type).toBe('snapshot');
    sim.stepBots(60);
    await vi.waitFor(() => {
      expect(w.events.some((e) => e.type === 'delta')).toBe(true);
      expectInSync(w);
    }, WAIT);
    const seqs = w.events.flatMap((e) => (e.type === 'delta' ? [e.seq] : e.type === 'snapshot' ? [e.book.seq ?? 0] : []));
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect(w.stale()).toHaveLength(0);
    await stream.close();
  });

  it('marks the book stale on a dropped socket, re-snapshots, and ends equal to the venue', async () => {
    const stream = adapter.stream();
    const w = watch(stream, `polymarket:${market.conditionId}`);
    await stream.subscribe([`polymarket:${market.conditionId}`]);
    const before = w.snapshots();
    sim.faults.dropSockets();
    sim.stepBots(20); // changes while disconnected are lost on the wire
    await vi.waitFor(() => {
      expect(w.stale().length).toBeGreaterThan(0);
      expect(w.snapshots()).toBeGreaterThan(before);
    }, WAIT);
    expect(w.stale()[0]).toMatchObject({ type: 'status', state: 'stale', reason: 'reconnect' });
    sim.stepBots(30);
    await vi.waitFor(() => expectInSync(w), WAIT);
    await stream.close();
  });

  it('adds and removes markets on a live socket; trades come in YES terms', async () => {
    const [a, b] = sim.markets().filter((m) => !m.closed).slice(1, 3) as [SimMarketInfo, SimMarketInfo];
    const stream = adapter.stream();
    const seen = new Map<string, number>();
    const trades: StreamEvent[] = [];
    stream.onEvent((e) => {
      const id = e.type === 'snapshot' ? e.book.marketId : e.type === 'delta' ? e.marketId : undefined;
      if (id) seen.set(id, (seen.get(id) ?? 0) + 1);
      if (e.type === 'trade') trades.push(e);
    });
    await stream.subscribe([`polymarket:${a.conditionId}`]);
    await stream.subscribe([`polymarket:${b.conditionId}`]); // dynamic subscribe on the open socket
    expect(seen.get(`polymarket:${b.conditionId}`)).toBeGreaterThan(0);
    await stream.unsubscribe([`polymarket:${a.conditionId}`]);
    const frozen = seen.get(`polymarket:${a.conditionId}`);
    sim.stepBots(80);
    await vi.waitFor(() => expect(seen.get(`polymarket:${b.conditionId}`)).toBeGreaterThan(3), WAIT);
    expect(seen.get(`polymarket:${a.conditionId}`)).toBe(frozen);
    for (const t of trades) {
      if (t.type !== 'trade') continue;
      expect(t.trade.marketId).toBe(`polymarket:${b.conditionId}`);
      expect(Number(t.trade.price)).toBeGreaterThan(0);
      expect(Number(t.trade.price)).toBeLessThan(1);
    }
    await stream.close();
  });

  for (const mode of ['corrupt', 'skip'] as const) {
    it(`detects an injected inconsistent update (${mode}), resyncs from /book and ends equal to the venue`, async () => {
      const stream = adapter.stream();
      const w = watch(stream, `polymarket:${market.conditionId}`);
      await stream.subscribe([`polymarket:${market.conditionId}`]);
      const before = w.snapshots();
      sim.faults.inconsistentBookUpdate(mode, 1);
      // Bot actions until one of them carries the injected fault and the stream notices.
      await vi.waitFor(() => {
        if (w.stale().length === 0) sim.stepBots(5);
        expect(w.stale().length).toBeGreaterThan(0);
      }, WAIT);
      await vi.waitFor(() => expect(w.snapshots()).toBeGreaterThan(before), WAIT);
      const stale = w.stale()[0];
      expect(stale).toMatchObject({ type: 'status', state: 'stale' });
      expect(stale?.type === 'status' ? stale.reason : '').toMatch(/hash|best (bid|ask)|crossed/);
      // The stale notice precedes the fresh snapshot.
      const staleAt = w.events.indexOf(stale as StreamEvent);
      expect(w.events.slice(staleAt).some((e) => e.type === 'snapshot')).toBe(true);
      sim.stepBots(20);
      await vi.waitFor(() => expectInSync(w), WAIT);
      await stream.close();
    });
  }
});
