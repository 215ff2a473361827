/** Adapter contract: capabilities and market data (listings, markets, events, books, trades, sync). */
import { expect, it } from 'vitest';
import { Decimal, MissingCredentials, NotFound, NotSupported, formatId, isCanonicalDecimal, parseId, type Market, type Trade } from '../../src/core/index.js';
import { ADAPTER_SPECIFICATION_VERSION, type Capabilities } from '../../src/venue/adapter.js';
import { expectCanonicalBook, expectCanonicalEvent, expectCanonicalMarket, expectCanonicalTrade } from './canonical.js';
import { CAPABILITY_KEYS, collectAll, everyCapabilityListed, failureOf, firstPages, type ContractRun } from './contract-util.js';

export function readCases(run: () => ContractRun): void {
  it('has a capability map listing every key', () => {
    const { adapter } = run();
    expect(everyCapabilityListed).toBe(true);
    expect(Object.keys(adapter.has).sort()).toEqual([...CAPABILITY_KEYS].sort());
    for (const key of CAPABILITY_KEYS) expect([true, false, 'emulated'], key).toContain(adapter.has[key]);
  });

  it('throws NotSupported from every method marked false', async () => {
    const { adapter } = run();
    const v = adapter.venue;
    const order = { marketId: `${v}:NO-SUCH-MARKET-xyz`, side: 'buy' as const, outcome: 'yes' as const, price: '0.01', size: '1' };
    const calls: Record<Exclude<keyof Capabilities, 'incrementalMarkets' | 'incrementalQuotes'>, () => unknown> = {
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

  it('lists canonical markets with unique venue:nativeId ids across pages', async () => {
    const { adapter } = run();
    const pages = await firstPages(adapter.listMarkets({ pageSize: 2 }), 3);
    expect(pages.length).toBeGreaterThanOrEqual(2);
    const ids = new Set<string>();
    for (const [i, page] of pages.entries()) {
      expect(page.items.length).toBeGreaterThan(0);
      if (i < pages.length - 1) expect(page.nextCursor).not.toBeNull();
      for (const m of page.items) {
        expectCanonicalMarket(m);
        expect(m.venue).toBe(adapter.venue);
        expect(m.id).toBe(formatId(adapter.venue, m.nativeId));
        expect(parseId(m.id)).toEqual({ venue: adapter.venue, nativeId: m.nativeId });
        expect(ids.has(m.id), `duplicate ${m.id}`).toBe(false);
        ids.add(m.id);
      }
    }
    for (const m of run().open) expectCanonicalMarket(m);
  });

  it('resumes a market listing from a saved cursor with the following page', async () => {
    const { adapter } = run();
    const [first, second] = await firstPages(adapter.listMarkets({ pageSize: 2 }), 2);
    expect(first?.nextCursor).toBeTruthy();
    const saved = first?.nextCursor ?? undefined;
    const [resumed] = await firstPages(adapter.listMarkets({ pageSize: 2, cursor: saved }), 1);
    expect(resumed?.items.map((m) => m.id)).toEqual(second?.items.map((m) => m.id));
  });

  it('getMarket agrees with the listing', async () => {
    const { adapter, open } = run();
    const listed = open[0];
    expect(listed, 'the venue lists open markets').toBeDefined();
    const m = await adapter.getMarket((listed as Market).nativeId);
    expectCanonicalMarket(m);
    expect(m.id).toBe(listed?.id);
    expect(m.status).toBe(listed?.status);
    expect(m.tickSize).toBe(listed?.tickSize);
  });

  it('quotes order fees in the market currency as canonical, non-negative amounts, monotone in size', () => {
    const { adapter, open } = run();
    if (!adapter.quoteFee) return; // optional: arbitrage then treats the venue's fees as unknown
    let quoted = 0;
    for (const market of open.slice(0, 10)) {
      const price = market.bestAsk ?? '0.5';
      const one = adapter.quoteFee({ market, outcome: 'yes', side: 'buy', liquidity: 'taker', fills: [[price, '1']] });
      if (one === null) continue;
      quoted += 1;
      const ten = adapter.quoteFee({ market, outcome: 'yes', side: 'buy', liquidity: 'taker', fills: [[price, '10']] });
      expect(ten, `${market.id} quotes 10 contracts when it quotes 1`).not.toBeNull();
      for (const q of [one, ten!]) {
        expect(q.currency).toBe(market.currency);
        expect(isCanonicalDecimal(q.fee), `${market.id} fee ${q.fee}`).toBe(true);
        expect(Decimal.parse(q.fee).isNegative()).toBe(false);
        expect(q.basis.length).toBeGreaterThan(0);
      }
      expect(Decimal.parse(ten!.fee).gte(one.fee), `${market.id}: 10 contracts cost at least the fee of 1`).toBe(true);
    }
    expect(quoted, 'quoteFee knows the fee of at least one open market').toBeGreaterThan(0);
  });

  it('getMarket and getOrderBook of an unknown id reject with NotFound', async () => {
    const { adapter } = run();
    await expect(adapter.getMarket('NO-SUCH-MARKET-xyz')).rejects.toBeInstanceOf(NotFound);
    await expect(adapter.getOrderBook('NO-SUCH-MARKET-xyz')).rejects.toBeInstanceOf(NotFound);
  });

  it('getOrderBook returns a canonical, uncrossed, on-grid book and honours depth', async () => {
    const { adapter, open } = run();
    const market = open[0] as Market;
    const book = await adapter.getOrderBook(market.nativeId);
    expectCanonicalBook(book, market);
    expect(book.bids.length + book.asks.length, 'the first open market has levels').toBeGreaterThan(0);
    // A REST book is the venue's own (`rest`) unless the adapter builds it (`emulated`), and `has` says which.
    expect(book.source).toBe(adapter.has.getOrderBook === 'emulated' ? 'emulated' : 'rest');
    const shallow = await adapter.getOrderBook(market.nativeId, { depth: 1 });
    expectCanonicalBook(shallow, market);
    expect(shallow.bids.length).toBeLessThanOrEqual(1);
    expect(shallow.asks.length).toBeLessThanOrEqual(1);
  });

  it('getOrderBooks returns one canonical book per id, in order', async () => {
    const { adapter, open } = run();
    const markets = open.slice(0, 3).reverse();
    expect(markets.length).toBeGreaterThanOrEqual(2);
    const books = await adapter.getOrderBooks(markets.map((m) => m.nativeId), { depth: 5 });
    expect(books.map((b) => b.marketId)).toEqual(markets.map((m) => m.id));
    for (const [i, b] of books.entries()) {
      expectCanonicalBook(b, markets[i] as Market);
      expect(b.bids.length).toBeLessThanOrEqual(5);
      expect(b.asks.length).toBeLessThanOrEqual(5);
    }
  });

  it('lists canonical events with unique ids; getEvent agrees', async () => {
    const { adapter } = run();
    if (adapter.has.listEvents === false) {
      expect(await failureOf(() => adapter.listEvents(), adapter.venue)).toBeInstanceOf(NotSupported);
      return;
    }
    const pages = await firstPages(adapter.listEvents({ pageSize: 5 }), 2);
    const events = pages.flatMap((p) => p.items);
    expect(events.length).toBeGreaterThan(0);
    const ids = new Set<string>();
    for (const e of events) {
      expectCanonicalEvent(e);
      expect(e.venue).toBe(adapter.venue);
      expect(e.id).toBe(formatId(adapter.venue, e.nativeId));
      for (const mid of e.marketIds) expect(parseId(mid).venue).toBe(adapter.venue);
      expect(ids.has(e.id)).toBe(false);
      ids.add(e.id);
    }
    if (adapter.has.getEvent !== false) {
      const first = events[0] as (typeof events)[number];
      const fetched = await adapter.getEvent(first.nativeId);
      expectCanonicalEvent(fetched);
      expect(fetched.id).toBe(first.id);
    }
  });

  it('lists canonical, on-grid trades of a market', async () => {
    const { adapter, open, ctx } = run();
    const market = open[0] as Market;
    if (adapter.has.listTrades === false) {
      expect(await failureOf(() => adapter.listTrades(market.nativeId), adapter.venue)).toBeInstanceOf(NotSupported);
      return;
    }
    let trades: Trade[] = [];
    await expect
      .poll(
        async () => {
          ctx.activity?.(market.nativeId);
          const [page] = await firstPages(adapter.listTrades(market.nativeId, { pageSize: 10 }), 1);
          trades = page?.items ?? [];
          return trades.length;
        },
        { timeout: 10_000, interval: 200, message: `the venue lists trades of ${market.id} after activity on it` },
      )
      .toBeGreaterThan(0);
    // Checked against the market's grid now (a venue may refine it as the price moves).
    const grid = await adapter.getMarket(market.nativeId);
    for (const t of trades) expectCanonicalTrade(t, grid);
  });

  it('incremental sync: listMarkets({ updatedSince }) returns every market changed since, and no older one', async () => {
    const { adapter } = run();
    const all = await collectAll(adapter.listMarkets({ pageSize: 100 }));
    const times = [...new Set(all.map((m) => Date.parse(m.updatedAt)))].sort((a, b) => a - b);
    expect(times.length, 'the venue has markets changed at different times').toBeGreaterThan(1);
    const since = new Date(times[Math.floor(times.length / 2)] as number);
    if (adapter.has.incrementalMarkets === false) {
      // Not incremental: the filter is not applied, so a sync relying on it misses nothing.
      const [plain] = await firstPages(adapter.listMarkets({ pageSize: 5 }), 1);
      const [filtered] = await firstPages(adapter.listMarkets({ pageSize: 5, updatedSince: since }), 1);
      expect(filtered?.items.map((m) => m.id)).toEqual(plain?.items.map((m) => m.id));
      return;
    }
    const changed = await collectAll(adapter.listMarkets({ pageSize: 100, updatedSince: since }));
    for (const m of changed) expectCanonicalMarket(m);
    const got = new Set(changed.map((m) => m.id));
    const expected = all.filter((m) => Date.parse(m.updatedAt) >= since.getTime()).map((m) => m.id);
    expect(expected.length).toBeGreaterThan(0);
    for (const id of expected) expect(got.has(id), `${id} changed since ${since.toISOString()} and is listed`).toBe(true);
    // Venues filter at one-second granularity: nothing changed more than a second earlier.
    const floor = Math.floor(since.getTime() / 1000) * 1000;
    for (const m of changed) expect(Date.parse(m.updatedAt), `${m.id} updatedAt ${m.updatedAt}`).toBeGreaterThanOrEqual(floor);
    expect(changed.length, 'the incremental listing is a strict subset').toBeLessThan(all.length);
  });
}
