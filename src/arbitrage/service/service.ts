import type { Logger } from 'pino';
import type { Cache } from '../../cache/types.js';
import { nextTurn } from '../../catalog/next-turn.js';
import type { CatalogReader } from '../../catalog/types.js';
import { VENUE_IDS } from '../../core/index.js';
import type { Market } from '../../core/index.js';
import { systemClock, type StreamClock } from '../../venue/index.js';
import { ArbitrageEngine } from '../evaluate/engine.js';
import type { EvaluationConfig, FeeQuoterLookup } from '../evaluate/config.js';
import type { OpportunityEvent } from '../evaluate/types.js';
import { toTradablePair } from '../feed.js';
import { Matcher, type MatchChange, type MatchConfig, type MatchRecord } from '../match/matcher.js';
import { OverrideStore, type OverrideDecision, type StoredOverride } from '../match/overrides.js';
import type { MatchJudge } from '../match/types.js';
import type { BookFeed, BookFeedSink } from './books.js';

/**
 * Arbitrage inside the service: reads the synced catalog, matches its markets across venues (with
 * the curated and runtime overrides), keeps every tradable pair and same-venue complete set
 * evaluated against current books, and reports opportunities as they open, change and close.
 *
 * - The catalog is re-read every `rescanIntervalMs`; only markets whose matching fields changed
 *   are judged again, and a market that left the catalog (or is no longer open) is removed.
 * - Books come from a `BookFeed` (live books, re-evaluating only the pairs of the market that
 *   moved, or REST polling); every `refreshIntervalMs` everything is re-evaluated so that quotes
 *   ageing past the limit are reported as not actionable.
 */

export interface ArbitrageServiceOptions {
  catalog: CatalogReader;
  cache: Cache;
  quoters: FeeQuoterLookup;
  logger: Logger;
  /** Builds the book feed that hands books to the service (given the sink to hand them to). */
  bookFeed(sink: BookFeedSink): BookFeed;
  match?: Partial<MatchConfig>;
  evaluation?: Partial<EvaluationConfig>;
  judge?: MatchJudge;
  /** Decisions of the curated overrides file. */
  fileOverrides?: readonly OverrideDecision[];
  completeSets?: boolean;
  /** Complete sets of events with more markets than this are not watched. */
  maxSetSize?: number;
  rescanIntervalMs?: number;
  refreshIntervalMs?: number;
  clock?: StreamClock;
}

const SCAN_STATUSES = ['open', 'paused', 'upcoming'] as const;
/**
 * A scan gives the event loop a turn after each page of the catalog and after this many matched
 * markets: matching one is a few hundred microseconds, and a first scan of 50,000 markets held
 * the loop for 14 s in one run (requests waited, and idle keep-alive sockets timed out under it).
 */
const MATCHES_PER_TURN = 64;

/** The fields that decide a match: a market is judged again only when one of them changes. */
function matchPrint(m: Market, eventTitle: string | null): string {
  return JSON.stringify([m.title, m.question, m.yesLabel, m.noLabel, m.rules, m.closeTime, m.expectedResolutionTime, m.category, m.tags, eventTitle]);
}

export class ArbitrageService {
  readonly engine: ArbitrageEngine;
  readonly matcher: Matcher;
  readonly overrides: OverrideStore;
  private readonly books: BookFeed;
  private readonly clock: StreamClock;
  private readonly markets = new Map<string, { market: Market; print: string }>();
  private readonly sets = new Set<string>();
  private overridePrints = new Map<string, string>();
  private scanning: Promise<void> | null = null;
  private rescanTimer: unknown;
  private refreshTimer: unknown;
  private closed = false;
  private lastScanAt: string | null = null;
  private scannedReady = false;
  readonly counters = { scans: 0, bookUpdates: 0, events: 0 };

