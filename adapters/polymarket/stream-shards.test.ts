import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { collectAll, type StreamEvent } from '../../src/venue/index.js';
import { createPolymarketAdapter, type PolymarketAdapter } from './index.js';
import { startPolymarketSim, type PolymarketSim } from './sim/index.js';
import type { PolymarketStream } from './stream.js';

/**
 * At most 500 assets per market-channel socket (docs/venues/polymarket.md §7.1): 260 markets (520
 * token ids) need two sockets, and every market gets its snapshot from the venue's dump.
 */

describe('polymarket market channel beyond 500 assets', () => {
  let sim: PolymarketSim;
  let adapter: PolymarketAdapter;

  beforeAll(async () => {
    sim = await startPolymarketSim({ seed: 17, markets: 320, botRatePerSecond: 0 });
    adapter = createPolymarketAdapter({
      gammaUrl: sim.gammaUrl,
      clobUrl: sim.clobUrl,
      dataUrl: sim.dataUrl,
      wsMarketUrl: `${sim.wsUrl}/ws/market`,
      // Long enough that a missing venue snapshot shows as a timeout, not as a REST fallback.
      stream: { snapshotTimeoutMs: 60_000 },
    });
  });

  afterAll(async () => {
    await adapter?.close();
    await sim?.close();
  });

  it('shards 520 assets over two sockets of at most 500, each market snapshotted by the venue', async () => {
    // The listing primes the market facts (tokens) the stream needs.
    const open = (await collectAll(adapter.listMarkets({ status: ['open'] }))).slice(0, 260);
    expect(open).toHaveLength(260);
    const stream = adapter.stream() as PolymarketStream;
    const snapshots = new Set<string>();
    stream.onEvent((e: StreamEvent) => {
      if (e.type === 'snapshot' && e.book.source === 'stream') snapshots.add(e.book.marketId);
    });
    try {
      await stream.subscribe(open.map((m) => m.id), ['book']);
      expect(snapshots.size).toBe(260);
      expect(stream.market.stats.resyncs).toBe(0);
      expect(stream.market.socketCount).toBe(2);
      await vi.waitFor(() => expect([...sim.marketConnections()].sort((a, b) => b - a)).toEqual([500, 20]));
      // Leaving markets frees their assets on their own socket.
      await stream.unsubscribe(open.slice(0, 10).map((m) => m.id), ['book']);
      await vi.waitFor(() => expect(sim.marketConnections().reduce((a, b) => a + b, 0)).toBe(500));
    } finally {
      await stream.close();
    }
  });
});
