import type { Level, OrderBook } from '../../src/core/index.js';
import type { StreamEvent } from '../../src/venue/adapter.js';
import { formatFixed, parseFixed } from '../../src/venue/fixed.js';
import { BOOK_SCALE, LocalBook, LocalBookError } from '../../src/venue/local-book.js';
import { WsSnapshotMsg } from './wire-ws.js';
import { parseWire } from './wire-parse.js';
import { VENUE, marketIdOf } from './map-util.js';
import { IsoClock, deltaFields } from './stream-frames.js';
import type { DeltaFields } from './stream-frames.js';

/**
 * Live order books from Kalshi's `orderbook_delta` channel (docs/venues/kalshi.md §9.5–9.7).
 *
 * - `seq` is per subscription (sid), shared by all markets of the sid, and by acks on it; a frame
 *   whose seq is not last+1 is a gap: every book of that sid turns stale (a `status: stale` event
 *   each), a `get_snapshot` is requested, and deltas are dropped until each market's fresh
 *   snapshot arrives.
 * - A snapshot lists resting bids per outcome; YES bids are bids, NO bids are YES asks. With
 *   `use_yes_price: true` the NO levels already carry YES-scale prices; without it they are NO-leg
 *   prices and become 1 − p.
 * - `delta_fp` is a signed change; the normalized delta carries the level's new absolute size.
 * - A book that would go negative or cross is never served: it turns stale and is resynced.
 * - Normalized events carry a per-market `seq` that increases by one per snapshot or delta.
 */

const ONE = 10 ** BOOK_SCALE;

export type BookState = 'awaiting' | 'live';

interface Entry {
  ticker: string;
  marketId: string;
  sid: number;
  book: LocalBook;
  state: BookState;
  /** Per-market sequence of emitted snapshots and deltas. */
  seq: number;
  /** When it last turned stale (for the resync watchdog), ms. */
  staleSince: number;
}

export interface BookTrackerOptions {
  /** Whether the subscription asked for `use_yes_price: true` (NO levels on the YES scale). */
  useYesPrice: boolean;
  emit: (event: StreamEvent) => void;
  /** Ask the venue for fresh snapshots of these tickers on this sid. */
  requestSnapshot: (sid: number, tickers: string[]) => void;
}

export class BookTracker {
  private readonly entries = new Map<string, Entry>();
  private readonly lastSeq = new Map<number, number>();
  private readonly clock = new IsoClock();
  private readonly venueClock = new IsoClock();
  /** Counters for tests and metrics. */
  readonly counters = { gaps: 0, dropped: 0, crossed: 0, snapshots: 0, deltas: 0 };

  constructor(private readonly options: BookTrackerOptions) {}

  /** Starts tracking a market on a sid; it stays `awaiting` until its snapshot arrives. */
  track(ticker: string, sid: number): void {
    const existing = this.entries.get(ticker);
    if (existing) {
      existing.sid = sid;
      return;
    }
    this.entries.set(ticker, {
      ticker,
      marketId: marketIdOf(ticker),
      sid,
      book: new LocalBook(marketIdOf(ticker), VENUE),
      state: 'awaiting',
      seq: 0,
      staleSince: Date.now(),
    });
  }

  untrack(ticker: string): void {
    this.entries.delete(ticker);
  }

  tickersOf(sid: number): string[] {
    const out: string[] = [];
    for (const e of this.entries.values()) if (e.sid === sid) out.push(e.ticker);
    return out;
  }

  isTracked(ticker: string): boolean {
    return this.entries.has(ticker);
  }

  state(ticker: string): BookState | undefined {
    return this.entries.get(ticker)?.state;
  }

  /** The current book, or null while it is not live. */
  orderBook(ticker: string, depth?: number): OrderBook | null {
    const e = this.entries.get(ticker);
    if (!e || e.state !== 'live') return null;
    return e.book.toOrderBook({ depth, source: 'stream' });
  }

  /** Markets awaiting a snapshot for longer than `ms`, by sid. */
  overdue(ms: number, now = Date.now()): Map<number, string[]> {
    const out = new Map<number, string[]>();
    for (const e of this.entries.values()) {
      if (e.state === 'awaiting' && now - e.staleSince > ms) {
        const list = out.get(e.sid) ?? [];
        list.push(e.ticker);
        out.set(e.sid, list);
        e.staleSince = now;
      }
    }
    return out;
  }

  /** Connection lost: every book is stale until the new connection's snapshots; sids reset. */
  resetAll(reason: string): void {
    this.lastSeq.clear();
    for (const e of this.entries.values()) this.markStale(e, reason);
  }

  /** A sid went away (unsubscribed): forget its sequence. */
  forgetSid(sid: number): void {
    this.lastSeq.delete(sid);
  }

