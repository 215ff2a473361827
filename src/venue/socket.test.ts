import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import { NetworkError } from '../core/errors.js';
import { ReconnectingSocket, type ReconnectingSocketOptions } from './socket.js';

let wss: WebSocketServer;
let url: string;
let handshakes: IncomingMessage[] = [];
let serverSockets: WebSocket[] = [];
let reject401 = 0;
const sockets: ReconnectingSocket[] = [];

beforeEach(async () => {
  handshakes = [];
  serverSockets = [];
  reject401 = 0;
  wss = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    verifyClient: (_info, cb) => {
      if (reject401 > 0) {
        reject401 -= 1;
        cb(false, 401, 'Unauthorized');
      } else cb(true);
    },
  });
  wss.on('connection', (ws, req) => {
    handshakes.push(req);
    serverSockets.push(ws);
    ws.on('message', (data) => {
      const text = data.toString();
      if (text === 'PING') ws.send('PONG');
      else if (text.startsWith('echo:')) ws.send(text.slice(5));
    });
  });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/ws`;
});

afterEach(async () => {
  await Promise.all(sockets.splice(0).map((s) => s.close()));
  for (const c of wss.clients) c.terminate();
  await new Promise<void>((resolve) => wss.close(() => resolve()));
});

function socket(extra: Partial<ReconnectingSocketOptions> = {}): ReconnectingSocket {
  const s = new ReconnectingSocket({ venue: 'kalshi', url, backoff: { baseMs: 5, maxMs: 20 }, ...extra });
  sockets.push(s);
  return s;
}

async function waitFor(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('ReconnectingSocket', () => {
  it('reconnects after the server drops it and rebuilds the handshake headers each time', async () => {
    let n = 0;
    const s = socket({ headers: () => ({ 'x-signature': `sig-${++n}` }) });
    const opens: boolean[] = [];
    const closes: number[] = [];
    s.onOpen((re) => opens.push(re));
    s.onClose((code) => closes.push(code));
    await s.connect();
    expect(s.isOpen).toBe(true);
    serverSockets[0]?.terminate();
    await waitFor(() => opens.length === 2, 'reconnect');
    expect(opens).toEqual([false, true]);
    expect(closes).toHaveLength(1);
    expect(handshakes.map((h) => h.headers['x-signature'])).toEqual(['sig-1', 'sig-2']);
    expect(s.connections).toBe(2);
  });

  it('delivers text messages and sends when open', async () => {
    const s = socket();
    const got: string[] = [];
    s.onMessage((t) => got.push(t));
    await s.connect();
    s.send('echo:{"type":"hello"}');
    await waitFor(() => got.length === 1, 'echo');
    expect(got).toEqual(['{"type":"hello"}']);
  });

  it('throws from send when not open, and never reconnects after close()', async () => {
    const s = socket();
    expect(() => s.send('x')).toThrow(NetworkError);
    await s.connect();
    await s.close();
    expect(s.isOpen).toBe(false);
    expect(() => s.send('x')).toThrow(NetworkError);
    await new Promise((r) => setTimeout(r, 60));
    expect(handshakes).toHaveLength(1);
    await expect(s.connect()).rejects.toBeInstanceOf(NetworkError);
  });

  it('treats missed heartbeats as a dead connection and reconnects', async () => {
    // The server answers nothing to a text ping it does not know, so the socket goes idle.
    const s = socket({ textPing: 'HEARTBEAT', pingIntervalMs: 20, idleTimeoutMs: 80 });
    const opens: boolean[] = [];
    s.onOpen((re) => opens.push(re));
    await s.connect();
    await waitFor(() => opens.length >= 2, 'idle reconnect');
    expect(opens[1]).toBe(true);
  });

  it('counts text PONG replies as liveness without delivering them', async () => {
    // Pinging lasts well past the idle timeout, which is still wide enough that a busy event loop
    // (a stall between a ping and its PONG) is not mistaken for a dead connection.
    const s = socket({ textPing: 'PING', textPong: 'PONG', pingIntervalMs: 10, idleTimeoutMs: 300 });
    const got: string[] = [];
    let pongs = 0;
    wss.on('connection', (ws) => ws.on('message', (d) => d.toString() === 'PING' && (pongs += 1)));
    s.onMessage((t) => got.push(t));
    await s.connect();
    await waitFor(() => pongs >= 50, 'ping/pong rounds spanning more than the idle timeout');
    expect(s.connections).toBe(1);
    expect(got).toEqual([]);
  });

  it('retries a refused handshake with fresh headers until accepted', async () => {
    reject401 = 2;
    let n = 0;
    const errors: string[] = [];
    const s = socket({ headers: () => ({ 'x-ts': String(++n) }) });
    s.onError((e) => errors.push(e.message));
    await s.connect();
    expect(errors.length).toBeGreaterThanOrEqual(2);
    expect(errors[0]).toContain('401');
    expect(n).toBe(3);
    expect(handshakes[0]?.headers['x-ts']).toBe('3');
  });
});

describe('ReconnectingSocket listener errors', () => {
  it('reports a throwing message listener via onError and keeps delivering', async () => {
    const s = socket();
    const got: string[] = [];
    const errors: string[] = [];
    s.onMessage((t) => {
      if (t === 'bad') throw new Error('listener bug');
      got.push(t);
    });
    s.onError((e) => errors.push(e.message));
    await s.connect();
    s.send('echo:bad');
    s.send('echo:good');
    await waitFor(() => got.length === 1, 'second message');
    expect(got).toEqual(['good']);
    expect(errors).toEqual(['listener bug']);
    expect(s.isOpen).toBe(true);
  });
});
