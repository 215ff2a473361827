import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Wallet } from 'ethers';
import { startOpinionSim, type OpinionSim, type SimMarketInfo } from './index.js';
import { TEST_KEYS, TestUser, wei, type Json } from './test-client.js';

const WEI = 10n ** 18n;
const p3 = (thousandths: number) => String(thousandths / 1000);
const thousandths = (price: string) => Math.round(Number(price) * 1000);

describe('order entry, matching and settlement', () => {
  let sim: OpinionSim;
  let a: TestUser;
  let b: TestUser;
  let eoa: TestUser;
  let market: SimMarketInfo;
  let clock = Date.UTC(2026, 6, 1);

  const user = (key: string, apiKey: string) => {
    const w = new Wallet(key);
    return new TestUser(sim.restUrl, key, apiKey, sim.account(w.address)!.safe, sim.exchangeAddress);
  };
  const balance = async (u: TestUser) => (await u.get('/user/balance?chain_id=56')).body.result.balances[0];
  const bestBid = () => thousandths(sim.book(market.yesTokenId).bids[0]![0]);
  const bestAsk = () => thousandths(sim.book(market.yesTokenId).asks[0]![0]);

  beforeAll(async () => {
    sim = await startOpinionSim({
      seed: 8, markets: 40, botRatePerSecond: 0, confirmDelayMs: 0, enforceRateLimits: false, now: () => clock,
      accounts: [
        { address: new Wallet(TEST_KEYS[0]).address, apiKey: 'key-a', usdt: '2000' },
        { address: new Wallet(TEST_KEYS[1]).address, apiKey: 'key-b', usdt: '2000' },
        { address: new Wallet(TEST_KEYS[2]).address, apiKey: 'key-eoa' },
      ],
    });
    a = user(TEST_KEYS[0], 'key-a');
    b = user(TEST_KEYS[1], 'key-b');
    eoa = user(TEST_KEYS[2], 'key-eoa');
    // A market priced in the middle, so that a few dozen shares are worth more than the $5 minimum.
    market = sim.markets().find((m) => m.parentId === null && m.status === 2 && Math.abs(Number(sim.book(m.yesTokenId).bids[0]![0]) - 0.5) < 0.2)!;
  });
  afterAll(() => sim.close());

  it('rests a limit buy, freezes its USDT and lists it as Pending', async () => {
    const price = bestBid() - 5;
    const r = await a.order({ marketId: market.marketId, tokenId: market.yesTokenId, side: 'buy', price: p3(price), amount: '20' });
    expect(r.body.errno).toBe(0);
    const o = r.body.result.orderData;
    expect(o).toMatchObject({ status: 1, statusEnum: 'Pending', side: 1, sideEnum: 'Buy', tradingMethod: 2, orderShares: '20', filledShares: '0', price: p3(price) });
    expect(o.orderId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(sim.book(market.yesTokenId).bids.find(([p]) => p === p3(price))?.[1]).toBe('20');
    expect(sim.book(market.noTokenId).asks.find(([p]) => p === p3(1000 - price))?.[1]).toBe('20');
    const bal = await balance(a);
    expect(wei(bal.frozenBalance)).toBe((20n * BigInt(price) * WEI) / 1000n);
    expect(wei(bal.availableBalance) + wei(bal.frozenBalance)).toBe(2000n * WEI);
    const open = (await a.get('/order?status=1')).body.result.list.map((x: Json) => x.orderId);
    expect(open).toContain(o.orderId);
    const detail = (await a.get(`/order/${o.orderId}`)).body.result.orderData;
    expect(detail.orderId).toBe(o.orderId);
    expect((await b.get(`/order/${o.orderId}`)).body.errno).toBe(10608);
    expect((await b.request('POST', '/order/cancel', { orderId: o.orderId })).body.result).toEqual({ result: false });
    expect((await a.request('POST', '/order/cancel', { orderId: o.orderId })).body.result).toEqual({ result: true });
    expect(wei((await balance(a)).frozenBalance)).toBe(0n);
  });

  it('verifies the EIP-712 signature, the sign field, maker and signer', async () => {
    const base = { marketId: market.marketId, tokenId: market.yesTokenId, side: 'buy' as const, price: p3(bestBid() - 5), amount: '20' };
    const tampered = await a.order({ ...base, afterSigning: { makerAmount: '9000000000000000000' } });
    expect(tampered.body).toMatchObject({ errno: 10601, errmsg: 'Invalid order signature' });
    const otherExchange = await a.order({ ...base, exchange: '0x000000000000000000000000000000000000dEaD' });
    expect(otherExchange.body.errno).toBe(10601);
    const body = await a.orderBody(base);
    const shortSign = await a.request('POST', '/order', { ...body, sign: body.signature.slice(2, 66) });
    expect(shortSign.body.errno).toBe(0);
    const badSign = await a.order({ ...base, afterSigning: { sign: '0xabc' } });
    expect(badSign.body.errno).toBe(10601);
    const replay = await a.request('POST', '/order', body);
    expect(replay.body).toMatchObject({ errno: 10609, errmsg: 'Duplicate order' });
    const notSafe = await a.order({ ...base, maker: b.safe });
    expect(notSafe.body.errno).toBe(10607);
    expect(notSafe.body.errmsg).toContain('must be the current multi-signature wallet');
    const otherSigner = await b.request('POST', '/order', await a.orderBody(base));
    expect(otherSigner.body.errno).toBe(10000);
  });

  it('enforces the 0.001 grid, the signed price, the $5 minimum, balances and trading approval', async () => {
    const base = { marketId: market.marketId, tokenId: market.yesTokenId, side: 'buy' as const };
    expect((await a.order({ ...base, price: '0.4005', amount: '20' })).body.errno).toBe(10602);
    expect((await a.order({ ...base, price: '0.4', amount: '20', override: { takerAmount: '21000000000000000000' } })).body.errno).toBe(10602);
    const small = await a.order({ ...base, price: '0.5', amount: '9.99' });
    expect(small.body.errno).toBe(10603);
    expect(small.body.errmsg).toContain('below the minimum required value');
    const poor = await a.order({ ...base, price: '0.5', amount: '5000' });
    expect(poor.body).toMatchObject({ errno: 10604, errmsg: 'Insufficient token balance' });
    const noShares = await a.order({ ...base, side: 'sell', price: '0.5', amount: '20' });
    expect(noShares.body.errno).toBe(10604);
    sim.setTradingEnabled(a.address, false);
    expect((await a.order({ ...base, price: '0.1', amount: '60' })).body.errno).toBe(10014);
    sim.setTradingEnabled(a.address, true);
    expect((await a.order({ ...base, marketId: 999_999, price: '0.1', amount: '60' })).body.errno).toBe(10200);
    expect((await a.order({ ...base, tokenId: sim.markets()[5]!.yesTokenId, price: '0.1', amount: '60' })).body.errno).toBe(10000);
    const resolved = sim.markets().find((m) => m.status === 4)!;
    expect((await a.order({ marketId: resolved.marketId, tokenId: resolved.yesTokenId, side: 'buy', price: '0.1', amount: '60' })).body.errno).toBe(10606);
  });

  it('rejects post-only orders that would cross and post-only market orders', async () => {
    const cross = await a.order({ marketId: market.marketId, tokenId: market.yesTokenId, side: 'buy', price: p3(bestAsk()), amount: '20', postOnly: true });
    expect(cross.body.errno).toBe(10611);
    const rests = await a.order({ marketId: market.marketId, tokenId: market.yesTokenId, side: 'buy', price: p3(bestBid()), amount: '20', postOnly: true });
    expect(rests.body.result.orderData).toMatchObject({ postOnly: true, status: 1 });
    const pm = await a.order({ marketId: market.marketId, tokenId: market.yesTokenId, side: 'buy', amount: '10', postOnly: true });
    expect(pm.body).toMatchObject({ errno: 10610, errmsg: 'postOnly is not allowed for market orders' });
  });

  it('matches a NO buy against a YES bid by minting (Split); only the taker pays, at least $0.25', async () => {
    const price = bestBid() + 1;
    const maker = await a.order({ marketId: market.marketId, tokenId: market.yesTokenId, side: 'buy', price: p3(price), amount: '30' });
    expect(maker.body.errno).toBe(0);
    const before = wei((await balance(b)).totalBalance);
    const taker = await b.order({ marketId: market.marketId, tokenId: market.noTokenId, side: 'buy', price: p3(1000 - price), amount: '30' });
    expect(taker.body.result.orderData).toMatchObject({ status: 2, statusEnum: 'Finished', filledShares: '30.000000000000000000' });
    const tradeB = (await b.get(`/trade?marketId=${market.marketId}`)).body.result.list[0];
    const tradeA = (await a.get(`/trade?marketId=${market.marketId}`)).body.result.list[0];
    expect(tradeA).toMatchObject({ side: 'Split', outcomeSide: 1, fee: '0.000000000000000000', shares: '30' });
    const noPrice = BigInt(1000 - price);
    const gross = (30n * noPrice * WEI) / 1000n;
    expect(tradeB).toMatchObject({ side: 'Split', outcomeSide: 2, fee: '0.250000000000000000', feeFormatted: '0.25' });
    expect(wei(tradeB.amount)).toBe(gross);
    // Fee taken in shares: received = (amount − fee) / price.
    expect(wei(tradeB.shares)).toBe(30n * WEI - (WEI / 4n) * 1000n / noPrice);
    expect(before - wei((await balance(b)).totalBalance)).toBe(gross);
    const posA = (await a.get(`/positions?marketId=${market.marketId}`)).body.result.list[0];
    expect(posA).toMatchObject({ tokenId: market.yesTokenId, sharesOwned: '30', outcomeSide: 1 });
    expect(Number(posA.avgEntryPrice)).toBeCloseTo(price / 1000, 9);
  });

  it('merges a YES sell with a NO sell, and a market order pays the curve after the $0.25 floor', async () => {
    // A holds 30 YES; B holds NO. A offers YES, B sells NO into it: both sells (Merge).
    const ask = bestAsk() - 1;
    const offer = await a.order({ marketId: market.marketId, tokenId: market.yesTokenId, side: 'sell', price: p3(ask), amount: '20' });
    expect(offer.body.errno).toBe(0);
    const sell = await b.order({ marketId: market.marketId, tokenId: market.noTokenId, side: 'sell', price: p3(1000 - ask), amount: '20' });
    expect(sell.body.result.orderData.status).toBe(2);
    const row = (await b.get(`/trade?marketId=${market.marketId}`)).body.result.list[0];
    expect(row).toMatchObject({ side: 'Merge', shares: '20' });
    // A market buy across at least two ask levels: fill 1 pays max(curve, 0.25), fill 2 the curve exactly.
    const asks = sim.book(market.yesTokenId).asks;
    const spend = (Number(asks[0]![0]) * Number(asks[0]![1]) + 2).toFixed(2);
    const mkt = await b.order({ marketId: market.marketId, tokenId: market.yesTokenId, side: 'buy', amount: spend });
    expect(mkt.body.result.orderData).toMatchObject({ tradingMethod: 1, tradingMethodEnum: 'Market', status: 2 });
    expect(wei(mkt.body.result.orderData.orderAmount)).toBe(wei(spend));
    expect(mkt.body.result.orderData.orderAmount).toMatch(/\.\d{18}$/);
    const fills = (await b.get(`/order/${mkt.body.result.orderData.orderId}`)).body.result.orderData.trades;
    expect(fills.length).toBeGreaterThanOrEqual(2);
    const curve = (t: Json) => {
      const p = wei(t.price) / 10n ** 15n;
      return (wei(t.amount) * 4n * p * (1000n - p)) / (1000n * 1000n * 100n);
    };
    const [first, second] = fills as Json[];
    const floor = curve(first!) > WEI / 4n ? curve(first!) : WEI / 4n;
    expect(wei(first!.feeFormatted)).toBe(floor);
    expect(wei(second!.feeFormatted)).toBe(curve(second!));
    const order = (await b.get(`/order/${mkt.body.result.orderData.orderId}`)).body.result.orderData;
    const spent = fills.reduce((acc: bigint, t: Json) => acc + wei(t.amount), 0n);
    expect(wei(order.filledAmount)).toBe(spent);
    expect(spent).toBeLessThanOrEqual(wei(spend));
  });

  it('stops a market order at its safeRate bound', async () => {
    const asks = sim.book(market.yesTokenId).asks;
    const best = thousandths(asks[0]![0]);
    const r = await b.order({ marketId: market.marketId, tokenId: market.yesTokenId, side: 'buy', amount: '500', safeRate: '0.001' });
    expect(r.body.result.orderData.status).toBe(2);
    const fills = (await b.get(`/order/${r.body.result.orderData.orderId}`)).body.result.orderData.trades as Json[];
    expect(fills.length).toBeGreaterThan(0);
    for (const t of fills) expect(Number(wei(t.price) / 10n ** 15n)).toBeLessThanOrEqual(Math.floor(best * 1.001));
    expect(wei(r.body.result.orderData.filledAmount)).toBeLessThan(wei('500'));
  });

  it('answers Depth not enough when a market order cannot trade within its signed bound', async () => {
    const r = await a.order({ marketId: market.marketId, tokenId: market.yesTokenId, side: 'buy', amount: '10', override: { takerAmount: '1000000000000000000000' } });
    expect(r.body).toMatchObject({ errno: 10605, errmsg: 'Depth not enough' });
  });

  it('expires an order at its orderExpTime (GTD)', async () => {
    const nowS = Math.floor(clock / 1000);
    const r = await a.order({ marketId: market.marketId, tokenId: market.yesTokenId, side: 'buy', price: p3(bestBid() - 7), amount: '20', orderExpTime: String(nowS + 60) });
    const id = r.body.result.orderData.orderId;
    expect(r.body.result.orderData).toMatchObject({ status: 1, expiresAt: nowS + 60 });
    clock += 61_000;
    await vi.waitFor(async () => expect((await a.get(`/order/${id}`)).body.result.orderData.statusEnum).toBe('Expired'), { timeout: 5000 });
    expect((await a.order({ marketId: market.marketId, tokenId: market.yesTokenId, side: 'buy', price: '0.1', amount: '60', orderExpTime: String(nowS) })).body.errno).toBe(10000);
  });

  it('accepts EOA orders (signature type 0) funded by the EOA itself, Safe orders by the Safe', async () => {
    const spec = { marketId: market.marketId, tokenId: market.yesTokenId, side: 'buy' as const, price: '0.1', amount: '60' };
    expect((await eoa.order({ ...spec, signatureType: 0 })).body.errno).toBe(10604);
    sim.fund(eoa.address, '100', 'address');
    const own = await eoa.order({ ...spec, signatureType: 0 });
    expect(own.body.errno).toBe(0);
    expect((await eoa.order({ ...spec, maker: b.address, signatureType: 0 })).body.errno).toBe(10607);
    expect((await eoa.order(spec)).body.errno).toBe(10604);
    sim.fund(eoa.address, '100');
    expect((await eoa.order(spec)).body.errno).toBe(0);
  });

  it('cancels the orders of a market at resolution and marks winning positions claimable', async () => {
    const open = (await a.get(`/order?status=1&marketId=${market.marketId}`)).body.result.list;
    expect(open.length).toBeGreaterThan(0);
    sim.resolve(market.marketId, 'yes');
    expect((await a.get(`/order?status=1&marketId=${market.marketId}`)).body.result.total).toBe(0);
    const pos = (await a.get(`/positions?marketId=${market.marketId}`)).body.result.list.find((x: Json) => x.tokenId === market.yesTokenId);
    expect(pos).toMatchObject({ marketStatus: 4, claimStatusEnum: 'WaitClaim' });
    expect((await a.get(`/market/${market.marketId}`)).body.result.data).toMatchObject({ status: 4, resultTokenId: market.yesTokenId });
  });
});
