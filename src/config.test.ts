import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { venueModules } from '../adapters/index.js';
import { kalshiHosts, type KalshiConfig } from '../adapters/kalshi/index.js';
import type { PolymarketConfig } from '../adapters/polymarket/index.js';
import { ConfigError, loadConfig as load, redactConfig, redactPaths, type Config } from './config.js';

/** The service's configuration composed from every registered venue module, as main.ts does. */
const loadConfig = (env: Record<string, string | undefined>): Config => load(env, venueModules);
const kalshiOf = (c: Config) => c.venueConfigs.kalshi as KalshiConfig;
const polymarketOf = (c: Config) => c.venueConfigs.polymarket as PolymarketConfig;
const KALSHI_HOSTS = {
  prod: { apiUrl: kalshiHosts.prod.restUrl, wsUrl: kalshiHosts.prod.wsUrl },
  demo: { apiUrl: kalshiHosts.demo.restUrl, wsUrl: kalshiHosts.demo.wsUrl },
};

const PEM = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n';
const HEX_KEY = `0x${'ab'.repeat(32)}`;

function problems(env: Record<string, string>): { variable: string; message: string }[] {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('applies the documented defaults to an empty environment', () => {
    const c = loadConfig({});
    expect(c.host).toBe('0.0.0.0');
    expect(c.port).toBe(8080);
    expect(c.keepAliveTimeoutMs).toBe(72_000);
    expect(c.logLevel).toBe('info');
    expect(c.redisUrl).toBeNull();
    expect(c.venues).toEqual(venueModules.map((m) => m.id));
    expect(kalshiOf(c).env).toBe('prod');
    expect(kalshiOf(c).apiUrl).toBe(KALSHI_HOSTS.prod.apiUrl);
    expect(kalshiOf(c).rateTier).toBe('basic');
    expect(kalshiOf(c).privateKey).toBeNull();
    expect(polymarketOf(c).signatureType).toBe(0);
    expect(c.catalog.fullSyncIntervalMs).toBeGreaterThan(c.catalog.incrementalIntervalMs);
    expect(c.catalog.leaseTtlMs).toBe(15_000);
    expect(c.catalog.hotResolvedMaxAgeMs).toBeNull();
    expect(c.cluster.instanceId).toBeNull();
  });

  it('reads every variable', () => {
    const c = loadConfig({
      HOST: '127.0.0.1',
      PORT: '0',
      HTTP_KEEP_ALIVE_TIMEOUT_MS: '65000',
      LOG_LEVEL: 'debug',
      REDIS_URL: 'redis://127.0.0.1:6379/2',
      VENUES: ' Polymarket , kalshi,polymarket ',
      CATALOG_FULL_SYNC_INTERVAL_MS: '60000',
      CATALOG_INCREMENTAL_INTERVAL_MS: '5000',
      CATALOG_LEASE_TTL_MS: '4000',
      CATALOG_HOT_RESOLVED_MAX_AGE_DAYS: '30',
      INSTANCE_ID: 'venn-a.1',
      ORDERBOOK_CACHE_TTL_MS: '250',
      KALSHI_ENV: 'demo',
      KALSHI_API_KEY_ID: 'key-id',
      KALSHI_PRIVATE_KEY: PEM,
      KALSHI_RATE_TIER: 'premier',
      POLYMARKET_CLOB_URL: 'http://127.0.0.1:9000',
      POLYMARKET_WS_URL: 'ws://127.0.0.1:9001/ws',
      POLYMARKET_PRIVATE_KEY: HEX_KEY,
      POLYMARKET_API_KEY: 'k',
      POLYMARKET_API_SECRET: 's',
      POLYMARKET_API_PASSPHRASE: 'p',
      POLYMARKET_SIGNATURE_TYPE: '2',
      POLYMARKET_FUNDER: `0x${'12'.repeat(20)}`,
    });
    expect(c.host).toBe('127.0.0.1');
    expect(c.port).toBe(0);
    expect(c.keepAliveTimeoutMs).toBe(65_000);
    expect(c.logLevel).toBe('debug');
    expect(c.redisUrl).toBe('redis://127.0.0.1:6379/2');
    expect(c.venues).toEqual(['polymarket', 'kalshi']);
    expect(c.catalog).toEqual({ fullSyncIntervalMs: 60000, incrementalIntervalMs: 5000, leaseTtlMs: 4000, hotResolvedMaxAgeMs: 30 * 86_400_000 });
    expect(c.cluster.instanceId).toBe('venn-a.1');
    expect(c.orderbookCacheTtlMs).toBe(250);
    expect(kalshiOf(c).apiUrl).toBe(KALSHI_HOSTS.demo.apiUrl);
    expect(kalshiOf(c).wsUrl).toBe(KALSHI_HOSTS.demo.wsUrl);
    expect(kalshiOf(c).privateKey).toBe(PEM);
    expect(kalshiOf(c).rateTier).toBe('premier');
    expect(polymarketOf(c).clobUrl).toBe('http://127.0.0.1:9000');
    expect(polymarketOf(c).signatureType).toBe(2);
  });

  it('reads the live-book and feed settings, with their documented defaults', () => {
    const d = loadConfig({});
    expect(d.books).toEqual({ pollIntervalMs: 2_000, pollMinHeadroom: 0.5, graceMs: 30_000, staleResubscribeMs: 15_000, leaseTtlMs: 10_000 });
    expect(d.feed).toEqual({
      maxSubscriptions: 1_000,
      maxMessagesPerSecond: 20,
      maxMessageBytes: 65_536,
      sendBufferBytes: 1_048_576,
      slowClientTimeoutMs: 10_000,
      heartbeatIntervalMs: 15_000,
      requireApiKey: false,
    });
    const c = loadConfig({
      BOOKS_POLL_INTERVAL_MS: '500',
      BOOKS_POLL_MIN_HEADROOM_PERCENT: '25',
      BOOKS_GRACE_MS: '0',
      BOOKS_STALE_RESUBSCRIBE_MS: '5000',
      BOOKS_LEASE_TTL_MS: '3000',
      FEED_MAX_SUBSCRIPTIONS: '50',
      FEED_MAX_MESSAGES_PER_SECOND: '5',
      FEED_MAX_MESSAGE_BYTES: '4096',
      FEED_SEND_BUFFER_BYTES: '65536',
      FEED_SLOW_CLIENT_TIMEOUT_MS: '2000',
      FEED_HEARTBEAT_INTERVAL_MS: '0',
      FEED_REQUIRE_API_KEY: 'TRUE',
    });
    expect(c.books).toEqual({ pollIntervalMs: 500, pollMinHeadroom: 0.25, graceMs: 0, staleResubscribeMs: 5_000, leaseTtlMs: 3_000 });
    expect(c.feed).toEqual({
      maxSubscriptions: 50,
      maxMessagesPerSecond: 5,
      maxMessageBytes: 4_096,
      sendBufferBytes: 65_536,
      slowClientTimeoutMs: 2_000,
      heartbeatIntervalMs: 0,
      requireApiKey: true,
    });
    expect(problems({ FEED_REQUIRE_API_KEY: 'maybe', BOOKS_POLL_INTERVAL_MS: '10', BOOKS_POLL_MIN_HEADROOM_PERCENT: '101' }).map((p) => p.variable).sort()).toEqual([
      'BOOKS_POLL_INTERVAL_MS',
      'BOOKS_POLL_MIN_HEADROOM_PERCENT',
      'FEED_REQUIRE_API_KEY',
    ]);
  });

  it('VENUES=none disables every venue', () => {
    expect(loadConfig({ VENUES: 'none' }).venues).toEqual([]);
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ PORT: '', VENUES: '  ' }).port).toBe(8080);
  });

  it('reads the Kalshi key from a file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'venn-config-'));
    const path = join(dir, 'kalshi.pem');
    writeFileSync(path, PEM);
    const c = loadConfig({ KALSHI_API_KEY_ID: 'id', KALSHI_PRIVATE_KEY_PATH: path });
    expect(kalshiOf(c).privateKey).toBe(PEM);
    expect(kalshiOf(c).privateKeyPath).toBe(path);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT', /whole number/],
    [{ PORT: '70000' }, 'PORT', /at most 65535/],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL', /one of .*info/],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL', /redis:\/\//],
    [{ VENUES: 'kalshi,betfair' }, 'VENUES', /unknown venue "betfair"/],
    [{ CATALOG_INCREMENTAL_INTERVAL_MS: '5' }, 'CATALOG_INCREMENTAL_INTERVAL_MS', /at least/],
    [{ CATALOG_HOT_RESOLVED_MAX_AGE_DAYS: '0' }, 'CATALOG_HOT_RESOLVED_MAX_AGE_DAYS', /at least/],
    [{ KALSHI_ENV: 'staging' }, 'KALSHI_ENV', /prod, demo/],
    [{ KALSHI_RATE_TIER: 'gold' }, 'KALSHI_RATE_TIER', /basic/],
    [{ KALSHI_API_URL: 'ftp://x' }, 'KALSHI_API_URL', /http/],
    [{ KALSHI_WS_URL: 'https://x' }, 'KALSHI_WS_URL', /ws:\/\//],
    [{ POLYMARKET_SIGNATURE_TYPE: '7' }, 'POLYMARKET_SIGNATURE_TYPE', /one of 0, 1, 2/],
    [{ POLYMARKET_FUNDER: '0x12' }, 'POLYMARKET_FUNDER', /address/],
    [{ KALSHI_API_KEY_ID: 'id' }, 'KALSHI_PRIVATE_KEY', /both/],
    [{ KALSHI_API_KEY_ID: 'id', KALSHI_PRIVATE_KEY_PATH: '/nonexistent/key.pem' }, 'KALSHI_PRIVATE_KEY_PATH', /ENOENT/],
    [{ POLYMARKET_API_KEY: 'k' }, 'POLYMARKET_API_SECRET', /missing POLYMARKET_API_SECRET, POLYMARKET_API_PASSPHRASE/],
    [{ POLYMARKET_PRIVATE_KEY: HEX_KEY, POLYMARKET_SIGNATURE_TYPE: '1' }, 'POLYMARKET_FUNDER', /required/],
  ])('rejects %j naming %s', (env, variable, message) => {
    const found = problems(env as Record<string, string>);
    const p = found.find((x) => x.variable === variable);
    expect(p, JSON.stringify(found)).toBeDefined();
    expect(p!.message).toMatch(message);
  });

  it('lists every bad variable at once, in the error message too', () => {
    try {
      loadConfig({ PORT: '-1', LOG_LEVEL: 'x' });
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).toMatch(/PORT/);
      expect((err as Error).message).toMatch(/LOG_LEVEL/);
    }
  });

  it('never echoes a bad secret value in the error', () => {
    const secret = 'not-a-pem-but-very-secret';
    try {
      loadConfig({ KALSHI_PRIVATE_KEY: secret, POLYMARKET_PRIVATE_KEY: 'also-secret-value' });
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).not.toContain(secret);
      expect((err as Error).message).not.toContain('also-secret-value');
      expect((err as Error).message).toMatch(/KALSHI_PRIVATE_KEY/);
    }
  });
});

