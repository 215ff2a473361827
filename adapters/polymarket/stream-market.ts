import type { Logger } from 'pino';
import { NotFound, Timeout, formatId, type Level } from '../../src/core/index.js';
import {
  BOOK_SCALE,
  LocalBook,
  ReconnectingSocket,
  formatFixed,
  parseFixed,
  type BookLevelChange,
  type StreamChannel,
  type StreamEvent,
} from '../../src/venue/index.js';
import type { BookWithRaw } from './clob-client.js';
import type { WireLevel } from './wire-clob.js';
import { WireBookMirror, topDisagreement } from './book-check.js';
import { mapWsTrade, sortLevels, tickerOf, verifyBookHash } from './map-book.js';
import type { MarketTradingInfo } from './map-market.js';
import type { MarketInfoCache } from './market-info.js';
import { isoFromEpochMs } from './wire-common.js';
import {
  parseWsMarketEvent,
  type WsBook,
  type WsLastTradePrice,
  type WsPriceChange,
} from './wire-ws.js';

/**
 * The CLOB market channel (docs/venues/polymarket.md §7.1) as normalized book, trade and ticker events.
 *
 * Polymarket sends hashes, not sequence numbers, so each market gets our own `seq`, increasing
 * across snapshots. A book is declared `stale` and rebuilt from REST `/book` when it becomes
 * inconsistent: after a `price_change` our best bid/ask disagree with the venue's `best_bid` /
 * `best_ask`, the book is crossed, a `book` event fails its hash once hashes have been shown to be
 * checkable, or the socket reconnected (then the venue's fresh `book` dump, or REST after a
 * timeout, restores it). We subscribe both tokens of a market: the YES token's book is the market's
 * book (the NO book is its mirror and is ignored); trades on either token become YES-terms trades.
 */

const VENUE = 'polymarket' as const;
const MARKET_CHANNELS: StreamChannel[] = ['book', 'ticker', 'trades'];

export interface MarketStreamOptions {
  url: string;
  markets: MarketInfoCache;
  fetchBook(tokenId: string): Promise<BookWithRaw>;
  logger?: Logger;
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
  marketId: string;
  book: LocalBook;
  /** The YES book in wire form, for recomputing the venue's hash. */
  mirror: WireBookMirror;
  seq: number;
  state: 'pending' | 'live' | 'stale';
  /** Bumped by every applied snapshot; a REST resync result is dropped if it changed meanwhile. */
  generation: number;
  resyncing: boolean;
  channels: Set<StreamChannel>;
  waiters: (() => void)[];
  timer: NodeJS.Timeout | undefined;
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
  private readonly listeners = new Set<(e: StreamEvent) => void>();
  private closed = false;
  /** Set once a venue `book` verified against its hash: from then on a mismatch is an inconsistency. */
  private hashCheckable = false;
  readonly stats: MarketStreamStats = { snapshots: 0, deltas: 0, trades: 0, resyncs: 0, inconsistencies: 0, reconnects: 0, formatErrors: 0 };

  constructor(private readonly options: MarketStreamOptions) {}

