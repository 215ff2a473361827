import { Wallet, verifyTypedData } from 'ethers';
import { describe, expect, it } from 'vitest';
import { NotSupported } from '../../src/core/index.js';
import {
  ORDER_TYPES,
  OrderSigner,
  POLYGON_CONTRACTS,
  ZERO_BYTES32,
  buildOrder,
  exchangeDomain,
  orderHash,
  postOrderBody,
} from './order-build.js';

const KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const ADDRESS = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
const TOKEN = '71321045679252212594626385532706912750332728571942532289631379312455583992563';

const vectorOrder = () =>
  buildOrder({
    tokenId: TOKEN,
    side: 'BUY',
    makerAmount: '5700000',
    takerAmount: '10000000',
    signer: ADDRESS,
    signatureType: 0,
    timestampMs: 1700000000000,
    salt: 123456789,
  });

describe('V2 order signing (docs/venues/polymarket.md §6.2)', () => {
  const domain = exchangeDomain({ negRisk: false, protocolVersion: 'v1' }, 137, POLYGON_CONTRACTS);

  it('uses the V2 CTF exchange domain', () => {
    expect(domain).toEqual({
      name: 'Polymarket CTF Exchange',
      version: '2',
      chainId: 137,
      verifyingContract: '0xE111180000d2663C0091e4f400237545B87B996B',
    });
  });

  it('reproduces the reference hash and signature', () => {
    const signed = new OrderSigner(new Wallet(KEY)).sign(vectorOrder(), domain);
    expect(signed.hash).toBe('0x89b0982733be299c8c9323562e330d0d2f5007ae0c5c77891de419d9a2a39825');
    expect(signed.signature).toBe(
      '0x2bfa7184a99defa3b0fdd4b6c4c7a4b634510dbc28b844759278f3096f49fdb62afc6a14c2423de8a6718e249fb5d193411238896e893ab732e98c61bcf204121c',
    );
    expect(orderHash(vectorOrder(), domain)).toBe(signed.hash);
  });

  it('hashes like ethers TypedDataEncoder for random orders (fast struct encoding)', () => {
    const signer = new OrderSigner(new Wallet(KEY));
    for (let i = 0; i < 50; i++) {
      const order = buildOrder({
        tokenId: (BigInt(Math.floor(Math.random() * 2 ** 52)) ** 4n).toString(),
        side: i % 2 ? 'SELL' : 'BUY',
        makerAmount: String(Math.floor(Math.random() * 1e12)),
        takerAmount: String(Math.floor(Math.random() * 1e12)),
        signer: Wallet.createRandom().address,
        maker: Wallet.createRandom().address,
        signatureType: (i % 3) as 0 | 1 | 2,
        builder: `0x${'ab'.repeat(32)}`,
      });
      const d = exchangeDomain({ negRisk: i % 2 === 0, protocolVersion: i % 5 === 0 ? 'v2' : 'v1' }, 137, POLYGON_CONTRACTS);
      expect(signer.hash(order, d)).toBe(orderHash(order, d));
    }
  });

  it('chooses the neg-risk V2 exchange and the ExchangeV3 domain "3"', () => {
    expect(exchangeDomain({ negRisk: true, protocolVersion: 'v1' }, 137, POLYGON_CONTRACTS)).toMatchObject({
      version: '2',
      verifyingContract: '0xe2222d279d744050d28e00520010520000310F59',
    });
    const v3 = exchangeDomain({ negRisk: true, protocolVersion: 'v2' }, 137, POLYGON_CONTRACTS);
    expect(v3).toMatchObject({ version: '3', verifyingContract: '0xe3333700cA9d93003F00f0F71f8515005F6c00Aa' });
    // The same order hashes differently under each domain.
    const signer = new OrderSigner(new Wallet(KEY));
    expect(signer.hash(vectorOrder(), v3)).not.toBe(signer.hash(vectorOrder(), domain));
  });

  it('signs Safe (type 2) orders with the funder as maker, recoverable to the signer', () => {
    const wallet = Wallet.createRandom();
    const funder = Wallet.createRandom().address;
    const order = buildOrder({ tokenId: TOKEN, side: 'SELL', makerAmount: '1000000', takerAmount: '500000', signer: wallet.address, maker: funder, signatureType: 2 });
    const signed = new OrderSigner(wallet).sign(order, domain);
    expect(signed.maker).toBe(funder);
    const recovered = verifyTypedData(
      domain,
      ORDER_TYPES,
      {
        salt: BigInt(order.salt),
        maker: funder,
        signer: wallet.address,
        tokenId: BigInt(TOKEN),
        makerAmount: 1000000n,
        takerAmount: 500000n,
        side: 1,
        signatureType: 2,
        timestamp: BigInt(order.timestamp),
        metadata: ZERO_BYTES32,
        builder: ZERO_BYTES32,
      },
      signed.signature,
    );
    expect(recovered).toBe(wallet.address);
  });

  it('rejects proxy/Safe orders without a funder and the unsupported 1271 type', () => {
    expect(() => buildOrder({ tokenId: TOKEN, side: 'BUY', makerAmount: '1', takerAmount: '1', signer: ADDRESS, signatureType: 1 })).toThrow(NotSupported);
    expect(() => buildOrder({ tokenId: TOKEN, side: 'BUY', makerAmount: '1', takerAmount: '1', signer: ADDRESS, maker: ADDRESS, signatureType: 3 })).toThrow(NotSupported);
  });

  it('serializes POST /order like the official client (§6.4)', () => {
    const signed = new OrderSigner(new Wallet(KEY)).sign(vectorOrder(), domain);
    const body = postOrderBody({ order: signed, owner: '550e8400-e29b-41d4-a716-446655440000', orderType: 'GTC' });
    expect(Object.keys(body)).toEqual(['deferExec', 'postOnly', 'order', 'owner', 'orderType']);
    expect(body.order).toEqual({
      salt: 123456789,
      maker: ADDRESS,
      signer: ADDRESS,
      tokenId: TOKEN,
      makerAmount: '5700000',
      takerAmount: '10000000',
      side: 'BUY',
      signatureType: 0,
      timestamp: '1700000000000',
      expiration: '0',
      metadata: ZERO_BYTES32,
      builder: ZERO_BYTES32,
      signature: signed.signature,
    });
    expect(JSON.stringify(body)).not.toContain('hash');
  });
});
