import { TypedDataEncoder, type SigningKey } from 'ethers';

/**
 * L1 authentication (docs/venues/polymarket.md §5.1): an EIP-712 `ClobAuth` signature by the EOA,
 * used only to create or derive the L2 API credentials. Domain has no `verifyingContract`.
 */

/** An EOA that signs digests synchronously: an ethers `Wallet` or `HDNodeWallet`. */
export interface EoaSigner {
  readonly address: string;
  readonly signingKey: SigningKey;
}

export const CLOB_AUTH_MESSAGE = 'This message attests that I control the given wallet';

export function clobAuthDomain(chainId: number) {
  return { name: 'ClobAuthDomain', version: '1', chainId };
}

export const CLOB_AUTH_TYPES = {
  ClobAuth: [
    { name: 'address', type: 'address' },
    { name: 'timestamp', type: 'string' },
    { name: 'nonce', type: 'uint256' },
    { name: 'message', type: 'string' },
  ],
};

export interface ClobAuthInput {
  address: string;
  /** Unix seconds. */
  timestamp: number;
  nonce?: number;
  chainId: number;
}

export function clobAuthValue(input: ClobAuthInput) {
  return {
    address: input.address,
    timestamp: String(input.timestamp),
    nonce: BigInt(input.nonce ?? 0),
    message: CLOB_AUTH_MESSAGE,
  };
}

/** The EIP-712 digest that the EOA signs. */
export function clobAuthDigest(input: ClobAuthInput): string {
  return TypedDataEncoder.hash(clobAuthDomain(input.chainId), CLOB_AUTH_TYPES, clobAuthValue(input));
}

export interface L1Headers {
  POLY_ADDRESS: string;
  POLY_SIGNATURE: string;
  POLY_TIMESTAMP: string;
  POLY_NONCE: string;
  [name: string]: string;
}

/** Signs `ClobAuth` with the wallet's key and returns the four L1 headers. */
export function l1Headers(wallet: EoaSigner, options: { chainId: number; timestamp?: number; nonce?: number }): L1Headers {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const nonce = options.nonce ?? 0;
  const digest = clobAuthDigest({ address: wallet.address, timestamp, nonce, chainId: options.chainId });
  return {
    POLY_ADDRESS: wallet.address,
    POLY_SIGNATURE: wallet.signingKey.sign(digest).serialized,
    POLY_TIMESTAMP: String(timestamp),
    POLY_NONCE: String(nonce),
  };
}
