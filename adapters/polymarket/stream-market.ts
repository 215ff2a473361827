import { NetworkError, NotFound, Timeout, formatId, parseId, type Level } from '../../src/core/index.js';
import {
  BOOK_SCALE,
  LocalBook,
  LocalSeq,
  SnapshotResync,
  SubscriptionTracker,
  formatFixed,
  parseFixed,
  type BookLevelChange,
  type ReconnectingSocket,
  type ScopedTimer,
  type StreamChannel,
  type StreamScope,
} from '../../src/venue/index.js';
import type { BookWithRaw } from './clob-client.js';
import type { WireLevel } from './wire-clob.js';
import { WireBookMirror, topDisagreement } from './book-check.js';
import { mapWsTrade, sortLevels, tickerOf, verifyBookHash } from './map-book.js';
import type { MarketTradingInfo } from './map-market.js';
import type { MarketInfoCache } from './market-info.js';
import { isoFromEpochMs } from './wire-common.js';
import { parseWsMarketEvent, type WsBook, type WsLastTradePrice, type WsPriceChange } from './wire-ws.js';

/**
 * The CLOB market channel (docs/venues/polymarket.md §7.1) as normalized book, trade and ticker events.
 *
 * Polymarket sends hashes, not sequence numbers, so each market gets our own `seq` (`LocalSeq`),
 * increasing across snapshots. A book is declared `stale` and rebuilt from REST `/book` when it becomes
 * inconsistent: after a `price_change` our best bid/ask disagree with the venue's `best_bid` /
 * `best_ask`, the book is crossed, a `book` event fails its hash once hashes have been shown to be
 * checkable, or the socket reconnected (then the venue's fresh `book` dump, or REST after a
 * timeout, restores it). We subscribe both tokens of a market: the YES token's book is the market's
 * book (the NO book is its mirror and is ignored); trades on either token become YES-terms trades.
 *
 * The channel documents no acknowledgement of a subscription, and a new connection must
 * resubscribe (docs/venues/polymarket.md §7.1): a market counts as subscribed once sent, and every
 * wanted market is sent again on each new connection. Socket, timers, listeners and the close path
 * belong to the `StreamScope` shared with the user channel; REST resyncs are `SnapshotResync`'s.
 */

const VENUE = 'polymarket' as const;
const MARKET_CHANNELS: StreamChannel[] = ['book', 'ticker', 'trades'];

export interface MarketStreamOptions {
  url: string;
  markets: MarketInfoCache;
  fetchBook(tokenId: string): Promise<BookWithRaw>;
  pingIntervalMs?: number;
  idleTimeoutMs?: number;
  backoff?: { baseMs: number; maxMs: number };
  /** Wait this long for the venue's `book` dump before snapshotting from REST (default 5 s). */
  snapshotTimeoutMs?: number;
  /** `subscribe` rejects with `Timeout` when the first snapshots take longer (default 15 s). */
  subscribeTimeoutMs?: number;
}

interface MarketState {
  info: MarketTradingInfo;
  /** The condition id in lower case: the key of `states` and of the subscriptions. */
  key: string;
  marketId: string;
  book: LocalBook;
  /** The YES book in wire form, for recomputing the venue's hash. */
  mirror: WireBookMirror;
  /** `subscribe` calls waiting for the first snapshot. */
  waiters: { resolve: () => void; reject: (err: unknown) => void }[];
  timer: ScopedTimer | undefined;
}

export interface MarketStreamStats {
  snapshots: number;
  deltas: number;
  trades: number;
  resyncs: number;
  inconsistencies: number;
  reconnects: number;
  formatErrors: number;
}

/** Delta prices and sizes in the canonical form `LocalBook` snapshots use (`"0.42"`, `"10"`). */
const px = (text: string): string => formatFixed(parseFixed(text, BOOK_SCALE), BOOK_SCALE);
const sz = px;
const levels = (wire: { price: string; size: string }[], side: 'bid' | 'ask'): Level[] => sortLevels(wire, side);

