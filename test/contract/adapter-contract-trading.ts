/** Adapter contract: order lifecycle, amendment, fills and positions after a crossing order, balances. */
import { expect, it, vi } from 'vitest';
import { Decimal, MissingCredentials, NotSupported, canonical, formatId, type Fill, type Order } from '../../src/core/index.js';
import {
  expectCanonicalBalance,
  expectCanonicalBook,
  expectCanonicalFill,
  expectCanonicalOrder,
  expectCanonicalPosition,
} from './canonical.js';
import { collectAll, failureOf, padded, type ContractRun, type ContractTrading } from './contract-util.js';

/** Fills and positions can trail the order by the venue's settlement steps. */
const SETTLED_WITHIN_MS = 10_000;

/** Without credentials: order writes are refused before anything is sent. */
export function noTradingCases(run: () => ContractRun): void {
  it('without credentials, order writes are refused, not attempted', async () => {
    const { adapter, open } = run();
    expect(adapter.authenticated).toBe(false);
    expect(adapter.requiresCredentials).toContain('placeOrder');
    const err = await failureOf(
      () => adapter.placeOrder({ marketId: `${adapter.venue}:${open[0]?.nativeId ?? 'X'}`, side: 'buy', outcome: 'yes', price: '0.01', size: '1' }),
      adapter.venue,
    );
    expect(err).toBeInstanceOf(MissingCredentials);
  });
}

