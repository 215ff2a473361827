import { randomBytes } from 'node:crypto';
import { TypedDataEncoder, getAddress, keccak256 } from 'ethers';
import { InvalidOrder } from '../../src/core/index.js';
import type { EoaKey } from './auth.js';
import { CHAIN_ID, ORDER_DOMAIN_NAME, VENUE, ZERO_ADDRESS } from './constants.js';
import type { WireSide } from './order-amounts.js';

/**
 * Opinion orders (docs/venues/opinion.md §2.3, §6.3): the 12-field CTF `Order` signed with EIP-712
 * under `{name: "OPINION CTF Exchange", version: "1", chainId: 56, verifyingContract: <the
 * exchange of the market's quote token, from /quoteToken>}`, raw secp256k1 over the digest
 * (65 bytes, v 27/28), and the 23-key `POST /order` body the official SDK sends. `taker`,
 * `expiration`, `nonce` and `feeRateBps` are always zero (fees are applied by the venue). The maker
 * is the user's Safe with signature type 2; an EOA trading for itself signs type 0.
 */

export const ORDER_TYPES = {
  Order: [
    { name: 'salt', type: 'uint256' },
    { name: 'maker', type: 'address' },
    { name: 'signer', type: 'address' },
    { name: 'taker', type: 'address' },
    { name: 'tokenId', type: 'uint256' },
    { name: 'makerAmount', type: 'uint256' },
    { name: 'takerAmount', type: 'uint256' },
    { name: 'expiration', type: 'uint256' },
    { name: 'nonce', type: 'uint256' },
    { name: 'feeRateBps', type: 'uint256' },
    { name: 'side', type: 'uint8' },
    { name: 'signatureType', type: 'uint8' },
  ],
};

/** 0 EOA (maker = signer), 2 Gnosis Safe (maker = the user's Safe). */
export type SignatureType = 0 | 2;

export interface UnsignedOrder {
  salt: bigint;
  maker: string;
  signer: string;
  taker: string;
  tokenId: bigint;
  makerAmount: bigint;
  takerAmount: bigint;
  expiration: bigint;
  nonce: bigint;
  feeRateBps: bigint;
  /** 0 BUY, 1 SELL. */
  side: 0 | 1;
  signatureType: SignatureType;
}

export interface SignedOrder {
  order: UnsignedOrder;
  /** `0x` + 130 hex digits. */
  signature: string;
  /** The EIP-712 digest signed. */
  digest: string;
}

export interface BuildOrderInput {
  tokenId: string;
  side: WireSide;
  makerAmount: bigint;
  takerAmount: bigint;
  /** The EOA that signs. */
  signer: string;
  /** The Safe that trades; absent (or equal to the signer) signs an EOA order (type 0). */
  maker?: string;
  salt?: bigint;
}

/** A random 256-bit salt, as the SDK makes it (keccak-256 of 32 random bytes). */
export function randomSalt(): bigint {
  return BigInt(keccak256(randomBytes(32)));
}

export function buildOrder(input: BuildOrderInput): UnsignedOrder {
  if (!/^\d{1,78}$/.test(input.tokenId)) throw new InvalidOrder(`opinion: token id ${JSON.stringify(input.tokenId)} is not a uint256`, { venue: VENUE });
  if (input.makerAmount <= 0n || input.takerAmount < 0n) throw new InvalidOrder('opinion: order amounts must be positive', { venue: VENUE });
  const signer = getAddress(input.signer);
  const maker = getAddress(input.maker ?? signer);
  return {
    salt: input.salt ?? randomSalt(),
    maker,
    signer,
    taker: ZERO_ADDRESS,
    tokenId: BigInt(input.tokenId),
    makerAmount: input.makerAmount,
    takerAmount: input.takerAmount,
    expiration: 0n,
    nonce: 0n,
    feeRateBps: 0n,
    side: input.side === 'buy' ? 0 : 1,
    signatureType: maker === signer ? 0 : 2,
  };
}

export function exchangeDomain(exchangeAddress: string, chainId = CHAIN_ID) {
  return { name: ORDER_DOMAIN_NAME, version: '1', chainId, verifyingContract: getAddress(exchangeAddress) };
}

export function orderDigest(order: UnsignedOrder, exchangeAddress: string, chainId = CHAIN_ID): string {
  return TypedDataEncoder.hash(exchangeDomain(exchangeAddress, chainId), ORDER_TYPES, order);
}

export function signOrder(order: UnsignedOrder, exchangeAddress: string, key: EoaKey, chainId = CHAIN_ID): SignedOrder {
  if (getAddress(key.address) !== order.signer) throw new InvalidOrder('opinion: the signing key is not the order signer', { venue: VENUE });
  const digest = orderDigest(order, exchangeAddress, chainId);
  return { order, digest, signature: key.signingKey.sign(digest).serialized };
}

export interface OrderBodyInput {
  signed: SignedOrder;
  /** The market id (Opinion's legacy name: topic). */
  topicId: number;
  /** The market's quote token. */
  currencyAddress: string;
  method: 'limit' | 'market';
  /** The limit price as the caller gave it; market orders send "0" (SDK). */
  price: string;
  /** Unix seconds. */
  timestampS: number;
  /** Market orders: slippage bound as a fraction of the best price ("0" = none). */
  safeRate?: string;
  /** Unix seconds after which the venue cancels the order; 0 = good till cancelled. */
  orderExpTime?: number;
  /** Limit orders only; the key is sent only when given, as the SDK does. */
  postOnly?: boolean;
}

/**
 * The `POST /order` JSON body, keys in the SDK's order: `topicId`, `tradingMethod` and
 * `timestamp` are numbers, everything else strings; `sign` repeats the signature (SDK form).
 */
export function postOrderBody(input: OrderBodyInput) {
  const o = input.signed.order;
  if (input.postOnly && input.method === 'market') throw new InvalidOrder('opinion: postOnly is not allowed for market orders', { venue: VENUE });
  return {
    salt: o.salt.toString(),
    topicId: input.topicId,
    maker: o.maker,
    signer: o.signer,
    taker: o.taker,
    tokenId: o.tokenId.toString(),
    makerAmount: o.makerAmount.toString(),
    takerAmount: o.takerAmount.toString(),
    expiration: o.expiration.toString(),
    nonce: o.nonce.toString(),
    feeRateBps: o.feeRateBps.toString(),
    side: String(o.side),
    signatureType: String(o.signatureType),
    signature: input.signed.signature,
    sign: input.signed.signature,
    contractAddress: '',
    currencyAddress: getAddress(input.currencyAddress),
    price: input.method === 'market' ? '0' : input.price,
    tradingMethod: input.method === 'market' ? 1 : 2,
    timestamp: input.timestampS,
    safeRate: input.safeRate ?? '0',
    orderExpTime: String(input.orderExpTime ?? 0),
    ...(input.postOnly !== undefined ? { postOnly: input.postOnly } : {}),
  };
}
export type OrderBody = ReturnType<typeof postOrderBody>;
