import { TypedDataEncoder, getBytes, id as keccakText, keccak256 } from 'ethers';
import { NotSupported } from '../../src/core/index.js';
import type { EoaSigner } from './auth-l1.js';
import type { WireSide } from './order-amounts.js';

/**
 * CLOB V2 / ExchangeV3 orders (docs/venues/polymarket.md §6.1, §6.2): the 11-field EIP-712 `Order`
 * struct, the exchange and domain version chosen per market, and the JSON sent to `POST /order`.
 * The order id Polymarket returns is the EIP-712 hash, which we compute before sending; that is
 * what reconciliation keys on.
 */

export const ZERO_BYTES32 = `0x${'0'.repeat(64)}`;
export const EXCHANGE_DOMAIN_NAME = 'Polymarket CTF Exchange';

/** Exchange contracts per chain (§6.1). */
export interface ExchangeContracts {
  /** CLOB V2, non-neg-risk markets (domain version "2"). */
  ctfExchangeV2: string;
  /** CLOB V2, neg-risk markets (domain version "2"). */
  negRiskExchangeV2: string;
  /** Protocol-V2 markets (Gamma `version: "v2"`), domain version "3". */
  exchangeV3: string;
}

export const POLYGON_CHAIN_ID = 137;

export const POLYGON_CONTRACTS: ExchangeContracts = {
  ctfExchangeV2: '0xE111180000d2663C0091e4f400237545B87B996B',
  negRiskExchangeV2: '0xe2222d279d744050d28e00520010520000310F59',
  exchangeV3: '0xe3333700cA9d93003F00f0F71f8515005F6c00Aa',
};

export const ORDER_TYPES = {
  Order: [
    { name: 'salt', type: 'uint256' },
    { name: 'maker', type: 'address' },
    { name: 'signer', type: 'address' },
    { name: 'tokenId', type: 'uint256' },
    { name: 'makerAmount', type: 'uint256' },
    { name: 'takerAmount', type: 'uint256' },
    { name: 'side', type: 'uint8' },
    { name: 'signatureType', type: 'uint8' },
    { name: 'timestamp', type: 'uint256' },
    { name: 'metadata', type: 'bytes32' },
    { name: 'builder', type: 'bytes32' },
  ],
};

/** 0 EOA, 1 POLY_PROXY, 2 POLY_GNOSIS_SAFE. (3, POLY_1271, needs ERC-7739 wrapping: not supported.) */
export type SignatureType = 0 | 1 | 2;

export interface ExchangeDomain {
  name: string;
  version: '2' | '3';
  chainId: number;
  verifyingContract: string;
}

/**
 * Picks exchange and domain for a market under the CLOB's order version (`GET /version`,
 * docs/venues/polymarket.md §6.1): at version 2, Protocol-V2 markets sign for ExchangeV3 ("3") and
 * the others for the V2 exchange of their neg-risk flag; at version 3 every market signs for
 * ExchangeV3, as the official V2 client does. Version 1 (the retired V1 struct) is not signed.
 */
export function exchangeDomain(
  market: { negRisk: boolean; protocolVersion: 'v1' | 'v2' },
  chainId: number,
  contracts: ExchangeContracts,
  clobVersion = 2,
): ExchangeDomain {
  if (clobVersion !== 2 && clobVersion !== 3) {
    throw new NotSupported(`polymarket: the CLOB runs order version ${clobVersion}; Venn signs versions 2 and 3`, { venue: 'polymarket' });
  }
  if (clobVersion === 3 || market.protocolVersion === 'v2') {
    return { name: EXCHANGE_DOMAIN_NAME, version: '3', chainId, verifyingContract: contracts.exchangeV3 };
  }
  return {
    name: EXCHANGE_DOMAIN_NAME,
    version: '2',
    chainId,
    verifyingContract: market.negRisk ? contracts.negRiskExchangeV2 : contracts.ctfExchangeV2,
  };
}

