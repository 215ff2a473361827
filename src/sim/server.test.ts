import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import WebSocket from 'ws';
import { acceptUpgrade, parseCliArgs, rejectUpgrade, startSimServer } from './server.js';

describe('startSimServer', () => {
  it('serves HTTP and WS on loopback, rejects upgrades it refuses, and closes every socket', async () => {
    const app = new Hono().get('/hello', (c) => c.json({ hi: 1 }));
    const sim = await startSimServer({
      app,
      port: 0,
      websocket: {
        paths: ['/ws'],
        handleUpgrade(req, socket, head, wss) {
          if (req.headers['x-token'] !== 'ok') return rejectUpgrade(socket, 401, { error: 'nope' });
          void acceptUpgrade(wss, req, socket, head).then((ws) => ws.send('welcome'));
        },
      },
    });
    expect(sim.url).toBe(`http://127.0.0.1:${sim.port}`);
    const res = await fetch(`${sim.url}/hello`);
    expect(await res.json()).toEqual({ hi: 1 });

    const refused = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${sim.wsBase}/ws`);
      ws.on('unexpected-response', (_req, r) => resolve(r.statusCode ?? 0));
      ws.on('error', () => undefined);
    });
    expect(refused).toBe(401);
    const missing = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${sim.wsBase}/other`, { headers: { 'x-token': 'ok' } });
      ws.on('unexpected-response', (_req, r) => resolve(r.statusCode ?? 0));
      ws.on('error', () => undefined);
    });
    expect(missing).toBe(404);

    const ws = new WebSocket(`${sim.wsBase}/ws?x=1`, { headers: { 'x-token': 'ok' } });
    const first = await new Promise<string>((resolve) => ws.once('message', (d) => resolve(String(d))));
    expect(first).toBe('welcome');
    const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
    await sim.close();
    await closed;
    expect(ws.readyState).toBe(WebSocket.CLOSED);
    await expect(fetch(`${sim.url}/hello`)).rejects.toThrow();
  });
});

describe('parseCliArgs', () => {
  it('parses repeatable and numeric flags', () => {
    const a = parseCliArgs(['--port', '8080', '--seed=7', '--api-key', 'k1:/a.pem', '--api-key', 'k2:/b.pem', '--verbose', '--fund', 'x']);
    expect(a.port).toBe(8080);
    expect(a.seed).toBe(7);
    expect(a.markets).toBeUndefined();
    expect(a.apiKeys).toEqual(['k1:/a.pem', 'k2:/b.pem']);
    expect(a.fund).toEqual(['x']);
    expect(a.flags.get('verbose')).toEqual(['true']);
    expect(() => parseCliArgs(['--port', 'abc'])).toThrow(/non-negative integer/);
    expect(() => parseCliArgs(['stray'])).toThrow(/unexpected/);
  });
});
