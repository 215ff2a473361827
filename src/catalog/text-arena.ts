/**
 * Texts held outside the JavaScript heap: UTF-8 bytes appended to large buffers, addressed by
 * slot. A million markets' JSON so costs its bytes and 16 bytes of position per slot, and the
 * garbage collector never walks it. A text rewritten no longer than the space it had is written
 * in place; otherwise it is appended and the old space counts as waste, which `compact` reclaims
 * (once a quarter of the bytes are waste) by copying the live texts into fresh buffers.
 */
const CHUNK_BYTES = 16 * 1024 * 1024;
const OFFSET_BITS = 2 ** 24;

export class TextArena {
  private chunks: Buffer[] = [];
  /** Free bytes at the end of the last chunk start here. */
  private tail = 0;
  /** Per slot: chunk × 2^24 + offset, -1 when none. */
  private at = new Float64Array(0);
  private len = new Int32Array(0);
  private cap = new Int32Array(0);
  private used = 0;
  private waste = 0;

  /** Bytes held: buffers allocated, and how many of them are live texts. */
  get bytes(): { allocated: number; live: number } {
    return { allocated: this.chunks.length * CHUNK_BYTES, live: this.used };
  }

  /** Slots the arena can address without growing (the table grows it with its columns). */
  grow(slots: number): void {
    if (slots <= this.at.length) return;
    const at = new Float64Array(slots).fill(-1);
    at.set(this.at);
    const len = new Int32Array(slots);
    len.set(this.len);
    const cap = new Int32Array(slots);
    cap.set(this.cap);
    this.at = at;
    this.len = len;
    this.cap = cap;
  }

  set(slot: number, text: string): void {
    const where = this.at[slot] as number;
    // A new text with room for its longest UTF-8 form (3 bytes per UTF-16 unit) at the end is
    // written there at once, its length read from the write: measuring it first costs as much as
    // writing it (a text fresh from `JSON.stringify` is built of parts, which the write flattens).
    const last = this.chunks.length - 1;
    if (where < 0 && last >= 0 && this.tail + text.length * 3 <= CHUNK_BYTES) {
      const offset = this.tail;
      const n = (this.chunks[last] as Buffer).write(text, offset, 'utf8');
      this.record(slot, last, offset, n);
      return;
    }
    const n = Buffer.byteLength(text, 'utf8');
    if (n > CHUNK_BYTES) throw new RangeError(`a text of ${n} bytes does not fit the arena's ${CHUNK_BYTES}-byte buffers`);
    if (where >= 0 && n <= (this.cap[slot] as number)) {
      const chunk = this.chunks[Math.floor(where / OFFSET_BITS)] as Buffer;
      chunk.write(text, where % OFFSET_BITS, n, 'utf8');
      this.used += n - (this.len[slot] as number);
      this.waste += (this.len[slot] as number) - n;
      this.len[slot] = n;
      return;
    }
    this.free(slot);
    const [chunk, offset] = this.place(slot, n);
    chunk.write(text, offset, n, 'utf8');
  }

  /** Room for `n` bytes at the end (a new buffer when the last is full), recorded as `slot`'s. */
  private place(slot: number, n: number): [Buffer, number] {
    if (this.chunks.length === 0 || this.tail + n > CHUNK_BYTES) {
      this.chunks.push(Buffer.allocUnsafeSlow(CHUNK_BYTES));
      this.tail = 0;
    }
    const offset = this.tail;
    this.record(slot, this.chunks.length - 1, offset, n);
    return [this.chunks[this.chunks.length - 1] as Buffer, offset];
  }

  /** Records `n` bytes at `offset` of the last chunk, `chunk`, as `slot`'s. */
  private record(slot: number, chunk: number, offset: number, n: number): void {
    this.at[slot] = chunk * OFFSET_BITS + offset;
    this.len[slot] = n;
    this.cap[slot] = n;
    this.tail = offset + n;
    this.used += n;
  }

  get(slot: number): string | null {
    const where = this.at[slot] as number;
    if (!(where >= 0)) return null;
    const chunk = this.chunks[Math.floor(where / OFFSET_BITS)] as Buffer;
    const start = where % OFFSET_BITS;
    return chunk.toString('utf8', start, start + (this.len[slot] as number));
  }

  free(slot: number): void {
    const where = this.at[slot] as number;
    if (!(where >= 0)) return;
    this.used -= this.len[slot] as number;
    this.waste += this.cap[slot] as number;
    this.at[slot] = -1;
    this.len[slot] = 0;
    this.cap[slot] = 0;
  }

  /** Whether a quarter of the bytes are waste (and enough of them to be worth a copy). */
  wantsCompaction(): boolean {
    return this.waste > 4 * CHUNK_BYTES && this.waste * 4 > this.used + this.waste;
  }

  /**
   * Keeps the texts of the slots `map` keeps (`map[old]` is the new slot, -1: dropped; the
   * identity when absent), copied tightly into fresh buffers. O(live bytes).
   */
  compact(map?: Int32Array, slots = map ? map.length : this.at.length): void {
    const size = map ? Math.max(1024, map.reduce((n, s) => (s >= 0 ? n + 1 : n), 0)) : this.at.length;
    const next = new TextArena();
    next.grow(size);
    for (let s = 0; s < slots; s++) {
      const to = map ? (map[s] as number) : s;
      const where = this.at[s] as number;
      if (to < 0 || !(where >= 0)) continue;
      const n = this.len[s] as number;
      const [chunk, offset] = next.place(to, n);
      const start = where % OFFSET_BITS;
      (this.chunks[Math.floor(where / OFFSET_BITS)] as Buffer).copy(chunk, offset, start, start + n);
    }
    this.chunks = next.chunks;
    this.tail = next.tail;
    this.at = next.at;
    this.len = next.len;
    this.cap = next.cap;
    this.used = next.used;
    this.waste = 0;
  }
}
