import { describe, expect, it } from 'vitest';
import type { Market } from '../../src/core/index.js';
import { allPages, compareDecimals, referenceIds, servedStatus, wordsOf } from './market-reference.js';
import type { ReferenceQuery } from './market-reference.js';
import { makeMarket } from './memory-fixtures.js';
import { LABELLED_MARKETS, LABELLED_QUERIES, searchQuality } from './search-labelled.js';

const NOW = Date.parse('2026-07-01T00:00:00Z');
const ids = (ms: Market[]) => ms.map((m) => m.id);

describe('wordsOf', () => {
  it('splits runs of letters and digits and lowercases them', () => {
    expect(wordsOf('Fed cuts rates, in MARCH? #12 $3,000')).toEqual(['fed', 'cuts', 'rates', 'in', 'march', '12', '3', '000']);
    expect(wordsOf('Zürich–São Paulo 東京2026')).toEqual(['zürich', 'são', 'paulo', '東京2026']);
    expect(wordsOf(' ?! ')).toEqual([]);
  });
});

describe('compareDecimals', () => {
  it('orders decimals exactly, even those one double cannot tell apart', () => {
    expect(Number('9007199254740993.1')).toBe(Number('9007199254740993.2'));
    expect(compareDecimals('9007199254740993.1', '9007199254740993.2')).toBe(-1);
    expect(compareDecimals('9007199254740993', '9007199254740992.9')).toBe(1);
    expect(compareDecimals('10', '9.99')).toBe(1);
    expect(compareDecimals('0.5', '0.50')).toBe(0);
    expect(compareDecimals('007', '7.0')).toBe(0);
    expect(compareDecimals('0.05', '0.5')).toBe(-1);
    expect(compareDecimals('-1', '2')).toBeNull();
    expect(compareDecimals('1e3', '2')).toBeNull();
  });
});

