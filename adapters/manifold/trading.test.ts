import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal, InvalidOrder, MissingCredentials, OrderSchema, OrderStateUnknown, FillSchema, PositionSchema, VenueUnavailable } from '../../src/core/index.js';
import { createManifoldAdapter, type ManifoldAdapter } from './adapter.js';
import { fxText } from './sim/fx.js';
import { startManifoldSim, type ManifoldSim } from './sim/index.js';

/** Order writes against the simulator: reconciliation of lost answers, ioc and post-only emulation, fills and positions. */

const KEY = 'trading-test-key';
const PLACE = { method: 'POST', path: /^\/v0\/bet$/ };

describe('Manifold trading', () => {
  let sim: ManifoldSim;
  let adapter: ManifoldAdapter;
  let contractId: string;
  let userId: string;

  const betsAtVenue = () => sim.state.betList.filter((b) => b.userId === userId && b.contractId === contractId && b.limitProb !== undefined).length;

  beforeAll(async () => {
    sim = await startManifoldSim({ seed: 21, markets: 30, botRatePerSecond: 0, rateLimitPerMinute: 0, apiKeys: [{ key: KEY, username: 'Trader', balance: '5000' }] });
    adapter = createManifoldAdapter({ restUrl: sim.restUrl, wsUrl: sim.wsUrl, apiKey: KEY, timeoutMs: 2_000, retry: { baseDelayMs: 5, maxDelayMs: 20 }, reconcile: { delayMs: 20 } });
    contractId = sim.markets().find((m) => m.outcomeType === 'BINARY' && m.tradable && m.visibility === 'public')!.id;
    userId = sim.user('Trader').id;
    sim.stepBots(30, { contractId });
  });

  afterAll(async () => {
    await adapter.close();
    await sim.close();
  });

  const resting = (clientOrderId?: string) => ({ marketId: `manifold:${contractId}`, side: 'buy' as const, outcome: 'yes' as const, price: '0.01', size: '100', ...(clientOrderId ? { clientOrderId } : {}) });

  it('places a resting bet sized in shares, lists, fetches and cancels it', async () => {
    const before = betsAtVenue();
    const placed = await adapter.placeOrder(resting('rest-1'));
    expect(OrderSchema.parse(placed)).toEqual(placed);
    expect(placed).toMatchObject({ status: 'open', price: '0.01', size: '100', filled: '0', remaining: '100', clientOrderId: 'rest-1', marketId: `manifold:${contractId}` });
    expect(betsAtVenue()).toBe(before + 1);
    // The same client order id again: the same order, no second bet.
    expect((await adapter.placeOrder(resting('rest-1'))).id).toBe(placed.id);
    expect(betsAtVenue()).toBe(before + 1);
    const open: string[] = [];
    for await (const page of adapter.listOrders({ marketId: `manifold:${contractId}`, status: 'open' })) open.push(...page.items.map((o) => o.id));
    expect(open).toContain(placed.id);
    expect((await adapter.getOrder(placed.id)).clientOrderId).toBe('rest-1');
    expect((await adapter.cancelOrder(placed.id)).status).toBe('canceled');
    // Cancelling again answers the order as it ended.
    expect((await adapter.cancelOrder(placed.id)).status).toBe('canceled');
  });

  for (const kind of ['502', '504', 'timeout', 'reset'] as const) {
    it(`reconciles a bet whose answer was lost to ${kind}: one bet at the venue, the order returned`, async () => {
      const before = betsAtVenue();
      sim.faults.loseAnswerAfterApply({ kind, ...PLACE, ...(kind === 'timeout' ? { holdMs: 6_000 } : {}) });
      const order = await adapter.placeOrder(resting(`lost-${kind}`));
      expect(betsAtVenue()).toBe(before + 1);
      expect(order).toMatchObject({ status: 'open', price: '0.01', size: '100', clientOrderId: `lost-${kind}` });
      const bet = sim.state.betList.at(-1)!;
      expect(order.id).toBe(bet.id);
      // Releases a held answer.
      sim.faults.reset();
      await adapter.cancelOrder(order.id);
    });
  }

  it('fails with OrderStateUnknown, never resending, when the bet cannot be found after a lost answer', async () => {
    const before = betsAtVenue();
    // A 5xx before the venue saw the bet: nothing to find.
    sim.faults.serverErrorRate = 1;
    try {
      await expect(adapter.placeOrder(resting('never-applied'))).rejects.toBeInstanceOf(OrderStateUnknown);
    } finally {
      sim.faults.reset();
    }
    expect(betsAtVenue()).toBe(before);
  });

  it('a bet answered 503 "try again" is VenueUnavailable and is not sent again (the shared client retries reads only)', async () => {
    const before = betsAtVenue();
    const injectedBefore = sim.faults.injected.serverErrors;
    // Two queued: a resend would take the second.
    sim.faults.serverErrors(2, { route: PLACE, status: 503 });
    try {
      const err = await adapter.placeOrder(resting('try-again')).then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(VenueUnavailable);
      expect(sim.faults.injected.serverErrors - injectedBefore).toBe(1);
    } finally {
      sim.faults.reset();
    }
    expect(betsAtVenue()).toBe(before);
    // A read answered 503 is retried and succeeds.
    sim.faults.serverErrors(1, { route: { method: 'GET', path: /^\/v0\/market\// }, status: 503 });
    try {
      expect((await adapter.getMarket(contractId)).id).toBe(`manifold:${contractId}`);
      expect(sim.faults.injected.serverErrors - injectedBefore).toBe(2);
    } finally {
      sim.faults.reset();
    }
  });

  it('ioc: takes what crosses and cancels the rest; fills add up, on the grid, no worse than the limit', async () => {
    const book = await adapter.getOrderBook(contractId);
    const [ask] = book.asks[0]!;
    const order = await adapter.placeOrder({ marketId: `manifold:${contractId}`, side: 'buy', outcome: 'yes', price: ask, size: '100', timeInForce: 'ioc' });
    expect(OrderSchema.parse(order)).toEqual(order);
    expect(Decimal.parse(order.filled).isPositive()).toBe(true);
    expect(['filled', 'canceled']).toContain(order.status);
    const atVenue = sim.state.betList.find((b) => b.id === order.id)!;
    expect(atVenue.isCancelled === true || atVenue.isFilled === true, 'nothing rests at the venue').toBe(true);
    const fills = [];
    for await (const page of adapter.listFills({ orderId: order.id })) fills.push(...page.items);
    for (const f of fills) {
      expect(FillSchema.parse(f)).toEqual(f);
      expect(Decimal.parse(f.price).isMultipleOf('0.01')).toBe(true);
      expect(Decimal.parse(f.price).lte(ask)).toBe(true);
    }
    expect(Decimal.sum(fills.map((f) => Decimal.parse(f.size))).normalize().toString()).toBe(order.filled);
    // The grid parts cost what the venue charged, to 6-place rounding.
    const bet = sim.state.betList.find((b) => b.id === order.id)!;
    const cost = Decimal.sum(fills.map((f) => Decimal.parse(f.price).mul(f.size)));
    expect(cost.sub(fxText(bet.amount, 18)).abs().lte('0.00001')).toBe(true);
    const positions = await adapter.listPositions();
    for (const p of positions) expect(PositionSchema.parse(p)).toEqual(p);
    const mine = positions.find((p) => p.marketId === `manifold:${contractId}` && p.outcome === 'yes');
    expect(Decimal.parse(mine!.size).gte(order.filled)).toBe(true);
  });

  it('sells every YES share held: sell fills at grid prices, and the position is gone', async () => {
    const fills = await adapter.manifold.sellShares(`manifold:${contractId}`, 'yes');
    expect(fills.length).toBeGreaterThan(0);
    for (const f of fills) {
      expect(FillSchema.parse(f)).toEqual(f);
      expect(f).toMatchObject({ side: 'sell', outcome: 'yes', marketId: `manifold:${contractId}` });
    }
    const positions = await adapter.listPositions();
    expect(positions.find((p) => p.marketId === `manifold:${contractId}` && p.outcome === 'yes')).toBeUndefined();
  });

  it('post-only: refuses a bet that would take from the AMM, accepts one that rests', async () => {
    const book = await adapter.getOrderBook(contractId);
    const [ask] = book.asks[0]!;
    const before = betsAtVenue();
    await expect(adapter.placeOrder({ marketId: `manifold:${contractId}`, side: 'buy', outcome: 'yes', price: ask, size: '10', postOnly: true })).rejects.toBeInstanceOf(InvalidOrder);
    expect(betsAtVenue()).toBe(before);
    const ok = await adapter.placeOrder({ ...resting(), postOnly: true });
    expect(ok).toMatchObject({ status: 'open', postOnly: true });
    await adapter.cancelOrder(ok.id);
  });

  it('quotes a zero fee; without a key, trading is refused before anything is sent', async () => {
    const market = await adapter.getMarket(contractId);
    expect(adapter.quoteFee?.({ market, outcome: 'yes', side: 'buy', liquidity: 'taker', fills: [['0.5', '10']] })).toMatchObject({ fee: '0', currency: 'MANA', estimated: false });
    const anonymous = createManifoldAdapter({ restUrl: sim.restUrl, wsUrl: sim.wsUrl });
    const requests = sim.stats().requests;
    await expect(anonymous.placeOrder(resting())).rejects.toBeInstanceOf(MissingCredentials);
    await expect(anonymous.getBalances()).rejects.toBeInstanceOf(MissingCredentials);
    expect(sim.stats().requests).toBe(requests);
    await anonymous.close();
  });
});
