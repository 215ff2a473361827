/**
 * Kalshi WebSocket `/trade-api/ws/v2` of the simulator (docs/venues/kalshi.md §9): authenticated
 * upgrade (401 otherwise), Ping frames with body `heartbeat`, subscribe/unsubscribe/
 * list_subscriptions/update_subscription with Kalshi's acks and error codes, per-sid `seq` from 1
 * on orderbook snapshots/deltas and acks, deltas caused by real book activity (bots and API orders),
 * and the ticker, trade, fill, user_orders, market_positions and market_lifecycle_v2 channels.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import { acceptUpgrade, rejectUpgrade, MALFORMED_FRAME, PRICE_SCALE, type FaultInjector } from '../../../src/sim/index.js';
import { hasAuthHeaders, verifyRequest, type AuthWindow, type KeyRegistry } from './auth.js';
import type { BookEvent, KalshiState } from './state.js';
import type { SimFill, SimMarket, SimOrder, SimPosition, SimTrade } from './model.js';
import type { LifecycleEvent } from './lifecycle.js';
import { count, fillPayload, orderPayload, positionPayload, tickerPayload, tradePayload, usd } from './ws-format.js';

export const WS_PATH = '/trade-api/ws/v2';
const CHANNELS = ['orderbook_delta', 'ticker', 'trade', 'fill', 'user_orders', 'market_positions', 'market_lifecycle_v2'] as const;
type Channel = (typeof CHANNELS)[number];
const PER_MARKET_REQUIRED: Channel[] = ['orderbook_delta'];

interface Sub {
  sid: number;
  channel: Channel;
  /** null = every market */
  tickers: Set<string> | null;
  seq: number;
  useYesPrice: boolean;
}

interface Conn {
  ws: WebSocket;
  userId: string;
  subs: Map<number, Sub>;
  nextSid: number;
}

class WsError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export interface KalshiWsOptions {
  pingIntervalMs: number;
  authWindow: AuthWindow;
  /** Markets one connection may subscribe across its subscriptions (default 500,000; §9.1). */
  marketLimit?: number;
  /** Integer twins next to the fixed-point fields of ticker and trade frames, as in 2026-02. */
  integerTwins?: boolean;
}

/** Markets per session, as published by third parties (docs/venues/kalshi.md §9.1). */
export const DEFAULT_MARKET_LIMIT = 500_000;

export class KalshiWs {
  private readonly conns = new Set<Conn>();
  private readonly timer: NodeJS.Timeout;
  private readonly offs: (() => void)[] = [];

  constructor(
    private readonly state: KalshiState,
    private readonly registry: KeyRegistry,
    private readonly faults: FaultInjector,
    options: KalshiWsOptions,
  ) {
    this.authWindow = options.authWindow;
    this.marketLimit = options.marketLimit ?? DEFAULT_MARKET_LIMIT;
    this.integerTwins = options.integerTwins ?? false;
    this.timer = setInterval(() => {
      if (this.faults.missPings) return;
      for (const c of this.conns) if (c.ws.readyState === c.ws.OPEN) c.ws.ping('heartbeat');
    }, options.pingIntervalMs);
    this.timer.unref();
    this.offs.push(this.faults.onDropSockets(() => this.conns.forEach((c) => c.ws.terminate())));
    const on = <A extends unknown[]>(name: string, fn: (...args: A) => void) => {
      const h = fn as (...args: unknown[]) => void;
      state.hub.on(name, h);
      this.offs.push(() => state.hub.off(name, h));
    };
    on('book', (e: BookEvent) => this.onBook(e));
    on('trade', (t: SimTrade) => this.fanout('trade', t.ticker, null, () => tradePayload(t, this.integerTwins)));
    on('ticker', (m: SimMarket) => this.fanout('ticker', m.ticker, null, () => tickerPayload(m, this.integerTwins)));
    on('fill', (f: SimFill) => this.fanout('fill', f.ticker, f.userId, () => fillPayload(f)));
    on('order', (o: SimOrder) => this.fanout('user_orders', o.ticker, o.userId, () => orderPayload(o)));
    on('position', (userId: string, p: SimPosition) => this.fanout('market_positions', p.ticker, userId, () => positionPayload(userId, p)));
    on('lifecycle', (ev: LifecycleEvent) => this.fanout('market_lifecycle_v2', ev.market_ticker, null, () => ev));
  }

  private readonly authWindow: AuthWindow;
  private readonly marketLimit: number;
  private readonly integerTwins: boolean;

  get connections(): number {
    return this.conns.size;
  }

