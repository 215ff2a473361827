import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Wallet } from 'ethers';
import { CTF_EXCHANGE_V2 } from './constants.js';
import { startPolymarketSim, type PolymarketSim, type SimMarketInfo } from './index.js';
import { limitAmounts, signOrder, TestClob, TEST_KEYS } from './test-client.js';

const M = 1_000_000;

describe('order entry and matching', () => {
  let sim: PolymarketSim;
  let a: TestClob;
  let b: TestClob;
  let poor: TestClob;
  let market: SimMarketInfo;
  let mid: number;

  beforeAll(async () => {
    const wa = new Wallet(TEST_KEYS[0]);
    const wb = new Wallet(TEST_KEYS[1]);
    sim = await startPolymarketSim({ seed: 7, markets: 80, botRatePerSecond: 0, fund: [{ address: wa.address, amount: '1000' }] });
    sim.fund(wb.address, '500.5');
    a = new TestClob(sim.clobUrl, wa);
    b = new TestClob(sim.clobUrl, wb);
    poor = new TestClob(sim.clobUrl, new Wallet(TEST_KEYS[2]));
    await Promise.all([a.deriveKey(), b.deriveKey(), poor.deriveKey()]);
    market = sim.markets().find((m) => m.tickSize === '0.01' && m.minOrderSize === '5' && !m.negRisk && m.version === 'v1' && !m.closed)!;
    const book = sim.book(market.yesTokenId);
    const bestBid = Math.round(Number(book.bids[0]![0]) * 100);
    const bestAsk = Math.round(Number(book.asks[0]![0]) * 100);
    expect(bestAsk - bestBid).toBe(2);
    mid = (bestBid + 1) * 10_000;
  });
  afterAll(() => sim.close());

  const buyYes = (c: TestClob, price: number, size: number, extra = {}) =>
    c.order({ market, tokenId: market.yesTokenId, side: 'BUY', ...limitAmounts('BUY', price, size) }, extra);

  it('rests a GTC order (orderID = EIP-712 hash) and lists it', async () => {
    const res = await buyYes(a, mid, 10 * M);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ success: true, errorMsg: '', status: 'live', tradeIDs: [] });
    expect(res.json.orderID).toMatch(/^0x[0-9a-f]{64}$/);
    expect(res.headers.get('Poly-RateLimit-Tier')).toBe('standard');
    expect(sim.book(market.yesTokenId).bids[0]).toEqual([(mid / M).toString(), '10']);
    expect(sim.book(market.noTokenId).asks[0]).toEqual([((M - mid) / M).toString(), '10']);

    const open = await a.request('GET', `/data/orders?market=${market.conditionId}`);
    expect(open.json.data.map((o: { id: string }) => o.id)).toContain(res.json.orderID);
    const one = await a.request('GET', `/data/order/${res.json.orderID}`);
    expect(one.json).toMatchObject({ status: 'ORDER_STATUS_LIVE', side: 'BUY', original_size: '10', size_matched: '0', outcome: 'Yes', order_type: 'GTC' });

    const bal = await a.request('GET', '/balance-allowance?asset_type=COLLATERAL&signature_type=0');
    expect(bal.json.balance).toBe('1000000000');
    expect(bal.json.allowances[CTF_EXCHANGE_V2]).toMatch(/^\d{78}$/);
  });

  it('matches a NO buy against the YES bid (complementary mint) and settles both wallets', async () => {
    const noPrice = M - mid;
    const res = await b.order({ market, tokenId: market.noTokenId, side: 'BUY', ...limitAmounts('BUY', noPrice, 10 * M) });
    expect(res.status).toBe(200);
    expect(res.json.status).toBe('matched');
    expect(res.json.tradeIDs).toHaveLength(1);
    expect(res.json.takingAmount).toBe('10000000');
    expect(res.json.makingAmount).toBe(String((noPrice * 10 * M) / M));

    const yes = await a.request('GET', `/balance-allowance?asset_type=CONDITIONAL&token_id=${market.yesTokenId}`);
    expect(yes.json.balance).toBe('10000000');
    const no = await b.request('GET', `/balance-allowance?asset_type=CONDITIONAL&token_id=${market.noTokenId}`);
    expect(no.json.balance).toBe('10000000');
    const colA = await a.request('GET', '/balance-allowance?asset_type=COLLATERAL');
    expect(BigInt(colA.json.balance)).toBe(1_000_000_000n - BigInt(mid * 10));
    const colB = await b.request('GET', '/balance-allowance?asset_type=COLLATERAL');
    expect(BigInt(colB.json.balance)).toBe(500_500_000n - BigInt(noPrice * 10));

    const trades = await a.request('GET', '/data/trades');
    expect(trades.json.data[0]).toMatchObject({ trader_side: 'MAKER', size: '10', asset_id: market.noTokenId, side: 'BUY' });
    const tradesB = await b.request('GET', `/data/trades?market=${market.conditionId}`);
    expect(tradesB.json.data[0].trader_side).toBe('TAKER');
    expect(tradesB.json.data[0].maker_orders[0]).toMatchObject({ asset_id: market.yesTokenId, side: 'BUY', matched_amount: '10' });

    const positions = await fetch(`${sim.dataUrl}/positions?user=${a.wallet.address}`).then((r) => r.json() as Promise<Record<string, unknown>[]>);
    expect(positions).toHaveLength(1);
    expect(positions[0]).toMatchObject({ asset: market.yesTokenId, size: 10, avgPrice: mid / M, outcome: 'Yes' });
  });

  it('sells back what it holds and refuses to oversell', async () => {
    const over = await a.order({ market, tokenId: market.yesTokenId, side: 'SELL', ...limitAmounts('SELL', 990_000, 11 * M) });
    expect(over.json).toEqual({ error: 'not enough balance / allowance' });
    const ok = await a.order({ market, tokenId: market.yesTokenId, side: 'SELL', ...limitAmounts('SELL', 990_000, 10 * M) });
    expect(ok.json.status).toBe('live');
    const cancel = await a.request('DELETE', '/order', { orderID: ok.json.orderID });
    expect(cancel.json).toEqual({ canceled: [ok.json.orderID], not_canceled: {} });
    const again = await a.request('DELETE', '/order', { orderID: ok.json.orderID });
    expect(again.json.not_canceled[ok.json.orderID]).toBe('Order not found or already canceled');
  });

  it('rejects with the venue error strings', async () => {
    const offTick = await a.order({ market, tokenId: market.yesTokenId, side: 'BUY', makerAmount: '5550000', takerAmount: '10000000' });
    expect(offTick.status).toBe(400);
    expect(offTick.json.error).toMatch(/^order 0x[0-9a-f]{64} is invalid\. Price \(0\.555\) breaks minimum tick size rule: 0\.01$/);

    const small = await buyYes(a, 100_000, 2 * M);
    expect(small.json.error).toMatch(/^order 0x[0-9a-f]{64} is invalid\. Size \(2\) lower than the minimum: 5$/);

    const bestAsk = Number(sim.book(market.yesTokenId).asks[0]![0]) * 100 * 10_000;
    const cross = await buyYes(a, bestAsk, 5 * M, { postOnly: true });
    expect(cross.json).toEqual({ error: 'invalid post-only order: order crosses book' });

    const broke = await buyYes(poor, 100_000, 5 * M);
    expect(broke.json).toEqual({ error: 'not enough balance / allowance' });

    const bestAskSize = Number(sim.book(market.yesTokenId).asks[0]![1]);
    const fok = await buyYes(a, bestAsk, (bestAskSize + 1) * M, { orderType: 'FOK' });
    expect(fok.json).toEqual({ error: "order couldn't be fully filled. FOK orders are fully filled or killed." });
  });

  it('rejects duplicates, foreign signers, owners and wrong signatures', async () => {
    const order = await signOrder(a.wallet, { market, tokenId: market.yesTokenId, side: 'BUY', ...limitAmounts('BUY', 10_000, 5 * M) });
    const body = { order, owner: a.creds!.apiKey, orderType: 'GTC' };
    const first = await a.request('POST', '/order', body);
    expect(first.json.status).toBe('live');
    const dup = await a.request('POST', '/order', body);
    expect(dup.json.error).toBe(`order ${first.json.orderID} is invalid. Duplicated.`);

    const ownerMismatch = await a.request('POST', '/order', { ...body, owner: b.creds!.apiKey });
    expect(ownerMismatch.json).toEqual({ error: 'the order owner has to be the owner of the API KEY' });

    const bOrder = await signOrder(b.wallet, { market, tokenId: market.yesTokenId, side: 'BUY', ...limitAmounts('BUY', 100_000, 5 * M) });
    const signerMismatch = await a.request('POST', '/order', { order: bOrder, owner: a.creds!.apiKey, orderType: 'GTC' });
    expect(signerMismatch.json).toEqual({ error: 'the order signer address has to be the address of the API KEY' });

    // Signed by B while claiming A as signer: recovery yields the wrong signer.
    const forged = { ...bOrder, signer: a.wallet.address, maker: a.wallet.address };
    const wrongSigner = await a.request('POST', '/order', { order: forged, owner: a.creds!.apiKey, orderType: 'GTC' });
    expect(wrongSigner.json).toEqual({ error: 'invalid signature' });
  });

  it('answers order_version_mismatch to V1 structs and to orders signed for another exchange version', async () => {
    const v1 = {
      salt: 1, maker: a.wallet.address, signer: a.wallet.address, taker: '0x0000000000000000000000000000000000000000',
      tokenId: market.yesTokenId, makerAmount: '500000', takerAmount: '5000000', expiration: '0', nonce: '0', feeRateBps: '0',
      side: 'BUY', signatureType: 0, signature: '0x00',
    };
    const res = await a.request('POST', '/order', { order: v1, owner: a.creds!.apiKey, orderType: 'GTC' });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ error: 'order_version_mismatch' });

    const v2Market = sim.markets().find((m) => m.version === 'v2' && !m.closed)!;
    expect(v2Market).toBeDefined();
    const wrongDomain = await signOrder(a.wallet, { market: { version: 'v1', negRisk: false }, tokenId: v2Market.yesTokenId, side: 'BUY', makerAmount: '50000', takerAmount: '5000000' });
    const mismatch = await a.request('POST', '/order', { order: wrongDomain, owner: a.creds!.apiKey, orderType: 'GTC' });
    expect(mismatch.json).toEqual({ error: 'order_version_mismatch' });

    const right = await a.order({ market: v2Market, tokenId: v2Market.yesTokenId, side: 'BUY', makerAmount: '50000', takerAmount: '5000000' });
    expect(right.json.status).toBe('live');
  });

  it('batches at most 15 orders and cancels all', async () => {
    const orders = await Promise.all(
      Array.from({ length: 3 }, (_, i) => signOrder(a.wallet, { market, tokenId: market.yesTokenId, side: 'BUY', ...limitAmounts('BUY', 20_000 + i * 10_000, 5 * M) })),
    );
    const batch = await a.request('POST', '/orders', orders.map((order) => ({ order, owner: a.creds!.apiKey, orderType: 'GTC' })));
    expect(batch.json.map((r: { status: string }) => r.status)).toEqual(['live', 'live', 'live']);
    const tooMany = await a.request('POST', '/orders', Array.from({ length: 16 }, () => ({})));
    expect(tooMany.json).toEqual({ error: 'Too many orders in payload: 16, max allowed: 15' });
    const all = await a.request('DELETE', '/cancel-all');
    expect(all.json.canceled.length).toBeGreaterThanOrEqual(3);
    const open = await a.request('GET', '/data/orders');
    expect(open.json).toMatchObject({ data: [], next_cursor: 'LTE=' });
  });
});
