import type { Logger } from 'pino';
import { NetworkError, Timeout, VenueFormatError } from '../../src/core/index.js';
import type { MarketStatus, OrderBook } from '../../src/core/index.js';
import type { StreamChannel, StreamEvent, VenueStream } from '../../src/venue/adapter.js';
import { ReconnectingSocket } from '../../src/venue/socket.js';
import type { KalshiSigner } from './auth.js';
import { mapWsTicker, mapWsTrade } from './map.js';
import { mapWsFill, mapWsUserOrder } from './map-order.js';
import type { OrderIntent } from './map-order.js';
import { marketIdOf } from './map-util.js';
import { BookTracker } from './stream-book.js';
import { CommandChannel } from './stream-commands.js';
import { matchDeltaFrame } from './stream-frames.js';
import type { DeltaFrame } from './stream-frames.js';
import type { CommandReply } from './stream-commands.js';
import { tickerOf } from './trading.js';
import { WsFillMsg, WsLifecycleMsg, WsSubscribedMsg, WsTickerMsg, WsTradeMsg, WsUserOrderMsg } from './wire-ws.js';
import { parseWire } from './wire-parse.js';

/**
 * Kalshi's WebSocket as a VenueStream: one authenticated, multiplexed connection (handshake
 * headers signed over `GET /trade-api/ws/v2`, rebuilt on every reconnect), one subscription (sid)
 * per Kalshi channel extended with `update_subscription add_markets/delete_markets`, books kept by
 * BookTracker (seq checks, stale + `get_snapshot` on gaps), and on reconnect a fresh subscribe of
 * everything wanted (new sids, new snapshots). `use_yes_price` is always sent explicitly.
 */

type KalshiChannel = 'orderbook_delta' | 'ticker' | 'trade' | 'fill' | 'user_orders' | 'market_lifecycle_v2';

const CHANNEL_OF: Record<StreamChannel, KalshiChannel> = {
  book: 'orderbook_delta',
  ticker: 'ticker',
  trades: 'trade',
  orders: 'user_orders',
  fills: 'fill',
};

/** Channels subscribed for the whole account (no market list); events are filtered locally. */
const ACCOUNT_WIDE = new Set<KalshiChannel>(['fill', 'user_orders', 'market_lifecycle_v2']);
const ALL = '*';

export interface LifecycleEvent {
  marketId: string;
  eventType: string;
  /** The market status this event implies, when it implies one. */
  status: MarketStatus | null;
  result: string | null;
}

export interface KalshiStreamOptions {
  wsUrl: string;
  signer: KalshiSigner;
  logger?: Logger;
  /** Ask for NO levels on the YES scale (default true). */
  useYesPrice?: boolean;
  pingIntervalMs?: number;
  idleTimeoutMs?: number;
  backoff?: { baseMs: number; maxMs: number };
  /** Re-request snapshots for books still stale after this long (default 3 s). */
  resyncTimeoutMs?: number;
  commandTimeoutMs?: number;
  /** The caller's framing of an order the adapter placed (see map-order.ts). */
  intentOf?: (orderId: string, clientOrderId?: string | null) => OrderIntent | undefined;
}

interface ActiveSub {
  sid: number;
  tickers: Set<string>;
}

const LIFECYCLE_STATUS: Record<string, MarketStatus> = {
  activated: 'open',
  deactivated: 'paused',
  determined: 'resolved',
  settled: 'resolved',
};

export class KalshiStream implements VenueStream {
  private readonly socket: ReconnectingSocket;
  private readonly commands: CommandChannel;
  readonly books: BookTracker;
  private readonly listeners = new Set<(event: StreamEvent) => void>();
  private readonly lifecycleListeners = new Set<(event: LifecycleEvent) => void>();
  private readonly desired = new Map<KalshiChannel, Set<string>>();
  private readonly active = new Map<KalshiChannel, ActiveSub>();
  private readonly sidChannel = new Map<number, KalshiChannel>();
  private ops: Promise<void> = Promise.resolve();
  private watchdog: NodeJS.Timeout | undefined;
  private connected: Promise<void> | undefined;
  private closed = false;
  private readonly scratch: DeltaFrame = { sid: 0, seq: 0, fields: { ticker: '', price: 0, delta: 0, side: 'yes', tsMs: null } };
  /** Frames that were not JSON or failed their schema. */
  malformedFrames = 0;

