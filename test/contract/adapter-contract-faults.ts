/**
 * Adapter contract under transport faults injected by the venue simulator: reads ride out 429s
 * and 5xx; an order write whose response is lost (502, 504, timeout, reset) leaves exactly one order at
 * the venue and comes back reconciled or as `OrderStateUnknown`, never as a duplicate.
 */
import { expect, it } from 'vitest';
import { OrderStateUnknown, canonical, type Market, type Order } from '../../src/core/index.js';
import type { AfterApplyFault } from '../../src/sim/faults.js';
import { expectCanonicalMarket, expectCanonicalOrder } from './canonical.js';
import { collectAll, type ContractFaults, type ContractRun, type ContractTrading } from './contract-util.js';

const READ = { method: 'GET' } as const;

export function faultCases(run: () => ContractRun, options: { writes: boolean }): void {
  function setup(): { f: ContractFaults; t: ContractTrading | undefined; run: ContractRun } {
    const r = run();
    if (!r.ctx.faults) throw new Error('the fault cases need ctx.faults');
    return { f: r.ctx.faults, t: r.ctx.trading, run: r };
  }

  it('a read refused with 429 waits the venue\'s Retry-After (or backs off) and succeeds', { timeout: 45_000 }, async () => {
    const { f, run: r } = setup();
    const market = r.open[0] as Market;
    const refused = f.injector.injected.rateLimited;
    f.injector.rateLimitStorm({ requests: 1, route: READ });
    const started = performance.now();
    const m = await r.adapter.getMarket(market.nativeId);
    const waited = performance.now() - started;
    expectCanonicalMarket(m);
    expect(m.id).toBe(market.id);
    expect(f.injector.injected.rateLimited - refused, 'the venue refused exactly one request').toBe(1);
    if (f.retryAfterMs !== null) expect(waited, `the retry waited the Retry-After of ${f.retryAfterMs} ms`).toBeGreaterThanOrEqual(f.retryAfterMs - 5);
  });

  it('a read answered 5xx is retried and succeeds', async () => {
    const { f, run: r } = setup();
    const market = r.open[0] as Market;
    const failed = f.injector.injected.serverErrors;
    f.injector.serverErrors(1, { route: READ });
    const m = await r.adapter.getMarket(market.nativeId);
    expectCanonicalMarket(m);
    expect(m.id).toBe(market.id);
    expect(f.injector.injected.serverErrors - failed, 'the venue answered one 5xx').toBe(1);
  });

  const lost: [string, (f: ContractFaults) => AfterApplyFault][] = [
    ['a 502 from the gateway', (f) => ({ kind: '502', ...f.placeOrderRoute })],
    ['a 504 from the gateway', (f) => ({ kind: '504', ...f.placeOrderRoute })],
    ['a timeout', (f) => ({ kind: 'timeout', ...f.placeOrderRoute, holdMs: f.requestTimeoutMs * 4 })],
    ['a connection reset', (f) => ({ kind: 'reset', ...f.placeOrderRoute })],
  ];
  if (!options.writes) return;
  for (const [label, fault] of lost) {
    it(`placeOrder whose response is lost to ${label}: exactly one order at the venue, reconciled or OrderStateUnknown`, { timeout: 60_000 }, async () => {
      const { f, t, run: r } = setup();
      if (!t) throw new Error('the lost-response cases need ctx.trading');
      const market = await r.adapter.getMarket(t.marketNativeId);
      const before = await t.ordersAtVenue();
      const hits = f.injector.injected.afterApply;
      const clientOrderId = `contract-lost-${label.replace(/\W+/g, '-')}-${before}`;
      f.injector.loseAnswerAfterApply(fault(f));
      let order: Order | undefined;
      try {
        order = await r.adapter.placeOrder({ marketId: market.id, side: 'buy', outcome: 'yes', price: t.buyPrice, size: t.size, postOnly: true, clientOrderId });
      } catch (err) {
        expect(err, `a lost response surfaces as OrderStateUnknown, not ${(err as Error).name}: ${(err as Error).message}`).toBeInstanceOf(OrderStateUnknown);
      } finally {
        f.injector.reset();
      }
      expect(f.injector.injected.afterApply - hits, 'the create reached the venue and its response was lost').toBe(1);
      expect(await t.ordersAtVenue(), 'exactly one order at the venue: none lost, none duplicated').toBe(before + 1);
      let placed: Order;
      if (order) {
        // Reconciled: the order returned is the one at the venue.
        expectCanonicalOrder(order, market);
        placed = await r.adapter.getOrder(order.id);
        expect(placed.id).toBe(order.id);
      } else {
        // Outcome unknown: the caller finds it by its client order id.
        const mine = (await collectAll(r.adapter.listOrders({ marketId: market.id, status: 'all' }))).filter((o) => o.clientOrderId === clientOrderId);
        expect(mine.map((o) => `${o.id} ${o.status}`), 'the account lists the order by its client order id').toHaveLength(1);
        placed = mine[0] as Order;
      }
      expectCanonicalOrder(placed, market);
      expect(placed).toMatchObject({ side: 'buy', outcome: 'yes', price: canonical(t.buyPrice), size: canonical(t.size) });
      if (placed.status === 'open') await r.adapter.cancelOrder(placed.id);
    });
  }
}
