import { SubscriptionTracker, type ReconnectingSocket, type StreamChannel, type StreamScope } from '../../src/venue/index.js';

/**
 * The market channel's sockets. One connection carries at most 500 assets (docs/venues/polymarket.md
 * §7.1), so at most 250 markets (both tokens of each): markets beyond go to further sockets. A market
 * stays on the socket it was given until it is unsubscribed; each socket has its own subscription
 * state, its first message is the `market` subscription of all its markets, later ones are
 * `subscribe` operations. The channel documents no acknowledgement, so a market counts as
 * subscribed once sent, and is sent again on each new connection of its socket.
 */

export const MAX_ASSETS_PER_SOCKET = 500;

interface Shard {
  socket: ReconnectingSocket;
  subs: SubscriptionTracker<StreamChannel>;
  markets: Set<string>;
}

export interface MarketSocketOptions {
  url: string;
  pingIntervalMs?: number;
  idleTimeoutMs?: number;
  backoff?: { baseMs: number; maxMs: number };
  /** Assets per connection (default 500). */
  maxAssetsPerSocket?: number;
}

export interface MarketSocketHooks {
  /** The asset ids (YES and NO token) of a market key. */
  assetsOf(key: string): string[];
  onFrame(text: string): void;
  /** A socket (re)connected; `keys` are its markets. Runs before they are sent again. */
  onOpen(keys: string[], isReconnect: boolean): void;
  /** A socket closed; what its markets received is no longer followed. */
  onClose(keys: string[]): void;
}

export class MarketSockets {
  private readonly shards: Shard[] = [];
  private readonly byMarket = new Map<string, Shard>();
  private readonly perSocket: number;

  constructor(
    private readonly scope: StreamScope,
    private readonly options: MarketSocketOptions,
    private readonly hooks: MarketSocketHooks,
  ) {
    this.perSocket = Math.max(1, Math.floor((options.maxAssetsPerSocket ?? MAX_ASSETS_PER_SOCKET) / 2));
    scope.onClose(() => this.clear());
  }

  /** How many sockets are in use. */
  get count(): number {
    return this.shards.length;
  }

  wants(key: string, channel: StreamChannel): boolean {
    return this.byMarket.get(key)?.subs.wants(key, channel) ?? false;
  }

  wantsMarket(key: string): boolean {
    return this.byMarket.get(key)?.subs.wantsMarket(key) ?? false;
  }

  /** Wants the channels of the markets (placing new markets on a socket with room), sends what is new, and resolves when their sockets are connected. */
  async want(keys: string[], channels: StreamChannel[]): Promise<void> {
    const touched = new Set<Shard>();
    for (const key of keys) {
      const shard = this.byMarket.get(key) ?? this.place(key);
      shard.subs.want([key], channels);
      touched.add(shard);
    }
    for (const shard of touched) if (shard.socket.isOpen) this.sendPending(shard, false);
    await Promise.all([...touched].map((s) => s.socket.connect()));
  }

  /** Stops the channels; returns the markets wanted on no channel any more (unsubscribed on the wire). */
  unwant(keys: string[], channels: StreamChannel[]): string[] {
    const gone: string[] = [];
    const assets = new Map<Shard, string[]>();
    for (const key of keys) {
      const shard = this.byMarket.get(key);
      if (!shard) continue;
      shard.subs.unwant([key], channels);
      // The channel subscribes whole markets: a market still wanted on another channel stays.
      shard.subs.unsubscribed(shard.subs.toUnsubscribe());
      if (shard.subs.wantsMarket(key)) continue;
      gone.push(key);
      this.byMarket.delete(key);
      shard.markets.delete(key);
      assets.set(shard, [...(assets.get(shard) ?? []), ...this.hooks.assetsOf(key)]);
    }
    for (const [shard, ids] of assets) {
      if (ids.length > 0 && shard.socket.isOpen) shard.socket.send(JSON.stringify({ operation: 'unsubscribe', assets_ids: ids }));
    }
    return gone;
  }

  /** Drops every socket as if the network failed (tests and fault drills). */
  dropConnections(): void {
    for (const s of this.shards) s.socket.reconnect();
  }

  private clear(): void {
    for (const s of this.shards) s.subs.clear();
    this.byMarket.clear();
  }

  private place(key: string): Shard {
    const shard = this.shards.find((s) => s.markets.size < this.perSocket) ?? this.open();
    shard.markets.add(key);
    this.byMarket.set(key, shard);
    return shard;
  }

  private open(): Shard {
    const o = this.options;
    const socket = this.scope.socket({
      url: o.url,
      textPing: 'PING',
      textPong: 'PONG',
      pingIntervalMs: o.pingIntervalMs ?? 10_000,
      idleTimeoutMs: o.idleTimeoutMs ?? 30_000,
      backoff: o.backoff ?? { baseMs: 1_000, maxMs: 60_000 },
    });
    const shard: Shard = { socket, subs: new SubscriptionTracker<StreamChannel>(), markets: new Set() };
    socket.onOpen((isReconnect) => {
      this.hooks.onOpen([...shard.markets], isReconnect);
      this.sendPending(shard, true);
    });
    socket.onMessage((text) => this.hooks.onFrame(text));
    socket.onClose(() => {
      if (this.scope.closed) return;
      shard.subs.connectionLost();
      this.hooks.onClose([...shard.markets]);
    });
    this.shards.push(shard);
    return shard;
  }

  /**
   * Sends the shard's wanted markets not yet on its connection: the first message of a connection
   * is the `market` subscription, later ones are `subscribe` operations.
   */
  private sendPending(shard: Shard, first: boolean): void {
    const pending = shard.subs.toSubscribe();
    const assets = shard.subs.marketsToSubscribe().flatMap((key) => this.hooks.assetsOf(key));
    if (assets.length > 0) {
      shard.socket.send(JSON.stringify(first ? { type: 'market', assets_ids: assets, custom_feature_enabled: true } : { operation: 'subscribe', assets_ids: assets }));
    }
    shard.subs.acknowledged(pending);
  }
}
