/**
 * The Opinion WebSocket (docs/venues/opinion.md §9) at `/ws?apikey=<key>`: clients keep the
 * socket alive with `{"action":"HEARTBEAT"}` (the SDK every 30 s) and a socket silent for longer
 * than the heartbeat timeout is closed; `{"action":"SUBSCRIBE"|"UNSUBSCRIBE","channel":…,
 * "marketId"|"rootMarketId":…}` manage subscriptions (depth diffs by `marketId` only; the user
 * channels deliver only the key owner's orders and trades). Replies to client messages are frames
 * without `msgType` (the venue's ack shape is undocumented; these are the simulator's). Faults:
 * dropped sockets, malformed frames, unanswered heartbeats, and skipped depth diffs.
 */
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { MALFORMED_FRAME } from '../../../src/sim/index.js';
import type { Account } from './accounts.js';
import type { SimContext } from './context.js';
import type { SimMarket } from './generate.js';
import type { ExchangeEvent } from './records.js';
import { CHANNELS, depthFrames, lastPriceFrame, lastTradeFrame, orderUpdateFrame, tradeRecordFrame, type Channel } from './ws-wire.js';

export const WS_PATH = '/ws';

interface Conn {
  account: Account;
  /** `${channel}|m|${marketId}` or `${channel}|r|${rootMarketId}`. */
  subs: Set<string>;
  lastSeenMs: number;
}

function parse(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export class WsChannel {
  private readonly conns = new Map<WebSocket, Conn>();
  private readonly timer: NodeJS.Timeout;
  private readonly unsubscribe: () => void;
  private readonly unsubscribeDrop: () => void;

  constructor(
    private readonly ctx: SimContext,
    private readonly heartbeatTimeoutMs: number,
  ) {
    this.unsubscribe = ctx.exchange.subscribe((e) => this.onEvent(e));
    this.unsubscribeDrop = ctx.faults.onDropSockets(() => {
      for (const ws of this.conns.keys()) ws.terminate();
    });
    this.timer = setInterval(() => this.closeIdle(), Math.max(50, Math.min(1_000, Math.floor(heartbeatTimeoutMs / 4))));
    this.timer.unref();
  }

  /** The account of an upgrade request's `apikey`, or undefined to refuse it. */
  authenticate(req: IncomingMessage): Account | undefined {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const lookup = this.ctx.accounts.lookup(url.searchParams.get('apikey') ?? undefined);
    return lookup.ok ? lookup.account : undefined;
  }

  attach(ws: WebSocket, account: Account): void {
    const conn: Conn = { account, subs: new Set(), lastSeenMs: this.ctx.now() };
    this.conns.set(ws, conn);
    ws.on('message', (data, isBinary) => this.onMessage(ws, conn, isBinary ? '' : data.toString()));
    ws.on('close', () => this.conns.delete(ws));
    ws.on('error', () => undefined);
  }

  private send(ws: WebSocket, payload: unknown): void {
    if (ws.readyState !== ws.OPEN) return;
    if (this.ctx.faults.takeMalformedFrame()) ws.send(MALFORMED_FRAME);
    ws.send(JSON.stringify(payload));
  }

  private onMessage(ws: WebSocket, conn: Conn, text: string): void {
    conn.lastSeenMs = this.ctx.now();
    const msg = parse(text);
    const action = typeof msg?.['action'] === 'string' ? msg['action'].toUpperCase() : undefined;
    if (action === 'HEARTBEAT') {
      if (!this.ctx.faults.missPings) this.send(ws, { action: 'HEARTBEAT', code: 200, message: 'success' });
      return;
    }
    if (!msg || (action !== 'SUBSCRIBE' && action !== 'UNSUBSCRIBE')) {
      this.send(ws, { code: 400, message: 'unknown action' });
      return;
    }
    const channel = msg['channel'];
    const marketId = Number(msg['marketId'] ?? NaN);
    const rootMarketId = Number(msg['rootMarketId'] ?? NaN);
    const byRoot = msg['rootMarketId'] !== undefined;
    const reply = (code: number, message: string) =>
      this.send(ws, { action, channel, ...(byRoot ? { rootMarketId: msg['rootMarketId'] } : { marketId: msg['marketId'] }), code, message });
    if (typeof channel !== 'string' || !(CHANNELS as readonly string[]).includes(channel)) return reply(400, 'unknown channel');
    if (byRoot === (msg['marketId'] !== undefined)) return reply(400, 'give exactly one of marketId and rootMarketId');
    if (byRoot && channel === 'market.depth.diff') return reply(400, 'market.depth.diff is subscribed by marketId only');
    const known = byRoot ? this.ctx.universe.parentsById.has(rootMarketId) : this.ctx.universe.byId.has(marketId);
    if (!known) return reply(400, 'market does not exist');
    const key = `${channel}|${byRoot ? 'r' : 'm'}|${byRoot ? rootMarketId : marketId}`;
    if (action === 'SUBSCRIBE') conn.subs.add(key);
    else conn.subs.delete(key);
    if (action === 'SUBSCRIBE' && !byRoot) this.ctx.exchange.books.get(marketId);
    return reply(200, 'success');
  }

  private subscribers(channel: Channel, m: SimMarket, owner?: string): WebSocket[] {
    const byMarket = `${channel}|m|${m.marketId}`;
    const byRoot = m.parentId === null ? undefined : `${channel}|r|${m.parentId}`;
    const out: WebSocket[] = [];
    for (const [ws, conn] of this.conns) {
      if (owner !== undefined && conn.account.eoa !== owner) continue;
      if (conn.subs.has(byMarket) || (byRoot !== undefined && conn.subs.has(byRoot))) out.push(ws);
    }
    return out;
  }

  private onEvent(e: ExchangeEvent): void {
    if (this.conns.size === 0) return;
    switch (e.type) {
      case 'depth': {
        const subs = this.subscribers('market.depth.diff', e.mb.market);
        if (subs.length === 0) return;
        for (const frame of depthFrames(e.mb, e.changes)) {
          if (this.ctx.faults.takeSequenceGap()) continue;
          for (const ws of subs) this.send(ws, frame);
        }
        return;
      }
      case 'trade': {
        const m = e.trade.mb.market;
        for (const ws of this.subscribers('market.last.trade', m)) this.send(ws, lastTradeFrame(e.trade));
        for (const ws of this.subscribers('market.last.price', m)) this.send(ws, lastPriceFrame(e.trade));
        return;
      }
      case 'order':
        for (const ws of this.subscribers('trade.order.update', e.order.market, e.order.eoa)) this.send(ws, orderUpdateFrame(e.order, e.update));
        return;
      case 'record':
        for (const ws of this.subscribers('trade.record.new', e.trade.market, e.trade.eoa)) this.send(ws, tradeRecordFrame(e.trade));
        return;
    }
  }

  private closeIdle(): void {
    const now = this.ctx.now();
    for (const [ws, conn] of this.conns) {
      if (now - conn.lastSeenMs > this.heartbeatTimeoutMs) ws.close(4000, 'heartbeat timeout');
    }
  }

  close(): void {
    clearInterval(this.timer);
    this.unsubscribe();
    this.unsubscribeDrop();
    for (const ws of this.conns.keys()) ws.terminate();
  }
}
