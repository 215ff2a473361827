import pino from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { MemoryBus, MemoryCache } from '../../cache/index.js';
import type { CatalogReader, ListPage } from '../../catalog/types.js';
import type { Market, OrderBook } from '../../core/index.js';
import { turnCounter } from '../../../test/support/turn-counter.js';
import { ManualClock } from '../../venue/index.js';
import type { OpportunityEvent } from '../evaluate/types.js';
import { T0, V0, V1, book, freeQuoter, market } from '../test-support.js';
import { LiveBookFeed, type LiveBooks } from './books.js';
import { ArbitrageService } from './service.js';

const A = `${V0}:FED-A`;
const B = `${V1}:FED-B`;
const common = { closeTime: '2026-12-16T19:00:00.000Z', expectedResolutionTime: '2026-12-16T19:00:00.000Z', category: 'Economics' };
const titled = (id: string, title: string) => market(id, { ...common, title, question: title });
const MARKETS = [
  titled(A, 'Will the upper bound of the federal funds rate be above 4.25% after the December 2026 meeting?'),
  titled(B, 'Fed upper bound above 4.25% after December 2026 FOMC meeting?'),
];

function catalogOf(list: Market[]): CatalogReader & { list: Market[] } {
  const c = {
    list,
    queryMarkets: (): ListPage<Market> => ({ data: c.list, nextCursor: null }),
    queryEvents: () => ({ data: [], nextCursor: null, total: 0 }),
    getMarket: (id: string) => c.list.find((m) => m.id === id),
    getEvent: () => undefined,
    status: () => undefined,
    statuses: () => [],
    isReady: () => true,
  };
  return c;
}

/** A live book service stand-in: holds, a channel per market on the bus, and the books it serves. */
function liveBooks(bus: MemoryBus) {
  const books = new Map<string, OrderBook>();
  const held = new Map<string, number>();
  const live: LiveBooks & { set(b: OrderBook): Promise<void>; stale(id: string): Promise<void>; held: Map<string, number> } = {
    held,
    acquire: async (id) => void held.set(id, (held.get(id) ?? 0) + 1),
    release: (id) => void held.set(id, (held.get(id) ?? 0) - 1),
    channel: (id) => `md:test:${id}`,
    live: (id) => books.get(id),
    async set(b) {
      books.set(b.marketId, b);
      await bus.publish(`md:test:${b.marketId}`, { t: 'delta', market: b.marketId });
    },
    async stale(id) {
      books.delete(id);
      await bus.publish(`md:test:${id}`, { t: 'stale', market: id, reason: 'gap' });
    },
  };
  return live;
}

async function setup(cache = new MemoryCache()) {
  const clock = new ManualClock(T0);
  const bus = new MemoryBus();
  const live = liveBooks(bus);
  const catalog = catalogOf([...MARKETS]);
  const logger = pino({ level: 'silent' });
  const service = new ArbitrageService({
    catalog,
    cache,
    quoters: () => freeQuoter,
    logger,
    clock,
    rescanIntervalMs: 0,
    refreshIntervalMs: 0,
    bookFeed: (sink) => new LiveBookFeed({ books: live, bus, sink, clock, logger }),
  });
  const events: OpportunityEvent[] = [];
  service.onEvent((e) => events.push(e));
  await service.start();
  return { service, live, catalog, events, cache, clock };
}

describe('ArbitrageService', () => {
  it('matches the catalog, holds the books of tradable pairs, and re-evaluates on each book event', async () => {
    const { service, live, events } = await setup();
    expect(service.matches().map((m) => [m.id, m.relation, m.tradable])).toEqual([[`${A}|${B}`, 'identical', true]]);
    expect([...live.held]).toEqual([[A, 1], [B, 1]]);

    await live.set(book(A, [], [['0.40', '10']]));
    await live.set(book(B, [['0.55', '10']], []));
    await vi.waitFor(() => expect(events.map((e) => e.type)).toEqual(['opened']));
    expect(service.opportunities()[0]).toMatchObject({ profit: '1.5', size: '10', actionable: true });

    await live.set(book(B, [['0.56', '10']], []));
    await vi.waitFor(() => expect(events.map((e) => e.type)).toEqual(['opened', 'updated']));
    expect(service.opportunities()[0]!.profit).toBe('1.6');

    // A stale book can no longer be traded on: the opportunity closes until a fresh book arrives.
    await live.stale(B);
    await vi.waitFor(() => expect(events.map((e) => e.type)).toEqual(['opened', 'updated', 'closed']));
    expect(events[2]!.reason).toBe(`no current book for ${B}`);
    expect(service.opportunities()).toEqual([]);
    await service.close();
    expect([...live.held]).toEqual([[A, 0], [B, 0]]);
  });

  it('gives the event loop turns while it matches a large catalog', async () => {
    const { service, catalog } = await setup();
    const topics = ['rate cut', 'election', 'bitcoin above 100k', 'storm landfall', 'gdp growth'];
    for (let i = 0; i < 300; i++) catalog.list.push(titled(`${i % 2 === 0 ? V0 : V1}:M-${i}`, `Will ${topics[i % topics.length]} happen by week ${i}?`));
    const turns = turnCounter();
    await service.scan();
    turns.stop();
    expect(service.status().markets).toBe(302);
    // 300 new markets to match: a turn after every 64 of them at least.
    expect(turns.now()).toBeGreaterThanOrEqual(4);
    await service.close();
  });

  it('drops a pair whose market left the catalog, and lets go of its books', async () => {
    const { service, live, catalog, events } = await setup();
    await live.set(book(A, [], [['0.40', '10']]));
    await live.set(book(B, [['0.55', '10']], []));
    await vi.waitFor(() => expect(events).toHaveLength(1));
    catalog.list = catalog.list.filter((m) => m.id !== B);
    await service.scan();
    expect(service.matches()).toEqual([]);
    expect(events.map((e) => [e.type, e.reason])).toEqual([['opened', null], ['closed', 'pair removed']]);
    expect([...live.held]).toEqual([[A, 0], [B, 0]]);
    await service.close();
  });

  it('applies a human decision at once and keeps it across a restart (the cache)', async () => {
    const cache = new MemoryCache();
    const first = await setup(cache);
    await first.live.set(book(A, [], [['0.40', '10']]));
    await first.live.set(book(B, [['0.55', '10']], []));
    await vi.waitFor(() => expect(first.events).toHaveLength(1));
    const { record } = await first.service.decide({ a: B, b: A, decision: 'reject', by: 'k1' });
    expect(record).toMatchObject({ tradable: false, decidedBy: 'override', override: { decision: 'reject', by: 'k1' } });
    expect(first.events.map((e) => e.type)).toEqual(['opened', 'closed']);
    await first.service.close();

    const second = await setup(cache);
    expect(second.service.matches()[0]).toMatchObject({ tradable: false, decidedBy: 'override' });
    expect([...second.live.held]).toEqual([]);
    await second.service.close();
  });
});
