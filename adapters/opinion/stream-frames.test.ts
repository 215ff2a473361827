import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { Decimal } from '../../src/core/index.js';
import type { StreamEvent } from '../../src/venue/index.js';
import { createOpinionAdapter, type OpinionAdapter } from './adapter.js';
import { startOpinionSim, type OpinionSim, type SimMarketInfo } from './sim/index.js';
import type { OpinionStream } from './stream.js';

/**
 * Frames the simulator never sends, from a scripted WebSocket server in front of the simulator's
 * REST API (docs/venues/opinion.md §9): a diff that would cross the book, a depth frame that does
 * not match its schema, a diff of an unknown token, a refused subscription, non-JSON text. Each
 * must leave the served book consistent — rebuilt from REST when needed — and never crash the
 * stream.
 */
describe('the Opinion stream with scripted frames', () => {
  let sim: OpinionSim;
  let wss: WebSocketServer;
  let wsUrl: string;
  let server: WebSocket | undefined;
  let received: Record<string, unknown>[];
  let refuse: Set<string>;
  let adapter: OpinionAdapter;
  let stream: OpinionStream;
  let events: StreamEvent[];
  let market: SimMarketInfo;

  const send = (frame: Record<string, unknown>) => server!.send(JSON.stringify(frame));
  const diff = (tokenId: string, side: 'bids' | 'asks', price: string, size: string, marketId = market.marketId) =>
    send({ marketId, tokenId, outcomeSide: tokenId === market.yesTokenId ? 1 : 2, side, price, size, msgType: 'market.depth.diff' });
  const stale = () => events.filter((e) => e.type === 'status' && e.state === 'stale').map((e) => (e.type === 'status' ? e.reason : ''));
  const snapshots = () => events.filter((e) => e.type === 'snapshot').length;

  beforeAll(async () => {
    sim = await startOpinionSim({ seed: 51, markets: 20, botRatePerSecond: 0, accounts: [{ address: '0x00000000000000000000000000000000000000a1', apiKey: 'frames-key' }] });
    market = sim.markets().find((m) => m.status === 2 && m.parentId === null)!;
    wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    wss.on('connection', (ws, req) => {
      server = ws;
      expect(new URL(req.url ?? '/', 'http://x').searchParams.get('apikey')).toBe('frames-key');
      ws.on('message', (data) => {
        const msg = JSON.parse(String(data)) as Record<string, unknown>;
        received.push(msg);
        if (msg['action'] === 'SUBSCRIBE') {
          const refused = refuse.has(String(msg['marketId']));
          ws.send(JSON.stringify({ action: 'SUBSCRIBE', channel: msg['channel'], marketId: msg['marketId'], code: refused ? 400 : 200, message: refused ? 'market does not exist' : 'success' }));
        }
      });
    });
    await new Promise((r) => wss.once('listening', r));
    wsUrl = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/ws`;
  });
  beforeEach(async () => {
    received = [];
    refuse = new Set();
    events = [];
    adapter = createOpinionAdapter({ restUrl: sim.restUrl, wsUrl, apiKey: 'frames-key', stream: { ackWaitMs: 5_000, restCheckIntervalMs: 0 } });
    stream = adapter.stream() as OpinionStream;
    stream.onEvent((e) => events.push(e));
  });
  afterEach(async () => {
    await stream.close();
    await adapter.close();
  });
  afterAll(async () => {
    for (const c of wss.clients) c.terminate();
    await new Promise((r) => wss.close(r));
    await sim.close();
  });

  it('subscribes by marketId and seeds the book from REST once the venue acknowledged', async () => {
    await stream.subscribe([`opinion:${market.marketId}`], ['book', 'trades']);
    expect(received).toEqual([
      { action: 'SUBSCRIBE', channel: 'market.depth.diff', marketId: market.marketId },
      { action: 'SUBSCRIBE', channel: 'market.last.trade', marketId: market.marketId },
    ]);
    expect(snapshots()).toBe(1);
    expect(stream.book(market.marketId)!.out.levels('bid')).toEqual(sim.book(market.yesTokenId).bids);
  });

  it('a diff that would cross the book is not served: stale, then a REST snapshot', async () => {
    await stream.subscribe([`opinion:${market.marketId}`], ['book']);
    const ask = sim.book(market.yesTokenId).asks[0]![0];
    diff(market.yesTokenId, 'bids', ask, '10');
    await vi.waitFor(() => expect(snapshots()).toBe(2));
    expect(stale()).toEqual([`crossed book after bid ${ask}`]);
    expect(events.some((e) => e.type === 'delta')).toBe(false);
    expect(stream.book(market.marketId)!.out.isCrossed()).toBe(false);
  });

  it('keys diffs by token id: a NO diff never lands in the YES book at its own price', async () => {
    await stream.subscribe([`opinion:${market.marketId}`], ['book']);
    const bid = sim.book(market.yesTokenId).bids[0]![0];
    // The NO ask at 1 − bid is the mirror of the YES bid; its new size alone changes nothing served.
    diff(market.noTokenId, 'asks', Decimal.ONE.sub(bid).normalize().toString(), '1');
    diff(market.yesTokenId, 'bids', bid, '1');
    await vi.waitFor(() => expect(events.filter((e) => e.type === 'delta')).toHaveLength(1));
    expect(stream.book(market.marketId)!.out.sizeAt('bid', bid)).toBe('1');
    expect(stream.book(market.marketId)!.mismatchCount).toBe(0);
    expect(stream.stats).toMatchObject({ yesDiffs: 1, noDiffs: 1, inconsistencies: 0 });
  });

  it('a depth frame that breaks its schema makes the book stale and resyncs it; junk text is counted', async () => {
    await stream.subscribe([`opinion:${market.marketId}`], ['book']);
    send({ marketId: market.marketId, tokenId: market.yesTokenId, outcomeSide: 1, side: 'bids', price: 'abc', size: '1', msgType: 'market.depth.diff' });
    server!.send('{"msgType":');
    await vi.waitFor(() => expect(snapshots()).toBe(2));
    expect(stale()).toEqual(['unreadable depth frame']);
    expect(stream.stats.formatErrors).toBe(2);
  });

  it('ignores diffs of tokens it did not subscribe, and a diff whose market disagrees with its token resyncs', async () => {
    await stream.subscribe([`opinion:${market.marketId}`], ['book']);
    const other = sim.markets().find((m) => m.marketId !== market.marketId)!;
    send({ marketId: other.marketId, tokenId: other.yesTokenId, outcomeSide: 1, side: 'bids', price: '0.5', size: '1', msgType: 'market.depth.diff' });
    diff(market.yesTokenId, 'bids', '0.002', '5', other.marketId);
    await vi.waitFor(() => expect(snapshots()).toBe(2));
    expect(stale()).toHaveLength(1);
    expect(stale()[0]).toMatch(/names market/);
  });

  it('a refused subscription is not retried and fails the wait', async () => {
    const other = sim.markets().find((m) => m.marketId !== market.marketId && m.status === 2)!;
    refuse.add(String(other.marketId));
    await expect(stream.subscribe([`opinion:${other.marketId}`], ['book'])).rejects.toThrow(/refused market.depth.diff for \d+ \(code 400: market does not exist\)/);
    expect(received.filter((m) => m['action'] === 'SUBSCRIBE')).toHaveLength(1);
    expect(stream.stats.refused).toBe(1);
    expect(stream.book(other.marketId)).toBeNull();
    expect(snapshots()).toBe(0);
  });
});
