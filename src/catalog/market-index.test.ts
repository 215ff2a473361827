import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeEvent, makeMarket } from '../../test/support/memory-adapter.js';
import { syntheticMarkets } from '../../test/support/synthetic-catalog.js';
import { turnCounter } from '../../test/support/turn-counter.js';
import { Decimal } from '../core/index.js';
import type { Market, VenueId } from '../core/index.js';
import { InvalidCursorError } from './cursor.js';
import { EventIndex } from './event-index.js';
import { MarketIndex } from './market-index.js';
import { decimalSortKey } from './market-keys.js';
import type { CatalogSort, MarketQuery } from './types.js';

const ALL: VenueId[] = ['kalshi', 'polymarket', 'manifold', 'opinion'];

function sample(): Market[] {
  return [
    makeMarket('kalshi', 'FED-A', { title: 'Fed cuts rates in April', category: 'Economics', volume: '500', closeTime: '2026-04-30T00:00:00Z', openTime: '2026-01-05T00:00:00Z' }),
    makeMarket('kalshi', 'FED-B', { title: 'Fed holds', question: 'Will the FED hold rates?', category: 'economics', volume: '500', closeTime: '2026-05-30T00:00:00Z', openTime: '2026-01-06T00:00:00Z' }),
    makeMarket('polymarket', '0xabc', { title: 'Bitcoin above 100k', category: 'Crypto', volume: null, volumeNotional: '12345.678901', closeTime: '2026-03-01T00:00:00Z', openTime: '2026-02-01T00:00:00Z' }),
    makeMarket('polymarket', '0xdef', { title: 'Election winner', status: 'closed', category: 'Politics', volume: null, closeTime: null, openTime: null, updatedAt: '2026-03-01T00:00:00Z' }),
    makeMarket('manifold', 'mf1', { title: 'Will it rain in Paris?', category: null, volume: '9.5', closeTime: '2026-06-01T00:00:00Z', openTime: '2025-12-01T00:00:00Z' }),
    makeMarket('opinion', '42', { title: 'ETH flips BTC', status: 'resolved', category: 'crypto', volume: '0', closeTime: '2026-01-15T00:00:00Z', openTime: '2025-11-01T00:00:00Z' }),
  ];
}

/** A clock before every sample's close time: these tests are about filters and paging, not time. */
const BEFORE_ALL = () => Date.parse('2025-06-01T00:00:00Z');

function indexOf(markets: Market[]): MarketIndex {
  const index = new MarketIndex(BEFORE_ALL);
  index.upsert(markets);
  return index;
}

function ids(list: { id: string }[]): string[] {
  return list.map((m) => m.id);
}

function all(index: MarketIndex, query: Omit<MarketQuery, 'limit' | 'cursor'>, limit: number): Market[] {
  const out: Market[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = index.query({ ...query, limit, cursor });
    expect(page.data.length).toBeLessThanOrEqual(limit);
    out.push(...page.data);
    cursor = page.nextCursor ?? undefined;
    pages += 1;
    expect(pages).toBeLessThan(10_000);
  } while (cursor);
  return out;
}

/** Reference order, written independently of the index (exact decimals, null last, id ties). */
function reference(markets: Market[], sort: CatalogSort): string[] {
  const byId = (a: Market, b: Market) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const nullsLast = <T>(a: T | null, b: T | null, cmp: (x: T, y: T) => number) =>
    a === null && b === null ? 0 : a === null ? 1 : b === null ? -1 : cmp(a, b);
  const sorted = [...markets].sort((a, b) => {
    let c: number;
    if (sort === 'volume') {
      c = nullsLast(a.volume, b.volume, (x, y) => Decimal.parse(y).cmp(Decimal.parse(x)));
    } else if (sort === 'closeTime') {
      c = nullsLast(a.closeTime, b.closeTime, (x, y) => Date.parse(x) - Date.parse(y));
    } else {
      c = Date.parse(b.openTime ?? b.updatedAt) - Date.parse(a.openTime ?? a.updatedAt);
    }
    return c !== 0 ? c : byId(a, b);
  });
  return ids(sorted);
}

