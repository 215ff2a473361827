import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SortedView, compareRows } from './sorted-view.js';
import type { Change } from './sorted-view.js';

interface Row {
  id: string;
  k: number | null;
  text: string;
}

const spec = { key: (r: Row) => r.k, direction: 'desc' as const, keyType: 'number' as const };

function expected(rows: Iterable<Row>): string[] {
  return [...rows].sort((a, b) => compareRows('desc', a.k, a.id, b.k, b.id)).map((r) => r.id);
}

function idsOf(view: SortedView<Row>): string[] {
  return Array.from({ length: view.length }, (_, i) => view.row(i).id);
}

/** Short strings over a tiny alphabet including the separator the view joins texts with. */
function chars(min: number, max: number) {
  return fc.array(fc.constantFrom('a', 'b', '\u0000'), { minLength: min, maxLength: max }).map((a) => a.join(''));
}

const rowArb = fc.record({
  id: fc.integer({ min: 0, max: 60 }).map((n) => `r${n}`),
  k: fc.option(fc.integer({ min: 0, max: 8 }), { nil: null }),
  text: chars(0, 4),
});

describe('SortedView', () => {
  it('stays sorted through in-place updates, splices and re-sorts', () => {
    fc.assert(
      fc.property(
        fc.array(rowArb, { maxLength: 40 }),
        fc.array(fc.tuple(fc.boolean(), fc.array(rowArb, { maxLength: 200 })), { maxLength: 8 }),
        (initial, batches) => {
          const live = new Map<string, Row>();
          for (const r of initial) live.set(r.id, r);
          const view = new SortedView<Row>(spec, (r) => r.text);
          view.ensure(live.values());
          for (const [remove, batch] of batches) {
            const changes: Change<Row>[] = [];
            for (const r of batch) {
              const old = live.get(r.id);
              if (remove) {
                if (!old) continue;
                live.delete(r.id);
                changes.push({ old });
              } else {
                live.set(r.id, r);
                changes.push(old ? { old, next: r } : { next: r });
              }
            }
            view.apply(changes);
            view.ensure(live.values());
            expect(idsOf(view)).toEqual(expected(live.values()));
            // Updated rows carry their newest value.
            for (let i = 0; i < view.length; i++) expect(view.row(i)).toBe(live.get(view.row(i).id));
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('finds text matches by jumping exactly like a per-row test', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 40 }), chars(1, 3), fc.nat(45), (rows, needle, from) => {
        const view = new SortedView<Row>(spec, (r) => r.text);
        view.ensure(new Map(rows.map((r) => [r.id, r])).values());
        let naive = -1;
        for (let i = from; i < view.length; i++) {
          if (view.row(i).text.includes(needle)) {
            naive = i;
            break;
          }
        }
        expect(view.nextTextMatch(needle, from)).toBe(naive);
      }),
      { numRuns: 300 },
    );
  });

  it('seekAfter lands after the given position even when that row is gone', () => {
    const view = new SortedView<Row>(spec);
    view.ensure([
      { id: 'a', k: 3, text: '' },
      { id: 'c', k: 3, text: '' },
      { id: 'b', k: 1, text: '' },
      { id: 'd', k: null, text: '' },
    ]);
    expect(idsOf(view)).toEqual(['a', 'c', 'b', 'd']);
    expect(view.seekAfter(3, 'a')).toBe(1);
    expect(view.seekAfter(3, 'b')).toBe(1);
    expect(view.seekAfter(2, 'zzz')).toBe(2);
    expect(view.seekAfter(null, 'a')).toBe(3);
    expect(view.seekAfter(null, 'd')).toBe(4);
  });
});