export function tradingCases(run: () => ContractRun): void {
  function trading(): { t: ContractTrading; adapter: ContractRun['adapter']; ctx: ContractRun['ctx'] } {
    const { ctx, adapter } = run();
    if (!ctx.trading) throw new Error('the trading cases need ctx.trading');
    return { t: ctx.trading, adapter, ctx };
  }

  it('a resting post-only order (sent as "0.010") is open, canonical, listed and cancelable; balances are valid', async () => {
    const { t, adapter } = trading();
    const market = await adapter.getMarket(t.marketNativeId);
    const before = await t.ordersAtVenue();
    const placed = await adapter.placeOrder({
      marketId: market.id,
      side: 'buy',
      outcome: 'yes',
      price: padded(t.buyPrice),
      size: padded(t.size),
      postOnly: true,
      timeInForce: 'gtc',
    });
    expectCanonicalOrder(placed, market);
    expect(placed).toMatchObject({ status: 'open', side: 'buy', outcome: 'yes', price: canonical(t.buyPrice), size: canonical(t.size), filled: '0' });
    expect(await t.ordersAtVenue(), 'the venue holds one more order').toBe(before + 1);

    const listed = await collectAll(adapter.listOrders({ marketId: market.id, status: 'open' }));
    for (const o of listed) expectCanonicalOrder(o, market);
    expect(listed.map((o) => o.id)).toContain(placed.id);

    const fetched = await adapter.getOrder(placed.id);
    expectCanonicalOrder(fetched, market);
    expect(fetched).toMatchObject({ id: placed.id, status: 'open', side: 'buy', outcome: 'yes', price: placed.price, size: placed.size });

    const canceled = await adapter.cancelOrder(placed.id);
    expectCanonicalOrder(canceled, market);
    expect(canceled.status).toBe('canceled');
    expect((await adapter.getOrder(placed.id)).status).toBe('canceled');

    const balances = await adapter.getBalances();
    expect(balances.length).toBeGreaterThan(0);
    for (const b of balances) {
      expectCanonicalBalance(b);
      expect(b.venue).toBe(adapter.venue);
    }
  });

  it('amends a resting order where supported: new price and size, canonical, one order at the venue', async () => {
    const { t, adapter } = trading();
    const market = await adapter.getMarket(t.marketNativeId);
    if (adapter.has.amendOrder === false) {
      expect(await failureOf(() => adapter.amendOrder('X', { price: t.buyPrice }), adapter.venue)).toBeInstanceOf(NotSupported);
      return;
    }
    const placed = await adapter.placeOrder({ marketId: market.id, side: 'buy', outcome: 'yes', price: t.buyPrice, size: t.size, postOnly: true });
    const newPrice = Decimal.parse(t.buyPrice).add(market.tickSize);
    const newSize = Decimal.parse(t.size).mul('2');
    const amended = await adapter.amendOrder(placed.id, { price: padded(canonical(newPrice)), size: padded(canonical(newSize)) });
    expectCanonicalOrder(amended, market);
    expect(amended).toMatchObject({ status: 'open', price: canonical(newPrice), size: canonical(newSize), remaining: canonical(newSize) });
    const open = (await collectAll(adapter.listOrders({ marketId: market.id, status: 'open' }))).filter((o) => o.clientOrderId === placed.clientOrderId);
    expect(open.map((o) => o.id), 'exactly one open order carries the client order id').toEqual([amended.id]);
    expect((await adapter.cancelOrder(amended.id)).status).toBe('canceled');
  });

  it('a crossing order fills: order, fills, position and balances agree and are canonical', async () => {
    const { t, adapter, ctx } = trading();
    const market = await adapter.getMarket(t.marketNativeId);
    // Other traders may have lifted every ask for a moment: wait until there is one (letting the
    // venue's bots quote only then, so the market does not drift), and bid up to the deepest ask
    // so that the order still crosses if the best one goes meanwhile.
    const book = await vi.waitFor(
      async () => {
        const b = await adapter.getOrderBook(t.marketNativeId);
        if (b.asks.length === 0) ctx.activity?.(t.marketNativeId);
        expect(b.asks.length, `the trading market ${market.id} has an ask to cross`).toBeGreaterThan(0);
        return b;
      },
      { timeout: SETTLED_WITHIN_MS, interval: 100 },
    );
    expectCanonicalBook(book, market);
    const [limit] = book.asks.at(-1) as [string, string];
    const order = await adapter.placeOrder({ marketId: market.id, side: 'buy', outcome: 'yes', price: limit, size: t.size, timeInForce: 'ioc' });
    expectCanonicalOrder(order, market);
    expect(Decimal.parse(order.filled).isPositive(), `the order up to ${limit} filled (${order.filled})`).toBe(true);
    expect(['filled', 'canceled']).toContain(order.status);

    let fills: Fill[] = [];
    await vi.waitFor(
      async () => {
        fills = await collectAll(adapter.listFills({ orderId: order.id }));
        const total = Decimal.sum(fills.map((f) => Decimal.parse(f.size)));
        expect(canonical(total), `the fills of ${order.id} add up to what it filled`).toBe(order.filled);
      },
      { timeout: SETTLED_WITHIN_MS, interval: 200 },
    );
    for (const f of fills) {
      expectCanonicalFill(f, market);
      expect(f).toMatchObject({ orderId: order.id, side: 'buy', outcome: 'yes' });
      expect(Decimal.parse(f.price).lte(limit), `fill price ${f.price} no worse than the limit ${limit}`).toBe(true);
    }
    const fetched: Order = await adapter.getOrder(order.id);
    expectCanonicalOrder(fetched, market);
    expect(fetched.filled).toBe(order.filled);

    await vi.waitFor(
      async () => {
        const positions = await adapter.listPositions();
        for (const p of positions) expectCanonicalPosition(p);
        const mine = positions.find((p) => p.marketId === formatId(adapter.venue, t.marketNativeId) && p.outcome === 'yes');
        expect(mine, `a YES position in ${market.id}`).toBeDefined();
        expect(Decimal.parse(mine?.size ?? '0').gte(order.filled), 'the position holds at least what was bought').toBe(true);
      },
      { timeout: SETTLED_WITHIN_MS, interval: 200 },
    );
    for (const b of await adapter.getBalances()) expectCanonicalBalance(b);
  });
}
