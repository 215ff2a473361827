import type { Logger } from 'pino';
import type { Lease, LeaseStore } from './lease.js';

/** What a keeper knows about its lease. */
export type LeaseState =
  /** This instance holds it. */
  | 'held'
  /** Another instance holds it (or held it at the last look). */
  | 'follower'
  /** The store did not answer; nothing is known (a held lease is given up before it could expire). */
  | 'unknown';

export interface LeaseKeeperOptions {
  name: string;
  owner: string;
  /** Lease lifetime: a dead holder is replaced within this time. */
  ttlMs: number;
  /** Renew (or try to acquire) this often (default `ttlMs / 3`). */
  intervalMs?: number;
  /** Called once per acquisition, with the lease (its token fences the holder's writes). */
  onAcquired?: (lease: Lease) => void;
  /** Called when a held lease is lost (taken over, expired, store unreachable) or released. */
  onLost?: (lease: Lease, reason: 'lost' | 'unreachable' | 'released') => void;
  /** Called whenever `state` changes (after `onAcquired`/`onLost` where those apply). */
  onStateChange?: (state: LeaseState) => void;
  logger?: Logger;
  /** Monotonic clock (default `performance.now`). */
  now?: () => number;
}

/**
 * Keeps trying to hold one lease: acquires it when free, renews it while held, and reports the
 * moment it is lost. A holder that cannot reach the store gives the lease up (locally) before its
 * expiry could let another instance take it, so two instances never both believe they hold it.
 */
export class LeaseKeeper {
  private current: Lease | undefined;
  private lastRenewedAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private stateValue: LeaseState = 'unknown';
  private holderValue: string | undefined;
  private readonly now: () => number;
  readonly intervalMs: number;

  constructor(
    private readonly store: LeaseStore,
    private readonly options: LeaseKeeperOptions,
  ) {
    this.now = options.now ?? (() => performance.now());
    this.intervalMs = options.intervalMs ?? Math.max(10, Math.floor(options.ttlMs / 3));
  }

  get lease(): Lease | undefined {
    return this.current;
  }

  get state(): LeaseState {
    return this.stateValue;
  }

  /** The holder's instance id at the last look (this instance's when held). */
  get holder(): string | undefined {
    return this.holderValue;
  }

  /** Starts the loop; the first attempt runs at once. Resolves after that attempt. */
  start(): Promise<void> {
    this.stopped = false;
    const first = this.tick();
    this.schedule();
    return first;
  }

  /** One attempt now (acquire or renew); tests drive the keeper with it. */
  tick(): Promise<void> {
    this.running ??= this.attempt().finally(() => (this.running = undefined));
    return this.running;
  }

  /** Stops the loop and releases a held lease (a successor takes over at once, not after the TTL). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    const lease = this.current;
    if (!lease) return;
    this.lose(lease, 'released');
    await this.store.release(lease).catch(() => undefined);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.tick().finally(() => this.schedule());
    }, this.intervalMs);
    this.timer.unref();
  }

  private async attempt(): Promise<void> {
    if (this.stopped) return;
    const started = this.now();
    const held = this.current;
    try {
      if (held) {
        if (await this.store.renew(held, this.options.ttlMs)) {
          this.lastRenewedAt = started;
          return;
        }
        this.lose(held, 'lost');
      }
      const lease = await this.store.acquire(this.options.name, this.options.owner, this.options.ttlMs);
      if (this.stopped) {
        if (lease) await this.store.release(lease).catch(() => undefined);
        return;
      }
      if (lease) {
        this.current = lease;
        this.lastRenewedAt = started;
        this.holderValue = this.options.owner;
        this.options.logger?.info({ lease: lease.name, token: lease.token }, 'lease acquired');
        this.options.onAcquired?.(lease);
        this.setState('held');
        return;
      }
      this.holderValue = (await this.store.holder(this.options.name).catch(() => null))?.owner;
      this.setState('follower');
    } catch (err) {
      // Unreachable store: a held lease is kept only while it cannot have expired in Redis yet
      // (renewed less than a TTL ago, minus one interval of margin).
      const lease = this.current;
      if (lease && this.now() - this.lastRenewedAt >= this.options.ttlMs - this.intervalMs) this.lose(lease, 'unreachable');
      if (!this.current) this.setState('unknown');
      this.options.logger?.debug({ lease: this.options.name, err: err instanceof Error ? err.message : String(err) }, 'lease store unreachable');
    }
  }

  private lose(lease: Lease, reason: 'lost' | 'unreachable' | 'released'): void {
    if (this.current !== lease) return;
    this.current = undefined;
    this.holderValue = undefined;
    this.options.logger?.warn({ lease: lease.name, token: lease.token, reason }, 'lease given up');
    this.options.onLost?.(lease, reason);
    this.setState(reason === 'unreachable' ? 'unknown' : 'follower');
  }

  private setState(state: LeaseState): void {
    if (this.stateValue === state) return;
    this.stateValue = state;
    this.options.onStateChange?.(state);
  }
}
