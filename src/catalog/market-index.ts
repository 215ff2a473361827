/**
 * The catalog's market index, in two tiers of `MarketTable` columns (docs/catalog-scale.md):
 * - hot: every market but old closed and resolved ones, each held as its compact JSON and decoded
 *   when served;
 * - cold (only with `coldAfterMs`): closed and resolved markets older than that, of which only the
 *   columns, word lists and views are held; the markets themselves are read from the cache store
 *   (the catalog's `queryMarketsTiered`, `findMarket`).
 * A page costs O(log n + rows walked), a `q` page the length of its words' shortest list or the
 * rows a sorted walk visits. Nothing is built on a shape's first use (the views are kept sorted
 * for all of them; a walk's new markets are merged in when it ends, `settle`), so the first query
 * of a shape costs what the next one does.
 */
import type { Market, MarketStatus, VenueId } from '../core/index.js';
import { VENUE_IDS } from '../core/index.js';
import { InvalidCursorError, decodeCursor, encodeCursor, fingerprint, type CursorPosition } from './cursor.js';
import { decodeMarket, encodeMarket } from './market-codec.js';
import { decimalSortKey, plainOfKey, timeOrNull, timesOf, type MarketTimes } from './market-keys.js';
import { MarketTable, OPEN, type SlotMap } from './market-table.js';
import { tablePage, type TablePage } from './market-page.js';
import { nextTurn, Turns } from './next-turn.js';
import type { MarketSummary } from './market-table.js';
import { compareRows } from './sorted-view.js';
import type { SortKey } from './sorted-view.js';
import type { CatalogSort, ListPage, MarketQuery } from './types.js';

export type { MarketSummary } from './market-table.js';

/**
 * The status to serve at `nowMs`: a market past its close time is not `open`, whatever the venue's
 * flag says (venues flip the flag late, some never do); it is `closed` until the venue says more.
 */
export function statusAt(status: MarketStatus, closeMs: number | null, nowMs: number): MarketStatus {
  return status === 'open' && closeMs !== null && closeMs <= nowMs ? 'closed' : status;
}

/** One `closed` copy per stored market object, so that repeated answers reuse the same object. */
const closedCopies = new WeakMap<Market, Market>();

/** The market as served at `nowMs` (the stored object itself unless its close time has passed while `open`). */
export function marketAt(market: Market, nowMs: number): Market {
  const closeMs = timeOrNull(market.closeTime);
  if (statusAt(market.status, closeMs, nowMs) === market.status) return market;
  let copy = closedCopies.get(market);
  if (!copy) {
    copy = { ...market, status: 'closed' };
    closedCopies.set(market, copy);
  }
  return copy;
}

/**
 * Whether `market` belongs to the cold tier at `nowMs`: closed or resolved for longer than
 * `maxAgeMs` (by close time, else `updatedAt`). `t` is `timesOf(market)` when the caller has it.
 */
export function isColdAt(market: Market, nowMs: number, maxAgeMs: number | null, t?: MarketTimes): boolean {
  if (maxAgeMs === null) return false;
  const { close, updated } = t ?? timesOf(market);
  const closeMs = close === close ? close : null;
  const status = statusAt(market.status, closeMs, nowMs);
  if (status !== 'resolved' && status !== 'closed') return false;
  const since = closeMs ?? (updated === updated ? updated : null);
  return since !== null && since < nowMs - maxAgeMs;
}

/** The digest a market query's cursors carry (filters and sort, not the limit or cursor). */
export function marketsFingerprint(query: MarketQuery): string {
  return fingerprint({
    t: 'markets',
    v: query.venues.length > 0 ? [...new Set(query.venues)].sort() : null,
    s: query.status && query.status.length > 0 ? [...new Set(query.status)].sort() : null,
    q: query.q ? query.q.toLowerCase() : null,
    c: query.category ? query.category.toLowerCase() : null,
    cb: query.closesBefore ? query.closesBefore.getTime() : null,
    ...(query.realMoney === undefined ? {} : { rm: query.realMoney }),
    o: query.sort,
  });
}

const directionOf = (sort: CatalogSort): 'asc' | 'desc' => (sort === 'closeTime' ? 'asc' : 'desc');

export interface MarketIndexOptions {
  /** Clock of the served status (default Date.now). */
  now?: () => number;
  /** Keep the venue's raw payload of markets that carry one (default false: dropped). */
  keepRaw?: boolean;
  /**
   * Closed and resolved markets older than this (by close time, else `updatedAt`) go to the cold
   * tier: columns only, the market itself left to the cache store. Default null: one tier, all hot.
   */
  coldAfterMs?: number | null;
  /** Decoded markets kept, so that a page served again reuses its objects and cached JSON (default 10,000). */
  decodedCacheSize?: number;
}

