/**
 * The unified WebSocket feed (docs/DESIGN.md §7) on the same HTTP server as the REST API: upgrades
 * on `/v1/ws` and `/ws` (any other path is answered 404), optional API-key authentication, one
 * `Session` + `Outbox` per connection, heartbeats (a `heartbeat` message and a protocol ping every
 * interval; a client that answers no ping for two intervals is closed), and the flush loop of
 * congested connections (see outbox.ts).
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import type { Bus } from '../cache/types.js';
import type { MarketDataSource } from '../books/messages.js';
import { systemClock, type StreamClock } from '../venue/index.js';
import type { AccountHub } from './account-hub.js';
import { isRefusal, type AuthAnswer, type Authenticator } from './auth.js';
import { MarketHub } from './hub.js';
import { Outbox } from './outbox.js';
import { CLOSE_CODES, FEED_CHANNELS, PROTOCOL_VERSION, errorText } from './protocol.js';
import type { OpportunityEvent } from '../arbitrage/evaluate/types.js';
import { Session, type OpportunitySource, type Principal } from './session.js';

export interface FeedLimits {
  /** (market, channel) pairs per connection. */
  maxSubscriptions: number;
  maxMessagesPerSecond: number;
  maxMessageBytes: number;
  /** Bytes queued for a client before its updates are conflated. */
  sendBufferBytes: number;
  /** A client congested this long is closed. */
  slowClientTimeoutMs: number;
  heartbeatIntervalMs: number;
}

export const DEFAULT_FEED_LIMITS: FeedLimits = {
  maxSubscriptions: 1_000,
  maxMessagesPerSecond: 20,
  maxMessageBytes: 65_536,
  sendBufferBytes: 1_048_576,
  slowClientTimeoutMs: 10_000,
  heartbeatIntervalMs: 15_000,
};

export const FEED_PATHS = ['/v1/ws', '/ws'] as const;

/** What a refused connection is told; it never says whether a key exists. */
const REFUSALS = {
  unauthorized: 'this feed requires a valid API key (Authorization: Bearer <key>, X-API-Key, or ?api_key=)',
  rate_limited: 'this API key is over its request rate; connect again later',
} as const;

export interface FeedServerOptions {
  source: MarketDataSource;
  bus: Bus;
  logger: Logger;
  limits?: Partial<FeedLimits>;
  authenticate?: Authenticator;
  /** Refuse connections the authenticator does not recognise. */
  requireAuth?: boolean;
  clock?: StreamClock;
  /** How often congested connections are flushed (default 25 ms). */
  flushIntervalMs?: number;
  /** The arbitrage service, for the `arbitrage` channel (absent: subscribing it answers `unavailable`). */
  opportunities?: OpportunitySource & { onEvent(listener: (event: OpportunityEvent) => void): () => void };
  /** The venue accounts, for the `orders` and `fills` channels (absent: subscribing them answers `unavailable`); closed with the feed. */
  accounts?: AccountHub;
}

interface Client {
  id: string;
  ws: WebSocket;
  session: Session;
  outbox: Outbox;
  /** Protocol pings sent since the last pong. */
  missed: number;
}

export class FeedServer {
  readonly limits: FeedLimits;
  readonly hub: MarketHub;
  private readonly wss: WebSocketServer;
  private readonly clients = new Set<Client>();
  private readonly congested = new Set<Outbox>();
  private readonly clock: StreamClock;
  private flushTimer: unknown;
  private heartbeatTimer: unknown;
  private stopOpportunities: (() => void) | undefined;
  private closed = false;
  readonly counters = { accepted: 0, refused: 0, slowClosed: 0, heartbeatClosed: 0 };

  constructor(private readonly options: FeedServerOptions) {
    if (options.requireAuth && !options.authenticate) {
      throw new Error('the feed requires authentication but no authenticator (API key store) is configured');
    }
    this.limits = { ...DEFAULT_FEED_LIMITS, ...options.limits };
    this.clock = options.clock ?? systemClock;
    this.hub = new MarketHub({ bus: options.bus, source: options.source, logger: options.logger });
    // Frames far over the message limit are refused by ws itself (close 1009) before being buffered.
    this.wss = new WebSocketServer({ noServer: true, maxPayload: Math.max(1_048_576, this.limits.maxMessageBytes * 4), perMessageDeflate: false });
    this.armHeartbeat();
    this.stopOpportunities = options.opportunities?.onEvent((e) => this.onOpportunity(e));
  }

