import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../src/venue/adapter.js';
import { createKalshiAdapter } from './index.js';
import type { KalshiAdapter } from './index.js';
import { DEMO_KEY_ID, DEMO_PRIVATE_KEY_PATH, startKalshiSim } from './sim/index.js';
import type { KalshiSim } from './sim/index.js';
import { connectWs } from './sim/testkit.js';

/**
 * In 2026-02 the venue sent WS `ticker` and `trade` frames with the old integer fields next to
 * their fixed-point twins (recorded in `__fixtures__/legacy/ws-*-transitional-2026-02.ndjson`).
 * The simulator can send them so (`wsIntegerTwins`); the stream reads the twins and drops nothing.
 */

let sim: KalshiSim;
let adapter: KalshiAdapter;
let ticker: string;

beforeAll(async () => {
  sim = await startKalshiSim({ seed: 6, markets: 30, botRatePerSecond: 0, wsIntegerTwins: true });
  adapter = createKalshiAdapter({ baseUrl: sim.url, credentials: { keyId: DEMO_KEY_ID, privateKey: DEMO_PRIVATE_KEY_PATH } });
  ticker = sim.tickers().find((t) => sim.book(t).yes.length > 0 && sim.book(t).no.length > 0) as string;
});

afterAll(async () => {
  await adapter?.close();
  await sim?.close();
});

describe('kalshi stream: ticker and trade frames with integer twins', () => {
  it('the simulator sends both shapes, as recorded', async () => {
    const c = await connectWs(sim.wsUrl);
    c.send({ id: 1, cmd: 'subscribe', params: { channels: ['ticker', 'trade'], market_tickers: [ticker], send_initial_snapshot: true } });
    const tick = await c.waitFor((f) => f.type === 'ticker');
    expect(typeof tick.msg.price).toBe('number');
    expect(tick.msg.price).toBe(Math.round(Number(tick.msg.price_dollars) * 100));
    expect(tick.msg.yes_bid).toBe(Math.round(Number(tick.msg.yes_bid_dollars) * 100));
    sim.bots.step(60, ticker);
    const trade = await c.waitFor((f) => f.type === 'trade');
    expect(trade.msg.yes_price).toBe(Math.round(Number(trade.msg.yes_price_dollars) * 100));
    expect(trade.msg.count).toBe(Math.floor(Number(trade.msg.count_fp)));
    c.ws.close();
  });

  it('the adapter reads the fixed-point fields and emits every ticker and trade', async () => {
    const stream = adapter.stream();
    const events: StreamEvent[] = [];
    stream.onEvent((e) => events.push(e));
    try {
      await stream.subscribe([`kalshi:${ticker}`], ['ticker', 'trades']);
      await expect.poll(() => events.some((e) => e.type === 'ticker')).toBe(true);
      sim.bots.step(60, ticker);
      await expect.poll(() => events.filter((e) => e.type === 'trade').length).toBeGreaterThan(0);
      expect(stream.malformedFrames).toBe(0);
      const trade = events.find((e) => e.type === 'trade');
      if (trade?.type !== 'trade') throw new Error('no trade');
      expect(trade.trade.marketId).toBe(`kalshi:${ticker}`);
      expect(trade.trade.price).toMatch(/^0\.\d{1,2}$/);
    } finally {
      await stream.close();
    }
  });
});
