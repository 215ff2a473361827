import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventSchema, MarketSchema, OrderBookSchema, TradeSchema, VenueFormatError } from '../../src/core/index.js';
import { mapEvent, mapMarket, mapTrade, mapWsTicker, mapWsTrade } from './map.js';
import { mapOrderBook } from './map-book.js';
import { BookTracker } from './stream-book.js';
import type { StreamEvent } from '../../src/venue/adapter.js';
import { EventsResponse, MarketResponse, MarketsResponse, OrderbookResponse, SeriesResponse, TradesResponse, WireMarket } from './wire.js';
import { WsEnvelope, WsTickerMsg, WsTradeMsg } from './wire-ws.js';
import { parseWire } from './wire-parse.js';
import { z } from 'zod';

const DIR = join(import.meta.dirname, '__fixtures__');
const load = (name: string): unknown => JSON.parse(readFileSync(join(DIR, name), 'utf8'));
const ndjson = (name: string): unknown[] =>
  readFileSync(join(DIR, name), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as unknown);

const NOW = new Date('2026-09-01T00:00:00Z');

/** Each recorded payload and what it must do. Every file in __fixtures__ must be listed. */
const CURRENT: Record<string, () => void> = {
  'markets-list.json': () => {
    const res = parseWire(MarketsResponse, load('markets-list.json'), 'GET /markets');
    expect(res.markets).toHaveLength(3);
    expect(res.cursor).toBe('CgwIs9OM0wYQmJudpwESGktYQlRDRC0yNkpVTDI1MDItVDc0MDk5Ljk5');
    const m = mapMarket(res.markets[0] as WireMarket, { fee: { feeType: 'quadratic', feeMultiplier: 1 } });
    expect(MarketSchema.parse(m)).toEqual(m);
    expect(m).toMatchObject({
      id: 'kalshi:KXBTCD-26JUL2502-T74299.99',
      eventId: 'kalshi:KXBTCD-26JUL2502',
      status: 'open',
      currency: 'USD',
      realMoney: true,
      bestBid: null, // yes_bid 0.0000 with size 0.00: no bid
      bestAsk: '0.01',
      lastPrice: null,
      volume: '0',
      tickSize: '0.01',
      tickRanges: [{ start: '0', end: '1', step: '0.01' }],
      yesLabel: '$74,300 or above',
      noLabel: 'Not $74,300 or above',
      title: 'Bitcoin price on Jul 25, 2026? — $74,300 or above',
      question: 'Bitcoin price on Jul 25, 2026?',
      closeTime: '2026-07-25T06:00:00.000Z',
      expectedResolutionTime: '2026-07-25T06:05:00.000Z',
      updatedAt: '2026-07-25T05:00:07.565Z',
    });
    expect(m.extra).toMatchObject({ seriesTicker: 'KXBTCD', feeType: 'quadratic', feeMultiplier: 1, floorStrike: 74299.99 });
  },
  'markets-list-mve-combos.json': () => {
    const res = parseWire(z.array(WireMarket), load('markets-list-mve-combos.json'), 'GET /markets');
    expect(res).toHaveLength(5);
    for (const w of res) {
      const m = mapMarket(w);
      MarketSchema.parse(m);
      expect(m.tickSize).toBe('0.001');
      expect(m.extra['mveCollectionTicker']).toBe('KXMVESPORTSMULTIGAMEEXTENDED-R');
      expect(m.bestBid).toBeNull();
      expect(m.bestAsk).toBeNull();
      // title equals the yes_sub_title on combos: not repeated.
      expect(m.title).toBe(w.title);
    }
  },
  'market-single.json': () => {
    const { market } = parseWire(MarketResponse, load('market-single.json'), 'GET /markets/{ticker}');
    const m = mapMarket(market, { includeRaw: true });
    expect(MarketSchema.parse(m).raw).toBe(market);
    expect(m).toMatchObject({
      nativeId: 'KXMLBGAME-26AUG092020HOUSD-SD',
      bestBid: '0.53',
      bestAsk: '0.54',
      lastPrice: '0.54',
      volume: '10160.15',
      volume24h: '9825.5',
      openInterest: '6162.04',
      yesLabel: 'San Diego',
      noLabel: 'Not San Diego',
      title: 'Houston vs San Diego Winner? — San Diego',
      url: 'https://kalshi.com/markets/kxmlbgame',
    });
    expect(m.rules).toContain('If San Diego wins');
  },
  'orderbook.json': () => {
    const res = parseWire(OrderbookResponse, load('orderbook.json'), 'GET /markets/{ticker}/orderbook');
    const book = mapOrderBook('KXMLBGAME-26AUG092020HOUSD-SD', res.orderbook_fp, { receivedAt: NOW });
    expect(OrderBookSchema.parse(book)).toEqual(book);
    expect(book.bids).toHaveLength(50);
    expect(book.asks).toHaveLength(46);
    // Best levels agree with market-single.json: YES bid 0.53, NO bid 0.46 → YES ask 0.54.
    expect(book.bids[0]?.[0]).toBe('0.53');
    expect(book.asks[0]?.[0]).toBe('0.54');
    expect(book.bids[1]?.[0]).toBe('0.52');
    expect(book.asks[1]?.[0]).toBe('0.55');
    const shallow = mapOrderBook('KXMLBGAME-26AUG092020HOUSD-SD', res.orderbook_fp, { depth: 3 });
    expect(shallow.bids.map((l) => l[0])).toEqual(['0.53', '0.52', '0.51']);
    expect(shallow.asks).toHaveLength(3);
  },
  'orderbook-one-sided.json': () => {
    const res = parseWire(OrderbookResponse, load('orderbook-one-sided.json'), 'GET /markets/{ticker}/orderbook');
    const book = mapOrderBook(res.ticker ?? 'X', res.orderbook_fp);
    expect(book.bids).toEqual([]);
    expect(book.asks[0]).toEqual(['0.01', '73469']);
    expect(book.asks.at(-1)).toEqual(['0.59', '1']);
  },
  'trades.json': () => {
    const res = parseWire(TradesResponse, load('trades.json'), 'GET /markets/trades');
    const trades = res.trades.map(mapTrade);
    for (const t of trades) TradeSchema.parse(t);
    expect(trades[0]).toEqual({
      id: 'c174ce46-46d8-705a-6f03-2e1037bd1dd1',
      marketId: 'kalshi:KXETH15M-26JUL250200-00',
      venue: 'kalshi',
      price: '0.38',
      size: '12.61',
      takerSide: 'buy',
      timestamp: '2026-07-25T05:51:39.544Z',
    });
  },
  'events.json': () => {
    const res = parseWire(EventsResponse, load('events.json'), 'GET /events');
    const events = res.events.map((e) => mapEvent(e));
    for (const e of events) EventSchema.parse(e);
    const nato = events[1];
    expect(nato).toMatchObject({ id: 'kalshi:KXNEXTNATOSECGEN-99', mutuallyExclusive: true, category: 'Elections' });
    expect(nato?.marketIds).toHaveLength(nato?.markets?.length ?? -1);
    expect(nato?.markets?.every((m) => m.eventId === nato.id && m.category === 'Elections')).toBe(true);
    expect(events[0]?.closeTime).toBe('2099-08-01T04:59:00.000Z');
  },
  'series.json': () => {
    const { series } = parseWire(SeriesResponse, load('series.json'), 'GET /series/{series_ticker}');
    expect(series).toMatchObject({ ticker: 'KXBTCD', fee_type: 'quadratic', fee_multiplier: 1, tags: ['Hourly', 'BTC'] });
  },
  'ws-orderbook-snapshot.json': () => wsBook(['ws-orderbook-snapshot.json']),
  'ws-orderbook-delta.json': () => wsBook(['ws-orderbook-snapshot.json', 'ws-orderbook-delta.json']),
  'ws-multi-market-subscription-sequence.json': () => {
    const frames = load('ws-multi-market-subscription-sequence.json') as Record<string, unknown>;
    for (const f of Object.values(frames)) WsEnvelope.parse(f);
    const events: StreamEvent[] = [];
    const resyncs: string[][] = [];
    // The recorded frames carry NO levels on the YES scale (subscribed with use_yes_price: true):
    // YES bids end at 0.49 / 0.03 and NO levels start at 0.50 / 0.05.
    const tracker = new BookTracker({ useYesPrice: true, emit: (e) => events.push(e), requestSnapshot: (_s, t) => resyncs.push(t) });
    tracker.track('KXFEDDECISION-26SEP-H0', 1);
    tracker.track('KXGOVTSHUTDOWN-26OCT01', 1);
    const f = (k: string) => frames[k] as { sid: number; seq?: number; msg: unknown };
    tracker.handleSnapshot(1, f('snapshot_ticker_a_seq1').seq, f('snapshot_ticker_a_seq1').msg);
    expect(tracker.checkSeq(1, f('merged_subscribe_ok_response').seq as number)).toBe(true);
    tracker.handleSnapshot(1, f('snapshot_ticker_b_seq3').seq, f('snapshot_ticker_b_seq3').msg);
    tracker.handleSnapshot(1, f('get_snapshot_response').seq, f('get_snapshot_response').msg);
    // seq 1, 2 (ok ack), 3, 4 (get_snapshot reply): one counter across markets, no gap.
    expect(tracker.counters.gaps).toBe(0);
    expect(resyncs).toEqual([]);
    expect(events.filter((e) => e.type === 'snapshot')).toHaveLength(3);
    // The B snapshot lists NO levels descending: sorted defensively.
    expect(tracker.orderBook('KXGOVTSHUTDOWN-26OCT01')?.asks[0]?.[0]).toBe('0.05');
    expect(tracker.orderBook('KXGOVTSHUTDOWN-26OCT01')?.asks.at(-1)?.[0]).toBe('0.99');
    expect(tracker.orderBook('KXGOVTSHUTDOWN-26OCT01')?.bids[0]?.[0]).toBe('0.03');
  },
};