describe('secrets', () => {
  const config = loadConfig({
    KALSHI_API_KEY_ID: 'id',
    KALSHI_PRIVATE_KEY: PEM,
    POLYMARKET_PRIVATE_KEY: HEX_KEY,
    POLYMARKET_API_KEY: 'k',
    POLYMARKET_API_SECRET: 'the-l2-secret',
    POLYMARKET_API_PASSPHRASE: 'the-passphrase',
  });

  it('redactConfig hides every secret', () => {
    const text = JSON.stringify(redactConfig(config));
    for (const s of [PEM, HEX_KEY, 'the-l2-secret', 'the-passphrase']) expect(text).not.toContain(s);
    expect(text).toContain('[redacted]');
  });

  it('redactConfig says "unset" for a secret that is not set', () => {
    const plain = redactConfig(loadConfig({}));
    expect(kalshiOf(plain).privateKey).toBe('unset');
    expect(polymarketOf(plain).apiSecret).toBe('unset');
  });

  it('every secret a venue module declares is redacted, and only those are', () => {
    for (const m of venueModules) {
      for (const key of m.secrets) expect(config.secrets).toContain(`venueConfigs.${m.id}.${key}`);
      for (const v of m.variables.filter((x) => x.secret)) expect(v.name.startsWith(m.id.toUpperCase())).toBe(true);
    }
  });

  it('redactConfig masks the password of REDIS_URL and keeps the host', () => {
    const withRedis = loadConfig({ REDIS_URL: 'redis://venn:redis-pass-123@cache.internal:6380/2' });
    const redacted = redactConfig(withRedis);
    expect(JSON.stringify(redacted)).not.toContain('redis-pass-123');
    expect(redacted.redisUrl).toBe('redis://venn:***@cache.internal:6380/2');
    expect(redactConfig(loadConfig({})).redisUrl).toBeNull();
  });

  it('pino with the derived redaction paths never writes a secret', () => {
    const lines: string[] = [];
    const logger = pino({ redact: { paths: redactPaths(config), censor: '[redacted]' } }, { write: (s: string) => lines.push(s) });
    logger.info({ config }, 'starting');
    logger.info(config, 'flat');
    const text = lines.join('');
    expect(lines).toHaveLength(2);
    for (const s of ['MIIEvQIBADANBgkqhkiG9w0BAQEFAASC', HEX_KEY, 'the-l2-secret', 'the-passphrase']) expect(text).not.toContain(s);
  });
});

