/**
 * EIP-712 checks of the simulator (docs/venues/opinion.md §2.2, §6.1): orders under
 * `{name: "OPINION CTF Exchange", version: "1", chainId: 56, verifyingContract: <exchange of the
 * market's quote token>}` with the 12-field CTF `Order`, and wallet-signed key management under
 * `{name: "Opinion OpenAPI", version: "1", chainId: 56}` with `OpinionApiKeyAuth`. Signatures are
 * raw secp256k1 over the digest (no personal-sign prefix); the recovered address must be the
 * claimed signer.
 */
import { TypedDataEncoder, recoverAddress } from 'ethers';
import { API_KEY_AUTH_TYPES, API_KEY_DOMAIN_NAME, CHAIN_ID, ORDER_DOMAIN_NAME, ORDER_TYPES } from './constants.js';

export interface OrderStruct {
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
  side: number;
  signatureType: number;
}

export function orderDigest(exchange: string, order: OrderStruct): string {
  return TypedDataEncoder.hash({ name: ORDER_DOMAIN_NAME, version: '1', chainId: CHAIN_ID, verifyingContract: exchange }, ORDER_TYPES, order);
}

export function apiKeyAuthDigest(walletAddress: string, action: string, timestamp: string): string {
  return TypedDataEncoder.hash({ name: API_KEY_DOMAIN_NAME, version: '1', chainId: CHAIN_ID }, API_KEY_AUTH_TYPES, { walletAddress, action, timestamp });
}

/** True when `signature` over `digest` recovers to `address`. Malformed signatures are false. */
export function signedBy(digest: string, signature: string, address: string): boolean {
  try {
    return recoverAddress(digest, signature).toLowerCase() === address.toLowerCase();
  } catch {
    return false;
  }
}