  /**
   * Live subscriptions of one channel per market ticker, summed over every connection (an
   * every-market subscription counts under `*`): how many times the venue sends each market.
   */
  subscriptions(channel: Channel): Map<string, number> {
    const counts = new Map<string, number>();
    for (const conn of this.conns) {
      if (conn.ws.readyState !== conn.ws.OPEN) continue;
      for (const sub of conn.subs.values()) {
        if (sub.channel !== channel) continue;
        for (const t of sub.tickers ?? ['*']) counts.set(t, (counts.get(t) ?? 0) + 1);
      }
    }
    return counts;
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, wss: WebSocketServer): void {
    const header = (name: string) => {
      const v = req.headers[name];
      return Array.isArray(v) ? v[0] : v;
    };
    if (!hasAuthHeaders(header)) {
      rejectUpgrade(socket, 401, { error: { code: 'authentication_error', message: 'authentication required' } });
      return;
    }
    const auth = verifyRequest(this.registry, header, 'GET', WS_PATH, Date.now(), this.authWindow);
    if (!auth.ok) {
      rejectUpgrade(socket, 401, auth.body);
      return;
    }
    void acceptUpgrade(wss, req, socket, head).then((ws) => {
      const conn: Conn = { ws, userId: auth.key.userId, subs: new Map(), nextSid: 1 };
      this.conns.add(conn);
      ws.on('message', (data) => this.onMessage(conn, String(data)));
      ws.on('close', () => this.conns.delete(conn));
      ws.on('error', () => this.conns.delete(conn));
    });
  }

  close(): void {
    clearInterval(this.timer);
    for (const off of this.offs) off();
    for (const c of this.conns) c.ws.terminate();
    this.conns.clear();
  }

  private send(conn: Conn, msg: unknown): void {
    if (conn.ws.readyState !== conn.ws.OPEN) return;
    if (this.faults.takeMalformedFrame()) conn.ws.send(MALFORMED_FRAME);
    conn.ws.send(JSON.stringify(msg));
  }

  private nextSeq(sub: Sub): number {
    if (this.faults.takeSequenceGap()) sub.seq += 1;
    sub.seq += 1;
    return sub.seq;
  }

  private fanout(channel: Channel, ticker: string, userId: string | null, payload: () => unknown): void {
    let body: unknown;
    for (const conn of this.conns) {
      if (userId !== null && conn.userId !== userId) continue;
      for (const sub of conn.subs.values()) {
        if (sub.channel !== channel || (sub.tickers && !sub.tickers.has(ticker))) continue;
        body ??= payload();
        const type = channel === 'user_orders' ? 'user_order' : channel === 'market_positions' ? 'market_position' : channel;
        this.send(conn, { type, sid: sub.sid, msg: body });
      }
    }
  }

  private onBook({ market, changes, cause }: BookEvent): void {
    for (const conn of this.conns) {
      for (const sub of conn.subs.values()) {
        if (sub.channel !== 'orderbook_delta' || !sub.tickers?.has(market.ticker)) continue;
        for (const ch of changes) {
          const yesSide = ch.side === 'bid';
          const price = yesSide || sub.useYesPrice ? ch.price : PRICE_SCALE - ch.price;
          const msg: Record<string, unknown> = {
            market_ticker: market.ticker, market_id: market.marketId, price_dollars: usd(price), delta_fp: count(ch.delta),
            side: yesSide ? 'yes' : 'no', ts_ms: this.state.now(),
          };
          const causeId = ch.reason === 'fill' ? cause?.order.id : ch.orderId;
          const rec = causeId ? this.state.orders.get(causeId) : undefined;
          if (rec && rec.userId === conn.userId && rec.clientOrderId) {
            msg.client_order_id = rec.clientOrderId;
            msg.subaccount = rec.subaccount;
          }
          this.send(conn, { type: 'orderbook_delta', sid: sub.sid, seq: this.nextSeq(sub), msg });
        }
      }
    }
  }

