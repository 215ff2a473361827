/**
 * The live book service (docs/DESIGN.md §5 "Books"). It holds markets on behalf of the feed:
 *
 * - One upstream subscription per (market, channel) however many clients watch it: holds are
 *   reference-counted, and the upstream subscription ends `graceMs` after the last release (a
 *   client that reconnects within the grace period finds the book still live).
 * - A venue whose stream can be used now (`canUse(adapter, 'stream')`) is subscribed through one
 *   shared stream (`StreamUpstream`); a venue without one, or a market its stream refuses, is
 *   polled over REST (`BookPoller`), and its books say `source: "rest"`. A polled market's ticker is
 *   derived from its book's best bid and ask.
 * - Books are rebuilt from the adapters' normalized snapshots and deltas (`LiveBook`). A venue gap
 *   (an adapter `seq` that does not follow), a `stale` notice, a reconnect, a crossed or unreadable
 *   book, or polling that keeps failing marks a book stale until the next snapshot; a book stale for
 *   longer than `staleResubscribeMs` is resubscribed. A stale book is never served as fresh.
 * - Every snapshot, delta, stale notice, ticker and trade of a held market is published on the bus
 *   (`marketDataChannel`, under `scope`), where the feed picks it up. Alone (memory bus) the scope is
 *   this instance's; with Redis it is the deployment's (`SHARED_SCOPE`), and `SharedBooks`
 *   (shared.ts) decides which instance holds each market.
 */
import type { Logger } from 'pino';
import type { Bus } from '../cache/types.js';
import { NotFound, tryParseId } from '../core/index.js';
import type { OrderBook, VenueId } from '../core/index.js';
import { canUse, systemClock } from '../venue/index.js';
import type { StreamClock, StreamEvent, VenueAdapter } from '../venue/index.js';
import { BookPoller } from './poller.js';
import { LiveBook, newGeneration } from './live-book.js';
import { marketDataChannel, type DataChannel, type MarketDataMessage, type MarketDataSource } from './messages.js';
import { StreamUpstream, errText } from './stream-upstream.js';
import { HoldTable, type Hold } from './holds.js';
import type { BookOwnership } from './shared.js';

export interface BookServiceSettings {
  /** REST polling interval of books without a usable stream. */
  pollIntervalMs: number;
  /** Fraction of each venue rate-limit bucket that polling leaves untouched. */
  pollMinHeadroom: number;
  /** How long an upstream subscription outlives its last client. */
  graceMs: number;
  /** A stream book stale this long is resubscribed. */
  staleResubscribeMs: number;
}

export const DEFAULT_BOOK_SETTINGS: BookServiceSettings = {
  pollIntervalMs: 2_000,
  pollMinHeadroom: 0.5,
  graceMs: 30_000,
  staleResubscribeMs: 15_000,
};

export interface BookServiceOptions {
  adapters: { get(venue: VenueId): VenueAdapter | undefined };
  /** Markets known without asking the venue (the synced catalog). */
  catalog?: { getMarket(id: string): unknown };
  bus: Bus;
  logger: Logger;
  settings?: Partial<BookServiceSettings>;
  clock?: StreamClock;
  /** This instance's scope of bus channels (default: a random id). */
  scope?: string;
}

export class BookService implements MarketDataSource {
  readonly settings: BookServiceSettings;
  /** The scope of this instance's bus channels. */
  readonly scope: string;
  private readonly clock: StreamClock;
  private readonly logger: Logger;
  private readonly holds: HoldTable;
  private readonly streams = new Map<VenueId, StreamUpstream>();
  private readonly pollers = new Map<VenueId, BookPoller>();
  /** Markets confirmed to exist by the venue (bounded; the catalog answers most lookups). */
  private readonly known = new Set<string>();
  private watchdog: unknown;
  private closed = false;
  readonly counters = { published: 0, publishFailures: 0, staleMarks: 0, gaps: 0, resubscribes: 0 };

  constructor(private readonly options: BookServiceOptions) {
    this.settings = { ...DEFAULT_BOOK_SETTINGS, ...options.settings };
    this.scope = options.scope ?? newGeneration();
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger;
    this.holds = new HoldTable({
      clock: this.clock,
      graceMs: this.settings.graceMs,
      open: (hold, channel) => this.openChannel(hold, channel),
      close: (hold, channel) => this.closeChannel(hold, channel),
    });
    this.armWatchdog();
  }

