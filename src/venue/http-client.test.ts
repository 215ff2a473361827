import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import {
  AuthenticationError,
  BadRequest,
  DuplicateOrder,
  InsufficientFunds,
  NotFound,
  OrderStateUnknown,
  RateLimited,
  Timeout,
  VenueFormatError,
  VenueUnavailable,
} from '../core/errors.js';
import type { VenueErrorSpec } from './error-table.js';
import { HttpClient, type HttpClientOptions, buildQuery } from './http-client.js';
import { venueMetricsRegistry } from './http-metrics.js';
import { RateLimiter } from './rate-limiter.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}
type Handler = (req: Seen, res: ServerResponse, n: number) => void;

let server: Server;
let baseUrl: string;
let handler: Handler = (_req, res) => res.end();
let seen: Seen[] = [];
const clients: HttpClient[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const s: Seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      seen.push(s);
      handler(s, res, seen.length);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/trade-api/v2`;
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  seen = [];
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function client(extra: Partial<HttpClientOptions> = {}): { c: HttpClient; sleeps: number[] } {
  const sleeps: number[] = [];
  const c = new HttpClient({
    venue: 'kalshi',
    baseUrl,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...extra,
  });
  clients.push(c);
  return { c, sleeps };
}

describe('HttpClient', () => {
  it('keeps the base path, encodes repeated query keys and validates the body', async () => {
    handler = (_req, res) => json(res, 200, { markets: [{ ticker: 'KX-1' }] });
    const { c } = client();
    const schema = z.object({ markets: z.array(z.object({ ticker: z.string() })) });
    const out = await c.request({
      method: 'GET',
      path: '/markets',
      query: { tickers: ['KX-1', 'KX 2'], limit: 5, flag: true, skip: undefined, none: null },
      schema,
    });
    expect(out.markets[0]?.ticker).toBe('KX-1');
    expect(seen[0]?.url).toBe('/trade-api/v2/markets?tickers=KX-1&tickers=KX%202&limit=5&flag=true');
  });

  it('requestWithHeaders returns the validated body with the response headers', async () => {
    handler = (_req, res) => json(res, 200, { ok: true }, { 'Cache-Control': 'public, max-age=15' });
    const { c } = client();
    const out = await c.requestWithHeaders({ method: 'GET', path: '/markets', schema: z.object({ ok: z.boolean() }) });
    expect(out.data).toEqual({ ok: true });
    expect(out.headers['cache-control']).toBe('public, max-age=15');
  });

  it('buildQuery returns an empty string when nothing remains', () => {
    expect(buildQuery({ a: undefined, b: null })).toBe('');
    expect(buildQuery({ ids: [1, 2] })).toBe('?ids=1&ids=2');
  });

  it('retries a GET on 503 then succeeds, with full-jitter backoff', async () => {
    handler = (_req, res, n) => (n < 3 ? json(res, 503, { error: 'busy' }) : json(res, 200, { ok: true }));
    const { c, sleeps } = client({ retry: { baseDelayMs: 100, maxDelayMs: 1000 } });
    const out = await c.request<{ ok: boolean }>({ method: 'GET', path: '/ping' });
    expect(out.ok).toBe(true);
    expect(seen).toHaveLength(3);
    // random() = 0.5: attempt 0 → 0.5·100, attempt 1 → 0.5·200
    expect(sleeps).toEqual([50, 100]);
    expect(c.stats()).toMatchObject({ requests: 3, retries: 2, serverErrors: 2, rateLimited: 0 });
  });

  it('honours Retry-After (seconds) instead of the backoff delay and counts 429s apart', async () => {
    handler = (_req, res, n) => (n === 1 ? json(res, 429, { error: 'too many requests' }, { 'retry-after': '3' }) : json(res, 200, {}));
    const { c, sleeps } = client();
    await c.request({ method: 'GET', path: '/x' });
    expect(sleeps).toEqual([3000]);
    expect(c.stats()).toMatchObject({ rateLimited: 1, serverErrors: 0, retries: 1 });
  });

  it('honours Retry-After given as an HTTP date', async () => {
    const now = Date.parse('2026-03-01T12:00:00Z');
    handler = (_req, res, n) =>
      n === 1 ? json(res, 429, {}, { 'retry-after': 'Sun, 01 Mar 2026 12:00:07 GMT' }) : json(res, 200, {});
    const { sleeps, c } = client({ now: () => now });
    await c.request({ method: 'GET', path: '/x' });
    expect(sleeps).toEqual([7000]);
  });

  it('gives up after maxAttempts with RateLimited carrying retryAfterMs', async () => {
    handler = (_req, res) => json(res, 429, { error: 'too many requests' }, { 'retry-after': '1' });
    const { c } = client({ retry: { maxAttempts: 2 } });
    const err = await c.request({ method: 'GET', path: '/x', endpoint: 'GET /x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimited);
    expect((err as RateLimited).retryAfterMs).toBe(1000);
    expect((err as RateLimited).venueMessage).toBe('too many requests');
    expect((err as RateLimited).endpoint).toBe('GET /x');
    expect(seen).toHaveLength(2);
  });

  /** Tables shaped like the ones that once shadowed the shared rules. */
  const GREEDY_429: VenueErrorSpec = { venue: 'kalshi', table: { broad: [{ match: 'too many', error: VenueUnavailable }] } };
  const GREEDY_5XX: VenueErrorSpec = { venue: 'polymarket', table: { status: [{ status: 502, error: VenueUnavailable }] } };

  it('keeps RateLimited and Retry-After when a venue table maps the 429 body', async () => {
    handler = (_req, res) => json(res, 429, { error: 'too many requests' }, { 'retry-after': '2' });
    const { c } = client({ retry: { maxAttempts: 1 }, errors: GREEDY_429 });
    const err = await c.request({ method: 'GET', path: '/x', endpoint: 'GET /x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimited);
    expect((err as RateLimited).retryAfterMs).toBe(2000);
  });

  it('a write answered 502 by a venue whose table calls 5xx unavailable is still outcome unknown, sent once', async () => {
    handler = (_req, res) => json(res, 502, { error: 'could not insert order' });
    const { c, sleeps } = client({ errors: GREEDY_5XX });
    const err = await c.request({ method: 'POST', path: '/order', body: { a: 1 } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OrderStateUnknown);
    expect((err as OrderStateUnknown).retryable).toBe(false);
    expect(seen).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('does not wait for a Retry-After longer than maxRetryAfterMs', async () => {
    handler = (_req, res) => json(res, 429, {}, { 'retry-after': '79' });
    const { c, sleeps } = client();
    await expect(c.request({ method: 'GET', path: '/x' })).rejects.toBeInstanceOf(RateLimited);
    expect(sleeps).toEqual([]);
    expect(seen).toHaveLength(1);
  });

  it('never retries a non-idempotent POST on 503', async () => {
    handler = (_req, res) => json(res, 503, { message: 'cancel-only mode' });
    const { c, sleeps } = client();
    const err = await c.request({ method: 'POST', path: '/portfolio/orders', body: { a: 1 } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VenueUnavailable);
    expect((err as VenueUnavailable).venueMessage).toBe('cancel-only mode');
    expect(seen).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('treats a gateway timeout (504) to a write as OrderStateUnknown', async () => {
    handler = (_req, res) => json(res, 504, {});
    const { c } = client();
    await expect(c.request({ method: 'POST', path: '/orders', body: {} })).rejects.toBeInstanceOf(OrderStateUnknown);
    expect(seen).toHaveLength(1);
  });

  it('refuses an authenticated request without a signer', async () => {
    const { c } = client();
    await expect(c.request({ method: 'GET', path: '/portfolio/balance', auth: true })).rejects.toBeInstanceOf(AuthenticationError);
    expect(seen).toHaveLength(0);
  });

  it('turns a write timeout into OrderStateUnknown (never retried) and a read timeout into Timeout', async () => {
    handler = () => undefined; // never answers
    // The deadline is long enough for the request to reach the server even on a loaded machine.
    const { c } = client({ timeoutMs: 1_000, retry: { maxAttempts: 2 } });
    const write = await c.request({ method: 'POST', path: '/orders', body: { x: 1 } }).catch((e: unknown) => e);
    expect(write).toBeInstanceOf(OrderStateUnknown);
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    const read = await c.request({ method: 'GET', path: '/slow' }).catch((e: unknown) => e);
    expect(read).toBeInstanceOf(Timeout);
    expect(read).not.toBeInstanceOf(OrderStateUnknown);
    await vi.waitFor(() => expect(seen).toHaveLength(3));
    expect(c.stats().networkErrors).toBe(3);
  });

  it('turns a dropped connection during a write into OrderStateUnknown', async () => {
    handler = (req, res) => res.socket?.destroy();
    const { c } = client();
    await expect(c.request({ method: 'DELETE', path: '/orders/1' })).rejects.toBeInstanceOf(OrderStateUnknown);
  });

  it('reports a refused connection as VenueUnavailable, not OrderStateUnknown', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const { c } = client({ baseUrl: `http://127.0.0.1:${port}` });
    await expect(c.request({ method: 'POST', path: '/orders', body: {} })).rejects.toBeInstanceOf(VenueUnavailable);
  });

  it('fails schema mismatches with VenueFormatError naming venue, endpoint and field', async () => {
    handler = (_req, res) => json(res, 200, { market: { ticker: 'KX', yes_bid_dollars: 0.42 } });
    const { c } = client();
    const schema = z.object({ market: z.object({ ticker: z.string(), yes_bid_dollars: z.string() }) });
    const err = await c
      .request({ method: 'GET', path: '/markets/KX', endpoint: 'GET /markets/{ticker}', schema })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VenueFormatError);
    const msg = (err as Error).message;
    expect(msg).toContain('kalshi');
    expect(msg).toContain('GET /markets/{ticker}');
    expect(msg).toContain('market.yes_bid_dollars');
  });

  it('maps statuses generically and applies the venue table first', async () => {
    const statuses: [number, unknown][] = [
      [400, BadRequest],
      [401, AuthenticationError],
      [404, NotFound],
      [409, DuplicateOrder],
    ];
    for (const [status, cls] of statuses) {
      handler = (_req, res) => json(res, status, { error: { code: 'x', message: `m${status}` } });
      const { c } = client();
      const err = await c.request({ method: 'GET', path: '/e' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(cls as new () => Error);
      expect((err as NotFound).venueMessage).toBe(`m${status}`);
      expect((err as NotFound).status).toBe(status);
    }
    handler = (_req, res) => json(res, 400, { error: { code: 'insufficient_balance', message: 'no money' } });
    const { c } = client({
      errors: { venue: 'kalshi', table: { broad: [{ match: 'insufficient', error: InsufficientFunds }] } },
    });
    await expect(c.request({ method: 'POST', path: '/o', body: {} })).rejects.toBeInstanceOf(InsufficientFunds);
  });

  it('calls the signer on every attempt with the exact path, query and body sent; secrets stay out of errors', async () => {
    const calls: { path: string; query: string; body: string | undefined }[] = [];
    handler = (req, res, n) => {
      if (n === 1) return json(res, 500, { error: 'boom' });
      if (req.headers['x-sig'] !== `sig-${n}`) return json(res, 401, {});
      return json(res, 401, { error: 'bad key' });
    };
    let k = 0;
    const { c } = client({
      sign: (r) => {
        calls.push({ path: r.path, query: r.query, body: r.body });
        k += 1;
        return { 'x-sig': `sig-${k}`, 'x-secret': 'SUPER-SECRET-KEY' };
      },
    });
    const err = await c.request({ method: 'GET', path: '/portfolio/balance', query: { a: 'b' }, auth: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(calls).toEqual([
      { path: '/trade-api/v2/portfolio/balance', query: '?a=b', body: undefined },
      { path: '/trade-api/v2/portfolio/balance', query: '?a=b', body: undefined },
    ]);
    expect(seen.map((s) => s.headers['x-sig'])).toEqual(['sig-1', 'sig-2']);
    expect(JSON.stringify((err as AuthenticationError).toJSON())).not.toContain('SUPER-SECRET');
    expect((err as Error).message).not.toContain('SUPER-SECRET');
  });

  it('sends the signed body string byte for byte', async () => {
    handler = (_req, res) => json(res, 201, { id: 'o1' });
    let signed: string | undefined;
    const { c } = client({ sign: (r) => ((signed = r.body), {}) });
    await c.request({ method: 'POST', path: '/orders', body: { price: '0.42', n: [1] }, auth: true });
    expect(signed).toBe('{"price":"0.42","n":[1]}');
    expect(seen[0]?.body).toBe(signed);
    expect(seen[0]?.headers['content-type']).toBe('application/json');
  });

  it('sends a pre-encoded body text as given, signed and sent the same', async () => {
    handler = (_req, res) => json(res, 200, { id: 'o1' });
    let signed: string | undefined;
    const { c } = client({ sign: (r) => ((signed = r.body), {}) });
    const text = '{"amount":12.345678901234567,"limitProb":0.07}';
    await c.request({ method: 'POST', path: '/bet', bodyText: text, body: { ignored: true }, auth: true });
    expect(signed).toBe(text);
    expect(seen[0]?.body).toBe(text);
    expect(seen[0]?.headers['content-type']).toBe('application/json');
  });

  it('waits for tokens instead of exceeding the bucket', async () => {
    handler = (_req, res) => json(res, 200, {});
    // Two tokens of burst, then one per minute: the third request must wait, not be sent.
    const limiter = new RateLimiter({ read: { ratePerSecond: 1 / 60, capacity: 2 } });
    const { c } = client({ limiter });
    const results = Array.from({ length: 3 }, () => c.request({ method: 'GET', path: '/x' }));
    await Promise.all(results.slice(0, 2));
    expect(seen).toHaveLength(2);
    expect(limiter.statuses()[0]?.available).toBe(0);
    limiter.close();
    await expect(results[2]).rejects.toThrow();
    expect(seen).toHaveLength(2);
  });

  it('returns undefined for 204 and raw responses without mapping', async () => {
    handler = (_req, res, n) => {
      if (n === 1) {
        res.writeHead(204);
        res.end();
      } else json(res, 404, { message: 'nope' });
    };
    const { c } = client();
    await expect(c.request({ method: 'DELETE', path: '/o/1' })).resolves.toBeUndefined();
    const raw = await c.requestRaw({ method: 'GET', path: '/missing' });
    expect(raw.status).toBe(404);
    expect(raw.json).toEqual({ message: 'nope' });
  });

  it('rejects a non-JSON success body', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>cf</html>');
    };
    const { c } = client();
    await expect(c.request({ method: 'GET', path: '/x' })).rejects.toBeInstanceOf(VenueFormatError);
  });

  it('records Prometheus counters per venue, endpoint and status', async () => {
    handler = (_req, res, n) => (n === 1 ? json(res, 502, {}) : json(res, 200, {}));
    const { c } = client({ venue: 'polymarket' });
    await c.request({ method: 'GET', path: '/book', endpoint: 'GET /book' });
    const text = await venueMetricsRegistry.metrics();
    expect(text).toMatch(/venn_venue_http_requests_total\{venue="polymarket",endpoint="GET \/book",status="502"\} 1/);
    expect(text).toMatch(/venn_venue_http_retries_total\{venue="polymarket",reason="server_error"\} \d+/);
  });

  it('shows every response, success and error, to onResponse before mapping it', async () => {
    handler = (_req, res, n) => (n === 1 ? json(res, 429, { error: 'slow down' }, { 'x-budget': '0', 'retry-after': '1' }) : json(res, 200, {}, { 'X-Budget': '41' }));
    const seenResponses: { endpoint: string; status: number; budget: string | undefined }[] = [];
    const { c } = client({ onResponse: (r) => seenResponses.push({ endpoint: r.endpoint, status: r.status, budget: r.headers['x-budget'] }) });
    await c.request({ method: 'GET', path: '/x', endpoint: 'GET /x' });
    expect(seenResponses).toEqual([
      { endpoint: 'GET /x', status: 429, budget: '0' },
      { endpoint: 'GET /x', status: 200, budget: '41' },
    ]);
  });
});
