import { describe, expect, it } from 'vitest';
import { makeMarket } from '../../test/support/memory-fixtures.js';
import { MarketSchema } from '../core/index.js';
import { ENCODED_FIELDS, decodeMarket, encodeMarket, storedMarket } from './market-codec.js';

describe('market codec', () => {
  it('encodes every field of the model, in its order (a new field fails here until it is encoded)', () => {
    expect([...ENCODED_FIELDS, 'quotedAt', 'raw']).toEqual(Object.keys(MarketSchema.shape));
  });

  it('round-trips a market, optional fields absent or present, and drops raw unless kept', () => {
    const bare = makeMarket('kalshi', 'A', { title: 'Fed "cuts"', question: 'Will it?\nYes', volume: null, extra: { n: 1, s: 'x', b: true, z: null } });
    expect(bare.quotedAt).toBeUndefined();
    expect(decodeMarket(encodeMarket(bare, false))).toEqual(bare);
    expect('quotedAt' in decodeMarket(encodeMarket(bare, false))).toBe(false);
    const full = { ...bare, quotedAt: null, raw: { ticker: 'A', nested: [1, 2] } };
    expect(decodeMarket(encodeMarket(full, true))).toEqual(full);
    const dropped = decodeMarket(encodeMarket(full, false));
    expect('raw' in dropped).toBe(false);
    expect(dropped.quotedAt).toBeNull();
    const quoted = { ...bare, quotedAt: '2026-01-01T00:00:00.000Z' };
    expect(decodeMarket(encodeMarket(quoted, true))).toEqual(quoted);
  });

  it('reads both the compact form and a whole market object from the store', () => {
    const m = makeMarket('opinion', '7', { quotedAt: '2026-01-01T00:00:00.000Z' });
    expect(MarketSchema.parse(storedMarket(JSON.parse(encodeMarket(m, false))))).toEqual(m);
    expect(storedMarket(JSON.parse(JSON.stringify(m)))).toEqual(m);
    expect(MarketSchema.safeParse(storedMarket([1, 2, 3])).success).toBe(false);
  });

  it('is smaller than the market JSON with its field names', () => {
    const m = makeMarket('polymarket', '0xabc', { title: 'Bitcoin above 100k', rules: 'Resolves YES if…' });
    expect(encodeMarket(m, false).length).toBeLessThan(JSON.stringify(m).length * 0.75);
  });
});
