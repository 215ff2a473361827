import type { Logger } from 'pino';
import { NetworkError, Timeout, VenueFormatError } from '../../src/core/index.js';
import type { MarketStatus, OrderBook } from '../../src/core/index.js';
import type { StreamChannel, StreamEvent, VenueStream } from '../../src/venue/adapter.js';
import type { ReconnectingSocket } from '../../src/venue/socket.js';
import type { StreamListeners } from '../../src/venue/stream-listeners.js';
import { StreamScope } from '../../src/venue/stream-scope.js';
import type { StreamClock } from '../../src/venue/stream-clock.js';
import type { ScopedTimer } from '../../src/venue/stream-scope.js';
import { SubscriptionTracker, marketsOf } from '../../src/venue/stream-subscriptions.js';
import type { Subscription } from '../../src/venue/stream-subscriptions.js';
import type { KalshiSigner } from './auth.js';
import { mapWsTicker, mapWsTrade } from './map.js';
import { mapWsFill, mapWsUserOrder } from './map-order.js';
import type { OrderIntent } from './map-order.js';
import { marketIdOf } from './map-util.js';
import { BookTracker } from './stream-book.js';
import { CommandChannel, subscribedSid } from './stream-commands.js';
import { matchDeltaFrame } from './stream-frames.js';
import type { DeltaFrame } from './stream-frames.js';
import type { CommandReply } from './stream-commands.js';
import { tickerOf } from './trading.js';
import { WsFillMsg, WsLifecycleMsg, WsTickerMsg, WsTradeMsg, WsUserOrderMsg } from './wire-ws.js';
import { parseWire } from './wire-parse.js';

/**
 * Kalshi's WebSocket as a VenueStream: one authenticated, multiplexed connection (handshake
 * headers signed over `GET /trade-api/ws/v2`, rebuilt on every reconnect), one subscription (sid)
 * per Kalshi channel extended with `update_subscription add_markets/delete_markets`, books kept by
 * BookTracker (seq checks, stale + `get_snapshot` on gaps), and on reconnect a fresh subscribe of
 * everything wanted (new sids, new snapshots). `use_yes_price` is always sent explicitly.
 *
 * The shared stream kit does the plumbing: `StreamScope` owns the socket, the watchdog, the
 * listeners and the close path; `SubscriptionTracker` keeps the wanted (ticker, channel) pairs and
 * what the venue acknowledged. A subscribe lost in transit stays wanted and is sent again; one the
 * venue refused is dropped.
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
  /** The scope that owns this stream (from the adapter's `StreamSet`); a fresh one by default. */
  scope?: StreamScope;
  /** Clock of a fresh scope's timers (tests). */
  clock?: StreamClock;
}

const LIFECYCLE_STATUS: Record<string, MarketStatus> = {
  activated: 'open',
  deactivated: 'paused',
  determined: 'resolved',
  settled: 'resolved',
};

export class KalshiStream implements VenueStream {
  private readonly scope: StreamScope;
  private readonly socket: ReconnectingSocket;
  private readonly commands: CommandChannel;
  readonly books: BookTracker;
  private readonly lifecycle: StreamListeners<LifecycleEvent>;
  /** Wanted (ticker, channel) pairs; account-wide channels use the ticker `*`. */
  readonly subscriptions = new SubscriptionTracker<KalshiChannel>();
  /** The venue's subscription id per channel on the current connection. */
  private readonly sids = new Map<KalshiChannel, number>();
  private readonly sidChannel = new Map<number, KalshiChannel>();
  private ops: Promise<void> = Promise.resolve();
  private watchdog: ScopedTimer | undefined;
  private connected: Promise<void> | undefined;
  private readonly scratch: DeltaFrame = { sid: 0, seq: 0, fields: { ticker: '', price: 0, delta: 0, side: 'yes', tsMs: null } };
  /** Frames that were not JSON or failed their schema. */
  malformedFrames = 0;