  /** Resolves when the market exists and its venue is enabled; rejects with `NotFound` otherwise. */
  async check(marketId: string): Promise<void> {
    await this.checkMarket(marketId);
  }

  async acquire(marketId: string, channel: DataChannel): Promise<void> {
    const adapter = await this.checkMarket(marketId);
    if (this.closed) throw new NotFound('the book service is shutting down');
    this.holds.acquire(marketId, channel, () => ({ venue: adapter.venue, mode: this.modeFor(adapter) }));
  }

  /** `acquire` at once, for a market already checked (`check`); throws when its venue is not enabled. */
  hold(marketId: string, channel: DataChannel): void {
    if (this.closed) throw new NotFound('the book service is shutting down');
    const parsed = tryParseId(marketId);
    if (!parsed) throw new NotFound(`${JSON.stringify(marketId)} is not a market id ("venue:nativeId")`);
    const adapter = this.adapter(parsed.venue);
    this.holds.acquire(marketId, channel, () => ({ venue: adapter.venue, mode: this.modeFor(adapter) }));
  }

  /**
   * Ends one hold. `immediate` takes the channel back upstream at once rather than after the grace
   * period (an instance that lost a market's lease must stop publishing it).
   */
  release(marketId: string, channel: DataChannel, immediate = false): void {
    this.holds.release(marketId, channel, immediate);
  }

  requestSnapshot(marketId: string): void {
    const hold = this.holds.get(marketId);
    if (hold?.book?.fresh && hold.active('book')) this.publishSnapshot(hold.book);
  }

  channel(marketId: string): string {
    return marketDataChannel(this.scope, marketId);
  }

  /** The book of a held market when it is fresh; undefined when not held or stale. */
  live(marketId: string, depth?: number): OrderBook | undefined {
    const hold = this.holds.get(marketId);
    if (!hold?.book?.fresh || !hold.active('book')) return undefined;
    return hold.book.toOrderBook(depth);
  }

  /** Held markets, and per venue how its books are fed. */
  stats() {
    return {
      markets: this.holds.size,
      streams: [...this.streams.values()].map((s) => ({ venue: s.venue, subscriptions: s.size, usable: s.usable, ...s.counters })),
      pollers: [...this.pollers.values()].map((p) => ({ venue: p.venue, markets: p.size, ...p.counters })),
      ...this.counters,
    };
  }

  /** Alone, this instance holds every market its clients watch. */
  ownership(): BookOwnership {
    return { mode: 'local', owned: this.holds.size, followed: 0, unleased: 0, leaseStore: 'none', leaseTtlMs: null, takeovers: 0, lost: 0 };
  }

  /** The stream upstream of a venue (tests and diagnostics). */
  streamOf(venue: VenueId): StreamUpstream | undefined {
    return this.streams.get(venue);
  }