  constructor(private readonly options: ArbitrageServiceOptions) {
    this.clock = options.clock ?? systemClock;
    this.overrides = new OverrideStore(options.cache, () => new Date(this.clock.now()));
    this.matcher = new Matcher({
      overrides: this.overrides,
      ...(options.judge ? { judge: options.judge } : {}),
      ...(options.match ? { config: options.match } : {}),
      now: () => new Date(this.clock.now()),
    });
    this.engine = new ArbitrageEngine({ quoters: options.quoters, ...(options.evaluation ? { config: options.evaluation } : {}), now: () => this.clock.now() });
    this.engine.onEvent(() => (this.counters.events += 1));
    this.books = options.bookFeed({
      update: (book, freshAt) => {
        this.counters.bookUpdates += 1;
        this.engine.applyBook(book, freshAt);
      },
      gone: (id) => {
        this.engine.dropBook(id);
      },
    });
  }

  /** Loads the overrides, runs the first scan, and arms the timers. */
  async start(): Promise<void> {
    await this.overrides.load(this.options.fileOverrides ?? []);
    this.overridePrints = this.printOverrides();
    await this.scan();
    this.armRescan();
    this.armRefresh();
  }

  onEvent(listener: (event: OpportunityEvent) => void): () => void {
    return this.engine.onEvent(listener);
  }

  /** Every current opportunity (the feed's `arbitrage` snapshot). */
  opportunities() {
    return this.engine.opportunities();
  }

  status() {
    return { lastScanAt: this.lastScanAt, ...this.matcher.stats(), markets: this.markets.size, watched: this.engine.watchedMarkets().length, opportunities: this.engine.opportunities().length, ...this.counters };
  }

  /** Every judged pair (tradable or candidate). */
  matches(): MatchRecord[] {
    return this.matcher.all();
  }

  market(id: string): Market | undefined {
    return this.markets.get(id)?.market ?? this.options.catalog.getMarket(id);
  }

  /** Records a human decision, persists it, and applies it at once. */
  async decide(decision: OverrideDecision): Promise<{ override: StoredOverride; record: MatchRecord | undefined }> {
    const override = await this.overrides.set(decision);
    this.overridePrints = this.printOverrides();
    this.apply(this.matcher.overrideChanged(decision.a, decision.b));
    await this.watchBooks();
    return { override, record: this.matcher.get(decision.a, decision.b) };
  }

