import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKalshiSim, type KalshiSim } from './index.js';
import { demoCredentials, signHeaders, signedFetch } from './testkit.js';

let sim: KalshiSim;
const creds = demoCredentials();
const BAL = '/trade-api/v2/portfolio/balance';

beforeAll(async () => {
  sim = await startKalshiSim({ markets: 30, botRatePerSecond: 0 });
});
afterAll(() => sim.close());

async function get(path: string, headers: Record<string, string>) {
  const r = await fetch(`${sim.url}${path}`, { headers });
  return { status: r.status, body: (await r.json()) as any };
}

describe('Kalshi simulator authentication', () => {
  it('accepts a valid RSA-PSS signature over timestamp+METHOD+path', async () => {
    const r = await signedFetch(sim.url, creds, 'GET', BAL);
    expect(r.status).toBe(200);
    expect(r.body.balance).toBe(1_000_000);
    expect(r.body.balance_dollars).toBe('10000.0000');
  });

  it('rejects a bad signature with the nested authentication_error body', async () => {
    const h = signHeaders(creds, 'GET', BAL);
    h['KALSHI-ACCESS-SIGNATURE'] = signHeaders(creds, 'GET', '/trade-api/v2/portfolio/fills')['KALSHI-ACCESS-SIGNATURE'] as string;
    const r = await get(BAL, h);
    expect(r.status).toBe(401);
    expect(r.body).toEqual({
      error: { code: 'authentication_error', message: 'authentication_error', details: 'rpc error: code = Unauthenticated desc = INCORRECT_API_KEY_SIGNATURE' },
    });
  });

  it('rejects timestamps outside the window with header_timestamp_expired, accepts small skew', async () => {
    const old = await get(BAL, signHeaders(creds, 'GET', BAL, Date.now() - 60_000));
    expect(old.status).toBe(401);
    expect(old.body.error.code).toBe('header_timestamp_expired');
    const future = await get(BAL, signHeaders(creds, 'GET', BAL, Date.now() + 120_000));
    expect(future.body.error.code).toBe('header_timestamp_expired');
    const slightlyOld = await get(BAL, signHeaders(creds, 'GET', BAL, Date.now() - 10_000));
    expect(slightlyOld.status).toBe(200);
    const ahead = await get(BAL, signHeaders(creds, 'GET', BAL, Date.now() + 30_000));
    expect(ahead.status).toBe(200);
  });

  it('signs the path without the query: signing the query or omitting the prefix fails', async () => {
    const path = '/trade-api/v2/portfolio/orders';
    const good = await get(`${path}?limit=5`, signHeaders(creds, 'GET', path));
    expect(good.status).toBe(200);
    const withQuery = await get(`${path}?limit=5`, signHeaders(creds, 'GET', `${path}?limit=5`));
    expect(withQuery.status).toBe(401);
    expect(withQuery.body.error.details).toContain('INCORRECT_API_KEY_SIGNATURE');
    const noPrefix = await get(path, signHeaders(creds, 'GET', '/portfolio/orders'));
    expect(noPrefix.status).toBe(401);
  });

  it('unknown key ids get a NOT_FOUND 401', async () => {
    const r = await get(BAL, signHeaders({ ...creds, keyId: 'no-such-key' }, 'GET', BAL));
    expect(r.status).toBe(401);
    expect(r.body.error.details).toContain('NOT_FOUND');
  });

  it('market data is public, portfolio is private', async () => {
    const markets = await get('/trade-api/v2/markets?limit=1', {});
    expect(markets.status).toBe(200);
    const ticker = markets.body.markets[0].ticker as string;
    expect((await get(`/trade-api/v2/markets/${ticker}/orderbook`, {})).status).toBe(200);
    expect((await get('/trade-api/v2/events', {})).status).toBe(200);
    expect((await get('/trade-api/v2/account/endpoint_costs', {})).status).toBe(200);
    for (const p of ['/trade-api/v2/portfolio/balance', '/trade-api/v2/portfolio/positions', '/trade-api/v2/account/limits']) {
      const r = await get(p, {});
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe('authentication_error');
    }
  });
});
