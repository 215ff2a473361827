/**
 * Which instance walks a venue's catalog. One lease per venue (`catalog:<venue>[:<source>]`, the
 * hash tag of the venue's catalog keys) picks it among the instances sharing a Redis:
 *
 * - `leader`: holds the lease, walks the venue, and writes the catalog fenced by the lease token;
 * - `follower`: another instance holds it; this one does not walk and serves the catalog the
 *   leader writes (src/catalog/follower.ts);
 * - `standalone`: Redis is unreachable, so nothing can be coordinated: the instance walks for
 *   itself (on its local budget) and writes nothing to Redis, until the lease store answers again
 *   and the lease decides anew. A follower turns standalone one lease time after Redis stopped
 *   answering (when no leader can still hold the lease), continuing from the leader's last walk
 *   times rather than with a full walk.
 *
 * Without Redis the instance is alone: the leases are in memory and it leads every venue.
 */
import type { Logger } from 'pino';
import { LeaseKeeper, type LeaseState } from '../cluster/lease-keeper.js';
import type { Lease, LeaseStore } from '../cluster/lease.js';
import type { VenueId } from '../core/index.js';

export type CatalogRole = 'leader' | 'follower' | 'standalone';

/** Who leads a venue's catalog, as `/v1/venues`, `/metrics` and `/readyz` show it. */
export interface CatalogLeaseInfo {
  venue: VenueId;
  lease: string;
  role: CatalogRole;
  /** The leading instance's id at the last look (null when unknown). */
  leader: string | null;
  /** This instance's fencing token while it leads. */
  token: number | null;
  state: LeaseState;
  /** Writes refused by the fencing token since start. */
  fencedWrites: number;
}

export interface VenueLeaseOptions {
  venue: VenueId;
  lease: string;
  store: LeaseStore;
  owner: string;
  ttlMs: number;
  logger: Logger;
  /**
   * Runs before this instance starts walking as leader (reads the stored walk times, writes its
   * index back after a time alone); the role turns `leader` when it resolves.
   */
  beforeLeading?: (lease: Lease, previous: CatalogRole | null) => Promise<void>;
  /** Runs after the role changed to `follower` or `standalone`. */
  onRole?: (role: CatalogRole, previous: CatalogRole | null) => void;
}

export class VenueLease {
  private roleValue: CatalogRole | null = null;
  private readonly keeper: LeaseKeeper;
  private waiters: (() => void)[] = [];
  private fenced = 0;
  /** The token a write was refused under: the lease is treated as lost until the next acquisition. */
  private fencedToken: number | undefined;
  private transition: Promise<void> = Promise.resolve();
  private readonly log: Logger;
  private standaloneTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: VenueLeaseOptions) {
    this.log = options.logger.child({ component: 'catalog-lease', venue: options.venue, lease: options.lease });
    this.keeper = new LeaseKeeper(options.store, {
      name: options.lease,
      owner: options.owner,
      ttlMs: options.ttlMs,
      logger: this.log,
      onAcquired: (lease) => {
        this.fencedToken = undefined;
        this.queue(() => this.lead(lease));
      },
      onStateChange: (state) => {
        clearTimeout(this.standaloneTimer);
        // Decided once the keeper's attempt is over: a lease lost only because Redis lost its data
        // is taken again in the same attempt, and this instance never stops leading.
        if (state === 'follower') {
          this.queue(async () => {
            await this.keeper.tick();
            if (this.keeper.state === 'follower') this.setRole('follower');
          });
        } else if (state === 'unknown') {
          this.unreachable();
        }
      },
    });
  }

  get role(): CatalogRole | null {
    return this.roleValue;
  }

  /** The token to fence writes with: that of the lease held (none after a refused write). */
  token(): number | undefined {
    const token = this.keeper.lease?.token;
    return token !== undefined && token !== this.fencedToken ? token : undefined;
  }

  /** True while this instance walks the venue (as leader, or alone while Redis is unreachable). */
  walking(): boolean {
    return this.roleValue === 'leader' || this.roleValue === 'standalone';
  }

  /** Resolves when this instance should walk (at once if it does), or when `signal` aborts. */
  whenWalking(signal: AbortSignal): Promise<void> {
    if (this.walking() || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        signal.removeEventListener('abort', done);
        resolve();
      };
      signal.addEventListener('abort', done, { once: true });
      this.waiters.push(done);
    });
  }

  /** A write was refused by the fencing token: stop walking now (the keeper confirms the loss). */
  fencedOut(): void {
    this.fenced += 1;
    this.fencedToken = this.keeper.lease?.token;
    this.log.warn({ token: this.fencedToken ?? null }, 'catalog: write refused by the lease fencing token; walking stops');
    if (this.roleValue === 'leader') this.setRole('follower');
    void this.keeper.tick();
  }

  info(): CatalogLeaseInfo {
    const leading = this.roleValue === 'leader';
    return {
      venue: this.options.venue,
      lease: this.options.lease,
      role: this.roleValue ?? 'standalone',
      leader: leading ? this.options.owner : this.roleValue === 'follower' ? (this.keeper.holder ?? null) : null,
      token: leading ? (this.keeper.lease?.token ?? null) : null,
      state: this.keeper.state,
      fencedWrites: this.fenced,
    };
  }

  /** First attempt at once; resolves when this instance's first role is known. */
  async start(): Promise<void> {
    await this.keeper.start();
    // A first attempt that could not reach the store changes no state: it starts unknown.
    if (this.keeper.state === 'unknown') this.queue(async () => this.setRole('standalone'));
    await this.transition;
  }

  /** One renewal now (e.g. after Redis came back). */
  async check(): Promise<void> {
    await this.keeper.tick();
    await this.transition;
  }

  async stop(): Promise<void> {
    clearTimeout(this.standaloneTimer);
    await this.keeper.stop();
    await this.transition;
    for (const w of this.waiters.splice(0)) w();
  }

  private queue(step: () => Promise<void>): void {
    this.transition = this.transition.then(step).catch((err: unknown) => {
      this.log.error({ err: err instanceof Error ? err.message : String(err) }, 'catalog: lease transition failed');
    });
  }

  /**
   * The lease store stopped answering. A leader that gave its lease up keeps walking, alone. A
   * follower waits one lease time first: the leader may still hold the lease (a short blip of its
   * own connection), and only after that time can nobody be walking.
   */
  private unreachable(): void {
    if (this.roleValue !== 'follower') {
      this.queue(async () => this.setRole('standalone'));
      return;
    }
    this.standaloneTimer = setTimeout(() => {
      if (this.keeper.state === 'unknown') this.queue(async () => this.setRole('standalone'));
    }, this.options.ttlMs);
    this.standaloneTimer.unref();
  }

  private async lead(lease: Lease): Promise<void> {
    if (this.keeper.lease !== lease) return; // lost again meanwhile
    await this.options.beforeLeading?.(lease, this.roleValue);
    if (this.keeper.lease !== lease || this.fencedToken === lease.token) return;
    this.setRole('leader');
  }

  private setRole(role: CatalogRole): void {
    const previous = this.roleValue;
    if (previous === role) return;
    this.roleValue = role;
    this.log.info({ role, previous, token: this.keeper.lease?.token ?? null, leader: this.keeper.holder ?? null }, 'catalog: lease role');
    if (role !== 'leader') this.options.onRole?.(role, previous);
    if (this.walking()) for (const w of this.waiters.splice(0)) w();
  }
}
