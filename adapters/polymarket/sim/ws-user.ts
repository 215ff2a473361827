/**
 * The user channel `/ws/user` (docs/venues/polymarket.md §7.2): the first message
 * `{"type":"user","auth":{"apiKey","secret","passphrase"},"markets":[…]}` authenticates with the
 * API credentials (bad credentials close the socket with 4001); `markets` (condition ids) filters,
 * empty = all; `{"operation":"subscribe"|"unsubscribe","markets":[…]}` changes the filter. Sends
 * `order` events (PLACEMENT / UPDATE / CANCELLATION) and `trade` events on match and on every
 * status change (MATCHED → MINED → CONFIRMED) for orders of that API key.
 */
import type { WebSocket } from 'ws';
import type { SimContext } from './context.js';
import type { ExchangeEvent } from './records.js';
import { orderEventWire, tradeEventWire } from './user-wire.js';
import { parseMessage, SocketSet, stringList } from './ws-common.js';

interface UserConn {
  apiKey?: string;
  /** Lower-case condition ids; empty = every market. */
  markets: Set<string>;
}

export class UserChannel {
  private readonly conns = new Map<WebSocket, UserConn>();
  private readonly sockets: SocketSet;
  private readonly unsubscribe: () => void;

  constructor(private readonly ctx: SimContext, pingIntervalMs: number) {
    this.sockets = new SocketSet(ctx.faults, pingIntervalMs);
    this.unsubscribe = ctx.exchange.subscribe((e) => this.onEvent(e));
  }

  attach(ws: WebSocket): void {
    const conn: UserConn = { markets: new Set() };
    this.conns.set(ws, conn);
    this.sockets.add(ws, (text) => this.onMessage(ws, conn, text), () => this.conns.delete(ws));
  }

  private onMessage(ws: WebSocket, conn: UserConn, text: string): void {
    const msg = parseMessage(text);
    if (!msg) return;
    const markets = stringList(msg['markets']).map((m) => m.toLowerCase());
    if (msg['operation'] === 'unsubscribe') {
      for (const m of markets) conn.markets.delete(m);
      return;
    }
    if (msg['operation'] === 'subscribe') {
      for (const m of markets) conn.markets.add(m);
      return;
    }
    const auth = msg['auth'] as Record<string, unknown> | undefined;
    const record = typeof auth?.['apiKey'] === 'string' ? this.ctx.keys.get(auth['apiKey']) : undefined;
    if (!record || auth?.['secret'] !== record.secret || auth?.['passphrase'] !== record.passphrase) {
      ws.close(4001, 'Unauthorized/Invalid api key');
      return;
    }
    conn.apiKey = record.apiKey;
    conn.markets = new Set(markets);
  }

  private onEvent(e: ExchangeEvent): void {
    if (this.conns.size === 0 || (e.type !== 'order' && e.type !== 'trade')) return;
    const market = e.type === 'order' ? e.order.market.conditionId : e.trade.market.conditionId;
    for (const [ws, conn] of this.conns) {
      if (!conn.apiKey || (conn.markets.size > 0 && !conn.markets.has(market))) continue;
      if (e.type === 'order') {
        if (e.order.apiKey === conn.apiKey) this.sockets.send(ws, orderEventWire(e.order, e.kind, e.ts));
      } else if (e.trade.taker.apiKey === conn.apiKey || e.trade.maker.apiKey === conn.apiKey) {
        this.sockets.send(ws, tradeEventWire(e.trade, conn.apiKey, e.ts));
      }
    }
  }

  /** The markets (condition ids) each authenticated connection follows; empty = every market. */
  connections(): string[][] {
    return [...this.conns.values()].filter((c) => c.apiKey !== undefined).map((c) => [...c.markets]);
  }

  close(): void {
    this.unsubscribe();
    this.sockets.close();
  }
}
