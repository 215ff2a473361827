import { z } from 'zod';
import { httpUrlVar, intVar, optionalVar, wsUrlVar, type VenueVariable } from '../../src/venue/index.js';
import { CHAIN_ID, OPINION_HOSTS } from './constants.js';

/**
 * Opinion's environment (docs/venues/opinion.md §1, §2). Market data needs nothing. An API key
 * opens the account reads and the WebSocket; the wallet key signs orders (EIP-712) and, when no API
 * key is configured, obtains one through the wallet-signed key lifecycle (§2.2). Orders are made by
 * the user's Safe (signature type 2, the official SDK's only mode; the Safe is looked up with
 * `GET /user/auth` when not configured) or by the EOA itself (type 0).
 */
export interface OpinionConfig {
  /** REST base including `/openapi`. */
  apiUrl: string;
  wsUrl: string;
  /** Secret. */
  apiKey: string | null;
  /** EOA private key (hex). Secret. */
  privateKey: string | null;
  /** 2: the Safe trades (maker = Safe, signer = EOA); 0: the EOA trades for itself. */
  signatureType: 0 | 2;
  /** The Safe for signature type 2; looked up from the venue when null. */
  safeAddress: string | null;
  chainId: number;
}

export const OPINION_VARIABLES: readonly VenueVariable[] = [
  { name: 'OPINION_API_URL', default: OPINION_HOSTS.rest, description: 'REST base URL (OpenAPI, including `/openapi`)' },
  { name: 'OPINION_WS_URL', default: OPINION_HOSTS.ws, description: 'WebSocket URL (the key is added as `?apikey=`)' },
  { name: 'OPINION_API_KEY', description: 'API key (account reads, the WebSocket); obtained with the wallet key when unset', secret: true },
  { name: 'OPINION_PRIVATE_KEY', description: 'Wallet (EOA) private key (hex): signs orders and the API-key lifecycle', secret: true },
  { name: 'OPINION_SIGNATURE_TYPE', default: '2', description: '`2` the Safe trades (maker = Safe), `0` the EOA trades for itself' },
  { name: 'OPINION_SAFE_ADDRESS', description: 'The Safe (trading wallet) for signature type `2`; looked up with `GET /user/auth` when unset' },
  { name: 'OPINION_CHAIN_ID', default: String(CHAIN_ID), description: 'Chain id of the EIP-712 domains (BNB Chain)' },
];

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

export const opinionConfigSchema = z
  .object({
    OPINION_API_URL: optionalVar(httpUrlVar()).default(OPINION_HOSTS.rest),
    OPINION_WS_URL: optionalVar(wsUrlVar()).default(OPINION_HOSTS.ws),
    OPINION_API_KEY: optionalVar(z.string().regex(/^\S+$/, 'must not contain whitespace')),
    OPINION_PRIVATE_KEY: optionalVar(z.string().regex(/^(0x)?[0-9a-fA-F]{64}$/, 'must be a 32-byte hex private key')),
    OPINION_SIGNATURE_TYPE: optionalVar(z.enum(['0', '2'])).default('2'),
    OPINION_SAFE_ADDRESS: optionalVar(z.string().regex(ADDRESS, 'must be a 0x-prefixed 20-byte address')),
    OPINION_CHAIN_ID: optionalVar(intVar(1, 2 ** 31)).default(CHAIN_ID),
  })
  .transform((e, ctx): OpinionConfig => {
    const signatureType = Number(e.OPINION_SIGNATURE_TYPE) as 0 | 2;
    if (signatureType === 0 && e.OPINION_SAFE_ADDRESS !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['OPINION_SAFE_ADDRESS'], message: 'must be unset with OPINION_SIGNATURE_TYPE 0 (the EOA is the maker)' });
    }
    return {
      apiUrl: e.OPINION_API_URL,
      wsUrl: e.OPINION_WS_URL,
      apiKey: e.OPINION_API_KEY ?? null,
      privateKey: e.OPINION_PRIVATE_KEY ?? null,
      signatureType,
      safeAddress: e.OPINION_SAFE_ADDRESS ?? null,
      chainId: e.OPINION_CHAIN_ID,
    };
  });
