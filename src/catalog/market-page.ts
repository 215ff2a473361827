/**
 * One page of one tier (`MarketTable`): the first `limit` rows matching a query after a cursor, in
 * the sort's order. Without `q`, a walk of the sorted view from the cursor; with `q`, the
 * candidates of the rarest word sorted and paged, or, for a common word, the view walked and each
 * slot tested against the word lists. Reports the rows and list entries it examined.
 */
import type { MarketStatus, VenueId } from '../core/index.js';
import { VENUE_IDS } from '../core/index.js';
import type { CursorPosition } from './cursor.js';
import { CLOSED, OPEN, STATUSES } from './market-table.js';
import type { MarketTable } from './market-table.js';
import type { SlotPosition } from './sorted-slots.js';
import { TokenIndex, listHas, wordsOf } from './token-index.js';
import type { MarketQuery } from './types.js';

/** Above this many `q` candidates, a page walks the sorted view instead of sorting the candidates. */
const SORT_CANDIDATES_MAX = 20_000;

export interface TablePage {
  slots: number[];
  more: boolean;
  /** Rows and word-list entries examined. */
  cost: number;
}

export function tablePage(t: MarketTable, query: MarketQuery, after: CursorPosition | null, now: number): TablePage {
  const { sort } = query;
  const limit = Math.max(1, Math.floor(query.limit));
  const words = query.q ? wordsOf(query.q) : [];
  const category = query.category ? query.category.toLowerCase() : null;
  const categoryId = category === null ? null : t.categoryId(category);
  if ((query.q && words.length === 0) || categoryId === undefined) return { slots: [], more: false, cost: 0 };
  const lists = words.length > 0 ? t.tokens.listsOf(words) : null;
  if (words.length > 0 && lists === null) return { slots: [], more: false, cost: 0 };
  const venues = query.venues.length > 0 ? new Set<VenueId>(query.venues) : null;
  const venueMask = venues === null ? -1 : VENUE_IDS.reduce((m, v, i) => (venues.has(v) ? m | (1 << i) : m), 0);
  const statuses = query.status && query.status.length > 0 ? new Set<MarketStatus>(query.status) : null;
  const statusMask = statuses === null ? -1 : STATUSES.reduce((m, s, i) => (statuses.has(s) ? m | (1 << i) : m), 0);
  const closesBefore = query.closesBefore ? query.closesBefore.getTime() : null;
  const realMoney = query.realMoney ?? null;
  const accept = (s: number): boolean => {
    if (((1 << (t.venue[s] as number)) & venueMask) === 0) return false;
    const close = t.closeMs[s] as number;
    if (statusMask !== -1) {
      let st = t.status[s] as number;
      if (st === OPEN && close <= now) st = CLOSED;
      if (((1 << st) & statusMask) === 0) return false;
    }
    if (categoryId !== null && t.category[s] !== categoryId) return false;
    if (closesBefore !== null && !(close < closesBefore)) return false;
    if (realMoney !== null && t.realMoney(s) !== realMoney) return false;
    return true;
  };
  const slots: number[] = [];
  let more = false;
  let cost = 0;
  const take = (s: number): boolean => {
    cost += 1;
    if (!accept(s)) return true;
    if (slots.length === limit) {
      more = true;
      return false;
    }
    slots.push(s);
    return true;
  };
  const before = after === null ? null : (s: number) => t.atOrBefore(sort, s, after.key, after.id);
  const view = t.views[sort];
  if (lists !== null && (typeof lists[0] === 'number' || (lists[0]?.length ?? 0) <= SORT_CANDIDATES_MAX)) {
    // Few matches: order them and page, O(k log k) for the k slots of the shortest list.
    const candidates = TokenIndex.intersect(lists).filter((s) => t.isLive(s));
    cost += candidates.length;
    const sorted = candidates.sort(view.compare);
    let i = 0;
    if (before !== null) {
      let hi = sorted.length;
      while (i < hi) {
        const mid = (i + hi) >>> 1;
        if (before(sorted[mid] as number)) i = mid + 1;
        else hi = mid;
      }
    }
    for (; i < sorted.length && take(sorted[i] as number); i++);
  } else {
    const start: SlotPosition = before === null ? { chunk: 0, index: 0 } : view.seek(before);
    const pastBound = closesBefore !== null && sort === 'closeTime';
    view.walk(start, (s) => {
      if (pastBound && !((t.closeMs[s] as number) < (closesBefore as number))) return false;
      if (lists !== null) {
        cost += 1;
        for (const l of lists) if (!listHas(l, s)) return true;
      }
      return take(s);
    });
  }
  return { slots, more, cost };
}
