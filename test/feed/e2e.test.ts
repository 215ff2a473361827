/**
 * Live books and the feed end to end, on the in-process bus: the service built from configuration
 * against the Kalshi and Polymarket simulators, real WebSocket clients on `/v1/ws`.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FeedClient } from '../support/feed-client.js';
import { chooseMarkets, expectBooksMatch, faultyRun, pace } from './faulty-run.js';
import { simEnv, startFeedService, startSims, type ServiceHandle, type Sims } from './sim-harness.js';

const SEND_BUFFER = 65_536;

let sims: Sims;
let handle: ServiceHandle;

beforeAll(async () => {
  sims = await startSims(7, 16);
  handle = await startFeedService({
    ...simEnv(sims),
    BOOKS_STALE_RESUBSCRIBE_MS: '600000',
    FEED_SEND_BUFFER_BYTES: String(SEND_BUFFER),
    FEED_SLOW_CLIENT_TIMEOUT_MS: '5000',
    FEED_MAX_MESSAGES_PER_SECOND: '1000',
  });
}, 90_000);

afterAll(async () => {
  await handle?.service.close();
  await sims?.close();
});

describe('the feed against the simulators', () => {
  it('keeps every client’s books equal to the venues’ through gaps and dropped sockets, without seq gaps, on one upstream subscription per market', async () => {
    await faultyRun(sims, [handle], { clients: 6, rounds: 16 });
  }, 120_000);

  it('conflates a slow client’s updates into fresh snapshots with bounded memory, and closes one that stays too slow', async () => {
    const markets = await chooseMarkets(handle, 8);
    const slow = await FeedClient.connect(handle.wsUrl);
    const hopeless = await FeedClient.connect(handle.wsUrl);
    const ids: string[] = [];
    for (const c of [slow, hopeless]) {
      const welcome = await c.waitFor((m) => m.type === 'welcome');
      ids.push((welcome as { connection: string }).connection);
      await c.subscribe('book', markets);
    }
    await vi.waitFor(() => {
      for (const c of [slow, hopeless]) for (const m of markets) expect(c.book(m)?.fresh).toBe(true);
    }, { timeout: 30_000 });
    const conn = (id: string) => handle.service.feed.connections().find((c) => c.id === id);
    const [slowId, hopelessId] = ids as [string, string];
    const before = { ...conn(slowId)!.sent };

    // Both stop reading; resync requests make the server write whole books until their buffers fill.
    for (const c of [slow, hopeless]) (c.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    let maxBuffered = 0;
    let maxPending = 0;
    const sample = () => {
      for (const id of ids) {
        const c = conn(id);
        if (!c) continue;
        maxBuffered = Math.max(maxBuffered, c.buffered);
        maxPending = Math.max(maxPending, c.pending.dirtyBooks);
      }
    };
    for (let i = 0; i < 2_000 && !(conn(slowId)?.congested && conn(slowId)!.sent.conflated > 0); i++) {
      for (let k = 0; k < 5; k++) for (const c of [slow, hopeless]) c.send({ op: 'resync', markets });
      sims.step(10);
      sample();
      await pace(5);
    }
    expect(conn(slowId)?.congested, 'the slow client is congested').toBe(true);
    // Updates keep coming while it does not read: what is held for it stays bounded.
    for (let i = 0; i < 20; i++) {
      sims.step(20);
      sample();
      await pace(10);
    }
    sample();
    const slowStats = conn(slowId);
    expect(slowStats, 'the slow client is still connected').toBeDefined();
    expect(slowStats!.sent.conflated - before.conflated, 'book updates folded').toBeGreaterThan(0);
    expect(maxPending).toBeLessThanOrEqual(markets.length);
    // Book data stops at the buffer limit (plus the message that crossed it); answers at four times it.
    expect(maxBuffered).toBeLessThanOrEqual(4 * SEND_BUFFER + 4_096);

    // The slow client reads again: it gets fresh snapshots in place of what it missed, with no seq gap.
    (slow.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    await expectBooksMatch(sims, [{ client: slow, markets }]);
    expect(conn(slowId)!.sent.conflatedSnapshots, 'snapshots sent in place of withheld updates').toBeGreaterThan(0);
    expect(slow.seqErrors).toEqual([]);
    expect(slow.invalid).toEqual([]);

    // The one that never reads again is closed.
    await vi.waitFor(() => expect(conn(hopelessId)).toBeUndefined(), { timeout: 20_000 });
    expect(handle.service.feed.stats().slowClosed).toBeGreaterThanOrEqual(1);
    slow.close();
    hopeless.ws.terminate();
  }, 120_000);

  it('serves the live book on the REST route while it is held, marked with its source and seq', async () => {
    const [market] = await chooseMarkets(handle, 4);
    const client = await FeedClient.connect(handle.wsUrl);
    await client.subscribe('book', [market!]);
    await vi.waitFor(() => expect(client.book(market!)?.fresh).toBe(true), { timeout: 20_000 });
    await vi.waitFor(async () => {
      const book = (await (await fetch(`${handle.service.url}/v1/markets/${market}/orderbook`)).json()) as { source: string; seq: number; bids: unknown };
      expect(book.source).toBe('stream');
      expect(book.seq).toBeGreaterThan(0);
      expect(book.bids).toEqual(sims.expected(market!).bids);
    });
    client.close();
  }, 60_000);
});
