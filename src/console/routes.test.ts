import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tradingFixture, type TradingFixture } from '../../test/support/trading-fixture.js';

/** The console's pages over the REST routes (the browser tests in test/console drive them live). */

let open: TradingFixture;
let closed: TradingFixture;
beforeAll(async () => {
  [open, closed] = await Promise.all([tradingFixture(), tradingFixture({ marketData: 'key' })]);
});
afterAll(async () => {
  await open.close();
  await closed.close();
});

const rows = (html: string) => [...html.matchAll(/<tr data-market="([^"]+)"/g)].map((m) => m[1]);

describe('console pages', () => {
  it('the explorer lists what GET /v1/markets lists for the same filters, with a next-page link carrying them', async () => {
    const page = await open.h.get('/?status=open,closed&limit=1');
    expect(page.status).toBe(200);
    expect(page.type).toContain('text/html');
    const api = await open.h.get('/v1/markets?status=open,closed&limit=50');
    expect(rows(page.body)).toEqual(api.body.data.map((m: { id: string }) => m.id));
    const polymarket = await open.h.get('/?venue=polymarket');
    expect(rows(polymarket.body)).toEqual(['polymarket:P1']);
    expect(polymarket.body).toContain('<option value="polymarket" selected="">');
  });

  it('shows the API problem of a bad filter, with its status', async () => {
    const page = await open.h.get('/?closesBefore=tomorrow');
    expect(page.status).toBe(400);
    expect(page.body).toMatch(/role="alert"><strong>invalid_parameter<\/strong>: closesBefore/);
  });

  it('a market page carries the market for the live book; an unknown market is a 404 page', async () => {
    const page = await open.h.get(`/market/${encodeURIComponent('kalshi:K1')}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('data-market="kalshi:K1"');
    expect(page.body).toContain('data-state="connecting"');
    const missing = await open.h.get('/market/kalshi:NOPE');
    expect(missing.status).toBe(404);
    expect(missing.body).toContain('not_found');
  });

  it('follows MARKET_DATA_AUTH: closed market data needs a read key', async () => {
    const anonymous = await closed.h.get('/');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toContain('unauthorized');
    const withKey = await closed.h.get('/status', closed.tokens.read);
    expect(withKey.status).toBe(200);
    expect(withKey.body).toContain('data-venue="kalshi"');
  });

  it('serves its script and stylesheet itself, and nothing from elsewhere', async () => {
    const page = await open.h.get('/status');
    const refs = [...(page.body as string).matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    for (const ref of refs) expect(ref.startsWith('/') || ref.startsWith('#'), ref).toBe(true);
    const js = await open.h.get('/assets/console.js');
    expect(js.status).toBe(200);
    expect(js.type).toContain('text/javascript');
    expect((await open.h.get('/assets/nope.js')).status).toBe(404);
  });
});
