import { BadRequest, NotFound, NotSupported, Timeout, VennError, formatId, parseId } from '../../src/core/index.js';
import type {
  StreamScope} from '../../src/venue/index.js';
import {
  LocalSeq,
  SnapshotResync,
  SubscriptionTracker,
  type ReconnectingSocket,
  type ScopedTimer,
  type StreamChannel,
  type StreamEvent,
  type VenueStream,
} from '../../src/venue/index.js';
import { canonical, nativeIdsOf } from './map-market.js';
import { mapBetTrades } from './map-trade.js';
import type { BookState } from './market-data.js';
import { CommandChannel } from './stream-commands.js';
import { StreamBook, diffLevels } from './stream-book.js';
import { parseWsFrame, type WireBet, type WsEvent } from './wire.js';

/**
 * Manifold's WebSocket (docs/venues/manifold.md §WebSocket) as a `VenueStream` of synthesized
 * books, trades and tickers.
 *
 * Per contract the stream subscribes `contract/{id}` (pool and probability), `contract/{id}/orders`
 * (limit orders placed, filled, cancelled) and `contract/{id}/new-bet` (trades), plus
 * `contract/{id}/updated-answers` for a multiple-choice answer; it pings every 10 s (the server
 * drops connections silent for 60 s) and waits for every ack (5 s, then reconnects).
 *
 * Manifold sends no snapshot and no sequence numbers. So each market's book is snapshotted from
 * REST right after its topics are acknowledged (`GET /market/:id` + open orders, merged with
 * broadcasts newer than the possibly cached answer: stream-book.ts), numbered by our own `seq`
 * (`LocalSeq`), and rebuilt from the pool and orders after every broadcast: a `delta` carries the
 * levels that changed against the previous synthesized book. The book is declared `stale` and
 * re-snapshotted from REST (`SnapshotResync`) on reconnect, on a frame that does not parse (it may
 * have been an update), on a `prob` that disagrees with its pool, on a bet whose probability before
 * and after both disagree with the pool held (an update was missed), and when the market closes or
 * resolves. Open orders expire without a broadcast: the book is rebuilt at each expiry.
 */

const VENUE = 'manifold' as const;
const BOOK_CHANNELS: StreamChannel[] = ['book', 'ticker', 'trades'];

export interface ManifoldStreamOptions {
  url: string;
  scope: StreamScope;
  /** The REST snapshot of a market (`ManifoldMarketData.bookState`). */
  snapshot(nativeId: string): Promise<BookState>;
  pingIntervalMs?: number;
  ackTimeoutMs?: number;
  idleTimeoutMs?: number;
  backoff?: { baseMs: number; maxMs: number };
  /** `subscribe` rejects with `Timeout` when the first snapshots take longer (default 15 s). */
  subscribeTimeoutMs?: number;
  /** Delay before a failed REST resync is tried again (default 1 s). */
  resyncRetryMs?: number;
}

export interface ManifoldStreamStats {
  snapshots: number;
  deltas: number;
  trades: number;
  resyncs: number;
  inconsistencies: number;
  reconnects: number;
  formatErrors: number;
}

function topicsOf(contractId: string, multi: boolean): string[] {
  const t = [`contract/${contractId}`, `contract/${contractId}/orders`, `contract/${contractId}/new-bet`];
  if (multi) t.push(`contract/${contractId}/updated-answers`);
  return t;
}

export class ManifoldStream implements VenueStream {
  private readonly scope: StreamScope;
  private socket: ReconnectingSocket | undefined;
  private commands: CommandChannel | undefined;
  private readonly books = new Map<string, StreamBook>();
  private readonly subs = new SubscriptionTracker<StreamChannel>();
  private readonly seqs = new LocalSeq();
  private readonly resyncs: SnapshotResync<BookState>;
  private readonly onWire = new Set<string>();
  private readonly expiry = new Map<string, ScopedTimer>();
  readonly stats: ManifoldStreamStats = { snapshots: 0, deltas: 0, trades: 0, resyncs: 0, inconsistencies: 0, reconnects: 0, formatErrors: 0 };

