import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tradingFixture, type TradingFixture } from '../../test/support/trading-fixture.js';
import { principalOf } from '../auth/authenticator.js';
import { RestProblem, restCaller } from './in-process.js';

/** The in-process REST caller the MCP tools and the console pages use, on a server with closed market data. */

let f: TradingFixture;
beforeAll(async () => {
  f = await tradingFixture({ marketData: 'key' });
});
afterAll(() => f.close());

async function principal(scopes: ('read' | 'trade')[], rateLimit?: { perSecond: number; burst: number }) {
  const { record } = await f.h.keys.create({ scopes, ...(rateLimit ? { rateLimit } : {}) });
  return principalOf(record);
}

describe('restCaller', () => {
  it('answers as the principal it is given: anonymous is refused with the API code, a read key is served', async () => {
    const anonymous = restCaller(f.h.app.fetch, undefined);
    const err = await anonymous.get('/v1/markets').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RestProblem);
    expect(err).toMatchObject({ status: 401, code: 'unauthorized' });
    const reader = restCaller(f.h.app.fetch, await principal(['read']));
    const page = await reader.get<{ data: { id: string }[] }>('/v1/markets', { venue: 'kalshi', limit: 2 });
    expect(page.data.map((m) => m.id)).toEqual(['kalshi:K1', 'kalshi:K2']);
  });

  it('passes problems through with their code and parameter errors, and scopes still apply', async () => {
    const reader = restCaller(f.h.app.fetch, await principal(['read']));
    const bad = await reader.get('/v1/markets', { limit: 5000 }).catch((e: unknown) => e);
    expect(bad).toMatchObject({ status: 400, code: 'invalid_parameter', extra: { errors: [expect.objectContaining({ name: 'limit' })] } });
    const order = await reader.send('POST', '/v1/orders', { market: 'kalshi:K1', side: 'buy', outcome: 'yes', price: '0.3', size: '1' }).catch((e: unknown) => e);
    expect(order).toMatchObject({ status: 403, code: 'forbidden' });
  });

  it('does not count in-process calls against the key rate (the outer request was counted)', async () => {
    const reader = restCaller(f.h.app.fetch, await principal(['read'], { perSecond: 0.001, burst: 1 }));
    for (let i = 0; i < 5; i++) expect((await reader.get<{ data: unknown[] }>('/v1/markets')).data.length).toBeGreaterThan(0);
  });

  it('cannot be forged: an env key that is not the module symbol is ignored', async () => {
    const p = await principal(['read']);
    const res = await f.h.app.request('/v1/markets', {}, { [Symbol('venn.authenticatedCaller')]: { principal: p }, authenticatedCaller: { principal: p } });
    expect(res.status).toBe(401);
  });
});