  constructor(private readonly options: KalshiStreamOptions) {
    const wsPath = new URL(options.wsUrl).pathname;
    this.scope = options.scope ?? new StreamScope({ venue: 'kalshi', logger: options.logger, clock: options.clock });
    this.socket = this.scope.socket({
      url: options.wsUrl,
      headers: () => options.signer.headers('GET', wsPath),
      pingIntervalMs: options.pingIntervalMs,
      idleTimeoutMs: options.idleTimeoutMs,
      backoff: options.backoff,
    });
    this.lifecycle = this.scope.listeners<LifecycleEvent>('lifecycle');
    this.commands = new CommandChannel((text) => this.socket.send(text), options.commandTimeoutMs);
    this.scope.onClose(() => this.commands.failAll(new NetworkError('kalshi stream closed', { venue: 'kalshi' })));
    this.books = new BookTracker({
      useYesPrice: options.useYesPrice ?? true,
      emit: (event) => this.scope.emit(event),
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
      this.scope.emit({ type: 'status', state: 'connected', reason: isReconnect ? 'reconnected' : undefined });
      this.enqueue(() => this.sync());
    });
    this.socket.onClose((code, reason) => {
      // The venue forgets every sid with the connection: everything wanted is subscribed anew.
      this.sids.clear();
      this.sidChannel.clear();
      this.subscriptions.connectionLost();
      this.commands.failAll(new NetworkError(`kalshi ws closed (${code} ${reason})`, { venue: 'kalshi' }));
      this.books.resetAll('connection lost');
      if (!this.scope.closed) this.scope.emit({ type: 'status', state: 'reconnecting', reason: `closed ${code}` });
    });
  }

  onEvent(listener: (event: StreamEvent) => void): () => void {
    return this.scope.onEvent(listener);
  }

  /** `market_lifecycle_v2` events (market opened, paused, determined, settled, …). */
  onLifecycle(listener: (event: LifecycleEvent) => void): () => void {
    return this.lifecycle.add(listener);
  }

  /** The live book of a market, or null while it is stale or unsubscribed. */
  orderBook(marketId: string, depth?: number): OrderBook | null {
    return this.books.orderBook(tickerOf(marketId), depth);
  }

  async subscribe(marketIds: string[], channels: StreamChannel[] = ['book']): Promise<void> {
    const tickers = marketIds.map(tickerOf);
    for (const c of channels) {
      const kc = CHANNEL_OF[c];
      this.subscriptions.want(ACCOUNT_WIDE.has(kc) ? [ALL] : tickers, [kc]);
      if (kc === 'orderbook_delta') for (const t of tickers) this.books.track(t, this.sids.get(kc) ?? -1);
    }
    await this.ensureConnected();
    await this.enqueue(() => this.sync());
  }

  /** Subscribes the account-wide lifecycle channel. */
  async subscribeLifecycle(): Promise<void> {
    this.subscriptions.want([ALL], ['market_lifecycle_v2']);
    await this.ensureConnected();
    await this.enqueue(() => this.sync());
  }

  async unsubscribe(marketIds: string[], channels: StreamChannel[] = ['book', 'ticker', 'trades']): Promise<void> {
    const tickers = marketIds.map(tickerOf);
    for (const c of channels) {
      const kc = CHANNEL_OF[c];
      if (ACCOUNT_WIDE.has(kc)) continue;
      this.subscriptions.unwant(tickers, [kc]);
      if (kc === 'orderbook_delta') for (const t of tickers) this.books.untrack(t);
    }
    if (this.socket.isOpen) await this.enqueue(() => this.sync());
  }

  /** Closes the socket, the watchdog and pending commands, then the listeners; idempotent. */
  close(): Promise<void> {
    return this.scope.close();
  }

  /** Forces a reconnect (tests, operators). */
  reconnect(): void {
    this.socket.reconnect();
  }

