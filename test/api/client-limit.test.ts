/**
 * The per-client request rate of the API: keyed by the API key when one is presented, by the peer
 * address otherwise; with REDIS_URL two instances count against one window.
 */
import { request as httpRequest } from 'node:http';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { venueModules } from '../../adapters/index.js';
import { loadConfig } from '../../src/config.js';
import { startService, type RunningService } from '../../src/main.js';
import { createMemoryAdapter, makeMarket } from '../support/memory-adapter.js';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server.js';

const TOKEN = 'client-limit-test-token-0123456789';
let redis: RedisServerHandle;
const services: RunningService[] = [];
/** A second loopback address: another client as far as the service can tell. */
const otherAddress = '127.0.0.2';

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  for (const s of services) await s.close();
  await redis.stop();
});

async function start(env: Record<string, string>): Promise<RunningService> {
  const config = loadConfig({ HOST: '127.0.0.1', PORT: '0', VENUES: 'kalshi', CLIENT_RATE_LIMIT_PER_MINUTE: '5', API_KEYS: `${TOKEN}:read`, API_KEY_RATE_LIMIT: '1', API_KEY_RATE_BURST: '100', ...env }, venueModules);
  const adapter = createMemoryAdapter({ venue: 'kalshi', markets: [makeMarket('kalshi', 'R1')] });
  const service = await startService(config, { adapters: [adapter], logger: pino({ level: 'silent' }) });
  services.push(service);
  return service;
}

/** GET from a chosen local address (`fetch` cannot bind one). */
function get(url: string, options: { token?: string; from?: string } = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Record<string, unknown> | undefined }>((resolve, reject) => {
    const req = httpRequest(url, { localAddress: options.from ?? '127.0.0.1', headers: options.token ? { authorization: `Bearer ${options.token}` } : {} }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('per-client API rate limit', () => {
  it('limits an anonymous address, not another address, and keys by their own rate', async () => {
    const s = await start({});
    for (let i = 0; i < 5; i++) expect((await get(`${s.url}/v1/markets`)).status).toBe(200);
    const over = await get(`${s.url}/v1/markets`);
    expect(over.status).toBe(429);
    expect(over.headers['content-type']).toContain('application/problem+json');
    expect(over.body?.code).toBe('rate_limited');
    expect(Number(over.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // Another address has its own window; probes are never limited.
    expect((await get(`${s.url}/v1/markets`, { from: otherAddress })).status).toBe(200);
    expect((await get(`${s.url}/healthz`)).status).toBe(200);
    // A key is counted by key (1/s → 60 a minute), not by the address it comes from.
    for (let i = 0; i < 10; i++) expect((await get(`${s.url}/v1/markets`, { token: TOKEN })).status).toBe(200);
  });

  it('with REDIS_URL, two instances share one window per client', async () => {
    const a = await start({ REDIS_URL: redis.url });
    const b = await start({ REDIS_URL: redis.url });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await get(`${a.url}/v1/venues`, { from: otherAddress })).status);
    for (let i = 0; i < 3; i++) statuses.push((await get(`${b.url}/v1/venues`, { from: otherAddress })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  });
});
