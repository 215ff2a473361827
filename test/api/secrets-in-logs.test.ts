/**
 * A full run of the service as configured from the environment (every registered venue on its
 * simulator, venue credentials and API keys from variables), at trace level: key management,
 * market data, orders on every venue that trades, refusals, bad keys, feed connections with keys
 * in each place a client may put them, and shutdown. No log line holds a venue secret or an API key.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { venueModules } from '../../adapters/index.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createLogger, startService, type RunningService } from '../../src/main.js';
import type { RunningVenueSimulator } from '../../src/venue/index.js';
import { demoOrderBody } from '../../src/demo-order.js';
import type { Market } from '../../src/core/index.js';
import { FeedClient } from '../support/feed-client.js';
import { captureLogs, pemSecrets } from '../support/log-capture.js';

const OPERATOR_TOKEN = 'venn_operator-declared-token-7f3a9c1e5b';
const BOGUS_TOKEN = 'venn_not-a-key-but-looks-like-one-2b8d4e';

const logs = captureLogs();
let sims: RunningVenueSimulator[] = [];
let service: RunningService | undefined;
let config: Config;
let createdToken = '';

/** The values of every secret the venue modules declare, as configured. */
function declaredSecrets(c: Config): string[] {
  const out: string[] = [];
  for (const path of c.secrets) {
    const [, venue, key] = path.split('.') as [string, string, string];
    const value = (c.venueConfigs[venue as keyof Config['venueConfigs']] as Record<string, unknown> | undefined)?.[key];
    if (typeof value !== 'string' || value === '') continue;
    out.push(...(value.includes('-----BEGIN') ? pemSecrets(value) : [value]));
  }
  return out;
}

beforeAll(async () => {
  sims = await Promise.all(venueModules.map((m) => m.startSimulator({ seed: 5, markets: 30 })));
  const env: Record<string, string> = Object.assign({ HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'trace', API_KEYS: `${OPERATOR_TOKEN}:trade+admin` }, ...sims.map((s) => s.env));
  config = loadConfig(env, venueModules);
  service = await startService(config, { logger: createLogger(config, logs.stream) });
  await vi.waitFor(async () => expect((await fetch(`${service?.url}/readyz`)).status).toBe(200), { timeout: 60_000, interval: 100 });
}, 90_000);

afterAll(async () => {
  await service?.close();
  await Promise.all(sims.map((s) => s.close()));
});

async function call(method: string, path: string, token: string | null, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${service?.url}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? null : JSON.parse(text) };
}

describe('secrets in logs', () => {
  it('the leak check sees a secret when one is logged', () => {
    const probe = captureLogs();
    pino({}, probe.stream).info({ value: `x${BOGUS_TOKEN}x` }, 'probe');
    expect(probe.leaks([BOGUS_TOKEN])).toHaveLength(1);
    expect(declaredSecrets(config).length, 'venue secrets are configured for the run').toBeGreaterThan(0);
  });

  it('a full run logs no venue secret and no API key', { timeout: 120_000 }, async () => {
    const created = await call('POST', '/v1/keys', OPERATOR_TOKEN, { scopes: ['trade'], name: 'run' });
    expect(created.status).toBe(201);
    createdToken = created.body.key;
    expect((await call('GET', '/v1/keys', OPERATOR_TOKEN)).status).toBe(200);
    expect((await call('GET', '/v1/balances', BOGUS_TOKEN)).status).toBe(401);
    expect((await call('GET', '/v1/markets?limit=5', null)).status).toBe(200);

    const venues = (await call('GET', '/v1/venues', null)).body.data as { id: string; authenticated: boolean; capabilities: Record<string, unknown> | null }[];
    let traded = 0;
    for (const v of venues.filter((x) => x.authenticated && x.capabilities?.placeOrder === true)) {
      const markets = (await call('GET', `/v1/markets?venue=${v.id}&status=open&limit=10`, null)).body.data as Market[];
      const market = markets[0];
      if (!market) continue;
      const placed = await call('POST', '/v1/orders', createdToken, demoOrderBody(market));
      expect([201, 202], JSON.stringify(placed.body)).toContain(placed.status);
      traded += 1;
      // Refused by validation, and by the venue (far more than the account holds).
      expect((await call('POST', '/v1/orders', createdToken, { ...demoOrderBody(market), price: '0.0001' })).status).toBe(400);
      const huge = await call('POST', '/v1/orders', createdToken, { ...demoOrderBody(market), size: '100000000', price: '0.5' });
      expect(huge.status, JSON.stringify(huge.body)).toBeGreaterThanOrEqual(400);
      expect((await call('GET', `/v1/orders?venue=${v.id}`, createdToken)).status).toBe(200);
      expect((await call('GET', `/v1/fills?venue=${v.id}`, createdToken)).status).toBe(200);
      expect((await call('GET', `/v1/positions?venue=${v.id}`, createdToken)).status).toBe(200);
      expect((await call('DELETE', `/v1/orders?venue=${v.id}`, createdToken)).status).toBe(200);
    }
    expect(traded, 'every venue traded').toBe(venueModules.length);

    // The feed: the key as a bearer header and as a query parameter (which lands in the request
    // URL), and a wrong key, refused.
    const ws = `${service?.url.replace(/^http/, 'ws')}/v1/ws`;
    const market = ((await call('GET', '/v1/markets?status=open&limit=1', null)).body.data as Market[])[0]!.id;
    for (const client of [
      await FeedClient.connect(ws, { headers: { authorization: `Bearer ${createdToken}` } }),
      await FeedClient.connect(`${ws}?api_key=${encodeURIComponent(createdToken)}`),
    ]) {
      await client.subscribe('book', [market]);
      await client.waitFor((m) => m.type === 'snapshot');
      client.close();
    }
    const wrong = await FeedClient.connect(`${ws}?api_key=${BOGUS_TOKEN}`);
    expect((await wrong.closed).reason).toBe('unauthorized');
    expect((await call('GET', '/v1/balances', createdToken)).status).toBe(200);
    expect((await call('DELETE', `/v1/keys/${created.body.info.id}`, OPERATOR_TOKEN)).status).toBe(204);
    expect((await call('GET', '/v1/balances', createdToken)).status).toBe(401);
    await service?.close();
    service = undefined;

    const lines = logs.lines();
    expect(lines.some((l) => l.includes('"audit":"order"')), 'order writes were logged').toBe(true);
    expect(lines.some((l) => l.includes('"msg":"stopped"')), 'the run went to shutdown').toBe(true);
    expect(logs.leaks([...declaredSecrets(config), OPERATOR_TOKEN, createdToken, BOGUS_TOKEN])).toEqual([]);
  });
});
