/**
 * EIP-712 order hashing and signer recovery for CLOB V2 (domain version "2") and ExchangeV3
 * (domain version "3") orders (docs/venues/polymarket.md §6.1, §6.2). The venue's `orderID` is the
 * EIP-712 hash of the order under the domain of the market's exchange.
 */
import { TypedDataEncoder, recoverAddress, type TypedDataDomain } from 'ethers';
import {
  CHAIN_ID,
  CTF_EXCHANGE_V1,
  CTF_EXCHANGE_V2,
  CTF_EXCHANGE_V3,
  EXCHANGE_NAME,
  NEG_RISK_CTF_EXCHANGE_V1,
  NEG_RISK_CTF_EXCHANGE_V2,
  ORDER_TYPES_V2,
} from './constants.js';

/** The 11 signed fields of a V2/V3 order, as they appear in the typed data. */
export interface SignedOrderStruct {
  salt: bigint;
  maker: string;
  signer: string;
  tokenId: bigint;
  makerAmount: bigint;
  takerAmount: bigint;
  /** 0 BUY, 1 SELL. */
  side: 0 | 1;
  signatureType: number;
  timestamp: bigint;
  metadata: string;
  builder: string;
}

export function exchangeDomain(verifyingContract: string, version: '1' | '2' | '3'): TypedDataDomain {
  return { name: EXCHANGE_NAME, version, chainId: CHAIN_ID, verifyingContract };
}

/** The domain an order for this market must be signed under. */
export function domainForMarket(market: { version: 'v1' | 'v2'; negRisk: boolean }): TypedDataDomain {
  if (market.version === 'v2') return exchangeDomain(CTF_EXCHANGE_V3, '3');
  return exchangeDomain(market.negRisk ? NEG_RISK_CTF_EXCHANGE_V2 : CTF_EXCHANGE_V2, '2');
}

/** Every other domain a client could plausibly have signed under (stale exchange or version). */
export const OTHER_DOMAINS: TypedDataDomain[] = [
  exchangeDomain(CTF_EXCHANGE_V2, '2'),
  exchangeDomain(NEG_RISK_CTF_EXCHANGE_V2, '2'),
  exchangeDomain(CTF_EXCHANGE_V3, '3'),
  exchangeDomain(CTF_EXCHANGE_V1, '1'),
  exchangeDomain(NEG_RISK_CTF_EXCHANGE_V1, '1'),
];

export function hashOrder(domain: TypedDataDomain, order: SignedOrderStruct): string {
  return TypedDataEncoder.hash(domain, ORDER_TYPES_V2, order);
}

/** The address that produced `signature` over `digest`, or undefined for a malformed signature. */
export function recoverSigner(digest: string, signature: string): string | undefined {
  try {
    return recoverAddress(digest, signature);
  } catch {
    return undefined;
  }
}

export type SignatureCheck =
  | { ok: true; orderId: string }
  | { ok: false; reason: 'invalid_signature' | 'version_mismatch'; orderId: string };

/**
 * Checks that `signature` is the order's signer signing under the market's domain. A signature
 * that is valid under a different exchange domain is reported as a version mismatch, the way the
 * venue answers clients still signing for an old exchange.
 */
export function checkOrderSignature(domain: TypedDataDomain, order: SignedOrderStruct, signature: string): SignatureCheck {
  const orderId = hashOrder(domain, order);
  const signer = order.signer.toLowerCase();
  if (recoverSigner(orderId, signature)?.toLowerCase() === signer) return { ok: true, orderId };
  for (const other of OTHER_DOMAINS) {
    if (other.verifyingContract === domain.verifyingContract && other.version === domain.version) continue;
    if (recoverSigner(hashOrder(other, order), signature)?.toLowerCase() === signer) {
      return { ok: false, reason: 'version_mismatch', orderId };
    }
  }
  return { ok: false, reason: 'invalid_signature', orderId };
}