describe('MarketIndex filters', () => {
  const index = indexOf(sample());
  const base = { venues: ALL, sort: 'volume' as const, limit: 100 };

  it('filters by venue', () => {
    expect(ids(index.query({ ...base, venues: ['kalshi'] }).data).sort()).toEqual(['kalshi:FED-A', 'kalshi:FED-B']);
    expect(index.query({ ...base, venues: ['manifold', 'opinion'] }).data).toHaveLength(2);
  });

  it('filters by status', () => {
    expect(ids(index.query({ ...base, status: ['closed', 'resolved'] }).data).sort()).toEqual(['opinion:42', 'polymarket:0xdef']);
    expect(index.query({ ...base, status: ['open'] }).data).toHaveLength(4);
  });

  it('filters by category, case-insensitively and exactly', () => {
    expect(ids(index.query({ ...base, category: 'ECONOMICS' }).data).sort()).toEqual(['kalshi:FED-A', 'kalshi:FED-B']);
    expect(ids(index.query({ ...base, category: 'crypto' }).data).sort()).toEqual(['opinion:42', 'polymarket:0xabc']);
    expect(index.query({ ...base, category: 'crypt' }).data).toHaveLength(0);
  });

  it('matches q by whole words of title or question, every word, in any order, case-insensitively', () => {
    expect(ids(index.query({ ...base, q: 'fed' }).data).sort()).toEqual(['kalshi:FED-A', 'kalshi:FED-B']);
    // Only FED-B's question has both "hold" and "rates".
    expect(ids(index.query({ ...base, q: 'HOLD RATES' }).data)).toEqual(['kalshi:FED-B']);
    expect(ids(index.query({ ...base, q: 'rates, hold?' }).data)).toEqual(['kalshi:FED-B']);
    expect(ids(index.query({ ...base, q: 'paris' }).data)).toEqual(['manifold:mf1']);
    // Words, not substrings: "rate" is not "rates", "par" is not "paris".
    expect(index.query({ ...base, q: 'rate' }).data).toHaveLength(0);
    expect(index.query({ ...base, q: 'par' }).data).toHaveLength(0);
    expect(index.query({ ...base, q: 'nothing like this' }).data).toHaveLength(0);
    expect(index.query({ ...base, q: '?!' }).data).toHaveLength(0);
  });

  it('searches the new words of a market whose title changed, and not the old ones', () => {
    const local = indexOf(sample());
    const [a] = sample();
    local.upsert([{ ...a!, title: 'Central bank pivots' }]);
    expect(ids(local.query({ ...base, q: 'pivots' }).data)).toEqual(['kalshi:FED-A']);
    expect(ids(local.query({ ...base, q: 'cuts' }).data)).toEqual([]);
    expect(ids(local.query({ ...base, q: 'april' }).data)).toEqual([]);
    // Its question still has "fed".
    expect(ids(local.query({ ...base, q: 'fed' }).data).sort()).toEqual(['kalshi:FED-A', 'kalshi:FED-B']);
    local.remove(['kalshi:FED-B']);
    expect(ids(local.query({ ...base, q: 'fed' }).data)).toEqual(['kalshi:FED-A']);
    expect(local.size).toBe(5);
  });

  it('stays exact across the compaction of many removed and re-titled markets', () => {
    const many = Array.from({ length: 12_000 }, (_, i) => makeMarket('opinion', `M${i}`, { title: `word${i % 7} market ${i}`, volume: String(i % 100) }));
    const local = new MarketIndex(BEFORE_ALL);
    local.upsert(many);
    local.remove(many.filter((_, i) => i % 3 === 0).map((m) => m.id));
    local.upsert(many.filter((_, i) => i % 3 === 1).map((m) => ({ ...m, title: `renamed ${m.title}` })));
    const live = many.filter((_, i) => i % 3 !== 0);
    expect(local.size).toBe(live.length);
    const got = all(local, { venues: ['opinion'], q: 'word3 market', sort: 'volume' }, 500).map((m) => m.id);
    const want = live
      .filter((m) => m.title.startsWith('word3 '))
      .sort((x, y) => Number(y.volume) - Number(x.volume) || (x.id < y.id ? -1 : 1))
      .map((m) => m.id);
    expect(got).toEqual(want);
    expect(ids(local.query({ venues: [], q: 'renamed word3', sort: 'volume', limit: 10_000 }).data).length).toBe(live.filter((m) => m.title.startsWith('word3 ') && Number(m.nativeId.slice(1)) % 3 === 1).length);
  });

  it('filters by closesBefore, excluding markets without a close time', () => {
    const got = index.query({ ...base, closesBefore: new Date('2026-04-30T00:00:00Z') }).data;
    expect(ids(got).sort()).toEqual(['opinion:42', 'polymarket:0xabc']);
  });

  it('combines filters', () => {
    const got = index.query({ ...base, venues: ['kalshi', 'opinion'], category: 'crypto', status: ['resolved'] }).data;
    expect(ids(got)).toEqual(['opinion:42']);
  });
});

