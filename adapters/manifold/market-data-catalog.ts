import type { Logger } from 'pino';
import { BadRequest, type Event, type Market, type MarketStatus } from '../../src/core/index.js';
import { paginateCursor, type EventListQuery, type MarketListQuery, type Page } from '../../src/venue/index.js';
import type { ManifoldClient, SearchQuery } from './client.js';
import { mapContract, type ContractMapping, type SkipReason } from './map-market.js';
import type { FullMarket, LiteMarket, WireMarket } from './wire.js';

/**
 * The catalog walk (docs/venues/manifold.md §Market data endpoints, §Mapping), in phases that a
 * saved cursor can resume:
 *
 * 1. `binary` — `GET /markets` (newest first, `before` = a contract id): the binary contracts.
 *    Multiple-choice rows there carry no answers; they come from the next phases instead.
 * 2. `dependent`, 3. `independent` — `GET /search-markets?sort=newest&includeLiteAnswers=true`
 *    with `contractType=DEPENDENT_MULTIPLE_CHOICE` / `INDEPENDENT_MULTIPLE_CHOICE` (`beforeTime`
 *    cursor): multiple-choice contracts with their answers, whether they sum to one being the
 *    phase. One listing per thousand contracts instead of one `GET /market/:id` each.
 *
 * With `updatedSince`, one phase `changed`: `GET /markets?sort=updated-time` until rows are older
 * than `since`; multiple-choice rows among them are fetched whole (`GET /market/:id`), which also
 * brings their answers' pools, volumes and resolutions.
 *
 * Both cursors are "strictly before" the cursor row's time, so rows sharing the last time of a page
 * would be lost: the next page starts before the last row whose time is greater, and the rows
 * already given at the last time are skipped (only a page that is all one time can lose rows).
 * Contracts that do not fit the binary model are skipped and counted, never fatal.
 */

type Phase = 'binary' | 'dependent' | 'independent' | 'changed';

interface CatalogCursor {
  ph: Phase;
  /** `GET /markets` `before` (a contract id). */
  b?: string;
  /** `search-markets` `beforeTime`. */
  t?: number;
  /** Contracts already given at the boundary time. */
  s?: string[];
  /** `updatedSince` in ms (phase `changed`). */
  u?: number;
}

const MAX_LIMIT = 1000;
const FULL_FETCH_PARALLEL = 4;

