/**
 * A follower's copy of a venue's catalog: the leader announces each batch it wrote on the bus
 * (the ids it wrote or removed, its status, and the venue's change counter after the batch); the
 * follower reads those ids from the cache into its index. Every check interval it also reads the
 * stored change counter and status: a change counted for a whole interval and still not applied
 * (a message lost on the bus, e.g. during a disconnect) makes it reload the venue's catalog from
 * the cache. A follower is thus at most one bus hop behind the leader's writes, and at most about
 * two check intervals plus one reload when messages are lost; the leader's `syncedAt` it reports is
 * its freshness.
 */
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Bus, Unsubscribe } from '../cache/types.js';
import type { CatalogChange, StoredStatus, VenueStore } from './venue-store.js';

const ChangeSchema = z.object({
  seq: z.number().int().positive(),
  markets: z.array(z.string()),
  events: z.array(z.string()),
  goneMarkets: z.array(z.string()),
  goneEvents: z.array(z.string()),
  status: z.object({ syncedAt: z.string().nullable() }).passthrough().optional(),
});

/** The bus channel of a venue's catalog changes (named by its lease). */
export function changesChannel(lease: string): string {
  return `catalog:changes:${lease}`;
}

export interface FollowerOptions {
  store: VenueStore;
  bus: Bus;
  /** Receives the leader's status. */
  sync: { follow(status: StoredStatus): void };
  /** Whether this instance follows now (changes are ignored while it walks). */
  active: () => boolean;
  checkIntervalMs: number;
  logger: Logger;
}

export class VenueFollower {
  /** Every change up to this one is applied. */
  private upTo = 0;
  private readonly above = new Set<number>();
  /** The stored counter at the previous check. */
  private seenAtCheck = 0;
  private chain: Promise<void> = Promise.resolve();
  private unsubscribe: Unsubscribe | undefined;
  private timer: NodeJS.Timeout | undefined;
  private reloads = 0;

  constructor(private readonly options: FollowerOptions) {}

  /** Reloads of the whole venue since start (missed changes, or a role change). */
  get reloadCount(): number {
    return this.reloads;
  }

  /** The stored change counter before a warm load: what the load may not include is applied after. */
  async prime(): Promise<void> {
    this.upTo = await this.options.store.changeCount().catch(() => 0);
    this.seenAtCheck = this.upTo;
  }

  async start(): Promise<void> {
    this.unsubscribe = await this.options.bus.subscribe(changesChannel(this.options.store.lease), (m) => this.onMessage(m));
    this.schedule();
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.unsubscribe?.();
    await this.chain;
  }

  /** Loads the venue's whole stored catalog again (on becoming a follower, or after lost changes). */
  resync(reason: string): Promise<void> {
    return this.enqueue(async () => {
      const { store, sync, logger } = this.options;
      const count = await store.changeCount();
      if ((await store.readStatus()) === null) {
        // Nothing stored (a Redis that lost its data): keep the index; the leader writes it back
        // and announces it.
        this.upTo = count;
        this.seenAtCheck = count;
        this.above.clear();
        logger.info({ reason }, 'catalog: nothing stored to reload yet; the index is kept');
        return;
      }
      const loaded = await store.reload();
      const status = await store.readStatus();
      if (status) sync.follow(status);
      this.upTo = Math.max(this.upTo, count);
      this.seenAtCheck = count;
      for (const s of [...this.above]) if (s <= this.upTo) this.above.delete(s);
      this.reloads += 1;
      logger.info({ reason, changes: count, ...loaded }, 'catalog: follower reloaded the venue from the cache');
    });
  }

  /** One check now (tests call it; it also runs every check interval). */
  check(): Promise<void> {
    return this.enqueue(async () => {
      if (!this.options.active()) return;
      const { store, sync } = this.options;
      const [count, status] = await Promise.all([store.changeCount(), store.readStatus()]);
      if (status) sync.follow(status);
      if (count < this.upTo) {
        // The counter went back: Redis lost its data. What the leader writes back is announced.
        this.upTo = count;
        this.seenAtCheck = count;
        this.above.clear();
        return;
      }
      const missing = count > this.upTo && this.seenAtCheck > this.upTo;
      this.seenAtCheck = count;
      if (missing) void this.resync('changes missed');
    });
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      void this.check()
        .catch((err: unknown) => this.options.logger.debug({ err: err instanceof Error ? err.message : String(err) }, 'catalog: follower check failed'))
        .finally(() => {
          if (this.timer) this.schedule();
        });
    }, this.options.checkIntervalMs);
    this.timer.unref();
  }

  private onMessage(message: unknown): void {
    if (!this.options.active()) return;
    const parsed = ChangeSchema.safeParse(message);
    if (!parsed.success) {
      this.options.logger.warn({ issue: parsed.error.issues[0]?.message }, 'catalog: malformed change message ignored');
      return;
    }
    void this.enqueue(() => this.apply(parsed.data as CatalogChange)).catch((err: unknown) =>
      this.options.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'catalog: applying a change failed'),
    );
  }

  /** Applying is idempotent (the ids are read as the cache holds them now); the counter only finds gaps. */
  private async apply(change: CatalogChange): Promise<void> {
    const { store, sync } = this.options;
    await store.load([...change.markets, ...change.goneMarkets], [...change.events, ...change.goneEvents]);
    if (change.status) sync.follow(change.status);
    if (change.seq > this.upTo) this.above.add(change.seq);
    while (this.above.delete(this.upTo + 1)) this.upTo += 1;
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    const run = this.chain.then(step);
    this.chain = run.catch(() => undefined);
    return run;
  }
}
