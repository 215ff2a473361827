import { Writable } from 'node:stream';
import { Wallet } from 'ethers';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Decimal, type Level } from '../../src/core/index.js';
import { LocalBook, type StreamEvent } from '../../src/venue/index.js';
import { createPolymarketAdapter, type PolymarketAdapter } from './index.js';
import { startPolymarketSim, type PolymarketSim, type SimMarketInfo } from './sim/index.js';

/**
 * Listener isolation of the Polymarket stream against the simulator: a listener that throws must
 * not keep any other listener from receiving the same event, and is logged once per burst.
 */

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
    await vi.waitFor(
      () => {
        expect(received.some((e) => e.type === 'delta')).toBe(true);
        expect(norm(book.levels('bid'))).toEqual(norm(sim.book(market.yesTokenId).bids));
        expect(norm(book.levels('ask'))).toEqual(norm(sim.book(market.yesTokenId).asks));
      },
      { timeout: 10_000, interval: 20 },
    );
    // Every event reached the throwing listener too; it was logged once, naming the venue.
    expect(thrown).toBeGreaterThanOrEqual(received.length);
    const reports = logged.filter((l) => l.msg === 'stream listener threw');
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ venue: 'polymarket' });
    // The stream itself stayed healthy: no event was counted as a bad venue event.
    expect(logged.some((l) => l.msg === 'polymarket market channel: bad event')).toBe(false);
    await stream.close();
  });
});
