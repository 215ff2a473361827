import { Wallet } from 'ethers';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Decimal, InvalidOrder, MissingCredentials, type Order } from '../../src/core/index.js';
import { createOpinionAdapter, type OpinionAdapter } from './adapter.js';
import { startOpinionSim, type OpinionSim, type SimMarketInfo } from './sim/index.js';
import { startTestProxy, type TestProxy } from './test-proxy.js';

/**
 * Order writes against the simulator through a recording proxy (docs/venues/opinion.md §6): the
 * signed amounts, the checks made before sending, market orders with `safeRate`, reconciliation of
 * lost answers (the venue applied the order, or never saw it), idempotent client order ids,
 * cancel-all, and the EOA maker (signature type 0).
 */
describe('Opinion trading against the simulator', () => {
  let sim: OpinionSim;
  let proxy: TestProxy;
  let adapter: OpinionAdapter;
  let market: SimMarketInfo;
  const wallet = new Wallet(`0x${'5a'.repeat(32)}`);
  const apiKey = 'trading-test-key';

  const posts = () => proxy.requests.filter((r) => r.method === 'POST' && r.path === '/openapi/order');
  const openOrders = async () => {
    const out: Order[] = [];
    for await (const page of adapter.listOrders({ marketId: `opinion:${market.marketId}`, status: 'open' })) out.push(...page.items);
    return out;
  };
  const bestBid = () => Number(sim.book(market.yesTokenId).bids[0]![0]);

  beforeAll(async () => {
    sim = await startOpinionSim({ seed: 21, markets: 30, botRatePerSecond: 0, confirmDelayMs: 0, accounts: [{ address: wallet.address, apiKey, usdt: '2000' }] });
    proxy = await startTestProxy(sim.restUrl);
    adapter = createOpinionAdapter({ restUrl: proxy.url, wsUrl: sim.wsUrl, apiKey, wallet });
    market = sim.markets().find((m) => m.status === 2 && m.parentId === null)!;
  });
  afterEach(async () => {
    await adapter.opinion.cancelAllOrders();
  });
  afterAll(async () => {
    await adapter.close();
    await proxy.close();
    await sim.close();
  });

  it('signs the §6.2 amounts for the Safe, with the exchange read from /quoteToken, and the venue accepts them', async () => {
    const before = posts().length;
    const order = await adapter.placeOrder({ marketId: `opinion:${market.marketId}`, side: 'buy', outcome: 'yes', price: '0.05', size: '120', clientOrderId: 'cid-1' });
    expect(order).toMatchObject({ status: 'open', price: '0.05', size: '120', remaining: '120', filled: '0', clientOrderId: 'cid-1', outcome: 'yes', side: 'buy', timeInForce: 'gtc' });
    const body = posts().at(-1)!.body as Record<string, unknown>;
    expect(posts().length).toBe(before + 1);
    expect(body).toMatchObject({
      topicId: market.marketId,
      maker: sim.account(wallet.address)!.safe,
      signer: wallet.address,
      tokenId: market.yesTokenId,
      makerAmount: '6000000000000000000',
      takerAmount: '120000000000000000000',
      side: '0',
      signatureType: '2',
      price: '0.05',
      tradingMethod: 2,
      safeRate: '0',
      orderExpTime: '0',
      postOnly: false,
    });
    expect(body['sign']).toBe(body['signature']);
    expect(proxy.requests.some((r) => r.path.startsWith('/openapi/quoteToken'))).toBe(true);
    expect((await adapter.getOrder(order.id)).clientOrderId).toBe('cid-1');
  });

  it('refuses before sending: below $5, off the 0.001 grid, fok, a post-only ioc, a past gtd', async () => {
    const before = posts().length;
    const base = { marketId: `opinion:${market.marketId}`, side: 'buy' as const, outcome: 'yes' as const };
    await expect(adapter.placeOrder({ ...base, price: '0.05', size: '99' })).rejects.toThrow(/below the minimum required value of 5 USDT/);
    await expect(adapter.placeOrder({ ...base, price: '0.0505', size: '200' })).rejects.toBeInstanceOf(InvalidOrder);
    await expect(adapter.placeOrder({ ...base, price: '0.05', size: '200', timeInForce: 'fok' })).rejects.toThrow(/placeMarketOrder/);
    await expect(adapter.placeOrder({ ...base, price: '0.05', size: '200', timeInForce: 'ioc', postOnly: true })).rejects.toBeInstanceOf(InvalidOrder);
    await expect(adapter.placeOrder({ ...base, price: '0.05', size: '200', timeInForce: 'gtd', expiresAt: new Date(Date.now() - 1000).toISOString() })).rejects.toBeInstanceOf(InvalidOrder);
    await expect(adapter.opinion.placeMarketOrder({ ...base, amount: '4.99' })).rejects.toBeInstanceOf(InvalidOrder);
    expect(posts().length).toBe(before);
  });

  it('a post-only order that would cross is refused by the venue as InvalidOrder', async () => {
    const ask = sim.book(market.yesTokenId).asks[0]![0];
    await expect(
      adapter.placeOrder({ marketId: `opinion:${market.marketId}`, side: 'buy', outcome: 'yes', price: ask, size: String(Math.ceil(6 / Number(ask))), postOnly: true }),
    ).rejects.toBeInstanceOf(InvalidOrder);
  });

  it('an ioc order fills what crosses at the limit or better, the rest is cancelled, and it comes back settled', async () => {
    const asks = sim.book(market.yesTokenId).asks;
    const [best, bestSize] = asks[0]!;
    // Twice the best level's size at the best price: half fills, half would rest and is cancelled.
    const size = Decimal.parse(bestSize).mul('2').normalize().toString();
    const sent = proxy.requests.length;
    const order = await adapter.placeOrder({ marketId: `opinion:${market.marketId}`, side: 'buy', outcome: 'yes', price: best, size: Decimal.max(Decimal.parse(size), Decimal.parse('6').div(best, 0, 'ceil')).toString(), timeInForce: 'ioc' });
    expect(order).toMatchObject({ status: 'canceled', timeInForce: 'ioc', price: best, remaining: '0' });
    expect(Decimal.parse(order.filled).isPositive()).toBe(true);
    // The body was a plain limit order; its remainder was cancelled.
    expect((posts().at(-1)!.body as Record<string, unknown>)['tradingMethod']).toBe(2);
    expect(proxy.requests.slice(sent).filter((r) => r.path === '/openapi/order/cancel').map((r) => r.body)).toEqual([{ orderId: order.id }]);
    expect(sim.book(market.yesTokenId).bids.some(([p]) => p === best)).toBe(false);
    const fills: { size: string }[] = [];
    for await (const page of adapter.listFills({ orderId: order.id })) fills.push(...page.items);
    expect(Decimal.sum(fills.map((f) => Decimal.parse(f.size))).normalize().toString()).toBe(order.filled);
    expect((await adapter.getOrder(order.id)).timeInForce).toBe('ioc');
  });

  it('a gtd order carries orderExpTime and maps back as gtd', async () => {
    const expiresAt = new Date(Date.now() + 3_600_000);
    const order = await adapter.placeOrder({ marketId: `opinion:${market.marketId}`, side: 'buy', outcome: 'no', price: '0.02', size: '300', timeInForce: 'gtd', expiresAt: expiresAt.toISOString() });
    expect(order).toMatchObject({ timeInForce: 'gtd', outcome: 'no' });
    expect((posts().at(-1)!.body as Record<string, unknown>)['orderExpTime']).toBe(String(Math.floor(expiresAt.getTime() / 1000)));
  });

  it('a market buy walks the book within safeRate; its fills carry the fee the venue charged', async () => {
    const order = await adapter.opinion.placeMarketOrder({ marketId: `opinion:${market.marketId}`, side: 'buy', outcome: 'yes', amount: '10', safeRate: '0.5' });
    expect(order).toMatchObject({ status: 'filled', timeInForce: 'ioc', side: 'buy' });
    const body = posts().at(-1)!.body as Record<string, unknown>;
    expect(body).toMatchObject({ price: '0', tradingMethod: 1, safeRate: '0.5', makerAmount: '10000000000000000000', takerAmount: '0' });
    expect(body).not.toHaveProperty('postOnly');
    const fills: { orderId: string; fee: string; liquidity: string | null }[] = [];
    for await (const page of adapter.listFills({ marketId: `opinion:${market.marketId}`, orderId: order.id })) fills.push(...page.items);
    expect(fills.length).toBeGreaterThan(0);
    expect(fills.every((f) => f.orderId === order.id && f.liquidity === 'taker')).toBe(true);
    // The $0.25 minimum applies to the order: the first fill pays at least it.
    expect(Decimal.sum(fills.map((f) => Decimal.parse(f.fee))).gte('0.25')).toBe(true);
    const positions = await adapter.listPositions();
    expect(positions.find((p) => p.marketId === `opinion:${market.marketId}` && p.outcome === 'yes')).toBeDefined();
  });

  it('reconciles a lost answer after the venue applied the order: one order, found by its terms', async () => {
    sim.faults.loseAnswerAfterApply({ kind: '502', method: 'POST', path: /\/openapi\/order$/ });
    const before = posts().length;
    const price = String((Math.round(bestBid() * 1000) - 20) / 1000);
    const order = await adapter.placeOrder({ marketId: `opinion:${market.marketId}`, side: 'buy', outcome: 'yes', price, size: String(Math.ceil(6 / Number(price))), clientOrderId: 'lost-after' });
    expect(order).toMatchObject({ status: 'open', clientOrderId: 'lost-after', price });
    expect(posts().length).toBe(before + 1);
    expect((await openOrders()).filter((o) => o.price === price).map((o) => o.id)).toEqual([order.id]);
    // The same client order id again: the order placed under it, no new write.
    expect((await adapter.placeOrder({ marketId: `opinion:${market.marketId}`, side: 'buy', outcome: 'yes', price, size: '1000', clientOrderId: 'lost-after' })).id).toBe(order.id);
    expect(posts().length).toBe(before + 1);
  });

  it('reconciles a write the venue never saw by sending the same signed order once more', async () => {
    proxy.dropNext({ method: 'POST', path: /\/openapi\/order$/ });
    const before = posts().length;
    const price = String((Math.round(bestBid() * 1000) - 30) / 1000);
    const order = await adapter.placeOrder({ marketId: `opinion:${market.marketId}`, side: 'buy', outcome: 'yes', price, size: String(Math.ceil(6 / Number(price))) });
    expect(order.status).toBe('open');
    const sent = posts().slice(before);
    expect(sent.map((r) => r.dropped)).toEqual([true, false]);
    expect(sent[1]!.body).toEqual(sent[0]!.body);
    expect((await openOrders()).filter((o) => o.price === price).map((o) => o.id)).toEqual([order.id]);
  });

  it('a connection reset after the venue applied the order is reconciled too', async () => {
    sim.faults.loseAnswerAfterApply({ kind: 'reset', method: 'POST', path: /\/openapi\/order$/ });
    const price = String((Math.round(bestBid() * 1000) - 40) / 1000);
    const order = await adapter.placeOrder({ marketId: `opinion:${market.marketId}`, side: 'buy', outcome: 'yes', price, size: String(Math.ceil(6 / Number(price))) });
    expect((await openOrders()).filter((o) => o.price === price).map((o) => o.id)).toEqual([order.id]);
  });

  it('cancels one order, then every open order', async () => {
    const ids: string[] = [];
    for (const price of ['0.011', '0.012', '0.013']) ids.push((await adapter.placeOrder({ marketId: `opinion:${market.marketId}`, side: 'buy', outcome: 'yes', price, size: '600' })).id);
    expect((await adapter.cancelOrder(ids[0]!)).status).toBe('canceled');
    // Cancelling again answers the order as it stands (the venue says `false`, not an error).
    expect((await adapter.cancelOrder(ids[0]!)).status).toBe('canceled');
    const result = await adapter.opinion.cancelAllOrders(`opinion:${market.marketId}`);
    expect(result.canceled.sort()).toEqual(ids.slice(1).sort());
    expect(await openOrders()).toEqual([]);
    await expect(adapter.cancelOrder('00000000-0000-1000-8000-000000000000')).rejects.toThrow(/does not exist/);
  });

  it('trades from the EOA itself with signature type 0', async () => {
    const eoa = new Wallet(`0x${'5b'.repeat(32)}`);
    sim.addAccount({ address: eoa.address, apiKey: 'eoa-key' });
    sim.fund(eoa.address, '100', 'address');
    const eoaAdapter = createOpinionAdapter({ restUrl: proxy.url, wsUrl: sim.wsUrl, apiKey: 'eoa-key', wallet: eoa, signatureType: 0 });
    try {
      const order = await eoaAdapter.placeOrder({ marketId: `opinion:${market.marketId}`, side: 'buy', outcome: 'yes', price: '0.01', size: '600' });
      expect(order.status).toBe('open');
      expect(posts().at(-1)!.body).toMatchObject({ maker: eoa.address, signer: eoa.address, signatureType: '0' });
      expect(await eoaAdapter.opinion.makerAddress()).toBe(eoa.address);
      await eoaAdapter.cancelOrder(order.id);
    } finally {
      await eoaAdapter.close();
    }
  });

  it('finds the Safe with GET /user/auth when none is configured', async () => {
    expect(await adapter.opinion.makerAddress()).toBe(sim.account(wallet.address)!.safe);
    expect(proxy.requests.some((r) => r.path === '/openapi/user/auth')).toBe(true);
  });

  it('an API key without a wallet reads the account but cannot sign orders', async () => {
    const reader = createOpinionAdapter({ restUrl: proxy.url, wsUrl: sim.wsUrl, apiKey });
    try {
      expect(reader.authenticated).toBe(true);
      expect((await reader.getBalances())[0]!.currency).toBe('USDT');
      await expect(reader.placeOrder({ marketId: `opinion:${market.marketId}`, side: 'buy', outcome: 'yes', price: '0.01', size: '600' })).rejects.toBeInstanceOf(MissingCredentials);
    } finally {
      await reader.close();
    }
  });
});
