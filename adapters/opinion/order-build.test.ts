import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Wallet, recoverAddress } from 'ethers';
import { Client, OrderBuilder, OrderSide, OrderType, Signer } from '@opinion-labs/opinion-clob-sdk';
import { USDT_ADDRESS } from './constants.js';
import { limitOrderAmounts } from './order-amounts.js';
import { buildOrder, orderDigest, postOrderBody, signOrder } from './order-build.js';

const KEY = `0x${'ab'.repeat(32)}`;
const wallet = new Wallet(KEY);
const SAFE = '0x1234567890AbcdEF1234567890aBcdef12345678';
const EXCHANGE = '0x5f45344126d6488025b0b84a3a8189f2487a7246';
const TOKEN = '108761232996648696094986810839467600058532112370676838004575692955272599068666';
const SALT = 73_021_998_123_456_789_012_345_678_901_234_567_890n;

async function sdkSigned(input: { maker: string; side: OrderSide; makerAmount: bigint; takerAmount: bigint; signatureType: number }) {
  const builder = new OrderBuilder(EXCHANGE, 56, new Signer(KEY as `0x${string}`), () => SALT);
  return builder.buildSignedOrder({
    maker: input.maker as `0x${string}`,
    taker: '0x0000000000000000000000000000000000000000',
    tokenId: TOKEN,
    makerAmount: input.makerAmount,
    takerAmount: input.takerAmount,
    side: input.side,
    feeRateBps: '0',
    signatureType: input.signatureType,
    signer: wallet.address as `0x${string}`,
    nonce: '0',
    expiration: '0',
  });
}

describe('order signing (docs/venues/opinion.md §2.3, §6.3)', () => {
  it("produces the official SDK's signature for the same order, key and salt (Safe and EOA makers, both sides)", async () => {
    for (const [side, maker] of [['buy', SAFE], ['sell', SAFE], ['buy', undefined], ['sell', undefined]] as const) {
      const amounts = limitOrderAmounts({ side, price: '0.731', shares: '12.5', decimals: 18 });
      const ours = signOrder(buildOrder({ tokenId: TOKEN, side, ...amounts, signer: wallet.address, maker, salt: SALT }), EXCHANGE, wallet);
      const sdk = await sdkSigned({
        maker: maker ?? wallet.address,
        side: side === 'buy' ? OrderSide.BUY : OrderSide.SELL,
        makerAmount: amounts.makerAmount,
        takerAmount: amounts.takerAmount,
        signatureType: maker ? 2 : 0,
      });
      expect(ours.order.signatureType).toBe(maker ? 2 : 0);
      expect(ours.signature).toBe(sdk.signature);
      expect(ours.order).toEqual({ ...sdk.order, signatureType: sdk.order.signatureType, side: sdk.order.side });
      expect(recoverAddress(ours.digest, ours.signature)).toBe(wallet.address);
    }
  });

  it('signs a different digest for another exchange or chain', () => {
    const order = buildOrder({ tokenId: TOKEN, side: 'buy', makerAmount: 5n, takerAmount: 10n, signer: wallet.address, maker: SAFE, salt: 1n });
    expect(orderDigest(order, EXCHANGE)).not.toBe(orderDigest(order, '0x000000000000000000000000000000000000dEaD'));
    expect(orderDigest(order, EXCHANGE)).not.toBe(orderDigest(order, EXCHANGE, 97));
    expect(() => signOrder(order, EXCHANGE, new Wallet(`0x${'cd'.repeat(32)}`))).toThrow(/not the order signer/);
  });
});

describe('the POST /order body', () => {
  let server: Server;
  let host: string;
  const posted: Record<string, unknown>[] = [];

  beforeAll(async () => {
    // Records what the SDK sends; answers only what its placeOrder reads first.
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += String(d)));
      req.on('end', () => {
        const url = req.url ?? '';
        let result: unknown = null;
        if (url.startsWith('/openapi/quoteToken')) result = { total: 1, list: [{ quoteTokenAddress: USDT_ADDRESS, ctfExchangeAddress: EXCHANGE, decimal: 18, chainId: '56' }] };
        else if (url.startsWith('/openapi/market/')) result = { data: { marketId: 8453, chainId: '56', quoteToken: USDT_ADDRESS, yesTokenId: TOKEN } };
        else if (url === '/openapi/order') {
          posted.push(JSON.parse(body) as Record<string, unknown>);
          result = { orderData: {} };
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errno: 0, errmsg: '', result }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    host = `http://127.0.0.1:${(server.address() as AddressInfo).port}/openapi`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('has the keys, key order and JSON types the SDK sends, and our signature over its salt equals its signature', async () => {
    const client = new Client({ host, apiKey: 'k', chainId: 56, rpcUrl: 'http://127.0.0.1:9', privateKey: KEY as `0x${string}`, multiSigAddress: SAFE as `0x${string}` });
    await client.placeOrder({ marketId: 8453, tokenId: TOKEN, side: OrderSide.BUY, orderType: OrderType.LIMIT_ORDER, price: '0.731', makerAmountInBaseToken: '12.5', postOnly: true });
    const sdk = posted[0]!;
    const amounts = limitOrderAmounts({ side: 'buy', price: '0.731', shares: '12.5', decimals: 18 });
    const salt = BigInt(sdk['salt'] as string);
    const signed = signOrder(buildOrder({ tokenId: TOKEN, side: 'buy', ...amounts, signer: wallet.address, maker: SAFE, salt }), EXCHANGE, wallet);
    const ours = postOrderBody({ signed, topicId: 8453, currencyAddress: USDT_ADDRESS, method: 'limit', price: '0.731', timestampS: sdk['timestamp'] as number, postOnly: true });
    expect(Object.keys(ours)).toEqual(Object.keys(sdk));
    expect(ours).toEqual(sdk);
    for (const [k, v] of Object.entries(ours)) expect(typeof v, k).toBe(typeof sdk[k]);

    await client.placeOrder({ marketId: 8453, tokenId: TOKEN, side: OrderSide.SELL, orderType: OrderType.MARKET_ORDER, price: '0', makerAmountInBaseToken: '20' });
    const market = posted[1]!;
    expect(market).toMatchObject({ price: '0', tradingMethod: 1, takerAmount: '0', makerAmount: String(20n * 10n ** 18n), side: '1', signatureType: '2' });
    expect('postOnly' in market).toBe(false);
    const mSigned = signOrder(buildOrder({ tokenId: TOKEN, side: 'sell', makerAmount: 20n * 10n ** 18n, takerAmount: 0n, signer: wallet.address, maker: SAFE, salt: BigInt(market['salt'] as string) }), EXCHANGE, wallet);
    expect(postOrderBody({ signed: mSigned, topicId: 8453, currencyAddress: USDT_ADDRESS, method: 'market', price: '0', timestampS: market['timestamp'] as number })).toEqual(market);
  });
});
