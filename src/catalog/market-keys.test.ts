import { describe, expect, it } from 'vitest';
import { canonicalMs, timeMs } from './market-keys.js';

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