describe('referenceIds', () => {
  const m = (native: string, o: Partial<Market>) => makeMarket('kalshi', native, o);

  it('sorts by volume descending with exact decimals, unknown and unparseable last, ties by id', () => {
    const ms = [
      m('A', { volume: '9007199254740993.1' }),
      m('B', { volume: null }),
      m('C', { volume: '9007199254740993.2' }),
      m('D', { volume: '1000' }),
      m('E', { volume: '1000' }),
      m('F', { volume: 'n/a' }),
      m('G', { volume: '999.99' }),
    ];
    expect(referenceIds(ms, { venues: [], sort: 'volume' }, NOW)).toEqual(['kalshi:C', 'kalshi:A', 'kalshi:D', 'kalshi:E', 'kalshi:G', 'kalshi:B', 'kalshi:F']);
  });

  it('sorts by close time ascending (unknown last) and newest by openTime, else updatedAt', () => {
    const ms = [
      m('A', { closeTime: '2026-09-01T00:00:00Z', openTime: null, updatedAt: '2026-05-01T00:00:00Z' }),
      m('B', { closeTime: null, openTime: '2026-03-01T00:00:00Z' }),
      m('C', { closeTime: '2026-08-01T00:00:00.000Z', openTime: '2026-04-01T00:00:00Z' }),
      m('D', { closeTime: '2026-08-01T02:00:00+02:00', openTime: '2026-04-01T00:00:00Z' }),
    ];
    expect(referenceIds(ms, { venues: [], sort: 'closeTime' }, NOW)).toEqual(['kalshi:C', 'kalshi:D', 'kalshi:A', 'kalshi:B']);
    expect(referenceIds(ms, { venues: [], sort: 'newest' }, NOW)).toEqual(['kalshi:A', 'kalshi:C', 'kalshi:D', 'kalshi:B']);
  });

  it('filters by served status: open past its close time is closed', () => {
    const past = m('P', { status: 'open', closeTime: '2026-06-30T00:00:00Z' });
    const atNow = m('N', { status: 'open', closeTime: new Date(NOW).toISOString() });
    const live = m('L', { status: 'open', closeTime: null });
    const paused = m('Z', { status: 'paused', closeTime: '2026-01-01T00:00:00Z' });
    expect(servedStatus(past, NOW)).toBe('closed');
    expect(referenceIds([past, atNow, live, paused], { venues: [], status: ['open'], sort: 'volume' }, NOW)).toEqual(['kalshi:L']);
    expect(referenceIds([past, atNow, live, paused], { venues: [], status: ['closed', 'paused'], sort: 'volume' }, NOW)).toEqual(['kalshi:N', 'kalshi:P', 'kalshi:Z']);
  });

  it('filters by venues, category (any case), closesBefore (strict, known) and money', () => {
    const ms = [
      makeMarket('manifold', 'M', { category: 'Crypto', closeTime: '2026-08-01T00:00:00Z' }),
      makeMarket('kalshi', 'K', { category: 'CRYPTO', closeTime: '2026-07-15T00:00:00Z' }),
      makeMarket('opinion', 'O', { category: null, closeTime: null }),
      makeMarket('polymarket', 'P', { category: 'Crypto Prices', closeTime: '2026-07-02T00:00:00Z' }),
    ];
    const q: ReferenceQuery = { venues: [], sort: 'closeTime' };
    expect(referenceIds(ms, { ...q, category: 'crypto' }, NOW)).toEqual(['kalshi:K', 'manifold:M']);
    expect(referenceIds(ms, { ...q, venues: ['opinion', 'manifold'] }, NOW)).toEqual(['manifold:M', 'opinion:O']);
    expect(referenceIds(ms, { ...q, closesBefore: new Date('2026-08-01T00:00:00Z') }, NOW)).toEqual(['polymarket:P', 'kalshi:K']);
    expect(referenceIds(ms, { ...q, realMoney: false }, NOW)).toEqual(['manifold:M']);
    expect(referenceIds(ms, { ...q, realMoney: true }, NOW)).toEqual(['polymarket:P', 'kalshi:K', 'opinion:O']);
  });

  it('matches q by whole words, all of them, over title and question', () => {
    const ms = [
      m('A', { title: 'Fed cuts rates', question: 'Will the Fed cut?' }),
      m('B', { title: 'Federal rate', question: 'Will the rate fall?' }),
      m('C', { title: 'Rate cut #12', question: 'cut' }),
    ];
    const q = (text: string) => referenceIds(ms, { venues: [], q: text, sort: 'volume' }, NOW);
    expect(q('fed')).toEqual(['kalshi:A']);
    expect(q('RATE, cut')).toEqual(['kalshi:C']);
    expect(q('rate')).toEqual(['kalshi:B', 'kalshi:C']);
    expect(q('cut will')).toEqual(['kalshi:A']);
    expect(q('12')).toEqual(['kalshi:C']);
    expect(q('fe')).toEqual([]);
    expect(q('')).toEqual([]);
    expect(q('?!')).toEqual([]);
  });

  it('reads a generator once and walks an index by its cursors', () => {
    const ms = Array.from({ length: 25 }, (_, k) => m(`X${String(k).padStart(2, '0')}`, {}));
    const gen = function* () {
      yield* ms;
    };
    expect(referenceIds(gen(), { venues: [], sort: 'volume' }, NOW)).toEqual(ids(ms));
    const pageOf = (cursor: string | undefined) => {
      const from = cursor === undefined ? 0 : Number(cursor);
      return { data: ms.slice(from, from + 10), nextCursor: from + 10 < ms.length ? String(from + 10) : null };
    };
    expect(allPages(pageOf)).toEqual(ids(ms));
    expect(() => allPages(() => ({ data: [], nextCursor: 'same' }), 5)).toThrow(/does not advance/);
  });
});

describe('labelled search set', () => {
  it('labels only markets of the set', () => {
    const known = new Set(ids(LABELLED_MARKETS));
    for (const { relevant } of LABELLED_QUERIES) for (const id of relevant) expect(known).toContain(id);
  });

  it('scores whole-word search: every answer relevant, the relevant markets without the word missed', () => {
    const reference = searchQuality((q) => referenceIds(LABELLED_MARKETS, { venues: [], q, sort: 'volume' }, NOW));
    expect(reference.precision).toBe(1);
    // 31 relevant pairs; whole words miss "rates" → ECB-CUT and the four "crypto" markets.
    expect(reference.recall).toBeCloseTo(26 / 31, 10);
    expect(searchQuality(() => []).recall).toBe(0);
    expect(searchQuality(() => ids(LABELLED_MARKETS)).precision).toBeCloseTo(31 / (LABELLED_QUERIES.length * LABELLED_MARKETS.length), 10);
  });
});
