import type { Logger } from 'pino';
import { type Event, type Market, type MarketStatus } from '../../src/core/index.js';
import { paginateCursor, type EventListQuery, type MarketListQuery, type Page } from '../../src/venue/index.js';
import type { ManifoldClient, SearchQuery } from './client.js';
import { advance, decodeCursor, encodeCursor, isTimeCursor, requestLimit, type TimeCursor } from './client-paging.js';
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
 * Both cursors are "strictly before" a time; client-paging.ts keeps rows that share the time of a
 * page boundary. Contracts that do not fit the binary model are skipped and counted, never fatal.
 */

type Phase = 'binary' | 'dependent' | 'independent' | 'changed';

interface CatalogCursor extends TimeCursor {
  ph: Phase;
  /** `updatedSince` in ms (phase `changed`). */
  u?: number;
}

const MAX_LIMIT = 1000;
const FULL_FETCH_PARALLEL = 4;

const PHASES: readonly Phase[] = ['binary', 'dependent', 'independent', 'changed'];
const encode = (c: CatalogCursor): string => encodeCursor(c);
const decode = (text: string): CatalogCursor => decodeCursor<CatalogCursor>(text, (c) => PHASES.includes(c.ph) && isTimeCursor(c));

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

  private map(m: WireMarket, quotedAt: Date): ContractMapping {
    const r = mapContract(m, { includeRaw: this.d.includeRaw, quotedAt, ...(this.d.now ? { now: this.d.now } : {}) });
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
    const first: CatalogCursor = query.updatedSince ? { ph: 'changed', u: query.updatedSince.getTime(), s: [] } : { ph: 'binary', s: [] };
    return this.walk(query.cursor, first, limit, query.status, (rows, phase, quotedAt) => {
      const out: Market[] = [];
      for (const r of rows) {
        if (phase === 'binary' && r.outcomeType === 'MULTIPLE_CHOICE') continue;
        const m = this.map(r, quotedAt);
        if (m.kind === 'mapped') out.push(...m.markets.filter(keep));
      }
      return out;
    });
  }

  listEvents(query: EventListQuery = {}): AsyncIterable<Page<Event>> {
    const limit = Math.max(1, Math.min(query.pageSize ?? MAX_LIMIT, MAX_LIMIT));
    const wanted = query.status && query.status.length > 0 ? new Set<MarketStatus>(query.status) : null;
    return this.walk(query.cursor, { ph: 'dependent', s: [] }, limit, query.status, (rows, _phase, quotedAt) => {
      const out: Event[] = [];
      for (const r of rows) {
        const m = this.map(r, quotedAt);
        if (m.kind !== 'mapped' || !m.event) continue;
        if (wanted && !m.markets.some((x) => wanted.has(x.status))) continue;
        out.push(m.event);
      }
      return out;
    });
  }

  /** Pages of mapped items over the phases, from `start` (or a saved cursor). */
  private walk<T>(
    cursor: string | undefined,
    start: CatalogCursor,
    limit: number,
    status: MarketStatus[] | undefined,
    mapRows: (rows: WireMarket[], phase: Phase, quotedAt: Date) => T[],
  ): AsyncIterable<Page<T>> {
    const skippedAtStart = { ...this.skips.skippedBy };
    return paginateCursor<T>({
      venue: 'manifold',
      endpoint: 'catalog',
      ...(cursor !== undefined ? { startCursor: cursor } : {}),
      fetchPage: async (c) => {
        const at = c === undefined ? start : decode(c);
        const { rows, next, maxAgeMs } = await this.fetchPhase(at, limit, status);
        // The answers may come from the CDN: their quotes can be as old as its lifetime.
        const quotedAt = new Date((this.d.now ? this.d.now() : new Date()).getTime() - maxAgeMs);
        const items = mapRows(rows, at.ph, quotedAt);
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

  /** One venue request of a phase: its rows (not yet mapped), where to go next, and how old the answers may be. */
  private async fetchPhase(at: CatalogCursor, pageSize: number, status: MarketStatus[] | undefined): Promise<{ rows: WireMarket[]; next: CatalogCursor | null; maxAgeMs: number }> {
    const given = new Set(at.s);
    const limit = requestLimit(at, pageSize, MAX_LIMIT);
    if (at.ph === 'binary' || at.ph === 'changed') {
      const changed = at.ph === 'changed';
      const { data: page, maxAgeMs } = await this.d.client.markets({ limit, before: at.b, ...(changed ? { sort: 'updated-time' as const, order: 'desc' as const } : {}) });
      let age = maxAgeMs;
      const time = changed ? updatedTime : (m: LiteMarket) => m.createdTime;
      let rows = page.filter((m) => !given.has(m.id));
      const { next, stuck } = advance(page, at, limit, time, (m) => m.id, 'id');
      this.warnStuck(stuck, at.ph);
      let done = next === null;
      if (changed) {
        const since = at.u ?? 0;
        if (page.some((m) => updatedTime(m) < since)) done = true;
        const full = await this.withAnswers(rows.filter((m) => updatedTime(m) >= since));
        rows = full.rows;
        age = Math.max(age, full.maxAgeMs);
      }
      if (!done && next) return { rows, next: { ph: at.ph, ...next, ...(changed ? { u: at.u } : {}) }, maxAgeMs: age };
      return { rows, next: changed ? null : { ph: 'dependent', s: [] }, maxAgeMs: age };
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
    const { data: page, maxAgeMs } = await this.d.client.searchMarkets(q);
    const rows: WireMarket[] = page.filter((m) => !given.has(m.id)).map((m) => ({ ...m, shouldAnswersSumToOne: sumsToOne }) as FullMarket);
    const { next, stuck } = advance(page, at, limit, (m) => m.createdTime, (m) => m.id, 'time');
    this.warnStuck(stuck, at.ph);
    if (next) return { rows, next: { ph: at.ph, ...next }, maxAgeMs };
    return { rows, next: sumsToOne ? { ph: 'independent', s: [] } : null, maxAgeMs };
  }

  private warnStuck(stuck: boolean, phase: Phase): void {
    if (stuck) this.d.logger?.warn({ venue: 'manifold', phase }, 'manifold catalog: more contracts share one time than a page holds; some may be missed');
  }

  /** Multiple-choice rows of `/markets` carry no answers: fetch those contracts whole. */
  private async withAnswers(rows: LiteMarket[]): Promise<{ rows: WireMarket[]; maxAgeMs: number }> {
    const out: WireMarket[] = [...rows];
    let maxAgeMs = 0;
    const needFull = rows.map((m, i) => [m, i] as const).filter(([m]) => m.outcomeType === 'MULTIPLE_CHOICE' && m.mechanism === 'cpmm-multi-1');
    for (let k = 0; k < needFull.length; k += FULL_FETCH_PARALLEL) {
      const batch = needFull.slice(k, k + FULL_FETCH_PARALLEL);
      const full = await Promise.all(batch.map(([m]) => this.d.client.marketFetched(m.id)));
      batch.forEach(([, i], j) => {
        const f = full[j]!;
        out[i] = f.data;
        maxAgeMs = Math.max(maxAgeMs, f.maxAgeMs);
      });
    }
    return { rows: out, maxAgeMs };
  }
}

/**
 * `search-markets` `filter=open` when only open markets are wanted; otherwise everything, filtered
 * here (an open multiple-choice contract can hold answers resolved one by one).
 */
function searchFilter(status: MarketStatus[] | undefined): SearchQuery['filter'] {
  return status && status.length > 0 && status.every((s) => s === 'open') ? 'open' : 'all';
}
