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

  it('shortens what it can rebuild byte for byte, and keeps the rest as it was', () => {
    const m = makeMarket('kalshi', 'KX-1', {
      closeTime: '2026-03-01T17:00:00.000Z',
      openTime: '2026-01-01T00:00:00Z',
      updatedAt: '2026-02-03T04:05:06.789Z',
      quotedAt: '2026-02-03T04:05:07.000Z',
      tickSize: '0.01',
      tickRanges: [{ start: '0', end: '1', step: '0.01' }],
    });
    const v = JSON.parse(encodeMarket(m, false)) as unknown[];
    const at = (f: (typeof ENCODED_FIELDS)[number]) => v[ENCODED_FIELDS.indexOf(f)];
    expect(at('id')).toBe(0);
    expect(at('closeTime')).toBe(Date.parse('2026-03-01T17:00:00.000Z'));
    expect(at('updatedAt')).toBe(Date.parse('2026-02-03T04:05:06.789Z'));
    expect(v[ENCODED_FIELDS.length]).toEqual([Date.parse('2026-02-03T04:05:07.000Z')]);
    expect(at('tickRanges')).toBe(0);
    // Not in toISOString's form: kept as text, so it prints back as the venue wrote it.
    expect(at('openTime')).toBe('2026-01-01T00:00:00Z');
    expect(JSON.stringify(decodeMarket(encodeMarket(m, false)))).toBe(JSON.stringify(m));

    const other = { ...m, id: 'kalshi:renamed', tickRanges: [{ start: '0', end: '0.1', step: '0.001' }, { start: '0.1', end: '1', step: '0.01' }] };
    const w = JSON.parse(encodeMarket(other, false)) as unknown[];
    expect(w[0]).toBe('kalshi:renamed');
    expect(w[ENCODED_FIELDS.indexOf('tickRanges')]).toEqual(other.tickRanges);
    expect(decodeMarket(encodeMarket(other, false))).toEqual(other);
    const coarse = { ...m, tickRanges: [{ start: '0', end: '1', step: '0.05' }] };
    expect(decodeMarket(encodeMarket(coarse, false))).toEqual(coarse);
    // Ids close to `venue:nativeId` are kept whole.
    for (const id of ['kalshi-KX-1', 'kalshi:KX-2', 'kalshi:KX-10', 'kalsho:KX-1', 'kalshi:XKX-1']) {
      const near = { ...m, id };
      expect((JSON.parse(encodeMarket(near, false)) as unknown[])[0], id).toBe(id);
      expect(decodeMarket(encodeMarket(near, false))).toEqual(near);
    }
  });

  it('reads the expected resolution time as the close time when they are the same text, and on its own otherwise', () => {
    for (const [closeTime, expectedResolutionTime] of [
      ['2026-03-01T17:00:00.000Z', '2026-03-01T17:00:00.000Z'],
      ['2026-03-01T17:00:00Z', '2026-03-01T17:00:00Z'],
      ['2026-03-01T17:00:00.000Z', '2026-03-02T09:30:00.000Z'],
      ['2026-03-01T17:00:00.000Z', '2026-03-02'],
      [null, '2026-03-02T09:30:00.000Z'],
      ['2026-03-01T17:00:00.000Z', null],
      [null, null],
    ] as const) {
      const m = makeMarket('kalshi', 'KX-1', { closeTime, expectedResolutionTime });
      const v = JSON.parse(encodeMarket(m, false)) as unknown[];
      const canonical = expectedResolutionTime !== null && new Date(Date.parse(expectedResolutionTime)).toISOString() === expectedResolutionTime;
      expect(v[ENCODED_FIELDS.indexOf('expectedResolutionTime')], `${closeTime} ${expectedResolutionTime}`).toBe(canonical ? Date.parse(expectedResolutionTime) : expectedResolutionTime);
      expect(JSON.stringify(decodeMarket(encodeMarket(m, false)))).toBe(JSON.stringify(m));
    }
  });

  it('reads the long forms an earlier version wrote', () => {
    const m = makeMarket('manifold', 'abc', { quotedAt: '2026-01-01T00:00:00.000Z' });
    const long = [m.id, ...ENCODED_FIELDS.slice(1).map((f) => m[f]), [m.quotedAt]];
    expect(storedMarket(JSON.parse(JSON.stringify(long)))).toEqual(m);
  });

  it('is smaller than the market JSON with its field names', () => {
    const m = makeMarket('polymarket', '0xabc', { title: 'Bitcoin above 100k', rules: 'Resolves YES if…' });
    expect(encodeMarket(m, false).length).toBeLessThan(JSON.stringify(m).length * 0.75);
  });
});
