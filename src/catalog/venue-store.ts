/**
 * One venue's catalog in the cache: markets, events and the sync status, under the fingerprint of
 * the hosts they were synced from. The status records those hosts, and a warm start refuses a
 * catalog whose hosts are not this instance's. Cache writes never fail a sync (the in-memory index
 * is what queries read); after the cache comes back empty (a Redis restart), `repopulate` writes
 * the index again.
 */
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Cache } from '../cache/types.js';
import { EventSchema, MarketSchema } from '../core/index.js';
import type { Event, Market, VenueId } from '../core/index.js';
import { abortable } from './abortable.js';
import type { EventIndex } from './event-index.js';
import { catalogKeysOf, sourceOf, type CatalogKeys } from './keys.js';
import type { MarketIndex } from './market-index.js';
import type { VenueSyncStatus } from './types.js';

const StoredStatusSchema = z.object({ syncedAt: z.string().nullable(), hosts: z.array(z.string()).optional() }).passthrough();

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
}

export interface WarmResult {
  markets: number;
  events: number;
  invalid: number;
  /** The stored status's `syncedAt`, when a usable catalog was loaded. */
  syncedAt: string | null;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export class VenueStore {
  readonly keys: CatalogKeys;
  private readonly venue: VenueId;

  constructor(private readonly deps: VenueStoreDeps) {
    this.venue = deps.venue;
    this.keys = catalogKeysOf(sourceOf(deps.hosts));
  }

  /** Loads what an earlier instance synced from the same hosts into the index. */
  async warm(): Promise<WarmResult> {
    const stored = StoredStatusSchema.safeParse(await this.deps.cache.get(this.keys.status(this.venue)));
    const storedHosts = stored.success ? stored.data.hosts : undefined;
    if (storedHosts !== undefined && storedHosts.join('\n') !== this.deps.hosts.join('\n')) {
      this.deps.logger.warn({ hosts: storedHosts }, 'catalog: the cached catalog was synced from other hosts; not used');
      return { markets: 0, events: 0, invalid: 0, syncedAt: null };
    }
    let invalid = 0;
    const markets = await this.loadAll(this.keys.marketsOf(this.venue), MarketSchema, (ok, bad) => {
      this.deps.markets.upsert(ok);
      invalid += bad;
    });
    const events = await this.loadAll(this.keys.eventsOf(this.venue), EventSchema, (ok, bad) => {
      this.deps.events.upsert(ok);
      invalid += bad;
    });
    const syncedAt = stored.success && stored.data.syncedAt !== null && markets + events > 0 ? stored.data.syncedAt : null;
    return { markets, events, invalid, syncedAt };
  }

  async writeMarkets(items: Market[]): Promise<void> {
    const ttlMs = this.deps.ttlMs;
    await this.persist(() => this.deps.cache.setMany(items.map((m) => ({ key: this.keys.market(m.id), value: m, ttlMs }))));
  }

  async writeEvents(items: Event[]): Promise<void> {
    const ttlMs = this.deps.ttlMs;
    await this.persist(() => this.deps.cache.setMany(items.map((e) => ({ key: this.keys.event(e.id), value: e, ttlMs }))));
  }

  async remove(marketIds: string[], eventIds: string[]): Promise<void> {
    const keys = [...marketIds.map(this.keys.market), ...eventIds.map(this.keys.event)];
    if (keys.length > 0) await this.persist(() => this.deps.cache.delete(keys));
  }

  async writeStatus(status: VenueSyncStatus): Promise<void> {
    await this.persist(() => this.deps.cache.set(this.keys.status(this.venue), { ...status, hosts: [...this.deps.hosts] }));
  }

  /** Writes the whole index of the venue (and its status) into the cache again. */
  async repopulate(status: VenueSyncStatus): Promise<number> {
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
      const values = await this.deps.cache.getMany(keys);
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

  private async persist(write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (err) {
      this.deps.logger.warn({ err: message(err) }, 'catalog: cache write failed');
    }
  }
}
