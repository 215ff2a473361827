import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeQuoter, quadraticPerOrder } from '../arbitrage/test-support.js';
import type { OrderBook } from '../core/index.js';
import { buildHarness, type Harness } from '../../test/api/harness.js';
import { createMemoryAdapter } from '../../test/support/memory-adapter.js';
import { makeMarket } from '../../test/support/memory-fixtures.js';

/** The arbitrage board and the market page's matches, rendered over the REST routes (the browser test drives them live). */

const CLOSE = '2026-12-16T19:00:00.000Z';
const A = 'kalshi:FED-26DEC-T4.25';
const B = 'polymarket:0xfed425';
const MISS = 'polymarket:0xfed450';

function book(marketId: string, bids: [string, string][], asks: [string, string][]): OrderBook {
  const venue = marketId.slice(0, marketId.indexOf(':')) as OrderBook['venue'];
  return { marketId, venue, bids, asks, seq: null, venueTimestamp: null, receivedAt: new Date().toISOString(), source: 'rest' };
}

let h: Harness;
beforeAll(async () => {
  const common = { closeTime: CLOSE, expectedResolutionTime: CLOSE, category: 'Economics', minOrderSize: '1' };
  const left = createMemoryAdapter({
    venue: 'kalshi',
    markets: [makeMarket('kalshi', 'FED-26DEC-T4.25', { ...common, title: 'Will the upper bound of the federal funds rate be above 4.25% after the December 2026 meeting?' })],
    books: { [A]: book(A, [], [['0.40', '10'], ['0.42', '20']]) },
  });
  const right = createMemoryAdapter({
    venue: 'polymarket',
    markets: [
      makeMarket('polymarket', '0xfed425', { ...common, title: 'Fed upper bound above 4.25% after December 2026 FOMC meeting?' }),
      makeMarket('polymarket', '0xfed450', { ...common, title: 'Fed upper bound above 4.50% after December 2026 FOMC meeting?' }),
    ],
    books: { [B]: book(B, [['0.55', '5'], ['0.50', '30']], []), [MISS]: book(MISS, [['0.70', '5']], [['0.72', '5']]) },
  });
  h = await buildHarness([left, right], { arbitrage: { quoters: (v) => (v === 'kalshi' ? quadraticPerOrder('0.07') : freeQuoter) } });
  await h.arbitrage!.poll();
});
afterAll(() => h.close());

describe('arbitrage board', () => {
  it('renders the opportunities GET /v1/arbitrage lists, with titles, figures and status', async () => {
    const page = await h.get('/opportunities');
    expect(page.status).toBe(200);
    const api = (await h.get('/v1/arbitrage')).body.data;
    expect([...page.body.matchAll(/<tr data-opp="([^"]+)"/g)].map((m: RegExpMatchArray) => m[1])).toEqual(api.map((o: { id: string }) => o.id.replace(/&/g, '&amp;')));
    expect(page.body).toContain('buy YES 30 @ 0.413333, fee 0.51');
    expect(page.body).toContain('buy NO 30 @ 0.491667, fee 0');
    expect(page.body).toContain('>Fed upper bound above 4.25% after December 2026 FOMC meeting?</a>');
    for (const cell of ['30', '27.66', '2.34', '8.46 %']) expect(page.body).toContain(`<td class="num">${cell}</td>`);
    expect(page.body).toContain('<td>Actionable</td>');
    expect(page.body).toMatch(/<p id="none" class="muted" hidden="">/);
  });

  it('lists every matched pair with a decision control; the admin key field has no name, so no form carries it', async () => {
    const page = await h.get('/opportunities');
    const pairs = [...page.body.matchAll(/<tr data-a="([^"]+)" data-b="([^"]+)"/g)].map((m: RegExpMatchArray) => `${m[1]}|${m[2]}`);
    expect(pairs.sort()).toEqual([`${A}|${B}`, `${A}|${MISS}`].sort());
    expect(page.body).toMatch(/<input id="admin-key" type="password" autocomplete="off"/);
    expect(page.body).not.toMatch(/<input[^>]*id="admin-key"[^>]*name=/);
    expect(page.body).toContain('data-decision="reject"');
  });

  it('the market page lists the matched markets on other venues with relation, confidence, reasons and differences', async () => {
    const page = await h.get(`/market/${encodeURIComponent(A)}`);
    expect(page.status).toBe(200);
    const section = page.body.slice(page.body.indexOf('<section id="matches"'));
    expect(section).toContain(`<li data-match="${B}">`);
    expect(section).toMatch(/data-field="relation">identical<\/strong>/);
    expect(section).toContain('feeds arbitrage');
    expect(section).toContain(`<li data-match="${MISS}">`);
    expect(section).toMatch(/<li class="critical">Critical difference: [^<]*4\.25[^<]*4\.5/);
  });

  it('without arbitrage on the server, the board shows the API answer and the market page says matching is off', async () => {
    const off = await buildHarness([createMemoryAdapter({ venue: 'kalshi', markets: [makeMarket('kalshi', 'K1')] })]);
    try {
      const page = await off.get('/opportunities');
      expect(page.status).toBe(501);
      expect(page.body).toMatch(/role="alert"><strong>not_supported<\/strong>/);
      const market = await off.get('/market/kalshi:K1');
      expect(market.status).toBe(200);
      expect(market.body).toContain('Cross-venue matching is not enabled on this server.');
    } finally {
      await off.close();
    }
  });
});
