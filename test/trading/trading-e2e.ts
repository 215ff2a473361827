/**
 * Trading end to end, the same for every venue that can trade: the real service (startService:
 * cache, catalog, keys, trading, Hono on a loopback port) over the venue's adapter wired to its
 * simulator, called over HTTP with a `trade` key. Orders are placed, read, amended (where the
 * venue can), canceled; a crossing order fills, and positions and balances move by exactly its
 * fills; a write whose answer the venue loses leaves exactly one order; concurrent retries under
 * one idempotency key place one order.
 */
import type { Logger } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { venueModules } from '../../adapters/index.js';
import { loadConfig } from '../../src/config.js';
import { Decimal, canonical, type Fill, type Order, type VenueId } from '../../src/core/index.js';
import { createLogger, startService, type RunningService } from '../../src/main.js';
import type { AfterApplyFault, FaultInjector, RouteMatch } from '../../src/sim/faults.js';
import type { VenueAdapter } from '../../src/venue/adapter.js';
import { captureLogs } from '../support/log-capture.js';
import { feedAccountTests } from './feed-account-e2e.js';

export interface VenueTradingSetup {
  venue: VenueId;
  /** The adapter, pointed at the simulator, with credentials and a short per-request timeout. */
  adapter: VenueAdapter;
  /** Its per-request timeout (a held answer outlasts it). */
  requestTimeoutMs: number;
  faults: FaultInjector;
  /** The venue's order-create route. */
  placeOrderRoute: RouteMatch;
  /** An open market with a two-sided book; a resting buy at `restingPrice` never crosses. */
  market: { nativeId: string; restingPrice: string; size: string };
  /** How many orders of our account the venue holds in the market, in any state, by its own records. */
  ordersAtVenue(): number;
  /** Makes the venue's bots quote and trade on the market now. */
  activity(): void;
  /** The venue credentials in use: none may appear in any log line of the run. */
  secrets: string[];
  /** Whether the venue's currency is real money (false: play money, as Manifold's mana). */
  realMoney: boolean;
  /**
   * A venue whose fills cannot reproduce the cash moved to the last unit: the bound per fill on
   * |Σ(price × size + fee) − cash moved|, and why. Default: the fills may cost less than one
   * 10^-18 unit more than the cash moved, never less.
   */
  fillCostSlack?: { perFill: string; why: string };
  teardown(): Promise<void>;
}

/** The service answers 202 after this long; a held venue answer outlasts it. */
const WRITE_DEADLINE_MS = 1_000;
const SETTLED = { timeout: 20_000, interval: 100 };

interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

