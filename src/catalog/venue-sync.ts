import type { Logger } from 'pino';
import type { Cache } from '../cache/types.js';
import { VennError, VenueUnavailable } from '../core/index.js';
import type { Event, Market, MarketStatus, VenueId } from '../core/index.js';
import type { VenueAdapter } from '../venue/adapter.js';
import { abortable, interruptibleSleep } from './abortable.js';
import type { EventIndex } from './event-index.js';
import type { MarketIndex } from './market-index.js';
import type { VenueSyncState, VenueSyncStatus } from './types.js';
import { FencedOut, type CatalogWriter } from './catalog-writer.js';
import { VenueStore, type CatalogChange, type StoredStatus, type WalkTimes } from './venue-store.js';

export interface CatalogOptions {
  /** A full walk of the venue's market list this often (it also removes vanished markets). */
  fullSyncIntervalMs: number;
  /**
   * Between full walks, this often: `listMarkets({ updatedSince })` for venues that support it;
   * for the others, a walk of their live markets (open, paused, upcoming), whose full listing may
   * cover all of history.
   */
  incrementalIntervalMs: number;
  /**
   * Between full walks, a walk of the open markets (`listMarkets({ status: ['open'] })`) this
   * often, for venues whose incremental listing misses quote changes (`has.incrementalQuotes`
   * false). Default: `incrementalIntervalMs`.
   */
  quoteRefreshIntervalMs?: number;
  /** Page size asked of the adapter (it clamps to the venue's maximum). */
  pageSize?: number;
  /** A progress line is logged every this many pages of a full walk (default 10). */
  progressEveryPages?: number;
  /** First delay after a failed attempt; doubles per consecutive failure (default 1000). */
  initialBackoffMs?: number;
  /** Cap of the backoff (default 60000). */
  maxBackoffMs?: number;
  /** `updatedSince` reaches this far before the previous sync started, for clock skew (default 5000). */
  incrementalOverlapMs?: number;
  /** Expiry of catalog entries in the cache (default none: vanished markets are deleted by full walks). */
  cacheTtlMs?: number;
  /** Load the index from the cache on start (default true). */
  warmStart?: boolean;
  /** Clock of the served status (a market past its close time is not open), for tests (default Date.now). */
  now?: () => number;
  /**
   * Closed and resolved markets older than this (by close time, else `updatedAt`) are held in the
   * cold tier: their keys in memory, the markets in the cache store (default null: all hot).
   */
  hotResolvedMaxAgeMs?: number | null;
}

export interface VenueSyncDeps {
  adapter: VenueAdapter;
  cache: Cache;
  logger: Logger;
  markets: MarketIndex;
  events: EventIndex;
  options: CatalogOptions;
  signal: AbortSignal;
  /** The hosts the adapter talks to: its catalog is cached under them (default none known). */
  hosts?: readonly string[];
  /** Whether this instance walks the venue now (default: always; see catalog-lease.ts). */
  gate?: WalkGate;
  /** The cache writer of the moment (see VenueStoreDeps.writer). */
  writer?: () => CatalogWriter | null;
  /** Each counted batch written (for the instances following this one). */
  onChange?: (change: CatalogChange) => void;
}

/** Lets the loop walk only while this instance leads the venue (or is alone). */
export interface WalkGate {
  walking(): boolean;
  whenWalking(signal: AbortSignal): Promise<void>;
  /** A write was refused by the lease's fencing token. */
  fencedOut(): void;
}

type WalkKind = 'full' | 'incremental' | 'quotes' | 'live';

/** What a live walk lists: the markets that can still change. */
const LIVE_STATUSES: MarketStatus[] = ['open', 'paused', 'upcoming'];

function errorInfo(err: unknown): { message: string; code: string } {
  if (err instanceof VennError) return { message: err.message, code: err.code };
  if (err instanceof Error) return { message: err.message, code: 'sync_failed' };
  return { message: String(err), code: 'sync_failed' };
}

/**
 * One venue's sync loop: full walks (which also remove vanished markets); between them incremental
 * refreshes, plus quote walks of the open markets where the incremental listing misses quote
 * changes, or, for venues that cannot list changes, live walks of their open markets (nothing is
 * removed); backoff after failures.
 */
