import type { Logger } from 'pino';
import type { Bus, Unsubscribe } from '../../cache/types.js';
import { tryParseId } from '../../core/index.js';
import type { OrderBook, VenueId } from '../../core/index.js';
import type { StreamClock } from '../../venue/index.js';
import { LiveBook } from '../../books/live-book.js';
import { MarketDataMessageSchema } from '../../books/messages.js';
import type { VenueAdapter } from '../../venue/adapter.js';

/**
 * Where the arbitrage service gets the books of the markets it watches. Two implementations:
 *
 * - `LiveBookFeed`: holds each market at the live book service (one upstream subscription however
 *   many consumers) and listens to its bus channel; every snapshot, delta or stale notice of a
 *   market hands the service that market's current book at once (incremental re-evaluation).
 * - `RestBookPoller`: asks the venues for the books over REST every interval, batched per venue.
 *
 * `update(book, freshAt)` gives a current book (`freshAt`: when it was last known current);
 * `gone(id, reason)` says a market's book can no longer be trusted.
 */
export interface BookFeedSink {
  update(book: OrderBook, freshAt: number): void;
  gone(marketId: string, reason: string): void;
}

export interface BookFeed {
  /** Starts or stops watching markets so that exactly `ids` are watched. */
  watch(ids: readonly string[]): Promise<void>;
  /** Hands the sink every watched market's current book again (e.g. on a refresh timer). */
  refresh(): void;
  close(): Promise<void>;
}

/** The part of the live book service the feed uses. */
export interface LiveBooks {
  acquire(marketId: string, channel: 'book'): Promise<void>;
  release(marketId: string, channel: 'book'): void;
  channel(marketId: string): string;
  /** The fresh book when this instance holds the market; undefined otherwise (then the bus mirror serves). */
  live(marketId: string): OrderBook | undefined;
  /** Asks the market's holder to publish its book again (instances sharing a Redis). */
  requestSnapshot?(marketId: string): void;
}

export class LiveBookFeed implements BookFeed {
  private readonly held = new Map<string, Promise<Unsubscribe | null>>();
  /**
   * Books rebuilt from the bus, for markets another instance holds (instances sharing a Redis):
   * `live()` answers only for markets held here.
   */
  private readonly mirrors = new Map<string, LiveBook>();

  constructor(
    private readonly options: { books: LiveBooks; bus: Bus; sink: BookFeedSink; clock: StreamClock; logger: Logger },
  ) {}

  async watch(ids: readonly string[]): Promise<void> {
    const want = new Set(ids);
    const pending: Promise<unknown>[] = [];
    for (const [id, held] of this.held) {
      if (want.has(id)) continue;
      this.held.delete(id);
      pending.push(held.then((off) => this.drop(id, off)));
    }
    for (const id of want) if (!this.held.has(id)) {
      const p = this.hold(id);
      this.held.set(id, p);
      pending.push(p);
    }
    await Promise.all(pending);
  }

  refresh(): void {
    for (const id of this.held.keys()) this.push(id);
  }

  async close(): Promise<void> {
    const all = [...this.held];
    this.held.clear();
    await Promise.all(all.map(([id, p]) => p.then((off) => this.drop(id, off))));
  }

  private async hold(id: string): Promise<Unsubscribe | null> {
    const { books, bus, logger } = this.options;
    let off: Unsubscribe | null = null;
    try {
      off = await bus.subscribe(books.channel(id), (msg) => this.onMessage(id, msg));
      await books.acquire(id, 'book');
      if (!books.live(id)) books.requestSnapshot?.(id);
      this.push(id);
      return off;
    } catch (err) {
      logger.warn({ market: id, err: err instanceof Error ? err.message : String(err) }, 'arbitrage cannot watch the market\'s book');
      await off?.();
      this.options.sink.gone(id, 'book not available');
      return null;
    }
  }

  private async drop(id: string, off: Unsubscribe | null): Promise<void> {
    this.mirrors.delete(id);
    if (off === null) return;
    this.options.books.release(id, 'book');
    await off();
  }