export class MarketChannelStream {
  private socket: ReconnectingSocket | undefined;
  private readonly states = new Map<string, MarketState>();
  private readonly tokens = new Map<string, { state: MarketState; outcome: 'yes' | 'no' }>();
  /** Wanted (condition id, channel) pairs. */
  private readonly subs = new SubscriptionTracker<StreamChannel>();
  /** Our per-market `seq` and book state: awaiting the venue's dump, live, or stale (REST resync). */
  private readonly seqs = new LocalSeq();
  /** REST `/book` snapshots of stale books (a null book: the venue has none, so it is empty). */
  private readonly resyncs: SnapshotResync<BookWithRaw | null>;
  /** Set once a venue `book` verified against its hash: from then on a mismatch is an inconsistency. */
  private hashCheckable = false;
  readonly stats: MarketStreamStats = { snapshots: 0, deltas: 0, trades: 0, resyncs: 0, inconsistencies: 0, reconnects: 0, formatErrors: 0 };

  constructor(
    private readonly scope: StreamScope,
    private readonly options: MarketStreamOptions,
  ) {
    this.resyncs = new SnapshotResync<BookWithRaw | null>({
      scope,
      seqs: this.seqs,
      fetch: (marketId) => {
        const st = this.stateOf(marketId);
        if (!st) return Promise.resolve(null);
        // "No orderbook exists for the requested token id": the book is empty.
        return options.fetchBook(st.info.yesTokenId).catch((err: unknown) => {
          if (err instanceof NotFound) return null;
          throw err;
        });
      },
      apply: (marketId, fetched) => {
        const st = this.stateOf(marketId);
        if (!st) return;
        const summary = (fetched?.raw ?? {}) as Record<string, unknown>;
        st.mirror.reset(summary, (summary.bids ?? []) as WireLevel[], (summary.asks ?? []) as WireLevel[]);
        const book = fetched?.book;
        this.applySnapshot(st, levels(book?.bids ?? [], 'bid'), levels(book?.asks ?? [], 'ask'), book ? isoFromEpochMs(book.timestamp) : null);
      },
    });
    scope.onClose(() => {
      const closed = new NetworkError('polymarket stream closed before the first snapshot', { venue: VENUE, endpoint: 'ws market' });
      for (const st of this.states.values()) for (const w of st.waiters.splice(0)) w.reject(closed);
      this.states.clear();
      this.tokens.clear();
      this.subs.clear();
      this.seqs.clear();
    });
  }

  private stateOf(marketId: string): MarketState | undefined {
    return this.states.get(parseId(marketId).nativeId.toLowerCase());
  }

  /** The current local book of a subscribed market (for tests and the service's REST fallback). */
  book(conditionId: string): LocalBook | undefined {
    return this.states.get(conditionId.toLowerCase())?.book;
  }

  /** Drops the socket as if the network failed (tests and fault drills). */
  dropConnection(): void {
    this.socket?.reconnect();
  }

  async subscribe(conditionIds: string[], channels: StreamChannel[] = MARKET_CHANNELS): Promise<void> {
    const infos = await Promise.all(conditionIds.map((c) => this.options.markets.get(c)));
    this.scope.ensureOpen('ws market subscribe');
    const socket = this.ensureSocket();
    const fresh: MarketState[] = [];
    const waits: Promise<void>[] = [];
    for (const info of infos) {
      const key = info.conditionId.toLowerCase();
      let st = this.states.get(key);
      if (!st) {
        const marketId = formatId(VENUE, info.conditionId);
        st = { info, key, marketId, book: new LocalBook(marketId, VENUE), mirror: new WireBookMirror(), waiters: [], timer: undefined };
        this.states.set(key, st);
        this.seqs.track(marketId);
        this.tokens.set(info.yesTokenId, { state: st, outcome: 'yes' });
        this.tokens.set(info.noTokenId, { state: st, outcome: 'no' });
        fresh.push(st);
      }
      this.subs.want([key], channels.filter((c) => MARKET_CHANNELS.includes(c)));
      const waiting = st;
      if (!this.seqs.isLive(st.marketId)) waits.push(new Promise<void>((resolve, reject) => waiting.waiters.push({ resolve, reject })));
    }
    if (socket.isOpen) this.sendPending(socket, false);
    for (const st of fresh) this.armSnapshotTimer(st);
    const limitMs = this.options.subscribeTimeoutMs ?? 15_000;
    await this.scope.within(
      limitMs,
      Promise.all([socket.connect(), ...waits]),
      () => new Timeout(`polymarket ws market: no snapshot within ${limitMs} ms; the subscription stays registered and catches up on connect`, { venue: VENUE, endpoint: 'ws market' }),
    );
  }

