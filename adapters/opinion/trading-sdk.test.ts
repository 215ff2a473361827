import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, OrderBuilder, OrderSide, OrderType, Signer } from '@opinion-labs/opinion-clob-sdk';
import { createOpinionAdapter, type OpinionAdapter } from './adapter.js';
import { startOpinionSim, type OpinionSim, type SimMarketInfo } from './sim/index.js';
import { startTestProxy, type TestProxy } from './test-proxy.js';

/**
 * The adapter's order path against Opinion's official SDK (docs/venues/opinion.md §2.3, §6.3):
 * the adapter and the SDK place the same orders through a recording proxy in front of the
 * simulator. The two `POST /order` bodies must have the same keys in the same order with the same
 * JSON types and the same values — except the salt, the signature it implies and the timestamp —
 * and the SDK's own order builder, given the adapter's salt, must sign exactly what the adapter
 * sent. Each side also reads the other's order back, the SDK unchanged.
 */

type Body = Record<string, unknown>;
const KEY = `0x${'7c'.repeat(32)}` as const;
const SALT = 0xa11ce_5a17_0f_0913_5eedn;
const PER_ORDER = ['salt', 'signature', 'sign', 'timestamp'];

describe("the adapter's orders equal the official SDK's", () => {
  let sim: OpinionSim;
  let proxy: TestProxy;
  let adapter: OpinionAdapter;
  let sdk: Client;
  let market: SimMarketInfo;
  let safe: string;
  const wallet = new Wallet(KEY);
  const apiKey = 'sdk-equality-key';

  const lastPost = (): Body => proxy.requests.filter((r) => r.method === 'POST' && r.path === '/openapi/order').at(-1)!.body as Body;

  /** Same keys, same order, same JSON types; same values except the per-order ones. */
  function expectSameBody(ours: Body, theirs: Body): void {
    expect(Object.keys(ours)).toEqual(Object.keys(theirs));
    for (const k of Object.keys(theirs)) {
      expect(typeof ours[k], k).toBe(typeof theirs[k]);
      if (!PER_ORDER.includes(k)) expect(ours[k], k).toEqual(theirs[k]);
    }
  }

  /** The SDK's builder, given our salt and our order's fields, signs exactly what we sent. */
  async function expectSdkSignature(ours: Body): Promise<void> {
    const builder = new OrderBuilder(sim.exchangeAddress, 56, new Signer(KEY), () => BigInt(ours['salt'] as string));
    const sdkSigned = await builder.buildSignedOrder({
      maker: ours['maker'] as `0x${string}`,
      taker: ours['taker'] as `0x${string}`,
      tokenId: ours['tokenId'] as string,
      makerAmount: BigInt(ours['makerAmount'] as string),
      takerAmount: BigInt(ours['takerAmount'] as string),
      side: Number(ours['side']) as OrderSide,
      feeRateBps: '0',
      signatureType: Number(ours['signatureType']),
      signer: ours['signer'] as `0x${string}`,
      nonce: '0',
      expiration: '0',
    });
    expect(ours['salt']).toBe(SALT.toString());
    expect(ours['signature']).toBe(sdkSigned.signature);
  }

  beforeAll(async () => {
    sim = await startOpinionSim({ seed: 31, markets: 30, botRatePerSecond: 0, confirmDelayMs: 0, enforceRateLimits: false, accounts: [{ address: wallet.address, apiKey, usdt: '1000' }] });
    proxy = await startTestProxy(sim.restUrl);
    safe = sim.account(wallet.address)!.safe;
    adapter = createOpinionAdapter({ restUrl: proxy.url, wsUrl: sim.wsUrl, apiKey, privateKey: KEY, salt: () => SALT });
    sdk = new Client({ host: proxy.url, apiKey, chainId: 56, rpcUrl: 'http://127.0.0.1:9', privateKey: KEY, multiSigAddress: safe as `0x${string}` });
    market = sim.markets().find((m) => m.status === 2 && m.parentId === null)!;
    sim.grantShares(wallet.address, market.yesTokenId, '50');
  });
  afterAll(async () => {
    await adapter.close();
    await proxy.close();
    await sim.close();
  });

  it('a limit buy: same body, the SDK signs our salt to our signature, each reads the other back', async () => {
    const sdkPlaced = await sdk.placeOrder({ marketId: market.marketId, tokenId: market.yesTokenId, side: OrderSide.BUY, orderType: OrderType.LIMIT_ORDER, price: '0.05', makerAmountInBaseToken: '120', postOnly: false });
    expect(sdkPlaced.errno).toBe(0);
    const theirs = lastPost();
    const ours = await adapter.placeOrder({ marketId: `opinion:${market.marketId}`, side: 'buy', outcome: 'yes', price: '0.05', size: '120', postOnly: false });
    expectSameBody(lastPost(), theirs);
    await expectSdkSignature(lastPost());
    expect(lastPost()['maker']).toBe(safe);

    const sdkReadsOurs = await sdk.getOrderById(ours.id);
    expect(sdkReadsOurs.result.orderData).toMatchObject({ orderId: ours.id, sideEnum: 'Buy', price: '0.05', orderShares: '120' });
    const weReadTheirs = await adapter.getOrder(sdkPlaced.result.orderData!.orderId!);
    expect(weReadTheirs).toMatchObject({ status: 'open', price: '0.05', size: '120', side: 'buy', outcome: 'yes' });
  });

  it('a limit sell: same body and signature', async () => {
    const sdkPlaced = await sdk.placeOrder({ marketId: market.marketId, tokenId: market.yesTokenId, side: OrderSide.SELL, orderType: OrderType.LIMIT_ORDER, price: '0.95', makerAmountInBaseToken: '10' });
    expect(sdkPlaced.errno).toBe(0);
    const theirs = lastPost();
    await adapter.placeOrder({ marketId: `opinion:${market.marketId}`, side: 'sell', outcome: 'yes', price: '0.95', size: '10' });
    const ours = lastPost();
    // The SDK sends `postOnly` only when given; so does the adapter, which always gives it for limits.
    expectSameBody(ours, { ...theirs, postOnly: false });
    expect({ makerAmount: ours['makerAmount'], takerAmount: ours['takerAmount'] }).toEqual({ makerAmount: theirs['makerAmount'], takerAmount: theirs['takerAmount'] });
    await expectSdkSignature(ours);
  });

  it('a market buy: same body and signature (price "0", takerAmount 0)', async () => {
    const sdkPlaced = await sdk.placeOrder({ marketId: market.marketId, tokenId: market.yesTokenId, side: OrderSide.BUY, orderType: OrderType.MARKET_ORDER, price: '0', makerAmountInQuoteToken: '6' });
    expect(sdkPlaced.errno).toBe(0);
    const theirs = lastPost();
    await adapter.opinion.placeMarketOrder({ marketId: `opinion:${market.marketId}`, side: 'buy', outcome: 'yes', amount: '6' });
    const ours = lastPost();
    expectSameBody(ours, { ...theirs });
    await expectSdkSignature(ours);
  });
});