/** The signed fields plus `expiration` (sent, not signed, in V2). */
export interface UnsignedOrder {
  salt: number;
  maker: string;
  signer: string;
  tokenId: string;
  makerAmount: string;
  takerAmount: string;
  side: WireSide;
  signatureType: SignatureType;
  /** Unix milliseconds. */
  timestamp: string;
  /** Unix seconds; "0" = none. */
  expiration: string;
  metadata: string;
  builder: string;
}

export interface SignedOrder extends UnsignedOrder {
  signature: string;
  /** EIP-712 hash = the venue's order id. */
  hash: string;
}

export interface BuildOrderInput {
  tokenId: string;
  side: WireSide;
  makerAmount: string;
  takerAmount: string;
  signer: string;
  /** Funder (proxy / Safe) for signature types 1 and 2; defaults to the signer. */
  maker?: string;
  signatureType?: number;
  timestampMs?: number;
  expiration?: number;
  salt?: number;
  builder?: string;
  metadata?: string;
}

/** The SDK's salt: `round(random() × now)`, below 2^53 so it travels as a JSON number. */
export function randomSalt(now = Date.now()): number {
  return Math.round(Math.random() * now);
}

export function buildOrder(input: BuildOrderInput): UnsignedOrder {
  const signatureType = input.signatureType ?? 0;
  if (signatureType !== 0 && signatureType !== 1 && signatureType !== 2) {
    throw new NotSupported(`polymarket: signature type ${signatureType} is not supported (0 EOA, 1 proxy, 2 Safe)`, { venue: 'polymarket' });
  }
  if (signatureType !== 0 && !input.maker) {
    throw new NotSupported('polymarket: signature types 1 and 2 need a funder address', { venue: 'polymarket' });
  }
  return {
    salt: input.salt ?? randomSalt(),
    maker: input.maker ?? input.signer,
    signer: input.signer,
    tokenId: input.tokenId,
    makerAmount: input.makerAmount,
    takerAmount: input.takerAmount,
    side: input.side,
    signatureType,
    timestamp: String(input.timestampMs ?? Date.now()),
    expiration: String(input.expiration ?? 0),
    metadata: input.metadata ?? ZERO_BYTES32,
    builder: input.builder ?? ZERO_BYTES32,
  };
}

function typedValue(order: UnsignedOrder) {
  return {
    salt: BigInt(order.salt),
    maker: order.maker,
    signer: order.signer,
    tokenId: BigInt(order.tokenId),
    makerAmount: BigInt(order.makerAmount),
    takerAmount: BigInt(order.takerAmount),
    side: order.side === 'BUY' ? 0 : 1,
    signatureType: order.signatureType,
    timestamp: BigInt(order.timestamp),
    metadata: order.metadata,
    builder: order.builder,
  };
}

const ORDER_TYPE_STRING =
  'Order(uint256 salt,address maker,address signer,uint256 tokenId,uint256 makerAmount,uint256 takerAmount,uint8 side,uint8 signatureType,uint256 timestamp,bytes32 metadata,bytes32 builder)';
const ORDER_TYPE_HASH = getBytes(keccakText(ORDER_TYPE_STRING));

/** Writes `value` as a big-endian 32-byte word at `offset`. */
function putWord(buf: Uint8Array, offset: number, value: bigint): void {
  if (value < 0n || value >= 1n << 256n) throw new RangeError(`value out of uint256 range: ${value}`);
  let v = value;
  for (let i = 31; i >= 0 && v > 0n; i--) {
    buf[offset + i] = Number(v & 0xffn);
    v >>= 8n;
  }
}