/**
 * Snapshot (+ delta) through the stream's book path. The recording was made with
 * `use_yes_price: true`: YES bids run up to 0.70 and the NO side lists 0.71–0.99 (YES-scale asks);
 * read as NO-leg prices it would be a crossed book.
 */
function wsBook(files: string[]): void {
  const events: StreamEvent[] = [];
  const tracker = new BookTracker({ useYesPrice: true, emit: (e) => events.push(e), requestSnapshot: () => undefined });
  tracker.track('KXEPLGAME-26AUG30MUNIPS-MUN', 1);
  for (const file of files) {
    const frame = load(file) as { type: string; sid: number; seq: number; msg: unknown };
    if (frame.type === 'orderbook_snapshot') tracker.handleSnapshot(frame.sid, frame.seq, frame.msg);
    else tracker.handleDelta(frame.sid, frame.seq, frame.msg);
  }
  const book = tracker.orderBook('KXEPLGAME-26AUG30MUNIPS-MUN');
  expect(book).not.toBeNull();
  OrderBookSchema.parse(book);
  expect(book?.bids[0]).toEqual(['0.7', '12676.73']);
  expect(book?.asks[0]?.[0]).toBe('0.71');
  expect(events[0]?.type).toBe('snapshot');
  if (files.length === 2) {
    // delta: the NO-side level at 0.72 (YES scale) shrinks by 6674 from 208514.32.
    const delta = events[1];
    expect(delta?.type).toBe('delta');
    if (delta?.type !== 'delta') return;
    expect(delta.changes).toEqual([{ side: 'ask', price: '0.72', size: '201840.32' }]);
    expect(delta.venueTimestamp).toBe('2026-08-30T05:31:52.107Z');
    expect(delta.seq).toBe(2);
  }
}

