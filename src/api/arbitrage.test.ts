import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quadraticPerOrder, freeQuoter } from '../arbitrage/test-support.js';
import type { OrderBook } from '../core/index.js';
import { buildHarness } from '../../test/api/harness.js';
import type { Harness } from '../../test/api/harness.js';
import { createMemoryAdapter, type MemoryAdapter } from '../../test/support/memory-adapter.js';
import { makeMarket } from '../../test/support/memory-fixtures.js';

const CLOSE = '2026-12-16T19:00:00.000Z';
const A = 'kalshi:FED-26DEC-T4.25';
const B = 'polymarket:0xfed425';
const MISS = 'polymarket:0xfed450';

function book(marketId: string, bids: [string, string][], asks: [string, string][]): OrderBook {
  const venue = marketId.slice(0, marketId.indexOf(':')) as OrderBook['venue'];
  return { marketId, venue, bids, asks, seq: null, venueTimestamp: null, receivedAt: new Date().toISOString(), source: 'rest' };
}

let h: Harness;
let left: MemoryAdapter;
let right: MemoryAdapter;
let admin: string;
let reader: string;

beforeAll(async () => {
  const common = { closeTime: CLOSE, expectedResolutionTime: CLOSE, category: 'Economics', minOrderSize: '1' };
  left = createMemoryAdapter({
    venue: 'kalshi',
    markets: [makeMarket('kalshi', 'FED-26DEC-T4.25', { ...common, title: 'Will the upper bound of the federal funds rate be above 4.25% after the December 2026 meeting?' })],
    books: { [A]: book(A, [], [['0.40', '10'], ['0.42', '20']]) },
  });
  right = createMemoryAdapter({
    venue: 'polymarket',
    markets: [
      makeMarket('polymarket', '0xfed425', { ...common, title: 'Fed upper bound above 4.25% after December 2026 FOMC meeting?' }),
      makeMarket('polymarket', '0xfed450', { ...common, title: 'Fed upper bound above 4.50% after December 2026 FOMC meeting?' }),
    ],
    books: { [B]: book(B, [['0.55', '5'], ['0.50', '30']], []), [MISS]: book(MISS, [['0.70', '5']], [['0.72', '5']]) },
  });
  // Per-order quadratic fee (0.07 · C · p · (1 − p), ceiled to the cent) on one side, none on the other.
  h = await buildHarness([left, right], { arbitrage: { quoters: (v) => (v === 'kalshi' ? quadraticPerOrder('0.07') : freeQuoter) } });
  await h.arbitrage!.poll();
  admin = (await h.keys.create({ scopes: ['admin'], venues: null, name: 'admin' })).token;
  reader = (await h.keys.create({ scopes: ['read'], venues: null, name: 'reader' })).token;
});
afterAll(() => h.close());