  constructor(private readonly options: ManifoldStreamOptions) {
    this.scope = options.scope;
    this.resyncs = new SnapshotResync<BookState>({
      scope: this.scope,
      seqs: this.seqs,
      fetch: (marketId) => options.snapshot(parseId(marketId).nativeId),
      apply: (marketId, state) => this.applySnapshot(marketId, state),
      ...(options.resyncRetryMs !== undefined ? { retryMs: options.resyncRetryMs } : {}),
    });
    this.scope.onClose(() => {
      this.commands?.failAll('stream closed');
      this.books.clear();
      this.subs.clear();
      this.seqs.clear();
    });
  }

  onEvent(listener: (event: StreamEvent) => void): () => void {
    return this.scope.onEvent(listener);
  }

  close(): Promise<void> {
    return this.scope.close();
  }

  /** Drops the connection as a network failure would (tests and fault drills). */
  dropConnection(): void {
    this.socket?.reconnect();
  }

  /** The current book of a subscribed market (`manifold:…`), or undefined. */
  book(marketId: string): StreamBook | undefined {
    return this.books.get(marketId);
  }

  private nativeIds(marketIds: string[]): string[] {
    return marketIds.map((id) => {
      const { venue, nativeId } = parseId(id);
      if (venue !== VENUE) throw new BadRequest(`manifold stream: ${id} is not a Manifold market`, { venue: VENUE });
      return nativeId;
    });
  }

  private checkChannels(channels: StreamChannel[]): void {
    const other = channels.filter((c) => !BOOK_CHANNELS.includes(c));
    if (other.length > 0) throw new NotSupported(`manifold stream: ${other.join(', ')} are not streamed (books, tickers and trades are)`, { venue: VENUE });
  }

  async subscribe(marketIds: string[], channels: StreamChannel[] = BOOK_CHANNELS): Promise<void> {
    this.scope.ensureOpen('subscribe');
    this.checkChannels(channels);
    const nativeIds = this.nativeIds(marketIds);
    const fresh: string[] = [];
    for (const nativeId of nativeIds) {
      const marketId = formatId(VENUE, nativeId);
      if (!this.books.has(marketId)) {
        const { contractId, answerId } = nativeIdsOf(nativeId);
        this.books.set(marketId, new StreamBook(marketId, contractId, answerId));
        this.seqs.track(marketId);
        fresh.push(marketId);
      }
    }
    this.subs.want(nativeIds, channels);
    const limitMs = this.options.subscribeTimeoutMs ?? 15_000;
    const work = (async () => {
      const socket = this.ensureSocket();
      await socket.connect();
      await this.syncTopics();
      await Promise.all(fresh.map((m) => this.firstSnapshot(m)));
    })();
    await this.scope.within(limitMs, work, () => new Timeout(`manifold ws: subscription not ready within ${limitMs} ms; it stays registered and catches up`, { venue: VENUE, endpoint: 'ws subscribe' }));
  }

  /** The first snapshot of a market: a venue error (an unknown market) fails the subscription. */
  private async firstSnapshot(marketId: string): Promise<void> {
    try {
      const state = await this.options.snapshot(parseId(marketId).nativeId);
      if (this.books.has(marketId)) this.applySnapshot(marketId, state);
    } catch (err) {
      if (err instanceof NotFound || (err instanceof VennError && err.retryable === false)) {
        await this.unsubscribe([marketId]);
        throw err;
      }
      // A transient failure: the resync loop keeps trying.
      this.resync(marketId, 'first snapshot failed');
    }
  }

  async unsubscribe(marketIds: string[], channels: StreamChannel[] = BOOK_CHANNELS): Promise<void> {
    const nativeIds = this.nativeIds(marketIds);
    this.subs.unwant(nativeIds, channels);
    this.subs.unsubscribed(this.subs.toUnsubscribe());
    for (const nativeId of nativeIds) {
      const marketId = formatId(VENUE, nativeId);
      if (this.subs.wantsMarket(nativeId)) continue;
      this.books.delete(marketId);
      this.seqs.forget(marketId);
      this.resyncs.forget(marketId);
      this.expiry.get(marketId)?.cancel();
      this.expiry.delete(marketId);
    }
    if (this.socket?.isOpen) await this.syncTopics().catch(() => undefined);
  }

  /** Topics wanted by the markets held. */
  private wantedTopics(): Set<string> {
    const out = new Set<string>();
    for (const b of this.books.values()) for (const t of topicsOf(b.contractId, b.answerId !== undefined)) out.add(t);
    return out;
  }