  onEvent(fn: (e: StreamEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
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
    const fresh: MarketState[] = [];
    const waits: Promise<void>[] = [];
    for (const info of infos) {
      const key = info.conditionId.toLowerCase();
      let st = this.states.get(key);
      if (!st) {
        const marketId = formatId(VENUE, info.conditionId);
        st = { info, marketId, book: new LocalBook(marketId, VENUE), mirror: new WireBookMirror(), seq: 0, state: 'pending', generation: 0, resyncing: false, channels: new Set(), waiters: [], timer: undefined };
        this.states.set(key, st);
        this.tokens.set(info.yesTokenId, { state: st, outcome: 'yes' });
        this.tokens.set(info.noTokenId, { state: st, outcome: 'no' });
        fresh.push(st);
      }
      for (const c of channels) if (MARKET_CHANNELS.includes(c)) st.channels.add(c);
      if (st.state !== 'live') waits.push(new Promise<void>((resolve) => (st as MarketState).waiters.push(resolve)));
    }
    const socket = this.ensureSocket();
    if (socket.isOpen && fresh.length > 0) {
      socket.send(JSON.stringify({ operation: 'subscribe', assets_ids: fresh.flatMap((s) => [s.info.yesTokenId, s.info.noTokenId]) }));
    }
    for (const st of fresh) this.armSnapshotTimer(st);
    const limitMs = this.options.subscribeTimeoutMs ?? 15_000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Timeout(`polymarket ws market: no snapshot within ${limitMs} ms; the subscription stays registered and catches up on connect`, { venue: VENUE, endpoint: 'ws market' })),
        limitMs,
      );
    });
    try {
      await Promise.race([Promise.all([socket.connect(), ...waits]), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async unsubscribe(conditionIds: string[]): Promise<void> {
    const gone: string[] = [];
    for (const cid of conditionIds) {
      const st = this.states.get(cid.toLowerCase());
      if (!st) continue;
      this.states.delete(cid.toLowerCase());
      this.tokens.delete(st.info.yesTokenId);
      this.tokens.delete(st.info.noTokenId);
      if (st.timer) clearTimeout(st.timer);
      for (const w of st.waiters) w();
      gone.push(st.info.yesTokenId, st.info.noTokenId);
    }
    if (gone.length > 0 && this.socket?.isOpen) this.socket.send(JSON.stringify({ operation: 'unsubscribe', assets_ids: gone }));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const st of this.states.values()) {
      if (st.timer) clearTimeout(st.timer);
      for (const w of st.waiters) w();
    }
    this.states.clear();
    this.tokens.clear();
    await this.socket?.close();
  }

  private emit(e: StreamEvent): void {
    for (const fn of this.listeners) fn(e);
  }

  private ensureSocket(): ReconnectingSocket {
    if (this.socket) return this.socket;
    const o = this.options;
    const socket = new ReconnectingSocket({
      venue: VENUE,
      url: o.url,
      textPing: 'PING',
      textPong: 'PONG',
      pingIntervalMs: o.pingIntervalMs ?? 10_000,
      idleTimeoutMs: o.idleTimeoutMs ?? 30_000,
      backoff: o.backoff ?? { baseMs: 1_000, maxMs: 60_000 },
      ...(o.logger ? { logger: o.logger } : {}),
    });
    socket.onOpen((isReconnect) => this.handleOpen(isReconnect));
    socket.onMessage((text) => this.handleFrame(text));
    socket.onClose(() => {
      if (this.closed) return;
      this.emit({ type: 'status', state: 'reconnecting', reason: 'market socket closed' });
      // Updates are lost while disconnected: no book may be served until it is re-snapshotted.
      for (const st of this.states.values()) if (st.state !== 'pending') this.markStale(st, 'reconnect', false);
    });
    this.socket = socket;
    return socket;
  }

  private handleOpen(isReconnect: boolean): void {
    const assets = [...this.states.values()].flatMap((s) => [s.info.yesTokenId, s.info.noTokenId]);
    this.emit({ type: 'status', state: 'connected' });
    if (isReconnect) {
      this.stats.reconnects += 1;
      // The venue's `book` dump restores each book; REST does if it does not come.
      for (const st of this.states.values()) {
        if (st.state === 'live') this.markStale(st, 'reconnect', false);
        this.armSnapshotTimer(st);
      }
    }
    if (assets.length > 0) this.socket?.send(JSON.stringify({ type: 'market', assets_ids: assets, custom_feature_enabled: true }));
  }

  private armSnapshotTimer(st: MarketState): void {
    if (st.timer) clearTimeout(st.timer);
    st.timer = setTimeout(() => {
      st.timer = undefined;
      if (st.state !== 'live') this.resync(st, 'no book from the venue after subscribing');
    }, this.options.snapshotTimeoutMs ?? 5_000);
  }

  /** Parses one frame: `PONG` is filtered by the socket; a frame is one event or an array of them. */
  handleFrame(text: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      this.stats.formatErrors += 1;
      this.options.logger?.warn({ venue: VENUE, frame: text.slice(0, 80) }, 'polymarket market channel: non-JSON frame');
      return;
    }
    const events = Array.isArray(parsed) ? parsed : [parsed];
    for (const raw of events) {
      try {
        this.handleEvent(raw);
      } catch (err) {
        this.stats.formatErrors += 1;
        this.options.logger?.warn({ venue: VENUE, err: (err as Error).message }, 'polymarket market channel: bad event');
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
        if (!t || t.outcome !== 'yes' || !t.state.channels.has('ticker')) return;
        this.emitTicker(t.state, ev.best_bid ?? null, ev.best_ask ?? null, null, ev.timestamp);
        return;
      }
      case 'market_resolved': {
        const st = this.states.get(ev.market.toLowerCase());
        if (!st || !st.channels.has('ticker')) return;
        const yesWon = ev.winning_asset_id === st.info.yesTokenId;
        this.emitTicker(st, null, null, yesWon ? '1' : '0', ev.timestamp);
        return;
      }
    }
  }

  private emitTicker(st: MarketState, bid: string | null, ask: string | null, last: string | null, ts: string | null): void {
    this.emit({ type: 'ticker', ticker: tickerOf(st.marketId, bid, ask, last, ts) });
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
    st.seq += 1;
    st.generation += 1;
    st.book.applySnapshot(bids, asks, st.seq, venueTs);
    st.state = 'live';
    if (st.timer) clearTimeout(st.timer);
    st.timer = undefined;
    this.stats.snapshots += 1;
    if (st.channels.has('book')) this.emit({ type: 'snapshot', book: st.book.toOrderBook({ source: 'stream' }) });
    const waiters = st.waiters.splice(0);
    for (const w of waiters) w();
  }

  private onPriceChange(ev: WsPriceChange, raw: Record<string, unknown>): void {
    const rawEntries = raw.price_changes as Record<string, unknown>[];
    type Acc = { changes: BookLevelChange[]; bestBid: string | null | undefined; bestAsk: string | null | undefined; hash: string | null };
    const perMarket = new Map<MarketState, Acc>();
    ev.price_changes.forEach((c, i) => {
      const t = this.tokens.get(c.asset_id);
      if (!t || t.outcome !== 'yes' || t.state.state !== 'live') return;
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
      st.seq += 1;
      st.book.seq = st.seq;
      st.book.venueTimestamp = isoFromEpochMs(ev.timestamp);
      this.stats.deltas += 1;
      if (st.channels.has('book')) {
        this.emit({ type: 'delta', marketId: st.marketId, seq: st.seq, changes: acc.changes, venueTimestamp: st.book.venueTimestamp, receivedAt: new Date().toISOString() });
      }
    }
  }

  private onLastTrade(ev: WsLastTradePrice): void {
    const t = this.tokens.get(ev.asset_id);
    if (!t || !t.state.channels.has('trades')) return;
    this.stats.trades += 1;
    this.emit({ type: 'trade', trade: mapWsTrade(ev, t.state.marketId, t.outcome) });
  }

  private markStale(st: MarketState, reason: string, resync = true): void {
    this.stats.inconsistencies += reason === 'reconnect' ? 0 : 1;
    if (st.state !== 'stale' || reason === 'reconnect') {
      st.state = reason === 'reconnect' ? 'pending' : 'stale';
      this.emit({ type: 'status', state: 'stale', marketId: st.marketId, reason });
    }
    if (resync) this.resync(st, reason);
  }

  /** Rebuilds one book from REST `/book`; retried with a delay until it succeeds or the market goes. */
  private resync(st: MarketState, reason: string): void {
    if (st.resyncing || this.closed) return;
    st.resyncing = true;
    if (st.state === 'live') {
      st.state = 'stale';
      this.emit({ type: 'status', state: 'stale', marketId: st.marketId, reason });
    }
    this.stats.resyncs += 1;
    const generation = st.generation;
    void this.options
      .fetchBook(st.info.yesTokenId)
      .then(({ book, raw }) => {
        st.resyncing = false;
        if (this.closed || this.states.get(st.info.conditionId.toLowerCase()) !== st) return;
        if (st.generation !== generation && st.state === 'live') return;
        const summary = raw as Record<string, unknown>;
        st.mirror.reset(summary, summary.bids as WireLevel[], summary.asks as WireLevel[]);
        this.applySnapshot(st, levels(book.bids, 'bid'), levels(book.asks, 'ask'), isoFromEpochMs(book.timestamp));
      })
      .catch((err: unknown) => {
        st.resyncing = false;
        if (err instanceof NotFound && this.states.get(st.info.conditionId.toLowerCase()) === st) {
          // "No orderbook exists for the requested token id": the book is empty.
          st.mirror.reset({}, [], []);
          this.applySnapshot(st, [], [], null);
          return;
        }
        this.options.logger?.warn({ venue: VENUE, market: st.marketId, err: (err as Error).message }, 'polymarket resync failed');
        if (!this.closed && this.states.get(st.info.conditionId.toLowerCase()) === st) {
          st.timer = setTimeout(() => this.resync(st, reason), 1_000);
        }
      });
  }
}