/** A row of a page over both tiers: a hot market, or the id of a cold one to read from the store. */
export type TieredRow = { id: string; market: Market } | { id: string; market: null };

export class MarketIndex {
  /** Turns of the event loop for the walks indexing pages into this index (`Turns`). */
  readonly turns = new Turns();
  /** Both tiers' ids (`SlotMap`): the hot tier is tier 0, the cold one tier 1. */
  private readonly where: SlotMap = new Map();
  private readonly hot = new MarketTable(true, 0, this.where);
  private readonly cold: MarketTable | null;
  private readonly listeners = new Set<(markets: Market[]) => void>();
  private readonly decoded = new Map<number, Market>();
  private readonly now: () => number;
  private readonly keepRaw: boolean;
  private readonly decodedMax: number;
  private walks = 0;
  readonly coldAfterMs: number | null;
  /** Rows and word-list entries the last query examined (what a page costs, without a clock). */
  lastCost = 0;

  constructor(options: (() => number) | MarketIndexOptions = {}) {
    const o = typeof options === 'function' ? { now: options } : options;
    this.now = o.now ?? Date.now;
    this.keepRaw = o.keepRaw ?? false;
    this.coldAfterMs = o.coldAfterMs ?? null;
    this.cold = this.coldAfterMs === null ? null : new MarketTable(false, 1, this.where);
    this.decodedMax = o.decodedCacheSize ?? 10_000;
  }

  /** Hot markets. */
  get size(): number {
    return this.hot.size;
  }

  /** Cold markets (held as columns only). */
  get coldSize(): number {
    return this.cold?.size ?? 0;
  }

  /** The compact JSON this index holds a market as (and the catalog writes to the cache store). */
  encode(market: Market): string {
    return encodeMarket(market, this.keepRaw);
  }

  /**
   * Adds or replaces markets. `walk`, when not 0, records them as listed by that walk
   * (`startWalk`). `encodedOut`, when given, receives each market's compact JSON (`encode`), cold
   * ones included, in order: what the catalog writes to the cache store. New markets' places in
   * the sorted views may be left pending until a later batch, `settle` or the next query.
   */
  upsert(items: Iterable<Market>, walk = 0, encodedOut?: string[]): void {
    const list: Market[] = [];
    const now = this.now();
    const { hot, cold } = this;
    for (const m of items) {
      list.push(m);
      // Each time is parsed once, for the tier, the encoding and the columns; the id is looked up
      // once, for both tiers.
      const t = timesOf(m);
      const at = this.where.get(m.id);
      const tier = at === undefined ? -1 : at & 1;
      const slot = at === undefined ? -1 : at >>> 1;
      if (cold !== null && isColdAt(m, now, this.coldAfterMs, t)) {
        if (encodedOut !== undefined) encodedOut.push(encodeMarket(m, this.keepRaw, t));
        if (tier === 0) this.dropHotSlot(slot);
        cold.put(m, null, walk, t, tier === 1 ? slot : -1);
      } else {
        const json = encodeMarket(m, this.keepRaw, t);
        encodedOut?.push(json);
        if (tier === 1) cold?.deleteSlot(slot);
        this.decoded.delete(hot.put(m, json, walk, t, tier === 0 ? slot : -1));
      }
    }
    // At most one merge of the views per tier and batch (`MarketTable.mergeDue`).
    hot.mergeDue();
    cold?.mergeDue();
    this.compactIfDue();
    for (const l of this.listeners) l(list);
  }

  /**
   * Sorts what `upsert` left pending into the views (they take a large batch of new markets in one
   * merge): call it when a walk or a load ends, so that the first query does not pay for it. A
   * query settles whatever is still pending itself.
   */
  settle(): void {
    this.hot.settle();
    this.cold?.settle();
  }

  /**
   * `settle`, one view at a time, giving the event loop a turn between two: at a million markets
   * each is a merge of up to 65,536 slots (100–200 ms), and the six at once held it for half a
   * second. What a long walk or load calls when it ends. Inserts made by others meanwhile are left
   * to their own settling (or the next query's).
   */
  async settleInTurns(): Promise<void> {
    // Three views per tier.
    for (let turn = 0; turn < 6; turn++) {
      if (!(this.hot.settleOne() || this.cold?.settleOne())) return;
      await nextTurn();
    }
  }

  /** Removes markets from both tiers; returns how many were held. */
  remove(ids: Iterable<string>): number {
    let n = 0;
    for (const id of new Set(ids)) {
      if (this.dropHot(id) || this.cold?.delete(id) !== undefined) n += 1;
    }
    this.compactIfDue();
    return n;
  }

