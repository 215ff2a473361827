/**
 * One live order book with what a consumer needs to trust it: its generation and `seq`, the venue
 * timestamp and our received timestamp of the last update, its source (`stream`, `rest`,
 * `emulated`) and a staleness flag with its reason. Used by the live book service (rebuilding
 * books from adapter events and REST polls) and by the feed (mirroring the service's messages).
 *
 * A book starts stale ("awaiting snapshot"). A snapshot makes it fresh; a delta applies only to a
 * fresh book; a level that cannot be read, or a book that ends up crossed (best bid ≥ best ask),
 * leaves the book stale until the next snapshot. Levels are kept by `LocalBook` in fixed point and
 * printed as canonical decimal strings (`"0.42"`, `"10"`).
 */
import { canonical } from '../core/index.js';
import type { BookSource, Level, OrderBook, VenueId } from '../core/index.js';
import { BOOK_SCALE, LocalBook, formatFixed, parseFixed } from '../venue/index.js';
import type { BookLevelChange } from '../venue/index.js';

/** Changed levels split by side, canonical, as the bus and the feed carry them. */
export interface SideChanges {
  bids: Level[];
  asks: Level[];
}

export interface UpdateMeta {
  venueTimestamp: string | null;
  receivedAt: string;
}

export type ApplyResult = { ok: true } | { ok: false; reason: string };

let generations = 0;

/** A new generation id, unique within the process and unlikely to repeat across instances. */
export function newGeneration(): string {
  generations += 1;
  return `${Date.now().toString(36)}.${generations.toString(36)}.${Math.floor(Math.random() * 1e6).toString(36)}`;
}

export class LiveBook {
  private readonly local: LocalBook;
  seq = 0;
  stale = true;
  staleReason: string | null = 'awaiting snapshot';
  /** When it turned stale (epoch ms of the caller's clock), for resync watchdogs. */
  staleSince: number;
  venueTimestamp: string | null = null;
  receivedAt: string | null = null;
  /** The adapter's own `seq` of the last applied event, when it gives one (service side only). */
  upstreamSeq: number | null = null;

  constructor(
    readonly marketId: string,
    readonly venue: VenueId,
    public source: BookSource,
    public gen: string = newGeneration(),
    now = 0,
  ) {
    this.local = new LocalBook(marketId, venue);
    this.staleSince = now;
  }

  get fresh(): boolean {
    return !this.stale;
  }

  /** Replaces the whole book and sets `seq`. A crossed or unreadable book stays stale. */
  snapshot(bids: readonly Level[], asks: readonly Level[], seq: number, meta: UpdateMeta, now = 0): ApplyResult {
    this.seq = seq;
    this.venueTimestamp = meta.venueTimestamp;
    this.receivedAt = meta.receivedAt;
    try {
      this.local.applySnapshot(bids, asks, seq, meta.venueTimestamp);
    } catch (err) {
      this.local.clear();
      return this.fail(`unreadable snapshot: ${(err as Error).message}`, now);
    }
    if (this.local.isCrossed()) return this.fail('crossed snapshot', now);
    this.stale = false;
    this.staleReason = null;
    return { ok: true };
  }

  /**
   * Applies changed levels (absolute sizes) to a fresh book and sets `seq`. Returns the changes in
   * canonical form, or the reason the book turned stale.
   */
  delta(changes: readonly BookLevelChange[], seq: number, meta: UpdateMeta, now = 0): { ok: true; changes: SideChanges } | { ok: false; reason: string } {
    if (this.stale) return { ok: false, reason: this.staleReason ?? 'stale' };
    const out: SideChanges = { bids: [], asks: [] };
    try {
      for (const c of changes) {
        const price = parseFixed(c.price, BOOK_SCALE);
        const size = parseFixed(c.size, BOOK_SCALE);
        this.local.setScaled(c.side, price, size);
        (c.side === 'bid' ? out.bids : out.asks).push([formatFixed(price, BOOK_SCALE, 0), formatFixed(size, BOOK_SCALE, 0)]);
      }
    } catch (err) {
      return this.fail(`unreadable delta: ${(err as Error).message}`, now);
    }
    this.seq = seq;
    this.local.seq = seq;
    this.venueTimestamp = meta.venueTimestamp;
    this.local.venueTimestamp = meta.venueTimestamp;
    this.receivedAt = meta.receivedAt;
    if (this.local.isCrossed()) return this.fail('book crossed after a delta', now);
    return { ok: true, changes: out };
  }

  /** Applies changes already split by side and canonical (a mirror applying the bus's deltas). */
  applySides(sides: SideChanges, seq: number, meta: UpdateMeta, now = 0): ApplyResult {
    const changes: BookLevelChange[] = [];
    for (const [price, size] of sides.bids) changes.push({ side: 'bid', price, size });
    for (const [price, size] of sides.asks) changes.push({ side: 'ask', price, size });
    const r = this.delta(changes, seq, meta, now);
    return r.ok ? { ok: true } : r;
  }

  /**
   * The changes that turn this book into `bids`/`asks` (a REST poll), without applying them.
   * Levels missing from the new book come back with size `"0"`.
   */
  diff(bids: readonly Level[], asks: readonly Level[]): BookLevelChange[] {
    const changes: BookLevelChange[] = [];
    const side = (name: 'bid' | 'ask', now: Level[], next: readonly Level[]) => {
      const old = new Map(now.map(([p, s]) => [p, s]));
      const sizes = new Map<string, string>();
      // Zero-size levels are no levels; a repeated price keeps its last size (as `LocalBook` does).
      for (const [p, s] of next) sizes.set(canonical(p), canonical(s));
      for (const [price, size] of sizes) {
        if (size !== '0' && old.get(price) !== size) changes.push({ side: name, price, size });
      }
      for (const price of old.keys()) if ((sizes.get(price) ?? '0') === '0') changes.push({ side: name, price, size: '0' });
    };
    side('bid', this.local.levels('bid'), bids);
    side('ask', this.local.levels('ask'), asks);
    return changes;
  }

  /** Marks the book stale; returns whether it was fresh. */
  markStale(reason: string, now = 0): boolean {
    if (this.stale) return false;
    this.stale = true;
    this.staleReason = reason;
    this.staleSince = now;
    return true;
  }

  levels(side: 'bid' | 'ask', depth?: number): Level[] {
    return this.local.levels(side, depth);
  }

  best(side: 'bid' | 'ask'): string | null {
    return this.local.best(side)?.price ?? null;
  }

  toOrderBook(depth?: number): OrderBook {
    return {
      marketId: this.marketId,
      venue: this.venue,
      bids: this.local.levels('bid', depth),
      asks: this.local.levels('ask', depth),
      seq: this.seq,
      venueTimestamp: this.venueTimestamp,
      receivedAt: this.receivedAt ?? new Date(0).toISOString(),
      source: this.source,
    };
  }

  private fail(reason: string, now: number): { ok: false; reason: string } {
    if (!this.stale) this.staleSince = now;
    this.stale = true;
    this.staleReason = reason;
    return { ok: false, reason };
  }
}
