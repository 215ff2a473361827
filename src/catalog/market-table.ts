/**
 * One tier of the market index as columns. Each market gets a slot; what a query filters or
 * sorts by lives in typed arrays indexed by slot (venue, status, flags, category id, close time,
 * newness, volume as a double, quote time, a hash of its text), the market itself as one compact
 * JSON string (market-codec.ts; the cold tier keeps none), its words in a `TokenIndex`, and three
 * `SortedSlots` views (volume, close time, newness) kept up to date on every change (new slots
 * merged in bulk, `mergeDue`, `settle`): nothing is built on a query's first use. Memory per
 * market is in docs/catalog-scale.md.
 *
 * Slots are handed out in increasing order. A market whose title or question changes moves to a
 * new slot (its word lists are append-only); dead slots are reclaimed by `compact`, which
 * renumbers every live slot in order once a quarter of the slots are dead.
 */
import { MarketStatusSchema, VENUE_IDS } from '../core/index.js';
import type { Market, MarketStatus, VenueId } from '../core/index.js';
import { compareNumbers, decimalSortKey, hashOf, idOrderKey, plainOfKey, same, timesOf, volumeOf, type MarketTimes } from './market-keys.js';
import type { SortKey } from './sorted-view.js';
import { MERGE_MAX, SortedSlots } from './sorted-slots.js';
import { TextArena } from './text-arena.js';
import { TokenIndex, wordsOf } from './token-index.js';
import type { CatalogSort } from './types.js';

export const STATUSES: readonly MarketStatus[] = MarketStatusSchema.options;
const STATUS_CODE = new Map(STATUSES.map((s, i) => [s, i]));
const VENUE_CODE = new Map(VENUE_IDS.map((v, i) => [v, i]));
export const OPEN = STATUS_CODE.get('open') as number;
export const CLOSED = STATUS_CODE.get('closed') as number;

const REAL_MONEY = 1;
const HAS_OPEN_TIME = 2;

const SORTS: readonly CatalogSort[] = ['volume', 'closeTime', 'newest'];

/**
 * Where each id is held, as slot × 2 + tier: one map for both tiers of an index (an id is in at
 * most one of them), so that indexing a market looks its id up once.
 */
export type SlotMap = Map<string, number>;

/** What the event index needs of a market (read from the columns, without decoding it). */
export interface MarketSummary {
  status: MarketStatus;
  closeMs: number | null;
  openMs: number | null;
  volume: string | null;
}

export class MarketTable {
  /** Ids by slot; null for a dead slot. */
  ids: (string | null)[] = [];
  /** The markets' compact JSON by slot, outside the JavaScript heap (empty when the table keeps none). */
  private readonly texts = new TextArena();
  venue = new Uint8Array(0);
  status = new Uint8Array(0);
  flags = new Uint8Array(0);
  /** Interned lowercased category, -1 for none. */
  category = new Int32Array(0);
  closeMs = new Float64Array(0);
  newestMs = new Float64Array(0);
  /** The volume as a double (NaN: unknown); the exact key is in `volumeExact` when the double is not exact. */
  volume = new Float64Array(0);
  quotedMs = new Float64Array(0);
  textHash = new Float64Array(0);
  /** `idOrderKey` of the id: settles most comparisons of two ids without reading them. */
  idKey = new Float64Array(0);
  /** The last walk that listed the market (`MarketIndex.startWalk`), 0 for none. */
  walk = new Uint32Array(0);
  readonly volumeExact = new Map<number, string>();
  private readonly categoryIds = new Map<string, number>();
  private readonly categorySpellings = new Map<string, number>();
  tokens = new TokenIndex();
  readonly views: Record<CatalogSort, SortedSlots>;
  private readonly counts = VENUE_IDS.map(() => 0);
  private capacity = 0;
  private live = 0;
  private dead = 0;

  constructor(
    readonly keepsJson: boolean,
    /** This table's tier in `where` (0 or 1). */
    private readonly tier = 0,
    /** The index's map of ids to slots, shared with its other tier. */
    private readonly where: SlotMap = new Map(),
  ) {
    const byId = (a: number, b: number) => {
      const i = this.idKey[a] as number;
      const j = this.idKey[b] as number;
      if (i !== j && i === i && j === j) return i < j ? -1 : 1;
      const x = this.ids[a] as string;
      const y = this.ids[b] as string;
      return x < y ? -1 : x > y ? 1 : 0;
    };
    // The three views take the same inserts: their merges are staggered (`SortedSlots`'s `mergeMax`).
    this.views = {
      volume: new SortedSlots(() => this.volume, true, (a, b) => this.exactVolumeOrder(a, b) || byId(a, b), MERGE_MAX),
      closeTime: new SortedSlots(() => this.closeMs, false, byId, Math.round(MERGE_MAX * 0.75)),
      newest: new SortedSlots(() => this.newestMs, true, byId, Math.round(MERGE_MAX * 0.6)),
    };
  }

