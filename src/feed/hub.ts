/**
 * The feed's view of the markets its clients watch. Per market: one bus subscription and one hold
 * per channel at the market-data source (however many local clients watch it), a mirror of the
 * book rebuilt from the bus's snapshots and deltas, and the local subscribers to fan out to.
 *
 * The mirror checks the bus's `gen`/`seq`: a delta that does not follow the last one (a message
 * lost between instances) marks the mirror stale and asks the source for a snapshot, so a client is
 * never handed a book patched over a gap. Each book message is serialized once per market; only
 * the connection's own `seq` is spliced in per client.
 */
import type { Logger } from 'pino';
import type { Bus, Unsubscribe } from '../cache/types.js';
import { LiveBook } from '../books/live-book.js';
import { MarketDataMessageSchema } from '../books/messages.js';
import type { BookDeltaMessage, BookSnapshotMessage, MarketDataMessage, MarketDataSource } from '../books/messages.js';
import type { BookState, BookSub, Outbox } from './outbox.js';
import type { FeedChannel } from './protocol.js';

/** The channels fed by market data (`arbitrage` is fed by the arbitrage service, `orders`/`fills` by account-hub.ts). */
type MarketChannel = Exclude<FeedChannel, 'arbitrage' | 'orders' | 'fills'>;

class HubMarket {
  mirror: LiveBook | null = null;
  readonly books = new Set<BookSub>();
  readonly tickers = new Set<Outbox>();
  readonly trades = new Set<Outbox>();
  /** Local watchers per channel (including those still subscribing). */
  readonly counts = new Map<MarketChannel, number>();
  readonly acquiring = new Map<MarketChannel, Promise<void>>();
  bus: Promise<Unsubscribe> | null = null;
  /** The rest of the current snapshot message after `"seq":<n>` (cached until the book changes). */
  snapshotTail: string | null = null;
  readonly snapshotHead: string;
  readonly deltaHead: string;

  constructor(readonly id: string) {
    const market = JSON.stringify(id);
    this.snapshotHead = `{"type":"snapshot","channel":"book","market":${market},"seq":`;
    this.deltaHead = `{"type":"delta","channel":"book","market":${market},"seq":`;
  }

  get watchers(): number {
    let n = 0;
    for (const c of this.counts.values()) n += c;
    return n;
  }
}

export interface MarketHubOptions {
  bus: Bus;
  source: MarketDataSource;
  logger: Logger;
}

export class MarketHub {
  private readonly markets = new Map<string, HubMarket>();
  readonly counters = { messages: 0, invalid: 0, gaps: 0, snapshots: 0, deltas: 0 };

  constructor(private readonly options: MarketHubOptions) {}

  get size(): number {
    return this.markets.size;
  }

  /**
   * Starts watching a market on a channel for one local subscriber: the first watcher subscribes
   * the bus and acquires the channel at the source. Rejects (and undoes itself) when the source
   * refuses the market.
   */
  async watch(marketId: string, channel: MarketChannel): Promise<void> {
    let m = this.markets.get(marketId);
    if (!m) {
      m = new HubMarket(marketId);
      this.markets.set(marketId, m);
    }
    const market = m;
    market.counts.set(channel, (market.counts.get(channel) ?? 0) + 1);
    let acquired: Promise<void> | undefined;
    try {
      market.bus ??= this.options.bus.subscribe(this.options.source.channel(marketId), (msg) => this.onMessage(market, msg));
      await market.bus;
      acquired = market.acquiring.get(channel);
      if (!acquired) {
        const p = this.options.source.acquire(marketId, channel);
        acquired = p;
        market.acquiring.set(channel, p);
        p.catch(() => {
          if (market.acquiring.get(channel) === p) market.acquiring.delete(channel);
        });
      }
      await acquired;
    } catch (err) {
      this.unwatch(marketId, channel, { acquired: false });
      throw err;
    }
    if (channel === 'book' && !market.mirror?.fresh) this.options.source.requestSnapshot(marketId);
  }

  /** Ends one watcher; the last one releases the channel at the source and leaves the bus. */
  unwatch(marketId: string, channel: MarketChannel, how: { acquired: boolean } = { acquired: true }): void {
    const m = this.markets.get(marketId);
    const n = m?.counts.get(channel);
    if (!m || !n) return;
    if (n > 1) {
      m.counts.set(channel, n - 1);
      return;
    }
    m.counts.delete(channel);
    const p = m.acquiring.get(channel);
    m.acquiring.delete(channel);
    if (p && how.acquired) p.then(() => this.options.source.release(marketId, channel), () => undefined);
    if (m.watchers > 0) return;
    this.markets.delete(marketId);
    m.bus
      ?.then((off) => off())
      .catch((err: unknown) => this.options.logger.warn({ market: marketId, err: String(err) }, 'bus unsubscribe failed'));
  }

  attachBook(sub: BookSub): void {
    this.markets.get(sub.market)?.books.add(sub);
  }

  detachBook(sub: BookSub): void {
    this.markets.get(sub.market)?.books.delete(sub);
  }

  attach(channel: 'ticker' | 'trades', market: string, outbox: Outbox): void {
    const m = this.markets.get(market);
    if (m) (channel === 'ticker' ? m.tickers : m.trades).add(outbox);
  }

  detach(channel: 'ticker' | 'trades', market: string, outbox: Outbox): void {
    const m = this.markets.get(market);
    if (m) (channel === 'ticker' ? m.tickers : m.trades).delete(outbox);
  }