export class VenueSync {
  readonly venue: VenueId;
  private state: VenueSyncState = 'pending';
  private syncedAt: string | null = null;
  private progress: { pages: number; markets: number } | null = null;
  private lastError: VenueSyncStatus['lastError'] = null;
  /** Synced once (here, or by an earlier instance whose data was warm-loaded) or failed. */
  private settled = false;
  private lastFullAt: number | null = null;
  private lastStartedAt: number | null = null;
  /** When the last incremental or full walk ended, and when the last quote or full walk started. */
  private lastIncrementalEndAt: number | null = null;
  private lastQuotesAt: number | null = null;
  private failures = 0;
  private chain: Promise<void> = Promise.resolve();
  private pendingWrite: Promise<void> | null = null;
  private loopDone: Promise<void> | null = null;
  private readonly log: Logger;
  readonly store: VenueStore;

  constructor(private readonly deps: VenueSyncDeps) {
    this.venue = deps.adapter.venue;
    this.log = deps.logger.child({ component: 'catalog', venue: this.venue });
    this.store = new VenueStore({
      venue: this.venue,
      cache: deps.cache,
      logger: this.log,
      markets: deps.markets,
      events: deps.events,
      hosts: deps.hosts ?? [],
      ttlMs: deps.options.cacheTtlMs,
      signal: deps.signal,
      writer: deps.writer,
      onChange: deps.onChange,
    });
  }

  /** When the walks last ran, as stored for a successor. */
  walkTimes(): WalkTimes {
    return {
      lastFullAt: this.lastFullAt,
      lastStartedAt: this.lastStartedAt,
      lastIncrementalEndAt: this.lastIncrementalEndAt,
      lastQuotesAt: this.lastQuotesAt,
    };
  }

  /**
   * Continues from a predecessor's walk times (a new leader walks incrementally when the stored
   * full walk is recent). Times already newer here are kept.
   */
  adopt(times: Partial<WalkTimes> | undefined): void {
    const later = (a: number | null, b: number | null | undefined) => (b == null ? a : a == null ? b : Math.max(a, b));
    this.lastFullAt = later(this.lastFullAt, times?.lastFullAt);
    this.lastStartedAt = later(this.lastStartedAt, times?.lastStartedAt);
    this.lastIncrementalEndAt = later(this.lastIncrementalEndAt, times?.lastIncrementalEndAt);
    this.lastQuotesAt = later(this.lastQuotesAt, times?.lastQuotesAt);
  }

  /** Reports the leader's status as this (following) instance's: its freshness is the leader's. */
  follow(stored: StoredStatus): void {
    if (stored.state) this.state = stored.state;
    this.syncedAt = stored.syncedAt;
    this.progress = stored.progress ?? null;
    this.lastError = stored.lastError ?? null;
    if (stored.syncedAt !== null || stored.state === 'failed') this.settled = true;
    // Should this instance walk later (alone, or as the next leader), it continues from here.
    this.adopt(stored.walks);
  }

  status(): VenueSyncStatus {
    return {
      venue: this.venue,
      state: this.state,
      syncedAt: this.syncedAt,
      marketCount: this.deps.markets.countOf(this.venue),
      eventCount: this.deps.events.countOf(this.venue),
      progress: this.progress ? { ...this.progress } : null,
      lastError: this.lastError ? { ...this.lastError } : null,
    };
  }

  isSettled(): boolean {
    return this.settled;
  }

  /** Starts the background loop (after `warm`, if wanted). */
  start(): void {
    this.loopDone ??= this.loop();
  }

  /** Resolves when the loop (after an abort of the signal) and any running attempt have ended. */
  async stopped(): Promise<void> {
    await this.loopDone;
    await this.chain;
  }

  /** Runs one full walk now (after any attempt in progress); rejects if it fails. */
  syncFull(): Promise<void> {
    return this.exclusive(() => this.attempt('full'));
  }

