import {
  BadRequest,
  NotFound,
  Timeout,
  VenueFormatError,
  formatId,
  parseId,
  type Order,
} from '../../src/core/index.js';
import {
  SubscriptionTracker,
  type ReconnectingSocket,
  type ScopedTimer,
  type StreamChannel,
  type StreamEvent,
  type StreamScope,
  type Subscription,
  type VenueStream,
} from '../../src/venue/index.js';
import { wsUrlWithKey } from './auth.js';
import type { ApiKeySource, OpinionClient } from './client.js';
import { HEARTBEAT_INTERVAL_MS, VENUE } from './constants.js';
import type { BookAssumption, TokenPair } from './map-book.js';
import { mapOrderUpdate, mapTradeRecord } from './map-order.js';
import { mapLastPrice, mapLastTrade } from './map-stream.js';
import { marketIdOf, type MarketInfoCache } from './market-info.js';
import { BookKeeper, type BookStats } from './stream-books.js';
import { HEARTBEAT_MESSAGE, parseWsFrame, subscribeMessage, type WsFrame } from './wire-ws.js';

/**
 * The Opinion WebSocket as a `VenueStream` (docs/venues/opinion.md §9), on the shared stream
 * plumbing: one reconnecting socket (`wss://ws.opinion.trade?apikey=<key>`) kept alive with
 * `{"action":"HEARTBEAT"}` every 30 s, subscriptions tracked per (target, channel) and sent again
 * on every new connection, and books kept by `BookKeeper`.
 *
 * Venn channels map to Opinion's: `book` → `market.depth.diff`, `ticker` → `market.last.price`,
 * `trades` → `market.last.trade`, `orders` → `trade.order.update`, `fills` → `trade.record.new`.
 * A market is subscribed by `marketId`; a categorical market given by its event id is subscribed by
 * `rootMarketId` (every option at once) except for depth, which the venue serves by `marketId` only
 * (each option is subscribed). Replies to our messages carry no `msgType`; their shape is not
 * documented, so a subscription counts as in place once its reply arrives, or after `ackWaitMs`
 * without one, and a reply with a non-200 `code` means it was refused.
 */

type OpinionChannel = WsFrame['msgType'];

const CHANNEL_OF: Record<StreamChannel, OpinionChannel> = {
  book: 'market.depth.diff',
  ticker: 'market.last.price',
  trades: 'market.last.trade',
  orders: 'trade.order.update',
  fills: 'trade.record.new',
};
const DEPTH: OpinionChannel = 'market.depth.diff';
const DEFAULT_CHANNELS: StreamChannel[] = ['book', 'ticker', 'trades'];
const ALL_CHANNELS = Object.keys(CHANNEL_OF) as StreamChannel[];

export interface OpinionStreamOptions {
  scope: StreamScope;
  /** WebSocket URL without the key. */
  url: string;
  key: ApiKeySource;
  client: OpinionClient;
  markets: MarketInfoCache;
  assume?: BookAssumption;
  /** Adds what only this process knows to an order (clientOrderId). */
  localOrder?: (order: Order) => Order;
  heartbeatMs?: number;
  /** Reconnect when nothing arrived for this long (default 95 s: three heartbeats). */
  idleTimeoutMs?: number;
  backoff?: { baseMs: number; maxMs: number };
  /** Wait this long for a subscription's reply before counting it in place (default 1 s). */
  ackWaitMs?: number;
  mirrorGraceMs?: number;
  /** Periodic REST check of every live book (default 120 s; 0 = none). */
  restCheckIntervalMs?: number;
  /** `subscribe` rejects with `Timeout` when the first snapshots take longer (default 15 s). */
  subscribeTimeoutMs?: number;
}

/** Target keys of the tracker: `m:<marketId>` or `r:<rootMarketId>`. */
const mKey = (id: number) => `m:${id}`;
const rKey = (id: number) => `r:${id}`;

function targetOf(key: string): { marketId: number } | { rootMarketId: number } {
  const id = Number(key.slice(2));
  return key.startsWith('r:') ? { rootMarketId: id } : { marketId: id };
}

