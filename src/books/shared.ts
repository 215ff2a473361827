/**
 * One upstream subscription per market across the instances sharing a Redis (docs/DESIGN.md §5
 * "Books"). Every instance's feed reads the market's shared bus channel (`SHARED_SCOPE`); only the
 * holder of the market's lease (`book:<market>`) holds it at its local `BookService`, which
 * subscribes upstream and publishes there.
 *
 * - An instance whose clients watch a market declares its interest (`InterestStore`) and tries to
 *   take the lease; the holder keeps the channels some instance wants, and when none does, releases
 *   them (the book service closes them upstream after its grace period) and gives the lease up one
 *   grace period later.
 * - Everything runs in one loop per instance, every `ttlMs / 3`, over all its markets at once: the
 *   renewals, acquisitions and interest refreshes of one round are issued together, so they share
 *   round trips on the Redis connection (thousands of markets cost a few pipelined batches, not a
 *   timer each). A new local watcher runs its market's round at once.
 * - A holder dies: its lease expires within `ttlMs`, an interested instance takes it on its next
 *   round, publishes a `stale` notice (the clients' books go stale, never silently) and subscribes
 *   upstream; its first snapshot, of a new book generation, resyncs every client.
 * - A holder that loses its lease (taken over after a pause, or Redis unreachable for longer than
 *   the lease could live) drops the market upstream at once. With Redis unreachable for a whole
 *   lease TTL (not a slow round: instances holding without leases would publish side by side) an
 *   instance holds the markets its own clients watch itself (the bus then delivers in process),
 *   and the lease decides again once Redis answers.
 * - A client on an instance that does not hold the market gets its first snapshot by asking the
 *   holder over the bus (`SNAPSHOT_REQUESTS`).
 */
import type { Logger } from 'pino';
import type { Bus, Unsubscribe } from '../cache/types.js';
import type { Lease, LeaseStore } from '../cluster/lease.js';
import type { OrderBook } from '../core/index.js';
import type { InterestStore } from './interest.js';
import type { DataChannel, MarketDataMessage, MarketDataSource } from './messages.js';
import type { BookService } from './service.js';
import { errText } from './stream-upstream.js';

/** Bus channel of snapshot requests: `{ market }`, answered by the market's holder. */
export const SNAPSHOT_REQUESTS = 'md-snapshot-requests';

/** The lease of a market's upstream subscription. */
export const bookLeaseName = (marketId: string): string => `book:${marketId}`;

export interface SharedBooksOptions {
  /** The local book service; its scope must be `SHARED_SCOPE`. */
  books: BookService;
  bus: Bus;
  leases: LeaseStore;
  interest: InterestStore;
  /** This instance's id (the lease owner). */
  instance: string;
  /** Lease lifetime (`BOOKS_LEASE_TTL_MS`): a dead holder is replaced within it plus one round. */
  ttlMs: number;
  logger: Logger;
  /** Epoch milliseconds (interest scores are compared across instances). */
  now?: () => number;
}

/** What `/readyz` and `/metrics` show of stream ownership. */
export interface BookOwnership {
  mode: 'local' | 'shared';
  /** Markets whose upstream subscription this instance holds. */
  owned: number;
  /** Markets its clients watch that another instance holds. */
  followed: number;
  /** Markets held without a lease while the lease store is unreachable. */
  unleased: number;
  /** `ok`, `unreachable` when the last round could not reach the lease store, `none` alone. */
  leaseStore: 'ok' | 'unreachable' | 'none';
  leaseTtlMs: number | null;
  takeovers: number;
  lost: number;
}

class SharedMarket {
  /** Local watchers per channel. */
  readonly local = new Map<DataChannel, number>();
  /** Channels held at the local book service. */
  readonly held = new Set<DataChannel>();
  lease: Lease | undefined;
  lastRenewedAt = 0;
  idleSince: number | null = null;
  round: Promise<void> | null = null;
  again = false;

  constructor(readonly id: string) {}
}

export class SharedBooks implements MarketDataSource {
  private readonly markets = new Map<string, SharedMarket>();
  private readonly now: () => number;
  readonly intervalMs: number;
  private timer: NodeJS.Timeout | undefined;
  private requests: Promise<Unsubscribe> | undefined;
  /** Since when every round has failed to reach the lease store (null: the last one reached it). */
  private failingSince: number | null = null;
  private closed = false;
  readonly counters = { takeovers: 0, lost: 0, rounds: 0, requestsSent: 0, requestsAnswered: 0 };

