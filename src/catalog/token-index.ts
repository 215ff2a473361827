/**
 * The inverted index behind `q`: each word of a market's title and question maps to the slots
 * holding it. A query's words are looked up and their lists intersected, so a search costs the
 * length of its shortest list (or the rows a sorted walk visits), never a scan of the catalog.
 *
 * Words are runs of letters and digits, lowercased (`wordsOf`). The table hands out slots in
 * increasing order, so every list is sorted ascending and an append keeps it so. Lists are never
 * edited in place: a market whose text changes gets a new slot, and a dead slot stays listed
 * until the table compacts (`remap`); readers skip dead slots. A word held by one slot is stored
 * as that slot number alone (most words of a large catalog are numbers and names seen once).
 */
const WORD = /[\p{L}\p{N}]+/gu;

/**
 * The distinct words of `text`, lowercased, in order of first appearance; with `more`, of both
 * texts as if joined by a line break (without building the joined string).
 */
export function wordsOf(text: string, more?: string): string[] {
  const out: string[] = [];
  if (!addWords(text, out) || (more !== undefined && !addWords(more, out))) return wordsByRegex(more === undefined ? text : `${text}\n${more}`);
  return out;
}

/** Adds the words of ASCII `text` to `out` (split by character codes); false for any other text. */
function addWords(text: string, out: string[]): boolean {
  let start = -1;
  let upper = false;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 32;
    if (c >= 128) return false;
    const lower = c >= 97 && c <= 122;
    const digit = c >= 48 && c <= 57;
    const cap = c >= 65 && c <= 90;
    if (lower || digit || cap) {
      if (start < 0) start = i;
      upper ||= cap;
      continue;
    }
    if (start >= 0) {
      const word = upper ? text.slice(start, i).toLowerCase() : text.slice(start, i);
      if (!out.includes(word)) out.push(word);
      start = -1;
      upper = false;
    }
  }
  return true;
}

function wordsByRegex(text: string): string[] {
  const found = text.toLowerCase().match(WORD);
  if (found === null) return [];
  return found.length < 2 ? found : [...new Set(found)];
}

/** A growable ascending list of slots. */
class Postings {
  slots: Int32Array;
  length: number;

  constructor(first: number, second: number) {
    this.slots = new Int32Array(4);
    this.slots[0] = first;
    this.slots[1] = second;
    this.length = 2;
  }

  push(slot: number): void {
    if (this.length === this.slots.length) {
      const next = new Int32Array(this.length * 2);
      next.set(this.slots);
      this.slots = next;
    }
    this.slots[this.length++] = slot;
  }

  has(slot: number): boolean {
    let lo = 0;
    let hi = this.length;
    const s = this.slots;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((s[mid] as number) < slot) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.length && s[lo] === slot;
  }

  bytes(): number {
    return 48 + this.slots.byteLength;
  }
}

/** The slots of one word: a single slot, or a list. */
export type SlotList = number | Postings;

export const listLength = (l: SlotList): number => (typeof l === 'number' ? 1 : l.length);
export const listHas = (l: SlotList, slot: number): boolean => (typeof l === 'number' ? l === slot : l.has(slot));

export class TokenIndex {
  /**
   * Words held by one slot, and words held by more (their lists). Split so that indexing finds a
   * common word in the small map, which stays in the CPU's caches, instead of probing a map of every
   * word seen once.
   */
  private readonly single = new Map<string, number>();
  private readonly lists = new Map<string, Postings>();
  private lastSlot = -1;

  /** Distinct words indexed. */
  get words(): number {
    return this.single.size + this.lists.size;
  }

  /** Records the words of a new slot (greater than every slot added before). */
  add(slot: number, words: readonly string[]): void {
    if (slot <= this.lastSlot) throw new RangeError(`slot ${slot} added after ${this.lastSlot}`);
    this.lastSlot = slot;
    const { single, lists } = this;
    for (const w of words) {
      const l = lists.get(w);
      if (l !== undefined) {
        l.push(slot);
        continue;
      }
      const one = single.get(w);
      if (one === undefined) single.set(w, slot);
      else {
        single.delete(w);
        lists.set(w, new Postings(one, slot));
      }
    }
  }

  /** The slots of `word`, or undefined when no slot holds it. */
  private listOf(word: string): SlotList | undefined {
    return this.lists.get(word) ?? this.single.get(word);
  }

  /** The lists of `words`, shortest first; null when a word is not indexed (nothing matches). */
  listsOf(words: readonly string[]): SlotList[] | null {
    const out: SlotList[] = [];
    for (const w of words) {
      const l = this.listOf(w);
      if (l === undefined) return null;
      out.push(l);
    }
    return out.sort((a, b) => listLength(a) - listLength(b));
  }

  /** Slots in every list (ascending), dead ones included. */
  static intersect(lists: readonly SlotList[]): number[] {
    const [first, ...rest] = lists;
    if (first === undefined) return [];
    const out: number[] = [];
    const visit = (s: number) => {
      for (const l of rest) if (!listHas(l, s)) return;
      out.push(s);
    };
    if (typeof first === 'number') visit(first);
    else for (let i = 0; i < first.length; i++) visit(first.slots[i] as number);
    return out;
  }

  /** Renumbers slots after the table compacted: `map[old]` is the new slot, or -1 for a dead one. */
  remap(map: Int32Array, lastSlot: number): void {
    const { single, lists } = this;
    for (const [w, s] of single) {
      const to = map[s] as number;
      if (to < 0) single.delete(w);
      else single.set(w, to);
    }
    for (const [w, l] of lists) {
      let n = 0;
      for (let i = 0; i < l.length; i++) {
        const s = map[l.slots[i] as number] as number;
        if (s >= 0) l.slots[n++] = s;
      }
      if (n <= 1) {
        lists.delete(w);
        if (n === 1) single.set(w, l.slots[0] as number);
      } else {
        l.length = n;
        if (n * 4 < l.slots.length) l.slots = l.slots.slice(0, Math.max(4, n * 2));
      }
    }
    this.lastSlot = lastSlot;
  }

  /** Estimated bytes: map entries and keys, lists. */
  bytes(): number {
    let total = 0;
    for (const w of this.single.keys()) total += 40 + 16 + Math.ceil(w.length / 8) * 8;
    for (const [w, l] of this.lists) total += 40 + 16 + Math.ceil(w.length / 8) * 8 + l.bytes();
    return total;
  }
}
