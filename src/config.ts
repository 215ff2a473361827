/**
 * Service configuration, read once from the environment and validated with zod. Every variable has
 * a documented default (see README "Configuration"); a bad value fails startup with a message that
 * names the variable. Secrets are kept in the config object but must never be logged: `REDACT_PATHS`
 * lists where they live for pino's `redact`.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { redactRedisUrl } from './cache/factory.js';
import { VENUE_IDS, isVenueId } from './core/index.js';
import { kalshiHosts } from '../adapters/kalshi/index.js';
import { POLYMARKET_HOSTS as POLYMARKET_ADAPTER_HOSTS } from '../adapters/polymarket/index.js';
import type { VenueId } from './core/index.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Kalshi API usage tiers (venues/kalshi.md §rate limits: Basic, Advanced, Expert, Premier, Paragon,
 * Prime, Prestige). Each has its own read/write token budget.
 */
export const KALSHI_RATE_TIERS = ['basic', 'advanced', 'expert', 'premier', 'paragon', 'prime', 'prestige'] as const;
export type KalshiRateTier = (typeof KALSHI_RATE_TIERS)[number];

/** Kalshi hosts per environment, from the adapter's presets (`external-api*`, the documented default since 2026-05). */
export const KALSHI_HOSTS = {
  prod: { apiUrl: kalshiHosts.prod.restUrl, wsUrl: kalshiHosts.prod.wsUrl },
  demo: { apiUrl: kalshiHosts.demo.restUrl, wsUrl: kalshiHosts.demo.wsUrl },
} as const;

/** Polymarket production hosts, from the adapter's defaults; `wsUrl` is the base of `/market` and `/user`. */
export const POLYMARKET_HOSTS = {
  gammaUrl: POLYMARKET_ADAPTER_HOSTS.gamma,
  clobUrl: POLYMARKET_ADAPTER_HOSTS.clob,
  dataUrl: POLYMARKET_ADAPTER_HOSTS.data,
  wsUrl: POLYMARKET_ADAPTER_HOSTS.wsMarket.replace(/\/market$/, ''),
} as const;

export interface KalshiConfig {
  env: 'prod' | 'demo';
  apiUrl: string;
  wsUrl: string;
  apiKeyId: string | null;
  /** RSA private key PEM (from KALSHI_PRIVATE_KEY, or read from KALSHI_PRIVATE_KEY_PATH). Secret. */
  privateKey: string | null;
  privateKeyPath: string | null;
  rateTier: KalshiRateTier;
}

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
  /** 0 EOA, 1 POLY_PROXY, 2 POLY_GNOSIS_SAFE (venues/polymarket.md order struct; POLY_1271 deposit wallets are not supported). */
  signatureType: 0 | 1 | 2;
  /** Funder (proxy/Safe/deposit wallet) address; the EOA itself for signature type 0. */
  funder: string | null;
}

export interface Config {
  host: string;
  port: number;
  logLevel: LogLevel;
  /** Redis connection URL; null = in-memory cache and bus. */
  redisUrl: string | null;
  /** Enabled venues, in the order given. */
  venues: VenueId[];
  catalog: { fullSyncIntervalMs: number; incrementalIntervalMs: number };
  orderbookCacheTtlMs: number;
  kalshi: KalshiConfig;
  polymarket: PolymarketConfig;
}

/** Paths of secrets inside a logged `Config` (or an object holding it under `config`). */
export const REDACT_PATHS = [
  'kalshi.privateKey',
  'polymarket.privateKey',
  'polymarket.apiSecret',
  'polymarket.apiPassphrase',
  'config.kalshi.privateKey',
  'config.polymarket.privateKey',
  'config.polymarket.apiSecret',
  'config.polymarket.apiPassphrase',
  '*.privateKey',
  '*.apiSecret',
  '*.apiPassphrase',
  '*.passphrase',
  '*.secret',
  'req.headers.authorization',
  'req.headers["x-api-key"]',
];

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}`);
  }
}

/** Empty strings count as unset, so `FOO=` in an env file falls back to the default. */
const opt = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

const intVar = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

const urlVar = (protocols: string[]) =>
  z.string().refine(
    (s) => {
      try {
        return protocols.includes(new URL(s).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}` },
  );

