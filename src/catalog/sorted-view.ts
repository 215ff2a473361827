/** A precomputed sort value: ISO times become epoch ms, decimals become fixed-width strings. */
export type SortKey = string | number | null;

export interface SortSpec<E> {
  key(entry: E): SortKey;
  direction: 'asc' | 'desc';
  /** The type every non-null key has, to reject forged cursors. */
  keyType: 'string' | 'number';
}

/** Orders (key, id) pairs: null keys last whatever the direction, ties broken by id ascending. */
export function compareRows(direction: 'asc' | 'desc', ak: SortKey, aid: string, bk: SortKey, bid: string): number {
  if (ak !== bk) {
    if (ak === null) return 1;
    if (bk === null) return -1;
    const c = ak < bk ? -1 : 1;
    return direction === 'asc' ? c : -c;
  }
  return aid < bid ? -1 : aid > bid ? 1 : 0;
}

/** One entry change: `old` absent for an insert, `next` absent for a removal. */
export interface Change<E> {
  old?: E;
  next?: E;
}

/** Above this many repositionings in one batch, a full re-sort is cheaper than splicing. */
const MAX_SPLICES = 128;

/**
 * One pre-sorted array of the entries. Small batches of changes are applied in place (a changed
 * entry whose sort key did not move is replaced where it stands; others are spliced); large
 * batches mark the view dirty and it is re-sorted on the next query.
 */
export class SortedView<E extends { id: string }> {
  private rows: E[] = [];
  private keys: SortKey[] = [];
  private dirty = true;
  /** Lowercased texts of the rows joined in order, for substring jumps; built on demand. */
  private joined: { text: string; starts: number[] } | null = null;

  constructor(
    readonly spec: SortSpec<E>,
    private readonly textOf?: (entry: E) => string,
  ) {}

  get length(): number {
    return this.rows.length;
  }

  row(i: number): E {
    return this.rows[i] as E;
  }

  key(i: number): SortKey {
    return this.keys[i] as SortKey;
  }

  ensure(source: Iterable<E>): void {
    if (!this.dirty) return;
    const { spec } = this;
    const pairs: { k: SortKey; e: E }[] = [];
    for (const e of source) pairs.push({ k: spec.key(e), e });
    pairs.sort((a, b) => compareRows(spec.direction, a.k, a.e.id, b.k, b.e.id));
    this.rows = pairs.map((p) => p.e);
    this.keys = pairs.map((p) => p.k);
    this.dirty = false;
    this.joined = null;
  }

  apply(changes: Change<E>[]): void {
    if (this.dirty || changes.length === 0) return;
    this.joined = null;
    const { spec } = this;
    let splices = 0;
    for (const c of changes) {
      if (!(c.old && c.next && spec.key(c.old) === spec.key(c.next))) splices += 1;
    }
    if (splices > MAX_SPLICES) {
      this.dirty = true;
      this.rows = [];
      this.keys = [];
      return;
    }
    for (const { old, next } of changes) {
      const oldKey = old ? spec.key(old) : undefined;
      const newKey = next ? spec.key(next) : undefined;
      const at = old ? this.find(oldKey as SortKey, old.id) : -1;
      if (old && next && oldKey === newKey && at >= 0) {
        this.rows[at] = next;
        continue;
      }
      if (at >= 0) {
        this.rows.splice(at, 1);
        this.keys.splice(at, 1);
      }
      if (next) {
        const to = this.seekAfter(newKey as SortKey, next.id);
        this.rows.splice(to, 0, next);
        this.keys.splice(to, 0, newKey as SortKey);
      }
    }
  }

  /** Index of the first row strictly after (key, id) in this order. */
  seekAfter(key: SortKey, id: string): number {
    return this.bound(key, id, true);
  }

  /**
   * The first row at or after `from` whose text contains `needle` (lowercased), found with one
   * native `indexOf` over all texts instead of a test per row; -1 when there is none.
   */
  nextTextMatch(needle: string, from: number): number {
    if (!this.textOf || from >= this.rows.length) return from < this.rows.length ? from : -1;
    const joined = this.joinedText();
    let pos = joined.starts[from] as number;
    for (;;) {
      const hit = joined.text.indexOf(needle, pos);
      if (hit < 0) return -1;
      // The row containing `hit`: the last start <= hit.
      let lo = from;
      let hi = joined.starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >>> 1;
        if ((joined.starts[mid] as number) <= hit) lo = mid;
        else hi = mid - 1;
      }
      const end = (joined.starts[lo] as number) + this.textOf(this.rows[lo] as E).length;
      if (hit + needle.length <= end) return lo;
      // The hit straddles two rows' texts: look again from the next row.
      pos = joined.starts[lo + 1] ?? joined.text.length;
      from = lo + 1;
      if (from >= this.rows.length) return -1;
    }
  }

  private joinedText(): { text: string; starts: number[] } {
    if (this.joined) return this.joined;
    const textOf = this.textOf as (entry: E) => string;
    const starts: number[] = new Array(this.rows.length);
    const parts: string[] = new Array(this.rows.length);
    let offset = 0;
    for (let i = 0; i < this.rows.length; i++) {
      const t = textOf(this.rows[i] as E);
      starts[i] = offset;
      parts[i] = t;
      offset += t.length + 1;
    }
    this.joined = { text: parts.join('\u0000'), starts };
    return this.joined;
  }

  /** Exact position of (key, id), or -1. */
  private find(key: SortKey, id: string): number {
    const i = this.bound(key, id, false);
    return i < this.rows.length && (this.rows[i] as E).id === id && this.keys[i] === key ? i : -1;
  }

  /** First index whose row is after (strict) or at-or-after (key, id). */
  private bound(key: SortKey, id: string, strict: boolean): number {
    let lo = 0;
    let hi = this.rows.length;
    const dir = this.spec.direction;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const c = compareRows(dir, this.keys[mid] as SortKey, (this.rows[mid] as E).id, key, id);
      if (c < 0 || (strict && c === 0)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