  /** Re-reads the catalog now (also runs on a timer). */
  scan(): Promise<void> {
    this.scanning ??= this.scanOnce().finally(() => {
      this.scanning = null;
    });
    return this.scanning;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.rescanTimer !== undefined) this.clock.clearTimeout(this.rescanTimer);
    if (this.refreshTimer !== undefined) this.clock.clearTimeout(this.refreshTimer);
    await this.scanning?.catch(() => undefined);
    await this.books.close();
  }

  private async scanOnce(): Promise<void> {
    const { catalog, logger } = this.options;
    const ready = catalog.isReady();
    const seen = new Set<string>();
    const changed: { market: Market; eventTitle: string | null }[] = [];
    let cursor: string | undefined;
    do {
      const page = catalog.queryMarkets({ venues: [...VENUE_IDS], status: [...SCAN_STATUSES], sort: 'newest', limit: 1000, ...(cursor ? { cursor } : {}) });
      for (const m of page.data) {
        seen.add(m.id);
        const eventTitle = m.eventId ? (catalog.getEvent(m.eventId)?.title ?? null) : null;
        const before = this.markets.get(m.id);
        const print = matchPrint(m, eventTitle);
        if (!before || before.market.updatedAt !== m.updatedAt || before.market.status !== m.status) {
          this.markets.set(m.id, { market: m, print });
          if (!before || before.print !== print) changed.push({ market: m, eventTitle });
          else this.engine.upsertMarket(m);
        }
      }
      cursor = page.nextCursor ?? undefined;
      if (cursor) await nextTurn();
    } while (cursor && !this.closed);

    for (const id of [...this.markets.keys()]) {
      if (seen.has(id)) continue;
      this.markets.delete(id);
      this.apply(this.matcher.remove(id));
    }
    for (let i = 0; i < changed.length && !this.closed; i++) {
      const { market, eventTitle } = changed[i]!;
      this.apply(await this.matcher.upsert({ ...market, eventTitle }));
      this.engine.upsertMarket(market);
      if ((i + 1) % MATCHES_PER_TURN === 0) await nextTurn();
    }
    await this.reloadOverrides();
    if (this.options.completeSets ?? true) this.refreshSets();
    await this.watchBooks();
    this.counters.scans += 1;
    if (ready) this.scannedReady = true;
    this.lastScanAt = new Date(this.clock.now()).toISOString();
    logger.debug({ changed: changed.length, ...this.matcher.stats() }, 'arbitrage scan done');
  }

  /** Decisions made by another instance sharing the cache apply here on the next scan. */
  private async reloadOverrides(): Promise<void> {
    await this.overrides.load(this.options.fileOverrides ?? []);
    const next = this.printOverrides();
    for (const key of new Set([...next.keys(), ...this.overridePrints.keys()])) {
      if (next.get(key) === this.overridePrints.get(key)) continue;
      const [a, b] = key.split('|') as [string, string];
      this.apply(this.matcher.overrideChanged(a, b));
    }
    this.overridePrints = next;
  }

  private printOverrides(): Map<string, string> {
    return new Map(this.overrides.list().map((o) => [[o.a, o.b].sort().join('|'), JSON.stringify(o)]));
  }

  private apply(changes: MatchChange[]): void {
    for (const change of changes) {
      const pair = change.type === 'removed' ? null : toTradablePair(change.record, (id) => this.markets.get(id)?.market);
      if (pair) this.engine.setPair(pair);
      else this.engine.removePair(change.record.id);
    }
  }

  /** Same-venue complete sets: the open markets of each mutually exclusive event. */
  private refreshSets(): void {
    const byEvent = new Map<string, Market[]>();
    for (const { market } of this.markets.values()) {
      if (!market.eventId || market.status !== 'open') continue;
      const list = byEvent.get(market.eventId) ?? [];
      list.push(market);
      byEvent.set(market.eventId, list);
    }
    const max = this.options.maxSetSize ?? 20;
    const next = new Set<string>();
    for (const [eventId, markets] of byEvent) {
      if (markets.length < 2 || markets.length > max) continue;
      if (!this.options.catalog.getEvent(eventId)?.mutuallyExclusive) continue;
      next.add(eventId);
      this.engine.setCompleteSet({ id: eventId, markets: markets.sort((x, y) => (x.id < y.id ? -1 : 1)), exhaustive: null });
    }
    for (const id of this.sets) if (!next.has(id)) this.engine.removeCompleteSet(id);
    this.sets.clear();
    for (const id of next) this.sets.add(id);
  }

  private async watchBooks(): Promise<void> {
    try {
      await this.books.watch(this.engine.watchedMarkets());
    } catch (err) {
      this.options.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'arbitrage could not watch every book');
    }
  }

  /** Until a scan has seen a ready catalog (every venue synced once), scans come every second. */
  private armRescan(): void {
    const interval = this.options.rescanIntervalMs ?? 30_000;
    if (interval <= 0 || this.closed) return;
    const every = this.scannedReady ? interval : Math.min(interval, 1_000);
    this.rescanTimer = this.clock.setTimeout(() => {
      this.rescanTimer = undefined;
      this.scan()
        .catch((err: unknown) => this.options.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'arbitrage scan failed'))
        .finally(() => this.armRescan());
    }, every);
    (this.rescanTimer as { unref?: () => void } | undefined)?.unref?.();
  }

  private armRefresh(): void {
    const every = this.options.refreshIntervalMs ?? 5_000;
    if (every <= 0 || this.closed) return;
    this.refreshTimer = this.clock.setTimeout(() => {
      this.refreshTimer = undefined;
      this.books.refresh();
      this.engine.refresh();
      this.armRefresh();
    }, every);
    (this.refreshTimer as { unref?: () => void } | undefined)?.unref?.();
  }
}
