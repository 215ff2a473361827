import type { FillStatus } from '../../src/core/index.js';
import { SubscriptionTracker, marketsOf, type ReconnectingSocket, type StreamScope } from '../../src/venue/index.js';
import type { ApiCredentials } from './auth-l2.js';
import { parseWire } from './errors.js';
import { mapOpenOrder, mapTradeFills } from './map-order.js';
import type { MarketInfoCache } from './market-info.js';
import { WsUserEventSchema, type WsOrderEvent, type WsTradeEvent } from './wire-ws.js';

/**
 * The CLOB user channel (docs/venues/polymarket.md §7.2): our `order` and `trade` events as normalized
 * `order` and `fill` events. Credentials travel in the subscribe message (over TLS in production)
 * and are never logged. The channel filters by condition ids; a trade event repeats on every
 * status change (MATCHED → MINED → CONFIRMED, or RETRYING → FAILED), so a fill is emitted when
 * first seen (`status: pending`) and again only when its settlement changes: `confirmed`, or
 * `failed` (the trade did not settle; the earlier fill is withdrawn by this one).
 *
 * Subscribing no markets subscribes the whole account: the first message then carries no
 * `markets`, which the venue reads as every market (docs/venues/polymarket.md §7.2).
 *
 * The channel documents no acknowledgement of a subscription (docs/venues/polymarket.md §7.2):
 * markets count as subscribed once sent, and the first message of every connection (auth +
 * markets) carries every wanted market again.
 */

const VENUE = 'polymarket' as const;

export type UserChannel = 'orders' | 'fills';
const USER_CHANNELS: UserChannel[] = ['orders', 'fills'];

export interface UserStreamOptions {
  url: string;
  creds: () => Promise<ApiCredentials>;
  /** The address our orders are made from (funder, or the signer for EOA orders). */
  makerAddress: string;
  markets: MarketInfoCache;
  local: (orderId: string) => { clientOrderId: string | null; postOnly: boolean } | undefined;
  pingIntervalMs?: number;
  idleTimeoutMs?: number;
}

/** Fills remembered (with their last status) to drop the repeats of a trade's status updates. */
const MAX_REMEMBERED_FILLS = 10_000;

export class UserChannelStream {
  private socket: ReconnectingSocket | undefined;
  /** Wanted (condition id, channel) pairs. */
  private readonly subs = new SubscriptionTracker<UserChannel>();
  private readonly seenFills = new Map<string, FillStatus | undefined>();
  /** Channels subscribed for every market of the account. */
  private readonly accountWide = new Set<UserChannel>();
  /** The first message of the current connection, being sent. */
  private opening: Promise<void> = Promise.resolve();
  private apiKey = '';

  constructor(
    private readonly scope: StreamScope,
    private readonly options: UserStreamOptions,
  ) {
    scope.onClose(() => this.subs.clear());
  }

  async subscribe(conditionIds: string[], channels: UserChannel[] = USER_CHANNELS): Promise<void> {
    await Promise.all(conditionIds.map((c) => this.options.markets.get(c)));
    this.scope.ensureOpen('ws user subscribe');
    if (conditionIds.length === 0) {
      const open = this.socket?.isOpen === true;
      for (const c of channels) this.accountWide.add(c);
      const socket = this.ensureSocket();
      // A connection already filtering by market would keep filtering: start a fresh one, whose
      // first message carries no market list.
      if (open) socket.reconnect();
      await socket.connect();
      await this.opening;
      return;
    }
    const socket = this.ensureSocket();
    this.subs.want(conditionIds, channels);
    if (socket.isOpen) {
      const pending = this.subs.toSubscribe();
      const fresh = this.subs.marketsToSubscribe();
      if (fresh.length > 0) socket.send(JSON.stringify({ operation: 'subscribe', markets: fresh }));
      this.subs.acknowledged(pending);
    }
    await socket.connect();
  }

