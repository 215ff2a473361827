import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BalanceSchema,
  Decimal,
  EventSchema,
  MarketSchema,
  MissingCredentials,
  NotFound,
  NotSupported,
  OrderBookSchema,
  OrderSchema,
  TradeSchema,
  formatId,
  parseId,
  type Market,
  type OrderBook,
} from '../../src/core/index.js';
import { ADAPTER_SPECIFICATION_VERSION, type Capabilities, type Page, type StreamEvent, type VenueAdapter } from '../../src/venue/adapter.js';
import { canUse } from '../../src/venue/define-adapter.js';
import { LocalBook } from '../../src/venue/local-book.js';

/**
 * The shared adapter contract: the same assertions against every adapter wired to its simulator.
 * Usage from an adapter's test file:
 *
 *   describeAdapterContract('kalshi', async () => {
 *     const sim = await startKalshiSim({ seed: 1 });
 *     const adapter = createKalshiAdapter({ baseUrl: sim.url, ... });
 *     return { adapter, teardown: async () => { await adapter.close(); await sim.close(); },
 *              trading: { marketNativeId: 'KX-1', buyPrice: '0.01', size: '1' } };
 *   });
 *
 * The simulator must list more markets than two pages of two, keep some open markets with books
 * and (when the adapter streams) send book updates.
 */
export interface AdapterContractContext {
  adapter: VenueAdapter;
  teardown(): Promise<void>;
  /** Present when the simulator has funded credentials: a market and a resting buy price far from the touch. */
  trading?: { marketNativeId: string; buyPrice: string; size: string };
}

const CAPABILITY_KEYS = [
  'listMarkets',
  'listEvents',
  'getMarket',
  'getEvent',
  'getOrderBook',
  'getOrderBooks',
  'listTrades',
  'stream',
  'placeOrder',
  'cancelOrder',
  'amendOrder',
  'getOrder',
  'listOrders',
  'listFills',
  'listPositions',
  'getBalances',
  'incrementalMarkets',
] as const satisfies readonly (keyof Capabilities)[];
// Compile-time check that the list above names every capability.
type MissingCapability = Exclude<keyof Capabilities, (typeof CAPABILITY_KEYS)[number]>;
const everyCapabilityListed: [MissingCapability] extends [never] ? true : false = true;

async function firstPages<T>(pages: AsyncIterable<Page<T>>, n: number): Promise<Page<T>[]> {
  const out: Page<T>[] = [];
  if (n <= 0) return out;
  for await (const p of pages) {
    out.push(p);
    if (out.length >= n) break;
  }
  return out;
}

/** Runs `fn` and returns what it threw or rejected with (iterating iterables, subscribing streams). */
async function failureOf(fn: () => unknown, venue: string): Promise<unknown> {
  try {
    const r = fn();
    if (r !== null && typeof r === 'object') {
      if (Symbol.asyncIterator in r) {
        for await (const _page of r as AsyncIterable<unknown>) break;
      } else if ('then' in r) {
        await (r as Promise<unknown>);
      } else if ('subscribe' in r) {
        const s = r as { subscribe(ids: string[]): Promise<void>; close(): Promise<void> };
        try {
          await s.subscribe([`${venue}:NO-SUCH-MARKET-xyz`]);
        } finally {
          await s.close();
        }
      }
    }
    return undefined;
  } catch (err) {
    return err;
  }
}

function onGrid(price: Decimal, market: Market): boolean {
  if (market.tickRanges.length === 0) return price.isMultipleOf(market.tickSize);
  return market.tickRanges.some(
    (r) => price.gte(r.start) && price.lte(r.end) && price.sub(r.start).isMultipleOf(r.step),
  );
}

function expectValidBook(book: OrderBook, market: Market): void {
  expect(OrderBookSchema.parse(book)).toEqual(book);
  expect(book.marketId).toBe(market.id);
  expect(book.venue).toBe(market.venue);
  const check = (levels: [string, string][], direction: 1 | -1): void => {
    for (let i = 0; i < levels.length; i++) {
      const [p, s] = levels[i] as [string, string];
      const price = Decimal.parse(p);
      expect(price.gt('0') && price.lt('1'), `price ${p} within (0,1)`).toBe(true);
      expect(onGrid(price, market), `price ${p} on the grid of ${market.id}`).toBe(true);
      expect(Decimal.parse(s).isPositive(), `size ${s} > 0`).toBe(true);
      if (i > 0) {
        const prev = Decimal.parse((levels[i - 1] as [string, string])[0]);
        expect(price.cmp(prev), `levels strictly ${direction > 0 ? 'ascending' : 'descending'}`).toBe(direction);
      }
    }
  };
  check(book.bids, -1);
  check(book.asks, 1);
  const bid = book.bids[0];
  const ask = book.asks[0];
  if (bid && ask) expect(Decimal.parse(bid[0]).lt(ask[0]), 'book not crossed').toBe(true);
}

