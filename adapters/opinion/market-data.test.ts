import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadRequest, Decimal, NotFound, type Event, type Market } from '../../src/core/index.js';
import { createOpinionAdapter, type OpinionAdapter } from './adapter.js';
import { startOpinionSim, type OpinionSim } from './sim/index.js';
import { startTestProxy, type TestProxy } from './test-proxy.js';

/**
 * The read side against the simulator (docs/venues/opinion.md §4, §5): the `/market` walk in pages
 * of at most 20 rows with categorical options as markets of their parent's event, resumable
 * cursors, status filters, events, markets by id (an option keeps its event once listed), and books
 * from both tokens.
 */
describe('Opinion market data against the simulator', () => {
  let sim: OpinionSim;
  let proxy: TestProxy;
  let adapter: OpinionAdapter;
  let all: Market[];

  beforeAll(async () => {
    sim = await startOpinionSim({ seed: 61, markets: 45, botRatePerSecond: 0, enforceRateLimits: false });
    proxy = await startTestProxy(sim.restUrl);
    adapter = createOpinionAdapter({ restUrl: proxy.url });
    all = [];
    for await (const page of adapter.listMarkets()) all.push(...page.items);
  });
  afterAll(async () => {
    await adapter.close();
    await proxy.close();
    await sim.close();
  });

  it('walks every market once, in pages of at most 20 rows, asking for all types newest first', () => {
    expect(all.map((m) => m.nativeId).sort()).toEqual(sim.markets().map((m) => String(m.marketId)).sort());
    const listCalls = proxy.requests.filter((r) => r.path.startsWith('/openapi/market?'));
    for (const r of listCalls) {
      const q = new URL(r.path, 'http://x').searchParams;
      expect(q.get('limit')).toBe('20');
      expect(q.get('marketType')).toBe('2');
      expect(q.get('sortBy')).toBe('1');
    }
  });

  it('maps categorical options to binary markets of the parent event; events are not exclusive by default', async () => {
    const parent = sim.parents()[0]!;
    const options = all.filter((m) => m.eventId === `opinion:${parent.marketId}`);
    expect(options.map((m) => m.nativeId).sort()).toEqual(parent.childIds.map(String).sort());
    for (const m of options) {
      expect(m.title.startsWith(`${parent.title} — `)).toBe(true);
      expect(m.extra['rootMarketId']).toBe(parent.marketId);
      expect(m.currency).toBe('USDT');
      expect(m.tickSize).toBe('0.001');
    }
    const event = await adapter.getEvent(String(parent.marketId));
    expect(event).toMatchObject({ id: `opinion:${parent.marketId}`, mutuallyExclusive: false, marketIds: parent.childIds.map((id) => `opinion:${id}`) });
    // Listed options keep their event when fetched alone (the venue's own detail names no parent).
    const child = await adapter.getMarket(String(parent.childIds[0]));
    expect(child.eventId).toBe(`opinion:${parent.marketId}`);
    // The parent itself is an event, not a market.
    await expect(adapter.getMarket(String(parent.marketId))).rejects.toBeInstanceOf(NotFound);
    await expect(adapter.getMarket('abc')).rejects.toBeInstanceOf(NotFound);
  });

  it('a fresh adapter maps an option fetched by id alone without its event, then with it once listed', async () => {
    const fresh = createOpinionAdapter({ restUrl: sim.restUrl });
    try {
      const parent = sim.parents()[0]!;
      const alone = await fresh.getMarket(String(parent.childIds[0]));
      expect(alone.eventId).toBeNull();
      await fresh.getEvent(String(parent.marketId));
      expect((await fresh.getMarket(String(parent.childIds[0]))).eventId).toBe(`opinion:${parent.marketId}`);
    } finally {
      await fresh.close();
    }
  });

  it('lists events (categorical parents) page by page', async () => {
    const events: Event[] = [];
    for await (const page of adapter.listEvents({ pageSize: 2 })) events.push(...page.items);
    expect(events.map((e) => e.nativeId).sort()).toEqual(sim.parents().map((p) => String(p.marketId)).sort());
  });

  it('resumes from a cursor with its page size, and refuses a malformed one', async () => {
    const pages = [];
    for await (const page of adapter.listMarkets({ pageSize: 3 })) {
      pages.push(page);
      if (pages.length === 2) break;
    }
    expect(pages[0]!.nextCursor).toBe('2:3');
    const resumed = [];
    for await (const page of adapter.listMarkets({ cursor: '2:3', pageSize: 20 })) {
      resumed.push(page);
      break;
    }
    expect(resumed[0]!.items.map((m) => m.id)).toEqual(pages[1]!.items.map((m) => m.id));
    const bad = adapter.listMarkets({ cursor: 'x' })[Symbol.asyncIterator]();
    await expect(bad.next()).rejects.toBeInstanceOf(BadRequest);
  });

  it('filters by status, with the venue filter where it applies', async () => {
    const open: Market[] = [];
    for await (const page of adapter.listMarkets({ status: ['open'] })) open.push(...page.items);
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((m) => m.status === 'open')).toBe(true);
    expect(proxy.requests.some((r) => r.path.includes('status=activated'))).toBe(true);
    const resolved: Market[] = [];
    for await (const page of adapter.listMarkets({ status: ['resolved'] })) resolved.push(...page.items);
    expect(resolved.every((m) => m.status === 'resolved' && (m.result === 'yes' || m.result === 'no'))).toBe(true);
    expect(resolved.length + open.length).toBeLessThanOrEqual(all.length);
  });

  it('builds the YES-terms book from both token books and finds the NO book mirrored', async () => {
    const m = sim.markets().find((x) => x.status === 2)!;
    const book = await adapter.getOrderBook(String(m.marketId), { depth: 3 });
    const venue = sim.book(m.yesTokenId);
    expect(book.bids).toEqual(venue.bids.slice(0, 3));
    expect(book.asks).toEqual(venue.asks.slice(0, 3));
    const tokens = proxy.requests.filter((r) => r.path.startsWith('/openapi/token/orderbook')).slice(-2).map((r) => new URL(r.path, 'http://x').searchParams.get('token_id'));
    expect(tokens.sort()).toEqual([m.yesTokenId, m.noTokenId].sort());
    expect(adapter.opinion.bookStats().mirrorMismatches).toBe(0);
  });

  it('counts every order twice under the independent assumption on a mirroring venue (why mirrored is the default)', async () => {
    const m = sim.markets().find((x) => x.status === 2)!;
    const independent = createOpinionAdapter({ restUrl: sim.restUrl, bookAssumption: 'independent' });
    try {
      const book = await independent.getOrderBook(String(m.marketId), { depth: 1 });
      const [price, size] = sim.book(m.yesTokenId).bids[0]!;
      expect(book.bids[0]).toEqual([price, Decimal.parse(size).mul('2').normalize().toString()]);
    } finally {
      await independent.close();
    }
  });

  it('reads the last price and the price history in YES terms', async () => {
    const m = sim.markets().find((x) => x.status === 2)!;
    expect(await adapter.opinion.getLastPrice(String(m.marketId))).toBeNull();
    const history = await adapter.opinion.getPriceHistory(String(m.marketId), { interval: '1h' });
    expect(history.length).toBeGreaterThan(0);
    expect(history.map((p) => p.t)).toEqual([...history.map((p) => p.t)].sort());
  });
});