  private snapshot(conn: Conn, sub: Sub, ticker: string, id?: number): void {
    const m = this.state.markets.get(ticker);
    if (!m) return;
    const { bids, asks } = this.state.book(m).levels();
    const msg: Record<string, unknown> = { market_ticker: m.ticker, market_id: m.marketId };
    if (bids.length > 0) msg.yes_dollars_fp = bids.map(([p, s]) => [usd(p), count(s)]).reverse();
    // Both sides list bids of their outcome with the best last. On the NO side that is ascending
    // NO-leg prices by default, and descending YES-scale prices (best YES ask last) with
    // `use_yes_price` (recorded snapshots; docs/venues/kalshi.md §9.6).
    if (asks.length > 0) {
      const price = (p: number) => usd(sub.useYesPrice ? p : PRICE_SCALE - p);
      msg.no_dollars_fp = asks.map(([p, s]) => [price(p), count(s)]).reverse();
    }
    const frame: Record<string, unknown> = { type: 'orderbook_snapshot', sid: sub.sid, seq: this.nextSeq(sub), msg };
    if (id !== undefined) frame.id = id;
    this.send(conn, frame);
  }

  private onMessage(conn: Conn, text: string): void {
    let cmd: { id?: unknown; cmd?: unknown; params?: unknown; action?: unknown };
    try {
      cmd = JSON.parse(text) as typeof cmd;
      if (typeof cmd !== 'object' || cmd === null) throw new Error('not an object');
    } catch {
      this.send(conn, { type: 'error', msg: { code: 1, msg: 'Unable to process message' } });
      return;
    }
    const id = typeof cmd.id === 'number' ? cmd.id : undefined;
    try {
      const params = (cmd.params ?? undefined) as Record<string, unknown> | undefined;
      switch (cmd.cmd) {
        case 'subscribe':
          return this.subscribe(conn, id, params);
        case 'unsubscribe':
          return this.unsubscribe(conn, id, params);
        case 'list_subscriptions':
          this.send(conn, { id, type: 'ok', msg: [...conn.subs.values()].map((s) => ({ channel: s.channel, sid: s.sid })) });
          return;
        case 'update_subscription':
          return this.update(conn, id, params, cmd.action);
        default:
          throw new WsError(5, 'Unknown command');
      }
    } catch (e) {
      if (!(e instanceof WsError)) throw e;
      this.send(conn, { id, type: 'error', msg: { code: e.code, msg: e.message, ...e.extra } });
    }
  }

  private tickersOf(params: Record<string, unknown>): string[] | undefined {
    const one = params.market_ticker;
    const many = params.market_tickers;
    const list = typeof one === 'string' ? [one] : Array.isArray(many) ? many : undefined;
    if (list === undefined) return undefined;
    if (!list.every((t): t is string => typeof t === 'string')) throw new WsError(11, 'Invalid parameter');
    for (const t of list) if (!this.state.markets.has(t)) throw new WsError(16, 'Market not found', { market_ticker: t });
    return list;
  }

  /** Markets subscribed on the connection (an every-market subscription counts as none). */
  private marketCount(conn: Conn): number {
    let n = 0;
    for (const sub of conn.subs.values()) n += sub.tickers?.size ?? 0;
    return n;
  }

  /** Error 26 when `added` more markets would pass the per-session cap (§9.1, §9.4). */
  private checkMarketLimit(conn: Conn, added: number): void {
    if (this.marketCount(conn) + added > this.marketLimit) throw new WsError(26, 'Subscription market limit exceeded');
  }

  private subscribe(conn: Conn, id: number | undefined, params: Record<string, unknown> | undefined): void {
    if (!params) throw new WsError(2, 'Params required');
    const channels = params.channels;
    if (!Array.isArray(channels) || channels.length === 0) throw new WsError(3, 'Channels required');
    for (const ch of channels) if (!CHANNELS.includes(ch as Channel)) throw new WsError(8, 'Unknown channel name');
    const tickers = this.tickersOf(params);
    if (!tickers && channels.some((ch) => PER_MARKET_REQUIRED.includes(ch as Channel))) throw new WsError(14, 'Market Ticker required');
    if (params.use_yes_price !== undefined && typeof params.use_yes_price !== 'boolean') throw new WsError(11, 'Invalid parameter');
    const existing = (ch: Channel) => [...conn.subs.values()].find((s) => s.channel === ch);
    let adding = 0;
    for (const ch of channels as Channel[]) {
      const sub = existing(ch);
      adding += (tickers ?? []).filter((t) => !sub?.tickers?.has(t)).length;
    }
    this.checkMarketLimit(conn, adding);
    for (const ch of channels as Channel[]) {
      const sub = existing(ch);
      if (sub) {
        this.merge(conn, sub, id, tickers, params);
        continue;
      }
      const fresh: Sub = { sid: conn.nextSid++, channel: ch, tickers: tickers ? new Set(tickers) : null, seq: 0, useYesPrice: params.use_yes_price === true };
      conn.subs.set(fresh.sid, fresh);
      this.send(conn, { id, type: 'subscribed', msg: { channel: ch, sid: fresh.sid } });
      this.initialFrames(conn, fresh, tickers ?? [], params);
    }
  }