async function waitUntil(cond: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}

export function describeAdapterContract(name: string, setup: () => Promise<AdapterContractContext>): void {
  describe(`${name}: VenueAdapter contract`, () => {
    let ctx: AdapterContractContext;
    let adapter: VenueAdapter;
    /** Open markets, the first with a non-empty book first. */
    let open: Market[] = [];

    beforeAll(async () => {
      ctx = await setup();
      adapter = ctx.adapter;
      const pages = await firstPages(adapter.listMarkets({ status: ['open'], pageSize: 20 }), 3);
      open = pages.flatMap((p) => p.items).filter((m) => m.status === 'open');
      // Put a market with levels first, so book and stream checks see real data.
      for (let i = 0; i < Math.min(open.length, 10); i++) {
        const m = open[i] as Market;
        const b = await adapter.getOrderBook(m.nativeId);
        if (b.bids.length > 0 && b.asks.length > 0) {
          open = [m, ...open.filter((x) => x !== m)];
          break;
        }
      }
    });

    afterAll(async () => {
      await ctx?.teardown();
    });

    it('has a capability map listing every key', () => {
      expect(everyCapabilityListed).toBe(true);
      expect(Object.keys(adapter.has).sort()).toEqual([...CAPABILITY_KEYS].sort());
      for (const key of CAPABILITY_KEYS) expect([true, false, 'emulated'], key).toContain(adapter.has[key]);
    });

    it('throws NotSupported from every method marked false', async () => {
      const v = adapter.venue;
      const order = { marketId: `${v}:NO-SUCH-MARKET-xyz`, side: 'buy' as const, outcome: 'yes' as const, price: '0.01', size: '1' };
      const calls: Record<Exclude<keyof Capabilities, 'incrementalMarkets'>, () => unknown> = {
        listMarkets: () => adapter.listMarkets(),
        listEvents: () => adapter.listEvents(),
        getMarket: () => adapter.getMarket('X'),
        getEvent: () => adapter.getEvent('X'),
        getOrderBook: () => adapter.getOrderBook('X'),
        getOrderBooks: () => adapter.getOrderBooks(['X']),
        listTrades: () => adapter.listTrades('X'),
        stream: () => adapter.stream(),
        placeOrder: () => adapter.placeOrder(order),
        cancelOrder: () => adapter.cancelOrder('X'),
        amendOrder: () => adapter.amendOrder('X', { price: '0.02' }),
        getOrder: () => adapter.getOrder('X'),
        listOrders: () => adapter.listOrders(),
        listFills: () => adapter.listFills(),
        listPositions: () => adapter.listPositions(),
        getBalances: () => adapter.getBalances(),
      };
      const unsupported = Object.entries(calls).filter(([k]) => adapter.has[k as keyof Capabilities] === false);
      for (const [key, call] of unsupported) {
        expect(await failureOf(call, v), `${key} is marked unsupported`).toBeInstanceOf(NotSupported);
      }
      // Without credentials, every method that needs them answers the one MissingCredentials error.
      if (!adapter.authenticated) {
        const credentialed = Object.entries(calls).filter(
          ([k]) => adapter.has[k as keyof Capabilities] !== false && adapter.requiresCredentials.includes(k as keyof Capabilities),
        );
        for (const [key, call] of credentialed) {
          expect(await failureOf(call, v), `${key} needs credentials`).toBeInstanceOf(MissingCredentials);
        }
      }
      expect(adapter.specificationVersion).toBe(ADAPTER_SPECIFICATION_VERSION);
      // The core read methods are never unsupported.
      expect(adapter.has.listMarkets).not.toBe(false);
      expect(adapter.has.getOrderBook).not.toBe(false);
    });

    it('lists schema-valid markets with unique venue:nativeId ids across pages', async () => {
      const pages = await firstPages(adapter.listMarkets({ pageSize: 2 }), 3);
      expect(pages.length).toBeGreaterThanOrEqual(2);
      const ids = new Set<string>();
      for (const [i, page] of pages.entries()) {
        expect(page.items.length).toBeGreaterThan(0);
        if (i < pages.length - 1) expect(page.nextCursor).not.toBeNull();
        for (const m of page.items) {
          const parsed = MarketSchema.parse(m);
          expect(parsed.venue).toBe(adapter.venue);
          expect(parsed.id).toBe(formatId(adapter.venue, parsed.nativeId));
          expect(parseId(parsed.id)).toEqual({ venue: adapter.venue, nativeId: parsed.nativeId });
          expect(ids.has(parsed.id), `duplicate ${parsed.id}`).toBe(false);
          ids.add(parsed.id);
        }
      }
    });

    it('resumes a market listing from a saved cursor with the following page', async () => {
      const [first, second] = await firstPages(adapter.listMarkets({ pageSize: 2 }), 2);
      expect(first?.nextCursor).toBeTruthy();
      const saved = first?.nextCursor ?? undefined;
      const [resumed] = await firstPages(adapter.listMarkets({ pageSize: 2, cursor: saved }), 1);
      expect(resumed?.items.map((m) => m.id)).toEqual(second?.items.map((m) => m.id));
    });

    it('getMarket agrees with the listing', async () => {
      const listed = open[0];
      expect(listed, 'the simulator lists open markets').toBeDefined();
      const m = await adapter.getMarket((listed as Market).nativeId);
      expect(MarketSchema.parse(m).id).toBe(listed?.id);
      expect(m.status).toBe(listed?.status);
    });

    it('getMarket of an unknown id rejects with NotFound', async () => {
      await expect(adapter.getMarket('NO-SUCH-MARKET-xyz')).rejects.toBeInstanceOf(NotFound);
    });

    it('getOrderBook returns a valid, uncrossed, on-grid book and honours depth', async () => {
      const market = open[0] as Market;
      const book = await adapter.getOrderBook(market.nativeId);
      expectValidBook(book, market);
      expect(book.bids.length + book.asks.length, 'the first open market has levels').toBeGreaterThan(0);
      const shallow = await adapter.getOrderBook(market.nativeId, { depth: 1 });
      expectValidBook(shallow, market);
      expect(shallow.bids.length).toBeLessThanOrEqual(1);
      expect(shallow.asks.length).toBeLessThanOrEqual(1);
    });

    it('getOrderBooks returns one book per id, in order', async () => {
      const markets = open.slice(0, 3);
      expect(markets.length).toBeGreaterThanOrEqual(2);
      const books = await adapter.getOrderBooks(
        [...markets].reverse().map((m) => m.nativeId),
        { depth: 5 },
      );
      expect(books.map((b) => b.marketId)).toEqual([...markets].reverse().map((m) => m.id));
      for (const [i, b] of books.entries()) {
        const m = [...markets].reverse()[i] as Market;
        expectValidBook(b, m);
        expect(b.bids.length).toBeLessThanOrEqual(5);
        expect(b.asks.length).toBeLessThanOrEqual(5);
      }
    });

    it('lists schema-valid events with unique ids; getEvent agrees', async () => {
      const pages = await firstPages(adapter.listEvents({ pageSize: 5 }), 2);
      const events = pages.flatMap((p) => p.items);
      expect(events.length).toBeGreaterThan(0);
      const ids = new Set<string>();
      for (const e of events) {
        const parsed = EventSchema.parse(e);
        expect(parsed.venue).toBe(adapter.venue);
        expect(parsed.id).toBe(formatId(adapter.venue, parsed.nativeId));
        for (const mid of parsed.marketIds) expect(parseId(mid).venue).toBe(adapter.venue);
        expect(ids.has(parsed.id)).toBe(false);
        ids.add(parsed.id);
      }
      if (adapter.has.getEvent !== false) {
        const first = events[0] as (typeof events)[number];
        expect((await adapter.getEvent(first.nativeId)).id).toBe(first.id);
      }
    });

    it('lists schema-valid trades of a market', async () => {
      const market = open[0] as Market;
      if (adapter.has.listTrades === false) {
        expect(await failureOf(() => adapter.listTrades(market.nativeId), adapter.venue)).toBeInstanceOf(NotSupported);
        return;
      }
      const [page] = await firstPages(adapter.listTrades(market.nativeId, { pageSize: 10 }), 1);
      for (const t of page?.items ?? []) {
        expect(TradeSchema.parse(t).marketId).toBe(market.id);
        expect(t.venue).toBe(adapter.venue);
      }
    });

    it('streams a snapshot first, then deltas with increasing seq that never cross the book', async () => {
      const market = open[0] as Market;
      if (adapter.has.stream === false) {
        expect(await failureOf(() => adapter.stream(), adapter.venue)).toBeInstanceOf(NotSupported);
        return;
      }
      if (!canUse(adapter, 'stream')) {
        expect(await failureOf(() => adapter.stream(), adapter.venue)).toBeInstanceOf(MissingCredentials);
        return;
      }
      const stream = adapter.stream();
      const bookEvents: StreamEvent[] = [];
      const off = stream.onEvent((e) => {
        if ((e.type === 'snapshot' && e.book.marketId === market.id) || (e.type === 'delta' && e.marketId === market.id)) {
          bookEvents.push(e);
        }
      });
      try {
        await stream.subscribe([market.id], ['book']);
        await waitUntil(() => bookEvents.length >= 6, 8_000);
        expect(bookEvents.length, 'at least a snapshot arrived').toBeGreaterThan(0);
        expect(bookEvents[0]?.type).toBe('snapshot');
        const local = new LocalBook(market.id, market.venue);
        let lastSeq = -Infinity;
        for (const e of bookEvents) {
          if (e.type === 'snapshot') {
            expectValidBook(e.book, market);
            local.applySnapshot(e.book.bids, e.book.asks, e.book.seq);
            lastSeq = e.book.seq ?? -Infinity;
          } else if (e.type === 'delta') {
            expect(e.seq, 'delta seq increases').toBeGreaterThan(lastSeq);
            lastSeq = e.seq;
            for (const c of e.changes) local.set(c.side, c.price, c.size);
            expect(local.isCrossed(), `book crossed after seq ${e.seq}`).toBe(false);
          }
        }
      } finally {
        off();
        await stream.close();
      }
    });

    it('trades: a resting post-only order is open, listed, cancelable; balances are valid', async () => {
      const t = ctx.trading;
      if (!t) {
        // Without funded credentials, order writes must be refused, not attempted.
        expect(adapter.authenticated).toBe(false);
        expect(adapter.requiresCredentials).toContain('placeOrder');
        const err = await failureOf(
          () => adapter.placeOrder({ marketId: `${adapter.venue}:${open[0]?.nativeId ?? 'X'}`, side: 'buy', outcome: 'yes', price: '0.01', size: '1' }),
          adapter.venue,
        );
        expect(err).toBeInstanceOf(MissingCredentials);
        return;
      }
      const marketId = formatId(adapter.venue, t.marketNativeId);
      const placed = await adapter.placeOrder({
        marketId,
        side: 'buy',
        outcome: 'yes',
        price: t.buyPrice,
        size: t.size,
        postOnly: true,
        timeInForce: 'gtc',
      });
      expect(OrderSchema.parse(placed).status).toBe('open');
      expect(placed.marketId).toBe(marketId);
      expect(Decimal.parse(placed.price).eq(t.buyPrice)).toBe(true);
      expect(Decimal.parse(placed.size).eq(t.size)).toBe(true);

      const listed = (await firstPages(adapter.listOrders({ marketId, status: 'open' }), 5)).flatMap((p) => p.items);
      expect(listed.map((o) => o.id)).toContain(placed.id);

      const fetched = await adapter.getOrder(placed.id);
      expect(OrderSchema.parse(fetched)).toMatchObject({ id: placed.id, status: 'open', marketId, side: 'buy', outcome: 'yes' });
      expect(Decimal.parse(fetched.price).eq(t.buyPrice)).toBe(true);

      const canceled = await adapter.cancelOrder(placed.id);
      expect(OrderSchema.parse(canceled).status).toBe('canceled');
      expect((await adapter.getOrder(placed.id)).status).toBe('canceled');

      const balances = await adapter.getBalances();
      expect(balances.length).toBeGreaterThan(0);
      for (const b of balances) {
        expect(BalanceSchema.parse(b).venue).toBe(adapter.venue);
        expect(Decimal.parse(b.total).gte(b.available)).toBe(true);
      }
    });
  });
}
