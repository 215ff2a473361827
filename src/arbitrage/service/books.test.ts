import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { MemoryBus } from '../../cache/index.js';
import type { OrderBook } from '../../core/index.js';
import type { MarketDataMessage } from '../../books/messages.js';
import { ManualClock } from '../../venue/index.js';
import { LiveBookFeed, type LiveBooks } from './books.js';

const A = 'kalshi:A';
const at = '2026-05-01T00:00:00.000Z';

describe('LiveBookFeed', () => {
  it('serves a market another instance holds from its bus mirror, and asks for a snapshot after a lost update', async () => {
    const bus = new MemoryBus();
    const requests: string[] = [];
    // A source that holds nothing here: `live()` never answers, the data only arrives on the bus.
    const books: LiveBooks = {
      acquire: () => Promise.resolve(),
      release: () => undefined,
      channel: (id) => `md:all:${id}`,
      live: () => undefined,
      requestSnapshot: (id) => requests.push(id),
    };
    const updates: OrderBook[] = [];
    const gone: string[] = [];
    const feed = new LiveBookFeed({
      books,
      bus,
      clock: new ManualClock(Date.parse(at)),
      logger: pino({ level: 'silent' }),
      sink: { update: (b) => updates.push(b), gone: (_id, reason) => gone.push(reason) },
    });
    await feed.watch([A]);
    expect(requests, 'asked the holder for its book').toEqual([A]);
    const send = (m: MarketDataMessage) => bus.publish(books.channel(A), m);
    await send({ t: 'snapshot', market: A, venue: 'kalshi', gen: 'g1', seq: 1, source: 'stream', bids: [['0.4', '10']], asks: [['0.6', '5']], venueTimestamp: null, receivedAt: at });
    await send({ t: 'delta', market: A, gen: 'g1', seq: 2, bids: [['0.41', '3']], asks: [], venueTimestamp: null, receivedAt: at });
    expect(updates.map((b) => [b.bids, b.asks])).toEqual([
      [[['0.4', '10']], [['0.6', '5']]],
      [[['0.41', '3'], ['0.4', '10']], [['0.6', '5']]],
    ]);
    // seq 3 lost: the mirror is not patched over the gap, and a snapshot is asked for.
    await send({ t: 'delta', market: A, gen: 'g1', seq: 4, bids: [['0.42', '1']], asks: [], venueTimestamp: null, receivedAt: at });
    expect(updates).toHaveLength(2);
    expect(requests).toEqual([A, A]);
    await send({ t: 'snapshot', market: A, venue: 'kalshi', gen: 'g1', seq: 4, source: 'stream', bids: [['0.42', '1']], asks: [], venueTimestamp: null, receivedAt: at });
    expect(updates.at(-1)!.bids).toEqual([['0.42', '1']]);
    await feed.close();
  });
});
