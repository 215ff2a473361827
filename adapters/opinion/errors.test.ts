import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  BadRequest,
  DuplicateOrder,
  InsufficientFunds,
  InvalidOrder,
  MarketClosed,
  NotFound,
  PermissionDenied,
  RateLimited,
  VenueError,
  VenueFormatError,
  VenueUnavailable,
} from '../../src/core/index.js';
import { createOpinionAdapter, type OpinionAdapter } from './adapter.js';
import { opinionError } from './errors.js';

const err = (errno: number, errmsg: string, endpoint = 'POST /order') => opinionError({ endpoint, status: 200, body: { errno, errmsg, result: null }, idempotent: endpoint.startsWith('GET') });

describe('Opinion error envelope → typed errors (docs/venues/opinion.md §3)', () => {
  it('maps the documented errno values whatever their message', () => {
    const cases: [number, string, new (...a: never[]) => Error][] = [
      [10000, 'token_id is required', BadRequest],
      [10014, 'Please enable trading first', PermissionDenied],
      [10200, 'Topic ID does not exist', NotFound],
      [10403, 'API not available to persons in restricted jurisdictions', PermissionDenied],
      [10605, 'Depth not enough', InvalidOrder],
      [10610, 'postOnly is not allowed for market orders', InvalidOrder],
      [11001, 'This API Key has no related Opinion Login Wallet yet', AuthenticationError],
      [11002, 'Invalid API key', AuthenticationError],
      [11004, 'temporarily disabled', VenueUnavailable],
      [11005, 'not registered', PermissionDenied],
      [11009, 'already exists', DuplicateOrder],
      [11010, 'no key', NotFound],
      [11011, 'Invalid signature', AuthenticationError],
      [11012, 'Signature expired', AuthenticationError],
      [11013, 'Signature already used', AuthenticationError],
    ];
    for (const [errno, msg, cls] of cases) {
      const e = err(errno, msg);
      expect(e, `${errno}`).toBeInstanceOf(cls);
      expect(e.venueCode).toBe(String(errno));
      expect(e.venueMessage).toBe(msg);
      expect(e.endpoint).toBe('POST /order');
      expect(e.status).toBe(200);
    }
  });

  it('maps the failures known only by message fragments', () => {
    expect(err(20001, 'Insufficient token balance')).toBeInstanceOf(InsufficientFunds);
    expect(err(20002, 'Order value is below the minimum required value of 5 USDT')).toBeInstanceOf(InvalidOrder);
    expect(err(20003, 'Order maker must be the current multi-signature wallet')).toBeInstanceOf(PermissionDenied);
    expect(err(20004, 'Market is not open for trading')).toBeInstanceOf(MarketClosed);
    expect(err(20005, 'Duplicate order')).toBeInstanceOf(DuplicateOrder);
    expect(err(20006, 'Order does not exist', 'GET /order/{orderId}')).toBeInstanceOf(NotFound);
  });

  it('reports an unknown errno as such, naming endpoint, code and message', () => {
    const e = err(12345, 'something new', 'GET /market');
    expect(e.constructor).toBe(VenueError);
    expect(e.message).toBe('opinion GET /market: unknown errno 12345 (HTTP 200): something new');
    expect(e.venueCode).toBe('12345');
  });

  it('keeps the shared rules: an envelope with HTTP 429 is RateLimited', () => {
    expect(opinionError({ endpoint: 'GET /market', status: 429, body: { errno: 429, errmsg: 'Too Many Requests', result: null }, idempotent: true })).toBeInstanceOf(RateLimited);
  });
});

describe('the client reads errno, not the HTTP status', () => {
  let server: Server;
  let adapter: OpinionAdapter;
  let reply: { status: number; body: string } = { status: 200, body: '' };

  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(reply.body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    adapter = createOpinionAdapter({ restUrl: `http://127.0.0.1:${port}/openapi`, retry: { maxAttempts: 1 } });
  });
  afterAll(async () => {
    await adapter.close();
    await new Promise((r) => server.close(r));
  });

  it('a recorded HTTP-200 error envelope is NotFound', async () => {
    reply = { status: 200, body: readFileSync(new URL('./__fixtures__/error-envelope-10200.json', import.meta.url), 'utf8') };
    const e = await adapter.getMarket('5342').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(NotFound);
    expect((e as NotFound).message).toContain('GET /market/{marketId}');
  });

  it('an unknown errno with HTTP 200 fails loudly with endpoint and code', async () => {
    reply = { status: 200, body: JSON.stringify({ errno: 77777, errmsg: 'brand new failure', result: null }) };
    await expect(adapter.getMarket('5342')).rejects.toThrow('opinion GET /market/{marketId}: unknown errno 77777 (HTTP 200): brand new failure');
  });

  it('a success whose result does not match fails naming the field', async () => {
    reply = { status: 200, body: JSON.stringify({ errno: 0, errmsg: '', result: { data: { marketId: 'x' } } }) };
    const e = await adapter.getMarket('5342').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(VenueFormatError);
    expect((e as Error).message).toMatch(/GET \/market\/\{marketId\}: unexpected payload at result\.data\.marketId/);
  });

  it('an envelope error with a non-2xx status goes through the same table', async () => {
    reply = { status: 400, body: JSON.stringify({ errno: 10200, errmsg: 'Topic ID does not exist', result: null }) };
    await expect(adapter.getMarket('5342')).rejects.toBeInstanceOf(NotFound);
  });
});