describe('MarketIndex sorts', () => {
  const markets = sample();
  const index = indexOf(markets);
  for (const sort of ['volume', 'closeTime', 'newest'] as const) {
    it(`sorts by ${sort} like the reference order`, () => {
      expect(ids(index.query({ venues: ALL, sort, limit: 100 }).data)).toEqual(reference(markets, sort));
    });
  }

  it('orders volume exactly: desc, equal decimals tie by id, unknown last', () => {
    expect(ids(index.query({ venues: ALL, sort: 'volume', limit: 100 }).data)).toEqual([
      'kalshi:FED-A',
      'kalshi:FED-B',
      'manifold:mf1',
      'opinion:42',
      'polymarket:0xabc',
      'polymarket:0xdef',
    ]);
  });

  it('sorts volume by contracts only: a dollar notional, however large, is not a contract count', () => {
    const mixed = indexOf([
      makeMarket('kalshi', 'K-SMALL', { volume: '3', volumeNotional: null }),
      makeMarket('kalshi', 'K-BIG', { volume: '2000', volumeNotional: null }),
      makeMarket('polymarket', '0xnotional', { volume: null, volumeNotional: '99999999.5', volume24hNotional: '12000' }),
      makeMarket('polymarket', '0xboth', { volume: '10.5', volumeNotional: '5.25' }),
    ]);
    const page = mixed.query({ venues: ALL, sort: 'volume', limit: 10 });
    expect(ids(page.data)).toEqual(['kalshi:K-BIG', 'polymarket:0xboth', 'kalshi:K-SMALL', 'polymarket:0xnotional']);
    // Paging through the null tail keeps the order.
    const first = mixed.query({ venues: ALL, sort: 'volume', limit: 3 });
    const rest = mixed.query({ venues: ALL, sort: 'volume', limit: 3, cursor: first.nextCursor ?? undefined });
    expect([...ids(first.data), ...ids(rest.data)]).toEqual(ids(page.data));
    expect(rest.nextCursor).toBeNull();
  });

  it('decimalSortKey orders like Decimal.cmp', () => {
    const decimal = fc
      .tuple(fc.bigInt({ min: 0n, max: 10n ** 20n }), fc.integer({ min: 0, max: 8 }))
      .map(([units, scale]) => Decimal.fromUnits(units, scale).toString());
    fc.assert(
      fc.property(decimal, decimal, (a, b) => {
        const ka = decimalSortKey(a) as string;
        const kb = decimalSortKey(b) as string;
        const byKey = ka < kb ? -1 : ka > kb ? 1 : 0;
        expect(byKey).toBe(Math.sign(Decimal.parse(a).cmp(Decimal.parse(b))));
      }),
    );
    expect(decimalSortKey('-1')).toBeNull();
    expect(decimalSortKey(null)).toBeNull();
  });
});