  get size(): number {
    return this.live;
  }

  /** Slots handed out (live and dead). */
  get slots(): number {
    return this.ids.length;
  }

  countOf(venue: VenueId): number {
    return this.counts[VENUE_CODE.get(venue) as number] ?? 0;
  }

  /** The slot of `id` in this table, or undefined. */
  slotOf(id: string): number | undefined {
    const at = this.where.get(id);
    return at !== undefined && (at & 1) === this.tier ? at >>> 1 : undefined;
  }

  /** Category id of a lowercased category, or undefined when no market ever had it. */
  categoryId(lowercased: string): number | undefined {
    return this.categoryIds.get(lowercased);
  }

  /**
   * Adds or replaces a market (`json`: its compact form, ignored by a table that keeps none), as
   * listed by `walk` when not 0; `t` is `timesOf(market)` and `held` its slot here (-1: none) when
   * the caller has them. Returns its slot.
   */
  put(market: Market, json: string | null, walk = 0, t: MarketTimes = timesOf(market), held?: number): number {
    const hash = hashOf(market.title, market.question);
    const close = t.close;
    const opened = t.open;
    let newest = opened;
    if (newest !== newest) newest = t.updated === t.updated ? t.updated : 0;
    const [volume, exact] = volumeOf(market.volume);
    let slot = held === undefined ? this.slotOf(market.id) : held < 0 ? undefined : held;
    if (slot !== undefined && this.textHash[slot] !== hash) {
      this.kill(slot);
      slot = undefined;
    }
    let moved: readonly CatalogSort[] = SORTS;
    const fresh = slot === undefined;
    if (slot === undefined) {
      slot = this.ids.length;
      this.grow(slot + 1);
      this.ids.push(market.id);
      this.where.set(market.id, slot * 2 + this.tier);
      this.tokens.add(slot, wordsOf(market.title, market.question));
      this.textHash[slot] = hash;
      this.idKey[slot] = idOrderKey(market.id, market.venue);
      this.live += 1;
    } else {
      // Only the views whose key changed are touched (a new quote moves none of them).
      const changed: CatalogSort[] = [];
      moved = changed;
      if (!same(this.volume[slot] as number, volume) || this.volumeExact.get(slot) !== exact) changed.push('volume');
      if (!same(this.closeMs[slot] as number, close)) changed.push('closeTime');
      if (!same(this.newestMs[slot] as number, newest)) changed.push('newest');
      for (const sort of moved) this.views[sort].remove(slot);
      this.counts[this.venue[slot] as number]! -= 1;
    }
    if (this.keepsJson && json !== null) this.texts.set(slot, json);
    const venue = VENUE_CODE.get(market.venue) as number;
    this.counts[venue]! += 1;
    this.venue[slot] = venue;
    this.status[slot] = STATUS_CODE.get(market.status) as number;
    this.flags[slot] = (market.realMoney ? REAL_MONEY : 0) | (opened === opened ? HAS_OPEN_TIME : 0);
    this.category[slot] = market.category === null ? -1 : this.intern(market.category);
    this.closeMs[slot] = close;
    this.newestMs[slot] = newest;
    this.quotedMs[slot] = t.quoted;
    this.volume[slot] = volume;
    // A fresh slot has no exact key to drop (a dead slot's is deleted when it dies).
    if (exact !== undefined) this.volumeExact.set(slot, exact);
    else if (!fresh && this.volumeExact.size !== 0) this.volumeExact.delete(slot);
    for (const sort of moved) this.views[sort].insert(slot);
    if (walk !== 0) this.walk[slot] = walk;
    return slot;
  }

  /** Places the views' pending inserts (`SortedSlots.settle`). */
  settle(): void {
    for (const sort of SORTS) this.views[sort].settle();
  }