  /** Called with every batch of markets indexed (the event index re-derives its events' keys). */
  onUpsert(listener: (markets: Market[]) => void): void {
    this.listeners.add(listener);
  }

  /** Whether the hot tier holds `id`. */
  has(id: string): boolean {
    return this.hot.slotOf(id) !== undefined;
  }

  /** Whether the cold tier holds `id` (its market is in the cache store). */
  hasCold(id: string): boolean {
    return this.cold?.slotOf(id) !== undefined;
  }

  /** A hot market, as served now. */
  get(id: string): Market | undefined {
    const slot = this.hot.slotOf(id);
    return slot === undefined ? undefined : marketAt(this.marketOf(slot), this.now());
  }

  /** The stored hot market, as the venue last described it (no status derived from the clock). */
  stored(id: string): Market | undefined {
    const slot = this.hot.slotOf(id);
    return slot === undefined ? undefined : this.marketOf(slot);
  }

  /** Status, close and open times and volume of a market of either tier, without decoding it. */
  summary(id: string): MarketSummary | undefined {
    const slot = this.hot.slotOf(id);
    if (slot !== undefined) return this.hot.summary(slot);
    const c = this.cold?.slotOf(id);
    return c === undefined ? undefined : this.cold?.summary(c);
  }

  /** Cold markets of one venue, O(1). */
  coldCountOf(venue: VenueId): number {
    return this.cold?.countOf(venue) ?? 0;
  }

  /** Markets of one venue in both tiers, O(1). */
  countOf(venue: VenueId): number {
    return this.hot.countOf(venue) + this.coldCountOf(venue);
  }

  /**
   * A new walk's number, for `upsert` to record which markets the walk listed and `unlistedBy` to
   * name the others (without a set of a million listed ids).
   */
  startWalk(): number {
    this.walks = this.walks === 0xffffffff ? 1 : this.walks + 1;
    return this.walks;
  }

  /** Ids of one venue's markets (both tiers) that `walk` did not list (a full scan, once per full walk). */
  unlistedBy(venue: VenueId, walk: number): string[] {
    return this.idsWhere(venue, (t, s) => t.walk[s] !== walk);
  }

  /** Ids of one venue's markets in both tiers (a full scan; for a reload from the store). */
  idsOf(venue: VenueId): string[] {
    return this.idsWhere(venue, () => true);
  }

  /** `quotedAt` (epoch ms) of one venue's open markets that have it (a full scan, for metrics). */
  quoteTimesOf(venue: VenueId): number[] {
    const now = this.now();
    const code = VENUE_IDS.indexOf(venue);
    const t = this.hot;
    const out: number[] = [];
    for (let s = 0; s < t.ids.length; s++) {
      if (t.venue[s] !== code || t.ids[s] === null || t.status[s] !== OPEN) continue;
      if ((t.closeMs[s] as number) <= now) continue;
      const at = t.quotedMs[s] as number;
      if (at === at) out.push(at);
    }
    return out;
  }

  /** Distinct words and estimated bytes by component (docs/catalog-scale.md). */
  memory(): { hot: number; cold: number; words: number; bytes: { json: number; columns: number; ids: number; views: number; words: number; cold: number } } {
    const h = this.hot.bytes();
    const c = this.cold?.bytes();
    const cold = c === undefined ? 0 : c.columns + c.ids + c.views + c.words;
    return { hot: this.hot.size, cold: this.coldSize, words: this.hot.tokens.words, bytes: { ...h, cold } };
  }

  /** One page of the hot tier. Throws `InvalidCursorError` for a cursor that is garbage or from another query. */
  query(query: MarketQuery): ListPage<Market> {
    const fp = marketsFingerprint(query);
    const after = this.cursorOf(query, fp);
    const now = this.now();
    this.lastCost = 0;
    const page = this.pageOf(this.hot, query, after, now);
    const last = page.slots[page.slots.length - 1];
    const nextCursor = page.more && last !== undefined ? encodeCursor(fp, { key: this.hot.keyOf(query.sort, last), id: this.hot.ids[last] as string }) : null;
    return { data: page.slots.map((s) => marketAt(this.marketOf(s), now)), nextCursor };
  }