describe('MarketIndex cursors', () => {
  function many(n: number): Market[] {
    return Array.from({ length: n }, (_, i) =>
      makeMarket(ALL[i % 4] as VenueId, `m${String(i).padStart(4, '0')}`, {
        volume: i % 7 === 0 ? null : `${i % 13}.${i % 3}`,
        closeTime: i % 5 === 0 ? null : new Date(Date.UTC(2026, 0, 1 + (i % 17))).toISOString(),
        openTime: new Date(Date.UTC(2025, 0, 1 + (i % 11))).toISOString(),
        status: i % 3 === 0 ? 'closed' : 'open',
        title: i % 2 === 0 ? `Even market ${i}` : `Odd market ${i}`,
      }),
    );
  }

  for (const sort of ['volume', 'closeTime', 'newest'] as const) {
    it(`pages through every match exactly once, in order (${sort})`, () => {
      const markets = many(300);
      const index = indexOf(markets);
      const got = all(index, { venues: ['kalshi', 'polymarket', 'opinion'], status: ['open'], q: 'even', sort }, 7);
      const expected = reference(
        markets.filter((m) => m.venue !== 'manifold' && m.status === 'open' && m.title.startsWith('Even')),
        sort,
      );
      expect(ids(got)).toEqual(expected);
      expect(expected.length).toBeGreaterThan(20);
    });
  }

  it('returns no cursor on the last page, also when it is exactly full', () => {
    const index = indexOf(many(10));
    const first = index.query({ venues: ALL, sort: 'volume', limit: 10 });
    expect(first.data).toHaveLength(10);
    expect(first.nextCursor).toBeNull();
    const half = index.query({ venues: ALL, sort: 'volume', limit: 5 });
    expect(half.nextCursor).not.toBeNull();
    const rest = index.query({ venues: ALL, sort: 'volume', limit: 5, cursor: half.nextCursor ?? undefined });
    expect(rest.data).toHaveLength(5);
    expect(rest.nextCursor).toBeNull();
  });

  it('stays correct when markets are added and removed between pages', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 }), fc.constantFrom<CatalogSort>('volume', 'closeTime', 'newest'), (seed, sort) => {
        const rng = fc.sample(fc.integer({ min: 0, max: 999 }), { seed, numRuns: 400 });
        let r = 0;
        const next = () => rng[r++ % rng.length] as number;
        const markets = many(120);
        const index = indexOf(markets);
        const removed = new Set<string>();
        const added: Market[] = [];
        const seen: string[] = [];
        let cursor: string | undefined;
        let page = 0;
        do {
          const res = index.query({ venues: ALL, sort, limit: 9, cursor });
          seen.push(...ids(res.data));
          cursor = res.nextCursor ?? undefined;
          // Churn: remove two random originals, add two new ones.
          for (let k = 0; k < 2; k++) {
            const victim = markets[next() % markets.length] as Market;
            removed.add(victim.id);
            index.remove([victim.id]);
            const fresh = makeMarket('kalshi', `new${page}-${k}`, {
              volume: `${next() % 13}.${next() % 3}`,
              closeTime: new Date(Date.UTC(2026, 0, 1 + (next() % 17))).toISOString(),
              openTime: new Date(Date.UTC(2025, 0, 1 + (next() % 11))).toISOString(),
            });
            added.push(fresh);
            index.upsert([fresh]);
          }
          page += 1;
        } while (cursor);
        // Never twice, and every market present from start to end was returned.
        expect(new Set(seen).size).toBe(seen.length);
        for (const m of markets) if (!removed.has(m.id)) expect(seen).toContain(m.id);
        // Whatever was returned respects the order.
        const order = reference([...markets, ...added].filter((m) => seen.includes(m.id)), sort);
        expect(seen).toEqual(order);
      }),
      { numRuns: 30 },
    );
  });

  it('rejects garbage and foreign cursors with InvalidCursorError', () => {
    const index = indexOf(many(30));
    const page = index.query({ venues: ALL, sort: 'volume', limit: 5 });
    const cursor = page.nextCursor as string;
    const bad = [
      'not a cursor!',
      'AAAA',
      Buffer.from('{"f":1}').toString('base64url'),
      Buffer.from('[1,2,3]').toString('base64url'),
      Buffer.from(JSON.stringify({ f: 'x', k: null, i: 'kalshi:m0001' })).toString('base64url'),
    ];
    for (const c of bad) expect(() => index.query({ venues: ALL, sort: 'volume', limit: 5, cursor: c })).toThrow(InvalidCursorError);
    // Same cursor, different sort or filter: rejected.
    expect(() => index.query({ venues: ALL, sort: 'closeTime', limit: 5, cursor })).toThrow(InvalidCursorError);
    expect(() => index.query({ venues: ['kalshi'], sort: 'volume', limit: 5, cursor })).toThrow(InvalidCursorError);
    expect(() => index.query({ venues: ALL, q: 'x', sort: 'volume', limit: 5, cursor })).toThrow(/different query/);
    // Another limit, or the venues in another order, is the same query.
    expect(index.query({ venues: ALL, sort: 'volume', limit: 3, cursor }).data).toHaveLength(3);
    expect(index.query({ venues: [...ALL].reverse(), sort: 'volume', limit: 3, cursor }).data).toHaveLength(3);
    try {
      index.query({ venues: ALL, sort: 'volume', limit: 5, cursor: 'garbage' });
    } catch (err) {
      expect((err as Error).name).toBe('InvalidCursorError');
      expect((err as InvalidCursorError).code).toBe('invalid_cursor');
    }
  });

  it('keeps per-venue counts across upserts and removals', () => {
    const index = new MarketIndex();
    const a = makeMarket('kalshi', 'A');
    index.upsert([a, a, makeMarket('kalshi', 'B'), makeMarket('opinion', '1')]);
    index.upsert([{ ...a, title: 'changed' }]);
    expect(index.countOf('kalshi')).toBe(2);
    expect(index.get('kalshi:A')?.title).toBe('changed');
    expect(index.remove(['kalshi:A', 'kalshi:A', 'kalshi:nope'])).toBe(1);
    expect(index.countOf('kalshi')).toBe(1);
    expect(index.countOf('opinion')).toBe(1);
    expect(index.countOf('manifold')).toBe(0);
  });
});

  it('names the markets of a venue that a walk did not list, in both tiers, whatever moved meanwhile', () => {
    const now = Date.parse('2026-06-01T00:00:00Z');
    const index = new MarketIndex({ now: () => now, coldAfterMs: 86_400_000 });
    const old = { status: 'resolved' as const, closeTime: '2026-01-01T00:00:00Z' };
    const first = index.startWalk();
    index.upsert(
      [makeMarket('kalshi', 'A'), makeMarket('kalshi', 'B'), makeMarket('kalshi', 'C', old), makeMarket('kalshi', 'D', old), makeMarket('opinion', '1')],
      first,
    );
    expect(index.unlistedBy('kalshi', first)).toEqual([]);
    const second = index.startWalk();
    expect(second).not.toBe(first);
    // A re-titled (moved to a new slot), B left out, C moved from the cold tier to the hot one, D left out.
    index.upsert([makeMarket('kalshi', 'A', { title: 'renamed' }), makeMarket('kalshi', 'C')], second);
    // Upserts outside a walk do not count as listed by it.
    index.upsert([makeMarket('kalshi', 'E')]);
    expect(index.coldCountOf('kalshi')).toBe(1);
    expect(index.unlistedBy('kalshi', second).sort()).toEqual(['kalshi:B', 'kalshi:D', 'kalshi:E']);
    expect(index.unlistedBy('opinion', second)).toEqual(['opinion:1']);
    expect(index.unlistedBy('opinion', first)).toEqual([]);
  });