  constructor(private readonly options: KalshiStreamOptions) {
    const wsPath = new URL(options.wsUrl).pathname;
    this.socket = new ReconnectingSocket({
      venue: 'kalshi',
      url: options.wsUrl,
      headers: () => options.signer.headers('GET', wsPath),
      pingIntervalMs: options.pingIntervalMs,
      idleTimeoutMs: options.idleTimeoutMs,
      backoff: options.backoff,
      logger: options.logger,
    });
    this.commands = new CommandChannel((text) => this.socket.send(text), options.commandTimeoutMs);
    this.books = new BookTracker({
      useYesPrice: options.useYesPrice ?? true,
      emit: (event) => this.emit(event),
      requestSnapshot: (sid, tickers) => this.requestSnapshot(sid, tickers),
    });
    this.socket.onMessage((text) => {
      try {
        this.handleFrame(text);
      } catch (err) {
        // Never let one frame take the connection (or the process) down.
        this.malformedFrames += 1;
        options.logger?.error({ venue: 'kalshi', err: (err as Error).message }, 'kalshi ws frame handling failed');
      }
    });
    this.socket.onOpen((isReconnect) => {
      this.emit({ type: 'status', state: 'connected', reason: isReconnect ? 'reconnected' : undefined });
      this.enqueue(() => this.sync());
    });
    this.socket.onClose((code, reason) => {
      this.active.clear();
      this.sidChannel.clear();
      this.commands.failAll(new NetworkError(`kalshi ws closed (${code} ${reason})`, { venue: 'kalshi' }));
      this.books.resetAll('connection lost');
      if (!this.closed) this.emit({ type: 'status', state: 'reconnecting', reason: `closed ${code}` });
    });
  }