  /** Sends the subscriber a snapshot now when the market's book is fresh; returns whether it did. */
  sendSnapshot(sub: BookSub): boolean {
    const m = this.markets.get(sub.market);
    if (!m?.mirror?.fresh) return false;
    sub.outbox.bookSnapshot(sub, m.snapshotHead, this.tail(m, m.mirror));
    return true;
  }

  /** The market's book as the outbox needs it when flushing a congested connection. */
  bookState(marketId: string): BookState {
    const m = this.markets.get(marketId);
    const mirror = m?.mirror;
    if (!m || !mirror) return { fresh: false, reason: 'awaiting snapshot' };
    if (!mirror.fresh) return { fresh: false, reason: mirror.staleReason ?? 'stale' };
    return { fresh: true, head: m.snapshotHead, snapshotTail: this.tail(m, mirror) };
  }

  /** The mirror of a market's book (tests and diagnostics). */
  mirror(marketId: string): LiveBook | null {
    return this.markets.get(marketId)?.mirror ?? null;
  }

  private onMessage(m: HubMarket, raw: unknown): void {
    this.counters.messages += 1;
    const parsed = MarketDataMessageSchema.safeParse(raw);
    if (!parsed.success) {
      this.counters.invalid += 1;
      if (this.counters.invalid === 1 || this.counters.invalid % 1000 === 0) {
        this.options.logger.error({ market: m.id, issue: parsed.error.issues[0]?.message, invalid: this.counters.invalid }, 'invalid market-data message on the bus');
      }
      return;
    }
    this.dispatch(m, parsed.data);
  }

  private dispatch(m: HubMarket, msg: MarketDataMessage): void {
    switch (msg.t) {
      case 'snapshot':
        return this.onSnapshot(m, msg);
      case 'delta':
        return this.onDelta(m, msg);
      case 'stale':
        if (m.mirror && m.mirror.markStale(msg.reason)) this.notifyStale(m, msg.reason);
        return;
      case 'ticker': {
        if (m.tickers.size === 0) return;
        const { marketId: _id, ...rest } = msg.ticker;
        const text = JSON.stringify({ type: 'ticker', channel: 'ticker', market: m.id, ...rest });
        for (const o of m.tickers) o.ticker(m.id, text);
        return;
      }
      case 'trade': {
        if (m.trades.size === 0) return;
        const { marketId: _id, ...rest } = msg.trade;
        const text = JSON.stringify({ type: 'trade', channel: 'trades', market: m.id, ...rest });
        for (const o of m.trades) o.trade(m.id, text);
        return;
      }
    }
  }

  private onSnapshot(m: HubMarket, msg: BookSnapshotMessage): void {
    const current = m.mirror;
    // A snapshot republished for another instance's new subscriber: this mirror already has it.
    if (current?.fresh && current.gen === msg.gen && current.seq === msg.seq) return;
    const mirror = current && current.gen === msg.gen ? current : new LiveBook(m.id, msg.venue, msg.source, msg.gen);
    mirror.source = msg.source;
    m.mirror = mirror;
    m.snapshotTail = null;
    const r = mirror.snapshot(msg.bids, msg.asks, msg.seq, msg);
    if (!r.ok) {
      this.notifyStale(m, r.reason);
      return;
    }
    this.counters.snapshots += 1;
    const tail = this.tail(m, mirror);
    for (const sub of m.books) sub.outbox.bookSnapshot(sub, m.snapshotHead, tail);
  }

  private onDelta(m: HubMarket, msg: BookDeltaMessage): void {
    const mirror = m.mirror;
    if (!mirror?.fresh) return;
    if (mirror.gen !== msg.gen || msg.seq !== mirror.seq + 1) {
      this.counters.gaps += 1;
      mirror.markStale('a book update was lost between services');
      this.notifyStale(m, 'a book update was lost between services');
      this.options.source.requestSnapshot(m.id);
      return;
    }
    const r = mirror.applySides(msg, msg.seq, msg);
    m.snapshotTail = null;
    if (!r.ok) {
      this.notifyStale(m, r.reason);
      this.options.source.requestSnapshot(m.id);
      return;
    }
    this.counters.deltas += 1;
    if (m.books.size === 0) return;
    const tail = `,"bids":${JSON.stringify(msg.bids)},"asks":${JSON.stringify(msg.asks)},"venueTimestamp":${JSON.stringify(msg.venueTimestamp)},"receivedAt":${JSON.stringify(msg.receivedAt)}}`;
    for (const sub of m.books) sub.outbox.bookDelta(sub, m.deltaHead, tail);
  }

  private notifyStale(m: HubMarket, reason: string): void {
    m.snapshotTail = null;
    for (const sub of m.books) sub.outbox.bookStale(sub, reason);
  }

  private tail(m: HubMarket, mirror: LiveBook): string {
    m.snapshotTail ??=
      `,"venue":${JSON.stringify(mirror.venue)},"source":${JSON.stringify(mirror.source)},"bids":${JSON.stringify(mirror.levels('bid'))}` +
      `,"asks":${JSON.stringify(mirror.levels('ask'))},"venueTimestamp":${JSON.stringify(mirror.venueTimestamp)},"receivedAt":${JSON.stringify(mirror.receivedAt)}}`;
    return m.snapshotTail;
  }
}
