import { describe, expect, it } from 'vitest';
import { ManualClock } from '../venue/index.js';
import { Outbox, type BookState, type BookSub } from './outbox.js';
import { CLOSE_CODES, ServerMessageSchema } from './protocol.js';

/** A socket whose send buffer the test controls: sent text stays buffered until `drain()`. */
class FakeSocket {
  sent: string[] = [];
  buffered = 0;
  closed: { code: number; reason: string } | null = null;
  send(text: string) {
    this.sent.push(text);
    this.buffered += text.length;
  }
  get bufferedAmount() {
    return this.buffered;
  }
  close(code: number, reason: string) {
    this.closed = { code, reason };
  }
  drain() {
    this.buffered = 0;
  }
  take(): Record<string, unknown>[] {
    const out = this.sent.map((t) => {
      const msg = JSON.parse(t) as Record<string, unknown>;
      expect(ServerMessageSchema.safeParse(msg).success, t).toBe(true);
      return msg;
    });
    this.sent = [];
    return out;
  }
}

const SNAP_HEAD = '{"type":"snapshot","channel":"book","market":"kalshi:A","seq":';
const DELTA_HEAD = '{"type":"delta","channel":"book","market":"kalshi:A","seq":';
const TS = '"venueTimestamp":null,"receivedAt":"2026-05-01T00:00:00.000Z"}';
const snapTail = (bid: string) => `,"venue":"kalshi","source":"stream","bids":[["${bid}","1"]],"asks":[],${TS}`;
const deltaTail = (bid: string) => `,"bids":[["${bid}","2"]],"asks":[],${TS}`;

function setup(maxBufferBytes = 1_000) {
  const clock = new ManualClock(0);
  const socket = new FakeSocket();
  let state: BookState = { fresh: true, head: SNAP_HEAD, snapshotTail: snapTail('0.5') };
  const congested: Outbox[] = [];
  const outbox = new Outbox(socket, {
    maxBufferBytes,
    slowClientTimeoutMs: 5_000,
    now: () => clock.now(),
    onCongested: (o) => congested.push(o),
    bookState: () => state,
  });
  const sub: BookSub = { outbox, market: 'kalshi:A', seq: 0, synced: false, dirty: false };
  return { clock, socket, outbox, sub, congested, setState: (s: BookState) => (state = s) };
}