  constructor(private readonly options: SharedBooksOptions) {
    this.now = options.now ?? Date.now;
    this.intervalMs = Math.max(10, Math.floor(options.ttlMs / 3));
  }

  /** Listens for snapshot requests and starts the round loop (`loop: false`: rounds run by `round()` only). */
  async start(options: { loop?: boolean } = {}): Promise<void> {
    this.requests = this.options.bus.subscribe(SNAPSHOT_REQUESTS, (msg) => this.onRequest(msg));
    await this.requests;
    if (options.loop !== false) this.schedule();
  }

  async acquire(marketId: string, channel: DataChannel): Promise<void> {
    await this.options.books.check(marketId);
    if (this.closed) throw new Error('the book service is shutting down');
    let m = this.markets.get(marketId);
    if (!m) this.markets.set(marketId, (m = new SharedMarket(marketId)));
    const n = m.local.get(channel) ?? 0;
    m.local.set(channel, n + 1);
    if (n === 0) await this.run(m);
  }

  release(marketId: string, channel: DataChannel): void {
    const m = this.markets.get(marketId);
    const n = m?.local.get(channel);
    if (!m || !n) return;
    if (n > 1) {
      m.local.set(channel, n - 1);
      return;
    }
    m.local.delete(channel);
    this.options.interest.withdraw(marketId, this.options.instance, [channel]).catch(() => undefined);
    if (!m.lease) this.syncHolds(m, m.held.size > 0 ? new Set(m.local.keys()) : new Set());
    this.forgetIfIdle(m);
  }

  requestSnapshot(marketId: string): void {
    if (this.markets.get(marketId)?.lease || this.markets.get(marketId)?.held.has('book')) {
      this.options.books.requestSnapshot(marketId);
      return;
    }
    this.counters.requestsSent += 1;
    this.options.bus.publish(SNAPSHOT_REQUESTS, { market: marketId }).catch(() => undefined);
  }

  channel(marketId: string): string {
    return this.options.books.channel(marketId);
  }

  /** The fresh book of a market this instance holds. */
  live(marketId: string, depth?: number): OrderBook | undefined {
    return this.options.books.live(marketId, depth);
  }

  ownership(): BookOwnership {
    let owned = 0;
    let followed = 0;
    let unleased = 0;
    for (const m of this.markets.values()) {
      if (m.lease) owned += 1;
      else if (m.held.size > 0) unleased += 1;
      else if (m.local.size > 0) followed += 1;
    }
    return {
      mode: 'shared',
      owned,
      followed,
      unleased,
      leaseStore: this.failingSince === null ? 'ok' : 'unreachable',
      leaseTtlMs: this.options.ttlMs,
      takeovers: this.counters.takeovers,
      lost: this.counters.lost,
    };
  }

  /** One round over every market now (tests). */
  async round(): Promise<void> {
    this.counters.rounds += 1;
    await Promise.all([...this.markets.values()].map((m) => this.run(m)));
  }

  /** Stops the loop and gives every held lease up (a successor takes over at once). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.timer);
    await Promise.allSettled([...this.markets.values()].map((m) => m.round));
    const leases: Lease[] = [];
    for (const m of this.markets.values()) {
      if (m.lease) leases.push(m.lease);
      m.lease = undefined;
      this.syncHolds(m, new Set());
    }
    this.markets.clear();
    await Promise.allSettled(leases.map((l) => this.options.leases.release(l)));
    await (await this.requests?.catch(() => undefined))?.().catch(() => undefined);
  }

  // ---- rounds ----

  private schedule(): void {
    if (this.closed) return;
    this.timer = setTimeout(() => {
      void this.round().finally(() => this.schedule());
    }, this.intervalMs);
    this.timer.unref();
  }

  /** Runs a market's round, or one more after the one under way (rounds of a market never overlap). */
  private run(m: SharedMarket): Promise<void> {
    if (m.round) {
      m.again = true;
      return m.round;
    }
    m.round = (async () => {
      do {
        m.again = false;
        await this.step(m);
      } while (m.again && !this.closed);
    })().finally(() => {
      m.round = null;
      this.forgetIfIdle(m);
    });
    return m.round;
  }

