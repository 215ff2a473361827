import { z } from 'zod';
import { httpUrlVar, optionalVar, wsUrlVar, type VenueVariable } from '../../src/venue/index.js';
import { POLYMARKET_HOSTS } from './adapter.js';

export interface PolymarketConfig {
  gammaUrl: string;
  clobUrl: string;
  dataUrl: string;
  /** Base of the CLOB WebSocket; the adapter appends `/market` or `/user`. */
  wsUrl: string;
  /** Wallet private key (hex). Secret. */
  privateKey: string | null;
  apiKey: string | null;
  /** L2 API secret. Secret. */
  apiSecret: string | null;
  /** L2 API passphrase. Secret. */
  apiPassphrase: string | null;
  /** 0 EOA, 1 POLY_PROXY, 2 POLY_GNOSIS_SAFE (docs/venues/polymarket.md §6; POLY_1271 deposit wallets are not supported). */
  signatureType: 0 | 1 | 2;
  /** Funder (proxy/Safe wallet) address; the EOA itself for signature type 0. */
  funder: string | null;
}

const WS_BASE = POLYMARKET_HOSTS.wsMarket.replace(/\/market$/, '');

export const POLYMARKET_VARIABLES: readonly VenueVariable[] = [
  { name: 'POLYMARKET_GAMMA_URL', default: POLYMARKET_HOSTS.gamma, description: 'Market metadata API' },
  { name: 'POLYMARKET_CLOB_URL', default: POLYMARKET_HOSTS.clob, description: 'CLOB REST API' },
  { name: 'POLYMARKET_DATA_URL', default: POLYMARKET_HOSTS.data, description: 'Data API (positions, trades)' },
  { name: 'POLYMARKET_WS_URL', default: WS_BASE, description: 'CLOB WebSocket base (`/market`, `/user`)' },
  { name: 'POLYMARKET_PRIVATE_KEY', description: 'Wallet private key (hex) for L1 auth and order signing', secret: true },
  { name: 'POLYMARKET_API_KEY', description: 'L2 API key' },
  { name: 'POLYMARKET_API_SECRET', description: 'L2 API secret', secret: true },
  { name: 'POLYMARKET_API_PASSPHRASE', description: 'L2 API passphrase', secret: true },
  { name: 'POLYMARKET_SIGNATURE_TYPE', default: '0', description: '`0` EOA, `1` POLY_PROXY, `2` POLY_GNOSIS_SAFE' },
  { name: 'POLYMARKET_FUNDER', description: 'Proxy/Safe wallet address; required when the signature type is not `0`' },
];

const L2 = ['POLYMARKET_API_KEY', 'POLYMARKET_API_SECRET', 'POLYMARKET_API_PASSPHRASE'] as const;

export const polymarketConfigSchema = z
  .object({
    POLYMARKET_GAMMA_URL: optionalVar(httpUrlVar()).default(POLYMARKET_HOSTS.gamma),
    POLYMARKET_CLOB_URL: optionalVar(httpUrlVar()).default(POLYMARKET_HOSTS.clob),
    POLYMARKET_DATA_URL: optionalVar(httpUrlVar()).default(POLYMARKET_HOSTS.data),
    POLYMARKET_WS_URL: optionalVar(wsUrlVar()).default(WS_BASE),
    POLYMARKET_PRIVATE_KEY: optionalVar(z.string().regex(/^(0x)?[0-9a-fA-F]{64}$/, 'must be a 32-byte hex private key')),
    POLYMARKET_API_KEY: optionalVar(z.string()),
    POLYMARKET_API_SECRET: optionalVar(z.string()),
    POLYMARKET_API_PASSPHRASE: optionalVar(z.string()),
    POLYMARKET_SIGNATURE_TYPE: optionalVar(z.enum(['0', '1', '2'])).default('0'),
    POLYMARKET_FUNDER: optionalVar(z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'must be a 0x-prefixed 20-byte address')),
  })
  .transform((e, ctx): PolymarketConfig => {
    const given = L2.map((name) => e[name] !== undefined);
    if (given.some(Boolean) && !given.every(Boolean)) {
      const missing = L2.filter((_, i) => !given[i]);
      ctx.addIssue({
        code: 'custom',
        path: [missing[0] as string],
        message: `Polymarket L2 credentials need all three of key, secret and passphrase (missing ${missing.join(', ')})`,
      });
    }
    if (e.POLYMARKET_SIGNATURE_TYPE !== '0' && e.POLYMARKET_FUNDER === undefined && e.POLYMARKET_PRIVATE_KEY !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['POLYMARKET_FUNDER'], message: 'required when POLYMARKET_SIGNATURE_TYPE is not 0 (the proxy/Safe wallet address)' });
    }
    return {
      gammaUrl: e.POLYMARKET_GAMMA_URL,
      clobUrl: e.POLYMARKET_CLOB_URL,
      dataUrl: e.POLYMARKET_DATA_URL,
      wsUrl: e.POLYMARKET_WS_URL,
      privateKey: e.POLYMARKET_PRIVATE_KEY ?? null,
      apiKey: e.POLYMARKET_API_KEY ?? null,
      apiSecret: e.POLYMARKET_API_SECRET ?? null,
      apiPassphrase: e.POLYMARKET_API_PASSPHRASE ?? null,
      signatureType: Number(e.POLYMARKET_SIGNATURE_TYPE) as 0 | 1 | 2,
      funder: e.POLYMARKET_FUNDER ?? null,
    };
  });
