import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { Timeout } from '../../src/core/index.js';
import { KalshiSigner } from './auth.js';
import { DEMO_KEY_ID, DEMO_PRIVATE_KEY_PATH } from './sim/index.js';
import { KalshiStream } from './stream.js';

/**
 * Kalshi merges a `subscribe` to a channel the connection already has into the existing sid and
 * answers `ok` (docs/venues/kalshi.md §9.3). A scripted venue replays the recorded frames of
 * `__fixtures__/ws-multi-market-subscription-sequence.json`; the adapter reaches the repeated
 * subscribe the way it can in practice: its unsubscribe got no answer, so the venue still holds
 * the sid the adapter let go of.
 */

type Frame = Record<string, unknown> & { id?: number; sid?: number; seq?: number; msg?: unknown };
const recorded = JSON.parse(
  readFileSync(join(import.meta.dirname, '__fixtures__', 'ws-multi-market-subscription-sequence.json'), 'utf8'),
) as Record<string, Frame>;
const A = 'KXFEDDECISION-26SEP-H0';
const B = 'KXGOVTSHUTDOWN-26OCT01';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function recordedVenue(): Promise<{ url: string; commands: { cmd: string; params?: unknown }[] }> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', path: '/trade-api/ws/v2' });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const commands: { cmd: string; params?: unknown }[] = [];
  wss.on('connection', (ws: WebSocket) => {
    const send = (f: Frame) => ws.send(JSON.stringify(f));
    ws.on('message', (data) => {
      const c = JSON.parse(String(data)) as { id: number; cmd: string; params?: { market_tickers?: string[] } };
      commands.push({ cmd: c.cmd, params: c.params });
      const subscribes = commands.filter((x) => x.cmd === 'subscribe').length;
      if (c.cmd === 'subscribe' && subscribes === 1) {
        send({ ...recorded['subscribe_ack_single_ticker'], id: c.id });
        send(recorded['snapshot_ticker_a_seq1'] as Frame);
      } else if (c.cmd === 'subscribe' && subscribes === 2) {
        send({ ...recorded['merged_subscribe_ok_response'], id: c.id });
        send(recorded['snapshot_ticker_b_seq3'] as Frame);
      }
      // `unsubscribe`: no answer (lost).
    });
  });
  close = () =>
    new Promise<void>((r) => {
      for (const c of wss.clients) c.terminate();
      wss.close(() => r());
    });
  return { url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/trade-api/ws/v2`, commands };
}

describe('kalshi stream: a subscribe the venue merges into an existing sid', () => {
  it('accepts the `ok` reply, keeps the sid it names, and serves the snapshot that follows on it', async () => {
    const venue = await recordedVenue();
    const stream = new KalshiStream({
      wsUrl: venue.url,
      signer: new KalshiSigner({ keyId: DEMO_KEY_ID, privateKey: DEMO_PRIVATE_KEY_PATH }),
      commandTimeoutMs: 300,
    });
    try {
      await stream.subscribe([`kalshi:${A}`]);
      await expect.poll(() => stream.orderBook(`kalshi:${A}`)).not.toBeNull();
      await expect(stream.unsubscribe([`kalshi:${A}`])).rejects.toBeInstanceOf(Timeout);

      await stream.subscribe([`kalshi:${B}`]);
      expect(venue.commands.map((c) => c.cmd)).toEqual(['subscribe', 'unsubscribe', 'subscribe']);
      await expect.poll(() => stream.orderBook(`kalshi:${B}`)).not.toBeNull();
      const book = stream.orderBook(`kalshi:${B}`);
      // The recorded B snapshot: YES bids up to 0.03, NO levels 0.05…0.99 on the YES scale.
      expect(book?.bids[0]).toEqual(['0.03', '30216.12']);
      expect(book?.asks[0]).toEqual(['0.05', '14835.16']);
      expect(book?.asks.at(-1)).toEqual(['0.99', '108444.19']);
      // The ok's seq 2 and the snapshot's seq 3 continue the sid's sequence: no gap, no resync.
      expect(stream.books.counters.gaps).toBe(0);
      expect(stream.malformedFrames).toBe(0);
      expect(stream.orderBook(`kalshi:${A}`)).toBeNull();
    } finally {
      await stream.close();
    }
  });
});