function putHex(buf: Uint8Array, offset: number, hex: string, bytes: number): void {
  const clean = hex.startsWith('0x') ? hex.slice(2) : hex;
  if (clean.length !== bytes * 2 || !/^[0-9a-fA-F]*$/.test(clean)) throw new RangeError(`expected ${bytes} bytes of hex, got ${hex}`);
  const start = offset + 32 - bytes;
  for (let i = 0; i < bytes; i++) buf[start + i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
}

/**
 * The EIP-712 struct hash of an order. Every field is a static type, so the encoding is twelve
 * 32-byte words (type hash + 11 fields) and one keccak — the same bytes `TypedDataEncoder`
 * produces (checked against it and the reference vector in the tests), without its generic walk.
 */
export function orderStructHash(order: UnsignedOrder): string {
  const buf = new Uint8Array(12 * 32);
  buf.set(ORDER_TYPE_HASH, 0);
  putWord(buf, 32, BigInt(order.salt));
  putHex(buf, 64, order.maker, 20);
  putHex(buf, 96, order.signer, 20);
  putWord(buf, 128, BigInt(order.tokenId));
  putWord(buf, 160, BigInt(order.makerAmount));
  putWord(buf, 192, BigInt(order.takerAmount));
  putWord(buf, 224, order.side === 'BUY' ? 0n : 1n);
  putWord(buf, 256, BigInt(order.signatureType));
  putWord(buf, 288, BigInt(order.timestamp));
  putHex(buf, 320, order.metadata, 32);
  putHex(buf, 352, order.builder, 32);
  return keccak256(buf);
}

/**
 * Hashes and signs orders. Caches each domain separator, so a signature costs one struct hash
 * and one secp256k1 signature.
 */
export class OrderSigner {
  private readonly separators = new Map<string, Uint8Array>();

  constructor(private readonly wallet: EoaSigner) {}

  get address(): string {
    return this.wallet.address;
  }

  private separator(domain: ExchangeDomain): Uint8Array {
    const key = `${domain.version}:${domain.chainId}:${domain.verifyingContract}`;
    let sep = this.separators.get(key);
    if (!sep) {
      sep = getBytes(TypedDataEncoder.hashDomain(domain));
      this.separators.set(key, sep);
    }
    return sep;
  }

  hash(order: UnsignedOrder, domain: ExchangeDomain): string {
    const buf = new Uint8Array(66);
    buf[0] = 0x19;
    buf[1] = 0x01;
    buf.set(this.separator(domain), 2);
    buf.set(getBytes(orderStructHash(order)), 34);
    return keccak256(buf);
  }

  sign(order: UnsignedOrder, domain: ExchangeDomain): SignedOrder {
    const hash = this.hash(order, domain);
    return { ...order, hash, signature: this.wallet.signingKey.sign(hash).serialized };
  }
}

/** `hash` computed the plain ethers way, for tests against the cached path. */
export function orderHash(order: UnsignedOrder, domain: ExchangeDomain): string {
  return TypedDataEncoder.hash(domain, ORDER_TYPES, typedValue(order));
}

export type WireOrderType = 'GTC' | 'GTD' | 'FOK' | 'FAK';

/** The `order` object of `POST /order`, keys in the official client's order (§6.4). */
export function wireOrder(o: SignedOrder) {
  return {
    salt: o.salt,
    maker: o.maker,
    signer: o.signer,
    tokenId: o.tokenId,
    makerAmount: o.makerAmount,
    takerAmount: o.takerAmount,
    side: o.side,
    signatureType: o.signatureType,
    timestamp: o.timestamp,
    expiration: o.expiration,
    metadata: o.metadata,
    builder: o.builder,
    signature: o.signature,
  };
}

export interface PostOrderArgs {
  order: SignedOrder;
  /** The API key (UUID) of the caller. */
  owner: string;
  orderType: WireOrderType;
  postOnly?: boolean;
  deferExec?: boolean;
}

/** One `POST /order` body (also an element of `POST /orders`). */
export function postOrderBody(args: PostOrderArgs) {
  return {
    deferExec: args.deferExec ?? false,
    postOnly: args.postOnly ?? false,
    order: wireOrder(args.order),
    owner: args.owner,
    orderType: args.orderType,
  };
}
