import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { BookService } from '../books/service.js';
import { MemoryBus } from '../cache/index.js';
import type { VenueId } from '../core/index.js';
import { ManualClock } from '../venue/index.js';
import { FeedClient, counts } from '../../test/support/feed-client.js';
import { book, createScriptedAdapter, type ScriptedAdapter } from '../../test/support/scripted-adapter.js';
import { apiKeyOf, type Authenticator } from './auth.js';
import { CLOSE_CODES } from './protocol.js';
import { FeedServer, type FeedLimits, type FeedServerOptions } from './server.js';
import { ArbitrageEngine } from '../arbitrage/evaluate/engine.js';
import { book as arbBook, freeQuoter, market as arbMarket } from '../arbitrage/test-support.js';

const A = 'kalshi:A';
const B = 'kalshi:B';
const logger = pino({ level: 'silent' });

interface Harness {
  url: string;
  base: string;
  adapter: ScriptedAdapter;
  books: BookService;
  feed: FeedServer;
  bus: MemoryBus;
  clock: ManualClock;
  clients: FeedClient[];
  connect(path?: string, options?: WebSocket.ClientOptions): Promise<FeedClient>;
}

const running: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of running.splice(0)) await stop();
});

async function start(
  options: { limits?: Partial<FeedLimits>; authenticate?: Authenticator; requireAuth?: boolean; opportunities?: FeedServerOptions['opportunities'] } = {},
): Promise<Harness> {
  const clock = new ManualClock(Date.parse('2026-05-01T00:00:00.000Z'));
  const adapter = createScriptedAdapter();
  const bus = new MemoryBus();
  const books = new BookService({ adapters: new Map<VenueId, ScriptedAdapter>([['kalshi', adapter]]), bus, logger, clock, settings: { graceMs: 1_000 } });
  const feed = new FeedServer({ source: books, bus, logger, clock, limits: { heartbeatIntervalMs: 1_000, ...options.limits }, authenticate: options.authenticate, requireAuth: options.requireAuth, ...(options.opportunities ? { opportunities: options.opportunities } : {}) });
  const server: Server = createServer((_req, res) => {
    res.statusCode = 404;
    res.end();
  });
  feed.attach(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clients: FeedClient[] = [];
  running.push(async () => {
    for (const c of clients) c.close();
    await feed.close();
    await books.close();
    await new Promise((r) => server.close(r));
  });
  return {
    url: `${base}/v1/ws`,
    base,
    adapter,
    books,
    feed,
    bus,
    clock,
    clients,
    async connect(path = '/v1/ws', opts = {}) {
      const c = await FeedClient.connect(`${base}${path}`, opts);
      clients.push(c);
      await c.waitFor((m) => m.type === 'welcome');
      return c;
    },
  };
}

const snapshot = (marketId: string, bids: [string, string][], asks: [string, string][], seq: number) => ({
  type: 'snapshot' as const,
  book: book(marketId, bids, asks, { seq, source: 'stream' }),
});
const delta = (marketId: string, seq: number, side: 'bid' | 'ask', price: string, size: string) => ({
  type: 'delta' as const,
  marketId,
  seq,
  changes: [{ side, price, size }],
  venueTimestamp: null,
  receivedAt: '2026-05-01T00:00:01.000Z',
});

describe('the feed endpoint', () => {
  it('greets on /v1/ws and /ws with the protocol version and limits, and answers other paths 404', async () => {
    const h = await start({ limits: { maxSubscriptions: 7 } });
    for (const path of ['/v1/ws', '/ws', '/ws?x=1']) {
      const c = await h.connect(path);
      expect(c.messages[0]).toEqual({
        type: 'welcome',
        version: 1,
        connection: expect.stringMatching(/^c\d+$/),
        channels: ['book', 'ticker', 'trades', 'arbitrage', 'orders', 'fills'],
        limits: { maxSubscriptions: 7, maxMessagesPerSecond: 20, maxMessageBytes: 65_536, heartbeatIntervalMs: 1_000 },
      });
    }
    await expect(FeedClient.connect(`${h.base}/v2/ws`)).rejects.toThrow(/404/);
  });

  it('answers every bad message with an error of a stable code and keeps the connection', async () => {
    const h = await start({ limits: { maxMessageBytes: 300, maxSubscriptions: 2 } });
    h.adapter.unknown.add('kalshi:NOPE');
    const c = await h.connect();
    const cases: [unknown, string, RegExp][] = [
      ['{not json', 'malformed_message', /not JSON/],
      ['[1,2]', 'malformed_message', /JSON object/],
      [{ op: 'dance', id: 5 }, 'malformed_message', /unknown op "dance"/],
      [{ op: 'subscribe', id: 6, channel: 'candles', markets: [A] }, 'unknown_channel', /unknown channel "candles"/],
      [{ op: 'subscribe', id: 7, channel: 'book' }, 'malformed_message', /invalid subscribe message at markets/],
      [{ op: 'subscribe', id: 8, channel: 'book', markets: [] }, 'malformed_message', /markets/],
      [{ op: 'subscribe', id: 9, channel: 'book', markets: ['x'.repeat(400)] }, 'message_too_large', /over the limit of 300/],
      [{ op: 'subscribe', id: 10, channel: 'book', markets: [A, B, 'kalshi:C'] }, 'too_many_subscriptions', /limit of 2/],
      [{ op: 'resync', id: 11, markets: [A] }, 'not_subscribed', /not subscribed/],
      [{ op: 'subscribe', id: 12, channel: 'trades', markets: ['kalshi:NOPE'] }, 'unknown_market', /no market kalshi:NOPE/],
    ];
    for (const [msg, code, text] of cases) {
      const before = c.of('error').length;
      c.send(msg);
      const err = await c.waitFor((m) => m.type === 'error' && c.of('error').indexOf(m as never) >= before);
      expect(err, JSON.stringify(msg)).toMatchObject({ type: 'error', code });
      expect((err as { message: string }).message).toMatch(text);
    }
    expect(c.of('error').map((e) => e.id)).toEqual([null, null, 5, 6, 7, 8, null, 10, 11, 12]);
    expect(c.of('error').at(-1)).toMatchObject({ market: 'kalshi:NOPE' });
    c.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    await c.waitFor((m) => m.type === 'error' && /binary/.test(m.message));
    // Nothing was subscribed by the refused requests; the connection still answers.
    expect(await c.request({ op: 'ping' })).toMatchObject({ type: 'pong' });
    expect(h.adapter.calls).toEqual([]);
    expect(c.invalid).toEqual([]);
  });

  it('limits the message rate per connection with one notice per second', async () => {
    const h = await start({ limits: { maxMessagesPerSecond: 5 } });
    const c = await h.connect();
    for (let i = 1; i <= 30; i++) c.send({ op: 'ping', id: i });
    await c.waitFor((m) => m.type === 'error' && m.code === 'rate_limited');
    await c.waitFor((m) => m.type === 'pong' && m.id === 10);
    // Burst of 2 × 5: ten answered, one notice, the rest ignored (the clock does not move).
    expect(c.of('pong').map((p) => p.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(c.of('error')).toHaveLength(1);
    h.clock.advance(1_000);
    c.send({ op: 'ping', id: 99 });
    await c.waitFor((m) => m.type === 'pong' && m.id === 99);
  });

  it('delivers snapshot then deltas with a per-connection seq, over one upstream subscription for all clients', async () => {
    const h = await start();
    const [c1, c2] = [await h.connect(), await h.connect()];
    expect(await c1.subscribe('book', [A, B])).toMatchObject({ type: 'subscribed', channel: 'book', markets: [A, B] });
    h.adapter.emit(snapshot(A, [['0.40', '5']], [['0.50', '5']], 1));
    h.adapter.emit(delta(A, 2, 'bid', '0.41', '1'));
    await c1.waitFor((m) => m.type === 'delta');
    expect(await c2.subscribe('book', [A])).toMatchObject({ markets: [A] });
    // The second client starts from the current book at seq 1 of its own.
    await c2.waitFor((m) => m.type === 'snapshot');
    expect(c2.book(A)).toMatchObject({ seq: 1, bids: [['0.41', '1'], ['0.4', '5']] });
    h.adapter.emit(delta(A, 3, 'ask', '0.5', '0'));
    await c2.waitFor((m) => m.type === 'delta');
    await c1.waitFor((m) => m.type === 'delta' && m.seq === 3);
    expect(c1.book(A)).toMatchObject({ seq: 3, bids: [['0.41', '1'], ['0.4', '5']], asks: [], source: 'stream' });
    expect(c2.book(A)).toMatchObject({ seq: 2, asks: [] });
    expect(h.adapter.calls).toEqual([{ op: 'subscribe', markets: [A, B], channels: ['book'] }]);
    for (const c of [c1, c2]) {
      expect(c.seqErrors).toEqual([]);
      expect(c.invalid).toEqual([]);
    }
    // Unsubscribing stops the messages; upstream ends a grace period after the last client left.
    expect(await c1.request({ op: 'unsubscribe', channel: 'book', markets: [A, B] })).toMatchObject({ type: 'unsubscribed', markets: [A, B] });
    c2.close();
    await c2.closed;
    await vitestUntil(() => h.feed.hub.size === 0);
    expect(h.adapter.subscribed()).toEqual(new Set([`${A} book`, `${B} book`]));
    h.clock.advance(1_000);
    await vitestUntil(() => h.adapter.subscribed().size === 0);
    const bookMessages = () => c1.messages.filter((m) => 'market' in m).length;
    const n = bookMessages();
    h.adapter.emit(delta(A, 4, 'bid', '0.3', '1'));
    expect(await c1.request({ op: 'ping' })).toMatchObject({ type: 'pong' });
    expect(bookMessages()).toBe(n);
  });

  it('marks books stale, resyncs on request and on a lost bus message', async () => {
    const h = await start();
    const c = await h.connect();
    await c.subscribe('book', [A]);
    h.adapter.emit(snapshot(A, [['0.40', '5']], [], 1));
    await c.waitFor((m) => m.type === 'snapshot');
    expect(await c.request({ op: 'resync', markets: [A] })).toMatchObject({ type: 'resynced', markets: [A] });
    await c.waitFor((m) => m.type === 'snapshot' && m.seq === 2);
    h.adapter.emit({ type: 'status', state: 'stale', marketId: A, reason: 'venue gap' });
    await c.waitFor((m) => m.type === 'stale');
    expect(c.of('stale')[0]).toMatchObject({ seq: 3, reason: 'venue gap' });
    h.adapter.emit(delta(A, 2, 'bid', '0.41', '1'));
    h.adapter.emit(snapshot(A, [['0.42', '1']], [], 7));
    await c.waitFor((m) => m.type === 'snapshot' && m.seq === 4);
    // A message lost on the bus: the next delta does not follow, the feed says stale and gets a snapshot.
    const gen = (h.feed.hub.mirror(A) as { gen: string }).gen;
    await h.bus.publish(h.books.channel(A), { t: 'delta', market: A, gen, seq: 99, bids: [['0.1', '1']], asks: [], venueTimestamp: null, receivedAt: '2026-05-01T00:00:00.000Z' });
    await c.waitFor((m) => m.type === 'snapshot' && m.seq === 6);
    expect(c.messages.filter((m) => 'seq' in m).map((m) => [m.type, (m as { seq: number }).seq])).toEqual([
      ['snapshot', 1],
      ['snapshot', 2],
      ['stale', 3],
      ['snapshot', 4],
      ['stale', 5],
      ['snapshot', 6],
    ]);
    expect(c.book(A)).toMatchObject({ fresh: true, bids: [['0.42', '1']] });
    expect(h.feed.stats().hub.gaps).toBe(1);
    expect(c.seqErrors).toEqual([]);
  });

  it('carries tickers and trades', async () => {
    const h = await start();
    const c = await h.connect();
    await c.subscribe('ticker', [A]);
    await c.subscribe('trades', [A]);
    h.adapter.emit({ type: 'ticker', ticker: { marketId: A, venue: 'kalshi', bestBid: '0.4', bestAsk: '0.5', lastPrice: '0.45', volume: '10', volumeNotional: null, openInterest: null, timestamp: '2026-05-01T00:00:00.000Z' } });
    h.adapter.emit({ type: 'trade', trade: { id: 't1', marketId: A, venue: 'kalshi', price: '0.45', size: '2', takerSide: 'buy', timestamp: '2026-05-01T00:00:00.000Z' } });
    h.adapter.emit({ type: 'trade', trade: { id: 't2', marketId: B, venue: 'kalshi', price: '0.45', size: '2', takerSide: 'buy', timestamp: '2026-05-01T00:00:00.000Z' } });
    await c.waitFor((m) => m.type === 'trade');
    expect(c.of('ticker')).toEqual([{ type: 'ticker', channel: 'ticker', market: A, venue: 'kalshi', bestBid: '0.4', bestAsk: '0.5', lastPrice: '0.45', volume: '10', volumeNotional: null, openInterest: null, timestamp: '2026-05-01T00:00:00.000Z' }]);
    expect(c.of('trade')).toEqual([{ type: 'trade', channel: 'trades', market: A, venue: 'kalshi', id: 't1', price: '0.45', size: '2', takerSide: 'buy', timestamp: '2026-05-01T00:00:00.000Z' }]);
    expect(counts(c)).toEqual({ snapshots: 0, deltas: 0 });
  });

  it('sends heartbeats and closes a client that answers no ping for two intervals', async () => {
    const h = await start();
    const alive = await h.connect();
    const deaf = await h.connect('/v1/ws', { autoPong: false });
    h.clock.advance(1_000);
    await alive.waitFor((m) => m.type === 'heartbeat');
    await deaf.waitFor((m) => m.type === 'heartbeat');
    await vitestUntil(() => h.feed.size === 2);
    h.clock.advance(1_000);
    // Let the live client's pong arrive before the next beat.
    expect(await alive.request({ op: 'ping' })).toMatchObject({ type: 'pong' });
    h.clock.advance(1_000);
    expect(await deaf.closed).toEqual({ code: CLOSE_CODES.heartbeatTimeout, reason: 'no answer to pings for two heartbeat intervals' });
    expect(await alive.request({ op: 'ping' })).toMatchObject({ type: 'pong' });
    expect(alive.of('heartbeat').length).toBeGreaterThanOrEqual(3);
  });
});

describe('feed authentication', () => {
  const authenticate: Authenticator = (req) => (apiKeyOf(req) === 'good-key' ? { id: 'svc-1' } : null);

  it('refuses a connection without a valid key with an unauthorized error, when keys are required', async () => {
    const h = await start({ authenticate, requireAuth: true });
    const anon = await FeedClient.connect(h.url);
    expect(await anon.closed).toEqual({ code: CLOSE_CODES.unauthorized, reason: 'unauthorized' });
    expect(anon.messages).toMatchObject([{ type: 'error', code: 'unauthorized' }]);
    const bad = await FeedClient.connect(h.url, { headers: { authorization: 'Bearer nope' } });
    expect((await bad.closed).code).toBe(CLOSE_CODES.unauthorized);
    for (const headers of [{ authorization: 'Bearer good-key' }, { 'x-api-key': 'good-key' }] as Record<string, string>[]) {
      const opts = { headers };
      const ok = await h.connect('/v1/ws', opts);
      expect(ok.messages[0]).toMatchObject({ type: 'welcome' });
    }
    const query = await h.connect('/ws?api_key=good-key');
    expect(query.messages[0]).toMatchObject({ type: 'welcome' });
    expect(h.feed.stats()).toMatchObject({ refused: 2, accepted: 3 });
  });

  it('serves anonymous clients when keys are not required, and refuses to start requiring keys without a key store', async () => {
    const h = await start({ authenticate });
    expect((await h.connect()).messages[0]).toMatchObject({ type: 'welcome' });
    expect(() => new FeedServer({ source: h.books, bus: h.bus, logger, requireAuth: true })).toThrow(/no authenticator/);
  });

  it('reads the key from the bearer header, the X-API-Key header or the api_key parameter', () => {
    expect(apiKeyOf({ headers: { authorization: 'Bearer abc' }, url: '/v1/ws' })).toBe('abc');
    expect(apiKeyOf({ headers: { 'x-api-key': ' k2 ' }, url: '/v1/ws' })).toBe('k2');
    expect(apiKeyOf({ headers: {}, url: '/v1/ws?api_key=k3' })).toBe('k3');
    expect(apiKeyOf({ headers: { authorization: 'Basic xyz' }, url: '/v1/ws' })).toBeNull();
  });
});

async function vitestUntil(done: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !done(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(done()).toBe(true);
}

describe('the arbitrage channel', () => {
  it('is unavailable without an arbitrage service', async () => {
    const h = await start();
    const c = await h.connect();
    c.send({ op: 'subscribe', id: 1, channel: 'arbitrage', markets: ['*'] });
    const err = await c.waitFor((m) => m.type === 'error');
    expect(err).toMatchObject({ id: 1, code: 'unavailable' });
  });

  it('sends the current opportunities on subscribe, then each event to the connections it concerns', async () => {
    let now = Date.parse('2026-05-01T00:00:00.000Z');
    const engine = new ArbitrageEngine({ quoters: () => freeQuoter, now: () => now });
    const P = 'polymarket:P';
    const Q = 'polymarket:Q';
    engine.setPair({ id: `${A}|${P}`, a: arbMarket(A), b: arbMarket(P), relation: 'identical', confidence: 0.95, reasons: ['same'] });
    engine.applyBook(arbBook(A, [], [['0.40', '10']], now));
    engine.applyBook(arbBook(P, [['0.55', '10']], [], now));
    const h = await start({ opportunities: engine });
    const all = await h.connect();
    const mine = await h.connect();
    const other = await h.connect();
    await all.request({ op: 'subscribe', channel: 'arbitrage', markets: ['*'] });
    const first = await all.waitFor((m) => m.type === 'opportunities');
    expect(first).toMatchObject({ channel: 'arbitrage', data: [{ id: `${A}|${P}/a:yes+b:no`, profit: '1.5' }] });
    await mine.request({ op: 'subscribe', channel: 'arbitrage', markets: [P] });
    await other.request({ op: 'subscribe', channel: 'arbitrage', markets: [Q] });
    expect(await other.waitFor((m) => m.type === 'opportunities')).toMatchObject({ data: [] });

    now += 1_000;
    engine.applyBook(arbBook(P, [['0.56', '10']], [], now));
    for (const c of [all, mine]) {
      expect(await c.waitFor((m) => m.type === 'opportunity')).toMatchObject({ event: 'updated', opportunity: { profit: '1.6' }, reason: null });
    }
    await mine.request({ op: 'unsubscribe', channel: 'arbitrage', markets: [P] });
    engine.applyBook(arbBook(P, [['0.30', '10']], [], now));
    expect(await all.waitFor((m) => m.type === 'opportunity' && m.event === 'closed')).toMatchObject({ reason: 'edge gone' });
    await all.request({ op: 'ping' });
    await mine.request({ op: 'ping' });
    await other.request({ op: 'ping' });
    const events = (c: FeedClient) => c.messages.filter((m) => m.type === 'opportunity').map((m) => (m as { event: string }).event);
    expect(events(all)).toEqual(['updated', 'closed']);
    expect(events(mine)).toEqual(['updated']);
    expect(events(other)).toEqual([]);
    for (const c of [all, mine, other]) expect(c.invalid).toEqual([]);
  });
});
