import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal, InvalidOrder, NotFound, MissingCredentials, OrderSchema, VenueError } from '../../src/core/index.js';
import type { Market } from '../../src/core/index.js';
import { createKalshiAdapter } from './index.js';
import type { KalshiAdapter } from './index.js';
import { DEMO_KEY_ID, DEMO_PRIVATE_KEY_PATH, startKalshiSim } from './sim/index.js';
import type { KalshiSim } from './sim/index.js';

let sim: KalshiSim;
let adapter: KalshiAdapter;
let market: Market;

const credentials = { keyId: DEMO_KEY_ID, privateKey: DEMO_PRIVATE_KEY_PATH };

async function failure(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

/**
 * A pass-through proxy in front of the simulator that forwards every request, except that the
 * response to the first order create is withheld (`hold`: the client times out) or replaced by a
 * gateway error (`gateway`: 504) after the simulator applied the order.
 */
async function startProxy(target: string, mode: 'hold' | 'gateway'): Promise<{ url: string; creates: number; close(): Promise<void> }> {
  const upstream = new URL(target);
  const state = { creates: 0 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const isCreate = req.method === 'POST' && req.url === '/trade-api/v2/portfolio/events/orders';
      if (isCreate) state.creates += 1;
      const intercept = isCreate && state.creates === 1;
      const fwd = httpRequest(
        { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: { ...req.headers, host: upstream.host } },
        (up) => {
          const body: Buffer[] = [];
          up.on('data', (c: Buffer) => body.push(c));
          up.on('end', () => {
            if (intercept && mode === 'hold') return;
            if (intercept) {
              res.writeHead(504, { 'content-type': 'application/json' }).end('{"error":{"code":"gateway_timeout","message":"gateway timeout"}}');
              return;
            }
            res.writeHead(up.statusCode ?? 502, up.headers).end(Buffer.concat(body));
          });
        },
      );
      fwd.on('error', () => res.writeHead(502).end());
      fwd.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get creates() {
      return state.creates;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

beforeAll(async () => {
  sim = await startKalshiSim({ seed: 5, markets: 30, botRatePerSecond: 0 });
  adapter = createKalshiAdapter({ restUrl: sim.restUrl, wsUrl: sim.wsUrl, credentials });
  for await (const page of adapter.listMarkets({ status: ['open'] })) {
    const m = page.items.find((x) => x.tickSize === '0.01' && x.bestBid && x.bestAsk);
    if (m) {
      market = m;
      break;
    }
  }
});

afterAll(async () => {
  await adapter?.close();
  await sim?.close();
});

describe('kalshi trading: bad input becomes typed errors with Kalshi’s message', () => {
  it('unknown ticker', async () => {
    const err = await failure(adapter.placeOrder({ marketId: 'kalshi:NO-SUCH-MKT', side: 'buy', outcome: 'yes', price: '0.10', size: '1' }));
    expect(err).toBeInstanceOf(VenueError);
    expect(err).toBeInstanceOf(NotFound);
    expect((err as VenueError).venueMessage).toBeTruthy();
    expect((err as VenueError).status).toBe(404);
  });

  it('off-grid price', async () => {
    const err = await failure(adapter.placeOrder({ marketId: market.id, side: 'buy', outcome: 'yes', price: '0.105', size: '1' }));
    expect(err).toBeInstanceOf(InvalidOrder);
    expect((err as VenueError).status).toBe(400);
    expect((err as VenueError).venueMessage).toBeTruthy();
    expect((err as Error).message).toContain((err as VenueError).venueMessage as string);
  });

  it('zero size', async () => {
    const err = await failure(adapter.placeOrder({ marketId: market.id, side: 'buy', outcome: 'yes', price: '0.10', size: '0' }));
    expect(err).toBeInstanceOf(InvalidOrder);
    expect((err as VenueError).venueMessage).toBeTruthy();
  });

  it('unknown order id on read and cancel', async () => {
    expect(await failure(adapter.getOrder('00000000-0000-4000-8000-000000000000'))).toBeInstanceOf(NotFound);
    expect(await failure(adapter.cancelOrder('00000000-0000-4000-8000-000000000000'))).toBeInstanceOf(NotFound);
  });

  it('trading without credentials is refused before anything is sent', async () => {
    const anon = createKalshiAdapter({ restUrl: sim.restUrl });
    expect(anon.has.placeOrder).toBe(true);
    expect(anon.authenticated).toBe(false);
    expect(await failure(anon.placeOrder({ marketId: market.id, side: 'buy', outcome: 'yes', price: '0.10', size: '1' }))).toBeInstanceOf(MissingCredentials);
    await anon.close();
  });
});

describe('kalshi trading: writes', () => {
  it('a NO order keeps its framing; amend, decrease and cancel read the order back', async () => {
    const placed = await adapter.placeOrder({ marketId: market.id, side: 'buy', outcome: 'no', price: '0.03', size: '4', postOnly: true });
    expect(OrderSchema.parse(placed)).toMatchObject({ side: 'buy', outcome: 'no', price: '0.03', size: '4', status: 'open' });
    expect(placed.clientOrderId).toMatch(/^[0-9a-f-]{36}$/);
    const amended = await adapter.amendOrder(placed.id, { price: '0.02', size: '5' });
    expect(amended).toMatchObject({ outcome: 'no', price: '0.02', size: '5', remaining: '5' });
    const decreased = await adapter.kalshi.decreaseOrder(amended.id, { reduceBy: '2' });
    expect(decreased.remaining).toBe('3');
    const canceled = await adapter.cancelOrder(amended.id);
    expect(canceled.status).toBe('canceled');
  });

  it('a price-only amend keeps the size left after a decrease', async () => {
    const placed = await adapter.placeOrder({ marketId: market.id, side: 'buy', outcome: 'yes', price: '0.03', size: '5', postOnly: true });
    const decreased = await adapter.kalshi.decreaseOrder(placed.id, { reduceBy: '2' });
    expect(decreased.remaining).toBe('3');
    const amended = await adapter.amendOrder(placed.id, { price: '0.02' });
    expect(amended).toMatchObject({ price: '0.02', remaining: '3', status: 'open' });
    await adapter.cancelOrder(amended.id);
  });

  it('batched create reports per-item results; batched cancel and cancel-all', async () => {
    const results = await adapter.kalshi.placeOrders([
      { marketId: market.id, side: 'buy', outcome: 'yes', price: '0.02', size: '1', clientOrderId: 'batch-ok-1' },
      { marketId: market.id, side: 'buy', outcome: 'yes', price: '0.025', size: '1', clientOrderId: 'batch-bad-2' },
      { marketId: market.id, side: 'buy', outcome: 'yes', price: '0.03', size: '1', clientOrderId: 'batch-ok-3' },
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    const bad = results[1];
    if (bad && !bad.ok) {
      expect(bad.error).toBeInstanceOf(InvalidOrder);
      expect(bad.clientOrderId).toBe('batch-bad-2');
    }
    const ids = results.flatMap((r) => (r.ok ? [r.order.id] : []));
    const canceled = await adapter.kalshi.cancelOrders([ids[0] as string]);
    expect(canceled).toEqual([{ orderId: ids[0], reducedBy: '1', error: null }]);
    await adapter.kalshi.cancelAllOrders();
    expect((await adapter.getOrder(ids[1] as string)).status).toBe('canceled');
  });

  it('a lost create response is reconciled by client order id, not re-sent', async () => {
    const proxy = await startProxy(sim.url, 'hold');
    const slow = createKalshiAdapter({ restUrl: `${proxy.url}/trade-api/v2`, credentials, timeoutMs: 1_000 });
    try {
      const coid = `lost-${Date.now()}`;
      const order = await slow.placeOrder({ marketId: market.id, side: 'buy', outcome: 'yes', price: '0.04', size: '2', clientOrderId: coid, postOnly: true });
      expect(order).toMatchObject({ clientOrderId: coid, status: 'open', price: '0.04', size: '2' });
      // The create reached the venue once and its response never came back.
      expect(proxy.creates).toBe(1);
      expect(slow.kalshi.httpStats().networkErrors).toBeGreaterThanOrEqual(1);
      const all = [];
      for await (const page of adapter.listOrders({ marketId: market.id })) all.push(...page.items);
      expect(all.filter((o) => o.clientOrderId === coid)).toHaveLength(1);
      await adapter.cancelOrder(order.id);
    } finally {
      await slow.close();
      await proxy.close();
    }
  });

  it('a gateway error (504) to a create that the venue applied is reconciled, not surfaced or re-sent', async () => {
    const proxy = await startProxy(sim.url, 'gateway');
    const gw = createKalshiAdapter({ restUrl: `${proxy.url}/trade-api/v2`, credentials });
    try {
      const coid = `gw-${Date.now()}`;
      const order = await gw.placeOrder({ marketId: market.id, side: 'buy', outcome: 'yes', price: '0.03', size: '1', clientOrderId: coid, postOnly: true });
      expect(order).toMatchObject({ clientOrderId: coid, status: 'open', price: '0.03' });
      expect(proxy.creates).toBe(1);
      const all = [];
      for await (const page of adapter.listOrders({ marketId: market.id })) all.push(...page.items);
      expect(all.filter((o) => o.clientOrderId === coid)).toHaveLength(1);
      await adapter.cancelOrder(order.id);
    } finally {
      await gw.close();
      await proxy.close();
    }
  });

  it('a write refused with 429 is retried (it was not applied) and lands once', async () => {
    sim.faults.rateLimitStorm({ requests: 2 });
    const coid = `storm-${Date.now()}`;
    const order = await adapter.placeOrder({ marketId: market.id, side: 'buy', outcome: 'yes', price: '0.02', size: '1', clientOrderId: coid });
    const all = [];
    for await (const page of adapter.listOrders({ marketId: market.id, status: 'open' })) all.push(...page.items);
    expect(all.filter((o) => o.clientOrderId === coid).map((o) => o.id)).toEqual([order.id]);
    await adapter.cancelOrder(order.id);
  });

  it('positions, fills and balances after a crossing order', async () => {
    const ask = Decimal.parse(market.bestAsk as string).toFixed(2);
    const order = await adapter.placeOrder({ marketId: market.id, side: 'buy', outcome: 'yes', price: ask, size: '1', timeInForce: 'ioc' });
    expect(order.filled).toBe('1');
    expect(order.status).toBe('filled');
    const fills = [];
    for await (const page of adapter.listFills({ orderId: order.id })) fills.push(...page.items);
    expect(fills).toHaveLength(1);
    expect(fills[0]).toMatchObject({ orderId: order.id, side: 'buy', outcome: 'yes', size: '1', liquidity: 'taker' });
    const positions = await adapter.listPositions();
    expect(positions.find((p) => p.marketId === market.id)).toMatchObject({ outcome: 'yes', size: '1' });
    const [balance] = await adapter.getBalances();
    expect(Decimal.parse(balance?.available as string).lt('10000')).toBe(true);
  });
});
