import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { StreamScope, type StreamEvent } from '../../src/venue/index.js';
import { WireBookMirror, bookLastTradePrice, restSummaryOf } from './book-check.js';
import type { GammaClient } from './gamma-client.js';
import { verifyBookHash } from './map-book.js';
import type { MarketTradingInfo } from './map-market.js';
import { MarketInfoCache } from './market-info.js';
import { MarketChannelStream } from './stream-market.js';
import type { WireLevel } from './wire-clob.js';

/**
 * The venue's own hashes (docs/venues/polymarket.md §4.2, §7.1), on the recorded pair
 * `ws-book.json` + `ws-price-change.json` (the same market, 41 ms apart) and the ten recorded
 * `book` events of `ws-book-stream.ndjson`.
 */

const text = (name: string): string => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const fixture = (name: string): Record<string, unknown> => JSON.parse(text(name)) as Record<string, unknown>;

const BOOK = fixture('ws-book.json');
const CHANGE = fixture('ws-price-change.json');
const YES = BOOK.asset_id as string;
const NO = (CHANGE.price_changes as { asset_id: string }[])[1]!.asset_id;
/** The recorded market: minimum size 5, not neg-risk (its REST summary carries both; the event neither). */
const INFO: MarketTradingInfo = {
  conditionId: BOOK.market as string,
  yesTokenId: YES,
  noTokenId: NO,
  tickSize: '0.01',
  minOrderSize: '5',
  negRisk: false,
  protocolVersion: 'v1',
};

describe('the venue hash of a WebSocket book', () => {
  it('is not the hash of the event as received', () => {
    const { event_type: _t, ...asReceived } = BOOK;
    expect(verifyBookHash(asReceived)).toBe(false);
  });

  it('is the SHA-1 of the REST-shaped summary: the recorded book reproduces its hash', () => {
    const summary = restSummaryOf(BOOK, INFO);
    expect(Object.keys(summary)).toEqual(['market', 'asset_id', 'timestamp', 'hash', 'bids', 'asks', 'min_order_size', 'tick_size', 'neg_risk', 'last_trade_price']);
    expect(summary.last_trade_price).toBe('0.440');
    expect(verifyBookHash(summary)).toBe(true);
    // The market's own facts matter: another minimum size gives another hash.
    expect(verifyBookHash(restSummaryOf(BOOK, { ...INFO, minOrderSize: '1' }))).toBe(false);
  });

  it('reproduces the hash of every recorded book event of the stream capture', () => {
    const lines = text('ws-book-stream.ndjson').split('\n').filter((l) => l.trim() !== '');
    expect(lines).toHaveLength(10);
    for (const line of lines) {
      const ev = JSON.parse(line) as Record<string, unknown>;
      expect(verifyBookHash(restSummaryOf(ev, { minOrderSize: '5', negRisk: false })), String(ev.asset_id)).toBe(true);
    }
  });

  it('follows the recorded price_change: the summary after the change, at the event timestamp, has the venue hash', () => {
    const summary = restSummaryOf(BOOK, INFO);
    const mirror = new WireBookMirror();
    mirror.reset(summary, BOOK.bids as WireLevel[], BOOK.asks as WireLevel[]);
    const [yesChange] = CHANGE.price_changes as { asset_id: string; price: string; size: string; side: string; hash: string }[];
    expect(yesChange?.asset_id).toBe(YES);
    mirror.set(yesChange!.side === 'BUY' ? 'bid' : 'ask', yesChange!.price, yesChange!.size);
    expect(mirror.hash(CHANGE.timestamp as string)).toBe(yesChange!.hash);
    // The book's own timestamp does not give it.
    expect(mirror.hash(BOOK.timestamp as string)).not.toBe(yesChange!.hash);
  });

  it('writes a trade price as the book does, with 3 decimals', () => {
    expect(bookLastTradePrice('0.44')).toBe('0.440');
    expect(bookLastTradePrice('0.5')).toBe('0.500');
    expect(bookLastTradePrice('0.001')).toBe('0.001');
    expect(bookLastTradePrice('0.0025')).toBe('0.0025');
  });
});

describe('the market stream on the recorded frames', () => {
  let server: WebSocketServer | undefined;
  let scope: StreamScope | undefined;

  afterEach(async () => {
    await scope?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
    scope = undefined;
  });

  /** A loopback market channel that answers the subscription with the recorded `book` dump. */
  async function start(): Promise<{ stream: MarketChannelStream; events: StreamEvent[]; send: (frame: unknown) => void }> {
    const sockets: WebSocket[] = [];
    server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    server.on('connection', (ws) => {
      sockets.push(ws);
      ws.on('message', (data) => {
        const msg = String(data);
        if (msg === 'PING') return ws.send('PONG');
        if ((JSON.parse(msg) as { type?: string }).type === 'market') ws.send(JSON.stringify([BOOK]));
      });
    });
    await new Promise<void>((resolve) => server!.on('listening', () => resolve()));
    const port = (server.address() as { port: number }).port;
    const markets = new MarketInfoCache({} as GammaClient);
    markets.put(INFO);
    scope = new StreamScope({ venue: 'polymarket' });
    const stream = new MarketChannelStream(scope, {
      url: `ws://127.0.0.1:${port}`,
      markets,
      fetchBook: () => Promise.reject(new Error('no REST in this test')),
      snapshotTimeoutMs: 60_000,
    });
    const events: StreamEvent[] = [];
    scope.onEvent((e) => events.push(e));
    await stream.subscribe([INFO.conditionId]);
    return { stream, events, send: (frame) => sockets[0]?.send(JSON.stringify(frame)) };
  }

  const stale = (events: StreamEvent[]) => events.filter((e) => e.type === 'status' && e.state === 'stale');

  it('accepts the recorded price_change by its hash and catches a change whose levels do not give the hash', async () => {
    const { stream, events, send } = await start();
    expect(events.filter((e) => e.type === 'snapshot')).toHaveLength(1);
    send(CHANGE);
    await vi.waitFor(() => expect(events.filter((e) => e.type === 'delta')).toHaveLength(1));
    expect(stale(events)).toHaveLength(0);
    expect(stream.book(INFO.conditionId)?.levels('bid').find(([p]) => p === '0.05')?.[1]).toBe('96466');

    // A change below the top (the best bid/ask still agree) whose result is not what the venue
    // hashed: only the hash can tell, and it does once the market's snapshot verified.
    const [yesChange, noChange] = CHANGE.price_changes as Record<string, string>[];
    send({ ...CHANGE, timestamp: '1788064495700', price_changes: [{ ...yesChange, price: '0.03', size: '1' }, noChange] });
    await vi.waitFor(() => expect(stale(events)).toHaveLength(1));
    expect(stale(events)[0]).toMatchObject({ reason: 'book does not match its hash' });
    expect(stream.stats.inconsistencies).toBe(1);
  });
});
