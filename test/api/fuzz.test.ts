/**
 * Throws a few hundred generated bad (and some good) requests at the API: no answer is a 5xx of
 * ours (the only 5xx allowed is the 503 relaying the venue that is down on purpose), and every
 * error is a problem+json body with a stable `code`.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VenueUnavailable } from '../../src/core/index.js';
import { createMemoryAdapter, makeMarket } from '../support/memory-adapter.js';
import { buildHarness } from './harness.js';
import type { Harness } from './harness.js';

let h: Harness;

beforeAll(async () => {
  h = await buildHarness([
    createMemoryAdapter({ venue: 'kalshi', markets: Array.from({ length: 30 }, (_, i) => makeMarket('kalshi', `K${i}`)) }),
    createMemoryAdapter({ venue: 'polymarket', markets: [makeMarket('polymarket', '0x1')], failWith: new VenueUnavailable('down', { venue: 'polymarket' }) }),
  ]);
});
afterAll(() => h.close());

const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('', ' ', '%', '%00', '%ZZ', '../', '..%2F', '\u0000', '😀', 'ｋａｌｓｈｉ', 'null', 'undefined', '[]', '{}', 'NaN', '-0', '1e3', '0x10', ' 5', '5 '),
  fc.integer({ min: -1_000_000, max: 10_000_000 }).map(String),
  fc.double().map(String),
  fc.nat(5000).map((n) => 'a'.repeat(n)),
);
const venueish = fc.oneof(nasty, fc.constantFrom('all', 'kalshi', 'polymarket', 'manifold', 'opinion', 'KALSHI', 'all,kalshi', 'kalshi,,polymarket', 'kalshi,nope'));
const idish = fc.oneof(
  nasty,
  fc.tuple(fc.constantFrom('kalshi', 'polymarket', 'opinion', 'betfair', ''), nasty).map(([v, n]) => `${v}:${n}`),
  fc.constantFrom('kalshi:K1', 'kalshi:NOPE', 'polymarket:0x1', 'kalshi:a:b', 'kalshi:%2F'),
);
const idsList = fc.oneof(fc.array(idish, { maxLength: 5 }), fc.array(fc.constant('kalshi:K1'), { minLength: 99, maxLength: 140 }));

const param = fc.oneof(
  fc.tuple(fc.constant('venue'), venueish),
  fc.tuple(fc.constant('status'), fc.oneof(nasty, fc.constantFrom('open', 'open,closed', 'OPEN', 'void,', 'live'))),
  fc.tuple(fc.constant('sort'), fc.oneof(nasty, fc.constantFrom('volume', 'closeTime', 'newest', 'VOLUME'))),
  fc.tuple(fc.constant('limit'), nasty),
  fc.tuple(fc.constant('depth'), nasty),
  fc.tuple(fc.constant('cursor'), fc.oneof(nasty, fc.base64String(), fc.string({ unit: fc.constantFrom(...'ABCabc012-_') }))),
  fc.tuple(fc.constant('closesBefore'), fc.oneof(nasty, fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), fc.constantFrom('2026-02-30', '2026-13-01T00:00:00Z', '9999-99-99'))),
  fc.tuple(fc.constant('q'), nasty),
  fc.tuple(fc.constant('category'), nasty),
  fc.tuple(fc.constant('ids'), idsList.map((l) => l.join(','))),
  fc.tuple(fc.oneof(nasty, fc.constantFrom('venues', 'Limit', '__proto__', 'constructor')), nasty),
);

const query = fc.array(param, { maxLength: 5 }).map((pairs) => {
  const u = new URLSearchParams();
  for (const [k, v] of pairs) u.append(k, v);
  return u.toString();
});

const pathFor = fc.oneof(
  fc.constant('/v1/markets'),
  fc.constant('/v1/events'),
  fc.constant('/v1/orderbooks'),
  fc.constant('/v1/venues'),
  idish.map((id) => `/v1/markets/${encodeURIComponent(id)}`),
  idish.map((id) => `/v1/markets/${encodeURIComponent(id)}/orderbook`),
  idish.map((id) => `/v1/markets/${encodeURIComponent(id)}/trades`),
  idish.map((id) => `/v1/events/${encodeURIComponent(id)}`),
  nasty.map((s) => `/v1/${encodeURIComponent(s)}`),
);

describe('API fuzz', () => {
  it('never answers a 5xx of its own, and every error is problem+json with a code', async () => {
    const seen = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(pathFor, query, async (path, qs) => {
        const res = await h.app.request(qs === '' ? path : `${path}?${qs}`);
        const text = await res.text();
        seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
        if (res.status >= 500) {
          // Only the venue that is down on purpose may surface, as its own 503.
          const body = JSON.parse(text) as { code?: unknown; venue?: unknown };
          expect({ status: res.status, code: body.code, venue: body.venue }, `${path}?${qs} → ${text.slice(0, 300)}`).toEqual({
            status: 503,
            code: 'venue_unavailable',
            venue: 'polymarket',
          });
        }
        if (res.status >= 400) {
          expect(res.headers.get('content-type')).toBe('application/problem+json');
          const body = JSON.parse(text) as { code?: unknown; status?: unknown; errors?: { name: string }[] };
          expect(typeof body.code).toBe('string');
          expect(body.status).toBe(res.status);
          if (body.code === 'invalid_parameter') expect(body.errors?.length).toBeGreaterThan(0);
        } else {
          expect(res.headers.get('content-type')).toMatch(/^application\/json/);
          JSON.parse(text);
        }
      }),
      { numRuns: 400, seed: 20260501 },
    );
    // The generators reach past validation too, not only the 400 path.
    expect(seen.get(400)).toBeGreaterThan(100);
    expect(seen.get(200)).toBeGreaterThan(5);
    expect(seen.get(404)).toBeGreaterThan(5);
  });

  it('names the offending parameter for single bad values', async () => {
    const bad: [string, fc.Arbitrary<string>][] = [
      ['limit', fc.oneof(fc.integer({ min: 1001 }), fc.integer({ max: 0 })).map(String)],
      ['sort', fc.string({ minLength: 1 }).filter((s) => !['volume', 'closeTime', 'newest'].includes(s.trim()))],
      ['venue', fc.stringMatching(/^[a-z]{3,12}$/).filter((s) => !['all', 'kalshi', 'polymarket', 'manifold', 'opinion'].includes(s))],
    ];
    for (const [name, arb] of bad) {
      await fc.assert(
        fc.asyncProperty(arb, async (value) => {
          const res = await h.app.request(`/v1/markets?${new URLSearchParams({ [name]: value })}`);
          expect(res.status).toBe(400);
          const body = (await res.json()) as { errors: { name: string }[] };
          expect(body.errors.map((e) => e.name)).toContain(name);
        }),
        { numRuns: 40, seed: 7 },
      );
    }
  });
});