const venueList = z.string().transform((s, ctx) => {
  if (s.trim().toLowerCase() === 'none') return [] as VenueId[];
  const names = s
    .split(',')
    .map((v) => v.trim().toLowerCase())
    .filter((v) => v !== '');
  const out: VenueId[] = [];
  for (const name of names) {
    if (!isVenueId(name)) {
      ctx.addIssue({ code: 'custom', message: `unknown venue "${name}" (known: ${VENUE_IDS.join(', ')})` });
      return z.NEVER;
    }
    if (!out.includes(name)) out.push(name);
  }
  return out;
});

const EnvSchema = z.object({
  HOST: opt(z.string()).default('0.0.0.0'),
  PORT: opt(intVar(0, 65535)).default(8080),
  LOG_LEVEL: opt(z.enum(LOG_LEVELS)).default('info'),
  REDIS_URL: opt(urlVar(['redis:', 'rediss:'])),
  VENUES: opt(venueList).default(['kalshi', 'polymarket']),
  CATALOG_FULL_SYNC_INTERVAL_MS: opt(intVar(1_000, 7 * 24 * 3_600_000)).default(3_600_000),
  CATALOG_INCREMENTAL_INTERVAL_MS: opt(intVar(100, 24 * 3_600_000)).default(30_000),
  ORDERBOOK_CACHE_TTL_MS: opt(intVar(0, 60_000)).default(1_000),
  KALSHI_ENV: opt(z.enum(['prod', 'demo'])).default('prod'),
  KALSHI_API_URL: opt(urlVar(['http:', 'https:'])),
  KALSHI_WS_URL: opt(urlVar(['ws:', 'wss:'])),
  KALSHI_API_KEY_ID: opt(z.string()),
  KALSHI_PRIVATE_KEY_PATH: opt(z.string()),
  KALSHI_PRIVATE_KEY: opt(z.string().refine((s) => s.includes('-----BEGIN'), 'must be a PEM private key')),
  KALSHI_RATE_TIER: opt(z.enum(KALSHI_RATE_TIERS)).default('basic'),
  POLYMARKET_GAMMA_URL: opt(urlVar(['http:', 'https:'])).default(POLYMARKET_HOSTS.gammaUrl),
  POLYMARKET_CLOB_URL: opt(urlVar(['http:', 'https:'])).default(POLYMARKET_HOSTS.clobUrl),
  POLYMARKET_DATA_URL: opt(urlVar(['http:', 'https:'])).default(POLYMARKET_HOSTS.dataUrl),
  POLYMARKET_WS_URL: opt(urlVar(['ws:', 'wss:'])).default(POLYMARKET_HOSTS.wsUrl),
  POLYMARKET_PRIVATE_KEY: opt(z.string().regex(/^(0x)?[0-9a-fA-F]{64}$/, 'must be a 32-byte hex private key')),
  POLYMARKET_API_KEY: opt(z.string()),
  POLYMARKET_API_SECRET: opt(z.string()),
  POLYMARKET_API_PASSPHRASE: opt(z.string()),
  POLYMARKET_SIGNATURE_TYPE: opt(z.enum(['0', '1', '2'])).default('0'),
  POLYMARKET_FUNDER: opt(z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'must be a 0x-prefixed 20-byte address')),
});

/** Messages never echo the offending value: it may be a secret. */
function problemsOf(error: z.ZodError): { variable: string; message: string }[] {
  return error.issues.map((issue) => {
    const variable = String(issue.path[0] ?? '(environment)');
    let message = issue.message;
    if (issue.code === 'invalid_value' && 'values' in issue) {
      message = `must be one of ${(issue.values as unknown[]).map(String).join(', ')}`;
    }
    return { variable, message };
  });
}