export interface OpinionStreamStats extends BookStats {
  reconnects: number;
  formatErrors: number;
  heartbeatReplies: number;
  refused: number;
}

export class OpinionStream implements VenueStream {
  private readonly scope: StreamScope;
  private socket: ReconnectingSocket | undefined;
  private readonly subs = new SubscriptionTracker<OpinionChannel>();
  private readonly books: BookKeeper;
  private readonly pairs = new Map<number, TokenPair>();
  private readonly acks = new Map<string, ScopedTimer>();
  private readonly seenFills = new Set<string>();
  private counters = { reconnects: 0, formatErrors: 0, heartbeatReplies: 0, refused: 0 };

  constructor(private readonly o: OpinionStreamOptions) {
    this.scope = o.scope;
    this.books = new BookKeeper({
      scope: o.scope,
      client: o.client,
      assume: o.assume ?? 'mirrored',
      mirrorGraceMs: o.mirrorGraceMs ?? 5_000,
      restCheckIntervalMs: o.restCheckIntervalMs ?? 120_000,
      sweepMs: 1_000,
      wantsBook: (id) => this.subs.wants(mKey(id), DEPTH),
    });
    o.scope.onClose(() => {
      this.subs.clear();
      this.acks.clear();
    });
  }

  get stats(): OpinionStreamStats {
    return { ...this.books.stats, ...this.counters };
  }

  /** The live YES-terms book of a subscribed market (tests, the service's REST fallback). */
  book(marketId: number) {
    return this.books.book(marketId);
  }

  /** Runs the REST check of a market's book now; false when it disagreed (and was replaced). */
  checkBook(marketId: number): Promise<boolean> {
    return this.books.checkNow(marketId);
  }

  /** Drops the socket as if the network failed (tests and fault drills). */
  dropConnection(): void {
    this.socket?.reconnect();
  }

  onEvent(listener: (event: StreamEvent) => void): () => void {
    return this.scope.onEvent(listener);
  }

  close(): Promise<void> {
    return this.scope.close();
  }

  /** Market ids and, for a categorical market given by its event id, its options. */
  private async resolve(ids: string[]): Promise<{ markets: number[]; roots: { id: number; children: number[] }[] }> {
    const markets: number[] = [];
    const roots: { id: number; children: number[] }[] = [];
    for (const id of ids) {
      const { venue, nativeId } = parseId(id);
      if (venue !== VENUE) throw new BadRequest(`${VENUE} stream: ${id} is not an Opinion market`, { venue: VENUE });
      const n = marketIdOf(nativeId);
      try {
        this.pairs.set(n, await this.o.markets.info(n));
        markets.push(n);
      } catch (err) {
        const children = err instanceof NotFound ? this.o.markets.children(n) : undefined;
        if (!children) throw err;
        for (const c of children) this.pairs.set(c, await this.o.markets.info(c));
        roots.push({ id: n, children });
      }
    }
    return { markets, roots };
  }

  async subscribe(marketIds: string[], channels: StreamChannel[] = DEFAULT_CHANNELS): Promise<void> {
    this.scope.ensureOpen('subscribe');
    await this.o.key.get();
    const { markets, roots } = await this.resolve(marketIds);
    this.scope.ensureOpen('subscribe');
    const chans = [...new Set(channels.map((c) => CHANNEL_OF[c]))];
    const others = chans.filter((c) => c !== DEPTH);
    const withBook = chans.includes(DEPTH) ? [...markets, ...roots.flatMap((r) => r.children)] : [];
    this.subs.want(markets.map(mKey), chans);
    this.subs.want(roots.map((r) => rKey(r.id)), others);
    this.subs.want(roots.flatMap((r) => r.children).map(mKey), chans.filter((c) => c === DEPTH));
    const waits = withBook.map((id) => this.books.track(id, formatId(VENUE, String(id)), this.pairs.get(id) as TokenPair));
    const socket = this.ensureSocket();
    if (socket.isOpen) this.sendPending(socket);
    const limitMs = this.o.subscribeTimeoutMs ?? 15_000;
    await this.scope.within(
      limitMs,
      Promise.all([socket.connect(), ...waits]),
      () => new Timeout(`${VENUE} stream: no book within ${limitMs} ms; the subscription stays and catches up`, { venue: VENUE, endpoint: 'ws' }),
    );
  }

