import type { Logger } from 'pino';
import type { Cache } from '../cache/types.js';
import type { Event, Market, VenueId } from '../core/index.js';
import { NotFound } from '../core/index.js';
import type { VenueAdapter } from '../venue/adapter.js';
import { EventIndex } from './event-index.js';
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
}

/**
 * The background catalog: one sync loop per venue feeding one in-memory index that answers every
 * market and event query. A venue's failure is recorded in its status and never touches another.
 */
export class Catalog implements CatalogReader {
  private readonly markets: MarketIndex;
  private readonly events: EventIndex;
  private readonly syncs = new Map<VenueId, VenueSync>();
  private readonly abort = new AbortController();
  private started: Promise<void> | null = null;
  private readonly unsubscribe: (() => void) | undefined;
  private repopulating: Promise<void> = Promise.resolve();

  constructor(private readonly deps: CatalogDeps) {
    const now = deps.options.now ?? Date.now;
    this.markets = new MarketIndex(now);
    this.events = new EventIndex((id) => this.markets.stored(id), now);
    this.markets.onUpsert((markets) => this.events.refreshFor(markets));
    for (const adapter of deps.registry.list()) {
      this.syncs.set(
        adapter.venue,
        new VenueSync({
          adapter,
          cache: deps.cache,
          logger: deps.logger,
          markets: this.markets,
          events: this.events,
          options: deps.options,
          signal: this.abort.signal,
          hosts: deps.hosts?.[adapter.venue] ?? [],
        }),
      );
    }
    this.unsubscribe = deps.onCacheReconnect?.(() => {
      this.repopulating = this.repopulating.then(() => this.repopulate());
    });
  }

  /** Writes every venue's index (markets, events, status) into the cache again. */
  async repopulate(): Promise<void> {
    if (this.abort.signal.aborted) return;
    await Promise.all([...this.syncs.values()].map((s) => s.repopulate()));
  }

  /** Loads the warm index from the cache (unless disabled), then starts every venue's loop. */
  start(): Promise<void> {
    this.started ??= (async () => {
      const syncs = [...this.syncs.values()];
      if (this.deps.options.warmStart !== false) await Promise.all(syncs.map((s) => s.warm()));
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
  }

  /** Runs one full sync of `venue` now and resolves with its status when it finished (rejects if it failed). */
  async syncVenue(venue: VenueId): Promise<VenueSyncStatus> {
    const sync = this.syncs.get(venue);
    if (!sync) throw new NotFound(`venue ${venue} is not configured`, { venue });
    await sync.syncFull();
    return sync.status();
  }

  queryMarkets(query: MarketQuery): ListPage<Market> {
    return this.markets.query(query);
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
    return this.syncs.get(venue)?.status();
  }

  statuses(): VenueSyncStatus[] {
    return [...this.syncs.values()].map((s) => s.status());
  }

  isReady(): boolean {
    for (const s of this.syncs.values()) if (!s.isSettled()) return false;
    return true;
  }
}
