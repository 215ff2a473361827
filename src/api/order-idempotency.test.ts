import { describe, expect, it, vi } from 'vitest';
import { InvalidOrder, OrderStateUnknown, type Order, type PlaceOrderRequest } from '../core/index.js';
import { restingBuy, tradingFixture, type FixtureOptions } from '../../test/support/trading-fixture.js';

/**
 * Idempotent placement through the API: retries with the same key return the same order, another
 * request under the same key is a conflict, concurrent retries place one order, and a write whose
 * outcome is unknown answers 202 and is reconciled, never sent twice.
 */

/** A placeOrder that waits until released, counting the calls that reached it. */
function held(): { wrap: NonNullable<FixtureOptions['wrapPlace']>; release(): void; calls: () => number } {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let calls = 0;
  return {
    wrap: (placeOrder) => async (r: PlaceOrderRequest) => {
      calls += 1;
      await gate;
      return placeOrder(r);
    },
    release: () => release(),
    calls: () => calls,
  };
}

describe('idempotency keys', () => {
  it('the same key and body return the same order; another body under it is a 409; keys are per API key', async () => {
    const f = await tradingFixture();
    try {
      const key = { 'idempotency-key': 'retry-me-1' };
      const first = await f.h.call('POST', '/v1/orders', { token: f.tokens.trade, body: restingBuy({ price: '0.30' }), headers: key });
      expect(first.status).toBe(201);
      expect(first.headers.get('idempotent-replayed')).toBeNull();
      // Same request, decimals written differently.
      const again = await f.h.call('POST', '/v1/orders', { token: f.tokens.trade, body: restingBuy({ price: '0.3', size: '2.0' }), headers: key });
      expect(again.status).toBe(201);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body.id).toBe(first.body.id);
      const other = await f.h.call('POST', '/v1/orders', { token: f.tokens.trade, body: restingBuy({ price: '0.31' }), headers: key });
      expect(other.status).toBe(409);
      expect(other.body.code).toBe('idempotency_conflict');
      expect(f.kalshi.orders.size).toBe(1);
      // Another API key has its own idempotency keys.
      const otherKey = await f.h.call('POST', '/v1/orders', { token: f.tokens.tradeKalshi, body: restingBuy({ price: '0.30' }), headers: key });
      expect(otherKey.status).toBe(201);
      expect(otherKey.body.id).not.toBe(first.body.id);
      expect(f.kalshi.orders.size).toBe(2);
    } finally {
      await f.close();
    }
  });

  it('clientOrderId is the idempotency key when no header is sent, and two keys may use the same one', async () => {
    const f = await tradingFixture();
    try {
      const body = restingBuy({ clientOrderId: 'c-1' });
      const first = await f.h.call('POST', '/v1/orders', { token: f.tokens.trade, body });
      const again = await f.h.call('POST', '/v1/orders', { token: f.tokens.trade, body });
      expect(again.body.id).toBe(first.body.id);
      expect((await f.h.call('POST', '/v1/orders', { token: f.tokens.trade, body: { ...body, size: '3' } })).status).toBe(409);
      const otherKey = await f.h.call('POST', '/v1/orders', { token: f.tokens.tradeKalshi, body });
      expect(otherKey.status).toBe(201);
      expect(otherKey.body.clientOrderId).toBe('c-1');
      expect(f.kalshi.orders.size).toBe(2);
    } finally {
      await f.close();
    }
  });

  it('20 concurrent requests with the same key place exactly one order, and all answer it', async () => {
    const gate = held();
    const f = await tradingFixture({ wrapPlace: gate.wrap });
    try {
      const requests = Array.from({ length: 20 }, () =>
        f.h.call('POST', '/v1/orders', { token: f.tokens.trade, body: restingBuy(), headers: { 'idempotency-key': 'burst-1' } }),
      );
      await vi.waitFor(() => expect(gate.calls()).toBe(1));
      gate.release();
      const answers = await Promise.all(requests);
      expect(answers.map((a) => a.status)).toEqual(Array(20).fill(201));
      expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
      expect(gate.calls(), 'one write reached the venue').toBe(1);
      expect(f.kalshi.orders.size).toBe(1);
    } finally {
      gate.release();
      await f.close();
    }
  });

  it('a write past the deadline answers 202 with a Location; the order appears there, and a retry returns it', async () => {
    const gate = held();
    const f = await tradingFixture({ wrapPlace: gate.wrap, writeDeadlineMs: 100 });
    try {
      const headers = { 'idempotency-key': 'slow-1' };
      const res = await f.h.call('POST', '/v1/orders', { token: f.tokens.trade, body: restingBuy({ clientOrderId: 'slow' }), headers });
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({ state: 'pending', venue: 'kalshi', marketId: 'kalshi:K1', price: '0.3', size: '2', clientOrderId: 'slow' });
      const location = res.headers.get('location') as string;
      expect(location).toBe(`/v1/order-requests/${res.body.requestId}`);
      const pending = await f.h.get(location, f.tokens.trade);
      expect(pending.body).toMatchObject({ state: 'pending', order: null });
      // A retry while the write is still out is pending too, and sends nothing.
      const retry = await f.h.call('POST', '/v1/orders', { token: f.tokens.trade, body: restingBuy({ clientOrderId: 'slow' }), headers });
      expect(retry.status).toBe(202);
      expect(gate.calls()).toBe(1);
      // Another key cannot see the request.
      expect((await f.h.get(location, f.tokens.tradeKalshi)).status).toBe(404);
      gate.release();
      const placed = await vi.waitFor(async () => {
        const r = await f.h.get(location, f.tokens.trade);
        expect(r.body.state).toBe('placed');
        return r.body.order as Order;
      });
      expect(placed).toMatchObject({ status: 'open', clientOrderId: 'slow', price: '0.3' });
      const replay = await f.h.call('POST', '/v1/orders', { token: f.tokens.trade, body: restingBuy({ clientOrderId: 'slow' }), headers });
      expect(replay.status).toBe(201);
      expect(replay.body.id).toBe(placed.id);
      expect(gate.calls()).toBe(1);
      expect(f.kalshi.orders.size).toBe(1);
    } finally {
      gate.release();
      await f.close();
    }
  });

  it('an unknown outcome (the venue applied it, the answer was lost) is reconciled by client order id: one order', async () => {
    let calls = 0;
    const f = await tradingFixture({
      wrapPlace: (placeOrder) => async (r) => {
        calls += 1;
        await placeOrder(r);
        throw new OrderStateUnknown('kalshi POST /orders: connection lost; the write may or may not have been applied', { venue: 'kalshi' });
      },
    });
    try {
      const res = await f.h.call('POST', '/v1/orders', { token: f.tokens.trade, body: restingBuy(), headers: { 'idempotency-key': 'lost-1' } });
      expect(res.status).toBe(202);
      const status = await f.h.get(res.headers.get('location') as string, f.tokens.trade);
      expect(status.body.state).toBe('placed');
      expect(status.body.order).toMatchObject({ venue: 'kalshi', status: 'open', price: '0.3' });
      const retry = await f.h.call('POST', '/v1/orders', { token: f.tokens.trade, body: restingBuy(), headers: { 'idempotency-key': 'lost-1' } });
      expect(retry.status).toBe(201);
      expect(retry.body.id).toBe(status.body.order.id);
      expect(calls).toBe(1);
      expect(f.kalshi.orders.size).toBe(1);
    } finally {
      await f.close();
    }
  });

  it('a write the venue certainly refused is answered as such and may be retried under the same key', async () => {
    let refuse = true;
    const f = await tradingFixture({
      wrapPlace: (placeOrder) => async (r) => {
        if (refuse) throw new InvalidOrder('insufficient balance for this order', { venue: 'kalshi', status: 400 });
        return placeOrder(r);
      },
    });
    try {
      const headers = { 'idempotency-key': 'refused-1' };
      const res = await f.h.call('POST', '/v1/orders', { token: f.tokens.trade, body: restingBuy(), headers });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'invalid_order', venue: 'kalshi' });
      refuse = false;
      const retry = await f.h.call('POST', '/v1/orders', { token: f.tokens.trade, body: restingBuy(), headers });
      expect(retry.status).toBe(201);
      expect(f.kalshi.orders.size).toBe(1);
    } finally {
      await f.close();
    }
  });
});