/** Reads and validates the configuration; throws `ConfigError` listing every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(problemsOf(parsed.error));
  const e = parsed.data;
  const problems: { variable: string; message: string }[] = [];

  let kalshiKey = e.KALSHI_PRIVATE_KEY ?? null;
  if (kalshiKey !== null && e.KALSHI_PRIVATE_KEY_PATH !== undefined) {
    problems.push({ variable: 'KALSHI_PRIVATE_KEY', message: 'set either KALSHI_PRIVATE_KEY or KALSHI_PRIVATE_KEY_PATH, not both' });
  } else if (e.KALSHI_PRIVATE_KEY_PATH !== undefined) {
    try {
      kalshiKey = readFileSync(e.KALSHI_PRIVATE_KEY_PATH, 'utf8');
      if (!kalshiKey.includes('-----BEGIN')) {
        problems.push({ variable: 'KALSHI_PRIVATE_KEY_PATH', message: 'file is not a PEM private key' });
      }
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
      problems.push({ variable: 'KALSHI_PRIVATE_KEY_PATH', message: `cannot read the key file (${code})` });
    }
  }
  if ((kalshiKey === null) !== (e.KALSHI_API_KEY_ID === undefined)) {
    problems.push({
      variable: kalshiKey === null ? 'KALSHI_PRIVATE_KEY' : 'KALSHI_API_KEY_ID',
      message: 'Kalshi credentials need both KALSHI_API_KEY_ID and a private key (KALSHI_PRIVATE_KEY or KALSHI_PRIVATE_KEY_PATH)',
    });
  }
  const l2 = [e.POLYMARKET_API_KEY, e.POLYMARKET_API_SECRET, e.POLYMARKET_API_PASSPHRASE];
  if (l2.some((v) => v !== undefined) && l2.some((v) => v === undefined)) {
    const missing = ['POLYMARKET_API_KEY', 'POLYMARKET_API_SECRET', 'POLYMARKET_API_PASSPHRASE'].filter((_, i) => l2[i] === undefined);
    problems.push({ variable: missing[0]!, message: `Polymarket L2 credentials need all three of key, secret and passphrase (missing ${missing.join(', ')})` });
  }
  if (e.POLYMARKET_SIGNATURE_TYPE !== '0' && e.POLYMARKET_FUNDER === undefined && e.POLYMARKET_PRIVATE_KEY !== undefined) {
    problems.push({ variable: 'POLYMARKET_FUNDER', message: 'required when POLYMARKET_SIGNATURE_TYPE is not 0 (the proxy/Safe/deposit wallet address)' });
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const kalshiHosts = KALSHI_HOSTS[e.KALSHI_ENV];
  return {
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    redisUrl: e.REDIS_URL ?? null,
    venues: e.VENUES,
    catalog: { fullSyncIntervalMs: e.CATALOG_FULL_SYNC_INTERVAL_MS, incrementalIntervalMs: e.CATALOG_INCREMENTAL_INTERVAL_MS },
    orderbookCacheTtlMs: e.ORDERBOOK_CACHE_TTL_MS,
    kalshi: {
      env: e.KALSHI_ENV,
      apiUrl: e.KALSHI_API_URL ?? kalshiHosts.apiUrl,
      wsUrl: e.KALSHI_WS_URL ?? kalshiHosts.wsUrl,
      apiKeyId: e.KALSHI_API_KEY_ID ?? null,
      privateKey: kalshiKey,
      privateKeyPath: e.KALSHI_PRIVATE_KEY_PATH ?? null,
      rateTier: e.KALSHI_RATE_TIER,
    },
    polymarket: {
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
    },
  };
}

/** A copy safe to log or print: every secret replaced by "[redacted]" (or null when unset), the Redis password masked. */
export function redactConfig(config: Config): Config {
  const r = (v: string | null) => (v === null ? null : '[redacted]');
  return {
    ...config,
    redisUrl: config.redisUrl === null ? null : redactRedisUrl(config.redisUrl),
    kalshi: { ...config.kalshi, privateKey: r(config.kalshi.privateKey) },
    polymarket: {
      ...config.polymarket,
      privateKey: r(config.polymarket.privateKey),
      apiSecret: r(config.polymarket.apiSecret),
      apiPassphrase: r(config.polymarket.apiPassphrase),
    },
  };
}
