import { describe, expect, it } from 'vitest';
import { VENUE_IDS } from '../core/index.js';
import { CANONICAL_CLOSE, CANONICAL_OPEN, CANONICAL_QUOTED, CANONICAL_UPDATED, canonicalMs, idOrderKey, timeMs, timesOf } from './market-keys.js';

describe('canonicalMs', () => {
  it('reads every toISOString text back to its instant', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const lo = Date.UTC(100, 0, 1);
    const hi = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
    const instants = [lo, hi, Date.UTC(2000, 1, 29), Date.UTC(2024, 1, 29, 12), Date.UTC(1970, 0, 1), -1];
    for (let i = 0; i < 20_000; i++) instants.push(Math.floor(lo + next() * (hi - lo)));
    for (const ms of instants) {
      const iso = new Date(ms).toISOString();
      expect(canonicalMs(iso)).toBe(ms);
      expect(timeMs(iso)).toBe(ms);
    }
  });

  it('refuses any other text, which timeMs leaves to Date.parse', () => {
    const others = [
      '2026-01-01T00:00:00Z',
      '2026-01-01T00:00:00.000+00:00',
      '2026-13-01T00:00:00.000Z',
      '2026-00-10T00:00:00.000Z',
      '2026-04-31T00:00:00.000Z',
      '2026-02-29T00:00:00.000Z',
      '1900-02-29T00:00:00.000Z',
      '2026-01-01T24:00:00.000Z',
      '2026-01-01T00:60:00.000Z',
      '2026-01-01T00:00:60.000Z',
      '2026-01-01 00:00:00.000Z',
      '2026/01/01T00:00:00.000Z',
      '2026-01-01T00:00:00.0a0Z',
      '0050-01-01T00:00:00.000Z',
      '+02026-01-01T00:00:00.000',
    ];
    for (const iso of others) {
      expect(canonicalMs(iso), iso).toBeNaN();
      expect(Object.is(timeMs(iso), Date.parse(iso)), iso).toBe(true);
    }
    expect(timeMs(null)).toBeNaN();
  });
});

describe('idOrderKey', () => {
  it('orders ids as their strings do whenever two keys differ', () => {
    let seed = 11;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const alphabet = ['A', 'B', 'a', '0', '9', '-', ':', '.', '\u0000', '\u00ff', '\u0100', 'é', '😀', 'Z'];
    const word = () => Array.from({ length: Math.floor(next() * 10) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
    const ids: { id: string; venue: string }[] = [];
    for (let i = 0; i < 3000; i++) {
      const venue = VENUE_IDS[Math.floor(next() * VENUE_IDS.length)] as string;
      const r = next();
      // Mostly venue:nativeId, sharing prefixes; some ids of another form or another venue's.
      const id = r < 0.8 ? `${venue}:${next() < 0.5 ? 'KX-' : ''}${word()}` : r < 0.9 ? `${VENUE_IDS[0]}:${word()}` : word();
      ids.push({ id, venue });
    }
    ids.push({ id: 'kalshi:', venue: 'kalshi' }, { id: 'kalshi:A', venue: 'kalshi' }, { id: 'kalshi:A\u0001', venue: 'kalshi' });
    let decided = 0;
    for (let i = 0; i < ids.length; i++) {
      for (let j = i + 1; j < Math.min(ids.length, i + 40); j++) {
        const a = ids[i]!;
        const b = ids[j]!;
        const x = idOrderKey(a.id, a.venue);
        const y = idOrderKey(b.id, b.venue);
        if (x !== x || y !== y || x === y) continue;
        decided += 1;
        expect(Math.sign(x - y), `${JSON.stringify(a.id)} vs ${JSON.stringify(b.id)}`).toBe(a.id < b.id ? -1 : 1);
      }
    }
    expect(decided).toBeGreaterThan(10_000);
  });

  it('knows nothing of ids that are not venue:nativeId of their venue', () => {
    expect(idOrderKey('polymarket:0xabc', 'kalshi')).toBeNaN();
    expect(idOrderKey('kalshi-KX', 'kalshi')).toBeNaN();
    expect(idOrderKey('kalshi:K\u20acX', 'kalshi')).toBeNaN();
    expect(idOrderKey('kalshi:KXBTCD-25DEC31', 'kalshi')).toBe(idOrderKey('kalshi:KXBTCD-26JAN01', 'kalshi'));
  });
});

describe('timesOf', () => {
  it('reads each time as timeMs does, and marks the ones printed as toISOString prints them', () => {
    const t = timesOf({ openTime: '2026-01-05T00:00:00.000Z', closeTime: '2026-04-30T00:00:00Z', updatedAt: '2026-03-01T10:00:00.000Z', quotedAt: '2026-03-01T10:00:00.500+00:00' });
    expect(t.open).toBe(timeMs('2026-01-05T00:00:00.000Z'));
    expect(t.close).toBe(Date.parse('2026-04-30T00:00:00Z'));
    expect(t.updated).toBe(Date.UTC(2026, 2, 1, 10));
    expect(t.quoted).toBe(Date.UTC(2026, 2, 1, 10, 0, 0, 500));
    expect(t.canonical).toBe(CANONICAL_OPEN | CANONICAL_UPDATED);
  });

  it('gives NaN, unmarked, for a time that is absent or unreadable', () => {
    const t = timesOf({ openTime: null, closeTime: 'soon', updatedAt: '2026-03-01T10:00:00.000Z' });
    expect(t.open).toBeNaN();
    expect(t.close).toBeNaN();
    expect(t.quoted).toBeNaN();
    expect(t.canonical & (CANONICAL_OPEN | CANONICAL_CLOSE | CANONICAL_QUOTED)).toBe(0);
    expect(timesOf({ openTime: null, closeTime: null, updatedAt: 'x', quotedAt: null }).updated).toBeNaN();
  });
});
