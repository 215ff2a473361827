import type { Logger } from 'pino';
import type { Cache } from '../cache/types.js';
import type { Event, Market, VenueId } from '../core/index.js';
import { NotFound } from '../core/index.js';
import type { VenueAdapter } from '../venue/adapter.js';
import type { CatalogLeaseInfo } from './catalog-lease.js';
import { VenueCoordination, type ClusterDeps } from './coordination.js';
import { EventIndex } from './event-index.js';
import { catalogKeysOf, sourceOf } from './keys.js';
import { MarketIndex } from './market-index.js';
import type { CatalogReader, EventQuery, ListPage, MarketQuery, VenueSyncStatus } from './types.js';
import { VenueSync } from './venue-sync.js';
import type { CatalogOptions } from './venue-sync.js';

/** Where the catalog gets its adapters (the AdapterRegistry, or anything listing adapters). */
export interface AdapterSource {
  list(): VenueAdapter[];
}

export interface CatalogDeps {
  registry: AdapterSource;
  cache: Cache;
  logger: Logger;
  options: CatalogOptions;
  /** The hosts each venue's adapter talks to; its catalog is cached under them (default none known). */
  hosts?: Partial<Record<VenueId, readonly string[]>>;
  /**
   * Calls back when the cache is reachable again after an outage (a restarted Redis may have lost
   * everything): the catalog writes its whole index into it again.
   */
  onCacheReconnect?: (listener: () => void) => () => void;
  /**
   * One walker per venue among the instances sharing a Redis (catalog-lease.ts): without it this
   * instance walks every venue and writes through the cache, as if alone.
   */
  cluster?: ClusterDeps;
}

/**
 * The background catalog: one sync loop per venue feeding one in-memory index that answers every
 * market and event query. A venue's failure is recorded in its status and never touches another.
 */
export class Catalog implements CatalogReader {
  private readonly markets: MarketIndex;
  private readonly events: EventIndex;
  private readonly syncs = new Map<VenueId, VenueSync>();
  private readonly coordination = new Map<VenueId, VenueCoordination>();
  private readonly abort = new AbortController();
  private started: Promise<void> | null = null;
  private readonly unsubscribe: (() => void) | undefined;
  private repopulating: Promise<void> = Promise.resolve();

  constructor(private readonly deps: CatalogDeps) {
    const now = deps.options.now ?? Date.now;
    this.markets = new MarketIndex({ now, coldAfterMs: deps.options.hotResolvedMaxAgeMs ?? null });
    this.events = new EventIndex((id) => this.markets.summary(id), now);
    this.markets.onUpsert((markets) => this.events.refreshFor(markets));
    for (const adapter of deps.registry.list()) {
      const hosts = deps.hosts?.[adapter.venue] ?? [];
      const coord = deps.cluster
        ? new VenueCoordination({
            venue: adapter.venue,
            lease: catalogKeysOf(sourceOf(hosts)).lease(adapter.venue),
            cluster: deps.cluster,
            logger: deps.logger,
            cacheTtlMs: deps.options.cacheTtlMs,
          })
        : undefined;
      const sync = new VenueSync({
        adapter,
        cache: deps.cache,
        logger: deps.logger,
        markets: this.markets,
        events: this.events,
        options: deps.options,
        signal: this.abort.signal,
        hosts,
        ...(coord ? { gate: coord.lease, onChange: (c) => coord.announce(c) } : {}),
        ...(coord?.shared ? { writer: () => coord.writer() } : {}),
      });
      coord?.attach(sync);
      if (coord) this.coordination.set(adapter.venue, coord);
      this.syncs.set(adapter.venue, sync);
    }
    this.unsubscribe = deps.onCacheReconnect?.(() => {
      this.repopulating = this.repopulating.then(() => this.repopulate());
    });
  }

  /** Writes every venue's index (markets, events, status) into the cache again. */
  async repopulate(): Promise<void> {
    if (this.abort.signal.aborted) return;
    // With leases, only a venue's leader writes it back (fenced); followers reload what it wrote.
    await Promise.all([...this.syncs].map(([venue, s]) => this.coordination.get(venue)?.reconnected() ?? s.repopulate()));
  }

  /** Loads the warm index from the cache (unless disabled), then starts every venue's loop. */
  start(): Promise<void> {
    this.started ??= (async () => {
      const syncs = [...this.syncs.values()];
      const coordination = [...this.coordination.values()];
      await Promise.all(coordination.map((c) => c.prime()));
      // One venue after another: while a venue indexes a loaded batch (which can hold the event
      // loop a few hundred ms at a million markets), no other venue has a read in flight that a
      // stall past the command timeout would fail (and a failed read makes the resilient cache
      // serve the rest of the load from its empty in-memory fallback).
      if (this.deps.options.warmStart !== false) for (const s of syncs) await s.warm();
      if (this.abort.signal.aborted) return;
      await Promise.all(coordination.map((c) => c.start()));
      if (this.abort.signal.aborted) return;
      for (const s of syncs) s.start();
    })();
    return this.started;
  }