/** Our listing cursors: a small JSON object, base64url-encoded (opaque to callers). */
export function encodeCursor(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor<T extends object>(text: string, valid: (c: T) => boolean = () => true): T {
  let c: unknown;
  try {
    c = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    c = undefined;
  }
  if (c === null || typeof c !== 'object' || !valid(c as T)) throw new BadRequest(`manifold: invalid listing cursor ${JSON.stringify(text)}`, { venue: 'manifold' });
  return c as T;
}

const PHASES: readonly Phase[] = ['binary', 'dependent', 'independent', 'changed'];
const encode = (c: CatalogCursor): string => encodeCursor(c);
const decode = (text: string): CatalogCursor => decodeCursor<CatalogCursor>(text, (c) => PHASES.includes(c.ph));

/**
 * Where the next page starts after `rows` (newest first by `time`): before the last row whose time
 * is greater than the page's last time, skipping the rows already given at that last time.
 */
export function nextPosition<T>(rows: readonly T[], time: (r: T) => number, id: (r: T) => string): { row: T; time: number; skip: string[] } {
  const last = rows[rows.length - 1] as T;
  const lastTime = time(last);
  let i = rows.length - 1;
  while (i >= 0 && time(rows[i] as T) === lastTime) i -= 1;
  if (i < 0) return { row: last, time: lastTime, skip: [] };
  return { row: rows[i] as T, time: lastTime, skip: rows.slice(i + 1).map(id) };
}

function updatedTime(m: LiteMarket): number {
  return m.lastUpdatedTime ?? m.createdTime;
}

export interface CatalogDeps {
  client: ManifoldClient;
  logger?: Logger | undefined;
  now?: () => Date;
  includeRaw: boolean;
}

export interface SkipCounts {
  skipped: number;
  skippedBy: Partial<Record<SkipReason | 'needs-full', number>>;
}

export class ManifoldCatalog {
  /** Contracts left out since creation, by reason (also logged at the end of each full walk). */
  readonly skips: SkipCounts = { skipped: 0, skippedBy: {} };

  constructor(private readonly d: CatalogDeps) {}

  private map(m: WireMarket): ContractMapping {
    const r = mapContract(m, { includeRaw: this.d.includeRaw, ...(this.d.now ? { now: this.d.now } : {}) });
    if (r.kind !== 'mapped') {
      const reason = r.kind === 'skipped' ? r.reason : 'needs-full';
      this.skips.skipped += 1;
      this.skips.skippedBy[reason] = (this.skips.skippedBy[reason] ?? 0) + 1;
    }
    return r;
  }

  listMarkets(query: MarketListQuery = {}): AsyncIterable<Page<Market>> {
    const limit = Math.max(1, Math.min(query.pageSize ?? MAX_LIMIT, MAX_LIMIT));
    const wanted = query.status && query.status.length > 0 ? new Set<MarketStatus>(query.status) : null;
    const keep = (m: Market) => !wanted || wanted.has(m.status);
    const first: CatalogCursor = query.updatedSince ? { ph: 'changed', u: query.updatedSince.getTime() } : { ph: 'binary' };
    return this.walk(query.cursor, first, limit, query.status, (rows, phase) => {
      const out: Market[] = [];
      for (const r of rows) {
        if (phase === 'binary' && r.outcomeType === 'MULTIPLE_CHOICE') continue;
        const m = this.map(r);
        if (m.kind === 'mapped') out.push(...m.markets.map((x) => x.market).filter(keep));
      }
      return out;
    });
  }

  listEvents(query: EventListQuery = {}): AsyncIterable<Page<Event>> {
    const limit = Math.max(1, Math.min(query.pageSize ?? MAX_LIMIT, MAX_LIMIT));
    const wanted = query.status && query.status.length > 0 ? new Set<MarketStatus>(query.status) : null;
    return this.walk(query.cursor, { ph: 'dependent' }, limit, query.status, (rows) => {
      const out: Event[] = [];
      for (const r of rows) {
        const m = this.map(r);
        if (m.kind !== 'mapped' || !m.event) continue;
        if (wanted && !m.markets.some((x) => wanted.has(x.market.status))) continue;
        out.push(m.event);
      }
      return out;
    });
  }

  /** Pages of mapped items over the phases, from `start` (or a saved cursor). */
  private walk<T>(cursor: string | undefined, start: CatalogCursor, limit: number, status: MarketStatus[] | undefined, mapRows: (rows: WireMarket[], phase: Phase) => T[]): AsyncIterable<Page<T>> {
    const skippedAtStart = { ...this.skips.skippedBy };
    return paginateCursor<T>({
      venue: 'manifold',
      endpoint: 'catalog',
      ...(cursor !== undefined ? { startCursor: cursor } : {}),
      fetchPage: async (c) => {
        const at = c === undefined ? start : decode(c);
        const { rows, next } = await this.fetchPhase(at, limit, status);
        const items = mapRows(rows, at.ph);
        if (next === null) this.logSkips(skippedAtStart);
        return { items, nextCursor: next === null ? null : encode(next) };
      },
    });
  }

  private logSkips(before: SkipCounts['skippedBy']): void {
    const diff = Object.fromEntries(
      Object.entries(this.skips.skippedBy)
        .map(([k, v]) => [k, v - (before[k as keyof typeof before] ?? 0)])
        .filter(([, v]) => (v as number) > 0),
    );
    if (Object.keys(diff).length > 0) this.d.logger?.info({ venue: 'manifold', skipped: diff }, 'manifold catalog: contracts that do not fit the binary model were skipped');
  }

  /** One venue request of a phase: its rows (not yet mapped) and where to go next. */
  private async fetchPhase(at: CatalogCursor, limit: number, status: MarketStatus[] | undefined): Promise<{ rows: WireMarket[]; next: CatalogCursor | null }> {
    const skip = new Set(at.s ?? []);
    if (at.ph === 'binary' || at.ph === 'changed') {
      const changed = at.ph === 'changed';
      const page = await this.d.client.markets({ limit, before: at.b, ...(changed ? { sort: 'updated-time' as const, order: 'desc' as const } : {}) });
      const time = changed ? updatedTime : (m: LiteMarket) => m.createdTime;
      let rows = page.filter((m) => !skip.has(m.id));
      let done = page.length < limit;
      if (changed) {
        const since = at.u ?? 0;
        if (page.some((m) => updatedTime(m) < since)) done = true;
        rows = await this.withAnswers(rows.filter((m) => updatedTime(m) >= since));
      }
      const pos = page.length > 0 ? nextPosition(page, time, (m) => m.id) : null;
      if (!done && pos) return { rows, next: { ph: at.ph, b: pos.row.id, s: pos.skip, ...(changed ? { u: at.u } : {}) } };
      return { rows, next: changed ? null : { ph: 'dependent' } };
    }
    const sumsToOne = at.ph === 'dependent';
    const q: SearchQuery = {
      sort: 'newest',
      contractType: sumsToOne ? 'DEPENDENT_MULTIPLE_CHOICE' : 'INDEPENDENT_MULTIPLE_CHOICE',
      includeLiteAnswers: true,
      limit,
      filter: searchFilter(status),
      ...(at.t !== undefined ? { beforeTime: at.t } : {}),
    };
    const page = await this.d.client.searchMarkets(q);
    const rows: WireMarket[] = page.filter((m) => !skip.has(m.id)).map((m) => ({ ...m, shouldAnswersSumToOne: sumsToOne }) as FullMarket);
    const pos = page.length > 0 ? nextPosition(page, (m) => m.createdTime, (m) => m.id) : null;
    if (page.length >= limit && pos) {
      // `beforeTime` is strict: one past the boundary time keeps its other rows, unless the whole page is that time.
      const tied = pos.skip.length > 0;
      return { rows, next: { ph: at.ph, t: tied ? pos.time + 1 : pos.time, s: tied ? pos.skip : [] } };
    }
    return { rows, next: sumsToOne ? { ph: 'independent' } : null };
  }

  /** Multiple-choice rows of `/markets` carry no answers: fetch those contracts whole. */
  private async withAnswers(rows: LiteMarket[]): Promise<WireMarket[]> {
    const out: WireMarket[] = [...rows];
    const needFull = rows.map((m, i) => [m, i] as const).filter(([m]) => m.outcomeType === 'MULTIPLE_CHOICE' && m.mechanism === 'cpmm-multi-1');
    for (let k = 0; k < needFull.length; k += FULL_FETCH_PARALLEL) {
      const batch = needFull.slice(k, k + FULL_FETCH_PARALLEL);
      const full = await Promise.all(batch.map(([m]) => this.d.client.market(m.id)));
      batch.forEach(([, i], j) => (out[i] = full[j] as FullMarket));
    }
    return out;
  }
}

/**
 * `search-markets` `filter=open` when only open markets are wanted; otherwise everything, filtered
 * here (an open multiple-choice contract can hold answers resolved one by one).
 */
function searchFilter(status: MarketStatus[] | undefined): SearchQuery['filter'] {
  return status && status.length > 0 && status.every((s) => s === 'open') ? 'open' : 'all';
}