  /**
   * Checks a frame's seq on a book sid. Returns false on a gap (after marking the sid's books
   * stale and requesting snapshots); the frame itself is still usable if it is a snapshot.
   */
  checkSeq(sid: number, seq: number): boolean {
    const last = this.lastSeq.get(sid);
    this.lastSeq.set(sid, seq);
    if (last === undefined || seq === last + 1) return true;
    this.counters.gaps += 1;
    this.invalidateSid(sid, `sequence gap on sid ${sid}: expected ${last + 1}, got ${seq}`);
    return false;
  }

  /** Every book of a sid turns stale and is resynced (a gap, or a frame that could not be read). */
  invalidateSid(sid: number, reason: string): void {
    const tickers: string[] = [];
    for (const e of this.entries.values()) {
      if (e.sid !== sid) continue;
      this.markStale(e, reason);
      tickers.push(e.ticker);
    }
    if (tickers.length > 0) this.options.requestSnapshot(sid, tickers);
  }

  handleSnapshot(sid: number, seq: number | null | undefined, msg: unknown): void {
    if (seq != null) this.checkSeq(sid, seq);
    const m = parseWire(WsSnapshotMsg, msg, 'ws orderbook_snapshot');
    const e = this.entries.get(m.market_ticker);
    if (!e) return;
    e.sid = sid;
    const bids: Level[] = m.yes_dollars_fp ?? [];
    const asks: Level[] = (m.no_dollars_fp ?? []).map(([p, s]) => [this.askPriceText(p), s]);
    try {
      e.book.applySnapshot(bids, asks, null);
    } catch (err) {
      this.markStale(e, `bad snapshot: ${(err as Error).message}`);
      this.options.requestSnapshot(sid, [e.ticker]);
      return;
    }
    if (e.book.isCrossed()) {
      this.counters.crossed += 1;
      this.markStale(e, 'crossed snapshot');
      this.options.requestSnapshot(sid, [e.ticker]);
      return;
    }
    e.state = 'live';
    e.seq += 1;
    e.book.seq = e.seq;
    this.counters.snapshots += 1;
    this.options.emit({ type: 'snapshot', book: e.book.toOrderBook({ source: 'stream', receivedAt: this.clock.now() }) });
  }

  handleDelta(sid: number, seq: number | null | undefined, msg: unknown): void {
    if (seq != null && !this.checkSeq(sid, seq)) {
      this.counters.dropped += 1;
      return;
    }
    this.applyDelta(deltaFields(msg));
  }

  /** A delta already read by `matchDeltaFrame`. */
  handleDeltaFields(sid: number, seq: number, f: DeltaFields): void {
    if (!this.checkSeq(sid, seq)) {
      this.counters.dropped += 1;
      return;
    }
    this.applyDelta(f);
  }

  private applyDelta(f: DeltaFields): void {
    const e = this.entries.get(f.ticker);
    if (!e || e.state !== 'live') {
      this.counters.dropped += 1;
      return;
    }
    const bookSide = f.side === 'yes' ? 'bid' : 'ask';
    const price = f.side === 'yes' || this.options.useYesPrice ? f.price : ONE - f.price;
    try {
      e.book.addScaled(bookSide, price, f.delta);
    } catch (err) {
      if (!(err instanceof LocalBookError)) throw err;
      this.markStale(e, err.message);
      this.options.requestSnapshot(e.sid, [e.ticker]);
      return;
    }
    if (e.book.isCrossed()) {
      this.counters.crossed += 1;
      this.markStale(e, 'book crossed after a delta');
      this.options.requestSnapshot(e.sid, [e.ticker]);
      return;
    }
    const priceText = formatFixed(price, BOOK_SCALE);
    const size = e.book.sizeAt(bookSide, priceText) ?? '0';
    const venueTimestamp = f.tsMs === null ? null : this.venueClock.iso(f.tsMs);
    e.seq += 1;
    e.book.seq = e.seq;
    e.book.venueTimestamp = venueTimestamp;
    this.counters.deltas += 1;
    this.options.emit({
      type: 'delta',
      marketId: e.marketId,
      seq: e.seq,
      changes: [{ side: bookSide, price: priceText, size }],
      venueTimestamp,
      receivedAt: this.clock.now(),
    });
  }

  private askPriceText(noPrice: string): string {
    if (this.options.useYesPrice) return noPrice;
    return formatFixed(ONE - parseFixed(noPrice, BOOK_SCALE), BOOK_SCALE);
  }

  private markStale(e: Entry, reason: string): void {
    if (e.state === 'awaiting') return;
    e.state = 'awaiting';
    e.staleSince = Date.now();
    this.options.emit({ type: 'status', state: 'stale', marketId: e.marketId, reason });
  }
}
