/**
 * SIGTERM to the service as a real child process (node itself, no wrapper): requests that keep
 * arriving on open keep-alive connections are answered with `Connection: close` and finish, none
 * is reset; a venue call still hanging near the drain deadline is cancelled and its client gets a
 * 503 `shutting_down` before the process exits 0.
 */
import { Agent, createServer, request } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { killIfRunning, spawnService, type ServiceProcess } from '../support/service-process.js';

interface Answer {
  status: number;
  connection: string | undefined;
  body: string;
}

function get(url: string, agent: Agent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent }, (res: IncomingMessage) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

let service: ServiceProcess | undefined;
let venue: Server | undefined;
afterEach(async () => {
  killIfRunning(service);
  service = undefined;
  venue?.closeAllConnections();
  await new Promise((r) => (venue ? venue.close(() => r(undefined)) : r(undefined)));
  venue = undefined;
});

describe('shutdown of the running service', () => {
  it('answers keep-alive requests that arrive during the drain with Connection: close, resets none, and exits 0', { timeout: 120_000 }, async () => {
    service = spawnService({ env: { VENUES: 'none', DRAIN_TIMEOUT_MS: '10000' } });
    const url = await service.url();
    const clients = 16;
    let beforeSignal = 0;
    let signalled = false;
    const errors: string[] = [];
    const afterSignal: Answer[] = [];
    // Each client owns one keep-alive connection and sends its next request as soon as the
    // previous answer is in, until an answer says `Connection: close`.
    const loops = Array.from({ length: clients }, async () => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      const sockets = new Set<Socket>();
      agent.on('free', (s: Socket) => sockets.add(s));
      try {
        for (;;) {
          const sentAfterSignal = signalled;
          let answer: Answer;
          try {
            answer = await get(`${url}/healthz`, agent);
          } catch (err) {
            errors.push((err as Error).message);
            return;
          }
          if (sentAfterSignal) afterSignal.push(answer);
          else beforeSignal += 1;
          expect(answer.status).toBe(200);
          if (answer.connection === 'close') return;
        }
      } finally {
        agent.destroy();
        expect(sockets.size, 'every request of a client went over its one connection').toBeLessThanOrEqual(1);
      }
    });
    await vi.waitFor(() => expect(beforeSignal).toBeGreaterThan(clients * 20), { timeout: 30_000, interval: 10 });
    signalled = true;
    service.child.kill('SIGTERM');
    await Promise.all(loops);
    expect(errors, 'no request sent on an open keep-alive connection was reset').toEqual([]);
    expect(afterSignal.length).toBeGreaterThanOrEqual(clients);
    expect(afterSignal.filter((a) => a.connection === 'close').length, 'every client was told to close').toBe(clients);
    expect(await service.exited).toBe(0);
    expect(service.output()).toMatch(/"msg":"stopped"/);
  });

  it('cancels a venue call still hanging near the drain deadline with a 503 and exits 0 within DRAIN_TIMEOUT_MS', { timeout: 120_000 }, async () => {
    // A venue that accepts requests and never answers them.
    const arrived: string[] = [];
    const cancelled: string[] = [];
    venue = createServer((req) => {
      arrived.push(req.url ?? '');
      req.socket.once('close', () => cancelled.push(req.url ?? ''));
    });
    await new Promise<void>((r) => venue!.listen(0, '127.0.0.1', r));
    const port = (venue.address() as AddressInfo).port;
    service = spawnService({
      env: {
        VENUES: 'kalshi',
        KALSHI_API_URL: `http://127.0.0.1:${port}/trade-api/v2`,
        KALSHI_WS_URL: `ws://127.0.0.1:${port}/trade-api/ws/v2`,
        DRAIN_TIMEOUT_MS: '3000',
      },
    });
    const url = await service.url();
    const agent = new Agent({ keepAlive: true });
    try {
      const pending = get(`${url}/v1/markets/kalshi:KXHANG-1/orderbook`, agent);
      await vi.waitFor(() => expect(arrived.some((u) => u.includes('/markets/KXHANG-1/orderbook'))).toBe(true), { timeout: 30_000 });
      const signalledAt = Date.now();
      service.child.kill('SIGTERM');
      const answer = await pending;
      expect(answer.status).toBe(503);
      expect(answer.connection).toBe('close');
      expect(JSON.parse(answer.body)).toMatchObject({ code: 'shutting_down', status: 503, retryable: true });
      expect(await service.exited).toBe(0);
      // Bounded by the configured drain (3 s), with room for a loaded machine to deliver the exit.
      expect(Date.now() - signalledAt).toBeLessThan(3000 + 2000);
      // The upstream request was cancelled (its connection closed), not left to run out its timeout.
      expect(cancelled.some((u) => u.includes('/markets/KXHANG-1/orderbook'))).toBe(true);
      expect(service.output()).toMatch(/"msg":"stopped"/);
    } finally {
      agent.destroy();
    }
  });
});
