/**
 * The market channel `/ws/market` (docs/venues/polymarket.md §7.1): subscribe with
 * `{"type":"market","assets_ids":[…],"custom_feature_enabled":bool}`, then
 * `{"operation":"subscribe"|"unsubscribe","assets_ids":[…]}`. Snapshots arrive as a JSON array of
 * `book` events; level changes as `price_change`; trades as `last_trade_price` followed by fresh
 * `book` snapshots; `best_bid_ask`, `market_resolved` (and `new_market`) only with
 * `custom_feature_enabled`. Injected book faults skip or corrupt one `price_change`.
 *
 * One connection follows at most 500 assets (docs/venues/polymarket.md §7.1: 500 observed working,
 * "max 500" per third parties); assets asked for beyond that are ignored: no snapshot, no updates
 * (what the venue does with them is not documented; this is the simulator's choice).
 */
import type { WebSocket } from 'ws';
import { toSizeUnits } from '../../../src/sim/index.js';
import type { MarketBook, Outcome } from './books.js';
import type { SimContext } from './context.js';
import type { ExchangeEvent } from './records.js';
import { parseMessage, SocketSet, stringList } from './ws-common.js';
import {
  bestBidAskEvent,
  bookEvent,
  lastTradeEvents,
  marketResolvedEvent,
  priceChangeEvent,
  tickSizeEvent,
} from './ws-market-wire.js';
import { fmt } from './format.js';

/** Assets one market-channel connection follows at most. */
export const MAX_ASSETS_PER_CONNECTION = 500;

interface MarketConn {
  assets: Set<string>;
  custom: boolean;
}

export class MarketChannel {
  private readonly conns = new Map<WebSocket, MarketConn>();
  private readonly sockets: SocketSet;
  private readonly unsubscribe: () => void;
  /** Last best bid/ask sent per token, to emit `best_bid_ask` only on change. */
  private readonly lastTop = new Map<string, string>();

  constructor(private readonly ctx: SimContext, pingIntervalMs: number) {
    this.sockets = new SocketSet(ctx.faults, pingIntervalMs);
    this.unsubscribe = ctx.exchange.subscribe((e) => this.onEvent(e));
  }

  attach(ws: WebSocket): void {
    const conn: MarketConn = { assets: new Set(), custom: false };
    this.conns.set(ws, conn);
    this.sockets.add(ws, (text) => this.onMessage(ws, conn, text), () => this.conns.delete(ws));
  }

  private onMessage(ws: WebSocket, conn: MarketConn, text: string): void {
    const msg = parseMessage(text);
    if (!msg) return;
    const ids = stringList(msg['assets_ids']);
    if (msg['operation'] === 'unsubscribe') {
      for (const id of ids) conn.assets.delete(id);
      return;
    }
    if (msg['type'] !== undefined && String(msg['type']).toLowerCase() === 'market') conn.custom = msg['custom_feature_enabled'] === true;
    const room = Math.max(0, MAX_ASSETS_PER_CONNECTION - conn.assets.size);
    const fresh = [...new Set(ids.filter((id) => !conn.assets.has(id) && this.ctx.universe.byTokenId.has(id)))].slice(0, room);
    for (const id of fresh) conn.assets.add(id);
    if (msg['initial_dump'] === false || fresh.length === 0) return;
    const now = this.ctx.now();
    const snapshots = fresh.flatMap((id) => {
      const hit = this.ctx.exchange.books.byToken(id);
      return hit && !hit.mb.market.resolved ? [bookEvent(hit.mb, hit.outcome, now)] : [];
    });
    if (snapshots.length > 0) this.sockets.send(ws, snapshots);
  }

  /** The number of assets each open connection follows. */
  connections(): number[] {
    return [...this.conns.values()].map((c) => c.assets.size);
  }

  private subscribers(assetIds: string[]): [WebSocket, MarketConn][] {
    const out: [WebSocket, MarketConn][] = [];
    for (const [ws, conn] of this.conns) if (assetIds.some((id) => conn.assets.has(id))) out.push([ws, conn]);
    return out;
  }

  private onEvent(e: ExchangeEvent): void {
    if (this.conns.size === 0) return;
    if (e.type === 'book') this.onBook(e.mb, e);
    else if (e.type === 'tick_size_change') {
      for (const o of ['yes', 'no'] as const) {
        const ev = tickSizeEvent(e.mb, o, e.oldTick, e.newTick, e.ts);
        for (const [ws] of this.subscribers([ev['asset_id'] as string])) this.sockets.send(ws, ev);
      }
    } else if (e.type === 'market_resolved') {
      const ev = marketResolvedEvent(e.market, e.winner, e.ts);
      for (const [ws, conn] of this.subscribers([e.market.yesTokenId, e.market.noTokenId])) if (conn.custom) this.sockets.send(ws, ev);
    }
  }

  private onBook(mb: MarketBook, e: Extract<ExchangeEvent, { type: 'book' }>): void {
    const { yesTokenId, noTokenId } = mb.market;
    const subs = this.subscribers([yesTokenId, noTokenId]);
    if (subs.length === 0) return;
    const fills = e.cause?.fills ?? [];
    if (fills.length > 0) {
      const trades = fills.flatMap((f, i) => {
        const record = e.trades[i];
        return lastTradeEvents(mb, f, { txHash: record?.txHash ?? '', feeRateBps: record?.feeRateBps ?? '0' }, e.ts);
      });
      const books = { yes: bookEvent(mb, 'yes', e.ts), no: bookEvent(mb, 'no', e.ts) };
      for (const [ws, conn] of subs) {
        for (const t of trades) if (conn.assets.has(t['asset_id'] as string)) this.sockets.send(ws, t);
        const snaps = (['yes', 'no'] as const).filter((o) => conn.assets.has(o === 'yes' ? yesTokenId : noTokenId)).map((o) => books[o]);
        this.sockets.send(ws, snaps);
      }
    } else {
      const ev = priceChangeEvent(mb, e.changes, e.ts);
      if (!ev) return;
      const fault = this.ctx.faults.takeBookFault() ?? (this.ctx.faults.takeSequenceGap() ? 'skip' : undefined);
      if (fault === 'skip') return;
      if (fault === 'corrupt') {
        // The level sizes no longer produce the book the hashes describe.
        for (const entry of ev.price_changes) entry.size = fmt(toSizeUnits(entry.size) + 1_000_000);
      }
      for (const [ws, conn] of subs) {
        const entries = ev.price_changes.filter((p) => conn.assets.has(p.asset_id));
        if (entries.length > 0) this.sockets.send(ws, { ...ev, price_changes: entries });
      }
    }
    this.sendTops(mb, subs, e.ts);
  }

  private sendTops(mb: MarketBook, subs: [WebSocket, MarketConn][], ts: number): void {
    for (const o of ['yes', 'no'] as Outcome[]) {
      const ev = bestBidAskEvent(mb, o, ts);
      const id = ev['asset_id'] as string;
      const key = `${ev['best_bid']}|${ev['best_ask']}`;
      if (this.lastTop.get(id) === key) continue;
      this.lastTop.set(id, key);
      for (const [ws, conn] of subs) if (conn.custom && conn.assets.has(id)) this.sockets.send(ws, ev);
    }
  }

  close(): void {
    this.unsubscribe();
    this.sockets.close();
  }
}
