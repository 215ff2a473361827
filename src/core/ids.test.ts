import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatId, IdError, parseId, tryParseId, VENUE_IDS } from './ids.js';

describe('venue:nativeId ids', () => {
  it('formats and parses real venue ids', () => {
    expect(formatId('kalshi', 'KXFED-27APR-T4.25')).toBe('kalshi:KXFED-27APR-T4.25');
    expect(parseId('kalshi:KXFED-27APR-T4.25')).toEqual({ venue: 'kalshi', nativeId: 'KXFED-27APR-T4.25' });
    const cid = '0x' + 'ab'.repeat(32);
    expect(parseId(`polymarket:${cid}`)).toEqual({ venue: 'polymarket', nativeId: cid });
    expect(parseId('manifold:abc123:def456')).toEqual({ venue: 'manifold', nativeId: 'abc123:def456' });
  });

  it.each(['', 'kalshi', ':abc', 'nasdaq:ABC', 'kalshi:', 'kalshi:a b', 'kalshi:a/b', 'kalshi:a?b', 'kalshi:%41', 'kalshi:.', 'kalshi:..'])(
    'rejects %j',
    (id) => {
      expect(() => parseId(id)).toThrow(IdError);
      expect(tryParseId(id)).toBeNull();
    },
  );

  it('rejects a native id that repeats a venue prefix (kalshi:kalshi:X is not kalshi:X)', () => {
    expect(() => parseId('kalshi:kalshi:KXA')).toThrow(/repeats the venue prefix/);
    expect(() => parseId('kalshi:polymarket:0xabc')).toThrow(IdError);
    expect(() => formatId('manifold', 'manifold:abc')).toThrow(IdError);
    expect(parseId('manifold:abc:def')).toEqual({ venue: 'manifold', nativeId: 'abc:def' });
  });

  it('rejects dot-segment native ids, which would address another venue endpoint', () => {
    expect(() => formatId('kalshi', '..')).toThrow(IdError);
    expect(() => formatId('polymarket', '.')).toThrow(IdError);
    expect(parseId('kalshi:...')).toEqual({ venue: 'kalshi', nativeId: '...' });
    expect(parseId('kalshi:KX..A')).toEqual({ venue: 'kalshi', nativeId: 'KX..A' });
  });

  it('round-trips through a URL path segment', () => {
    const native = fc.stringMatching(/^[A-Za-z0-9._:~@+=-]{1,40}$/).filter((s) => s !== '.' && s !== '..' && !VENUE_IDS.some((v) => s.startsWith(`${v}:`)));
    fc.assert(
      fc.property(fc.constantFrom(...VENUE_IDS), native, (venue, nativeId) => {
        const id = formatId(venue, nativeId);
        const url = new URL(`http://x/v1/markets/${encodeURIComponent(id)}`);
        const segment = decodeURIComponent(url.pathname.split('/')[3] ?? '');
        expect(parseId(segment)).toEqual({ venue, nativeId });
      }),
    );
  });
});