  private ensureConnected(): Promise<void> {
    if (!this.connected) {
      this.connected = this.socket.connect();
      const every = Math.max(100, Math.floor((this.options.resyncTimeoutMs ?? 3_000) / 2));
      this.watchdog = this.scope.every(every, () => this.checkOverdue(), { unref: true });
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
    for (const kc of new Set([...this.subscriptions.channels(), ...this.sids.keys()])) {
      const sid = this.sids.get(kc);
      if (sid === undefined) {
        const add = this.subscriptions.toSubscribe(kc);
        if (add.length > 0) await this.subscribeChannel(kc, add);
        continue;
      }
      if (!this.subscriptions.wantsChannel(kc)) {
        await this.unsubscribeSid(kc, sid);
        continue;
      }
      const add = this.subscriptions.toSubscribe(kc);
      if (add.length > 0) {
        this.subscriptions.sending(add);
        try {
          await this.commands.request('update_subscription', { sid, market_tickers: marketsOf(add), action: 'add_markets' });
        } catch (err) {
          this.failed(kc, add, err);
          throw err;
        }
        this.subscriptions.acknowledged(add);
      }
      const del = this.subscriptions.toUnsubscribe(kc);
      if (del.length > 0) {
        // A failed delete stays on the wire, to be taken back by a later sync.
        await this.commands.request('update_subscription', { sid, market_tickers: marketsOf(del), action: 'delete_markets' });
        this.subscriptions.unsubscribed(del);
      }
    }
  }

  private async subscribeChannel(kc: KalshiChannel, pairs: Subscription<KalshiChannel>[]): Promise<void> {
    const tickers = marketsOf(pairs);
    const params: Record<string, unknown> = { channels: [kc] };
    if (!ACCOUNT_WIDE.has(kc)) params['market_tickers'] = tickers;
    if (kc === 'orderbook_delta') params['use_yes_price'] = this.options.useYesPrice ?? true;
    if (kc === 'ticker') params['send_initial_snapshot'] = true;
    this.subscriptions.sending(pairs);
    let reply: CommandReply;
    try {
      reply = await this.commands.request('subscribe', params);
    } catch (err) {
      this.failed(kc, pairs, err);
      throw err;
    }
    const sid = subscribedSid(reply);
    this.sids.set(kc, sid);
    this.sidChannel.set(sid, kc);
    this.subscriptions.acknowledged(pairs);
    if (kc === 'orderbook_delta') for (const t of tickers) if (this.subscriptions.wants(t, kc)) this.books.track(t, sid);
  }

  /**
   * A subscribe or add_markets failed. Lost in transit (connection dropped, no reply): the markets
   * stay wanted and are sent again; a command without reply leaves the venue's sids unknown, so the
   * connection is replaced. Refused by the venue (e.g. unknown ticker): they are no longer wanted,
   * so later syncs do not retry them forever.
   */
  private failed(kc: KalshiChannel, pairs: Subscription<KalshiChannel>[], err: unknown): void {
    if (err instanceof NetworkError) {
      this.subscriptions.lost(pairs);
      if (err instanceof Timeout && this.socket.isOpen && !this.scope.closed) this.socket.reconnect();
      return;
    }
    this.subscriptions.refused(pairs);
    if (kc === 'orderbook_delta') for (const t of marketsOf(pairs)) this.books.untrack(t);
  }

  private async unsubscribeSid(kc: KalshiChannel, sid: number): Promise<void> {
    // Nothing of the channel is wanted: everything on the wire goes with the sid.
    const onWire = this.subscriptions.toUnsubscribe(kc);
    this.sids.delete(kc);
    try {
      await this.commands.request('unsubscribe', { sids: [sid] });
    } finally {
      this.subscriptions.unsubscribed(onWire);
    }
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

  private wants(kc: KalshiChannel, ticker: string): boolean {
    return this.subscriptions.wants(ticker, kc) || this.subscriptions.wants(ALL, kc);
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
        if (this.wants('ticker', m.market_ticker)) this.scope.emit({ type: 'ticker', ticker: mapWsTicker(m, now) });
        return;
      }
      case 'trade': {
        const m = parseWire(WsTradeMsg, frame.msg, 'ws trade');
        if (this.wants('trade', m.market_ticker)) this.scope.emit({ type: 'trade', trade: mapWsTrade(m, now) });
        return;
      }
      case 'fill': {
        const m = parseWire(WsFillMsg, frame.msg, 'ws fill');
        this.scope.emit({ type: 'fill', fill: mapWsFill(m, this.options.intentOf?.(m.order_id, m.client_order_id), now) });
        return;
      }
      case 'user_order': {
        const m = parseWire(WsUserOrderMsg, frame.msg, 'ws user_order');
        this.scope.emit({ type: 'order', order: mapWsUserOrder(m, this.options.intentOf?.(m.order_id, m.client_order_id), now) });
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
        this.lifecycle.emit(event);
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