  onEvent(listener: (event: StreamEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** `market_lifecycle_v2` events (market opened, paused, determined, settled, …). */
  onLifecycle(listener: (event: LifecycleEvent) => void): () => void {
    this.lifecycleListeners.add(listener);
    return () => this.lifecycleListeners.delete(listener);
  }

  /** The live book of a market, or null while it is stale or unsubscribed. */
  orderBook(marketId: string, depth?: number): OrderBook | null {
    return this.books.orderBook(tickerOf(marketId), depth);
  }

  async subscribe(marketIds: string[], channels: StreamChannel[] = ['book']): Promise<void> {
    const tickers = marketIds.map(tickerOf);
    for (const c of channels) {
      const kc = CHANNEL_OF[c];
      const want = this.desired.get(kc) ?? new Set<string>();
      for (const t of ACCOUNT_WIDE.has(kc) ? [ALL] : tickers) want.add(t);
      this.desired.set(kc, want);
      if (kc === 'orderbook_delta') for (const t of tickers) this.books.track(t, this.active.get(kc)?.sid ?? -1);
    }
    await this.ensureConnected();
    await this.enqueue(() => this.sync());
  }

  /** Subscribes the account-wide lifecycle channel. */
  async subscribeLifecycle(): Promise<void> {
    this.desired.set('market_lifecycle_v2', new Set([ALL]));
    await this.ensureConnected();
    await this.enqueue(() => this.sync());
  }

  async unsubscribe(marketIds: string[], channels: StreamChannel[] = ['book', 'ticker', 'trades']): Promise<void> {
    const tickers = marketIds.map(tickerOf);
    for (const c of channels) {
      const kc = CHANNEL_OF[c];
      if (ACCOUNT_WIDE.has(kc)) continue;
      const want = this.desired.get(kc);
      if (!want) continue;
      for (const t of tickers) want.delete(t);
      if (kc === 'orderbook_delta') for (const t of tickers) this.books.untrack(t);
    }
    if (this.socket.isOpen) await this.enqueue(() => this.sync());
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.watchdog) clearInterval(this.watchdog);
    this.commands.failAll(new NetworkError('kalshi stream closed', { venue: 'kalshi' }));
    await this.socket.close();
    this.emit({ type: 'status', state: 'disconnected', reason: 'closed' });
  }

  /** Forces a reconnect (tests, operators). */
  reconnect(): void {
    this.socket.reconnect();
  }

  private ensureConnected(): Promise<void> {
    if (!this.connected) {
      this.connected = this.socket.connect();
      const every = Math.max(100, Math.floor((this.options.resyncTimeoutMs ?? 3_000) / 2));
      this.watchdog = setInterval(() => this.checkOverdue(), every);
      this.watchdog.unref();
    }
    return this.connected;
  }

  private enqueue(op: () => Promise<void>): Promise<void> {
    const run = this.ops.then(op, op);
    this.ops = run.catch(() => undefined);
    return run;
  }

  /** Brings the venue's subscriptions in line with what is wanted. */
  private async sync(): Promise<void> {
    if (!this.socket.isOpen) return;
    for (const [kc, want] of this.desired) {
      const have = this.active.get(kc);
      if (want.size === 0) {
        if (have) await this.unsubscribeSid(kc, have.sid);
        continue;
      }
      if (!have) {
        await this.subscribeChannel(kc, [...want]);
        continue;
      }
      const add = [...want].filter((t) => !have.tickers.has(t));
      const del = [...have.tickers].filter((t) => !want.has(t));
      if (add.length > 0) {
        try {
          await this.commands.request('update_subscription', { sid: have.sid, market_tickers: add, action: 'add_markets' });
        } catch (err) {
          if (this.keepAfterFailure(err)) throw err;
          // The venue refused these markets (e.g. unknown ticker): stop wanting them.
          for (const t of add) {
            want.delete(t);
            if (kc === 'orderbook_delta') this.books.untrack(t);
          }
          throw err;
        }
        for (const t of add) have.tickers.add(t);
      }
      if (del.length > 0) {
        await this.commands.request('update_subscription', { sid: have.sid, market_tickers: del, action: 'delete_markets' });
        for (const t of del) have.tickers.delete(t);
      }
    }
  }

  private async subscribeChannel(kc: KalshiChannel, tickers: string[]): Promise<void> {
    const params: Record<string, unknown> = { channels: [kc] };
    if (!ACCOUNT_WIDE.has(kc)) params['market_tickers'] = tickers;
    if (kc === 'orderbook_delta') params['use_yes_price'] = this.options.useYesPrice ?? true;
    if (kc === 'ticker') params['send_initial_snapshot'] = true;
    let reply: CommandReply;
    try {
      reply = await this.commands.request('subscribe', params);
    } catch (err) {
      if (this.keepAfterFailure(err)) throw err;
      // A rejected market list must not be retried forever by later syncs.
      this.desired.get(kc)?.clear();
      if (kc === 'orderbook_delta') for (const t of tickers) this.books.untrack(t);
      throw err;
    }
    const { sid } = parseWire(WsSubscribedMsg, reply.msg, 'ws subscribe');
    this.active.set(kc, { sid, tickers: new Set(tickers) });
    this.sidChannel.set(sid, kc);
    if (kc === 'orderbook_delta') for (const t of tickers) this.books.track(t, sid);
  }

  /**
   * Whether a failed subscribe/add_markets keeps its markets wanted: yes unless the venue refused
   * them. A command without reply leaves the venue's sids unknown: the connection is replaced.
   */
  private keepAfterFailure(err: unknown): boolean {
    if (!(err instanceof NetworkError)) return false;
    if (err instanceof Timeout && this.socket.isOpen && !this.closed) this.socket.reconnect();
    return true;
  }

  private async unsubscribeSid(kc: KalshiChannel, sid: number): Promise<void> {
    this.active.delete(kc);
    await this.commands.request('unsubscribe', { sids: [sid] });
    this.sidChannel.delete(sid);
    this.books.forgetSid(sid);
  }

  private requestSnapshot(sid: number, tickers: string[]): void {
    if (!this.socket.isOpen || sid < 0) return;
    try {
      this.commands.fire('update_subscription', { sid, market_tickers: tickers, action: 'get_snapshot' });
    } catch (err) {
      this.options.logger?.warn({ venue: 'kalshi', err: (err as Error).message }, 'get_snapshot not sent');
    }
  }

  /** Books stale for too long: ask again; the venue may have missed the request. */
  private checkOverdue(): void {
    for (const [sid, tickers] of this.books.overdue(this.options.resyncTimeoutMs ?? 3_000)) this.requestSnapshot(sid, tickers);
  }

  private emit(event: StreamEvent): void {
    for (const l of this.listeners) {
      try {
        l(event);
      } catch (err) {
        this.options.logger?.error({ venue: 'kalshi', err: (err as Error).message }, 'stream listener threw');
      }
    }
  }

  private wants(kc: KalshiChannel, ticker: string): boolean {
    const want = this.desired.get(kc);
    return want !== undefined && (want.has(ticker) || want.has(ALL));
  }

  /** Dispatches one text frame. Public for benchmarks; the socket calls it for every frame. */
  handleFrame(text: string): void {
    const delta = matchDeltaFrame(text, this.scratch);
    if (delta !== null) {
      this.books.handleDeltaFields(delta.sid, delta.seq, delta.fields);
      return;
    }
    let frame: { type?: unknown; sid?: unknown; seq?: unknown; id?: unknown; msg?: unknown };
    try {
      frame = JSON.parse(text) as typeof frame;
    } catch {
      this.malformedFrames += 1;
      this.options.logger?.warn({ venue: 'kalshi', length: text.length }, 'kalshi ws frame is not JSON');
      return;
    }
    if (frame === null || typeof frame !== 'object') {
      this.malformedFrames += 1;
      return;
    }
    const sid = typeof frame.sid === 'number' ? frame.sid : -1;
    const seq = typeof frame.seq === 'number' ? frame.seq : null;
    try {
      switch (frame.type) {
        case 'orderbook_delta':
          this.books.handleDelta(sid, seq, frame.msg);
          return;
        case 'orderbook_snapshot':
          this.books.handleSnapshot(sid, seq, frame.msg);
          return;
        default:
          this.handleOther(String(frame.type), sid, seq, frame);
      }
    } catch (err) {
      if (!(err instanceof VenueFormatError)) throw err;
      this.malformedFrames += 1;
      this.options.logger?.warn({ venue: 'kalshi', err: err.message }, 'kalshi ws frame rejected');
      // A book frame we could not read leaves its books unknown: resync them.
      if (this.sidChannel.get(sid) === 'orderbook_delta') this.books.invalidateSid(sid, `unreadable frame: ${err.message}`);
    }
  }

  private handleOther(type: string, sid: number, seq: number | null, frame: { id?: unknown; msg?: unknown }): void {
    const now = new Date();
    switch (type) {
      case 'ticker': {
        const m = parseWire(WsTickerMsg, frame.msg, 'ws ticker');
        if (this.wants('ticker', m.market_ticker)) this.emit({ type: 'ticker', ticker: mapWsTicker(m, now) });
        return;
      }
      case 'trade': {
        const m = parseWire(WsTradeMsg, frame.msg, 'ws trade');
        if (this.wants('trade', m.market_ticker)) this.emit({ type: 'trade', trade: mapWsTrade(m, now) });
        return;
      }
      case 'fill': {
        const m = parseWire(WsFillMsg, frame.msg, 'ws fill');
        this.emit({ type: 'fill', fill: mapWsFill(m, this.options.intentOf?.(m.order_id, m.client_order_id), now) });
        return;
      }
      case 'user_order': {
        const m = parseWire(WsUserOrderMsg, frame.msg, 'ws user_order');
        this.emit({ type: 'order', order: mapWsUserOrder(m, this.options.intentOf?.(m.order_id, m.client_order_id), now) });
        return;
      }
      case 'market_lifecycle_v2': {
        const m = parseWire(WsLifecycleMsg, frame.msg, 'ws market_lifecycle_v2');
        const event: LifecycleEvent = {
          marketId: marketIdOf(m.market_ticker),
          eventType: m.event_type,
          status: LIFECYCLE_STATUS[m.event_type] ?? null,
          result: m.result || null,
        };
        for (const l of this.lifecycleListeners) l(event);
        return;
      }
      default: {
        // Acks and errors: seq on a book sid counts (acks share the sid's sequence).
        if (seq !== null && this.sidChannel.get(sid) === 'orderbook_delta') this.books.checkSeq(sid, seq);
        const id = typeof frame.id === 'number' ? frame.id : null;
        const settled = this.commands.settle(id, { type, sid, seq, msg: frame.msg });
        if (!settled && type === 'error') {
          this.options.logger?.warn({ venue: 'kalshi', msg: frame.msg }, 'kalshi ws error frame');
        }
      }
    }
  }
}
