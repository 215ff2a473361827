/**
 * Reference-counted holds of (market, channel) pairs with a grace period: the first hold of a
 * channel opens it (`open`), the last release arms a timer, and the channel closes (`close`) when
 * the timer fires unless a new hold came first. A market leaves the table when none of its
 * channels is held or in its grace period.
 */
import type { VenueId } from '../core/index.js';
import type { StreamClock } from '../venue/index.js';
import type { LiveBook } from './live-book.js';
import type { DataChannel } from './messages.js';

export class Hold {
  /** The book (stream mode: while `book` is held; poll mode: while `book` or `ticker` is). */
  book: LiveBook | undefined;
  /** Last successful REST poll (poll mode), epoch ms. */
  lastPollOk = 0;
  /** Last time the market was resubscribed for being stale, epoch ms. */
  lastResubscribe = 0;
  /** Last top of book a ticker was derived from (poll mode). */
  top: { bid: string | null; ask: string | null } | null = null;
  readonly counts = new Map<DataChannel, number>();
  readonly grace = new Map<DataChannel, unknown>();

  constructor(
    readonly marketId: string,
    readonly venue: VenueId,
    public mode: 'stream' | 'poll',
  ) {}

  /** Held, or released but still in its grace period. */
  active(channel: DataChannel): boolean {
    return this.counts.has(channel) || this.grace.has(channel);
  }

  channels(): DataChannel[] {
    return [...new Set([...this.counts.keys(), ...this.grace.keys()])];
  }

  /** Clients holding the channel right now. */
  holders(channel: DataChannel): number {
    return this.counts.get(channel) ?? 0;
  }
}

export interface HoldTableOptions {
  clock: StreamClock;
  graceMs: number;
  open(hold: Hold, channel: DataChannel): void;
  close(hold: Hold, channel: DataChannel): void;
}

export class HoldTable {
  private readonly holds = new Map<string, Hold>();

  constructor(private readonly options: HoldTableOptions) {}

  get size(): number {
    return this.holds.size;
  }

  get(marketId: string): Hold | undefined {
    return this.holds.get(marketId);
  }

  values(): IterableIterator<Hold> {
    return this.holds.values();
  }

  acquire(marketId: string, channel: DataChannel, init: () => { venue: VenueId; mode: 'stream' | 'poll' }): Hold {
    let hold = this.holds.get(marketId);
    if (!hold) {
      const { venue, mode } = init();
      hold = new Hold(marketId, venue, mode);
      this.holds.set(marketId, hold);
    }
    const n = hold.counts.get(channel) ?? 0;
    hold.counts.set(channel, n + 1);
    const timer = hold.grace.get(channel);
    if (timer !== undefined) {
      this.options.clock.clearTimeout(timer);
      hold.grace.delete(channel);
    } else if (n === 0) {
      this.options.open(hold, channel);
    }
    return hold;
  }

  /** Ends one hold; `immediate` closes the channel at once instead of after the grace period. */
  release(marketId: string, channel: DataChannel, immediate = false): void {
    const hold = this.holds.get(marketId);
    const n = hold?.counts.get(channel);
    if (!hold || !n) return;
    if (n > 1) {
      hold.counts.set(channel, n - 1);
      return;
    }
    hold.counts.delete(channel);
    if (this.options.graceMs <= 0 || immediate) {
      this.finish(hold, channel);
      return;
    }
    const timer = this.options.clock.setTimeout(() => {
      if (hold.grace.get(channel) !== timer) return;
      hold.grace.delete(channel);
      this.finish(hold, channel);
    }, this.options.graceMs);
    (timer as { unref?: () => void } | undefined)?.unref?.();
    hold.grace.set(channel, timer);
  }

  /** Forgets every hold and cancels every grace timer (without closing upstream). */
  clear(): void {
    for (const hold of this.holds.values()) for (const t of hold.grace.values()) this.options.clock.clearTimeout(t);
    this.holds.clear();
  }

  private finish(hold: Hold, channel: DataChannel): void {
    this.options.close(hold, channel);
    if (hold.counts.size === 0 && hold.grace.size === 0 && this.holds.get(hold.marketId) === hold) this.holds.delete(hold.marketId);
  }
}