  /** Stops the channels of the markets; a market wanted on no channel any more leaves the socket. */
  async unsubscribe(conditionIds: string[], channels: StreamChannel[] = MARKET_CHANNELS): Promise<void> {
    const keys = conditionIds.map((c) => c.toLowerCase());
    this.subs.unwant(keys, channels);
    // The channel subscribes whole markets: a market still wanted on another channel stays.
    this.subs.unsubscribed(this.subs.toUnsubscribe());
    const gone: string[] = [];
    for (const key of keys) {
      const st = this.states.get(key);
      if (!st || this.subs.wantsMarket(key)) continue;
      this.states.delete(key);
      this.seqs.forget(st.marketId);
      this.resyncs.forget(st.marketId);
      this.tokens.delete(st.info.yesTokenId);
      this.tokens.delete(st.info.noTokenId);
      st.timer?.cancel();
      for (const w of st.waiters.splice(0)) w.resolve();
      gone.push(st.info.yesTokenId, st.info.noTokenId);
    }
    if (gone.length > 0 && this.socket?.isOpen) this.socket.send(JSON.stringify({ operation: 'unsubscribe', assets_ids: gone }));
  }

  private ensureSocket(): ReconnectingSocket {
    if (this.socket) return this.socket;
    const o = this.options;
    const socket = this.scope.socket({
      url: o.url,
      textPing: 'PING',
      textPong: 'PONG',
      pingIntervalMs: o.pingIntervalMs ?? 10_000,
      idleTimeoutMs: o.idleTimeoutMs ?? 30_000,
      backoff: o.backoff ?? { baseMs: 1_000, maxMs: 60_000 },
    });
    socket.onOpen((isReconnect) => this.handleOpen(socket, isReconnect));
    socket.onMessage((text) => this.handleFrame(text));
    socket.onClose(() => {
      if (this.scope.closed) return;
      this.subs.connectionLost();
      this.scope.emit({ type: 'status', state: 'reconnecting', reason: 'market socket closed' });
      // Updates are lost while disconnected: no book may be served until it is re-snapshotted.
      for (const st of this.states.values()) this.markStale(st, 'reconnect', false);
    });
    this.socket = socket;
    return socket;
  }

  private handleOpen(socket: ReconnectingSocket, isReconnect: boolean): void {
    this.scope.emit({ type: 'status', state: 'connected' });
    if (isReconnect) {
      this.stats.reconnects += 1;
      // The venue's `book` dump restores each book; REST does if it does not come.
      for (const st of this.states.values()) {
        if (this.seqs.isLive(st.marketId)) this.markStale(st, 'reconnect', false);
        this.armSnapshotTimer(st);
      }
    }
    this.sendPending(socket, true);
  }

  /**
   * Sends the wanted markets not yet on this connection: the first message of a connection is the
   * `market` subscription, later ones are `subscribe` operations.
   */
  private sendPending(socket: ReconnectingSocket, first: boolean): void {
    const pending = this.subs.toSubscribe();
    const assets = this.subs.marketsToSubscribe().flatMap((key) => {
      const st = this.states.get(key);
      return st ? [st.info.yesTokenId, st.info.noTokenId] : [];
    });
    if (assets.length > 0) {
      socket.send(JSON.stringify(first ? { type: 'market', assets_ids: assets, custom_feature_enabled: true } : { operation: 'subscribe', assets_ids: assets }));
    }
    this.subs.acknowledged(pending);
  }

