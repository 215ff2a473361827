/**
 * What one client connection is sent, with a bounded send buffer.
 *
 * The buffer is the socket's own (`bufferedAmount`: bytes queued in `ws` and the kernel's write
 * queue). While it holds `maxBufferBytes` or more the connection is congested, and nothing more is
 * queued for it: a book update marks its subscription dirty (all the updates it misses fold into
 * one fresh snapshot), a ticker replaces the connection's pending ticker of that market, a trade is
 * counted as dropped. `flush()` (called by the server while the connection is congested) sends,
 * once the buffer drained below half, a fresh snapshot (or a `stale` notice) per dirty subscription,
 * the latest tickers and a `dropped` count per market, as long as the buffer stays below the limit.
 * A connection congested for longer than `slowClientTimeoutMs` is closed with a reason.
 *
 * So what is held for a slow client is bounded by its subscriptions, never by the update rate:
 * the socket buffer (book data stops at the limit; answers to the client's own requests at four
 * times the limit, beyond which the client is closed), one flag per book subscription, one ticker
 * per ticker subscription, one counter per trades subscription.
 */
import { CLOSE_CODES } from './protocol.js';

/** The part of a WebSocket the outbox uses. */
export interface Transport {
  send(text: string): void;
  readonly bufferedAmount: number;
  close(code: number, reason: string): void;
  /**
   * Holds writes until `uncork` (the socket's own cork), so the messages a client gets in one turn
   * of the event loop leave in one write; optional.
   */
  cork?(): void;
  uncork?(): void;
}

/** One book subscription of one connection: its own `seq` and delivery state. */
export interface BookSub {
  readonly outbox: Outbox;
  readonly market: string;
  /** Last seq sent on this connection for the market. */
  seq: number;
  /** The client holds a fresh book (got a snapshot since the last stale notice). */
  synced: boolean;
  /** Updates were withheld while congested: a snapshot (or stale notice) is owed. */
  dirty: boolean;
}

/** What the hub says about a market's book at flush time. */
export type BookState = { fresh: true; snapshotTail: string; head: string } | { fresh: false; reason: string };

export interface OutboxOptions {
  maxBufferBytes: number;
  slowClientTimeoutMs: number;
  now(): number;
  /** Called when the connection becomes congested (the server then flushes it periodically). */
  onCongested(outbox: Outbox): void;
  /** The hub's current state of a market's book. */
  bookState(market: string): BookState;
}

export class Outbox {
  /** When the connection became congested (epoch ms), null while it keeps up. */
  congestedSince: number | null = null;
  closed = false;
  private corked = false;
  private readonly dirty = new Set<BookSub>();
  private readonly tickers = new Map<string, string>();
  private readonly droppedTrades = new Map<string, number>();
  /** Latest withheld event per opportunity id. */
  private readonly opportunities = new Map<string, string>();
  readonly stats = { messages: 0, bytes: 0, conflated: 0, conflatedSnapshots: 0, droppedTrades: 0, congestions: 0, maxBuffered: 0 };

  constructor(
    private readonly transport: Transport,
    private readonly options: OutboxOptions,
  ) {}

  get congested(): boolean {
    return this.congestedSince !== null;
  }

  /** Pending state held for a congested connection (bounded by its subscriptions). */
  get pending(): { dirtyBooks: number; tickers: number; droppedTradeMarkets: number; opportunities: number } {
    return { dirtyBooks: this.dirty.size, tickers: this.tickers.size, droppedTradeMarkets: this.droppedTrades.size, opportunities: this.opportunities.size };
  }

  get bufferedAmount(): number {
    return this.transport.bufferedAmount;
  }

  /**
   * Acks, errors, pongs, heartbeats: small, and sent even while congested (the client's message
   * rate bounds them). A client that keeps asking without reading the answers fills the buffer
   * past four times its limit and is closed.
   */
  control(text: string): void {
    if (this.closed) return;
    if (this.transport.bufferedAmount + text.length > this.options.maxBufferBytes * 4) {
      this.close(CLOSE_CODES.slowConsumer, 'too slow: the client does not read the answers to its requests');
      return;
    }
    this.write(text);
  }

  /** A snapshot: `head` ends with `"seq":`, `tail` holds the rest of the message. */
  bookSnapshot(sub: BookSub, head: string, tail: string): void {
    if (this.closed) return;
    if (this.withhold(sub)) return;
    this.write(snapshotHead(sub, head) + (sub.seq += 1) + tail);
    sub.synced = true;
  }

  bookDelta(sub: BookSub, head: string, tail: string): void {
    if (this.closed || !sub.synced) return;
    if (this.withhold(sub)) return;
    sub.seq += 1;
    this.write(head + sub.seq + tail);
  }

  bookStale(sub: BookSub, reason: string): void {
    if (this.closed || !sub.synced) return;
    if (this.withhold(sub)) return;
    this.sendStale(sub, reason);
  }

