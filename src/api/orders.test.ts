import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { restingBuy, tradingFixture, type TradingFixture } from '../../test/support/trading-fixture.js';

/** Orders through the API over in-memory venues: validation, placement, reads, cancels, account. */

let f: TradingFixture;
beforeAll(async () => {
  f = await tradingFixture();
});
afterAll(() => f.close());
afterEach(async () => {
  await f.h.call('DELETE', '/v1/orders', { token: f.tokens.trade });
});

const place = (body: unknown, headers: Record<string, string> = {}, token = f.tokens.trade) => f.h.call('POST', '/v1/orders', { token, body, headers });

describe('POST /v1/orders: validation before any venue call', () => {
  const cases: [string, unknown, string, RegExp][] = [
    ['price off the grid', restingBuy({ price: '0.305' }), 'price', /not on the price grid/],
    ['price off a banded grid', restingBuy({ market: 'kalshi:K3', price: '0.5005' }), 'price', /not on the price grid/],
    ['price missing on a limit order', restingBuy({ price: undefined }), 'price', /required for a limit order/],
    ['price of 1', restingBuy({ price: '1' }), 'price', /less than 1/],
    ['price of 0', restingBuy({ price: '0.000' }), 'price', /greater than 0/],
    ['price as a number', restingBuy({ price: 0.3 }), 'price', /.+/],
    ['price with an exponent', restingBuy({ price: '3e-1' }), 'price', /decimal/],
    ['size below the minimum', restingBuy({ market: 'polymarket:P1', price: '0.5', size: '4.99' }), 'size', /at least 5/],
    ['negative size', restingBuy({ size: '-2' }), 'size', /greater than 0/],
    ['a closed market', restingBuy({ market: 'kalshi:K2' }), 'market', /closed, not open/],
    ['an unknown market', restingBuy({ market: 'kalshi:NOPE' }), 'market', /no market/],
    ['a malformed market id', restingBuy({ market: 'K1' }), 'market', /venue/],
    ['a venue that is not enabled', restingBuy({ market: 'opinion:1' }), 'market', /not enabled/],
    ['gtd without expiry', restingBuy({ timeInForce: 'gtd' }), 'expiresAt', /required/],
    ['gtd in the past', restingBuy({ timeInForce: 'gtd', expiresAt: '2020-01-01T00:00:00Z' }), 'expiresAt', /future/],
    ['expiry without gtd', restingBuy({ expiresAt: '2099-01-01T00:00:00Z' }), 'expiresAt', /only allowed/],
    ['post-only ioc', restingBuy({ postOnly: true, timeInForce: 'ioc' }), 'postOnly', /rests on the book/],
    ['a gtc market order', restingBuy({ type: 'market', price: undefined, timeInForce: 'gtc' }), 'timeInForce', /ioc or fok/],
    ['an unknown field', restingBuy({ leverage: 10 }), 'leverage', /unknown/],
    ['an unknown side', restingBuy({ side: 'short' }), 'side', /.+/],
    ['a bad client order id', restingBuy({ clientOrderId: 'has space' }), 'clientOrderId', /letters, digits/],
  ];
  for (const [label, body, field, message] of cases) {
    it(`refuses ${label}, naming ${field}`, async () => {
      const res = await place(body);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.type).toBe('application/problem+json');
      expect(res.body.code).toBe('invalid_parameter');
      const entry = res.body.errors.find((e: { name: string }) => e.name === field);
      expect(entry, JSON.stringify(res.body.errors)).toBeDefined();
      expect(entry.message).toMatch(message);
      expect(f.kalshi.orders.size + f.poly.orders.size, 'nothing reached a venue').toBe(0);
    });
  }

  it('refuses a body that is not JSON, or not an object, with a problem', async () => {
    for (const body of ['{"market":', '[]', 'null', '"x"']) {
      const res = await place(body);
      expect(res.status, body).toBe(400);
      expect(res.type).toBe('application/problem+json');
    }
    const res = await f.h.call('POST', '/v1/orders', { token: f.tokens.trade, body: 'market=kalshi:K1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.status).toBe(415);
    expect(res.body.code).toBe('unsupported_media_type');
    const empty = await f.h.call('POST', '/v1/orders', { token: f.tokens.trade });
    expect(empty.status).toBe(400);
    expect(empty.body.errors.map((e: { name: string; in: string }) => `${e.in}:${e.name}`)).toEqual(expect.arrayContaining(['body:market', 'body:size']));
    expect(f.kalshi.orders.size).toBe(0);
  });
});

describe('POST /v1/orders: placement', () => {
  it('places a resting order: 201, canonical, Location, the client order id as sent; then read, listed and canceled', async () => {
    const res = await place(restingBuy({ price: '0.300', size: '2.00', clientOrderId: 'my-order-1' }));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ venue: 'kalshi', marketId: 'kalshi:K1', side: 'buy', outcome: 'yes', price: '0.3', size: '2', status: 'open', clientOrderId: 'my-order-1' });
    const id = `kalshi:${res.body.id}`;
    expect(res.headers.get('location')).toBe(`/v1/orders/${id}`);
    // At the venue the client order id is namespaced by the key.
    expect([...f.kalshi.orders.values()][0]?.clientOrderId).toBe(`${f.keyIds.trade}:my-order-1`);

    const got = await f.h.get(`/v1/orders/${encodeURIComponent(id)}`, f.tokens.trade);
    expect(got.body).toMatchObject({ id: res.body.id, status: 'open', clientOrderId: 'my-order-1' });
    const listed = await f.h.get('/v1/orders?venue=kalshi&status=open', f.tokens.trade);
    expect(listed.body.data.map((o: { id: string }) => o.id)).toEqual([res.body.id]);
    // Another key sees the order too (one venue account), with the client order id the venue holds.
    const other = await f.h.get(`/v1/orders/${id}`, f.tokens.tradeKalshi);
    expect(other.body.clientOrderId).toBe(`${f.keyIds.trade}:my-order-1`);

    const canceled = await f.h.call('DELETE', `/v1/orders/${id}`, { token: f.tokens.trade });
    expect(canceled.status).toBe(200);
    expect(canceled.body.status).toBe('canceled');
    expect((await f.h.get('/v1/orders?status=open', f.tokens.trade)).body.data).toEqual([]);
  });

  it('answers 501 not_supported to an amendment where the venue cannot amend, before reading anything', async () => {
    const placed = await place(restingBuy());
    const res = await f.h.call('PATCH', `/v1/orders/kalshi:${placed.body.id}`, { token: f.tokens.trade, body: { price: '0.31' } });
    expect(res.status).toBe(501);
    expect(res.body.code).toBe('not_supported');
  });

  it('a market order is sent at the edge of the grid, immediate-or-cancel, and fills at the book', async () => {
    const res = await place({ market: 'kalshi:K1', side: 'buy', outcome: 'yes', type: 'market', size: '3' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ price: '0.99', timeInForce: 'ioc', filled: '3', status: 'filled', averageFillPrice: '0.43' });
    const fills = await f.h.get(`/v1/fills?order=kalshi:${res.body.id}`, f.tokens.trade);
    expect(fills.body.data.map((x: { size: string; price: string }) => [x.price, x.size])).toEqual([['0.43', '3']]);
    const positions = await f.h.get('/v1/positions?market=kalshi:K1', f.tokens.trade);
    expect(positions.body.data).toEqual([
      expect.objectContaining({ marketId: 'kalshi:K1', outcome: 'yes', size: '3', averagePrice: '0.43', mark: '0.42', marketValue: '1.26', unrealizedPnl: '-0.03' }),
    ]);
  });

  it('a NO market order is priced at the NO edge of a banded grid', async () => {
    const res = await place({ market: 'kalshi:K3', side: 'buy', outcome: 'no', type: 'market', size: '1', timeInForce: 'fok' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.price).toBe('0.999');
  });

  it('balances carry realMoney; a venue failing is reported in meta.errors, not fatal', async () => {
    const ok = await f.h.get('/v1/balances', f.tokens.trade);
    expect(ok.body.data).toEqual([
      { venue: 'kalshi', currency: 'USD', available: '1000', total: '1000', realMoney: true },
      { venue: 'polymarket', currency: 'USDC', available: '500', total: '500', realMoney: true },
    ]);
    f.poly.setFailure(new Error('boom'));
    try {
      const partial = await f.h.get('/v1/balances', f.tokens.trade);
      expect(partial.status).toBe(200);
      expect(partial.body.data.map((b: { venue: string }) => b.venue)).toEqual(['kalshi']);
      expect(partial.body.meta.errors).toEqual([{ venue: 'polymarket', status: 500, code: 'internal', detail: expect.not.stringContaining('boom') }]);
      const only = await f.h.get('/v1/balances?venue=polymarket', f.tokens.trade);
      expect(only.status).toBe(500);
    } finally {
      f.poly.setFailure(null);
    }
  });

  it('cancel-all cancels every open order of the key’s venues (or of one market)', async () => {
    await place(restingBuy({ price: '0.2' }));
    await place(restingBuy({ price: '0.21' }));
    await place(restingBuy({ market: 'polymarket:P1', price: '0.3', size: '5' }));
    const one = await f.h.call('DELETE', '/v1/orders?market=polymarket:P1', { token: f.tokens.trade });
    expect(one.body.data.map((o: { marketId: string; status: string }) => [o.marketId, o.status])).toEqual([['polymarket:P1', 'canceled']]);
    const rest = await f.h.call('DELETE', '/orders', { token: f.tokens.trade });
    expect(rest.status).toBe(200);
    expect(rest.body.data).toHaveLength(2);
    expect((await f.h.get('/v1/orders?status=open', f.tokens.trade)).body.data).toEqual([]);
  });

  it('pages orders across venues with one opaque cursor bound to its query', async () => {
    for (let i = 0; i < 3; i++) await place(restingBuy({ price: `0.1${i}` }));
    for (let i = 0; i < 2; i++) await place(restingBuy({ market: 'polymarket:P1', price: `0.2${i}`, size: '5' }));
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await f.h.get(`/v1/orders?status=open&limit=2${cursor ? `&cursor=${cursor}` : ''}`, f.tokens.trade);
      expect(res.status).toBe(200);
      seen.push(...res.body.data.map((o: { venue: string; id: string }) => `${o.venue}:${o.id}`));
      cursor = res.body.nextCursor;
      pages += 1;
    } while (cursor !== null && pages < 10);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    expect(seen.filter((s) => s.startsWith('polymarket:'))).toHaveLength(2);
    const first = await f.h.get('/v1/orders?status=open&limit=2', f.tokens.trade);
    const wrong = await f.h.get(`/v1/orders?status=all&limit=2&cursor=${first.body.nextCursor}`, f.tokens.trade);
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors[0].name).toBe('cursor');
  });
});
