import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { NetworkError } from '../../src/core/index.js';
import { KalshiSigner } from './auth.js';
import { DEMO_KEY_ID, DEMO_PRIVATE_KEY_PATH } from './sim/index.js';
import { KalshiStream } from './stream.js';

/**
 * A subscribe that fails without the venue refusing it (the connection dropped, or no reply came)
 * must not forget the wanted markets: the next connection subscribes them. A scripted server
 * plays the venue so the failure happens at an exact point.
 */

interface Script {
  /** What to do with the first `subscribe` of the first connection. */
  first: 'drop' | 'ignore';
}

interface FakeVenue {
  url: string;
  /** `market_tickers` of every subscribe, per connection number (1-based). */
  subscribes: { connection: number; tickers: unknown }[];
  close(): Promise<void>;
}

async function startFakeVenue(script: Script): Promise<FakeVenue> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', path: '/trade-api/ws/v2' });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const subscribes: FakeVenue['subscribes'] = [];
  let connections = 0;
  wss.on('connection', (ws: WebSocket) => {
    const connection = ++connections;
    let sid = 0;
    ws.on('message', (data) => {
      const cmd = JSON.parse(String(data)) as { id: number; cmd: string; params?: { channels?: string[]; market_tickers?: string[] } };
      if (cmd.cmd !== 'subscribe') return;
      subscribes.push({ connection, tickers: cmd.params?.market_tickers });
      if (connection === 1 && subscribes.length === 1) {
        if (script.first === 'drop') ws.terminate();
        return;
      }
      sid += 1;
      ws.send(JSON.stringify({ id: cmd.id, type: 'subscribed', msg: { channel: cmd.params?.channels?.[0], sid } }));
      for (const t of cmd.params?.market_tickers ?? []) {
        ws.send(JSON.stringify({ type: 'orderbook_snapshot', sid, seq: 1, msg: { market_ticker: t, yes_dollars_fp: [['0.4000', '5.00']] } }));
      }
    });
  });
  const { port } = wss.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/trade-api/ws/v2`,
    subscribes,
    close: () =>
      new Promise<void>((r) => {
        for (const c of wss.clients) c.terminate();
        wss.close(() => r());
      }),
  };
}

const WAIT = { timeout: 8_000, interval: 10 };

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function setup(script: Script): Promise<{ venue: FakeVenue; stream: KalshiStream }> {
  const venue = await startFakeVenue(script);
  cleanup.push(() => venue.close());
  const stream = new KalshiStream({
    wsUrl: venue.url,
    signer: new KalshiSigner({ keyId: DEMO_KEY_ID, privateKey: DEMO_PRIVATE_KEY_PATH }),
    backoff: { baseMs: 10, maxMs: 50 },
    commandTimeoutMs: 200,
  });
  cleanup.push(() => stream.close());
  return { venue, stream };
}

describe('kalshi stream: a subscribe lost in transit is not forgotten', () => {
  it('the connection drops before the subscribe is answered: the next connection subscribes the market', async () => {
    const { venue, stream } = await setup({ first: 'drop' });
    await stream.subscribe(['kalshi:KX-A'], ['book']).catch((err: unknown) => expect(err).toBeInstanceOf(NetworkError));
    await vi.waitFor(() => expect(venue.subscribes.some((s) => s.connection > 1)).toBe(true), WAIT);
    expect(venue.subscribes.find((s) => s.connection > 1)?.tickers).toEqual(['KX-A']);
    await vi.waitFor(() => expect(stream.orderBook('kalshi:KX-A')).not.toBeNull(), WAIT);
    expect(stream.orderBook('kalshi:KX-A')?.bids).toEqual([['0.4', '5']]);
    expect(stream.subscriptions.lostInTransit).toBe(1);
    expect(stream.subscriptions.state('KX-A', 'orderbook_delta')).toBe('acked');
  });

  it('the subscribe gets no reply: the connection is replaced and the market subscribed on the new one', async () => {
    const { venue, stream } = await setup({ first: 'ignore' });
    await stream.subscribe(['kalshi:KX-B'], ['book']).catch((err: unknown) => expect(err).toBeInstanceOf(NetworkError));
    await vi.waitFor(() => expect(venue.subscribes.some((s) => s.connection > 1)).toBe(true), WAIT);
    expect(venue.subscribes.find((s) => s.connection > 1)?.tickers).toEqual(['KX-B']);
    await vi.waitFor(() => expect(stream.orderBook('kalshi:KX-B')).not.toBeNull(), WAIT);
    expect(stream.subscriptions.lostInTransit).toBe(1);
  });
});
