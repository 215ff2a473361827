/**
 * The canonical-model assertions of the adapter contract: every market, event, book, delta,
 * trade, ticker, order, fill, position and balance an adapter emits is schema-valid, its decimals
 * are canonical strings (no exponent, no leading or trailing zeros, never `-0`), its prices lie in
 * [0, 1] and, where they are prices of the market's book, on the market's tick grid.
 */
import { expect } from 'vitest';
import {
  BalanceSchema,
  Decimal,
  EventSchema,
  FillSchema,
  MarketSchema,
  OrderBookSchema,
  OrderSchema,
  PositionSchema,
  TickerSchema,
  TradeSchema,
  isCanonicalDecimal,
  type Balance,
  type Event,
  type Fill,
  type Level,
  type Market,
  type Order,
  type OrderBook,
  type Position,
  type Ticker,
  type Trade,
} from '../../src/core/index.js';
import type { BookLevelChange } from '../../src/venue/adapter.js';

/** A decimal string in canonical form; returns it parsed. */
export function expectCanonicalDecimal(value: string, what: string): Decimal {
  expect(typeof value, `${what} is a string`).toBe('string');
  expect(isCanonicalDecimal(value), `${what} ${JSON.stringify(value)} is canonical (no exponent, no leading or trailing zeros, not -0)`).toBe(true);
  return Decimal.parse(value);
}

function expectNonNegative(value: string, what: string): Decimal {
  const d = expectCanonicalDecimal(value, what);
  expect(d.isNegative(), `${what} ${value} is not negative`).toBe(false);
  return d;
}

function expectNullable(value: string | null, what: string, check: (v: string, what: string) => unknown): void {
  if (value !== null) check(value, what);
}

/** Whether `price` is a point of the market's grid. */
export function onGrid(price: Decimal, market: Market): boolean {
  if (market.tickRanges.length === 0) return price.isMultipleOf(market.tickSize);
  return market.tickRanges.some((r) => price.gte(r.start) && price.lte(r.end) && price.sub(r.start).isMultipleOf(r.step));
}

/** A canonical price in [0, 1]; with a market, also on its tick grid. */
export function expectCanonicalPrice(value: string, what: string, market?: Market): Decimal {
  const p = expectCanonicalDecimal(value, what);
  expect(p.gte('0') && p.lte('1'), `${what} ${value} lies in [0, 1]`).toBe(true);
  if (market) expect(onGrid(p, market), `${what} ${value} is on the tick grid of ${market.id} (tick ${market.tickSize})`).toBe(true);
  return p;
}

export function expectCanonicalMarket(m: Market): void {
  expect(MarketSchema.parse(m), `${m.id} round-trips through MarketSchema`).toEqual(m);
  const tick = expectCanonicalPrice(m.tickSize, `${m.id} tickSize`);
  expect(tick.isPositive(), `${m.id} tickSize > 0`).toBe(true);
  for (const [i, r] of m.tickRanges.entries()) {
    const start = expectCanonicalPrice(r.start, `${m.id} tickRanges[${i}].start`);
    const end = expectCanonicalPrice(r.end, `${m.id} tickRanges[${i}].end`);
    const step = expectCanonicalPrice(r.step, `${m.id} tickRanges[${i}].step`);
    expect(start.lt(end) && step.isPositive(), `${m.id} tickRanges[${i}] is a proper range`).toBe(true);
    expect(step.gte(tick), `${m.id} tickSize ${m.tickSize} is the smallest step`).toBe(true);
  }
  // Quotes are live book prices: on the grid. The last trade may predate a grid change.
  expectNullable(m.bestBid, `${m.id} bestBid`, (v, w) => expectCanonicalPrice(v, w, m));
  expectNullable(m.bestAsk, `${m.id} bestAsk`, (v, w) => expectCanonicalPrice(v, w, m));
  expectNullable(m.lastPrice, `${m.id} lastPrice`, (v, w) => expectCanonicalPrice(v, w));
  if (m.bestBid !== null && m.bestAsk !== null) expect(Decimal.parse(m.bestBid).lt(m.bestAsk), `${m.id} quotes not crossed`).toBe(true);
  // Volumes and open interest count contracts; notional is money in the market's currency.
  for (const key of ['volume', 'volume24h', 'openInterest', 'volumeNotional', 'volume24hNotional', 'minOrderSize'] as const) {
    expectNullable(m[key], `${m.id} ${key}`, expectNonNegative);
  }
}

export function expectCanonicalEvent(e: Event): void {
  expect(EventSchema.parse(e), `${e.id} round-trips through EventSchema`).toEqual(e);
  for (const m of e.markets ?? []) expectCanonicalMarket(m);
}

function expectLevels(levels: Level[], market: Market, side: 'bid' | 'ask', what: string): void {
  for (const [i, [p, s]] of levels.entries()) {
    const price = expectCanonicalPrice(p, `${what} ${side}[${i}] price`, market);
    expect(price.gt('0') && price.lt('1'), `${what} ${side} price ${p} within (0, 1)`).toBe(true);
    expect(expectNonNegative(s, `${what} ${side}[${i}] size`).isPositive(), `${what} ${side} size ${s} > 0`).toBe(true);
    if (i > 0) {
      const prev = Decimal.parse((levels[i - 1] as Level)[0]);
      expect(price.cmp(prev), `${what} ${side}s strictly ${side === 'bid' ? 'descending' : 'ascending'}`).toBe(side === 'bid' ? -1 : 1);
    }
  }
}

