/**
 * REST polling of one venue's order books, for venues without a usable stream (no stream, or a
 * stream that needs credentials the service does not have) and for markets a stream refused.
 *
 * Every `intervalMs` a round fetches the polled markets' books, batched with `getOrderBooks` when
 * the venue has a batch endpoint, else one by one. Polling stays within the venue's read budget:
 * before each request the adapter's rate-limit buckets are read, and while any of them holds less
 * than `minHeadroom` of its capacity the round stops there, and the next round starts with the
 * markets it did not reach; so polling never takes the last tokens the catalog, the REST API or
 * trading need, and the adapter's own limiter still paces every request. A market added between
 * rounds is fetched at once (its first snapshot should not wait a whole interval).
 */
import type { Logger } from 'pino';
import { NotFound, parseId } from '../core/index.js';
import type { OrderBook } from '../core/index.js';
import type { StreamClock, VenueAdapter } from '../venue/index.js';
import { errText } from './stream-upstream.js';

export interface BookPollerOptions {
  adapter: VenueAdapter;
  clock: StreamClock;
  logger: Logger;
  intervalMs: number;
  /** Fraction of every rate-limit bucket that must be left for a request to be made (0…1). */
  minHeadroom: number;
  /** Books per batched call (default 20). */
  batchSize?: number;
  onBook(book: OrderBook): void;
  onFailure(marketId: string, error: unknown): void;
}

export class BookPoller {
  private readonly markets = new Set<string>();
  private readonly fresh = new Set<string>();
  private timer: unknown;
  private running = false;
  /** Where the next round starts (markets a budget-limited round did not reach go first). */
  private cursor = 0;
  private closed = false;
  private throttledLogged = false;
  readonly counters = { rounds: 0, requests: 0, books: 0, failures: 0, throttled: 0 };

  constructor(private readonly options: BookPollerOptions) {}

  get venue() {
    return this.options.adapter.venue;
  }

  get size(): number {
    return this.markets.size;
  }

  has(marketId: string): boolean {
    return this.markets.has(marketId);
  }

  add(marketId: string): void {
    if (this.closed || this.markets.has(marketId)) return;
    this.markets.add(marketId);
    this.fresh.add(marketId);
    this.schedule(0);
  }

  remove(marketId: string): void {
    this.markets.delete(marketId);
    this.fresh.delete(marketId);
    if (this.markets.size === 0 && this.timer !== undefined) {
      this.options.clock.clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  close(): void {
    this.closed = true;
    if (this.timer !== undefined) this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.markets.clear();
  }

  /** One round now (tests; the timer calls it every interval). Resolves when the round is done. */
  async round(): Promise<void> {
    if (this.running || this.closed) return;
    this.running = true;
    this.counters.rounds += 1;
    try {
      const first = [...this.fresh];
      this.fresh.clear();
      const all = [...this.markets];
      const start = this.cursor % Math.max(1, all.length);
      const rotation = [...all.slice(start), ...all.slice(0, start)];
      const ordered = [...new Set([...first, ...rotation])];
      let done = 0;
      const batchSize = this.options.adapter.has.getOrderBooks === true ? (this.options.batchSize ?? 20) : 1;
      while (done < ordered.length && !this.closed) {
        if (!this.headroom()) break;
        const batch = ordered.slice(done, done + batchSize).filter((m) => this.markets.has(m));
        done += batchSize;
        if (batch.length > 0) await this.fetch(batch);
      }
      const reached = new Set(ordered.slice(0, done));
      const missed = rotation.findIndex((m) => !reached.has(m));
      this.cursor = missed < 0 ? 0 : (start + missed) % all.length;
    } finally {
      this.running = false;
      if (this.markets.size > 0) this.schedule(this.fresh.size > 0 ? 0 : this.options.intervalMs);
    }
  }

  private schedule(ms: number): void {
    if (this.closed || this.running) return;
    if (this.timer !== undefined) {
      if (ms > 0) return;
      this.options.clock.clearTimeout(this.timer);
    }
    this.timer = this.options.clock.setTimeout(() => {
      this.timer = undefined;
      void this.round();
    }, ms);
  }

  /** Whether every bucket of the venue keeps at least `minHeadroom` of its capacity. */
  private headroom(): boolean {
    const ok = this.options.adapter.rateLimits().every((b) => b.capacity <= 0 || b.available >= b.capacity * this.options.minHeadroom);
    if (ok) {
      this.throttledLogged = false;
      return true;
    }
    this.counters.throttled += 1;
    if (!this.throttledLogged) {
      this.throttledLogged = true;
      this.options.logger.info({ venue: this.venue }, 'book polling paused: the venue read budget is low');
    }
    return false;
  }

  private async fetch(batch: string[]): Promise<void> {
    const adapter = this.options.adapter;
    const natives = batch.map((m) => parseId(m).nativeId);
    this.counters.requests += 1;
    try {
      const books = batch.length === 1 ? [await adapter.getOrderBook(natives[0]!)] : await adapter.getOrderBooks(natives);
      const got = new Set<string>();
      for (const book of books) {
        if (!this.markets.has(book.marketId)) continue;
        got.add(book.marketId);
        this.counters.books += 1;
        this.options.onBook(book);
      }
      for (const m of batch) if (!got.has(m) && this.markets.has(m)) this.fail(m, new NotFound(`no order book for ${m}`, { venue: this.venue }));
    } catch (err) {
      if (err instanceof NotFound && batch.length > 1) {
        for (const m of batch) if (this.markets.has(m)) await this.fetch([m]);
        return;
      }
      for (const m of batch) if (this.markets.has(m)) this.fail(m, err);
    }
  }

  private fail(marketId: string, err: unknown): void {
    this.counters.failures += 1;
    this.options.logger.debug({ venue: this.venue, market: marketId, err: errText(err) }, 'book poll failed');
    this.options.onFailure(marketId, err);
  }
}