  /** Aborts in-flight walks and waits for every loop to end. */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.abort.abort();
    await this.repopulating;
    await this.started?.catch(() => undefined);
    await Promise.all([...this.syncs.values()].map((s) => s.stopped()));
    // Released after the walks stopped, so a successor takes over at once.
    await Promise.all([...this.coordination.values()].map((c) => c.stop()));
  }

  /** Who walks each venue (empty without leases). */
  leases(): CatalogLeaseInfo[] {
    return [...this.coordination.values()].map((c) => c.info());
  }

  /** Runs one full sync of `venue` now and resolves with its status when it finished (rejects if it failed). */
  async syncVenue(venue: VenueId): Promise<VenueSyncStatus> {
    const sync = this.syncs.get(venue);
    if (!sync) throw new NotFound(`venue ${venue} is not configured`, { venue });
    // A follower does not walk: the leader does, and this instance follows what it writes.
    if (this.coordination.get(venue)?.lease.walking() === false) return sync.status();
    await sync.syncFull();
    return sync.status();
  }

  /** Rows and word-list entries the last market query examined (tests and benchmarks: a page's cost without a clock). */
  get lastQueryCost(): number {
    return this.markets.lastCost;
  }

  /** Markets held in the cold tier (columns only; the markets are in the cache store). */
  get coldMarkets(): number {
    return this.markets.coldSize;
  }

  queryMarkets(query: MarketQuery): ListPage<Market> {
    return this.markets.query(query);
  }

  /**
   * Like `queryMarkets`, over both tiers when the cold one is on and the query asks for `closed`
   * or `resolved` markets: the page's cold markets are read from the cache store by id. A cold
   * market the store does not answer for (Redis down, or restarted empty) is left out of the page
   * but kept in the tier: an outage must not erase it, and a restart's new walk writes it back.
   */
  async queryMarketsTiered(query: MarketQuery): Promise<ListPage<Market>> {
    const page = this.markets.queryTiered(query);
    const cold = page.rows.filter((r) => r.market === null).map((r) => r.id);
    if (cold.length === 0) return { data: page.rows.map((r) => r.market as Market), nextCursor: page.nextCursor };
    const found = await this.readStored(cold);
    const data: Market[] = [];
    for (const r of page.rows) {
      const m = r.market ?? found.get(r.id);
      if (m !== undefined) data.push(m);
    }
    return { data, nextCursor: page.nextCursor };
  }

  /** A market of either tier (a cold one is read from the cache store). */
  async findMarket(id: string): Promise<Market | undefined> {
    const hot = this.markets.get(id);
    if (hot !== undefined || !this.markets.hasCold(id)) return hot;
    return (await this.readStored([id])).get(id);
  }

  private async readStored(ids: string[]): Promise<Map<string, Market>> {
    const byVenue = new Map<VenueId, string[]>();
    for (const id of ids) {
      const venue = id.slice(0, id.indexOf(':')) as VenueId;
      const list = byVenue.get(venue);
      if (list) list.push(id);
      else byVenue.set(venue, [id]);
    }
    const found = new Map<string, Market>();
    await Promise.all(
      [...byVenue].map(async ([venue, list]) => {
        const store = this.syncs.get(venue)?.store;
        if (store) for (const m of await store.readMarkets(list)) found.set(m.id, m);
      }),
    );
    return found;
  }

  queryEvents(query: EventQuery): ListPage<Event> & { total: number } {
    return this.events.query(query);
  }

  /** The venues the catalog syncs. */
  venues(): VenueId[] {
    return [...this.syncs.keys()];
  }

  /** `quotedAt` (epoch ms) of the venue's open markets (for the quote-age metric). */
  quoteTimesOf(venue: VenueId): number[] {
    return this.markets.quoteTimesOf(venue);
  }

  getMarket(id: string): Market | undefined {
    return this.markets.get(id);
  }

  getEvent(id: string): Event | undefined {
    return this.events.get(id);
  }

  status(venue: VenueId): VenueSyncStatus | undefined {
    const status = this.syncs.get(venue)?.status();
    const lease = this.coordination.get(venue)?.info();
    return status && lease ? { ...status, lease: { role: lease.role, leader: lease.leader, token: lease.token, state: lease.state } } : status;
  }

  statuses(): VenueSyncStatus[] {
    return [...this.syncs.keys()].map((v) => this.status(v)!);
  }

  isReady(): boolean {
    for (const s of this.syncs.values()) if (!s.isSettled()) return false;
    return true;
  }
}