  /** Stops the channels of the markets; a market wanted on no channel any more leaves the socket. */
  async unsubscribe(conditionIds: string[], channels: UserChannel[] = USER_CHANNELS): Promise<void> {
    if (conditionIds.length === 0) for (const c of channels) this.accountWide.delete(c);
    this.subs.unwant(conditionIds, channels);
    const dropped = this.subs.toUnsubscribe();
    this.subs.unsubscribed(dropped);
    const gone = marketsOf(dropped).filter((c) => !this.subs.wantsMarket(c));
    if (gone.length > 0 && this.socket?.isOpen) this.socket.send(JSON.stringify({ operation: 'unsubscribe', markets: gone }));
  }

  private ensureSocket(): ReconnectingSocket {
    if (this.socket) return this.socket;
    const socket = this.scope.socket({
      url: this.options.url,
      textPing: 'PING',
      textPong: 'PONG',
      pingIntervalMs: this.options.pingIntervalMs ?? 10_000,
      idleTimeoutMs: this.options.idleTimeoutMs ?? 30_000,
      backoff: { baseMs: 1_000, maxMs: 60_000 },
    });
    socket.onOpen(() => {
      this.opening = this.sendSubscribe(socket);
    });
    socket.onClose(() => this.subs.connectionLost());
    socket.onMessage((text) => this.handleFrame(text));
    this.socket = socket;
    return socket;
  }

  /** The first message of a connection: credentials and every wanted market. */
  private async sendSubscribe(socket: ReconnectingSocket): Promise<void> {
    try {
      const creds = await this.options.creds();
      this.apiKey = creds.apiKey;
      const pending = this.subs.toSubscribe();
      const auth = { apiKey: creds.apiKey, secret: creds.secret, passphrase: creds.passphrase };
      const msg = this.accountWide.size > 0 ? { type: 'user', auth } : { type: 'user', auth, markets: this.subs.marketsToSubscribe() };
      socket.send(JSON.stringify(msg));
      this.subs.acknowledged(pending);
    } catch (err) {
      this.scope.logger?.warn({ venue: VENUE, err: (err as Error).message }, 'polymarket user channel: subscribe failed');
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
        this.scope.logger?.warn({ venue: VENUE, err: (err as Error).message }, 'polymarket user channel: bad event');
      }
    }
  }

  private onOrder(ev: WsOrderEvent): void {
    if (!this.accountWide.has('orders') && !this.subs.wantsChannel('orders')) return;
    const token = this.options.markets.token(ev.asset_id);
    const local = this.options.local(ev.id);
    const status = ev.type?.toUpperCase() === 'CANCELLATION' ? 'CANCELED' : (ev.status ?? 'LIVE');
    this.scope.emit({
      type: 'order',
      order: mapOpenOrder({ ...ev, status }, { outcome: token?.outcome ?? 'yes', clientOrderId: local?.clientOrderId ?? null, postOnly: local?.postOnly ?? false }),
    });
  }

  private onTrade(ev: WsTradeEvent): void {
    if (!this.accountWide.has('fills') && !this.subs.wantsChannel('fills')) return;
    const fills = mapTradeFills(ev, { apiKey: this.apiKey, address: this.options.makerAddress }, (asset) => this.options.markets.token(asset));
    for (const fill of fills) {
      if (this.seenFills.has(fill.id) && this.seenFills.get(fill.id) === fill.status) continue;
      // Re-inserted so that the map keeps the most recently active fills last.
      this.seenFills.delete(fill.id);
      this.seenFills.set(fill.id, fill.status);
      // A trade repeats only while it settles: remembering the most recent fills is enough, and
      // keeps a long-lived stream's memory bounded.
      if (this.seenFills.size > MAX_REMEMBERED_FILLS) {
        const oldest = this.seenFills.keys().next().value;
        if (oldest !== undefined) this.seenFills.delete(oldest);
      }
      this.scope.emit({ type: 'fill', fill });
    }
  }
}
