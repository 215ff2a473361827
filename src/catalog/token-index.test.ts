import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TokenIndex, wordsOf } from './token-index.js';

const WORD = /[\p{L}\p{N}]+/gu;
const byRegex = (text: string) => [...new Set(text.toLowerCase().match(WORD) ?? [])];

describe('wordsOf', () => {
  it('splits runs of letters and digits, lowercased, each once, in order', () => {
    expect(wordsOf('Fed cuts rates to 4.25% — in April? fed FED')).toEqual(['fed', 'cuts', 'rates', 'to', '4', '25', 'in', 'april']);
    expect(wordsOf('Élection présidentielle 2027: Macron?')).toEqual(['élection', 'présidentielle', '2027', 'macron']);
    expect(wordsOf('  ?! ')).toEqual([]);
  });

  it('agrees with the Unicode regex on any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'B', 'z', '0', '9', ' ', '-', '.', 'é', 'Ж', '_', '\n', '#') }), (text) => {
        expect(wordsOf(text)).toEqual(byRegex(text));
      }),
    );
  });

  it('reads two texts as one joined by a line break', () => {
    const unit = fc.constantFrom('a', 'B', '0', ' ', '.', 'é', '#');
    fc.assert(
      fc.property(fc.string({ unit }), fc.string({ unit }), (title, question) => {
        expect(wordsOf(title, question)).toEqual(byRegex(`${title}\n${question}`));
      }),
    );
  });
});

describe('TokenIndex', () => {
  it('intersects ascending lists of slots, singletons included', () => {
    const index = new TokenIndex();
    index.add(0, ['fed', 'rates']);
    index.add(1, ['fed']);
    index.add(5, ['fed', 'rates', 'unique']);
    const lists = index.listsOf(['rates', 'fed'])!;
    expect(TokenIndex.intersect(lists)).toEqual([0, 5]);
    expect(TokenIndex.intersect(index.listsOf(['unique', 'fed'])!)).toEqual([5]);
    expect(index.listsOf(['absent'])).toBeNull();
    expect(() => index.add(5, ['x'])).toThrow(RangeError);
  });

  it('renumbers and drops dead slots on compaction', () => {
    const index = new TokenIndex();
    for (let s = 0; s < 10; s++) index.add(s, s % 2 === 0 ? ['even', `n${s}`] : ['odd', `n${s}`]);
    const map = Int32Array.from({ length: 10 }, (_, s) => (s < 4 ? -1 : s - 4));
    index.remap(map, 5);
    expect(TokenIndex.intersect(index.listsOf(['even'])!)).toEqual([0, 2, 4]);
    expect(index.listsOf(['n2'])).toBeNull();
    expect(TokenIndex.intersect(index.listsOf(['n9'])!)).toEqual([5]);
    index.add(6, ['even']);
    expect(TokenIndex.intersect(index.listsOf(['even'])!)).toEqual([0, 2, 4, 6]);
  });

  it('keeps a word that drops to one slot, and lists it again when another slot takes it', () => {
    const index = new TokenIndex();
    index.add(0, ['pair', 'once']);
    index.add(1, ['pair']);
    expect(index.words).toBe(2);
    index.remap(Int32Array.from([0, -1]), 0);
    expect(index.words).toBe(2);
    expect(index.listsOf(['pair'])).toEqual([0]);
    index.add(3, ['pair', 'once', 'new']);
    expect(index.words).toBe(3);
    expect(TokenIndex.intersect(index.listsOf(['pair', 'once'])!)).toEqual([0, 3]);
    index.remap(Int32Array.from([-1, -1, -1, 0]), 0);
    expect(TokenIndex.intersect(index.listsOf(['pair', 'once', 'new'])!)).toEqual([0]);
    expect(index.words).toBe(3);
  });
});
