/**
 * One venue's catalog in the cache: markets, events and the sync status, under the fingerprint of
 * the hosts they were synced from. The status records those hosts, and a warm start refuses a
 * catalog whose hosts are not this instance's. Cache writes never fail a sync (the in-memory index
 * is what queries read), except a write refused by the lease's fencing token ({@link FencedOut}),
 * which ends the walk; after the cache comes back empty (a Redis restart), `repopulate` writes the
 * index again. Each batch written is announced (`onChange`) for the instances that follow it.
 */
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Cache, HealthCache } from '../cache/types.js';
import { JsonText } from '../cache/json.js';
import { EventSchema, MarketSchema } from '../core/index.js';
import type { Event, Market, VenueId } from '../core/index.js';
import { abortable } from './abortable.js';
import { CacheCatalogWriter, FencedOut, type CatalogBatch, type CatalogWriter } from './catalog-writer.js';
import type { EventIndex } from './event-index.js';
import { catalogKeysOf, sourceOf, type CatalogKeys } from './keys.js';
import { storedMarket } from './market-codec.js';
import type { MarketIndex } from './market-index.js';
import type { VenueSyncStatus } from './types.js';

/** A market as stored: the compact array the catalog writes (market-codec.ts), or a whole object as earlier versions wrote. */
const StoredMarketSchema: z.ZodType<Market> = z.preprocess(storedMarket, MarketSchema) as unknown as z.ZodType<Market>;

const StoredStatusSchema = z.object({ syncedAt: z.string().nullable(), hosts: z.array(z.string()).optional() }).passthrough();

/** The venue's status as the walking instance stored it (with its walk times, for a successor). */
export type StoredStatus = z.infer<typeof StoredStatusSchema> & Partial<VenueSyncStatus> & { walks?: WalkTimes };

/** When the walks of a venue last ran (epoch ms), so a new leader continues where the last one was. */
export interface WalkTimes {
  lastFullAt: number | null;
  lastStartedAt: number | null;
  lastIncrementalEndAt: number | null;
  lastQuotesAt: number | null;
}

/** One written batch, as announced to followers: the ids to read again or drop, and the status. */
export interface CatalogChange {
  /** The venue's change counter after the batch. */
  seq: number;
  markets: string[];
  events: string[];
  goneMarkets: string[];
  goneEvents: string[];
  status?: StoredStatus;
}

export interface VenueStoreDeps {
  venue: VenueId;
  cache: Cache;
  logger: Logger;
  markets: MarketIndex;
  events: EventIndex;
  /** The hosts the venue's adapter talks to (empty when unknown). */
  hosts: readonly string[];
  ttlMs?: number;
  signal: AbortSignal;
  /**
   * The writer of the moment (default: unfenced writes through the cache); `null` writes nothing
   * (an instance walking for itself while Redis is unreachable).
   */
  writer?: () => CatalogWriter | null;
  /** Called after each counted batch (fenced writers count them). */
  onChange?: (change: CatalogChange) => void;
}

export interface WarmResult {
  markets: number;
  events: number;
  invalid: number;
  /** The stored status's `syncedAt`, when a usable catalog was loaded. */
  syncedAt: string | null;
}