  async unsubscribe(marketIds: string[], channels: StreamChannel[] = ALL_CHANNELS): Promise<void> {
    const ids = marketIds.map((id) => marketIdOf(parseId(id).nativeId));
    const chans = [...new Set(channels.map((c) => CHANNEL_OF[c]))];
    const keys = ids.flatMap((id) => [mKey(id), rKey(id), ...(this.o.markets.children(id) ?? []).map(mKey)]);
    this.subs.unwant(keys, chans);
    const gone = this.subs.toUnsubscribe();
    if (this.socket?.isOpen) for (const p of gone) this.socket.send(subscribeMessage('UNSUBSCRIBE', p.channel, targetOf(p.market)));
    for (const p of gone) this.acks.get(`${p.channel}|${p.market}`)?.cancel();
    this.subs.unsubscribed(gone);
    for (const key of keys) {
      const id = Number(key.slice(2));
      if (key.startsWith('m:') && !this.subs.wants(key, DEPTH)) this.books.forget(id);
    }
  }

  private ensureSocket(): ReconnectingSocket {
    if (this.socket) return this.socket;
    const socket = this.scope.socket({
      url: () => wsUrlWithKey(this.o.url, this.o.key.current() ?? ''),
      textPing: HEARTBEAT_MESSAGE,
      pingIntervalMs: this.o.heartbeatMs ?? HEARTBEAT_INTERVAL_MS,
      idleTimeoutMs: this.o.idleTimeoutMs ?? 95_000,
      backoff: this.o.backoff ?? { baseMs: 1_000, maxMs: 30_000 },
    });
    socket.onOpen((isReconnect) => {
      this.scope.emit({ type: 'status', state: 'connected' });
      if (isReconnect) this.counters.reconnects += 1;
      this.sendPending(socket);
    });
    socket.onMessage((text) => this.onText(text));
    socket.onClose(() => {
      if (this.scope.closed) return;
      for (const t of this.acks.values()) t.cancel();
      this.acks.clear();
      this.subs.connectionLost();
      this.scope.emit({ type: 'status', state: 'reconnecting', reason: 'socket closed' });
      this.books.connectionLost();
    });
    this.socket = socket;
    return socket;
  }

  /** Sends every wanted subscription not yet on this connection. */
  private sendPending(socket: ReconnectingSocket): void {
    const pending = this.subs.toSubscribe();
    for (const p of pending) {
      socket.send(subscribeMessage('SUBSCRIBE', p.channel, targetOf(p.market)));
      this.subs.sending([p]);
      const key = `${p.channel}|${p.market}`;
      this.acks.get(key)?.cancel();
      this.acks.set(key, this.scope.timeout(this.o.ackWaitMs ?? 1_000, () => this.inPlace(p)));
    }
  }

  /** A subscription is in place: a depth one seeds its book from REST now. */
  private inPlace(p: Subscription<OpinionChannel>): void {
    this.acks.get(`${p.channel}|${p.market}`)?.cancel();
    this.acks.delete(`${p.channel}|${p.market}`);
    if (this.subs.state(p.market, p.channel) !== 'sending') return;
    this.subs.acknowledged([p]);
    if (p.channel === DEPTH && p.market.startsWith('m:')) this.books.subscribed(Number(p.market.slice(2)));
  }