  ticker(market: string, text: string): void {
    if (this.closed) return;
    if (this.congested || this.full()) {
      this.tickers.set(market, text);
      this.congest();
      return;
    }
    this.write(text);
  }

  /** An opportunity event; while congested, a later event of the same opportunity replaces it. */
  opportunity(id: string, text: string): void {
    if (this.closed) return;
    if (this.congested || this.full()) {
      this.opportunities.set(id, text);
      this.congest();
      return;
    }
    this.write(text);
  }

  trade(market: string, text: string): void {
    if (this.closed) return;
    if (this.congested || this.full()) {
      this.droppedTrades.set(market, (this.droppedTrades.get(market) ?? 0) + 1);
      this.stats.droppedTrades += 1;
      this.congest();
      return;
    }
    this.write(text);
  }

  /** Forgets a subscription's pending state (unsubscribed). */
  forget(sub: BookSub): void {
    this.dirty.delete(sub);
  }

  forgetMarket(channel: 'ticker' | 'trades', market: string): void {
    if (channel === 'ticker') this.tickers.delete(market);
    else this.droppedTrades.delete(market);
  }

  /**
   * Delivers what was withheld once the buffer drained below half the limit. Returns `closed`
   * when the connection stayed congested too long, `congested` while it still is, `clear` once
   * everything owed was sent.
   */
  flush(): 'clear' | 'congested' | 'closed' {
    if (this.closed) return 'closed';
    if (this.congestedSince === null) return 'clear';
    if (this.transport.bufferedAmount > this.options.maxBufferBytes / 2) {
      const waited = this.options.now() - this.congestedSince;
      if (waited > this.options.slowClientTimeoutMs) {
        this.close(CLOSE_CODES.slowConsumer, `too slow: the send buffer stayed full for ${Math.round(waited / 1000)} s`);
        return 'closed';
      }
      return 'congested';
    }
    for (const sub of this.dirty) {
      if (this.full()) return 'congested';
      this.dirty.delete(sub);
      sub.dirty = false;
      const state = this.options.bookState(sub.market);
      if (state.fresh) {
        this.stats.conflatedSnapshots += 1;
        this.write(snapshotHead(sub, state.head) + (sub.seq += 1) + state.snapshotTail);
        sub.synced = true;
      } else if (sub.synced) {
        this.sendStale(sub, state.reason);
      }
    }
    for (const [market, text] of this.tickers) {
      if (this.full()) return 'congested';
      this.tickers.delete(market);
      this.write(text);
    }
    for (const [id, text] of this.opportunities) {
      if (this.full()) return 'congested';
      this.opportunities.delete(id);
      this.write(text);
    }
    for (const [market, count] of this.droppedTrades) {
      if (this.full()) return 'congested';
      this.droppedTrades.delete(market);
      this.write(JSON.stringify({ type: 'dropped', channel: 'trades', market, count }));
    }
    this.congestedSince = null;
    return 'clear';
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.dirty.clear();
    this.tickers.clear();
    this.droppedTrades.clear();
    this.opportunities.clear();
    this.transport.close(code, reason);
  }

  private sendStale(sub: BookSub, reason: string): void {
    sub.seq += 1;
    sub.synced = false;
    this.write(JSON.stringify({ type: 'stale', channel: 'book', market: sub.market, seq: sub.seq, reason }));
  }

  /** True when the update must be withheld: the subscription is then dirty. */
  private withhold(sub: BookSub): boolean {
    if (!this.congested && !sub.dirty && !this.full()) return false;
    if (!sub.dirty) {
      sub.dirty = true;
      this.dirty.add(sub);
    }
    this.stats.conflated += 1;
    this.congest();
    return true;
  }

  private full(): boolean {
    return this.transport.bufferedAmount >= this.options.maxBufferBytes;
  }

  private congest(): void {
    if (this.congestedSince !== null) return;
    this.congestedSince = this.options.now();
    this.stats.congestions += 1;
    this.options.onCongested(this);
  }

  private write(text: string): void {
    if (this.closed) return;
    if (!this.corked && this.transport.cork) {
      // Messages sent in this turn go out together, once the turn's other work is done.
      this.corked = true;
      this.transport.cork();
      process.nextTick(() => {
        this.corked = false;
        this.transport.uncork?.();
      });
    }
    this.stats.messages += 1;
    this.stats.bytes += text.length;
    this.transport.send(text);
    const buffered = this.transport.bufferedAmount;
    if (buffered > this.stats.maxBuffered) this.stats.maxBuffered = buffered;
  }
}

/**
 * The head of a snapshot for one subscription: a snapshot after the subscription's first book
 * message replaces a book the client holds, and says so (`"resync":true`). `head` ends with `"seq":`.
 */
function snapshotHead(sub: BookSub, head: string): string {
  return sub.seq === 0 ? head : `${head.slice(0, -'"seq":'.length)}"resync":true,"seq":`;
}
