import type { Logger } from 'pino';
import { ReconnectingSocket, type StreamEvent } from '../../src/venue/index.js';
import type { ApiCredentials } from './auth-l2.js';
import { parseWire } from './errors.js';
import { mapOpenOrder, mapTradeFills } from './map-order.js';
import type { MarketInfoCache } from './market-info.js';
import { WsUserEventSchema, type WsOrderEvent, type WsTradeEvent } from './wire-ws.js';

/**
 * The CLOB user channel (docs/venues/polymarket.md §7.2): our `order` and `trade` events as normalized
 * `order` and `fill` events. Credentials travel in the subscribe message (over TLS in production)
 * and are never logged. The channel filters by condition ids; a trade event repeats on every
 * status change (MATCHED → MINED → CONFIRMED), so fills are emitted once per (trade, order).
 */

const VENUE = 'polymarket' as const;

export interface UserStreamOptions {
  url: string;
  creds: () => Promise<ApiCredentials>;
  /** The address our orders are made from (funder, or the signer for EOA orders). */
  makerAddress: string;
  markets: MarketInfoCache;
  local: (orderId: string) => { clientOrderId: string | null; postOnly: boolean } | undefined;
  logger?: Logger;
  pingIntervalMs?: number;
  idleTimeoutMs?: number;
}

/** Fill ids remembered to drop the repeats of a trade's status updates. */
const MAX_REMEMBERED_FILLS = 10_000;

export class UserChannelStream {
  private socket: ReconnectingSocket | undefined;
  private readonly conditionIds = new Set<string>();
  private readonly listeners = new Set<(e: StreamEvent) => void>();
  private readonly seenFills = new Set<string>();
  private apiKey = '';

  constructor(private readonly options: UserStreamOptions) {}

  onEvent(fn: (e: StreamEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  async subscribe(conditionIds: string[]): Promise<void> {
    const fresh = conditionIds.filter((c) => !this.conditionIds.has(c));
    for (const c of fresh) this.conditionIds.add(c);
    await Promise.all(conditionIds.map((c) => this.options.markets.get(c)));
    const socket = this.ensureSocket();
    if (socket.isOpen && fresh.length > 0) socket.send(JSON.stringify({ operation: 'subscribe', markets: fresh }));
    await socket.connect();
  }

  async unsubscribe(conditionIds: string[]): Promise<void> {
    const gone = conditionIds.filter((c) => this.conditionIds.delete(c));
    if (gone.length > 0 && this.socket?.isOpen) this.socket.send(JSON.stringify({ operation: 'unsubscribe', markets: gone }));
  }

  async close(): Promise<void> {
    await this.socket?.close();
  }

  private ensureSocket(): ReconnectingSocket {
    if (this.socket) return this.socket;
    const socket = new ReconnectingSocket({
      venue: VENUE,
      url: this.options.url,
      textPing: 'PING',
      textPong: 'PONG',
      pingIntervalMs: this.options.pingIntervalMs ?? 10_000,
      idleTimeoutMs: this.options.idleTimeoutMs ?? 30_000,
      backoff: { baseMs: 1_000, maxMs: 60_000 },
      ...(this.options.logger ? { logger: this.options.logger } : {}),
    });
    socket.onOpen(() => void this.sendSubscribe());
    socket.onMessage((text) => this.handleFrame(text));
    this.socket = socket;
    return socket;
  }

  private async sendSubscribe(): Promise<void> {
    const creds = await this.options.creds();
    this.apiKey = creds.apiKey;
    const msg = { type: 'user', auth: { apiKey: creds.apiKey, secret: creds.secret, passphrase: creds.passphrase }, markets: [...this.conditionIds] };
    try {
      this.socket?.send(JSON.stringify(msg));
    } catch (err) {
      this.options.logger?.warn({ venue: VENUE, err: (err as Error).message }, 'polymarket user channel: subscribe failed');
    }
  }

  handleFrame(text: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return;
    }
    for (const raw of Array.isArray(parsed) ? parsed : [parsed]) {
      const type = raw && typeof raw === 'object' ? (raw as Record<string, unknown>).event_type : undefined;
      if (type !== 'order' && type !== 'trade') continue;
      try {
        const ev = parseWire(WsUserEventSchema, raw, `ws user ${String(type)}`);
        if (ev.event_type === 'order') this.onOrder(ev);
        else this.onTrade(ev);
      } catch (err) {
        this.options.logger?.warn({ venue: VENUE, err: (err as Error).message }, 'polymarket user channel: bad event');
      }
    }
  }

  private emit(e: StreamEvent): void {
    for (const fn of this.listeners) fn(e);
  }

  private onOrder(ev: WsOrderEvent): void {
    const token = this.options.markets.token(ev.asset_id);
    const local = this.options.local(ev.id);
    const status = ev.type?.toUpperCase() === 'CANCELLATION' ? 'CANCELED' : (ev.status ?? 'LIVE');
    this.emit({
      type: 'order',
      order: mapOpenOrder({ ...ev, status }, { outcome: token?.outcome ?? 'yes', clientOrderId: local?.clientOrderId ?? null, postOnly: local?.postOnly ?? false }),
    });
  }

  private onTrade(ev: WsTradeEvent): void {
    const fills = mapTradeFills(ev, { apiKey: this.apiKey, address: this.options.makerAddress }, (asset) => this.options.markets.token(asset));
    for (const fill of fills) {
      if (this.seenFills.has(fill.id)) continue;
      this.seenFills.add(fill.id);
      // A trade repeats only while it moves MATCHED → MINED → CONFIRMED: remembering the most
      // recent fills is enough, and keeps a long-lived stream's memory bounded.
      if (this.seenFills.size > MAX_REMEMBERED_FILLS) {
        const oldest = this.seenFills.values().next().value;
        if (oldest !== undefined) this.seenFills.delete(oldest);
      }
      this.emit({ type: 'fill', fill });
    }
  }
}
