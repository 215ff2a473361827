/**
 * Slot numbers kept in one total order, as a list of small sorted chunks (at most `2 × CHUNK`
 * slots each). Inserting or removing a slot is a binary search over the chunks, one inside a
 * chunk and a splice of at most `2 × CHUNK` numbers: O(log n + CHUNK), whatever the size of the
 * whole list. So a sorted view is maintained at ingest and on every change, and a query never
 * has to sort the catalog first.
 *
 * Inserts are placed in bulk: an inserted slot waits in a pending list, which is sorted and merged
 * into the chunks in one pass (so a walk that fills an empty index costs sorts and merges over
 * sequential memory, instead of n binary searches reading keys at random places of million-slot
 * columns). The owner merges it when `mergeIfDue` finds it due: as long as the list, or 65,536
 * long. A table of several lists merges at most one of them per batch, so that no batch holds the
 * event loop for several merges. Anything that reads or removes places the pending slots first:
 * one by one when they are few beside the list, else by the same merge. `settle` places them
 * ahead of the first query.
 *
 * The order is a numeric column of the table (ascending or descending, unknown (NaN) last), and a
 * tie-break for slots whose keys are equal (by id, or by an exact key first). The keys are read
 * from the column in place, so a slot must be removed before its key changes and inserted again
 * after.
 */
const CHUNK = 512;
/** Pending inserts are due for a merge once they reach the list's size, and at least this many… */
const MERGE_MIN = 4096;
/**
 * …and at most this many by default: one merge costs O(pending log pending + list), and it must
 * not hold the event loop long (≈ 110 ms for 65,536 into 800,000; a stall past the Redis command
 * timeout fails the commands in flight). Twice this made fewer merges, but a cold start of
 * 1,000,000 markets then lost part of its load to read timeouts on a slow run.
 */
export const MERGE_MAX = 65_536;
/**
 * Below one pending insert per this many listed slots, settling places them one by one (each
 * ≈ 5 µs at a million, a binary search and a splice); above, one merge is cheaper (≈ 30 ns per
 * listed slot).
 */
const ONE_BY_ONE_RATIO = 128;

/** A position in the list: chunk, then index inside it. */
export interface SlotPosition {
  chunk: number;
  index: number;
}

export class SortedSlots {
  private chunks: number[][] = [];
  private count = 0;
  /** Inserted, not placed yet (in insertion order). */
  private pending: number[] = [];
  /** Orders two slots (negative: `a` first), for sorting a few of them outside the list. */
  readonly compare: (a: number, b: number) => number;

  constructor(
    /** The column of keys (read on every operation: the table replaces it when it grows). */
    private readonly column: () => Float64Array,
    private readonly descending: boolean,
    /** Orders two slots whose keys are equal; 0 only for the same slot. */
    private readonly tie: (a: number, b: number) => number,
    /**
     * Pending inserts due for a merge at this many (default `MERGE_MAX`). Lists that take the same
     * inserts are given different ones, so that they fall due at different times.
     */
    private readonly mergeMax = MERGE_MAX,
  ) {
    this.compare = (a, b) => this.cmp(this.column(), a, b);
  }

  get size(): number {
    return this.count + this.pending.length;
  }

  /** The key in ascending order: descending keys negated, unknown last. */
  private rank(v: number): number {
    return v !== v ? Infinity : this.descending ? -v : v;
  }

  private cmp(col: Float64Array, a: number, b: number): number {
    const x = this.rank(col[a] as number);
    const y = this.rank(col[b] as number);
    return x < y ? -1 : x > y ? 1 : this.tie(a, b);
  }

  /** Lists `slot` (placed by the next merge or read). */
  insert(slot: number): void {
    this.pending.push(slot);
  }

  /** Pending inserts over the number at which they are due for a merge: due from 1. */
  get overdue(): number {
    return this.pending.length / Math.min(this.mergeMax, Math.max(MERGE_MIN, this.count));
  }

  /** Slots inserted and not placed yet. */
  get unplaced(): number {
    return this.pending.length;
  }

  /** Merges the pending inserts when they are due (`overdue` ≥ 1); whether it did. */
  mergeIfDue(): boolean {
    if (this.overdue < 1) return false;
    this.merge();
    return true;
  }

  /** Places the pending inserts (a query that follows finds the list ready). */
  settle(): void {
    const { pending } = this;
    if (pending.length === 0) return;
    if (pending.length * ONE_BY_ONE_RATIO >= this.count) {
      this.merge();
      return;
    }
    this.pending = [];
    for (const slot of pending) this.place(slot);
  }