  pollerOf(venue: VenueId): BookPoller | undefined {
    return this.pollers.get(venue);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.watchdog !== undefined) this.clock.clearTimeout(this.watchdog);
    this.holds.clear();
    for (const p of this.pollers.values()) p.close();
    await Promise.allSettled([...this.streams.values()].map((s) => s.close()));
  }

  // ---- markets and upstreams ----

  private async checkMarket(marketId: string): Promise<VenueAdapter> {
    const parsed = tryParseId(marketId);
    if (!parsed) throw new NotFound(`${JSON.stringify(marketId)} is not a market id ("venue:nativeId")`);
    const adapter = this.options.adapters.get(parsed.venue);
    if (!adapter) throw new NotFound(`venue ${parsed.venue} is not enabled on this server`, { venue: parsed.venue });
    if (this.holds.get(marketId) || this.known.has(marketId) || this.options.catalog?.getMarket(marketId)) return adapter;
    try {
      await adapter.getMarket(parsed.nativeId);
    } catch (err) {
      if (err instanceof NotFound) throw new NotFound(`no market ${marketId}`, { venue: parsed.venue });
      // The venue could not say: the subscription goes ahead and the upstream decides.
      this.logger.warn({ market: marketId, err: errText(err) }, 'market lookup failed; subscribing anyway');
      return adapter;
    }
    if (this.known.size >= 10_000) this.known.clear();
    this.known.add(marketId);
    return adapter;
  }

  private modeFor(adapter: VenueAdapter): 'stream' | 'poll' {
    return this.canStream(adapter.venue) ? 'stream' : 'poll';
  }

  /** Whether the venue's stream can be used now (credentials present, and it could be opened). */
  private canStream(venue: VenueId): boolean {
    const adapter = this.options.adapters.get(venue);
    return adapter !== undefined && canUse(adapter, 'stream') && this.streams.get(venue)?.usable !== false;
  }

  private adapter(venue: VenueId): VenueAdapter {
    const adapter = this.options.adapters.get(venue);
    if (!adapter) throw new NotFound(`venue ${venue} is not enabled on this server`, { venue });
    return adapter;
  }

  private streamFor(venue: VenueId): StreamUpstream {
    let s = this.streams.get(venue);
    if (!s) {
      s = new StreamUpstream({
        adapter: this.adapter(venue),
        clock: this.clock,
        logger: this.logger.child({ venue }),
        onEvent: (event) => this.onStreamEvent(venue, event),
        onRefused: (marketId, channel, err) => this.onRefused(marketId, channel, err),
      });
      this.streams.set(venue, s);
    }
    return s;
  }

  private pollerFor(venue: VenueId): BookPoller {
    let p = this.pollers.get(venue);
    if (!p) {
      p = new BookPoller({
        adapter: this.adapter(venue),
        clock: this.clock,
        logger: this.logger.child({ venue }),
        intervalMs: this.settings.pollIntervalMs,
        minHeadroom: this.settings.pollMinHeadroom,
        onBook: (book) => this.onPolledBook(book),
        onFailure: (marketId, err) => this.onPollFailure(marketId, err),
      });
      this.pollers.set(venue, p);
    }
    return p;
  }

  /** First hold of a channel: subscribe it upstream. Public trades come from a stream only. */
  private openChannel(hold: Hold, channel: DataChannel): void {
    if (channel === 'trades') {
      if (this.canStream(hold.venue)) this.streamFor(hold.venue).add(hold.marketId, channel);
      return;
    }
    if (hold.mode === 'stream') {
      if (channel === 'book' && !hold.book) hold.book = new LiveBook(hold.marketId, hold.venue, 'stream', undefined, this.clock.now());
      this.streamFor(hold.venue).add(hold.marketId, channel);
      return;
    }
    if (!hold.book) {
      hold.book = new LiveBook(hold.marketId, hold.venue, 'rest', undefined, this.clock.now());
      hold.lastPollOk = this.clock.now();
    }
    this.pollerFor(hold.venue).add(hold.marketId);
  }

  /** A channel's last hold ended (after the grace period): take it back upstream. */
  private closeChannel(hold: Hold, channel: DataChannel): void {
    if (channel === 'trades' || hold.mode === 'stream') {
      this.streams.get(hold.venue)?.remove(hold.marketId, channel);
      if (channel === 'book' && hold.mode === 'stream') hold.book = undefined;
      return;
    }
    if (!hold.active('book') && !hold.active('ticker')) {
      this.pollers.get(hold.venue)?.remove(hold.marketId);
      hold.book = undefined;
    }
  }

  /**
   * The stream refused a market on a channel (or the venue has no usable stream). Its book and
   * ticker are then polled (the ticker derived from the book); refused trades are not available.
   */
  private onRefused(marketId: string, channel: DataChannel, err: unknown): void {
    const hold = this.holds.get(marketId);
    if (!hold) return;
    if (channel === 'trades') {
      this.logger.warn({ market: marketId, err: errText(err) }, 'the venue stream refused the market\'s trades: none are delivered');
      return;
    }
    if (hold.mode !== 'stream') return;
    this.logger.warn({ market: marketId, channel, err: errText(err) }, 'the venue stream refused the market: polling its book');
    const polled = (['book', 'ticker'] as const).filter((c) => hold.active(c));
    for (const c of polled) if (c !== channel) this.streams.get(hold.venue)?.remove(marketId, c);
    if (hold.book) this.markStale(hold.book, 'moving to REST polling');
    hold.book = undefined;
    hold.mode = 'poll';
    for (const c of polled) this.openChannel(hold, c);
  }

  // ---- events ----

  private onStreamEvent(venue: VenueId, event: StreamEvent): void {
    switch (event.type) {
      case 'snapshot': {
        const book = this.streamBook(event.book.marketId);
        if (!book) return;
        const wasFresh = book.fresh;
        book.source = event.book.source;
        const meta = { venueTimestamp: event.book.venueTimestamp, receivedAt: event.book.receivedAt };
        const r = book.snapshot(event.book.bids, event.book.asks, book.seq + 1, meta, this.clock.now());
        book.upstreamSeq = event.book.seq;
        if (r.ok) this.publishSnapshot(book);
        else this.staleAfterFailure(book, wasFresh, r.reason);
        return;
      }
      case 'delta': {
        const book = this.streamBook(event.marketId);
        if (!book || book.stale) return;
        if (book.upstreamSeq !== null && event.seq !== book.upstreamSeq + 1) {
          this.counters.gaps += 1;
          this.markStale(book, `sequence gap from the venue stream: expected ${book.upstreamSeq + 1}, got ${event.seq}`);
          return;
        }
        book.upstreamSeq = event.seq;
        const r = book.delta(event.changes, book.seq + 1, { venueTimestamp: event.venueTimestamp, receivedAt: event.receivedAt }, this.clock.now());
        if (r.ok) {
          this.publish(book.marketId, {
            t: 'delta',
            market: book.marketId,
            gen: book.gen,
            seq: book.seq,
            bids: r.changes.bids,
            asks: r.changes.asks,
            venueTimestamp: book.venueTimestamp,
            receivedAt: book.receivedAt ?? event.receivedAt,
          });
        } else {
          this.staleAfterFailure(book, true, r.reason);
        }
        return;
      }
      case 'status': {
        if (event.state === 'stale' && event.marketId) {
          const book = this.streamBook(event.marketId);
          if (book) this.markStale(book, event.reason ?? 'stale');
        } else if (event.state === 'reconnecting' || event.state === 'disconnected') {
          for (const hold of this.holds.values()) {
            if (hold.venue === venue && hold.mode === 'stream' && hold.book) this.markStale(hold.book, `venue stream ${event.state}`);
          }
        }
        return;
      }
      case 'ticker': {
        const hold = this.holds.get(event.ticker.marketId);
        if (hold?.active('ticker')) this.publish(hold.marketId, { t: 'ticker', market: hold.marketId, ticker: event.ticker });
        return;
      }
      case 'trade': {
        const hold = this.holds.get(event.trade.marketId);
        if (hold?.active('trades')) this.publish(hold.marketId, { t: 'trade', market: hold.marketId, trade: event.trade });
        return;
      }
      default:
        return;
    }
  }

  private streamBook(marketId: string): LiveBook | undefined {
    const hold = this.holds.get(marketId);
    return hold && hold.mode === 'stream' && hold.active('book') ? hold.book : undefined;
  }

  private onPolledBook(polled: OrderBook): void {
    const hold = this.holds.get(polled.marketId);
    const book = hold?.mode === 'poll' ? hold.book : undefined;
    if (!hold || !book) return;
    const now = this.clock.now();
    hold.lastPollOk = now;
    book.source = polled.source;
    const meta = { venueTimestamp: polled.venueTimestamp, receivedAt: polled.receivedAt };
    const publishBook = hold.active('book');
    if (book.stale) {
      const r = book.snapshot(polled.bids, polled.asks, book.seq + 1, meta, now);
      if (r.ok && publishBook) this.publishSnapshot(book);
    } else {
      let changes;
      try {
        changes = book.diff(polled.bids, polled.asks);
      } catch (err) {
        this.markStale(book, `unreadable polled book: ${errText(err)}`);
        return;
      }
      if (changes.length === 0) {
        book.receivedAt = polled.receivedAt;
        book.venueTimestamp = polled.venueTimestamp;
      } else {
        const r = book.delta(changes, book.seq + 1, meta, now);
        if (!r.ok) this.staleAfterFailure(book, true, r.reason);
        else if (publishBook) {
          this.publish(book.marketId, { t: 'delta', market: book.marketId, gen: book.gen, seq: book.seq, ...r.changes, ...meta });
        }
      }
    }
    if (hold.active('ticker') && book.fresh) this.derivedTicker(hold, book, polled.receivedAt);
  }

  private derivedTicker(hold: Hold, book: LiveBook, at: string): void {
    const bid = book.best('bid');
    const ask = book.best('ask');
    if (hold.top && hold.top.bid === bid && hold.top.ask === ask) return;
    hold.top = { bid, ask };
    const ticker = { marketId: hold.marketId, venue: hold.venue, bestBid: bid, bestAsk: ask, lastPrice: null, volume: null, volumeNotional: null, openInterest: null, timestamp: at };
    this.publish(hold.marketId, { t: 'ticker', market: hold.marketId, ticker });
  }

  private onPollFailure(marketId: string, err: unknown): void {
    const hold = this.holds.get(marketId);
    if (!hold?.book || hold.mode !== 'poll') return;
    if (err instanceof NotFound) this.markStale(hold.book, `the venue has no book: ${errText(err)}`);
    else if (this.clock.now() - hold.lastPollOk > 3 * this.settings.pollIntervalMs) this.markStale(hold.book, `polling failing: ${errText(err)}`);
  }

  // ---- staleness ----

  private staleAfterFailure(book: LiveBook, wasFresh: boolean, reason: string): void {
    this.counters.staleMarks += 1;
    this.logger.debug({ market: book.marketId, reason }, 'book stale');
    if (wasFresh) this.publish(book.marketId, { t: 'stale', market: book.marketId, gen: book.gen, reason });
  }

  private markStale(book: LiveBook, reason: string): void {
    if (!book.markStale(reason, this.clock.now())) return;
    this.staleAfterFailure(book, true, reason);
  }

  /** Resubscribes stream books stale for too long; marks polled books stale when polls stopped succeeding. */
  private armWatchdog(): void {
    const every = Math.max(250, Math.min(this.settings.staleResubscribeMs, this.settings.pollIntervalMs * 3) / 2);
    this.watchdog = this.clock.setTimeout(() => {
      this.watchdog = undefined;
      if (this.closed) return;
      this.checkStale();
      this.armWatchdog();
    }, every);
    (this.watchdog as { unref?: () => void } | undefined)?.unref?.();
  }

  private checkStale(): void {
    const now = this.clock.now();
    for (const hold of this.holds.values()) {
      const book = hold.book;
      if (!book) continue;
      if (hold.mode === 'poll') {
        if (book.fresh && now - hold.lastPollOk > 3 * this.settings.pollIntervalMs) this.markStale(book, 'no successful poll lately');
        continue;
      }
      if (!book.stale || !hold.active('book')) continue;
      if (now - book.staleSince < this.settings.staleResubscribeMs || now - hold.lastResubscribe < this.settings.staleResubscribeMs) continue;
      hold.lastResubscribe = now;
      this.counters.resubscribes += 1;
      this.streams.get(hold.venue)?.resubscribe(hold.marketId);
    }
  }

  // ---- publishing ----

  private publishSnapshot(book: LiveBook): void {
    this.publish(book.marketId, {
      t: 'snapshot',
      market: book.marketId,
      venue: book.venue,
      gen: book.gen,
      seq: book.seq,
      source: book.source,
      bids: book.levels('bid'),
      asks: book.levels('ask'),
      venueTimestamp: book.venueTimestamp,
      receivedAt: book.receivedAt ?? new Date(this.clock.now()).toISOString(),
    });
  }

  private publish(marketId: string, message: MarketDataMessage): void {
    this.counters.published += 1;
    this.options.bus.publish(marketDataChannel(this.scope, marketId), message).catch((err: unknown) => {
      this.counters.publishFailures += 1;
      if (this.counters.publishFailures === 1 || this.counters.publishFailures % 1000 === 0) {
        this.logger.warn({ err: errText(err), failures: this.counters.publishFailures }, 'bus publish failed');
      }
    });
  }
}