describe('trading and API key configuration', () => {
  const TOKEN = 'venn_a-token-the-operator-chose-1234';

  it('defaults: open market data, no keys, no limits, a 10 s write deadline', () => {
    const c = loadConfig({});
    expect(c.auth).toEqual({ marketData: 'open', keys: [], keysFile: null, rateLimit: { perSecond: 20, burst: 40 } });
    expect(c.trading).toEqual({ writeDeadlineMs: 10_000, limits: { default: {}, venues: {} } });
  });

  it('reads keys (hashed at once), limits per venue and the rest', () => {
    const c = loadConfig({
      MARKET_DATA_AUTH: 'key',
      API_KEYS: `${TOKEN}:trade:kalshi`,
      API_KEYS_FILE: '/etc/venn/keys.json',
      API_KEY_RATE_LIMIT: '5',
      API_KEY_RATE_BURST: '7',
      ORDER_WRITE_DEADLINE_MS: '2500',
      TRADING_LIMITS: '{"default":{"maxOrderNotional":"100.00"},"kalshi":{"maxOpenOrders":3,"maxDailyNotional":"1000"}}',
    });
    expect(c.auth.marketData).toBe('key');
    expect(c.auth.keys).toEqual([expect.objectContaining({ scopes: ['trade'], venues: ['kalshi'], source: 'env' })]);
    expect(JSON.stringify(c)).not.toContain(TOKEN);
    expect(c.auth.keysFile).toBe('/etc/venn/keys.json');
    expect(c.auth.rateLimit).toEqual({ perSecond: 5, burst: 7 });
    expect(c.trading.writeDeadlineMs).toBe(2500);
    expect(c.trading.limits).toEqual({ default: { maxOrderNotional: '100' }, venues: { kalshi: { maxOpenOrders: 3, maxDailyNotional: '1000' } } });
    expect(JSON.stringify(redactConfig(c))).not.toContain(c.auth.keys[0]?.hash);
  });

  it('names the variable of a bad value and never echoes a token', () => {
    const found = problems({ API_KEYS: `${TOKEN}:superuser`, TRADING_LIMITS: '{"nasdaq":{}}', MARKET_DATA_AUTH: 'closed', ORDER_WRITE_DEADLINE_MS: '5' });
    expect(found.map((p) => p.variable).sort()).toEqual(['API_KEYS', 'MARKET_DATA_AUTH', 'ORDER_WRITE_DEADLINE_MS', 'TRADING_LIMITS']);
    expect(JSON.stringify(found)).not.toContain(TOKEN);
    expect(problems({ TRADING_LIMITS: 'not json' })[0]?.message).toMatch(/must be JSON/);
    expect(problems({ TRADING_LIMITS: '{"default":{"maxOrderNotional":12}}' })[0]?.message).toMatch(/maxOrderNotional/);
  });
});