  private armSnapshotTimer(st: MarketState): void {
    st.timer?.cancel();
    st.timer = this.scope.timeout(this.options.snapshotTimeoutMs ?? 5_000, () => {
      st.timer = undefined;
      if (!this.seqs.isLive(st.marketId)) this.resync(st, 'no book from the venue after subscribing');
    });
  }

  /** Parses one frame: `PONG` is filtered by the socket; a frame is one event or an array of them. */
  handleFrame(text: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      this.stats.formatErrors += 1;
      this.scope.logger?.warn({ venue: VENUE, frame: text.slice(0, 80) }, 'polymarket market channel: non-JSON frame');
      return;
    }
    const events = Array.isArray(parsed) ? parsed : [parsed];
    for (const raw of events) {
      try {
        this.handleEvent(raw);
      } catch (err) {
        this.stats.formatErrors += 1;
        this.scope.logger?.warn({ venue: VENUE, err: (err as Error).message }, 'polymarket market channel: bad event');
      }
    }
  }

  private handleEvent(raw: unknown): void {
    const ev = parseWsMarketEvent(raw);
    if (!ev) return;
    const obj = raw as Record<string, unknown>;
    switch (ev.event_type) {
      case 'book':
        return this.onBook(ev, obj);
      case 'price_change':
        return this.onPriceChange(ev, obj);
      case 'last_trade_price': {
        const t = this.tokens.get(ev.asset_id);
        if (t?.outcome === 'yes') t.state.mirror.setField('last_trade_price', obj.price);
        return this.onLastTrade(ev);
      }
      case 'tick_size_change': {
        const t = this.tokens.get(ev.asset_id);
        this.options.markets.setTick(ev.market, ev.new_tick_size);
        if (t && t.outcome === 'yes') {
          t.state.info = { ...t.state.info, tickSize: ev.new_tick_size };
          t.state.mirror.setField('tick_size', obj.new_tick_size);
        }
        return;
      }
      case 'best_bid_ask': {
        const t = this.tokens.get(ev.asset_id);
        if (!t || t.outcome !== 'yes' || !this.subs.wants(t.state.key, 'ticker')) return;
        this.emitTicker(t.state, ev.best_bid ?? null, ev.best_ask ?? null, null, ev.timestamp);
        return;
      }
      case 'market_resolved': {
        const st = this.states.get(ev.market.toLowerCase());
        if (!st || !this.subs.wants(st.key, 'ticker')) return;
        const yesWon = ev.winning_asset_id === st.info.yesTokenId;
        this.emitTicker(st, null, null, yesWon ? '1' : '0', ev.timestamp);
        return;
      }
    }
  }

  private emitTicker(st: MarketState, bid: string | null, ask: string | null, last: string | null, ts: string | null): void {
    this.scope.emit({ type: 'ticker', ticker: tickerOf(st.marketId, bid, ask, last, ts) });
  }

  private onBook(ev: WsBook, raw: Record<string, unknown>): void {
    const t = this.tokens.get(ev.asset_id);
    if (!t || t.outcome !== 'yes') return;
    const { event_type: _type, ...summary } = raw;
    const hashOk = verifyBookHash(summary);
    if (hashOk === true) this.hashCheckable = true;
    if (hashOk === false && this.hashCheckable) {
      this.markStale(t.state, 'book does not match its hash');
      return;
    }
    t.state.mirror.reset(summary, summary.bids as WireLevel[], summary.asks as WireLevel[]);
    this.applySnapshot(t.state, levels(ev.bids, 'bid'), levels(ev.asks, 'ask'), isoFromEpochMs(ev.timestamp));
  }

  private applySnapshot(st: MarketState, bids: Level[], asks: Level[], venueTs: string | null): void {
    st.book.applySnapshot(bids, asks, this.seqs.snapshot(st.marketId), venueTs);
    st.timer?.cancel();
    st.timer = undefined;
    this.stats.snapshots += 1;
    if (this.subs.wants(st.key, 'book')) this.scope.emit({ type: 'snapshot', book: st.book.toOrderBook({ source: 'stream' }) });
    for (const w of st.waiters.splice(0)) w.resolve();
  }

  private onPriceChange(ev: WsPriceChange, raw: Record<string, unknown>): void {
    const rawEntries = raw.price_changes as Record<string, unknown>[];
    type Acc = { changes: BookLevelChange[]; bestBid: string | null | undefined; bestAsk: string | null | undefined; hash: string | null };
    const perMarket = new Map<MarketState, Acc>();
    ev.price_changes.forEach((c, i) => {
      const t = this.tokens.get(c.asset_id);
      if (!t || t.outcome !== 'yes' || !this.seqs.isLive(t.state.marketId)) return;
      const side = c.side === 'BUY' ? 'bid' : 'ask';
      const r = rawEntries[i] ?? {};
      t.state.book.set(side, c.price, c.size);
      t.state.mirror.set(side, String(r.price ?? c.price), String(r.size ?? c.size));
      let acc = perMarket.get(t.state);
      if (!acc) perMarket.set(t.state, (acc = { changes: [], bestBid: undefined, bestAsk: undefined, hash: null }));
      acc.changes.push({ side, price: px(c.price), size: sz(c.size) });
      acc.bestBid = c.best_bid;
      acc.bestAsk = c.best_ask;
      acc.hash = c.hash ?? null;
    });
    for (const [st, acc] of perMarket) {
      let problem = topDisagreement(st.book, acc.bestBid, acc.bestAsk);
      if (!problem && this.hashCheckable && acc.hash && st.mirror.hash(typeof raw.timestamp === 'string' ? raw.timestamp : null) !== acc.hash) {
        problem = 'book does not match its hash';
      }
      if (problem) {
        this.markStale(st, problem);
        continue;
      }
      const seq = this.seqs.delta(st.marketId);
      if (seq === null) continue;
      st.book.seq = seq;
      st.book.venueTimestamp = isoFromEpochMs(ev.timestamp);
      this.stats.deltas += 1;
      if (this.subs.wants(st.key, 'book')) {
        this.scope.emit({ type: 'delta', marketId: st.marketId, seq, changes: acc.changes, venueTimestamp: st.book.venueTimestamp, receivedAt: new Date().toISOString() });
      }
    }
  }

  private onLastTrade(ev: WsLastTradePrice): void {
    const t = this.tokens.get(ev.asset_id);
    if (!t || !this.subs.wants(t.state.key, 'trades')) return;
    this.stats.trades += 1;
    this.scope.emit({ type: 'trade', trade: mapWsTrade(ev, t.state.marketId, t.outcome) });
  }

  /**
   * The book can no longer be served. `reconnect`: the venue's dump (or REST after a timeout) will
   * restore it; otherwise it is inconsistent and rebuilt from REST when `resync`.
   */
  private markStale(st: MarketState, reason: string, resync = true): void {
    if (reason !== 'reconnect') this.stats.inconsistencies += 1;
    if (this.seqs.mark(st.marketId, reason === 'reconnect' ? 'awaiting' : 'stale')) {
      this.scope.emit({ type: 'status', state: 'stale', marketId: st.marketId, reason });
    }
    if (resync) this.resync(st, reason);
  }

  /** Rebuilds one book from REST `/book`; retried with a delay until it succeeds or the market goes. */
  private resync(st: MarketState, reason: string): void {
    if (this.resyncs.request(st.marketId, reason)) this.stats.resyncs += 1;
  }
}