  /**
   * One page over both tiers, in the same total order (sort key, then id): hot rows carry their
   * market, cold rows only their id (the caller reads them from the cache store). The hot tier
   * alone unless the cold tier is on and the query asks for `closed` or `resolved` markets.
   */
  queryTiered(query: MarketQuery): { rows: TieredRow[]; nextCursor: string | null } {
    const wantsCold = query.status?.some((s) => s === 'closed' || s === 'resolved') ?? false;
    if (this.cold === null || !wantsCold) {
      const page = this.query(query);
      return { rows: page.data.map((m) => ({ id: m.id, market: m })), nextCursor: page.nextCursor };
    }
    const fp = marketsFingerprint(query);
    const after = this.cursorOf(query, fp);
    const now = this.now();
    this.lastCost = 0;
    const { sort } = query;
    const h = this.pageOf(this.hot, query, after, now);
    const c = this.pageOf(this.cold, query, after, now);
    const limit = Math.max(1, Math.floor(query.limit));
    const dir = directionOf(sort);
    const rows: { tier: MarketTable; slot: number; key: SortKey; id: string }[] = [];
    let i = 0;
    let j = 0;
    // Each side holds its first `limit` rows after the cursor (and says if more follow): the merged
    // first `limit` rows are among them.
    while (rows.length < limit && (i < h.slots.length || j < c.slots.length)) {
      const hs = h.slots[i];
      const cs = c.slots[j];
      const hk = hs === undefined ? null : { key: this.hot.keyOf(sort, hs), id: this.hot.ids[hs] as string };
      const ck = cs === undefined ? null : { key: this.cold.keyOf(sort, cs), id: this.cold.ids[cs] as string };
      if (ck === null || (hk !== null && compareRows(dir, hk.key, hk.id, ck.key, ck.id) < 0)) {
        rows.push({ tier: this.hot, slot: hs as number, ...(hk as { key: SortKey; id: string }) });
        i += 1;
      } else {
        rows.push({ tier: this.cold, slot: cs as number, ...ck });
        j += 1;
      }
    }
    const more = i < h.slots.length || j < c.slots.length || h.more || c.more;
    const last = rows[rows.length - 1];
    return {
      rows: rows.map((r) => (r.tier === this.hot ? { id: r.id, market: marketAt(this.marketOf(r.slot), now) } : { id: r.id, market: null })),
      nextCursor: more && last !== undefined ? encodeCursor(fp, { key: last.key, id: last.id }) : null,
    };
  }

  private cursorOf(query: MarketQuery, fp: string): { key: SortKey; id: string } | null {
    if (!Object.hasOwn(this.hot.views, query.sort)) throw new InvalidCursorError(`unknown sort ${String(query.sort)}`);
    if (query.cursor === undefined) return null;
    const after = decodeCursor(query.cursor, fp);
    const keyType = query.sort === 'volume' ? 'string' : 'number';
    if (after.key !== null && (typeof after.key !== keyType || (query.sort === 'volume' && decimalSortKey(plainOfKey(after.key as string)) !== after.key))) {
      throw new InvalidCursorError('cursor is not a cursor issued by this API');
    }
    return after;
  }

  private pageOf(t: MarketTable, query: MarketQuery, after: CursorPosition | null, now: number): TablePage {
    const page = tablePage(t, query, after, now);
    this.lastCost += page.cost;
    return page;
  }

  private *tables(): Generator<MarketTable> {
    yield this.hot;
    if (this.cold !== null) yield this.cold;
  }

  /** Ids of one venue's live markets in both tiers for which `keep` holds (a full scan). */
  private idsWhere(venue: VenueId, keep: (t: MarketTable, slot: number) => boolean): string[] {
    const code = VENUE_IDS.indexOf(venue);
    const out: string[] = [];
    for (const t of this.tables()) {
      for (let s = 0; s < t.ids.length; s++) {
        if (t.venue[s] === code && t.ids[s] !== null && keep(t, s)) out.push(t.ids[s] as string);
      }
    }
    return out;
  }

  private dropHot(id: string): boolean {
    const slot = this.hot.slotOf(id);
    if (slot === undefined) return false;
    this.dropHotSlot(slot);
    return true;
  }

  private dropHotSlot(slot: number): void {
    this.hot.deleteSlot(slot);
    this.decoded.delete(slot);
  }

  private compactIfDue(): void {
    if (this.hot.wantsCompaction()) {
      this.hot.compact();
      this.decoded.clear();
    }
    if (this.cold?.wantsCompaction()) this.cold.compact();
    this.hot.compactTexts();
  }

  private marketOf(slot: number): Market {
    let m = this.decoded.get(slot);
    if (m === undefined) {
      m = decodeMarket(this.hot.jsonOf(slot) as string);
      if (this.decoded.size >= this.decodedMax) this.decoded.delete(this.decoded.keys().next().value as number);
      this.decoded.set(slot, m);
    }
    return m;
  }
}