  /** One serialization per event, sent to every connection whose subscriptions cover it. */
  private onOpportunity(e: OpportunityEvent): void {
    let text: string | undefined;
    for (const c of this.clients) {
      if (!c.session.wantsOpportunity(e.opportunity)) continue;
      text ??= JSON.stringify({ type: 'opportunity', channel: 'arbitrage', event: e.type, opportunity: e.opportunity, reason: e.reason });
      c.outbox.opportunity(e.opportunity.id, text);
    }
  }

  /** Open connections. */
  get size(): number {
    return this.clients.size;
  }

  /** Routes the server's upgrade requests: feed paths are served, others answered 404. */
  attach(server: Server): () => void {
    const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (!this.handleUpgrade(req, socket, head)) {
        socket.end('HTTP/1.1 404 Not Found\r\ncontent-type: application/problem+json\r\nconnection: close\r\n\r\n' +
          JSON.stringify({ type: 'about:blank', title: 'Not Found', status: 404, code: 'not_found', detail: 'WebSocket endpoints: /v1/ws, /ws' }));
      }
    };
    server.on('upgrade', onUpgrade);
    return () => server.off('upgrade', onUpgrade);
  }

  /** Takes over an upgrade request when its path is a feed path; returns false otherwise. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const path = pathOf(req.url);
    if (!(FEED_PATHS as readonly string[]).includes(path)) return false;
    if (this.closed) {
      socket.destroy();
      return true;
    }
    void this.principalOf(req).then((principal) => {
      if (this.closed || socket.destroyed) {
        socket.destroy();
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, principal));
    });
    return true;
  }

  stats() {
    let pendingBooks = 0;
    for (const c of this.clients) pendingBooks += c.outbox.pending.dirtyBooks;
    return { connections: this.clients.size, congested: this.congested.size, markets: this.hub.size, pendingBooks, ...this.counters, hub: { ...this.hub.counters } };
  }

  /** Per connection: subscriptions, send buffer and what is held for it while congested. */
  connections() {
    return [...this.clients].map((c) => ({
      id: c.id,
      principal: c.session.principal?.id ?? null,
      subscriptions: c.session.subscriptions,
      congested: c.outbox.congested,
      buffered: c.outbox.bufferedAmount,
      pending: c.outbox.pending,
      sent: { ...c.outbox.stats },
      received: { ...c.session.stats },
    }));
  }

  /** Closes every connection (1001) and stops the timers. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopOpportunities?.();
    if (this.flushTimer !== undefined) this.clock.clearTimeout(this.flushTimer);
    if (this.heartbeatTimer !== undefined) this.clock.clearTimeout(this.heartbeatTimer);
    const closing = [...this.clients].map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.ws.readyState === c.ws.CLOSED) return resolve();
          c.ws.once('close', () => resolve());
          c.outbox.close(CLOSE_CODES.goingAway, 'server shutting down');
          // A client that does not complete the closing handshake is cut.
          setTimeout(() => c.ws.terminate(), 2_000).unref();
        }),
    );
    await Promise.all(closing);
    await this.options.accounts?.close();
    this.wss.close();
  }

  private async principalOf(req: IncomingMessage): Promise<AuthAnswer> {
    if (!this.options.authenticate) return null;
    try {
      return await this.options.authenticate(req);
    } catch (err) {
      this.options.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'feed authenticator failed');
      return null;
    }
  }

  private accept(ws: WebSocket, answer: AuthAnswer): void {
    if (isRefusal(answer) || (this.options.requireAuth && !answer)) {
      const refusal = isRefusal(answer) ? answer.refused : 'unauthorized';
      this.counters.refused += 1;
      ws.send(errorText(refusal, REFUSALS[refusal]));
      ws.close(CLOSE_CODES.unauthorized, refusal);
      return;
    }
    const principal: Principal | null = answer;
    this.counters.accepted += 1;
    // ws offers no cork of its own; its socket is a net.Socket, which does.
    const raw = (ws as unknown as { _socket?: { cork?(): void; uncork?(): void } })._socket;
    const corkable = typeof raw?.cork === 'function' && typeof raw.uncork === 'function';
    const outbox: Outbox = new Outbox(
      {
        send: (text) => ws.send(text),
        ...(corkable ? { cork: () => raw.cork!(), uncork: () => raw.uncork!() } : {}),
        get bufferedAmount() {
          return ws.bufferedAmount;
        },
        close: (code, reason) => {
          if (code === CLOSE_CODES.slowConsumer) this.counters.slowClosed += 1;
          ws.close(code, reason);
          // A client too slow to read our close frame must not hold the socket.
          setTimeout(() => ws.terminate(), 5_000).unref();
        },
      },
      {
        maxBufferBytes: this.limits.sendBufferBytes,
        slowClientTimeoutMs: this.limits.slowClientTimeoutMs,
        now: () => this.clock.now(),
        onCongested: (o) => this.congest(o),
        bookState: (market) => this.hub.bookState(market),
      },
    );
    const session = new Session({
      hub: this.hub,
      outbox,
      limits: this.limits,
      principal,
      now: () => this.clock.now(),
      logger: this.options.logger,
      ...(this.options.opportunities ? { opportunities: this.options.opportunities } : {}),
      ...(this.options.accounts ? { accounts: this.options.accounts } : {}),
    });
    const client: Client = { id: `c${this.counters.accepted}`, ws, session, outbox, missed: 0 };
    this.clients.add(client);
    ws.on('message', (data, isBinary) => {
      try {
        session.receive(data, isBinary);
      } catch (err) {
        this.options.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'feed message handling failed');
      }
    });
    ws.on('pong', () => (client.missed = 0));
    ws.on('error', (err) => this.options.logger.debug({ err: err.message }, 'feed socket error'));
    ws.on('close', () => {
      this.clients.delete(client);
      this.congested.delete(outbox);
      outbox.closed = true;
      session.close();
    });
    outbox.control(
      JSON.stringify({
        type: 'welcome',
        version: PROTOCOL_VERSION,
        connection: client.id,
        channels: FEED_CHANNELS,
        limits: {
          maxSubscriptions: this.limits.maxSubscriptions,
          maxMessagesPerSecond: this.limits.maxMessagesPerSecond,
          maxMessageBytes: this.limits.maxMessageBytes,
          heartbeatIntervalMs: this.limits.heartbeatIntervalMs,
        },
      }),
    );
  }

  private congest(outbox: Outbox): void {
    this.congested.add(outbox);
    if (this.flushTimer === undefined && !this.closed) this.armFlush();
  }

  private armFlush(): void {
    this.flushTimer = this.clock.setTimeout(() => {
      this.flushTimer = undefined;
      for (const o of this.congested) if (o.flush() !== 'congested') this.congested.delete(o);
      if (this.congested.size > 0 && !this.closed) this.armFlush();
    }, this.options.flushIntervalMs ?? 25);
  }

  private armHeartbeat(): void {
    const every = this.limits.heartbeatIntervalMs;
    if (every <= 0) return;
    this.heartbeatTimer = this.clock.setTimeout(() => {
      this.heartbeatTimer = undefined;
      if (this.closed) return;
      const text = JSON.stringify({ type: 'heartbeat', ts: new Date(this.clock.now()).toISOString() });
      for (const c of this.clients) {
        if (c.missed >= 2) {
          this.counters.heartbeatClosed += 1;
          c.outbox.close(CLOSE_CODES.heartbeatTimeout, 'no answer to pings for two heartbeat intervals');
          c.ws.terminate();
          continue;
        }
        c.missed += 1;
        c.ws.ping();
        if (!c.outbox.congested) c.outbox.control(text);
      }
      this.armHeartbeat();
    }, every);
    (this.heartbeatTimer as { unref?: () => void } | undefined)?.unref?.();
  }
}

function pathOf(url: string | undefined): string {
  const raw = url ?? '/';
  const q = raw.indexOf('?');
  return q < 0 ? raw : raw.slice(0, q);
}
