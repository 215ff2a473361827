/**
 * A venue whose stream cannot be used: without Kalshi credentials (its WebSocket refuses anonymous
 * clients) the feed still serves Kalshi books, polled over REST and marked `source: "rest"`, next
 * to Polymarket's streamed books.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FeedClient, counts } from '../support/feed-client.js';
import { expectBooksMatch, pace } from './faulty-run.js';
import { openMarkets, simEnv, startFeedService, startSims, type ServiceHandle, type Sims } from './sim-harness.js';

let sims: Sims;
let handle: ServiceHandle;

beforeAll(async () => {
  sims = await startSims(5, 12);
  handle = await startFeedService({ ...simEnv(sims, { kalshiKey: false }), BOOKS_POLL_INTERVAL_MS: '250' });
}, 90_000);

afterAll(async () => {
  await handle?.service.close();
  await sims?.close();
});

describe('books of a venue without a usable stream', () => {
  it('are polled over REST, marked rest, and follow the venue', async () => {
    const kalshi = await openMarkets(handle.service, 'kalshi', 4);
    const polymarket = await openMarkets(handle.service, 'polymarket', 2);
    expect(kalshi).toHaveLength(4);
    const markets = [...kalshi, ...polymarket];
    const client = await FeedClient.connect(handle.wsUrl);
    await client.subscribe('book', markets);
    await client.subscribe('ticker', [kalshi[0]!]);
    await vi.waitFor(() => {
      for (const m of markets) expect(client.book(m)?.fresh, m).toBe(true);
    }, { timeout: 30_000 });
    for (const m of kalshi) expect(client.book(m)?.source).toBe('rest');
    for (const m of polymarket) expect(client.book(m)?.source).toBe('stream');

    for (let round = 0; round < 12; round++) {
      sims.step(40);
      await pace(100);
    }
    await expectBooksMatch(sims, [{ client, markets }]);
    expect(client.seqErrors).toEqual([]);
    expect(client.invalid).toEqual([]);
    const kalshiDeltas = kalshi.reduce((n, m) => n + (client.books.get(m)?.deltas ?? 0), 0);
    expect(kalshiDeltas, 'polled changes delivered as deltas').toBeGreaterThan(0);
    expect(counts(client).deltas).toBeGreaterThan(kalshiDeltas);

    // The polled market's ticker follows its book's best bid and ask.
    await vi.waitFor(() => {
      const last = client.of('ticker').filter((t) => t.market === kalshi[0]).at(-1);
      expect(last?.bestBid ?? null).toBe(sims.expected(kalshi[0]!).bids[0]?.[0] ?? null);
      expect(last?.bestAsk ?? null).toBe(sims.expected(kalshi[0]!).asks[0]?.[0] ?? null);
    }, { timeout: 10_000 });

    expect(handle.tallies.get('kalshi')!.streams, 'no Kalshi stream opened').toBe(0);
    expect(handle.service.books.stats().pollers).toEqual([expect.objectContaining({ venue: 'kalshi', markets: 4 })]);
    const rest = (await (await fetch(`${handle.service.url}/v1/markets/${kalshi[1]}/orderbook`)).json()) as { source: string; seq: number | null };
    expect(rest.source).toBe('rest');
    expect(rest.seq, 'the held book, not a one-off fetch').toBeGreaterThan(0);
    client.close();
  }, 120_000);
});