describe('Outbox', () => {
  it('numbers each subscription’s book messages 1, 2, 3… and sends deltas only after a snapshot', () => {
    const { socket, outbox, sub } = setup();
    outbox.bookDelta(sub, DELTA_HEAD, deltaTail('0.4'));
    outbox.bookSnapshot(sub, SNAP_HEAD, snapTail('0.5'));
    outbox.bookDelta(sub, DELTA_HEAD, deltaTail('0.4'));
    outbox.bookStale(sub, 'gap');
    outbox.bookDelta(sub, DELTA_HEAD, deltaTail('0.3'));
    outbox.bookSnapshot(sub, SNAP_HEAD, snapTail('0.6'));
    expect(socket.take().map((m) => [m.type, m.seq])).toEqual([
      ['snapshot', 1],
      ['delta', 2],
      ['stale', 3],
      ['snapshot', 4],
    ]);
  });

  it('holds the messages of one turn of the event loop and releases them together', async () => {
    const { socket, outbox, sub } = setup();
    const events: string[] = [];
    Object.assign(socket, { cork: () => events.push('cork'), uncork: () => events.push('uncork') });
    const send = socket.send.bind(socket);
    socket.send = (text: string) => {
      events.push('send');
      send(text);
    };
    outbox.bookSnapshot(sub, SNAP_HEAD, snapTail('0.5'));
    outbox.bookDelta(sub, DELTA_HEAD, deltaTail('0.4'));
    outbox.bookDelta(sub, DELTA_HEAD, deltaTail('0.3'));
    expect(events).toEqual(['cork', 'send', 'send', 'send']);
    await new Promise((r) => process.nextTick(r));
    expect(events).toEqual(['cork', 'send', 'send', 'send', 'uncork']);
    outbox.bookDelta(sub, DELTA_HEAD, deltaTail('0.2'));
    expect(events.slice(5)).toEqual(['cork', 'send']);
  });

  it('conflates the updates of a congested connection into one fresh snapshot, with no seq gap', () => {
    const { socket, outbox, sub, congested, setState } = setup(1_000);
    outbox.bookSnapshot(sub, SNAP_HEAD, snapTail('0.5'));
    socket.take();
    socket.buffered = 1_000; // the client stopped reading
    for (let i = 0; i < 10_000; i++) outbox.bookDelta(sub, DELTA_HEAD, deltaTail('0.4'));
    expect(socket.sent).toEqual([]);
    expect(congested).toEqual([outbox]);
    expect(outbox.pending).toEqual({ dirtyBooks: 1, tickers: 0, droppedTradeMarkets: 0, opportunities: 0 });
    expect(outbox.stats.conflated).toBe(10_000);
    // Still above half the limit: nothing is sent yet.
    socket.buffered = 600;
    expect(outbox.flush()).toBe('congested');
    expect(socket.sent).toEqual([]);
    socket.drain();
    setState({ fresh: true, head: SNAP_HEAD, snapshotTail: snapTail('0.7') });
    expect(outbox.flush()).toBe('clear');
    const msgs = socket.take();
    expect(msgs).toHaveLength(1);
    expect(msgs[0]).toMatchObject({ type: 'snapshot', seq: 2, bids: [['0.7', '1']] });
    outbox.bookDelta(sub, DELTA_HEAD, deltaTail('0.4'));
    expect(socket.take()).toMatchObject([{ type: 'delta', seq: 3 }]);
    expect(outbox.congested).toBe(false);
  });

  it('owes a stale notice, not a snapshot, when the book went stale meanwhile', () => {
    const { socket, outbox, sub, setState } = setup(100);
    outbox.bookSnapshot(sub, SNAP_HEAD, snapTail('0.5'));
    socket.buffered = 100;
    outbox.bookDelta(sub, DELTA_HEAD, deltaTail('0.4'));
    setState({ fresh: false, reason: 'venue reconnecting' });
    socket.drain();
    socket.take();
    outbox.flush();
    expect(socket.take()).toMatchObject([{ type: 'stale', seq: 2, reason: 'venue reconnecting' }]);
    expect(sub.synced).toBe(false);
  });

  it('keeps only the latest ticker per market and counts dropped trades while congested', () => {
    const { socket, outbox } = setup(1_000);
    socket.buffered = 1_000;
    const ticker = (bid: string) =>
      JSON.stringify({ type: 'ticker', channel: 'ticker', market: 'kalshi:A', venue: 'kalshi', bestBid: bid, bestAsk: null, lastPrice: null, volume: null, volumeNotional: null, openInterest: null, timestamp: '2026-05-01T00:00:00.000Z' });
    const trade = JSON.stringify({ type: 'trade', channel: 'trades', market: 'kalshi:A', venue: 'kalshi', id: 't', price: '0.5', size: '1', takerSide: 'buy', timestamp: '2026-05-01T00:00:00.000Z' });
    for (let i = 1; i <= 49; i++) {
      outbox.ticker('kalshi:A', ticker(`0.${i}`));
      outbox.trade('kalshi:A', trade);
    }
    expect(outbox.pending).toEqual({ dirtyBooks: 0, tickers: 1, droppedTradeMarkets: 1, opportunities: 0 });
    socket.drain();
    expect(outbox.flush()).toBe('clear');
    expect(socket.take()).toMatchObject([
      { type: 'ticker', bestBid: '0.49' },
      { type: 'dropped', channel: 'trades', market: 'kalshi:A', count: 49 },
    ]);
  });

  it('keeps only the latest event of each opportunity while congested', () => {
    const { socket, outbox } = setup(1_000);
    socket.buffered = 1_000;
    const opportunity = (id: string) => ({
      id, kind: 'pair', source: 'p', direction: 'a:yes+b:no', legs: [], payoutPerSet: '1', edge: '0.01', grossEdge: '0.02', size: '1',
      cost: '0.99', payout: '1', profit: '0.01', roi: '0.010101', apr: null, resolvesAt: null, relation: 'identical', confidence: 1,
      reasons: [], actionable: true, blockers: [], flags: [], quoteAge: 0, currency: 'USD', realMoney: true, evaluatedAt: '2026-05-01T00:00:00.000Z',
    });
    const event = (id: string, type: string) => JSON.stringify({ type: 'opportunity', channel: 'arbitrage', event: type, opportunity: opportunity(id), reason: null });
    outbox.opportunity('x', event('x', 'opened'));
    outbox.opportunity('y', event('y', 'opened'));
    for (let i = 0; i < 20; i++) outbox.opportunity('x', event('x', 'updated'));
    outbox.opportunity('y', event('y', 'closed'));
    expect(outbox.pending.opportunities).toBe(2);
    expect(socket.sent).toEqual([]);
    socket.drain();
    expect(outbox.flush()).toBe('clear');
    expect(socket.take()).toMatchObject([
      { event: 'updated', opportunity: { id: 'x' } },
      { event: 'closed', opportunity: { id: 'y' } },
    ]);
    outbox.opportunity('x', event('x', 'closed'));
    expect(socket.take()).toMatchObject([{ event: 'closed' }]);
  });

  it('sends what is owed only while the buffer has room, and finishes on later flushes', () => {
    const { socket, outbox } = setup(200);
    const subs: BookSub[] = [];
    for (let i = 0; i < 5; i++) subs.push({ outbox, market: 'kalshi:A', seq: 0, synced: false, dirty: false });
    socket.buffered = 200;
    for (const s of subs) outbox.bookSnapshot(s, SNAP_HEAD, snapTail('0.5'));
    socket.drain();
    // Each snapshot is ~150 bytes: the buffer is full after two.
    expect(outbox.flush()).toBe('congested');
    expect(socket.sent.length).toBeGreaterThan(0);
    expect(socket.sent.length).toBeLessThan(5);
    for (let i = 0; i < 5 && outbox.congested; i++) {
      socket.drain();
      outbox.flush();
    }
    socket.take();
    expect(subs.map((s) => s.seq)).toEqual([1, 1, 1, 1, 1]);
    expect(outbox.congested).toBe(false);
  });

  it('closes a client that keeps asking without reading the answers, at four times the buffer limit', () => {
    const { socket, outbox } = setup(100);
    socket.buffered = 300;
    outbox.control('{"type":"pong","id":1,"ts":"2026-05-01T00:00:00.000Z"}');
    expect(socket.closed).toBeNull();
    outbox.control('{"type":"pong","id":2,"ts":"2026-05-01T00:00:00.000Z"}');
    expect(socket.closed).toEqual({ code: CLOSE_CODES.slowConsumer, reason: 'too slow: the client does not read the answers to its requests' });
    expect(socket.sent).toHaveLength(1);
  });

  it('closes a connection that stays congested longer than the slow-client timeout', () => {
    const { socket, outbox, sub, clock } = setup(100);
    outbox.bookSnapshot(sub, SNAP_HEAD, snapTail('0.5'));
    socket.buffered = 500;
    outbox.bookDelta(sub, DELTA_HEAD, deltaTail('0.4'));
    clock.advance(5_000);
    expect(outbox.flush()).toBe('congested');
    clock.advance(1);
    expect(outbox.flush()).toBe('closed');
    expect(socket.closed).toEqual({ code: CLOSE_CODES.slowConsumer, reason: 'too slow: the send buffer stayed full for 5 s' });
    expect(outbox.pending).toEqual({ dirtyBooks: 0, tickers: 0, droppedTradeMarkets: 0, opportunities: 0 });
  });
});