  /**
   * Sorts the pending inserts and merges them into the chunks: O(k log k + n) comparisons of
   * numbers (the tie-break only for equal keys). A chunk that receives none is kept as it is; one
   * that grows past `2 × CHUNK` is split.
   */
  private merge(): void {
    const col = this.column();
    const add = this.pending.sort((a, b) => this.cmp(col, a, b));
    this.pending = [];
    const k = add.length;
    const ranks = new Float64Array(k);
    for (let i = 0; i < k; i++) ranks[i] = this.rank(col[add[i] as number] as number);
    const chunks: number[][] = [];
    const keep = (chunk: number[]) => {
      if (chunk.length <= 2 * CHUNK) chunks.push(chunk);
      else for (let at = 0; at < chunk.length; at += CHUNK) chunks.push(chunk.slice(at, at + CHUNK));
    };
    let i = 0;
    const last = this.chunks.length - 1;
    for (let c = 0; c <= last; c++) {
      const chunk = this.chunks[c] as number[];
      if (i === k) {
        chunks.push(chunk);
        continue;
      }
      // A chunk that the next pending slot does not precede receives none (the last chunk takes
      // every pending slot after it too).
      const end = chunk[chunk.length - 1] as number;
      const endRank = this.rank(col[end] as number);
      const next = ranks[i] as number;
      if (c < last && !(next < endRank || (next === endRank && this.tie(add[i] as number, end) < 0))) {
        chunks.push(chunk);
        continue;
      }
      // The pending slots this chunk receives: every one before its last slot (the last chunk: all).
      let to = i + 1;
      if (c === last) to = k;
      else {
        while (to < k) {
          const rt = ranks[to] as number;
          if (rt < endRank || (rt === endRank && this.tie(add[to] as number, end) < 0)) to += 1;
          else break;
        }
      }
      // Sized once (a merge rewrites most chunks of the list: growing each by pushes would
      // allocate it several times over); a long run (the last chunk's) is appended instead, as a
      // large preallocated array can get V8's slow dictionary elements.
      const size = chunk.length + to - i;
      const out: number[] = size <= 8 * CHUNK ? new Array<number>(size) : [];
      let o = 0;
      for (const s of chunk) {
        const r = this.rank(col[s] as number);
        while (i < to) {
          const ri = ranks[i] as number;
          if (ri < r || (ri === r && this.tie(add[i] as number, s) < 0)) out[o++] = add[i++] as number;
          else break;
        }
        out[o++] = s;
      }
      while (i < to) out[o++] = add[i++] as number;
      keep(out);
    }
    if (last < 0) keep(add);
    this.chunks = chunks;
    this.count += k;
  }

  private place(slot: number): void {
    const { chunks } = this;
    if (chunks.length === 0) {
      chunks.push([slot]);
      this.count = 1;
      return;
    }
    const col = this.column();
    const c = this.chunkAtOrAfter(col, slot);
    const chunk = chunks[c] as number[];
    chunk.splice(this.indexAtOrAfter(col, chunk, slot), 0, slot);
    this.count += 1;
    if (chunk.length > 2 * CHUNK) chunks.splice(c + 1, 0, chunk.splice(CHUNK));
  }

  /** Removes `slot` (whose key must be the one it was inserted with); false when absent. */
  remove(slot: number): boolean {
    this.settle();
    const { chunks } = this;
    if (chunks.length === 0) return false;
    const col = this.column();
    const c = this.chunkAtOrAfter(col, slot);
    const chunk = chunks[c] as number[];
    const i = this.indexAtOrAfter(col, chunk, slot);
    if (chunk[i] !== slot) return false;
    chunk.splice(i, 1);
    this.count -= 1;
    if (chunk.length === 0) chunks.splice(c, 1);
    return true;
  }

  /**
   * The first position whose slot `before` does not place before the probe: `before(s)` is true
   * for every slot ordered before (or at, for a strict seek) the probe.
   */
  seek(before: (slot: number) => boolean): SlotPosition {
    this.settle();
    const { chunks } = this;
    if (chunks.length === 0) return { chunk: 0, index: 0 };
    let lo = 0;
    let hi = chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const chunk = chunks[mid] as number[];
      if (!before(chunk[chunk.length - 1] as number)) hi = mid;
      else lo = mid + 1;
    }
    const chunk = chunks[lo] as number[];
    let i = 0;
    let j = chunk.length;
    while (i < j) {
      const mid = (i + j) >>> 1;
      if (before(chunk[mid] as number)) i = mid + 1;
      else j = mid;
    }
    return i === chunk.length ? { chunk: lo + 1, index: 0 } : { chunk: lo, index: i };
  }

  /** Calls `visit` on slots from `from` in order until it returns false. */
  walk(from: SlotPosition, visit: (slot: number) => boolean): void {
    this.settle();
    const { chunks } = this;
    let index = from.index;
    for (let c = from.chunk; c < chunks.length; c++) {
      const chunk = chunks[c] as number[];
      for (let i = index; i < chunk.length; i++) if (!visit(chunk[i] as number)) return;
      index = 0;
    }
  }

  /** Renumbers every slot (`map[old]`, which must keep the order); for the table's compaction. */
  remap(map: Int32Array): void {
    this.settle();
    for (const chunk of this.chunks) for (let i = 0; i < chunk.length; i++) chunk[i] = map[chunk[i] as number] as number;
  }

  /** The first chunk whose last slot is at or after `slot` (the last chunk if none). */
  private chunkAtOrAfter(col: Float64Array, slot: number): number {
    const { chunks } = this;
    const k = this.rank(col[slot] as number);
    let lo = 0;
    let hi = chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const chunk = chunks[mid] as number[];
      const last = chunk[chunk.length - 1] as number;
      const x = this.rank(col[last] as number);
      if (x > k || (x === k && this.tie(last, slot) >= 0)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** The index of the first slot of `chunk` at or after `slot`. */
  private indexAtOrAfter(col: Float64Array, chunk: number[], slot: number): number {
    const k = this.rank(col[slot] as number);
    let lo = 0;
    let hi = chunk.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const s = chunk[mid] as number;
      const x = this.rank(col[s] as number);
      if (x < k || (x === k && this.tie(s, slot) < 0)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
