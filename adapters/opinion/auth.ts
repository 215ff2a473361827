import { TypedDataEncoder, getAddress, type SigningKey } from 'ethers';
import { API_KEY_DOMAIN_NAME, CHAIN_ID } from './constants.js';

/**
 * Opinion authentication (docs/venues/opinion.md §2). Data and trading calls carry the API key in
 * the lower-case `apikey` header (the WebSocket in the `apikey` query parameter). Keys themselves
 * are managed with a wallet signature: EIP-712 `OpinionApiKeyAuth{address walletAddress, string
 * action, string timestamp}` under `{name: "Opinion OpenAPI", version: "1", chainId: 56}` (no
 * verifying contract), sent as `OPINION_ADDRESS`, `OPINION_SIGNATURE`, `OPINION_TIMESTAMP` on
 * `POST` (create), `GET` (read) and `DELETE` (revoke) `/auth/api-key`; valid five minutes.
 */

/** An EOA that signs: an ethers `Wallet` fits. */
export interface EoaKey {
  readonly address: string;
  readonly signingKey: SigningKey;
}

export const API_KEY_HEADER = 'apikey';

export function apiKeyHeaders(apiKey: string): Record<string, string> {
  return { [API_KEY_HEADER]: apiKey };
}

/** The WebSocket URL with the key appended, as the official SDK builds it. */
export function wsUrlWithKey(wsUrl: string, apiKey: string): string {
  return `${wsUrl}${wsUrl.includes('?') ? '&' : '?'}${new URLSearchParams({ apikey: apiKey }).toString()}`;
}

export type ApiKeyAction = 'create' | 'get' | 'delete';

const ACTION_OF_METHOD: Record<'POST' | 'GET' | 'DELETE', ApiKeyAction> = { POST: 'create', GET: 'get', DELETE: 'delete' };

export function apiKeyActionFor(method: 'POST' | 'GET' | 'DELETE'): ApiKeyAction {
  return ACTION_OF_METHOD[method];
}

export const API_KEY_AUTH_TYPES = {
  OpinionApiKeyAuth: [
    { name: 'walletAddress', type: 'address' },
    { name: 'action', type: 'string' },
    { name: 'timestamp', type: 'string' },
  ],
};

export const API_KEY_AUTH_DOMAIN = { name: API_KEY_DOMAIN_NAME, version: '1', chainId: CHAIN_ID } as const;

export function apiKeyAuthDigest(walletAddress: string, action: ApiKeyAction, timestamp: string): string {
  return TypedDataEncoder.hash(API_KEY_AUTH_DOMAIN, API_KEY_AUTH_TYPES, { walletAddress: getAddress(walletAddress), action, timestamp });
}

export interface ApiKeyAuthHeaders {
  OPINION_ADDRESS: string;
  OPINION_SIGNATURE: string;
  OPINION_TIMESTAMP: string;
}

/** The three headers of one key-management call, signed now (`nowMs`) for `action`. */
export function apiKeyAuthHeaders(key: EoaKey, action: ApiKeyAction, nowMs: number): ApiKeyAuthHeaders {
  const timestamp = String(Math.floor(nowMs / 1000));
  const address = getAddress(key.address);
  return {
    OPINION_ADDRESS: address,
    OPINION_SIGNATURE: key.signingKey.sign(apiKeyAuthDigest(address, action, timestamp)).serialized,
    OPINION_TIMESTAMP: timestamp,
  };
}
