import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BadRequest } from '../../src/core/index.js';
import { advance, decodeCursor, encodeCursor, isTimeCursor, requestLimit, type AnchorMode, type TimeCursor } from './client-paging.js';

/**
 * The paging of "strictly before" listings, against a model of the venue: rows sorted newest first
 * (ties in any order), `before` = a row id or `beforeTime`, and `limit`.
 */

interface Row {
  id: string;
  t: number;
}

function venue(rows: Row[], mode: AnchorMode) {
  const sorted = [...rows].sort((a, b) => b.t - a.t || (a.id < b.id ? -1 : 1));
  return (cursor: TimeCursor | undefined, limit: number): Row[] => {
    let out = sorted;
    if (mode === 'id' && cursor?.b !== undefined) {
      const t = sorted.find((r) => r.id === cursor.b)!.t;
      out = out.filter((r) => r.t < t);
    }
    if (mode === 'time' && cursor?.t !== undefined) out = out.filter((r) => r.t < (cursor.t as number));
    return out.slice(0, limit);
  };
}

function walk(rows: Row[], mode: AnchorMode, pageSize: number, max: number): { ids: string[]; stuck: number } {
  const fetch = venue(rows, mode);
  const ids: string[] = [];
  let cursor: TimeCursor | undefined;
  let stuck = 0;
  for (let pages = 0; pages < 10_000; pages++) {
    const limit = requestLimit(cursor, pageSize, max);
    const page = fetch(cursor, limit);
    const given = new Set(cursor?.s ?? []);
    ids.push(...page.filter((r) => !given.has(r.id)).map((r) => r.id));
    const r = advance(page, cursor, limit, (x) => x.t, (x) => x.id, mode);
    if (r.stuck) stuck += 1;
    if (!r.next) return { ids, stuck };
    // Cursors survive a round trip through their opaque form.
    cursor = decodeCursor<TimeCursor>(encodeCursor(r.next), isTimeCursor);
  }
  throw new Error('the listing did not end');
}

const rowsArb = fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 0, maxLength: 120 }).map((ts) => ts.map((t, i) => ({ id: `r${i}`, t })));

describe('paging a strictly-before listing', () => {
  for (const mode of ['id', 'time'] as const) {
    it(`${mode} cursor: every row exactly once whatever the ties, while a tie group fits the largest page`, () => {
      fc.assert(
        fc.property(rowsArb, fc.integer({ min: 1, max: 7 }), (rows, pageSize) => {
          const { ids, stuck } = walk(rows, mode, pageSize, 1000);
          expect(stuck).toBe(0);
          expect([...ids].sort()).toEqual(rows.map((r) => r.id).sort());
        }),
        { numRuns: 300 },
      );
    });
  }

  it('a tie group larger than the largest page goes on past its time instead of looping', () => {
    const rows = Array.from({ length: 12 }, (_, i) => ({ id: `r${i}`, t: i < 10 ? 5 : 1 }));
    const { ids, stuck } = walk(rows, 'time', 2, 4);
    expect(stuck).toBeGreaterThan(0);
    expect(ids).toContain('r10');
    expect(ids).toContain('r11');
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('refuses a cursor it did not write', () => {
    expect(() => decodeCursor('not-a-cursor', isTimeCursor)).toThrow(BadRequest);
    expect(() => decodeCursor(encodeCursor({ s: 'x' }), isTimeCursor)).toThrow(BadRequest);
  });
});
