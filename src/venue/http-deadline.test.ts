import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DeadlineExceeded, Overloaded, RateLimited } from '../core/errors.js';
import { HttpClient } from './http-client.js';
import { venueMetricsRegistry } from './http-metrics.js';
import { RateLimiter } from './rate-limiter.js';
import { runInContext, type RequestContext } from './request-context.js';

/** A venue that never answers `/hang`, and answers `/busy` 503 with a long Retry-After. */
let server: Server;
let baseUrl: string;
let hits = 0;
const clients: HttpClient[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    hits += 1;
    if (req.url?.startsWith('/busy')) {
      res.writeHead(429, { 'retry-after': '20' });
      res.end('{}');
    }
    // `/hang`: no answer at all.
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  hits = 0;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function client(limiter?: RateLimiter): HttpClient {
  const c = new HttpClient({ venue: 'kalshi', baseUrl, timeoutMs: 10_000, retry: { maxAttempts: 4, baseDelayMs: 10 }, ...(limiter ? { limiter } : {}) });
  clients.push(c);
  return c;
}

function deadline(ms: number): RequestContext {
  const controller = new AbortController();
  setTimeout(() => controller.abort(new Error('deadline')), ms).unref();
  return { lane: 'interactive', client: 'test', deadlineAt: Date.now() + ms, deadlineMs: ms, signal: controller.signal };
}

async function counter(name: string, labels: string): Promise<number> {
  const text = await venueMetricsRegistry.metrics();
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}}`));
  return line ? Number(line.split(' ').pop()) : 0;
}

describe('HttpClient under a request deadline', () => {
  it('a hanging venue costs the deadline, not attempts × timeout: DeadlineExceeded naming venue and deadline', async () => {
    const before = await counter('venn_venue_deadline_hits_total', 'venue="kalshi"');
    const c = client();
    const err = await runInContext(deadline(300), () => c.request({ method: 'GET', path: '/hang' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeadlineExceeded);
    expect((err as DeadlineExceeded).venue).toBe('kalshi');
    expect((err as DeadlineExceeded).timeoutMs).toBe(300);
    expect((err as DeadlineExceeded).code).toBe('timeout');
    // One attempt: the first one ran into the deadline, nothing was retried after it.
    expect(hits).toBe(1);
    expect(await counter('venn_venue_deadline_hits_total', 'venue="kalshi"')).toBe(before + 1);
  });

  it('does not sleep through a Retry-After the deadline cannot hold: the venue answer is returned at once', async () => {
    const c = client();
    const err = await runInContext(deadline(2_000), () => c.request({ method: 'GET', path: '/busy' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimited);
    expect(hits).toBe(1);
  });

  it('a request that cannot get budget within its deadline is shed (Overloaded, named for the venue, counted)', async () => {
    const before = await counter('venn_venue_shed_requests_total', 'venue="kalshi",reason="deadline"');
    const limiter = new RateLimiter({ read: { ratePerSecond: 1, capacity: 1, initial: 0 } }, { fairness: { backgroundShare: 0, maxQueue: 10 } });
    const c = client(limiter);
    const err = await runInContext(deadline(200), () => c.request({ method: 'GET', path: '/hang' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Overloaded);
    expect((err as Overloaded).venue).toBe('kalshi');
    expect((err as Overloaded).retryAfterMs).toBeGreaterThan(0);
    expect(hits).toBe(0);
    expect(await counter('venn_venue_shed_requests_total', 'venue="kalshi",reason="deadline"')).toBe(before + 1);
    limiter.close();
  });

  it('reports queue depth by venue, bucket and lane', async () => {
    const limiter = new RateLimiter({ read: { ratePerSecond: 1, capacity: 1, initial: 0 } }, { fairness: { backgroundShare: 0, maxQueue: 10 } });
    const c = client(limiter);
    const waiting = runInContext({ lane: 'interactive', client: 'x' }, () => c.request({ method: 'GET', path: '/busy' })).catch(() => undefined);
    expect(await counter('venn_venue_queue_depth', 'venue="kalshi",bucket="read",lane="interactive"')).toBe(1);
    limiter.close();
    await waiting;
  });
});
