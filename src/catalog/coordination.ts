/**
 * One venue's part in a catalog shared by several instances: its lease (catalog-lease.ts), the
 * writer its walks use (fenced by the lease on Redis), the announcements of what it wrote, and the
 * follower that applies another leader's announcements (follower.ts).
 */
import type { Logger } from 'pino';
import type { Bus } from '../cache/types.js';
import { leaseKey, type LeaseStore, type RedisClient } from '../cluster/lease.js';
import type { VenueId } from '../core/index.js';
import { VenueLease, type CatalogLeaseInfo, type CatalogRole } from './catalog-lease.js';
import { FencedCatalogWriter, type CatalogWriter } from './catalog-writer.js';
import { VenueFollower, changesChannel } from './follower.js';
import type { CatalogChange } from './venue-store.js';
import type { VenueSync } from './venue-sync.js';

export interface ClusterDeps {
  /** This instance's id (the lease owner shown as leader). */
  owner: string;
  leases: LeaseStore;
  leaseTtlMs: number;
  /**
   * Redis shared with other instances: catalog writes are fenced on `client` and announced on `bus`.
   * Absent: the instance is alone (in-memory leases, it leads every venue).
   */
  shared?: { client: RedisClient; prefix: string; bus: Bus };
  /** How often a follower compares the stored change counter with what it applied (default TTL / 3). */
  followCheckMs?: number;
}

export interface VenueCoordinationOptions {
  venue: VenueId;
  lease: string;
  cluster: ClusterDeps;
  logger: Logger;
  cacheTtlMs?: number;
}

export class VenueCoordination {
  readonly lease: VenueLease;
  private sync: VenueSync | undefined;
  private follower: VenueFollower | undefined;
  private fenced: CatalogWriter | undefined;
  private stopped = false;
  private readonly onReady = () => void this.lease.check();

  constructor(private readonly options: VenueCoordinationOptions) {
    const { cluster, venue, lease, logger } = options;
    this.lease = new VenueLease({
      venue,
      lease,
      store: cluster.leases,
      owner: cluster.owner,
      ttlMs: cluster.leaseTtlMs,
      logger,
      beforeLeading: (_lease, previous) => this.beforeLeading(previous),
      onRole: (role, previous) => this.onRole(role, previous),
    });
  }

  /** Whether catalog writes are fenced (Redis shared with other instances). */
  get shared(): boolean {
    return this.options.cluster.shared !== undefined;
  }

  /** Connects the venue's sync loop (created with this coordination as its gate and writer). */
  attach(sync: VenueSync): void {
    this.sync = sync;
    const shared = this.options.cluster.shared;
    if (!shared) return;
    const { venue, lease } = this.options;
    this.fenced = new FencedCatalogWriter({
      client: shared.client,
      prefix: shared.prefix,
      leaseKey: leaseKey(shared.prefix, lease),
      lease,
      changesKey: sync.store.keys.changes(venue),
      token: () => this.lease.token(),
      ttlMs: this.options.cacheTtlMs,
    });
    this.follower = new VenueFollower({
      store: sync.store,
      bus: shared.bus,
      sync,
      active: () => this.lease.role === 'follower',
      checkIntervalMs: this.options.cluster.followCheckMs ?? Math.max(50, Math.floor(this.options.cluster.leaseTtlMs / 3)),
      logger: this.options.logger.child({ component: 'catalog-follower', venue: this.options.venue }),
    });
  }

  /** The writer of the moment: fenced on Redis; none while walking alone with Redis unreachable. */
  writer(): CatalogWriter | null {
    if (!this.fenced) return null;
    // A lease just taken writes (fenced) even before the role says leader (its index is written back).
    return this.lease.role === 'standalone' && this.lease.token() === undefined ? null : this.fenced;
  }

  /** Announces a written batch to the followers. */
  announce(change: CatalogChange): void {
    const bus = this.options.cluster.shared?.bus;
    void bus?.publish(changesChannel(this.options.lease), change).catch(() => undefined);
  }

  /** Before the warm load: the change counter it will include at least. */
  async prime(): Promise<void> {
    await this.follower?.prime();
  }

  /** After the warm load: follows announcements, then takes part in the lease. */
  async start(): Promise<void> {
    await this.follower?.start();
    // A Redis that was down at start (or restarted) decides the lease again at once on connecting.
    this.options.cluster.shared?.client.on('ready', this.onReady);
    await this.lease.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.options.cluster.shared?.client.off('ready', this.onReady);
    await this.follower?.stop();
    await this.lease.stop();
  }

  /** The cache is reachable again after an outage (it may have lost everything). */
  async reconnected(): Promise<void> {
    // A leader whose lease Redis lost takes it again and writes its index back (beforeLeading).
    await this.lease.check();
    if (this.lease.role === 'follower') await this.follower?.resync('redis reconnected');
  }

  info(): CatalogLeaseInfo {
    return this.lease.info();
  }

  private async beforeLeading(previous: CatalogRole | null): Promise<void> {
    const sync = this.sync;
    if (!sync) return;
    // Continue from the stored walk times: no full re-walk when a recent one is recorded.
    const stored = await sync.store.readStatus().catch(() => null);
    sync.adopt(stored?.walks);
    // After walking alone the index is newer than what Redis holds; a Redis that lost its data
    // holds nothing: either way the new leader writes its index back.
    if (this.fenced && (previous === 'standalone' || stored === null)) await sync.repopulate();
  }

  private onRole(role: CatalogRole, previous: CatalogRole | null): void {
    if (this.stopped) return;
    // A former leader or a lone walker reloads what the leader wrote; a first follower has just warm-loaded.
    if (role === 'follower' && previous !== null) void this.follower?.resync(`was ${previous}`).catch(() => undefined);
  }
}
