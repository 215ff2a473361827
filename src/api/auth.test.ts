import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restingBuy, tradingFixture, type TradingFixture } from '../../test/support/trading-fixture.js';

/** The scope and auth matrix of every trading route, key management and (closed) market data. */

let f: TradingFixture;
beforeAll(async () => {
  f = await tradingFixture();
});
afterAll(() => f.close());

const ROUTES: [string, string, unknown?][] = [
  ['POST', '/v1/orders', restingBuy()],
  ['GET', '/v1/orders'],
  ['GET', '/v1/orders/kalshi:mem-1'],
  ['PATCH', '/v1/orders/kalshi:mem-1', { price: '0.31' }],
  ['DELETE', '/v1/orders/kalshi:mem-1'],
  ['DELETE', '/v1/orders'],
  ['GET', `/v1/order-requests/${'0'.repeat(32)}`],
  ['GET', '/v1/fills'],
  ['GET', '/v1/positions'],
  ['GET', '/v1/balances'],
  ['GET', '/orders'],
  ['GET', '/balances'],
];

function expectProblem(res: { status: number; type: string; body: any }, status: number, code: string): void {
  expect(res.status).toBe(status);
  expect(res.type).toBe('application/problem+json');
  expect(res.body).toMatchObject({ status, code });
}

describe('trading routes: keys and scopes', () => {
  it('answer 401 without a key, with a malformed one, an unknown one or a revoked one, always the same way', async () => {
    const revoked = await f.key(['trade']);
    expect(await f.h.keys.revoke(revoked.id)).toBe(true);
    for (const [method, path, body] of ROUTES) {
      const answers = [];
      for (const token of [undefined, 'not a token at all', `venn_${'A'.repeat(43)}`, revoked.token]) {
        const res = await f.h.call(method, path, { ...(token !== undefined ? { token } : {}), ...(body !== undefined ? { body } : {}) });
        expectProblem(res, 401, 'unauthorized');
        expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
        answers.push(token === undefined ? null : res.body.detail);
      }
      // An unknown key, a revoked key and garbage are indistinguishable.
      expect(new Set(answers.slice(1)).size, `${method} ${path}`).toBe(1);
    }
    // A non-bearer scheme is not a key either.
    const basic = await f.h.call('GET', '/v1/orders', { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expectProblem(basic, 401, 'unauthorized');
  });

  it('answer 403 to a key without the trade scope', async () => {
    for (const token of [f.tokens.read, f.tokens.admin]) {
      for (const [method, path, body] of ROUTES) {
        const res = await f.h.call(method, path, { token, ...(body !== undefined ? { body } : {}) });
        expectProblem(res, 403, 'forbidden');
        expect(res.body.detail).toMatch(/trade scope/);
      }
    }
    expect(f.kalshi.orders.size, 'no order was placed').toBe(0);
  });

  it('let a trade key through, and keep a venue-limited key to its venues', async () => {
    const all = await f.h.get('/v1/balances', f.tokens.trade);
    expect(all.status).toBe(200);
    expect(all.body.data.map((b: { venue: string }) => b.venue).sort()).toEqual(['kalshi', 'polymarket']);
    const mine = await f.h.get('/v1/balances', f.tokens.tradeKalshi);
    expect(mine.body.data.map((b: { venue: string }) => b.venue)).toEqual(['kalshi']);
    expectProblem(await f.h.get('/v1/balances?venue=polymarket', f.tokens.tradeKalshi), 403, 'forbidden');
    expectProblem(await f.h.get('/v1/orders/polymarket:mem-1', f.tokens.tradeKalshi), 403, 'forbidden');
    const placed = await f.h.call('POST', '/v1/orders', { token: f.tokens.tradeKalshi, body: restingBuy({ market: 'polymarket:P1', price: '0.5', size: '5' }) });
    expectProblem(placed, 403, 'forbidden');
    expect(f.poly.orders.size).toBe(0);
  });
});

describe('market data', () => {
  it('is open to anonymous callers by default, and a wrong key is still a 401', async () => {
    expect((await f.h.get('/v1/markets')).status).toBe(200);
    expect((await f.h.get('/markets', f.tokens.read)).status).toBe(200);
    expectProblem(await f.h.get('/v1/markets', 'wrong-key-wrong-key-wrong-key'), 401, 'unauthorized');
  });

  it('needs a read (or trade, or admin) key when the operator closes it; health stays open', async () => {
    const closed = await tradingFixture({ marketData: 'key' });
    try {
      for (const path of ['/v1/markets', '/markets', '/v1/venues', '/v1/markets/kalshi:K1/orderbook', '/v1/events']) {
        expectProblem(await closed.h.get(path), 401, 'unauthorized');
        for (const token of [closed.tokens.read, closed.tokens.trade, closed.tokens.admin]) expect((await closed.h.get(path, token)).status, path).toBe(200);
      }
      const noRead = await closed.key(['admin']);
      expect((await closed.h.get('/v1/markets', noRead.token)).status).toBe(200);
      expect((await closed.h.get('/healthz')).status).toBe(200);
      expect((await closed.h.get('/openapi.json')).status).toBe(200);
    } finally {
      await closed.close();
    }
  });
});

describe('per-key request rates', () => {
  it('refuse a key over its rate with 429 and Retry-After, leaving other keys alone', async () => {
    const slow = await f.key(['trade'], { rateLimit: { perSecond: 0.01, burst: 2 } });
    expect((await f.h.get('/v1/balances', slow.token)).status).toBe(200);
    expect((await f.h.get('/v1/balances', slow.token)).status).toBe(200);
    const third = await f.h.get('/v1/balances', slow.token);
    expectProblem(third, 429, 'rate_limited');
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await f.h.get('/v1/balances', f.tokens.trade)).status).toBe(200);
  });
});

describe('key management', () => {
  it('needs an admin key; creates (secret once), lists (never a secret) and revokes', async () => {
    expectProblem(await f.h.call('GET', '/v1/keys', { token: f.tokens.trade }), 403, 'forbidden');
    expectProblem(await f.h.call('GET', '/v1/keys'), 401, 'unauthorized');
    const created = await f.h.call('POST', '/v1/keys', { token: f.tokens.admin, body: { scopes: ['trade'], venues: ['kalshi'], name: 'bot', limits: { maxOrderNotional: '50' } } });
    expect(created.status).toBe(201);
    const secret: string = created.body.key;
    expect(secret).toMatch(/^venn_[A-Za-z0-9_-]{43}$/);
    expect(created.body.info).toMatchObject({ scopes: ['trade'], venues: ['kalshi'], name: 'bot', limits: { maxOrderNotional: '50' }, source: 'store' });
    expect((await f.h.get('/v1/balances', secret)).status).toBe(200);
    const list = await f.h.call('GET', '/v1/keys', { token: f.tokens.admin });
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toContain(secret);
    expect(JSON.stringify(list.body)).not.toMatch(/"hash"/);
    expect(list.body.data.map((k: { id: string }) => k.id)).toContain(created.body.info.id);
    expect((await f.h.call('DELETE', `/v1/keys/${created.body.info.id}`, { token: f.tokens.admin })).status).toBe(204);
    expectProblem(await f.h.get('/v1/balances', secret), 401, 'unauthorized');
    expectProblem(await f.h.call('DELETE', `/v1/keys/${created.body.info.id}`, { token: f.tokens.admin }), 404, 'not_found');
    expectProblem(await f.h.call('POST', '/v1/keys', { token: f.tokens.admin, body: { scopes: ['root'] } }), 400, 'invalid_parameter');
  });
});