  /**
   * Merges the pending inserts of the view most overdue, if any is due: one merge at most (at a
   * million markets one takes 100–200 ms), so that a batch never holds the event loop for the
   * three. Views due at once are merged by the batches that follow.
   */
  mergeDue(): void {
    this.viewWithMost((v) => v.overdue, 1)?.mergeIfDue();
  }

  /** Settles the view with the most pending inserts; false when none had any. */
  settleOne(): boolean {
    const view = this.viewWithMost((v) => v.unplaced, 1);
    view?.settle();
    return view !== null;
  }

  /** The view for which `measure` is largest and at least `least`, or null. */
  private viewWithMost(measure: (view: SortedSlots) => number, least: number): SortedSlots | null {
    let most: SortedSlots | null = null;
    let max = least;
    for (const sort of SORTS) {
      const m = measure(this.views[sort]);
      if (m >= max && (most === null || m > max)) {
        most = this.views[sort];
        max = m;
      }
    }
    return most;
  }

  /** Removes a market; returns its slot, or undefined when it was not held. */
  delete(id: string): number | undefined {
    const slot = this.slotOf(id);
    if (slot === undefined) return undefined;
    this.kill(slot);
    return slot;
  }

  /** Removes the market of a live slot. */
  deleteSlot(slot: number): void {
    this.kill(slot);
  }

  /** The compact JSON of a live slot of a table that keeps it. */
  jsonOf(slot: number): string | null {
    return this.texts.get(slot);
  }

  /** Reclaims the space of rewritten texts once enough of it is waste (O(live bytes)). */
  compactTexts(): boolean {
    if (!this.keepsJson || !this.texts.wantsCompaction()) return false;
    this.texts.compact();
    return true;
  }

  isLive(slot: number): boolean {
    return this.ids[slot] !== null && this.ids[slot] !== undefined;
  }

  summary(slot: number): MarketSummary {
    const close = this.closeMs[slot] as number;
    const volume = this.keyOf('volume', slot);
    return {
      status: STATUSES[this.status[slot] as number] as MarketStatus,
      closeMs: close === close ? close : null,
      openMs: ((this.flags[slot] as number) & HAS_OPEN_TIME) !== 0 ? (this.newestMs[slot] as number) : null,
      volume: volume === null ? null : plainOfKey(volume as string),
    };
  }

  realMoney(slot: number): boolean {
    return ((this.flags[slot] as number) & REAL_MONEY) !== 0;
  }

  /** The key a cursor records for `slot` in `sort`'s order. */
  keyOf(sort: CatalogSort, slot: number): SortKey {
    if (sort === 'volume') {
      const n = this.volume[slot] as number;
      return n !== n ? null : (this.volumeExact.get(slot) ?? decimalSortKey(String(n)));
    }
    const n = (sort === 'closeTime' ? this.closeMs[slot] : this.newestMs[slot]) as number;
    return n !== n ? null : n;
  }

  /** Whether `slot` comes before, or at, the cursor position (key, id) in `sort`'s order. */
  atOrBefore(sort: CatalogSort, slot: number, key: SortKey, id: string): boolean {
    let c: number;
    if (sort === 'volume') {
      const n = key === null ? NaN : Number(plainOfKey(key as string));
      c = compareNumbers(this.volume[slot] as number, n, -1);
      if (c === 0 && key !== null) {
        const mine = this.keyOf('volume', slot) as string;
        c = mine === key ? 0 : mine > key ? -1 : 1;
      }
    } else {
      const n = key === null ? NaN : (key as number);
      c = sort === 'closeTime' ? compareNumbers(this.closeMs[slot] as number, n, 1) : compareNumbers(this.newestMs[slot] as number, n, -1);
    }
    if (c !== 0) return c < 0;
    return (this.ids[slot] as string) <= id;
  }

  /** Whether a quarter of the slots are dead (and enough of them to be worth a pass). */
  wantsCompaction(): boolean {
    return this.dead > 4096 && this.dead * 4 > this.ids.length;
  }