describe('EventIndex', () => {
  const events = [
    makeEvent('kalshi', 'E1', { title: 'Fed decision', closeTime: '2026-03-01T00:00:00Z', category: 'Economics' }),
    makeEvent('kalshi', 'E2', { title: 'CPI', subtitle: 'Inflation print', closeTime: null }),
    makeEvent('polymarket', 'p1', { title: 'Election', closeTime: '2026-02-01T00:00:00Z' }),
    makeEvent('opinion', 'o1', { title: 'Rates', closeTime: '2026-02-01T00:00:00Z', category: 'economics' }),
  ];
  const index = new EventIndex();
  index.upsert(events);

  it('sorts by close time (unknown last) by default, or by id', () => {
    expect(ids(index.query({ venues: ALL, limit: 10 }).data)).toEqual(['opinion:o1', 'polymarket:p1', 'kalshi:E1', 'kalshi:E2']);
    expect(ids(index.query({ venues: ALL, sort: 'id', limit: 10 }).data)).toEqual(['kalshi:E1', 'kalshi:E2', 'opinion:o1', 'polymarket:p1']);
  });

  it('filters by venue, category and q over title and subtitle', () => {
    expect(ids(index.query({ venues: ['kalshi'], limit: 10 }).data)).toEqual(['kalshi:E1', 'kalshi:E2']);
    expect(ids(index.query({ venues: ALL, category: 'ECONOMICS', limit: 10 }).data)).toEqual(['opinion:o1', 'kalshi:E1']);
    expect(ids(index.query({ venues: ALL, q: 'inflation', limit: 10 }).data)).toEqual(['kalshi:E2']);
  });

  it('pages with cursors and rejects a foreign one', () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = index.query({ venues: ALL, limit: 1, cursor });
      seen.push(...ids(page.data));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(['opinion:o1', 'polymarket:p1', 'kalshi:E1', 'kalshi:E2']);
    const first = index.query({ venues: ALL, limit: 1 }).nextCursor as string;
    expect(() => index.query({ venues: ALL, sort: 'id', limit: 1, cursor: first })).toThrow(InvalidCursorError);
    const market = indexOf(sample()).query({ venues: ALL, sort: 'closeTime', limit: 1 }).nextCursor as string;
    expect(() => index.query({ venues: ALL, limit: 1, cursor: market })).toThrow(InvalidCursorError);
  });
});