/** `setup` builds the adapter with `logger`, so that the adapter's own lines are checked too. */
export function describeTradingE2E(name: string, setup: (logger: Logger) => Promise<VenueTradingSetup>): void {
  describe(`${name}: trading through the API`, () => {
    let v: VenueTradingSetup;
    let service: RunningService;
    let token: string;
    let marketId: string;
    let seq = 0;
    const logs = captureLogs();

    async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
      const res = await fetch(`${service.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      return { status: res.status, body: text === '' ? null : JSON.parse(text), headers: res.headers };
    }

    /** The order of a placement: at once (201), or by polling the `Location` of a 202. */
    async function orderOf(answer: Answer): Promise<Order> {
      expect([201, 202], JSON.stringify(answer.body)).toContain(answer.status);
      if (answer.status === 201) return answer.body as Order;
      const location = answer.headers.get('location') as string;
      expect(location).toBe(`/v1/order-requests/${answer.body.requestId}`);
      return vi.waitFor(async () => {
        const r = await call('GET', location);
        expect(r.body.state, JSON.stringify(r.body)).toBe('placed');
        return r.body.order as Order;
      }, SETTLED);
    }

    const resting = (overrides: Record<string, unknown> = {}) => ({
      market: marketId,
      side: 'buy',
      outcome: 'yes',
      type: 'limit',
      price: v.market.restingPrice,
      size: v.market.size,
      timeInForce: 'gtc',
      postOnly: true,
      ...overrides,
    });

    beforeAll(async () => {
      const config = loadConfig(
        { HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'trace', VENUES: name, ORDER_WRITE_DEADLINE_MS: String(WRITE_DEADLINE_MS) },
        venueModules,
      );
      const logger = createLogger(config, logs.stream);
      v = await setup(logger.child({ venue: name }));
      marketId = `${v.venue}:${v.market.nativeId}`;
      service = await startService(config, { adapters: [v.adapter], logger });
      token = (await service.keys.create({ scopes: ['trade'], venues: [v.venue] })).token;
      await vi.waitFor(async () => expect((await fetch(`${service.url}/readyz`)).status).toBe(200), { timeout: 60_000, interval: 100 });
    });

    afterAll(async () => {
      await service?.close();
      await v?.teardown();
    });

    it('places a resting order, reads it, lists it, amends it where the venue can, and cancels it', async () => {
      const before = v.ordersAtVenue();
      const placed = await call('POST', '/v1/orders', resting({ price: `${v.market.restingPrice}0`, clientOrderId: `e2e-rest-${++seq}` }));
      const order = await orderOf(placed);
      expect(order).toMatchObject({ venue: v.venue, marketId, side: 'buy', outcome: 'yes', status: 'open', price: canonical(v.market.restingPrice), size: canonical(v.market.size), filled: '0' });
      expect(order.clientOrderId).toBe(`e2e-rest-${seq}`);
      expect(v.ordersAtVenue(), 'one more order at the venue').toBe(before + 1);
      const id = `${v.venue}:${order.id}`;

      const got = await call('GET', `/v1/orders/${encodeURIComponent(id)}`);
      expect(got.status).toBe(200);
      expect(got.body).toMatchObject({ id: order.id, status: 'open', clientOrderId: `e2e-rest-${seq}` });
      const listed = await call('GET', `/v1/orders?market=${encodeURIComponent(marketId)}&status=open`);
      expect(listed.body.data.map((o: Order) => o.id)).toContain(order.id);

      const newPrice = canonical(Decimal.parse(v.market.restingPrice).add('0.01'));
      const newSize = canonical(Decimal.parse(v.market.size).mul('2'));
      const amended = await call('PATCH', `/v1/orders/${id}`, { price: newPrice, size: newSize });
      let live = order;
      if (v.adapter.has.amendOrder === false) {
        expect(amended.status).toBe(501);
        expect(amended.body.code).toBe('not_supported');
      } else {
        expect(amended.status, JSON.stringify(amended.body)).toBe(200);
        expect(amended.body).toMatchObject({ status: 'open', price: newPrice, size: newSize });
        live = amended.body as Order;
      }
      const canceled = await call('DELETE', `/v1/orders/${v.venue}:${live.id}`);
      expect(canceled.status).toBe(200);
      expect(canceled.body.status).toBe('canceled');
      expect((await call('GET', `/v1/orders/${v.venue}:${live.id}`)).body.status).toBe('canceled');
    });

    it('a crossing order fills; positions and balances move by exactly its fills', { timeout: 60_000 }, async () => {
      await call('DELETE', `/v1/orders?market=${encodeURIComponent(marketId)}`);
      const positionOf = async (): Promise<Decimal> => {
        const r = await call('GET', `/v1/positions?market=${encodeURIComponent(marketId)}`);
        expect(r.status).toBe(200);
        const p = r.body.data.find((x: { outcome: string }) => x.outcome === 'yes');
        return Decimal.parse(p?.size ?? '0');
      };
      const balanceOf = async (): Promise<{ available: Decimal; total: Decimal; realMoney: boolean }> => {
        const r = await call('GET', `/v1/balances?venue=${v.venue}`);
        expect(r.status).toBe(200);
        expect(r.body.data.length).toBeGreaterThan(0);
        const b = r.body.data[0];
        return { available: Decimal.parse(b.available), total: Decimal.parse(b.total), realMoney: b.realMoney };
      };
      const positionBefore = await positionOf();
      const balanceBefore = await balanceOf();
      expect(balanceBefore.realMoney).toBe(v.realMoney);
      // Bid up to the deepest ask, so the order still crosses if the best one goes meanwhile.
      const limit = await vi.waitFor(async () => {
        const book = (await (await fetch(`${service.url}/v1/markets/${encodeURIComponent(marketId)}/orderbook`)).json()) as { asks: [string, string][] };
        if (book.asks.length === 0) v.activity();
        expect(book.asks.length, 'the market has an ask to cross').toBeGreaterThan(0);
        return (book.asks.at(-1) as [string, string])[0];
      }, SETTLED);
      const order = await orderOf(await call('POST', '/v1/orders', { market: marketId, side: 'buy', outcome: 'yes', type: 'limit', price: limit, size: v.market.size, timeInForce: 'ioc' }));
      const filled = Decimal.parse(order.filled);
      expect(filled.isPositive(), `the buy up to ${limit} filled`).toBe(true);

      const fills = await vi.waitFor(async () => {
        const r = await call('GET', `/v1/fills?order=${encodeURIComponent(`${v.venue}:${order.id}`)}`);
        expect(r.status).toBe(200);
        const list = r.body.data as Fill[];
        expect(canonical(Decimal.sum(list.map((f) => Decimal.parse(f.size)))), 'the fills add up to what filled').toBe(order.filled);
        return list;
      }, SETTLED);
      for (const f of fills) expect(Decimal.parse(f.price).lte(limit)).toBe(true);
      const cost = Decimal.sum(fills.map((f) => Decimal.parse(f.price).mul(f.size).add(f.fee)));

      await vi.waitFor(async () => expect(canonical(await positionOf()), 'the position grew by exactly the fills').toBe(canonical(positionBefore.add(filled))), SETTLED);
      // Exact, to below 10^-18 (the smallest unit of any venue's currency) per fill: a venue that takes
      // a buy's fee in shares records the shares received as (amount − fee) ÷ price truncated to that
      // unit (docs/venues/opinion.md §7), so size × price + fee may exceed the cash paid by less than
      // one unit per fill. Every other venue matches to the last digit.
      // A venue may declare a coarser, two-sided bound with its reason (fillCostSlack).
      const slack = Decimal.parse(v.fillCostSlack?.perFill ?? '0.000000000000000001').mul(String(fills.length));
      const movedBy = (moved: Decimal, what: string) => {
        const diff = cost.sub(moved);
        const within = v.fillCostSlack ? diff.abs().lt(slack) : !diff.isNegative() && diff.lt(slack);
        expect(within, `${what} fell by ${canonical(moved)}, the fills cost ${canonical(cost)}${v.fillCostSlack ? ` (${v.fillCostSlack.why})` : ''}`).toBe(true);
      };
      await vi.waitFor(async () => {
        const after = await balanceOf();
        movedBy(balanceBefore.available.sub(after.available), 'available cash');
        movedBy(balanceBefore.total.sub(after.total), 'total cash');
      }, SETTLED);
      const positions = await call('GET', `/v1/positions?venue=${v.venue}`);
      const mine = positions.body.data.find((p: { marketId: string; outcome: string }) => p.marketId === marketId && p.outcome === 'yes');
      // The mark is the catalog's: the mid of its best bid and ask, else its last price, else none.
      const m = (await (await fetch(`${service.url}/v1/markets/${encodeURIComponent(marketId)}`)).json()) as { bestBid: string | null; bestAsk: string | null; lastPrice: string | null };
      const expected =
        m.bestBid !== null && m.bestAsk !== null ? canonical(Decimal.parse(m.bestBid).add(m.bestAsk).div('2', 6)) : m.lastPrice;
      expect(mine.mark, 'the position is marked from the catalog').toBe(expected);
    });

    feedAccountTests({
      service: () => service,
      venue: () => v.venue,
      adapter: () => v.adapter,
      marketId: () => marketId,
      token: () => token,
      activity: () => v.activity(),
      size: () => v.market.size,
      place: async (body) => orderOf(await call('POST', '/v1/orders', body)),
      get: (path) => call('GET', path),
    });

    const lost: AfterApplyFault['kind'][] = ['502', '504', 'reset', 'timeout'];
    for (const kind of lost) {
      it(`a venue answer lost to ${kind === 'timeout' ? 'a timeout' : kind === 'reset' ? 'a connection reset' : `a ${kind}`} leaves exactly one order; the client sees it or a 202`, { timeout: 60_000 }, async () => {
        const before = v.ordersAtVenue();
        const hits = v.faults.injected.afterApply;
        v.faults.loseAnswerAfterApply({ kind, ...v.placeOrderRoute, ...(kind === 'timeout' ? { holdMs: v.requestTimeoutMs * 4 } : {}) });
        const headers = { 'idempotency-key': `e2e-lost-${kind}-${++seq}` };
        let answer: Answer;
        try {
          answer = await call('POST', '/v1/orders', resting(), headers);
        } finally {
          if (kind !== 'timeout') v.faults.reset();
        }
        expect(v.faults.injected.afterApply - hits, 'the write reached the venue and its answer was lost').toBe(1);
        // The venue holds the answer past the service's deadline: the client must get a 202.
        if (kind === 'timeout') expect(answer.status).toBe(202);
        const order = await orderOf(answer);
        v.faults.reset();
        expect(v.ordersAtVenue(), 'exactly one order at the venue').toBe(before + 1);
        const retry = await call('POST', '/v1/orders', resting(), headers);
        expect(retry.status).toBe(201);
        expect(retry.headers.get('idempotent-replayed')).toBe('true');
        expect(retry.body.id).toBe(order.id);
        expect(v.ordersAtVenue(), 'a retry sends nothing').toBe(before + 1);
        await call('DELETE', `/v1/orders/${v.venue}:${order.id}`);
      });
    }

    afterAll(() => {
      // Every line of the run, at trace level: no venue credential and no API key.
      expect(logs.lines().length, 'the run logged').toBeGreaterThan(10);
      expect(logs.lines().filter((l) => l.includes('"audit":"order"')).length, 'order writes were audited').toBeGreaterThan(5);
      expect(logs.leaks([...(v?.secrets ?? []), token])).toEqual([]);
    });

    it('20 concurrent requests under one idempotency key place one order', { timeout: 60_000 }, async () => {
      const before = v.ordersAtVenue();
      const headers = { 'idempotency-key': `e2e-burst-${++seq}` };
      const answers = await Promise.all(Array.from({ length: 20 }, () => call('POST', '/v1/orders', resting(), headers)));
      const orders = await Promise.all(answers.map(orderOf));
      expect(new Set(orders.map((o) => o.id)).size, 'every answer is the same order').toBe(1);
      expect(v.ordersAtVenue(), 'one order at the venue').toBe(before + 1);
      const all = await call('DELETE', `/v1/orders?market=${encodeURIComponent(marketId)}`);
      expect(all.body.data.map((o: Order) => o.id)).toContain(orders[0]?.id);
    });
  });
}
