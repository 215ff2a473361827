import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EventSchema, MarketSchema, OrderBookSchema, VenueFormatError } from '../../src/core/index.js';
import { parseWire } from './errors.js';
import { mapBookSummary, verifyBookHash } from './map-book.js';
import { mapGammaEvent, mapGammaMarketOrNull, tradingInfoFromClob } from './map-market.js';
import { BookSummarySchema, ClobMarketPageSchema, ClobMarketSchema } from './wire-clob.js';
import { GammaEventListSchema, GammaMarketSchema, GammaSearchSchema } from './wire-gamma.js';
import { parseWsMarketEvent } from './wire-ws.js';

/**
 * Every recorded payload in __fixtures__ goes through its parser and mapper. A new fixture without
 * a handler fails this test. Legacy policy: 2024-era books, CLOB markets, `last_trade_price` and
 * `tick_size_change` parse (the missing fields are optional); the pre-2025-09-15 single-level
 * `price_change` is rejected with a "legacy format" VenueFormatError.
 */

const DIR = join(fileURLToPath(new URL('.', import.meta.url)), '__fixtures__');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return files(p);
    return name.endsWith('.json') || name.endsWith('.ndjson') ? [relative(DIR, p)] : [];
  });
}

function load(file: string): unknown[] {
  const text = readFileSync(join(DIR, file), 'utf8');
  if (file.endsWith('.ndjson')) return text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as unknown);
  const v = JSON.parse(text) as unknown;
  return Array.isArray(v) ? v : [v];
}

function checkGammaMarket(raw: unknown): void {
  const m = parseWire(GammaMarketSchema, raw, 'GET /markets');
  const market = mapGammaMarketOrNull(m, { now: () => new Date('2026-09-01T00:00:00Z') });
  if (!m.conditionId) {
    expect(market).toBeNull();
    return;
  }
  expect(MarketSchema.parse(market)).toEqual(market);
  expect(market?.id).toBe(`polymarket:${m.conditionId}`);
  expect(market?.extra.yesTokenId).toBe(m.clobTokenIds?.[0]);
  expect(market?.extra.noTokenId).toBe(m.clobTokenIds?.[1]);
}

function checkBook(raw: unknown, expectHash: boolean | null): void {
  const b = parseWire(BookSummarySchema, raw, 'GET /book');
  const book = mapBookSummary(b);
  expect(OrderBookSchema.parse(book)).toEqual(book);
  // Best first: bids strictly descending, asks strictly ascending.
  const prices = (side: [string, string][]) => side.map(([p]) => Number(p));
  expect(prices(book.bids)).toEqual([...prices(book.bids)].sort((x, y) => y - x));
  expect(prices(book.asks)).toEqual([...prices(book.asks)].sort((x, y) => x - y));
  expect(book.bids.length).toBe(b.bids.length);
  if (expectHash !== null) expect(verifyBookHash(raw)).toBe(expectHash);
}

const HANDLERS: Record<string, (items: unknown[]) => void> = {
  'gamma-markets.json': (items) => items.forEach(checkGammaMarket),
  'gamma-markets-gta-vi-basket.json': (items) => items.forEach(checkGammaMarket),
  'gamma-market-by-slug.json': (items) => items.forEach(checkGammaMarket),
  'gamma-market-crypto-updown-5m.json': (items) => items.forEach(checkGammaMarket),
  'gamma-market-sports-moneyline.json': (items) => items.forEach(checkGammaMarket),
  'gamma-events.json': (items) => {
    for (const e of parseWire(GammaEventListSchema, items, 'GET /events')) {
      const ev = mapGammaEvent(e);
      expect(EventSchema.parse(ev)).toEqual(ev);
      expect(ev.markets?.length).toBe(ev.marketIds.length);
    }
  },
  'gamma-public-search.json': (items) => {
    const s = parseWire(GammaSearchSchema, items[0], 'GET /public-search');
    expect(s.events?.length).toBeGreaterThan(0);
    for (const e of s.events ?? []) expect(EventSchema.parse(mapGammaEvent(e)).id).toBe(`polymarket:${e.id}`);
  },
  'clob-book.json': (items) => checkBook(items[0], true),
  'clob-book-negrisk.json': (items) => checkBook(items[0], true),
  'legacy/clob-book-2024.json': (items) => checkBook(items[0], null),
  'clob-market-closed-accepting-false.json': (items) => expect(tradingInfoFromClob(parseWire(ClobMarketSchema, items[0], 'GET /markets/{cid}'))).not.toBeNull(),
  'clob-market-closed-accepting-true.json': (items) => expect(tradingInfoFromClob(parseWire(ClobMarketSchema, items[0], 'GET /markets/{cid}'))).not.toBeNull(),
  'legacy/clob-market-2024.json': (items) => expect(tradingInfoFromClob(parseWire(ClobMarketSchema, items[0], 'GET /markets/{cid}'))).not.toBeNull(),
  'legacy/clob-markets-page-2024.truncated.json': (items) => {
    const page = parseWire(ClobMarketPageSchema, items[0], 'GET /markets');
    expect(page.data.length).toBe(20);
    expect(page.next_cursor).toBe('MTAw');
  },
  'ws-book.json': (items) => expect(parseWsMarketEvent(items[0])?.event_type).toBe('book'),
  'ws-book-stream.ndjson': (items) => {
    expect(items).toHaveLength(10);
    for (const i of items) expect(parseWsMarketEvent(i)?.event_type).toBe('book');
  },
  'ws-price-change.json': (items) => {
    const ev = parseWsMarketEvent(items[0]);
    expect(ev?.event_type === 'price_change' && ev.price_changes.length).toBe(2);
  },
  'ws-last-trade-price.ndjson': (items) => {
    for (const i of items) expect(parseWsMarketEvent(i)?.event_type).toBe('last_trade_price');
  },
  'legacy/ws-book-2024.json': (items) => expect(parseWsMarketEvent(items[0])?.event_type).toBe('book'),
  'legacy/ws-last-trade-price-2024.json': (items) => expect(parseWsMarketEvent(items[0])?.event_type).toBe('last_trade_price'),
  'legacy/ws-tick-size-change-2025-02.json': (items) => {
    const ev = parseWsMarketEvent(items[0]);
    expect(ev?.event_type === 'tick_size_change' && ev.new_tick_size).toBe('0.001');
  },
  'legacy/ws-price-change-single-level-2024.json': (items) => {
    expect(() => parseWsMarketEvent(items[0])).toThrow(VenueFormatError);
    expect(() => parseWsMarketEvent(items[0])).toThrow(/legacy format/);
  },
};

describe('every recorded Polymarket payload', () => {
  const all = files(DIR).sort();

  it('has a handler for each fixture file', () => {
    expect(all.length).toBeGreaterThanOrEqual(22);
    expect(all.filter((f) => !(f in HANDLERS))).toEqual([]);
  });

  for (const file of all) {
    it(`handles ${file}`, () => {
      const handler = HANDLERS[file];
      expect(handler).toBeDefined();
      handler?.(load(file));
    });
  }
});