describe('status by the clock', () => {
  it('an open market turns closed in answers once its close time passes, without a new sync', () => {
    let now = Date.parse('2026-05-01T00:00:00Z');
    const index = new MarketIndex(() => now);
    const events = new EventIndex((id) => index.summary(id), () => now);
    index.onUpsert((ms) => events.refreshFor(ms));
    events.upsert([makeEvent('kalshi', 'E', { marketIds: ['kalshi:M'] })]);
    index.upsert([makeMarket('kalshi', 'M', { eventId: 'kalshi:E', status: 'open', closeTime: '2026-05-01T12:00:00.000Z', volume: '7' })]);
    const open = (q: Partial<MarketQuery> = {}) => index.query({ venues: [], sort: 'volume', limit: 10, status: ['open'], ...q });
    expect(ids(open().data)).toEqual(['kalshi:M']);
    expect(index.get('kalshi:M')?.status).toBe('open');
    expect(ids(events.query({ venues: [], status: ['open'], limit: 10 }).data)).toEqual(['kalshi:E']);
    now = Date.parse('2026-05-01T12:00:00Z');
    expect(open().data).toEqual([]);
    expect(index.get('kalshi:M')?.status).toBe('closed');
    expect(index.stored('kalshi:M')?.status).toBe('open');
    expect(ids(index.query({ venues: [], sort: 'volume', limit: 10, status: ['closed'] }).data)).toEqual(['kalshi:M']);
    expect(events.query({ venues: [], status: ['open'], limit: 10 }).total).toBe(0);
    // The same served object each time (page bodies are cached by object identity).
    expect(index.get('kalshi:M')).toBe(index.get('kalshi:M'));
  });
});

describe('settling in turns', () => {
  it('settles the views one per turn of the event loop, into the reference order', async () => {
    const markets = syntheticMarkets(0, 6_000);
    const index = new MarketIndex(BEFORE_ALL);
    // Pages of 1,000: the views fall due together at the fifth, and each page merges one of them.
    for (let i = 0; i < markets.length; i += 1_000) index.upsert(markets.slice(i, i + 1_000));
    const turns = turnCounter();
    await index.settleInTurns();
    turns.stop();
    expect(turns.now()).toBeGreaterThanOrEqual(2);
    for (const sort of ['volume', 'closeTime', 'newest'] as const) {
      expect(ids(all(index, { venues: [], sort }, 500))).toEqual(reference(markets, sort));
    }
  });
});