  /** Sends what the wire lacks (subscribe) or has in excess (unsubscribe), each acknowledged. */
  private async syncTopics(): Promise<void> {
    const commands = this.commands;
    if (!commands) return;
    const wanted = this.wantedTopics();
    const add = [...wanted].filter((t) => !this.onWire.has(t));
    const drop = [...this.onWire].filter((t) => !wanted.has(t));
    if (add.length > 0) {
      await commands.request('subscribe', add);
      for (const t of add) this.onWire.add(t);
    }
    if (drop.length > 0) {
      for (const t of drop) this.onWire.delete(t);
      await commands.request('unsubscribe', drop);
    }
  }

  private ensureSocket(): ReconnectingSocket {
    if (this.socket) return this.socket;
    const o = this.options;
    const socket = this.scope.socket({
      url: o.url,
      // Keep-alive is the venue's JSON `ping`, sent below; its acks count as activity.
      pingIntervalMs: 0,
      idleTimeoutMs: o.idleTimeoutMs ?? 30_000,
      backoff: o.backoff ?? { baseMs: 1_000, maxMs: 30_000 },
    });
    this.commands = new CommandChannel(this.scope, (text) => socket.send(text), () => socket.reconnect(), o.ackTimeoutMs ?? 5_000);
    socket.onOpen((isReconnect) => this.handleOpen(isReconnect));
    socket.onMessage((text) => this.handleFrame(text));
    socket.onClose(() => {
      if (this.scope.closed) return;
      this.commands?.failAll('connection closed');
      this.onWire.clear();
      this.scope.emit({ type: 'status', state: 'reconnecting', reason: 'socket closed' });
      // Broadcasts are lost while disconnected: no book may be served until re-snapshotted.
      for (const marketId of this.books.keys()) {
        if (this.seqs.mark(marketId, 'stale')) this.scope.emit({ type: 'status', state: 'stale', marketId, reason: 'reconnect' });
      }
    });
    this.scope.every(o.pingIntervalMs ?? 10_000, () => {
      if (socket.isOpen) this.commands?.request('ping').catch(() => undefined);
    });
    this.socket = socket;
    return socket;
  }

  private handleOpen(isReconnect: boolean): void {
    this.scope.emit({ type: 'status', state: 'connected' });
    if (!isReconnect) return;
    this.stats.reconnects += 1;
    void this.syncTopics().then(
      () => {
        for (const marketId of this.books.keys()) this.resync(marketId, 'reconnect');
      },
      (err: unknown) => this.scope.logger?.warn({ venue: VENUE, err: (err as Error).message }, 'manifold ws: resubscribe failed'),
    );
  }

  private resync(marketId: string, reason: string): void {
    if (reason !== 'reconnect' && reason !== 'first snapshot failed') this.stats.inconsistencies += 1;
    if (this.resyncs.request(marketId, reason)) this.stats.resyncs += 1;
  }

  private applySnapshot(marketId: string, state: BookState): void {
    const book = this.books.get(marketId);
    if (!book) return;
    const now = this.scope.clock.now();
    book.reset(state, now);
    const built = book.build(now);
    book.levels = { bids: built.bids, asks: built.asks };
    const seq = this.seqs.snapshot(marketId);
    this.stats.snapshots += 1;
    if (this.subs.wants(parseId(marketId).nativeId, 'book')) this.scope.emit({ type: 'snapshot', book: { ...built, seq, source: 'stream' } });
    this.armExpiry(book, now);
  }

  /** Rebuilds a live book and emits what changed as a delta. */
  private rebuild(book: StreamBook): void {
    if (!this.seqs.isLive(book.marketId)) return;
    const now = this.scope.clock.now();
    const built = book.build(now);
    const next = { bids: built.bids, asks: built.asks };
    const changes = book.levels ? diffLevels(book.levels, next) : [];
    book.levels = next;
    this.armExpiry(book, now);
    if (changes.length === 0) return;
    const seq = this.seqs.delta(book.marketId);
    if (seq === null) return;
    this.stats.deltas += 1;
    if (this.subs.wants(parseId(book.marketId).nativeId, 'book')) {
      this.scope.emit({ type: 'delta', marketId: book.marketId, seq, changes, venueTimestamp: built.venueTimestamp, receivedAt: built.receivedAt });
    }
  }

