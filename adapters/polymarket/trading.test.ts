import { Writable } from 'node:stream';
import { Wallet } from 'ethers';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AuthenticationError, Decimal, InvalidOrder, OrderSchema, VennError, type Order } from '../../src/core/index.js';
import { collectAll, type StreamEvent } from '../../src/venue/index.js';
import { createPolymarketAdapter, type PolymarketAdapter, type PolymarketAdapterOptions } from './index.js';
import { POLYGON_CONTRACTS } from './order-build.js';
import { startPolymarketSim, type PolymarketSim, type SimMarketInfo } from './sim/index.js';

/** Trading through the adapter against the simulator with a funded wallet. */

async function failure(p: Promise<unknown>): Promise<VennError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof VennError) return err;
    throw err;
  }
  throw new Error('expected a rejection');
}

describe('polymarket trading against the simulator', () => {
  let sim: PolymarketSim;
  let adapter: PolymarketAdapter;
  let market: SimMarketInfo;
  let marketId: string;
  const wallet = Wallet.createRandom();
  const urls = (): PolymarketAdapterOptions => ({
    gammaUrl: sim.gammaUrl,
    clobUrl: sim.clobUrl,
    dataUrl: sim.dataUrl,
    wsMarketUrl: `${sim.wsUrl}/ws/market`,
    wsUserUrl: `${sim.wsUrl}/ws/user`,
  });

  beforeAll(async () => {
    sim = await startPolymarketSim({ seed: 5, markets: 30, botRatePerSecond: 0, tradeFailureRate: 0, fund: [{ address: wallet.address, amount: '5000' }] });
    adapter = createPolymarketAdapter({ ...urls(), wallet });
    market = sim.markets().find((m) => !m.closed && m.tickSize === '0.01' && m.secondsDelay === 0 && !m.negRisk) as SimMarketInfo;
    marketId = `polymarket:${market.conditionId}`;
    await adapter.getOrderBook(market.conditionId); // touch the book so the bots fill it
    sim.stepBots(40);
  });

  afterAll(async () => {
    await adapter?.close();
    await sim?.close();
  });

  const below = () => Decimal.parse(market.minOrderSize).div('2', 2, 'down').toString();
  const rest = (price = '0.02', extra: Partial<Parameters<PolymarketAdapter['placeOrder']>[0]> = {}) =>
    adapter.placeOrder({ marketId, side: 'buy', outcome: 'yes', price, size: market.minOrderSize, ...extra });

  it('places a resting order whose id is the EIP-712 order hash, reads and cancels it', async () => {
    const o = await rest('0.02', { postOnly: true });
    expect(OrderSchema.parse(o)).toMatchObject({ status: 'open', side: 'buy', outcome: 'yes', postOnly: true, filled: '0' });
    expect(o.id).toMatch(/^0x[0-9a-f]{64}$/);
    expect((await adapter.getOrder(o.id)).status).toBe('open');
    expect((await adapter.cancelOrder(o.id)).status).toBe('canceled');
    // Cancelling again is idempotent: the final order comes back.
    expect((await adapter.cancelOrder(o.id)).status).toBe('canceled');
  });

  it('places a GTD order that carries its expiry', async () => {
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    const o = await rest('0.02', { timeInForce: 'gtd', expiresAt });
    expect(o).toMatchObject({ status: 'open', timeInForce: 'gtd' });
    const fetched = await adapter.getOrder(o.id);
    expect(fetched.timeInForce).toBe('gtd');
    // Signed a minute later (the venue drops GTD orders at expiration − 60 s), reported as asked.
    expect(Math.abs(Date.parse(fetched.expiresAt ?? '') - Date.parse(expiresAt))).toBeLessThan(1_000);
    await adapter.cancelOrder(o.id);
  });

  it('derives the existing API key when a second client creates one for the same wallet', async () => {
    const second = createPolymarketAdapter({ ...urls(), wallet });
    try {
      expect(await second.apiKeyId()).toBe(await adapter.apiKeyId());
    } finally {
      await second.close();
    }
  });

  it('kills a FOK order that cannot fill completely, with the venue message', async () => {
    const book = await adapter.getOrderBook(market.conditionId);
    const depth = book.asks.reduce((acc, [, size]) => acc.add(size), Decimal.ZERO);
    const ask = book.asks[0] as [string, string];
    const err = await failure(adapter.placeOrder({ marketId, side: 'buy', outcome: 'yes', price: ask[0], size: depth.add('1000').toString(), timeInForce: 'fok' }));
    expect(err).toBeInstanceOf(InvalidOrder);
    expect(err.venueMessage).toMatch(/FOK orders are fully filled or killed/);
  });

  it('cancels several orders at once and by market', async () => {
    const a = await rest('0.02');
    const b = await rest('0.03');
    const c = await rest('0.04');
    const some = await adapter.cancelOrders([a.id, b.id, `0x${'0'.repeat(64)}`]);
    expect(some.canceled.sort()).toEqual([a.id, b.id].sort());
    expect(Object.keys(some.notCanceled)).toEqual([`0x${'0'.repeat(64)}`]);
    const rest2 = await adapter.cancelMarketOrders(market.conditionId);
    expect(rest2.canceled).toEqual([c.id]);
    expect((await adapter.getOrder(c.id)).status).toBe('canceled');
  });

  it('rejects an off-tick price with the venue message', async () => {
    const err = await failure(rest('0.555'));
    expect(err).toBeInstanceOf(InvalidOrder);
    expect(err.venueMessage).toMatch(/breaks minimum tick size rule: 0\.01/);
    expect(err.venueCode).toBe('INVALID_ORDER_MIN_TICK_SIZE');
    expect(err.status).toBe(400);
  });

  it('rejects a size below the minimum with the venue message', async () => {
    const err = await failure(rest('0.02', { size: below() }));
    expect(err).toBeInstanceOf(InvalidOrder);
    expect(err.venueMessage).toContain(`lower than the minimum: ${market.minOrderSize}`);
  });

  it('rejects a post-only order that would cross', async () => {
    const book = await adapter.getOrderBook(market.conditionId);
    const ask = book.asks[0]?.[0];
    expect(ask, 'the simulated book has asks').toBeDefined();
    const err = await failure(rest(ask as string, { postOnly: true }));
    expect(err).toBeInstanceOf(InvalidOrder);
    expect(err.venueMessage).toMatch(/crosses/);
  });

  it('rejects an order signed for the wrong exchange as a bad signature', async () => {
    const bad = createPolymarketAdapter({ ...urls(), wallet, contracts: { ...POLYGON_CONTRACTS, ctfExchangeV2: Wallet.createRandom().address } });
    try {
      const err = await failure(bad.placeOrder({ marketId, side: 'buy', outcome: 'yes', price: '0.02', size: market.minOrderSize }));
      expect(err).toBeInstanceOf(InvalidOrder);
      expect(err.venueMessage).toBe('invalid signature');
    } finally {
      await bad.close();
    }
  });

  it('signing for another exchange of the same order version is a bad signature, not a version mismatch', async () => {
    const swapped = { ...POLYGON_CONTRACTS, ctfExchangeV2: POLYGON_CONTRACTS.negRiskExchangeV2 };
    const bad = createPolymarketAdapter({ ...urls(), wallet, contracts: swapped });
    try {
      const err = await failure(bad.placeOrder({ marketId, side: 'buy', outcome: 'yes', price: '0.02', size: market.minOrderSize }));
      expect(err).toBeInstanceOf(InvalidOrder);
      expect(err.venueMessage).toBe('invalid signature');
    } finally {
      await bad.close();
    }
  });

  it('order_version_mismatch: reads GET /version again and signs for the new version once (docs/venues/polymarket.md §6.1)', async () => {
    const other = createPolymarketAdapter({ ...urls(), wallet });
    try {
      const first = await other.placeOrder({ marketId, side: 'buy', outcome: 'yes', price: '0.02', size: market.minOrderSize });
      await other.cancelOrder(first.id);
      // The CLOB moves to order version 3 after the adapter read version 2.
      sim.setClobVersion(3);
      const o = await other.placeOrder({ marketId, side: 'buy', outcome: 'yes', price: '0.02', size: market.minOrderSize });
      expect(o.status).toBe('open');
      expect(sim.orders({ maker: wallet.address, conditionId: market.conditionId }).filter((x) => x.id === o.id)).toHaveLength(1);
      await other.cancelOrder(o.id);
    } finally {
      sim.setClobVersion(2);
      await other.close();
    }
  });

  it('builds a FOK/IOC buy with market precision: 2-decimal maker on a 0.001 tick, filled up to the limit', async () => {
    const fine = sim.markets().find((m) => !m.closed && m.tickSize === '0.001' && m.secondsDelay === 0 && !m.negRisk) as SimMarketInfo;
    expect(fine, 'a 0.001-tick market').toBeDefined();
    await adapter.getOrderBook(fine.conditionId);
    sim.stepBots(30, fine.conditionId);
    const book = await adapter.getOrderBook(fine.conditionId);
    const best = Decimal.parse((book.asks[0] as [string, string])[0]);
    // A limit with three decimals, so that 7 shares cost three decimals of pUSD: as a limit order
    // that maker amount is fine, as a market-style order the venue refuses it.
    const limit = best.normalize().scale === 3 ? best : best.add('0.001');
    expect(Decimal.parse('7').mul(limit).normalize().scale).toBe(3);
    const o = await adapter.placeOrder({ marketId: `polymarket:${fine.conditionId}`, side: 'buy', outcome: 'yes', price: limit.toString(), size: '7', timeInForce: 'ioc' });
    expect(Decimal.parse(o.filled).isPositive()).toBe(true);
    // 2-decimal spend at the limit, 4-decimal shares: never more than asked.
    expect(Decimal.parse(o.size).lte('7')).toBe(true);
    expect(Decimal.parse(o.size).gt('6.9')).toBe(true);
    const fills = await collectAll(adapter.listFills({ orderId: o.id }));
    expect(fills.length).toBeGreaterThan(0);
    for (const f of fills) expect(Decimal.parse(f.price).lte(limit)).toBe(true);
  });

  it('fills a marketable order, then lists the fill and the position', async () => {
    const book = await adapter.getOrderBook(market.conditionId);
    const ask = book.asks[0] as [string, string];
    const o = await adapter.placeOrder({ marketId, side: 'buy', outcome: 'yes', price: ask[0], size: market.minOrderSize, timeInForce: 'ioc' });
    expect(Decimal.parse(o.filled).isPositive()).toBe(true);
    expect(o.averageFillPrice).not.toBeNull();
    const fills = await collectAll(adapter.listFills({ marketId }));
    expect(fills.some((f) => f.orderId === o.id && f.liquidity === 'taker')).toBe(true);
    const positions = await adapter.listPositions();
    const pos = positions.find((p) => p.marketId === marketId && p.outcome === 'yes');
    expect(pos && Decimal.parse(pos.size).gte(o.filled)).toBe(true);
  });

  it('returns the same order for a repeated clientOrderId instead of placing another', async () => {
    const a = await rest('0.03', { clientOrderId: 'c-1' });
    const b = await rest('0.03', { clientOrderId: 'c-1' });
    expect(b.id).toBe(a.id);
    expect(b.clientOrderId).toBe('c-1');
    const open = (await collectAll(adapter.listOrders({ marketId }))).filter((o) => o.price === '0.03' || Decimal.parse(o.price).eq('0.03'));
    expect(open.map((o) => o.id)).toEqual([a.id]);
    await adapter.cancelOrder(a.id);
  });

  it('reconciles a lost POST /order response by hash: exactly one order exists', async () => {
    const slow = createPolymarketAdapter({ ...urls(), wallet, timeoutMs: 150 });
    try {
      // Warm up credentials, market and order version, so that only the POST meets the delay.
      await slow.cancelOrder((await slow.placeOrder({ marketId, side: 'buy', outcome: 'yes', price: '0.02', size: market.minOrderSize })).id);
      // The venue applies the POST and holds its answer past the client's deadline.
      const injected = sim.faults.injected.afterApply;
      sim.faults.loseAnswerAfterApply({ kind: 'timeout', method: 'POST', path: /\/order$/, holdMs: 1_000 });
      const o = await slow.placeOrder({ marketId, side: 'buy', outcome: 'yes', price: '0.04', size: market.minOrderSize });
      expect(o.status).toBe('open');
      expect(sim.faults.injected.afterApply).toBe(injected + 1);
      expect(slow.httpStats().clob.networkErrors, 'the first response was lost').toBeGreaterThanOrEqual(1);
      const mine = (await collectAll(adapter.listOrders({ marketId }))).filter((x) => Decimal.parse(x.price).eq('0.04'));
      expect(mine.map((x) => x.id)).toEqual([o.id]);
      await adapter.cancelOrder(o.id);
    } finally {
      await slow.close();
    }
  });

  for (const kind of ['502', '504', 'reset'] as const) {
    it(`a POST /order answered ${kind} after the venue applied it is reconciled: one order, never a retryable error`, async () => {
      const price = kind === '502' ? '0.06' : kind === '504' ? '0.07' : '0.08';
      sim.faults.loseAnswerAfterApply({ kind, method: 'POST', path: /\/order$/ });
      const o = await rest(price);
      expect(sim.faults.injected.afterApply).toBeGreaterThanOrEqual(1);
      expect(o.status).toBe('open');
      const mine = (await collectAll(adapter.listOrders({ marketId }))).filter((x) => Decimal.parse(x.price).eq(price));
      expect(mine.map((x) => x.id)).toEqual([o.id]);
      await adapter.cancelOrder(o.id);
    });
  }

  it('places a batch with per-order results and cancels all', async () => {
    const results = await adapter.placeOrders([
      { marketId, side: 'buy', outcome: 'yes', price: '0.05', size: market.minOrderSize },
      { marketId, side: 'buy', outcome: 'no', price: '0.02', size: market.minOrderSize },
      { marketId, side: 'buy', outcome: 'yes', price: '0.05', size: below() },
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, true, false]);
    const [a, b, c] = results;
    expect(a?.ok && a.order.status).toBe('open');
    expect(b?.ok && b.order.outcome).toBe('no');
    expect(c && !c.ok && c.error.venueMessage).toMatch(/lower than the minimum/);
    const { canceled } = await adapter.cancelAllOrders();
    expect(canceled).toEqual(expect.arrayContaining([a?.ok ? a.order.id : '', b?.ok ? b.order.id : '']));
    expect(await collectAll(adapter.listOrders({ marketId }))).toEqual([]);
  });

  it('reports the pUSD balance net of open buy orders', async () => {
    const [before] = await adapter.getBalances();
    const o = await rest('0.10', { size: '10' });
    const [after] = await adapter.getBalances();
    expect(after?.currency).toBe('pUSD');
    expect(Decimal.parse(after?.total ?? '0').sub(after?.available ?? '0').gte('1')).toBe(true);
    expect(Decimal.parse(after?.available ?? '0').lt(before?.available ?? '0')).toBe(true);
    await adapter.cancelOrder(o.id);
  });

  it('streams our order and fill events on the user channel', async () => {
    const stream = adapter.stream();
    const events: StreamEvent[] = [];
    stream.onEvent((e) => {
      if (e.type === 'order' || e.type === 'fill') events.push(e);
    });
    try {
      await stream.subscribe([marketId], ['orders', 'fills']);
      // The venue sends no acknowledgement: wait until it follows the market for us.
      await vi.waitFor(() => expect(sim.userConnections().flat()).toContain(market.conditionId.toLowerCase()));
      const book = await adapter.getOrderBook(market.conditionId);
      const ask = book.asks[0] as [string, string];
      const o: Order = await adapter.placeOrder({ marketId, side: 'buy', outcome: 'yes', price: ask[0], size: market.minOrderSize, timeInForce: 'ioc' });
      const fillsOf = () => events.flatMap((e) => (e.type === 'fill' && e.fill.orderId === o.id ? [e.fill] : []));
      // Once when matched, once more when the trade settles (MINED repeats nothing).
      await vi.waitFor(() => expect(fillsOf().map((f) => f.status)).toEqual(['pending', 'confirmed']), { timeout: 5_000, interval: 20 });
      expect(fillsOf()[0]?.marketId).toBe(marketId);
    } finally {
      await stream.close();
    }
  });

  it('keeps the private key, API secret and passphrase out of errors and logs', async () => {
    let logged = '';
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        logged += chunk.toString();
        done();
      },
    });
    const secret = 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3I=';
    const passphrase = 'passphrase-that-must-not-leak';
    const leaky = createPolymarketAdapter({
      ...urls(),
      wallet,
      apiCredentials: { apiKey: '00000000-0000-4000-8000-000000000000', secret, passphrase },
      logger: pino({ level: 'debug' }, sink),
    });
    try {
      const err = await failure(leaky.placeOrder({ marketId, side: 'buy', outcome: 'yes', price: '0.02', size: market.minOrderSize }));
      expect(err).toBeInstanceOf(AuthenticationError);
      expect(err.venueMessage).toBe('Unauthorized/Invalid api key');
      const text = `${err.message} ${JSON.stringify(err)} ${err.stack ?? ''} ${logged}`;
      for (const s of [secret, passphrase, wallet.privateKey, wallet.privateKey.slice(2)]) expect(text).not.toContain(s);
      expect(logged.length).toBeGreaterThan(0);
    } finally {
      await leaky.close();
    }
  });

  it('refuses trading without a key', async () => {
    const readOnly = createPolymarketAdapter(urls());
    try {
      expect(readOnly.authenticated).toBe(false);
      expect(readOnly.has.placeOrder).toBe(true);
      await expect(readOnly.placeOrder({ marketId, side: 'buy', outcome: 'yes', price: '0.02', size: '5' })).rejects.toBeInstanceOf(AuthenticationError);
      await expect(readOnly.getBalances()).rejects.toBeInstanceOf(AuthenticationError);
      await expect(collectAll(readOnly.listOrders())).rejects.toBeInstanceOf(AuthenticationError);
    } finally {
      await readOnly.close();
    }
  });
});