  /**
   * Renumbers the live slots 0…n-1 in their current order, dropping the dead ones; returns the
   * map from old to new slots (-1: dead). O(slots + word entries).
   */
  compact(): Int32Array {
    const n = this.ids.length;
    const map = new Int32Array(n).fill(-1);
    let next = 0;
    for (let s = 0; s < n; s++) if (this.ids[s] !== null) map[s] = next++;
    const pick = <T extends Uint8Array | Int32Array | Uint32Array | Float64Array>(col: T): T => {
      const out = col.slice(0, Math.max(1024, next)) as T;
      for (let s = 0; s < n; s++) {
        const to = map[s] as number;
        if (to >= 0) out[to] = col[s] as number;
      }
      return out;
    };
    this.venue = pick(this.venue);
    this.status = pick(this.status);
    this.flags = pick(this.flags);
    this.category = pick(this.category);
    this.closeMs = pick(this.closeMs);
    this.newestMs = pick(this.newestMs);
    this.volume = pick(this.volume);
    this.quotedMs = pick(this.quotedMs);
    this.textHash = pick(this.textHash);
    this.idKey = pick(this.idKey);
    this.walk = pick(this.walk);
    this.capacity = Math.max(1024, next);
    const ids: string[] = [];
    for (let s = 0; s < n; s++) if (map[s] !== -1) ids.push(this.ids[s] as string);
    this.ids = ids;
    if (this.keepsJson) this.texts.compact(map);
    for (let s = 0; s < ids.length; s++) this.where.set(ids[s] as string, s * 2 + this.tier);
    const exact = [...this.volumeExact];
    this.volumeExact.clear();
    for (const [s, key] of exact) if ((map[s] as number) >= 0) this.volumeExact.set(map[s] as number, key);
    for (const v of Object.values(this.views)) v.remap(map);
    this.tokens.remap(map, next - 1);
    this.dead = 0;
    return map;
  }

  /** Estimated bytes by component. */
  bytes(): { json: number; columns: number; ids: number; views: number; words: number } {
    const json = this.keepsJson ? this.texts.bytes.live + this.capacity * 16 : 0;
    let ids = this.ids.length * 8 + this.live * 40;
    for (const id of this.ids) if (id !== null) ids += 16 + Math.ceil(id.length / 8) * 8;
    const columns = this.capacity * (1 + 1 + 1 + 4 + 4 + 8 * 6) + this.volumeExact.size * 100;
    return { json, columns, ids, views: 3 * this.live * 8, words: this.tokens.bytes() };
  }

  private kill(slot: number): void {
    for (const v of Object.values(this.views)) v.remove(slot);
    this.counts[this.venue[slot] as number]! -= 1;
    this.where.delete(this.ids[slot] as string);
    this.ids[slot] = null;
    this.texts.free(slot);
    this.volumeExact.delete(slot);
    this.live -= 1;
    this.dead += 1;
  }

  /** Orders two volumes whose doubles are equal by their exact keys (when either has one). */
  private exactVolumeOrder(a: number, b: number): number {
    if (!this.volumeExact.has(a) && !this.volumeExact.has(b)) return 0;
    const x = this.keyOf('volume', a);
    const y = this.keyOf('volume', b);
    if (x === null || y === null) return 0;
    return x === y ? 0 : x > y ? -1 : 1;
  }

  /** The id of a category, as spelled (a category is compared lowercased). */
  private intern(category: string): number {
    let id = this.categorySpellings.get(category);
    if (id === undefined) {
      const lower = category.toLowerCase();
      id = this.categoryIds.get(lower);
      if (id === undefined) {
        id = this.categoryIds.size;
        this.categoryIds.set(lower, id);
      }
      this.categorySpellings.set(category, id);
    }
    return id;
  }

  private grow(needed: number): void {
    if (needed <= this.capacity) return;
    const cap = Math.max(1024, this.capacity * 2, needed);
    const g = <T extends Uint8Array | Int32Array | Uint32Array | Float64Array>(old: T, make: (n: number) => T): T => {
      const next = make(cap);
      next.set(old);
      return next;
    };
    this.venue = g(this.venue, (n) => new Uint8Array(n));
    this.status = g(this.status, (n) => new Uint8Array(n));
    this.flags = g(this.flags, (n) => new Uint8Array(n));
    this.category = g(this.category, (n) => new Int32Array(n));
    this.closeMs = g(this.closeMs, (n) => new Float64Array(n));
    this.newestMs = g(this.newestMs, (n) => new Float64Array(n));
    this.volume = g(this.volume, (n) => new Float64Array(n));
    this.quotedMs = g(this.quotedMs, (n) => new Float64Array(n));
    this.textHash = g(this.textHash, (n) => new Float64Array(n));
    this.idKey = g(this.idKey, (n) => new Float64Array(n));
    this.walk = g(this.walk, (n) => new Uint32Array(n));
    if (this.keepsJson) this.texts.grow(cap);
    this.capacity = cap;
  }
}