  /** Loads what an earlier instance synced from the same hosts, so queries can be served at once. */
  async warm(): Promise<void> {
    const started = Date.now();
    try {
      const { markets, events, invalid, syncedAt } = await this.store.warm();
      if (syncedAt !== null) {
        this.syncedAt = syncedAt;
        this.state = 'ready';
        this.settled = true;
      }
      this.log.info({ markets, events, invalid, elapsedMs: Date.now() - started }, 'catalog: warm index loaded from cache');
    } catch (err) {
      this.log.warn({ err: errorInfo(err).message }, 'catalog: warm start from cache failed');
    }
  }

  /**
   * Writes the venue's index into the cache again (after the cache came back empty). The cold
   * tier's markets were only in the cache: the index holds their keys, not them, so a full walk
   * lists them again (until it has, answers that would include them leave them out).
   */
  async repopulate(): Promise<void> {
    try {
      const written = await this.store.repopulate({ ...this.status(), walks: this.walkTimes() });
      this.log.info({ written }, 'catalog: cache repopulated from the index');
    } catch (err) {
      this.log.warn({ err: errorInfo(err).message }, 'catalog: repopulating the cache failed');
    }
    const cold = this.deps.markets.coldCountOf(this.venue);
    if (cold > 0 && !this.deps.signal.aborted) {
      this.log.warn({ cold }, 'catalog: the cache lost the cold markets; walking the venue again');
      // A failed walk is recorded in the status, and the loop's next full walk tries again.
      this.syncFull().catch(() => undefined);
    }
  }

