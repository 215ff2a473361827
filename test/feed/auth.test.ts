/**
 * The feed and the service API keys together: the service built by `startService` authenticates
 * feed connections through its key store (src/main.ts `feedPrincipal`), on the same keys as REST.
 * With `FEED_REQUIRE_API_KEY=true` (or `MARKET_DATA_AUTH=key`) an anonymous connection is refused;
 * a key created in the store at run time is accepted in each place a client may put it, and
 * refused once revoked; a wrong key is refused even on an open feed, as REST answers it 401.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { venueModules } from '../../adapters/index.js';
import { loadConfig } from '../../src/config.js';
import { CLOSE_CODES } from '../../src/feed/index.js';
import { startService, type RunningService } from '../../src/main.js';
import { FeedClient } from '../support/feed-client.js';
import { createMemoryAdapter, makeMarket } from '../support/memory-adapter.js';

const MARKET = 'kalshi:KXAUTH';

async function start(env: Record<string, string>): Promise<RunningService> {
  const config = loadConfig({ HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent', VENUES: 'kalshi', ...env }, venueModules);
  const adapter = createMemoryAdapter({
    venue: 'kalshi',
    markets: [makeMarket('kalshi', 'KXAUTH')],
    books: { KXAUTH: { marketId: MARKET, venue: 'kalshi', bids: [['0.4', '10']], asks: [['0.6', '5']], seq: null, venueTimestamp: null, receivedAt: new Date(0).toISOString(), source: 'rest' } },
  });
  return startService(config, { adapters: [adapter], logger: pino({ level: 'silent' }) });
}

const wsUrl = (service: RunningService, query = '') => `${service.url.replace(/^http/, 'ws')}/v1/ws${query}`;

/** A connection the server refuses: its one message and its close. */
async function refused(url: string, headers: Record<string, string> = {}) {
  const client = await FeedClient.connect(url, { headers });
  const closed = await client.closed;
  return { closed, messages: client.messages };
}

describe('the feed on the service key store, FEED_REQUIRE_API_KEY=true', () => {
  let service: RunningService;
  beforeAll(async () => {
    service = await start({ FEED_REQUIRE_API_KEY: 'true' });
  });
  afterAll(async () => {
    await service?.close();
  });

  it('refuses an anonymous connection with an unauthorized error and close 1008', async () => {
    const r = await refused(wsUrl(service));
    expect(r.closed).toEqual({ code: CLOSE_CODES.unauthorized, reason: 'unauthorized' });
    expect(r.messages).toMatchObject([{ type: 'error', code: 'unauthorized' }]);
    expect(service.feed.stats().refused).toBeGreaterThan(0);
  });

  it('refuses a key the store does not know, without saying whether it exists', async () => {
    const made = await service.keys.create({ scopes: ['read'] });
    const wrong = `${made.token.slice(0, -4)}${made.token.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
    const r = await refused(wsUrl(service), { authorization: `Bearer ${wrong}` });
    expect(r.closed.code).toBe(CLOSE_CODES.unauthorized);
    expect(r.messages).toMatchObject([{ type: 'error', code: 'unauthorized' }]);
    expect(JSON.stringify(r.messages)).not.toContain(made.record.id);
  });

  it.each([
    ['Authorization: Bearer', (t: string) => ({ headers: { authorization: `Bearer ${t}` }, query: '' })],
    ['X-API-Key', (t: string) => ({ headers: { 'x-api-key': t }, query: '' })],
    ['?api_key=', (t: string) => ({ headers: {}, query: `?api_key=${encodeURIComponent(t)}` })],
  ])('accepts a key created in the store, presented as %s, and serves books to it', async (_, where) => {
    const { token, record } = await service.keys.create({ scopes: ['read'], name: 'feed-client' });
    const { headers, query } = where(token);
    const client = await FeedClient.connect(wsUrl(service, query), { headers });
    const welcome = (await client.waitFor((m) => m.type === 'welcome')) as { connection: string };
    expect(service.feed.connections().find((c) => c.id === welcome.connection)?.principal).toBe(record.id);
    expect(await client.subscribe('book', [MARKET])).toMatchObject({ type: 'subscribed', markets: [MARKET] });
    const snapshot = await client.waitFor((m) => m.type === 'snapshot' && m.market === MARKET);
    expect(snapshot).toMatchObject({ bids: [['0.4', '10']], asks: [['0.6', '5']] });
    client.close();
  });

  it('refuses a key once it is revoked', async () => {
    const { token, record } = await service.keys.create({ scopes: ['trade'], venues: ['kalshi'] });
    const ok = await FeedClient.connect(wsUrl(service), { headers: { authorization: `Bearer ${token}` } });
    await ok.waitFor((m) => m.type === 'welcome');
    ok.close();
    expect(await service.keys.revoke(record.id)).toBe(true);
    const r = await refused(wsUrl(service), { authorization: `Bearer ${token}` });
    expect(r.closed.code).toBe(CLOSE_CODES.unauthorized);
  });
});

describe('the feed on the service key store, market data open', () => {
  let service: RunningService;
  beforeAll(async () => {
    service = await start({});
  });
  afterAll(async () => {
    await service?.close();
  });

  it('serves anonymous clients', async () => {
    const client = await FeedClient.connect(wsUrl(service));
    await client.waitFor((m) => m.type === 'welcome');
    expect(await client.subscribe('book', [MARKET])).toMatchObject({ type: 'subscribed' });
    client.close();
  });

  it('refuses a wrong key rather than serving it as anonymous, and a malformed Authorization header', async () => {
    for (const authorization of ['Bearer venn_not_a_key', 'Basic dXNlcjpwYXNz']) {
      const r = await refused(wsUrl(service), { authorization });
      expect(r.closed.code, authorization).toBe(CLOSE_CODES.unauthorized);
      expect(r.messages, authorization).toMatchObject([{ type: 'error', code: 'unauthorized' }]);
    }
  });

  it('counts connections against the key’s rate, as REST requests are', async () => {
    const { token } = await service.keys.create({ scopes: ['read'], rateLimit: { perSecond: 1, burst: 2 } });
    const codes: string[] = [];
    for (let i = 0; i < 4; i++) {
      const client = await FeedClient.connect(wsUrl(service), { headers: { authorization: `Bearer ${token}` } });
      const first = await client.waitFor((m) => m.type === 'welcome' || m.type === 'error');
      codes.push(first.type === 'error' ? first.code : 'welcome');
      client.close();
    }
    // A burst of 2 and one more per second: the third or fourth connection in a row is over the rate.
    expect(codes.slice(0, 2)).toEqual(['welcome', 'welcome']);
    expect(codes).toContain('rate_limited');
  });
});

describe('the feed on the service key store, MARKET_DATA_AUTH=key', () => {
  let service: RunningService;
  beforeAll(async () => {
    service = await start({ MARKET_DATA_AUTH: 'key' });
  });
  afterAll(async () => {
    await service?.close();
  });

  it('requires a key on the feed as on the REST market data', async () => {
    expect((await fetch(`${service.url}/v1/markets`)).status).toBe(401);
    const r = await refused(wsUrl(service));
    expect(r.closed.code).toBe(CLOSE_CODES.unauthorized);
    const { token } = await service.keys.create({ scopes: ['read'] });
    expect((await fetch(`${service.url}/v1/markets`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    const client = await FeedClient.connect(wsUrl(service), { headers: { authorization: `Bearer ${token}` } });
    expect(await client.waitFor((m) => m.type === 'welcome' || m.type === 'error')).toMatchObject({ type: 'welcome' });
    client.close();
  });
});