/** Attempts of one catalog write before it is dropped (it is idempotent and fenced), and the delay unit between them. */
const WRITE_ATTEMPTS = 3;
const RETRY_DELAY_MS = 250;

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export class VenueStore {
  readonly keys: CatalogKeys;
  private readonly venue: VenueId;
  private readonly cacheWriter: CatalogWriter;

  constructor(private readonly deps: VenueStoreDeps) {
    this.venue = deps.venue;
    this.keys = catalogKeysOf(sourceOf(deps.hosts));
    this.cacheWriter = new CacheCatalogWriter(deps.cache, deps.ttlMs);
  }

  /** The lease that picks the instance walking this venue (its name is the keys' hash tag). */
  get lease(): string {
    return this.keys.lease(this.venue);
  }

  /** The stored status, if one synced from these hosts is there. */
  async readStatus(): Promise<StoredStatus | null> {
    const stored = StoredStatusSchema.safeParse(await this.deps.cache.get(this.keys.status(this.venue)));
    if (!stored.success) return null;
    if (stored.data.hosts !== undefined && stored.data.hosts.join('\n') !== this.deps.hosts.join('\n')) return null;
    return stored.data as StoredStatus;
  }

  /** The venue's change counter in the cache (0 when none). */
  async changeCount(): Promise<number> {
    const n = Number(await this.deps.cache.get(this.keys.changes(this.venue)));
    return Number.isFinite(n) ? n : 0;
  }

  /** Reads markets from the cache store (those it holds and that are valid), without indexing them. */
  async readMarkets(ids: string[]): Promise<Market[]> {
    const values = await this.deps.cache.getMany(ids.map(this.keys.market));
    const out: Market[] = [];
    values.forEach((v, i) => {
      const parsed = StoredMarketSchema.safeParse(v);
      if (parsed.success && parsed.data.id === ids[i]) out.push(parsed.data);
    });
    return out;
  }

  /**
   * Runs a read of the store with `reached(doing)`, which throws when the store's backend was
   * unreachable at any moment since the read began (unreachable at its start or now, or reconnected
   * meanwhile). A store that falls back (the resilient cache, to its in-memory copy) ends a scan
   * early and answers reads with nothing, without an error: those answers are not the stored
   * catalog. A cache that reports no health is always reachable.
   */
  private async watched<T>(read: (reached: (doing: string) => void) => Promise<T>): Promise<T> {
    const cache = this.deps.cache as Partial<HealthCache>;
    const up = () => cache.health?.().connected ?? true;
    let intact = up();
    const stop = cache.onReconnect?.(() => {
      intact = false;
    });
    try {
      return await read((doing) => {
        if (!intact || !up()) throw new Error(`the cache store was unreachable during the ${doing}`);
      });
    } finally {
      stop?.();
    }
  }

  /** Reads the given markets and events from the cache into the index (missing ones are dropped). */
  load(marketIds: string[], eventIds: string[]): Promise<void> {
    return this.watched((reached) => this.loadWatched(marketIds, eventIds, reached));
  }

  private async loadWatched(marketIds: string[], eventIds: string[], reached: (doing: string) => void): Promise<void> {
    const { cache, markets, events } = this.deps;
    const ms = await cache.getMany(marketIds.map(this.keys.market));
    const es = await cache.getMany(eventIds.map(this.keys.event));
    // A fallback's answers would read as deletions.
    reached('read of changed markets; nothing applied');
    const keep = <T extends Market | Event>(ids: string[], values: unknown[], schema: z.ZodType<T>) => {
      const ok: T[] = [];
      const gone: string[] = [];
      values.forEach((v, i) => {
        const parsed = schema.safeParse(v);
        if (parsed.success && parsed.data.venue === this.venue) ok.push(parsed.data);
        else gone.push(ids[i]!);
      });
      return { ok, gone };
    };
    const m = keep(marketIds, ms, StoredMarketSchema);
    const e = keep(eventIds, es, EventSchema);
    markets.upsert(m.ok);
    markets.remove(m.gone);
    markets.settle();
    events.upsert(e.ok);
    events.remove(e.gone);
  }

  /**
   * Loads the venue's whole stored catalog into the index again, dropping what the store no longer
   * holds (a follower that missed changes).
   */
  reload(): Promise<{ markets: number; events: number }> {
    return this.watched((reached) => this.reloadWatched(reached));
  }

  private async reloadWatched(reached: (doing: string) => void): Promise<{ markets: number; events: number }> {
    const { markets, events } = this.deps;
    const seenMarkets = new Set<string>();
    const seenEvents = new Set<string>();
    const m = await this.loadAll(this.keys.marketsOf(this.venue), StoredMarketSchema, (ok) => {
      markets.upsert(ok);
      for (const x of ok) seenMarkets.add(x.id);
    });
    const e = await this.loadAll(this.keys.eventsOf(this.venue), EventSchema, (ok) => {
      events.upsert(ok);
      for (const x of ok) seenEvents.add(x.id);
    });
    // What a fallback did not answer is not gone from the store: nothing is removed then.
    reached(`reload (${m} markets and ${e} events loaded, none removed)`);
    markets.remove(markets.idsOf(this.venue).filter((id) => !seenMarkets.has(id)));
    await markets.settleInTurns();
    events.remove(events.idsOf(this.venue).filter((id) => !seenEvents.has(id)));
    return { markets: m, events: e };
  }

  /** Loads what an earlier instance synced from the same hosts into the index. */
  warm(): Promise<WarmResult> {
    return this.watched((reached) => this.warmWatched(reached));
  }

  private async warmWatched(reached: (doing: string) => void): Promise<WarmResult> {
    const stored = StoredStatusSchema.safeParse(await this.deps.cache.get(this.keys.status(this.venue)));
    const storedHosts = stored.success ? stored.data.hosts : undefined;
    if (storedHosts !== undefined && storedHosts.join('\n') !== this.deps.hosts.join('\n')) {
      this.deps.logger.warn({ hosts: storedHosts }, 'catalog: the cached catalog was synced from other hosts; not used');
      return { markets: 0, events: 0, invalid: 0, syncedAt: null };
    }
    let invalid = 0;
    const markets = await this.loadAll(this.keys.marketsOf(this.venue), StoredMarketSchema, (ok, bad) => {
      this.deps.markets.upsert(ok);
      invalid += bad;
    });
    const events = await this.loadAll(this.keys.eventsOf(this.venue), EventSchema, (ok, bad) => {
      this.deps.events.upsert(ok);
      invalid += bad;
    });
    await this.deps.markets.settleInTurns();
    // What was loaded is kept, but not reported as the stored sync.
    reached(`warm load (${markets} markets and ${events} events loaded)`);
    const syncedAt = stored.success && stored.data.syncedAt !== null && markets + events > 0 ? stored.data.syncedAt : null;
    return { markets, events, invalid, syncedAt };
  }

  /** Writes markets in their compact form (`encoded[i]`, when given, is the index's encoding of `items[i]`). */
  async writeMarkets(items: Market[], encoded?: readonly string[]): Promise<void> {
    if (items.length === 0) return;
    const { markets } = this.deps;
    const set = items.map((m, i) => ({ key: this.keys.market(m.id), value: new JsonText(encoded?.[i] ?? markets.encode(m)) }));
    await this.persist({ set, del: [] }, { markets: items.map((m) => m.id) });
  }

  async writeEvents(items: Event[]): Promise<void> {
    if (items.length === 0) return;
    const set = items.map((e) => ({ key: this.keys.event(e.id), value: e }));
    await this.persist({ set, del: [] }, { events: items.map((e) => e.id) });
  }

  async remove(marketIds: string[], eventIds: string[]): Promise<void> {
    const del = [...marketIds.map(this.keys.market), ...eventIds.map(this.keys.event)];
    if (del.length > 0) await this.persist({ set: [], del }, { goneMarkets: marketIds, goneEvents: eventIds });
  }

  async writeStatus(status: VenueSyncStatus & { walks?: WalkTimes }): Promise<void> {
    const value: StoredStatus = { ...status, hosts: [...this.deps.hosts] };
    await this.persist({ set: [{ key: this.keys.status(this.venue), value }], del: [] }, { status: value });
  }

  /** Writes the whole index of the venue (and its status) into the cache again. */
  async repopulate(status: VenueSyncStatus & { walks?: WalkTimes }): Promise<number> {
    const { markets, events } = this.deps;
    const marketIds = markets.idsOf(this.venue);
    const eventIds = events.idsOf(this.venue);
    const chunk = 500;
    for (let i = 0; i < marketIds.length; i += chunk) {
      const items = marketIds.slice(i, i + chunk).map((id) => markets.get(id)).filter((m): m is Market => m !== undefined);
      await this.writeMarkets(items);
    }
    for (let i = 0; i < eventIds.length; i += chunk) {
      const items = eventIds.slice(i, i + chunk).map((id) => events.get(id)).filter((e): e is Event => e !== undefined);
      await this.writeEvents(items);
    }
    if (status.syncedAt !== null) await this.writeStatus(status);
    return marketIds.length + eventIds.length;
  }

  private async loadAll<T extends Market | Event>(prefix: string, schema: z.ZodType<T>, apply: (valid: T[], invalid: number) => void): Promise<number> {
    let count = 0;
    for await (const keys of abortable(this.deps.cache.scan(prefix, 500), this.deps.signal)) {
      const values = await this.readAgain(keys);
      const valid: T[] = [];
      for (const v of values) {
        const parsed = schema.safeParse(v);
        if (parsed.success && parsed.data.venue === this.venue) valid.push(parsed.data);
      }
      apply(valid, values.length - valid.length);
      count += valid.length;
    }
    return count;
  }

  /**
   * Reads keys, again after a read that failed (a command timeout while the process was busy
   * indexing a large load), up to the write attempts; the last failure is thrown.
   */
  private async readAgain(keys: string[]): Promise<unknown[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.deps.cache.getMany(keys);
      } catch (err) {
        if (attempt >= WRITE_ATTEMPTS || this.deps.signal.aborted) throw err;
        this.deps.logger.debug({ err: message(err), attempt }, 'catalog: cache read failed, trying again');
        await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS * attempt));
      }
    }
  }

  private async persist(batch: CatalogBatch, change: Partial<Omit<CatalogChange, 'seq'>>): Promise<void> {
    let seq: number | null;
    // A catalog write sets whole values under a fencing token: repeating one that timed out is
    // safe (a lost lease refuses it). A write still failing after the last attempt is logged and
    // dropped; the next walk writes those markets again.
    for (let attempt = 1; ; attempt++) {
      const writer = this.deps.writer ? this.deps.writer() : this.cacheWriter;
      if (writer === null) return;
      try {
        seq = await writer.write(batch);
        break;
      } catch (err) {
        if (err instanceof FencedOut) throw err;
        if (attempt >= WRITE_ATTEMPTS || this.deps.signal.aborted) {
          this.deps.logger.warn({ err: message(err), attempts: attempt, keys: batch.set.length + batch.del.length }, 'catalog: cache write failed');
          return;
        }
        this.deps.logger.debug({ err: message(err), attempt }, 'catalog: cache write failed, trying again');
        await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS * attempt));
      }
    }
    if (seq !== null && seq > 0) {
      this.deps.onChange?.({ seq, markets: [], events: [], goneMarkets: [], goneEvents: [], ...change });
    }
  }

}
