/**
 * The index against the brute-force reference (test/support/market-reference.ts) over random
 * queries — filters, sorts, `q`, page sizes, cursors walked to the end — on a small catalog and a
 * larger one, after random changes (new quotes and statuses, new titles, removals), and over both
 * tiers. The benchmark repeats the comparison at 1,000,000 markets.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { referenceIds } from '../../test/support/market-reference.js';
import type { ReferenceQuery } from '../../test/support/market-reference.js';
import { CATEGORIES, DAY_MS, SYNTHETIC_BASE_MS, WORDS, syntheticMarket } from '../../test/support/synthetic-catalog.js';
import { MarketStatusSchema, VENUE_IDS } from '../core/index.js';
import type { Market } from '../core/index.js';
import { MarketIndex } from './market-index.js';
import type { CatalogSort } from './types.js';

const NOW = SYNTHETIC_BASE_MS + 30 * DAY_MS;
const COLD_AFTER = 60 * DAY_MS;

const queryArb: fc.Arbitrary<ReferenceQuery> = fc.record(
  {
    venues: fc.subarray([...VENUE_IDS]),
    status: fc.subarray([...MarketStatusSchema.options], { minLength: 1 }),
    q: fc.array(fc.constantFrom(...WORDS, 'will', 'happen', '2027'), { minLength: 1, maxLength: 2 }).map((w) => w.join(' ')),
    category: fc.constantFrom(...CATEGORIES.map((c) => c.toUpperCase()), 'none-such'),
    closesBefore: fc.integer({ min: -200, max: 900 }).map((d) => new Date(SYNTHETIC_BASE_MS + d * DAY_MS)),
    realMoney: fc.boolean(),
    sort: fc.constantFrom<CatalogSort>('volume', 'closeTime', 'newest'),
  },
  { requiredKeys: ['venues', 'sort'] },
);

/** A catalog of `n` synthetic markets, changed: every 7th re-quoted, every 11th re-titled, every 13th removed. */
function changed(n: number): { index: MarketIndex; markets: Map<string, Market>; tiered: MarketIndex } {
  const markets = new Map<string, Market>();
  const index = new MarketIndex(() => NOW);
  const tiered = new MarketIndex({ now: () => NOW, coldAfterMs: COLD_AFTER });
  const first: Market[] = [];
  for (let i = 0; i < n; i++) first.push(syntheticMarket(i));
  for (const m of first) markets.set(m.id, m);
  index.upsert(first);
  tiered.upsert(first);
  const batch: Market[] = [];
  const gone: string[] = [];
  for (let i = 0; i < n; i++) {
    if (i % 13 === 0) gone.push(syntheticMarket(i).id);
    else if (i % 11 === 0) batch.push({ ...syntheticMarket(i, { revision: 1 }), title: `renamed ${WORDS[i % WORDS.length]} #${i}` });
    else if (i % 7 === 0) batch.push({ ...syntheticMarket(i, { revision: 2 }), status: i % 2 === 0 ? 'paused' : 'resolved' });
  }
  for (const m of batch) markets.set(m.id, m);
  for (const id of gone) markets.delete(id);
  index.upsert(batch);
  index.remove(gone);
  tiered.upsert(batch);
  tiered.remove(gone);
  return { index, markets, tiered };
}

function walk(page: (cursor: string | undefined) => { ids: string[]; nextCursor: string | null }): string[] {
  const out: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 100_000; pages++) {
    const p = page(cursor);
    out.push(...p.ids);
    if (p.nextCursor === null) return out;
    cursor = p.nextCursor;
  }
  throw new Error('the cursor never ended');
}

describe.each([
  { n: 2_000, runs: 150 },
  { n: 40_000, runs: 25 },
])('MarketIndex against the reference at $n markets', ({ n, runs }) => {
  const { index, markets, tiered } = changed(n);

  it('answers random queries, paged to the end, exactly like the reference', () => {
    let nonEmpty = 0;
    fc.assert(
      fc.property(queryArb, fc.integer({ min: 1, max: 300 }), (query, limit) => {
        const want = referenceIds(markets.values(), query, NOW);
        if (want.length > 0) nonEmpty += 1;
        const got = walk((cursor) => {
          const p = index.query({ ...query, limit, cursor });
          expect(p.data.length).toBeLessThanOrEqual(limit);
          return { ids: p.data.map((m) => m.id), nextCursor: p.nextCursor };
        });
        expect(got).toEqual(want);
      }),
      { numRuns: runs, seed: 17 },
    );
    // Random filters often match nothing: enough of them must match something to prove anything.
    expect(nonEmpty).toBeGreaterThan(runs / 10);
  });

  it('answers explicit closed/resolved queries over both tiers like the reference', () => {
    expect(tiered.coldSize).toBeGreaterThan(n / 20);
    fc.assert(
      fc.property(queryArb, fc.constantFrom<('closed' | 'resolved')[]>(['resolved'], ['closed', 'resolved'], ['closed']), fc.integer({ min: 1, max: 300 }), (query, status, limit) => {
        const q = { ...query, status, q: query.q && query.q.includes(' ') ? undefined : query.q };
        const want = referenceIds(markets.values(), q, NOW);
        const got = walk((cursor) => {
          const p = tiered.queryTiered({ ...q, limit, cursor });
          return { ids: p.rows.map((r) => r.id), nextCursor: p.nextCursor };
        });
        expect(got).toEqual(want);
      }),
      { numRuns: Math.ceil(runs / 2), seed: 23 },
    );
  });
});