  private onMessage(id: string, msg: unknown): void {
    this.mirror(id, msg);
    const t = (msg as { t?: unknown } | null)?.t;
    if (t === 'snapshot' || t === 'delta') this.push(id);
    else if (t === 'stale') this.options.sink.gone(id, `book stale: ${String((msg as { reason?: unknown }).reason ?? 'unknown')}`);
  }

  /** Keeps the bus mirror of a market: snapshots replace it, deltas apply in `seq` order, anything else makes it stale. */
  private mirror(id: string, raw: unknown): void {
    const parsed = MarketDataMessageSchema.safeParse(raw);
    if (!parsed.success) return;
    const msg = parsed.data;
    const current = this.mirrors.get(id);
    if (msg.t === 'snapshot') {
      const m = current && current.gen === msg.gen ? current : new LiveBook(id, msg.venue, msg.source, msg.gen);
      m.source = msg.source;
      m.snapshot(msg.bids, msg.asks, msg.seq, msg);
      this.mirrors.set(id, m);
    } else if (msg.t === 'delta') {
      if (!current?.fresh) return;
      if (current.gen !== msg.gen || msg.seq !== current.seq + 1 || !current.applySides(msg, msg.seq, msg).ok) {
        current.markStale('a book update was lost between services');
        this.options.books.requestSnapshot?.(id);
      }
    } else if (msg.t === 'stale') {
      current?.markStale(msg.reason);
    }
  }

  /** A live (fresh) book is current as of now: the service would have said otherwise. */
  private push(id: string): void {
    const mirror = this.mirrors.get(id);
    const book = this.options.books.live(id) ?? (mirror?.fresh ? mirror.toOrderBook() : undefined);
    if (book) this.options.sink.update(book, this.options.clock.now());
  }
}

export interface RestBookPollerOptions {
  adapterOf(venue: VenueId): VenueAdapter | undefined;
  sink: BookFeedSink;
  clock: StreamClock;
  logger: Logger;
  intervalMs: number;
  /** Market ids per request (venues cap their batches). */
  batchSize?: number;
}

export class RestBookPoller implements BookFeed {
  private ids: string[] = [];
  private timer: unknown;
  private running: Promise<void> | null = null;
  private closed = false;

  constructor(private readonly options: RestBookPollerOptions) {}

  /** Newly watched markets are polled at once (the next pass also covers the others). */
  async watch(ids: readonly string[]): Promise<void> {
    const before = new Set(this.ids);
    this.ids = [...new Set(ids)];
    if (this.closed) return;
    if (this.timer === undefined && this.running === null) this.arm(this.options.intervalMs);
    if (this.ids.some((id) => !before.has(id))) {
      await this.running;
      await this.poll();
    }
  }

  /** Its own timer already polls every interval. */
  refresh(): void {}

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== undefined) this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private arm(ms: number): void {
    this.timer = this.options.clock.setTimeout(() => {
      this.timer = undefined;
      void this.poll().finally(() => {
        if (!this.closed) this.arm(this.options.intervalMs);
      });
    }, ms);
    (this.timer as { unref?: () => void } | undefined)?.unref?.();
  }

  /** One pass over every watched market, one batched call per venue and batch. */
  poll(): Promise<void> {
    this.running ??= this.pollOnce().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pollOnce(): Promise<void> {
    const byVenue = new Map<VenueId, string[]>();
    for (const id of this.ids) {
      const parsed = tryParseId(id);
      if (!parsed) continue;
      const list = byVenue.get(parsed.venue) ?? [];
      list.push(parsed.nativeId);
      byVenue.set(parsed.venue, list);
    }
    const size = this.options.batchSize ?? 50;
    await Promise.all(
      [...byVenue].map(async ([venue, natives]) => {
        const adapter = this.options.adapterOf(venue);
        if (!adapter) return;
        for (let i = 0; i < natives.length && !this.closed; i += size) {
          const chunk = natives.slice(i, i + size);
          try {
            const books = await adapter.getOrderBooks(chunk);
            for (const b of books) this.options.sink.update(b, Date.parse(b.receivedAt));
          } catch (err) {
            this.options.logger.warn({ venue, err: err instanceof Error ? err.message : String(err) }, 'arbitrage book poll failed');
            for (const n of chunk) this.options.sink.gone(`${venue}:${n}`, 'book poll failed');
          }
        }
      }),
    );
  }
}
