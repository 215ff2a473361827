import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { httpUrlVar, optionalVar, wsUrlVar, type VenueVariable } from '../../src/venue/index.js';
import { kalshiHosts } from './adapter.js';
import type { KalshiTier } from './limits.js';

/** Kalshi API usage tiers (docs/venues/kalshi.md §8), each with its own read/write budget. */
export const KALSHI_RATE_TIERS = ['basic', 'advanced', 'expert', 'premier', 'paragon', 'prime', 'prestige'] as const satisfies readonly KalshiTier[];

export interface KalshiConfig {
  env: 'prod' | 'demo';
  apiUrl: string;
  wsUrl: string;
  apiKeyId: string | null;
  /** RSA private key PEM (from KALSHI_PRIVATE_KEY, or read from KALSHI_PRIVATE_KEY_PATH). Secret. */
  privateKey: string | null;
  privateKeyPath: string | null;
  rateTier: KalshiTier;
}

export const KALSHI_VARIABLES: readonly VenueVariable[] = [
  { name: 'KALSHI_ENV', default: 'prod', description: '`prod` or `demo`; picks the default hosts below' },
  {
    name: 'KALSHI_API_URL',
    default: `${kalshiHosts.prod.restUrl} (demo: ${kalshiHosts.demo.restUrl})`,
    description: 'REST base URL',
  },
  {
    name: 'KALSHI_WS_URL',
    default: `${kalshiHosts.prod.wsUrl} (demo: ${kalshiHosts.demo.wsUrl})`,
    description: 'WebSocket URL',
  },
  { name: 'KALSHI_API_KEY_ID', description: 'API key id (trading, the stream and private data)' },
  { name: 'KALSHI_PRIVATE_KEY_PATH', description: 'Path of the RSA private key (PEM) of that key' },
  { name: 'KALSHI_PRIVATE_KEY', description: 'The same key inline (PEM); set this or the path, not both', secret: true },
  { name: 'KALSHI_RATE_TIER', default: 'basic', description: `${KALSHI_RATE_TIERS.join(', ')}` },
];

export const kalshiConfigSchema = z
  .object({
    KALSHI_ENV: optionalVar(z.enum(['prod', 'demo'])).default('prod'),
    KALSHI_API_URL: optionalVar(httpUrlVar()),
    KALSHI_WS_URL: optionalVar(wsUrlVar()),
    KALSHI_API_KEY_ID: optionalVar(z.string()),
    KALSHI_PRIVATE_KEY_PATH: optionalVar(z.string()),
    KALSHI_PRIVATE_KEY: optionalVar(z.string().refine((s) => s.includes('-----BEGIN'), 'must be a PEM private key')),
    KALSHI_RATE_TIER: optionalVar(z.enum(KALSHI_RATE_TIERS)).default('basic'),
  })
  .transform((e, ctx): KalshiConfig => {
    let key = e.KALSHI_PRIVATE_KEY ?? null;
    if (key !== null && e.KALSHI_PRIVATE_KEY_PATH !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['KALSHI_PRIVATE_KEY'], message: 'set either KALSHI_PRIVATE_KEY or KALSHI_PRIVATE_KEY_PATH, not both' });
    } else if (e.KALSHI_PRIVATE_KEY_PATH !== undefined) {
      try {
        key = readFileSync(e.KALSHI_PRIVATE_KEY_PATH, 'utf8');
        if (!key.includes('-----BEGIN')) {
          ctx.addIssue({ code: 'custom', path: ['KALSHI_PRIVATE_KEY_PATH'], message: 'file is not a PEM private key' });
        }
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
        ctx.addIssue({ code: 'custom', path: ['KALSHI_PRIVATE_KEY_PATH'], message: `cannot read the key file (${code})` });
      }
    }
    if ((key === null) !== (e.KALSHI_API_KEY_ID === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [key === null ? 'KALSHI_PRIVATE_KEY' : 'KALSHI_API_KEY_ID'],
        message: 'Kalshi credentials need both KALSHI_API_KEY_ID and a private key (KALSHI_PRIVATE_KEY or KALSHI_PRIVATE_KEY_PATH)',
      });
    }
    const hosts = kalshiHosts[e.KALSHI_ENV];
    return {
      env: e.KALSHI_ENV,
      apiUrl: e.KALSHI_API_URL ?? hosts.restUrl,
      wsUrl: e.KALSHI_WS_URL ?? hosts.wsUrl,
      apiKeyId: e.KALSHI_API_KEY_ID ?? null,
      privateKey: key,
      privateKeyPath: e.KALSHI_PRIVATE_KEY_PATH ?? null,
      rateTier: e.KALSHI_RATE_TIER,
    };
  });
