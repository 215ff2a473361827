/**
 * Slot numbers kept in one total order, as a list of small sorted chunks (at most `2 × CHUNK`
 * slots each). Inserting or removing a slot is a binary search over the chunks, one inside a
 * chunk and a splice of at most `2 × CHUNK` numbers: O(log n + CHUNK), whatever the size of the
 * whole list. So a sorted view is maintained at ingest and on every change, and a query never
 * has to sort the catalog first.
 *
 * The order is given by a comparator over slots that reads the columns of a table. A slot must be
 * removed before the keys it sorts by change, and inserted again after.
 */
const CHUNK = 512;

/** A position in the list: chunk, then index inside it. */
export interface SlotPosition {
  chunk: number;
  index: number;
}

export class SortedSlots {
  private chunks: number[][] = [];
  private count = 0;

  constructor(readonly compare: (a: number, b: number) => number) {}

  get size(): number {
    return this.count;
  }

  insert(slot: number): void {
    const { chunks, compare: cmp } = this;
    if (chunks.length === 0) {
      chunks.push([slot]);
      this.count = 1;
      return;
    }
    const c = this.chunkFor((s) => cmp(s, slot) >= 0);
    const chunk = chunks[c] as number[];
    let lo = 0;
    let hi = chunk.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cmp(chunk[mid] as number, slot) < 0) lo = mid + 1;
      else hi = mid;
    }
    chunk.splice(lo, 0, slot);
    this.count += 1;
    if (chunk.length > 2 * CHUNK) chunks.splice(c + 1, 0, chunk.splice(CHUNK));
  }

  /** Removes `slot` (whose keys must be those it was inserted with); false when absent. */
  remove(slot: number): boolean {
    const { chunks, compare: cmp } = this;
    if (chunks.length === 0) return false;
    const c = this.chunkFor((s) => cmp(s, slot) >= 0);
    const chunk = chunks[c] as number[];
    let lo = 0;
    let hi = chunk.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cmp(chunk[mid] as number, slot) < 0) lo = mid + 1;
      else hi = mid;
    }
    if (chunk[lo] !== slot) return false;
    chunk.splice(lo, 1);
    this.count -= 1;
    if (chunk.length === 0) chunks.splice(c, 1);
    return true;
  }

  /**
   * The first position whose slot `after` does not place before the probe: with `after(s)` true
   * for every slot ordered before (or at, for a strict seek) the probe.
   */
  seek(before: (slot: number) => boolean): SlotPosition {
    const { chunks } = this;
    if (chunks.length === 0) return { chunk: 0, index: 0 };
    const c = this.chunkFor((s) => !before(s));
    const chunk = chunks[c] as number[];
    let lo = 0;
    let hi = chunk.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (before(chunk[mid] as number)) lo = mid + 1;
      else hi = mid;
    }
    return lo === chunk.length ? { chunk: c + 1, index: 0 } : { chunk: c, index: lo };
  }

  /** Renumbers every slot (`map[old]`, which must keep the order); for the table's compaction. */
  remap(map: Int32Array): void {
    for (const chunk of this.chunks) for (let i = 0; i < chunk.length; i++) chunk[i] = map[chunk[i] as number] as number;
  }

  /** Calls `visit` on slots from `from` in order until it returns false. */
  walk(from: SlotPosition, visit: (slot: number) => boolean): void {
    const { chunks } = this;
    let index = from.index;
    for (let c = from.chunk; c < chunks.length; c++) {
      const chunk = chunks[c] as number[];
      for (let i = index; i < chunk.length; i++) if (!visit(chunk[i] as number)) return;
      index = 0;
    }
  }

  /** The index of the first chunk whose last slot satisfies `atOrAfter` (the last chunk if none). */
  private chunkFor(atOrAfter: (slot: number) => boolean): number {
    const { chunks } = this;
    let lo = 0;
    let hi = chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const chunk = chunks[mid] as number[];
      if (atOrAfter(chunk[chunk.length - 1] as number)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
