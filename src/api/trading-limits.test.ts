import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { restingBuy, tradingFixture } from '../../test/support/trading-fixture.js';

/** Safety limits per key and per venue (refused before any venue write), and the audit log. */

function capture(): { logger: pino.Logger; lines: Record<string, unknown>[]; text: () => string } {
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      raw.push(chunk.toString('utf8'));
      cb();
    },
  });
  return {
    logger: pino({ level: 'info' }, stream),
    get lines() {
      return raw.join('').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
    },
    text: () => raw.join(''),
  };
}

describe('safety limits', () => {
  it('refuse an order over the largest notional of the key or of the venue, with limit_exceeded', async () => {
    const f = await tradingFixture({ limits: { default: {}, venues: { polymarket: { maxOrderNotional: '10' } } } });
    try {
      const small = await f.key(['trade'], { limits: { maxOrderNotional: '1' } });
      // 0.3 × 4 = 1.2 > 1
      const res = await f.h.call('POST', '/v1/orders', { token: small.token, body: restingBuy({ size: '4' }) });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('limit_exceeded');
      expect(res.body.detail).toMatch(/1\.2 exceeds the key limit of 1/);
      expect((await f.h.call('POST', '/v1/orders', { token: small.token, body: restingBuy({ size: '3' }) })).status).toBe(201);
      // The venue's limit binds every key: 0.5 × 21 = 10.5 > 10.
      const venue = await f.h.call('POST', '/v1/orders', { token: f.tokens.trade, body: restingBuy({ market: 'polymarket:P1', price: '0.5', size: '21' }) });
      expect(venue.status).toBe(422);
      expect(venue.body.detail).toMatch(/polymarket limit of 10/);
      expect(f.poly.orders.size).toBe(0);
      expect(f.kalshi.orders.size).toBe(1);
    } finally {
      await f.close();
    }
  });

  it('refuse past the daily notional; a refused write gives its share back', async () => {
    const f = await tradingFixture({ limits: { default: { maxDailyNotional: '100' }, venues: {} } });
    try {
      const daily = await f.key(['trade'], { limits: { maxDailyNotional: '1.5' } });
      const ok = await f.h.call('POST', '/v1/orders', { token: daily.token, body: restingBuy({ price: '0.3', size: '3' }) }); // 0.9
      expect(ok.status).toBe(201);
      const over = await f.h.call('POST', '/v1/orders', { token: daily.token, body: restingBuy({ price: '0.3', size: '3' }) }); // 1.8 > 1.5
      expect(over.status).toBe(422);
      expect(over.body).toMatchObject({ code: 'limit_exceeded' });
      expect(over.body.detail).toMatch(/from 0\.9 past its limit of 1\.5/);
      // A refused order did not count: 0.9 + 0.6 = 1.5 fits exactly.
      expect((await f.h.call('POST', '/v1/orders', { token: daily.token, body: restingBuy({ price: '0.3', size: '2' }) })).status).toBe(201);
      // Another key still has room under its own limit, and the venue's.
      expect((await f.h.call('POST', '/v1/orders', { token: f.tokens.trade, body: restingBuy({ price: '0.3', size: '2' }) })).status).toBe(201);
      expect(f.kalshi.orders.size).toBe(3);
    } finally {
      await f.close();
    }
  });

  it('refuse past the most open orders of the key; canceling makes room', async () => {
    const f = await tradingFixture();
    try {
      const few = await f.key(['trade'], { limits: { maxOpenOrders: 1 } });
      const first = await f.h.call('POST', '/v1/orders', { token: few.token, body: restingBuy() });
      expect(first.status).toBe(201);
      // Other keys' orders do not count against this key.
      expect((await f.h.call('POST', '/v1/orders', { token: f.tokens.trade, body: restingBuy() })).status).toBe(201);
      const second = await f.h.call('POST', '/v1/orders', { token: few.token, body: restingBuy({ price: '0.29' }) });
      expect(second.status).toBe(422);
      expect(second.body.detail).toMatch(/this key already has 1 open orders/);
      await f.h.call('DELETE', `/v1/orders/kalshi:${first.body.id}`, { token: few.token });
      expect((await f.h.call('POST', '/v1/orders', { token: few.token, body: restingBuy({ price: '0.29' }) })).status).toBe(201);
    } finally {
      await f.close();
    }
  });
});

describe('audit log', () => {
  it('writes one structured line per order write and refusal, with no secret', async () => {
    const log = capture();
    const f = await tradingFixture({ logger: log.logger });
    try {
      const limited = await f.key(['trade'], { limits: { maxOrderNotional: '0.1' } });
      const placed = await f.h.call('POST', '/v1/orders', { token: f.tokens.trade, body: restingBuy() });
      await f.h.call('DELETE', `/v1/orders/kalshi:${placed.body.id}`, { token: f.tokens.trade });
      await f.h.call('POST', '/v1/orders', { token: limited.token, body: restingBuy() });
      const audit = log.lines.filter((l) => l.audit === 'order');
      expect(audit).toEqual([
        expect.objectContaining({ action: 'place', keyId: f.keyIds.trade, venue: 'kalshi', market: 'kalshi:K1', side: 'buy', outcome: 'yes', size: '2', price: '0.3', result: 'placed', orderId: placed.body.id, latencyMs: expect.any(Number) }),
        expect.objectContaining({ action: 'cancel', keyId: f.keyIds.trade, venue: 'kalshi', market: 'kalshi:K1', result: 'canceled', orderId: placed.body.id }),
        expect.objectContaining({ action: 'place', keyId: limited.id, result: 'refused', code: 'limit_exceeded', orderId: null }),
      ]);
      for (const token of [f.tokens.trade, limited.token]) expect(log.text()).not.toContain(token);
    } finally {
      await f.close();
    }
  });
});