  private exclusive(fn: () => Promise<void>): Promise<void> {
    const run = this.chain.then(fn);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async loop(): Promise<void> {
    const { signal, options } = this.deps;
    while (!signal.aborted) {
      const gate = this.deps.gate;
      if (gate && !gate.walking()) {
        await gate.whenWalking(signal);
        continue;
      }
      try {
        // Decided when the turn comes, so a `syncFull` that ran meanwhile is taken into account.
        await this.exclusive(() => this.attempt(this.dueKind()));
      } catch {
        // recorded in the status; the loop carries on after a backoff
      }
      if (signal.aborted) break;
      let delay: number;
      if (this.failures > 0) {
        const base = options.initialBackoffMs ?? 1000;
        const exp = Math.min(options.maxBackoffMs ?? 60_000, base * 2 ** Math.min(this.failures - 1, 20));
        delay = exp * (0.8 + Math.random() * 0.4);
      } else {
        delay = this.untilDue();
      }
      await interruptibleSleep(delay, signal).promise;
    }
  }

  private incremental(): boolean {
    return this.deps.adapter.has.incrementalMarkets !== false;
  }

  /** Whether quotes need walks of their own (an incremental listing that misses quote changes). */
  private quoteWalks(): boolean {
    return this.incremental() && this.deps.adapter.has.incrementalQuotes === false;
  }

  private nextIncrementalAt(): number {
    return (this.lastIncrementalEndAt ?? 0) + this.deps.options.incrementalIntervalMs;
  }

  private nextQuotesAt(): number {
    const { quoteRefreshIntervalMs, incrementalIntervalMs } = this.deps.options;
    return (this.lastQuotesAt ?? 0) + (quoteRefreshIntervalMs ?? incrementalIntervalMs);
  }

  /**
   * A due full walk first; else, for a venue that cannot list changes, a live walk; else whichever
   * of the incremental and quote walks came due first.
   */
  private dueKind(): WalkKind {
    const { fullSyncIntervalMs } = this.deps.options;
    if (this.lastFullAt === null || Date.now() - this.lastFullAt >= fullSyncIntervalMs) return 'full';
    if (!this.incremental()) return 'live';
    return this.quoteWalks() && this.nextQuotesAt() < this.nextIncrementalAt() ? 'quotes' : 'incremental';
  }

  /** Live walks come at the incremental interval, like the incremental walks they replace. */
  private untilDue(): number {
    const { fullSyncIntervalMs } = this.deps.options;
    const now = Date.now();
    const nextFull = (this.lastFullAt ?? 0) + fullSyncIntervalMs - now;
    let next = Math.min(nextFull, this.nextIncrementalAt() - now);
    if (this.quoteWalks()) next = Math.min(next, this.nextQuotesAt() - now);
    return Math.max(0, next);
  }

  private async attempt(kind: WalkKind): Promise<void> {
    const { signal } = this.deps;
    if (signal.aborted) return;
    try {
      if (kind === 'full') await this.fullWalk();
      else if (kind === 'incremental') await this.incrementalWalk();
      else await this.statusWalk(kind);
      this.failures = 0;
      this.lastError = null;
    } catch (err) {
      this.progress = null;
      // The page write still in flight of a walk that failed ends before anything else happens.
      const pending = this.pendingWrite;
      this.pendingWrite = null;
      await pending?.catch(() => undefined);
      if (err instanceof FencedOut) {
        // Another instance leads now: this one stops walking and follows it.
        if (this.state === 'syncing') this.state = this.syncedAt ? 'ready' : 'pending';
        this.log.warn({ kind, lease: err.lease, token: err.token }, 'catalog: walk stopped, the lease was lost');
        this.deps.gate?.fencedOut();
        return;
      }
      if (signal.aborted) {
        if (this.state === 'syncing') this.state = this.syncedAt ? 'ready' : 'pending';
        return;
      }
      this.failures += 1;
      const info = errorInfo(err);
      this.state = 'failed';
      this.settled = true;
      this.lastError = { ...info, at: new Date().toISOString() };
      this.log.warn({ kind, failures: this.failures, code: info.code, err: info.message }, 'catalog: sync failed');
      await this.persistStatus();
      throw err;
    }
  }

  private async fullWalk(): Promise<void> {
    const { adapter, options, markets, events } = this.deps;
    const started = Date.now();
    const every = Math.max(1, options.progressEveryPages ?? 10);
    this.state = 'syncing';
    this.progress = { pages: 0, markets: 0 };
    await this.persistStatus();
    const walk = markets.startWalk();
    let listed = 0;
    for await (const page of abortable(adapter.listMarkets({ pageSize: options.pageSize }), this.deps.signal)) {
      const items = await this.storeMarkets(page.items, walk);
      listed += items.length;
      this.progress.pages += 1;
      this.progress.markets += items.length;
      if (this.progress.pages % every === 0) {
        await this.flushWrites();
        this.logProgress(started, 'catalog: sync progress');
        await this.persistStatus();
      }
    }
    await this.flushWrites();
    await markets.settleInTurns();
    const seenEvents = new Set<string>();
    if (adapter.has.listEvents) {
      for await (const page of abortable(adapter.listEvents({ pageSize: options.pageSize }), this.deps.signal)) {
        const items = page.items.filter((e) => this.own(e));
        events.upsert(items);
        for (const e of items) seenEvents.add(e.id);
        await this.store.writeEvents(items);
      }
    }
    const held = markets.countOf(this.venue);
    if (listed === 0 && held > 0) {
      // A venue that suddenly lists nothing is far likelier to be glitching than to have closed
      // its whole book of markets: keep the previous catalog and report the walk as failed.
      throw new VenueUnavailable(`${this.venue} listed no markets at all; keeping the ${held} markets of the previous sync`, {
        venue: this.venue,
        endpoint: 'listMarkets',
      });
    }
    const goneMarkets = markets.unlistedBy(this.venue, walk);
    const goneEvents = adapter.has.listEvents ? events.idsOf(this.venue).filter((id) => !seenEvents.has(id)) : [];
    markets.remove(goneMarkets);
    events.remove(goneEvents);
    await this.store.remove(goneMarkets, goneEvents);
    this.lastFullAt = started;
    this.lastStartedAt = started;
    this.lastQuotesAt = started;
    this.lastIncrementalEndAt = Date.now();
    this.syncedAt = new Date().toISOString();
    this.state = 'ready';
    this.settled = true;
    this.logProgress(started, 'catalog: full sync done', { events: seenEvents.size, removed: goneMarkets.length });
    this.progress = null;
    await this.persistStatus();
  }

  private async incrementalWalk(): Promise<void> {
    const { adapter, options } = this.deps;
    const started = Date.now();
    const since = new Date((this.lastStartedAt ?? started) - (options.incrementalOverlapMs ?? 5000));
    let changed = 0;
    const query = { updatedSince: since, pageSize: options.pageSize };
    for await (const page of abortable(adapter.listMarkets(query), this.deps.signal)) {
      changed += (await this.storeMarkets(page.items)).length;
    }
    await this.flushWrites();
    this.deps.markets.settle();
    this.lastStartedAt = started;
    this.lastIncrementalEndAt = Date.now();
    this.syncedAt = new Date().toISOString();
    this.state = 'ready';
    this.log.debug({ changed, elapsedMs: Date.now() - started }, 'catalog: incremental sync done');
    await this.persistStatus();
  }

  /**
   * Re-reads the open markets (nothing is removed: that is the full walk's job): for their quotes
   * (`quotes`), or as the refresh of a venue that cannot list changes (`live`: open, paused and
   * upcoming markets).
   */
  private async statusWalk(kind: 'quotes' | 'live'): Promise<void> {
    const { adapter, options } = this.deps;
    const started = Date.now();
    let refreshed = 0;
    const status = kind === 'quotes' ? (['open'] as MarketStatus[]) : LIVE_STATUSES;
    for await (const page of abortable(adapter.listMarkets({ status, pageSize: options.pageSize }), this.deps.signal)) {
      refreshed += (await this.storeMarkets(page.items)).length;
    }
    await this.flushWrites();
    this.deps.markets.settle();
    if (kind === 'quotes') this.lastQuotesAt = started;
    else this.lastIncrementalEndAt = Date.now();
    this.syncedAt = new Date().toISOString();
    this.state = 'ready';
    this.log.debug({ refreshed, elapsedMs: Date.now() - started }, kind === 'quotes' ? 'catalog: quote refresh done' : 'catalog: live walk done');
    await this.persistStatus();
  }

  /**
   * Indexes one page and starts writing it to the cache store; returns the markets kept (those of
   * this venue). One write stays in flight while the next page is indexed (they reach the store in
   * order, on one connection); `flushWrites` waits for the last one.
   */
  private async storeMarkets(items: Market[], walk = 0): Promise<Market[]> {
    // A page is tens of milliseconds of indexing at a million markets. The walks of every venue
    // take turns of the event loop, a page each, so that requests and replies are served between
    // two pages; chained without a turn (an adapter whose pages are ready at once, four venues'
    // walks), they held the loop for half a second at a time.
    await this.deps.markets.turns.next();
    // Every market carries the age of its quotes: when the adapter cannot say, they are as old as
    // this page (read just now).
    const readAt = new Date().toISOString();
    const own = items.filter((m) => this.own(m)).map((m) => (m.quotedAt ? m : { ...m, quotedAt: readAt }));
    const { markets } = this.deps;
    const encoded: string[] = [];
    markets.upsert(own, walk, encoded);
    const write = this.store.writeMarkets(own, encoded);
    // Rejections are observed when awaited below; this keeps one that is never awaited (an
    // aborted walk) from being reported as unhandled.
    write.catch(() => undefined);
    const previous = this.pendingWrite;
    this.pendingWrite = write;
    await previous;
    return own;
  }

  /** Waits for the page write still in flight (a fenced-out write rejects here). */
  private async flushWrites(): Promise<void> {
    const pending = this.pendingWrite;
    this.pendingWrite = null;
    await pending;
  }

  private own(item: Market | Event): boolean {
    if (item.venue === this.venue) return true;
    this.log.warn({ id: item.id }, 'catalog: adapter returned an item of another venue; ignored');
    return false;
  }

  private logProgress(started: number, message: string, extra: Record<string, unknown> = {}): void {
    const elapsedMs = Date.now() - started;
    const p = this.progress ?? { pages: 0, markets: 0 };
    const rate = elapsedMs > 0 ? Math.round((p.markets * 1000) / elapsedMs) : p.markets;
    this.log.info({ venue: this.venue, pages: p.pages, markets: p.markets, elapsedMs, rate, ...extra }, message);
  }

  private async persistStatus(): Promise<void> {
    await this.store.writeStatus({ ...this.status(), walks: this.walkTimes() });
  }
}
