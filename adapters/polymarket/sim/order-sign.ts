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

/**
 * The domain an order for this market must be signed under while the CLOB runs order version
 * `clobVersion` (`GET /version`, docs/venues/polymarket.md §6.1): version 2 signs for the CLOB V2
 * exchanges by neg-risk, and Protocol-V2 markets for ExchangeV3; version 3 signs every market for
 * ExchangeV3, as the official V2 client does when the server reports 3.
 */
export function domainForMarket(market: { version: 'v1' | 'v2'; negRisk: boolean }, clobVersion = 2): TypedDataDomain {
  if (clobVersion >= 3 || market.version === 'v2') return exchangeDomain(CTF_EXCHANGE_V3, '3');
  return exchangeDomain(market.negRisk ? NEG_RISK_CTF_EXCHANGE_V2 : CTF_EXCHANGE_V2, '2');
}

/** Every domain a client could plausibly have signed under (another exchange or order version). */
export const KNOWN_DOMAINS: TypedDataDomain[] = [
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
 * Checks that `signature` is the order's signer signing under `domain`, the one the CLOB expects.
 * A signature made for another order version (a domain with another `version`) is the venue's
 * `order_version_mismatch`: the client signed for a version the CLOB is not running, and should
 * read `GET /version` again (§6.1). A signature for the right version but another exchange, or by
 * another key, is an invalid signature.
 */
export function checkOrderSignature(domain: TypedDataDomain, order: SignedOrderStruct, signature: string): SignatureCheck {
  const orderId = hashOrder(domain, order);
  const signer = order.signer.toLowerCase();
  if (recoverSigner(orderId, signature)?.toLowerCase() === signer) return { ok: true, orderId };
  for (const other of KNOWN_DOMAINS) {
    if (other.version === domain.version) continue;
    if (recoverSigner(hashOrder(other, order), signature)?.toLowerCase() === signer) {
      return { ok: false, reason: 'version_mismatch', orderId };
    }
  }
  return { ok: false, reason: 'invalid_signature', orderId };
}