describe('GET /v1/arbitrage', () => {
  it('reports the matched pair with its depth walk and after-fee figures', async () => {
    const r = await h.get('/v1/arbitrage');
    expect(r.status).toBe(200);
    expect(r.body.data).toHaveLength(1);
    const o = r.body.data[0];
    // YES on A: 10 @ 0.40 + 20 @ 0.42 = 12.4; fee 0.07·(10·0.4·0.6 + 20·0.42·0.58) = 0.50904 → 0.51.
    // NO on B (YES bids 0.55, 0.50): 5 @ 0.45 + 25 @ 0.50 = 14.75, no fee. 30 sets pay 30.
    expect(o).toMatchObject({
      id: `${A}|${B}/a:yes+b:no`,
      kind: 'pair',
      relation: 'identical',
      size: '30',
      cost: '27.66',
      payout: '30',
      profit: '2.34',
      edge: '0.078',
      roi: '0.084598',
      actionable: true,
      blockers: [],
    });
    expect(o.legs).toMatchObject([
      { market: A, outcome: 'yes', side: 'buy', size: '30', notional: '12.4', price: '0.413333', limitPrice: '0.42', fee: '0.51' },
      { market: B, outcome: 'no', side: 'buy', size: '30', notional: '14.75', price: '0.491667', limitPrice: '0.5', fee: '0' },
    ]);
    expect(o.confidence).toBeGreaterThanOrEqual(0.9);
    expect(o.reasons.join(' ')).toMatch(/4\.25/);
    expect(typeof o.apr).toBe('string');
    expect(r.body.meta).toMatchObject({ pairs: 1, total: 1 });
  });

  it('is served at the unversioned alias too, and filters', async () => {
    expect((await h.get('/arbitrage')).body.data).toHaveLength(1);
    expect((await h.get('/v1/arbitrage?minEdge=0.08')).body.data).toHaveLength(0);
    expect((await h.get('/v1/arbitrage?minEdge=0.078&minSize=30')).body.data).toHaveLength(1);
    expect((await h.get('/v1/arbitrage?minSize=31')).body.data).toHaveLength(0);
    expect((await h.get('/v1/arbitrage?venues=kalshi')).body.data).toHaveLength(0);
    expect((await h.get('/v1/arbitrage?venues=kalshi,polymarket&actionable=true')).body.data).toHaveLength(1);
    expect((await h.get('/v1/arbitrage?minConfidence=1')).body.data).toHaveLength(0);
  });

  it('lists the near-miss as a candidate with the difference that keeps it out', async () => {
    const r = await h.get('/v1/arbitrage?includeCandidates=true');
    const c = r.body.candidates.find((m: { a: string; b: string }) => [m.a, m.b].includes(MISS));
    expect(c).toMatchObject({ tradable: false, relation: 'subset' });
    expect(c.differences).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'threshold', critical: true })]));
    expect((await h.get('/v1/arbitrage')).body.candidates).toBeUndefined();
  });

  it('answers 400 problem+json for bad parameters', async () => {
    for (const q of ['minEdge=abc', 'minEdge=-1', 'minConfidence=2', 'limit=0', 'venues=nowhere', 'includeCandidates=maybe', 'foo=1']) {
      const r = await h.get(`/v1/arbitrage?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.type).toContain('application/problem+json');
      expect(r.body.code).toBe('invalid_parameter');
    }
  });
});

describe('GET /v1/matches', () => {
  it('lists judged pairs with relation, confidence, reasons and differences, filtered', async () => {
    const all = (await h.get('/v1/matches')).body.data;
    expect(all.map((m: { id: string }) => m.id).sort()).toEqual([`${A}|${B}`, `${A}|${MISS}`].sort());
    const identical = (await h.get(`/v1/matches?relation=identical&market=${encodeURIComponent(A)}`)).body.data;
    expect(identical).toHaveLength(1);
    expect(identical[0]).toMatchObject({ a: A, b: B, tradable: true, decidedBy: expect.stringMatching(/rule/i), override: null });
    expect((await h.get('/matches?relation=subset,overlap')).body.data).toHaveLength(1);
    expect((await h.get('/v1/matches?minConfidence=0.99')).body.data).toHaveLength(0);
    expect((await h.get('/v1/matches?relation=same')).status).toBe(400);
    expect((await h.get('/v1/matches?market=nope')).status).toBe(400);
  });
});

describe('GET /v1/matches/{a}/{b}', () => {
  const path = (a: string, b: string) => `/v1/matches/${encodeURIComponent(a)}/${encodeURIComponent(b)}`;

  it('answers a kept pair as GET /v1/matches lists it, in either order', async () => {
    const listed = (await h.get(`/v1/matches?market=${encodeURIComponent(MISS)}`)).body.data[0];
    const r = await h.get(path(MISS, A));
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ ...listed, recorded: true });
    expect(r.body.differences).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'threshold', critical: true })]));
    expect((await h.get(`/matches/${encodeURIComponent(A)}/${encodeURIComponent(MISS)}`)).body.id).toBe(listed.id);
  });

  it('judges a pair that was never a candidate on request, without keeping it', async () => {
    const r = await h.get(path(MISS, B));
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: `${B}|${MISS}`, a: B, b: MISS, recorded: false, tradable: false, override: null });
    expect(r.body.relation).not.toBe('identical');
    expect(r.body.differences).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'threshold', critical: true })]));
    expect((await h.get(`/v1/matches?market=${encodeURIComponent(B)}`)).body.data.map((m: { id: string }) => m.id)).not.toContain(`${B}|${MISS}`);
  });

  it('answers 404 for a market the matcher does not know and 400 for a pair of one market', async () => {
    const missing = await h.get(path(A, 'kalshi:NOPE'));
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('not_found');
    expect((await h.get(path(A, A))).status).toBe(400);
    expect((await h.get(path(A, 'nope'))).status).toBe(400);
  });
});

describe('PUT /v1/matches/{a}/{b}', () => {
  it('needs an admin key', async () => {
    const path = `/v1/matches/${encodeURIComponent(A)}/${encodeURIComponent(B)}`;
    expect((await h.call('PUT', path, { body: { decision: 'reject' } })).status).toBe(401);
    const r = await h.call('PUT', path, { token: reader, body: { decision: 'reject' } });
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('forbidden');
  });

  it('validates the decision and the markets', async () => {
    const path = (a: string, b: string) => `/v1/matches/${encodeURIComponent(a)}/${encodeURIComponent(b)}`;
    expect((await h.call('PUT', path(A, B), { token: admin, body: { decision: 'maybe' } })).status).toBe(400);
    expect((await h.call('PUT', path(A, 'kalshi:NOPE'), { token: admin, body: { decision: 'reject' } })).status).toBe(404);
    expect((await h.call('PUT', path(A, A), { token: admin, body: { decision: 'reject' } })).status).toBe(400);
    // Confirming a pair the matcher called a subset must say which relation is confirmed.
    const r = await h.call('PUT', path(MISS, A), { token: admin, body: { decision: 'confirm' } });
    expect(r.status).toBe(400);
    expect(r.body.errors[0].name).toBe('relation');
  });

  it('a rejection wins over the matcher at once and persists in the cache; a confirmation brings the pair back', async () => {
    const path = `/matches/${encodeURIComponent(B)}/${encodeURIComponent(A)}`;
    const rejected = await h.call('PUT', path, { token: admin, body: { decision: 'reject', note: 'different meeting' } });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ id: `${A}|${B}`, tradable: false, decidedBy: 'override', override: { decision: 'reject', origin: 'runtime', note: 'different meeting' } });
    expect((await h.get('/v1/arbitrage')).body.data).toHaveLength(0);
    const stored = [];
    for await (const batch of h.cache.scan('arbitrage:override:', 100)) stored.push(...batch);
    expect(stored).toHaveLength(1);

    const confirmed = await h.call('PUT', path, { token: admin, body: { decision: 'confirm' } });
    expect(confirmed.body).toMatchObject({ tradable: true, relation: 'identical', confidence: 1, decidedBy: 'override' });
    const o = (await h.get('/v1/arbitrage')).body.data;
    expect(o).toHaveLength(1);
    expect(o[0]).toMatchObject({ profit: '2.34', confidence: 1 });
  });
});
