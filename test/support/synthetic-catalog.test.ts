import { describe, expect, it } from 'vitest';
import { MarketSchema } from '../../src/core/index.js';
import type { Market } from '../../src/core/index.js';
import { BIG_VOLUME_INT, CATEGORIES, DAY_MS, SYNTHETIC_BASE_MS, TIED_VOLUME, WORDS, eachSyntheticMarket, syntheticMarket, syntheticMarkets } from './synthetic-catalog.js';
import { wordsOf } from './market-reference.js';

const SAMPLE = 20_000;
const share = (ms: Market[], f: (m: Market) => boolean) => ms.filter(f).length / ms.length;

describe('synthetic catalog', () => {
  const sample = syntheticMarkets(0, SAMPLE);

  it('generates the same market for the same index and seed, and other markets for another seed', () => {
    for (const i of [0, 1, 7, 4096, 999_999, 12_345_678]) expect(syntheticMarket(i)).toEqual(syntheticMarket(i));
    expect([...eachSyntheticMarket(100, 110)]).toEqual(sample.slice(100, 110));
    const other = syntheticMarkets(0, 200, { seed: 5 });
    expect(other.map((m) => m.id)).toEqual(sample.slice(0, 200).map((m) => m.id));
    expect(other.filter((m, k) => m.title !== sample[k]!.title).length).toBeGreaterThan(150);
  });

  it('produces markets that MarketSchema accepts unchanged, with every field of the schema', () => {
    const fields = Object.keys(MarketSchema.shape).filter((k) => k !== 'raw').sort();
    for (let k = 0; k < SAMPLE; k += 7) {
      const m = sample[k]!;
      expect(MarketSchema.parse(m)).toEqual(m);
      expect(Object.keys(m).sort()).toEqual(fields);
    }
  });

  it('gives every market a distinct id, its venue in turn, and a title ending in #i', () => {
    expect(new Set(sample.map((m) => m.id)).size).toBe(SAMPLE);
    sample.slice(0, 8).forEach((m, i) => {
      expect(m.id).toBe(`${m.venue}:${m.nativeId}`);
      expect(m.venue).toBe(['kalshi', 'polymarket', 'manifold', 'opinion'][i % 4]);
      expect(m.title.endsWith(` #${i}`)).toBe(true);
    });
  });

  it('has volumes with ties, nulls and decimals a double cannot hold exactly', () => {
    expect(share(sample, (m) => m.volume === null)).toBeGreaterThan(0.03);
    expect(share(sample, (m) => m.volume === null)).toBeLessThan(0.07);
    expect(sample.filter((m) => m.volume === TIED_VOLUME).length).toBeGreaterThan(500);
    const big = sample.filter((m) => m.volume?.startsWith(`${BIG_VOLUME_INT}.`));
    expect(big.length).toBeGreaterThan(100);
    // Distinct decimals that are one double: only an exact comparison orders them.
    expect(new Set(big.map((m) => m.volume)).size).toBeGreaterThan(5);
    expect(new Set(big.map((m) => Number(m.volume))).size).toBe(1);
    expect(sample.some((m) => m.volume !== null && m.volume.includes('.') && !m.volume.startsWith(BIG_VOLUME_INT))).toBe(true);
  });

  it('has unknown, past and future close times, and about 10% resolved long ago', () => {
    expect(share(sample, (m) => m.closeTime === null)).toBeGreaterThan(0.03);
    expect(sample.some((m) => m.closeTime !== null && Date.parse(m.closeTime) < SYNTHETIC_BASE_MS && m.status === 'open')).toBe(true);
    expect(sample.some((m) => m.closeTime !== null && Date.parse(m.closeTime) > SYNTHETIC_BASE_MS + 365 * DAY_MS)).toBe(true);
    const oldResolved = share(sample, (m) => m.status === 'resolved' && m.closeTime !== null && Date.parse(m.closeTime) <= SYNTHETIC_BASE_MS - 400 * DAY_MS);
    expect(oldResolved).toBeGreaterThan(0.08);
    expect(oldResolved).toBeLessThan(0.12);
    expect(share(syntheticMarkets(0, 2000, { oldResolvedShare: 0 }), (m) => m.closeTime !== null && Date.parse(m.closeTime) < SYNTHETIC_BASE_MS - 200 * DAY_MS)).toBe(0);
    expect(sample.filter((m) => m.status === 'resolved').every((m) => m.result === 'yes' || m.result === 'no')).toBe(true);
    expect(sample.filter((m) => m.status !== 'resolved').every((m) => m.result === null)).toBe(true);
  });

  it('has every status but void, categories including none, and play money on manifold only', () => {
    expect(new Set(sample.map((m) => m.status))).toEqual(new Set(['open', 'closed', 'resolved', 'upcoming', 'paused']));
    expect(share(sample, (m) => m.status === 'open')).toBeGreaterThan(0.3);
    expect(new Set(sample.map((m) => m.category))).toEqual(new Set([...CATEGORIES, null]));
    for (const m of sample.slice(0, 400)) {
      expect(m.realMoney).toBe(m.venue !== 'manifold');
      if (m.venue === 'manifold') expect(m.currency).toBe('MANA');
    }
  });

  it('builds titles and questions from the small vocabulary plus #i', () => {
    const vocabulary = new Set<string>([...WORDS, 'will', 'happen', 'by', '2026', '2027', '2028']);
    sample.slice(0, 500).forEach((m, i) => {
      const words = wordsOf(`${m.title}\n${m.question}`);
      expect(words.filter((w) => !vocabulary.has(w))).toEqual([String(i)]);
    });
    // Every vocabulary word is common: word queries have many answers.
    for (const w of WORDS) expect(sample.filter((m) => wordsOf(m.title).includes(w)).length).toBeGreaterThan(SAMPLE / 20);
  });

  it('a revision moves updatedAt and the quotes, not the identity', () => {
    const m = syntheticMarket(42);
    const next = syntheticMarket(42, { revision: 1 });
    expect(next.id).toBe(m.id);
    expect(next.title).toBe(m.title);
    expect(Date.parse(next.updatedAt) - Date.parse(m.updatedAt)).toBe(1000);
    expect(next.bestBid).not.toBe(m.bestBid);
    expect(MarketSchema.parse(next)).toEqual(next);
  });
});