  private async step(m: SharedMarket): Promise<void> {
    if (this.closed) return;
    const { leases, interest, instance, ttlMs } = this.options;
    const started = this.now();
    const local = [...m.local.keys()];
    try {
      // The renewal first: it is the one with a deadline.
      if (m.lease) {
        if (await leases.renew(m.lease, ttlMs)) m.lastRenewedAt = started;
        else this.lose(m, 'taken over');
      }
      if (local.length > 0) await interest.declare(m.id, instance, local, started + ttlMs);
      if (!m.lease && m.local.size > 0 && !this.closed) {
        const lease = await leases.acquire(bookLeaseName(m.id), instance, ttlMs);
        if (lease && !this.closed) this.take(m, lease, started);
        else if (lease) await leases.release(lease);
      }
      this.failingSince = null;
      if (!m.lease) {
        // Another instance holds it (or nobody wants it): nothing to hold here.
        this.syncHolds(m, new Set());
        return;
      }
      const wanted = await interest.wanted(m.id, this.now());
      for (const c of m.local.keys()) wanted.add(c);
      if (!m.lease) return;
      this.syncHolds(m, wanted);
      if (wanted.size > 0) {
        m.idleSince = null;
      } else {
        m.idleSince ??= started;
        if (started - m.idleSince >= this.options.books.settings.graceMs) {
          const lease = m.lease;
          m.lease = undefined;
          m.idleSince = null;
          await leases.release(lease);
        }
      }
    } catch (err) {
      const now = this.now();
      this.failingSince ??= started;
      if (m.lease && now - m.lastRenewedAt >= ttlMs - this.intervalMs) this.lose(m, 'lease store unreachable', { keepLocal: true });
      // Unreachable for a whole TTL (every lease elsewhere has lapsed or been given up too): alone
      // until Redis answers, this instance's clients are served from its own subscription.
      if (!m.lease && now - this.failingSince >= ttlMs) this.syncHolds(m, new Set(m.local.keys()));
      this.options.logger.debug({ market: m.id, err: errText(err) }, 'book lease round failed');
    }
  }

  private take(m: SharedMarket, lease: Lease, at: number): void {
    m.lease = lease;
    m.lastRenewedAt = at;
    m.idleSince = null;
    this.counters.takeovers += 1;
    this.options.logger.info({ market: m.id, token: lease.token }, 'holding the market stream');
    // Books of an earlier holder are no longer fed: clients are told before the new snapshot.
    const notice: MarketDataMessage = { t: 'stale', market: m.id, gen: `lease-${lease.token}`, reason: 'the market stream moved to another instance; a snapshot follows' };
    if (m.held.size === 0) this.options.bus.publish(this.channel(m.id), notice).catch(() => undefined);
  }

  /** Drops the lease, and at once every channel held for others (`keepLocal`: this instance's clients' channels stay). */
  private lose(m: SharedMarket, reason: string, options: { keepLocal?: boolean } = {}): void {
    if (!m.lease) return;
    this.options.logger.warn({ market: m.id, token: m.lease.token, reason }, 'market stream lease lost');
    m.lease = undefined;
    this.counters.lost += 1;
    this.syncHolds(m, options.keepLocal ? new Set(m.local.keys()) : new Set());
  }

  /** Holds exactly `wanted` at the local book service (a dropped channel ends upstream at once unless still leased). */
  private syncHolds(m: SharedMarket, wanted: Set<DataChannel>): void {
    const books = this.options.books;
    for (const c of [...m.held]) {
      if (wanted.has(c)) continue;
      m.held.delete(c);
      books.release(m.id, c, !m.lease);
    }
    for (const c of wanted) {
      if (m.held.has(c)) continue;
      try {
        books.hold(m.id, c);
        m.held.add(c);
      } catch (err) {
        this.options.logger.warn({ market: m.id, channel: c, err: errText(err) }, 'could not hold the market');
      }
    }
  }

  private forgetIfIdle(m: SharedMarket): void {
    if (m.local.size === 0 && !m.lease && m.held.size === 0 && !m.round && this.markets.get(m.id) === m) this.markets.delete(m.id);
  }

  private onRequest(raw: unknown): void {
    const market = (raw as { market?: unknown } | null)?.market;
    if (typeof market !== 'string' || !this.markets.get(market)?.lease) return;
    this.counters.requestsAnswered += 1;
    this.options.books.requestSnapshot(market);
  }
}