  private onReply(body: Record<string, unknown>): void {
    const action = typeof body['action'] === 'string' ? body['action'].toUpperCase() : '';
    if (action === 'HEARTBEAT') {
      this.counters.heartbeatReplies += 1;
      return;
    }
    if (action !== 'SUBSCRIBE' || typeof body['channel'] !== 'string') return;
    const root = body['rootMarketId'];
    const market = body['marketId'];
    const key = root !== undefined && root !== null ? rKey(Number(root)) : mKey(Number(market));
    const p = { market: key, channel: body['channel'] as OpinionChannel };
    const code = body['code'];
    if (code === undefined || code === 200 || code === '200') {
      this.inPlace(p);
      return;
    }
    this.counters.refused += 1;
    this.acks.get(`${p.channel}|${p.market}`)?.cancel();
    this.acks.delete(`${p.channel}|${p.market}`);
    this.scope.logger?.warn({ venue: VENUE, target: key, channel: p.channel, code, message: body['message'] }, 'opinion stream: subscription refused');
    this.subs.refused([p]);
    if (key.startsWith('m:') && !this.subs.wants(key, DEPTH)) {
      const refusal = new BadRequest(`${VENUE} stream: the venue refused ${p.channel} for ${key.slice(2)} (code ${String(code)}: ${String(body['message'] ?? '')})`, { venue: VENUE, endpoint: 'ws SUBSCRIBE' });
      this.books.forget(Number(key.slice(2)), refusal);
    }
  }

  private onText(text: string): void {
    let parsed;
    try {
      parsed = parseWsFrame(text);
    } catch (err) {
      this.counters.formatErrors += 1;
      this.scope.logger?.warn({ venue: VENUE, err: (err as Error).message }, 'opinion stream: unreadable frame');
      if (err instanceof VenueFormatError) this.unreadableDepth(text);
      return;
    }
    if (parsed.kind === 'invalid') {
      this.counters.formatErrors += 1;
      this.scope.logger?.warn({ venue: VENUE, frame: parsed.text.slice(0, 80) }, 'opinion stream: non-JSON frame');
      return;
    }
    if (parsed.kind === 'reply') return this.onReply(parsed.body);
    this.onFrame(parsed.frame);
  }

  /** A depth frame failed its schema: its market (when readable) lost an update. */
  private unreadableDepth(text: string): void {
    try {
      const body = JSON.parse(text) as Record<string, unknown>;
      if (body['msgType'] === DEPTH) this.books.unreadable(Number.isFinite(Number(body['marketId'])) ? Number(body['marketId']) : undefined);
    } catch {
      // Not JSON: nothing to attribute.
    }
  }

  private wants(channel: OpinionChannel, marketId: number, rootMarketId: number | undefined): boolean {
    return this.subs.wants(mKey(marketId), channel) || (rootMarketId !== undefined && this.subs.wants(rKey(rootMarketId), channel));
  }

  private onFrame(f: WsFrame): void {
    const now = new Date(this.scope.clock.now());
    switch (f.msgType) {
      case 'market.depth.diff':
        return this.books.onDiff(f);
      case 'market.last.price': {
        const pair = this.pairs.get(f.marketId);
        if (!pair || !this.wants(f.msgType, f.marketId, f.rootMarketId)) return;
        const ticker = mapLastPrice(f, pair, now);
        const book = this.books.book(f.marketId);
        const bid = book?.out.best('bid');
        const ask = book?.out.best('ask');
        this.scope.emit({ type: 'ticker', ticker: { ...ticker, bestBid: bid?.price ?? null, bestAsk: ask?.price ?? null } });
        return;
      }
      case 'market.last.trade': {
        const pair = this.pairs.get(f.marketId);
        if (!pair || !this.wants(f.msgType, f.marketId, f.rootMarketId)) return;
        this.scope.emit({ type: 'trade', trade: mapLastTrade(f, pair, now) });
        return;
      }
      case 'trade.order.update': {
        if (!this.wants(f.msgType, f.marketId, f.rootMarketId)) return;
        const order = mapOrderUpdate(f);
        this.scope.emit({ type: 'order', order: this.o.localOrder ? this.o.localOrder(order) : order });
        return;
      }
      case 'trade.record.new': {
        if (!this.wants(f.msgType, f.marketId, f.rootMarketId) || this.seenFills.has(f.tradeNo)) return;
        this.seenFills.add(f.tradeNo);
        if (this.seenFills.size > 10_000) this.seenFills.delete(this.seenFills.values().next().value as string);
        this.scope.emit({ type: 'fill', fill: mapTradeRecord(f) });
        return;
      }
    }
  }
}