  /**
   * A `subscribe` to a channel the connection already has is merged into that subscription: the
   * reply is `ok` with the existing sid, the sid's next seq and the whole market list, and the new
   * markets' snapshots follow on the same sid (recorded frames `merged_subscribe_ok_response`,
   * `snapshot_ticker_b_seq3`; docs/venues/kalshi.md §9.3). The sid keeps its own `use_yes_price`.
   * An every-market subscription stays one; its `ok` lists no markets (not recorded: assumed).
   */
  private merge(conn: Conn, sub: Sub, id: number | undefined, tickers: string[] | undefined, params: Record<string, unknown>): void {
    const added = sub.tickers === null ? [] : (tickers ?? []).filter((t) => !sub.tickers?.has(t));
    if (sub.tickers !== null) {
      if (tickers === undefined) sub.tickers = null;
      else for (const t of added) sub.tickers.add(t);
    }
    const msg = params.skip_ticker_ack === true || sub.tickers === null ? {} : { market_tickers: [...sub.tickers] };
    this.send(conn, { type: 'ok', id, sid: sub.sid, seq: this.nextSeq(sub), msg });
    this.initialFrames(conn, sub, added, params);
  }

  /** Snapshots of newly subscribed books; tickers at once when asked (`send_initial_snapshot`). */
  private initialFrames(conn: Conn, sub: Sub, tickers: string[], params: Record<string, unknown>): void {
    if (sub.channel === 'orderbook_delta') for (const t of tickers) this.snapshot(conn, sub, t);
    if (sub.channel === 'ticker' && params.send_initial_snapshot === true) {
      for (const t of tickers) this.send(conn, { type: 'ticker', sid: sub.sid, msg: tickerPayload(this.state.markets.get(t) as SimMarket, this.integerTwins) });
    }
  }

  private unsubscribe(conn: Conn, id: number | undefined, params: Record<string, unknown> | undefined): void {
    if (!params) throw new WsError(2, 'Params required');
    const sids = params.sids;
    if (!Array.isArray(sids) || sids.length === 0) throw new WsError(4, 'Subscription IDs required');
    for (const sid of sids) if (!conn.subs.has(sid as number)) throw new WsError(7, 'Unknown subscription ID');
    for (const sid of sids as number[]) {
      const sub = conn.subs.get(sid) as Sub;
      conn.subs.delete(sid);
      this.send(conn, { id, sid, seq: this.nextSeq(sub), type: 'unsubscribed' });
    }
  }

  private update(conn: Conn, id: number | undefined, params: Record<string, unknown> | undefined, topAction: unknown): void {
    if (!params) throw new WsError(2, 'Params required');
    const sids = params.sids;
    let sid: number | undefined;
    if (typeof params.sid === 'number') sid = params.sid;
    else if (Array.isArray(sids)) {
      if (sids.length !== 1) throw new WsError(12, 'Exactly one subscription ID is required');
      sid = sids[0] as number;
    } else throw new WsError(12, 'Exactly one subscription ID is required');
    const action = params.action;
    if (action === undefined) throw new WsError(15, topAction === undefined ? 'Action required' : 'Action required (inside params)');
    if (action !== 'add_markets' && action !== 'delete_markets' && action !== 'get_snapshot') throw new WsError(13, 'Unsupported action');
    const sub = conn.subs.get(sid);
    if (!sub) throw new WsError(7, 'Unknown subscription ID');
    const tickers = this.tickersOf(params);
    if (!tickers) throw new WsError(14, 'Market Ticker required');
    if (action === 'get_snapshot') {
      if (sub.channel !== 'orderbook_delta') throw new WsError(13, 'Unsupported action');
      for (const t of tickers) this.snapshot(conn, sub, t, id);
      return;
    }
    sub.tickers ??= new Set();
    const added = tickers.filter((t) => !sub.tickers?.has(t));
    if (action === 'add_markets') {
      this.checkMarketLimit(conn, added.length);
      for (const t of tickers) sub.tickers.add(t);
    } else {
      for (const t of tickers) sub.tickers.delete(t);
    }
    const msg = params.skip_ticker_ack === true ? {} : { market_tickers: [...sub.tickers] };
    this.send(conn, { id, sid: sub.sid, seq: this.nextSeq(sub), type: 'ok', msg });
    if (action === 'add_markets' && sub.channel === 'orderbook_delta') for (const t of added) this.snapshot(conn, sub, t);
  }
}