/** A schema-valid, canonical, on-grid, best-first, uncrossed book of `market`. */
export function expectCanonicalBook(book: OrderBook, market: Market): void {
  expect(OrderBookSchema.parse(book)).toEqual(book);
  expect(book.marketId).toBe(market.id);
  expect(book.venue).toBe(market.venue);
  expectLevels(book.bids, market, 'bid', `book of ${market.id}`);
  expectLevels(book.asks, market, 'ask', `book of ${market.id}`);
  const bid = book.bids[0];
  const ask = book.asks[0];
  if (bid && ask) expect(Decimal.parse(bid[0]).lt(ask[0]), `book of ${market.id} not crossed`).toBe(true);
}

/** Level changes of a stream delta: canonical on-grid prices, canonical sizes (`"0"` removes). */
export function expectCanonicalChanges(changes: BookLevelChange[], market: Market): void {
  expect(changes.length, `a delta of ${market.id} changes something`).toBeGreaterThan(0);
  for (const c of changes) {
    expect(['bid', 'ask']).toContain(c.side);
    expectCanonicalPrice(c.price, `delta ${c.side} price of ${market.id}`, market);
    expectNonNegative(c.size, `delta ${c.side} size of ${market.id}`);
  }
}

export function expectCanonicalTrade(t: Trade, market: Market): void {
  expect(TradeSchema.parse(t)).toEqual(t);
  expect(t.marketId).toBe(market.id);
  expect(t.venue).toBe(market.venue);
  expectCanonicalPrice(t.price, `trade ${t.id} price`, market);
  expect(expectNonNegative(t.size, `trade ${t.id} size`).isPositive(), `trade ${t.id} size > 0`).toBe(true);
}

export function expectCanonicalTicker(t: Ticker, market: Market): void {
  expect(TickerSchema.parse(t)).toEqual(t);
  expect(t.marketId).toBe(market.id);
  expectNullable(t.bestBid, `ticker bestBid of ${market.id}`, (v, w) => expectCanonicalPrice(v, w, market));
  expectNullable(t.bestAsk, `ticker bestAsk of ${market.id}`, (v, w) => expectCanonicalPrice(v, w, market));
  expectNullable(t.lastPrice, `ticker lastPrice of ${market.id}`, (v, w) => expectCanonicalPrice(v, w));
  expectNullable(t.volume, `ticker volume of ${market.id}`, expectNonNegative);
  expectNullable(t.volumeNotional, `ticker volumeNotional of ${market.id}`, expectNonNegative);
  expectNullable(t.openInterest, `ticker openInterest of ${market.id}`, expectNonNegative);
}

/** An order of `market`; its price (in its outcome's terms) on the grid. */
export function expectCanonicalOrder(o: Order, market: Market): void {
  expect(OrderSchema.parse(o), `order ${o.id} round-trips through OrderSchema`).toEqual(o);
  expect(o.marketId).toBe(market.id);
  expect(o.venue).toBe(market.venue);
  expectCanonicalPrice(o.price, `order ${o.id} price`, market);
  const size = expectNonNegative(o.size, `order ${o.id} size`);
  const filled = expectNonNegative(o.filled, `order ${o.id} filled`);
  const remaining = expectNonNegative(o.remaining, `order ${o.id} remaining`);
  expect(filled.add(remaining).lte(size), `order ${o.id}: filled + remaining ≤ size`).toBe(true);
  expectNullable(o.averageFillPrice, `order ${o.id} averageFillPrice`, (v, w) => expectCanonicalPrice(v, w));
  expectCanonicalDecimal(o.fees, `order ${o.id} fees`);
}

export function expectCanonicalFill(f: Fill, market: Market): void {
  expect(FillSchema.parse(f)).toEqual(f);
  expect(f.marketId).toBe(market.id);
  expectCanonicalPrice(f.price, `fill ${f.id} price`, market);
  expect(expectNonNegative(f.size, `fill ${f.id} size`).isPositive(), `fill ${f.id} size > 0`).toBe(true);
  expectCanonicalDecimal(f.fee, `fill ${f.id} fee`);
}

export function expectCanonicalPosition(p: Position): void {
  expect(PositionSchema.parse(p)).toEqual(p);
  expect(expectNonNegative(p.size, `position ${p.marketId} size`).isPositive(), `position ${p.marketId} size > 0`).toBe(true);
  expectNullable(p.averagePrice, `position ${p.marketId} averagePrice`, (v, w) => expectCanonicalPrice(v, w));
  expectNullable(p.realizedPnl, `position ${p.marketId} realizedPnl`, expectCanonicalDecimal);
}

export function expectCanonicalBalance(b: Balance): void {
  expect(BalanceSchema.parse(b)).toEqual(b);
  const available = expectCanonicalDecimal(b.available, `${b.venue} ${b.currency} available`);
  const total = expectCanonicalDecimal(b.total, `${b.venue} ${b.currency} total`);
  expect(total.gte(available), `${b.venue} ${b.currency} total ≥ available`).toBe(true);
}