const LEGACY: Record<string, () => unknown> = {
  'legacy/market-single-transitional-2026-03.json': () =>
    parseWire(MarketResponse, load('legacy/market-single-transitional-2026-03.json'), 'GET /markets/{ticker}'),
  'legacy/orderbook-transitional-2026-03.json': () =>
    parseWire(OrderbookResponse, load('legacy/orderbook-transitional-2026-03.json'), 'GET /markets/{ticker}/orderbook'),
  'legacy/ws-ticker-transitional-2026-02.ndjson': () =>
    ndjson('legacy/ws-ticker-transitional-2026-02.ndjson').map((f) => mapWsTicker(parseWire(WsTickerMsg, (f as { msg: unknown }).msg, 'ws ticker'))),
  'legacy/ws-trade-transitional-2026-02.ndjson': () =>
    ndjson('legacy/ws-trade-transitional-2026-02.ndjson').map((f) => mapWsTrade(parseWire(WsTradeMsg, (f as { msg: unknown }).msg, 'ws trade'))),
};

describe('kalshi recorded payloads', () => {
  it('every file in __fixtures__ is covered by a test below', () => {
    const files = [
      ...readdirSync(DIR).filter((f) => f.endsWith('.json')),
      ...readdirSync(join(DIR, 'legacy')).map((f) => `legacy/${f}`),
    ].sort();
    expect(files).toEqual([...Object.keys(CURRENT), ...Object.keys(LEGACY)].sort());
  });

  for (const [file, check] of Object.entries(CURRENT)) {
    it(`current format parses and maps: ${file}`, () => check());
  }

  for (const [file, run] of Object.entries(LEGACY)) {
    it(`legacy payload fails with a clear legacy-format error: ${file}`, () => {
      let caught: unknown;
      try {
        run();
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(VenueFormatError);
      const e = caught as VenueFormatError;
      expect(e.message).toMatch(/^legacy format: kalshi (GET \/markets|ws )/);
      expect(e.venue).toBe('kalshi');
      expect(e.endpoint).toBeTruthy();
    });
  }
});