  private armExpiry(book: StreamBook, now: number): void {
    this.expiry.get(book.marketId)?.cancel();
    const at = book.nextExpiry(now);
    if (at === null) return;
    this.expiry.set(book.marketId, this.scope.timeout(at - now + 1, () => this.rebuild(book)));
  }

  private booksOf(contractId: string): StreamBook[] {
    return [...this.books.values()].filter((b) => b.contractId === contractId);
  }

  /** One text frame: an ack or a broadcast. */
  handleFrame(text: string): void {
    let ev: WsEvent;
    try {
      ev = parseWsFrame(text);
    } catch (err) {
      this.stats.formatErrors += 1;
      this.scope.logger?.warn({ venue: VENUE, err: (err as Error).message, frame: text.slice(0, 80) }, 'manifold ws: unreadable frame, resyncing every book');
      for (const marketId of this.books.keys()) this.resync(marketId, 'unreadable frame');
      return;
    }
    const now = this.scope.clock.now();
    switch (ev.kind) {
      case 'ack':
        this.commands?.ack(ev.txid, ev.success, ev.error);
        return;
      case 'contract':
        for (const b of this.booksOf(ev.contractId)) this.onContract(b, ev.data.contract, now);
        return;
      case 'updated-answers':
        for (const b of this.booksOf(ev.contractId)) {
          const pool = b.answerPool(ev.answers);
          if (pool && b.setPool(pool, b.poolTime, now)) this.rebuild(b);
        }
        return;
      case 'orders':
        for (const b of this.booksOf(ev.contractId)) if (b.upsertOrders(ev.bets, now)) this.rebuild(b);
        return;
      case 'new-bet':
        for (const b of this.booksOf(ev.contractId)) this.onBets(b, ev.bets);
        return;
      default:
        return;
    }
  }

  private onContract(book: StreamBook, c: Extract<WsEvent, { kind: 'contract' }>['data']['contract'], now: number): void {
    if (c.isResolved || (c.closeTime !== undefined && c.closeTime <= now)) {
      if (book.trading) this.resync(book.marketId, 'the market closed or resolved');
      return;
    }
    const time = c.lastUpdatedTime ?? book.poolTime;
    let changed = false;
    if (book.answerId === undefined) {
      if (c.pool && c.p !== undefined) {
        changed = book.setPool({ YES: c.pool.YES, NO: c.pool.NO, p: c.p }, time, now);
        if (changed && c.prob !== undefined && !book.agrees(c.prob)) {
          this.resync(book.marketId, 'prob disagrees with the pool');
          return;
        }
      }
    } else if (c.answers) {
      const pool = book.answerPool(c.answers);
      if (pool) changed = book.setPool(pool, time, now);
    }
    if (changed) {
      this.rebuild(book);
      this.emitTicker(book, c.volume, now);
    }
  }

  private onBets(book: StreamBook, bets: readonly WireBet[]): void {
    const nativeId = parseId(book.marketId).nativeId;
    for (const bet of bets) {
      if ((bet.answerId ?? undefined) !== book.answerId) continue;
      if (this.seqs.isLive(book.marketId) && !book.fits(bet)) this.resync(book.marketId, 'a bet does not fit the pool held');
      if (!this.subs.wants(nativeId, 'trades')) continue;
      for (const trade of mapBetTrades(bet, book.marketId)) {
        this.stats.trades += 1;
        this.scope.emit({ type: 'trade', trade });
      }
    }
  }

  private emitTicker(book: StreamBook, volume: string | undefined, now: number): void {
    if (!this.subs.wants(parseId(book.marketId).nativeId, 'ticker')) return;
    const prob = book.probability();
    const bid = book.levels?.bids[0]?.[0] ?? null;
    const ask = book.levels?.asks[0]?.[0] ?? null;
    this.scope.emit({
      type: 'ticker',
      ticker: {
        marketId: book.marketId,
        venue: VENUE,
        bestBid: bid,
        bestAsk: ask,
        lastPrice: prob ? canonical(prob.toString()) : null,
        // Manifold counts volume in mana, not shares (docs/venues/manifold.md §Mapping).
        volume: null,
        volumeNotional: volume !== undefined ? canonical(volume) : null,
        openInterest: null,
        timestamp: new Date(now).toISOString(),
      },
    });
  }
}
