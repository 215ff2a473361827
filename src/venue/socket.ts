import type { Logger } from 'pino';
import WebSocket from 'ws';
import { NetworkError } from '../core/errors.js';
import type { VenueId } from '../core/ids.js';

/**
 * A WebSocket that stays connected: reconnects forever with exponential backoff and full jitter
 * until `close()`, rebuilds the URL and handshake headers on every connect (fresh signatures),
 * keeps the connection alive with protocol pings or a text ping (e.g. `PING`), and
 * declares the connection dead when nothing (message, pong, ping) arrived within `idleTimeoutMs`.
 *
 * Subscriptions are the caller's business: re-send them from `onOpen(isReconnect)`.
 * `send` throws when the socket is not open; it does not queue (a queued subscribe would race the
 * resubscription done in `onOpen`).
 */

export interface ReconnectingSocketOptions {
  venue: VenueId;
  url: string | (() => string);
  /** Handshake headers, rebuilt on every connect. */
  headers?: () => Record<string, string> | Promise<Record<string, string>>;
  /** Keep-alive period (default 10 s); 0 disables pinging. */
  pingIntervalMs?: number;
  /** Send this text frame as keep-alive instead of a protocol ping frame. */
  textPing?: string;
  /** Text frames equal to this (e.g. `PONG`) count as liveness and are not delivered. */
  textPong?: string;
  /** Terminate and reconnect when nothing arrived for this long (default 30 s); 0 disables. */
  idleTimeoutMs?: number;
  backoff?: { baseMs: number; maxMs: number };
  /** Handshake deadline (default 10 s). */
  handshakeTimeoutMs?: number;
  logger?: Logger;
  random?: () => number;
}

type OpenListener = (isReconnect: boolean) => void;
type MessageListener = (text: string) => void;
type CloseListener = (code: number, reason: string) => void;
type ErrorListener = (err: Error) => void;

function addListener<F>(set: Set<F>, fn: F): () => void {
  set.add(fn);
  return () => set.delete(fn);
}

export class ReconnectingSocket {
  private ws: WebSocket | undefined;
  private closed = false;
  private opened = false;
  private attempt = 0;
  private lastActivity = 0;
  private pingTimer: NodeJS.Timeout | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private connecting: Promise<void> | undefined;
  private firstOpen: { resolve: () => void; reject: (e: unknown) => void } | undefined;
  private readonly openListeners = new Set<OpenListener>();
  private readonly messageListeners = new Set<MessageListener>();
  private readonly closeListeners = new Set<CloseListener>();
  private readonly errorListeners = new Set<ErrorListener>();
  private readonly random: () => number;
  /** Completed connections (1 after the first open). */
  connections = 0;

  constructor(private readonly options: ReconnectingSocketOptions) {
    this.random = options.random ?? Math.random;
  }

  get isOpen(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  onOpen(fn: OpenListener): () => void {
    return addListener(this.openListeners, fn);
  }
  onMessage(fn: MessageListener): () => void {
    return addListener(this.messageListeners, fn);
  }
  onClose(fn: CloseListener): () => void {
    return addListener(this.closeListeners, fn);
  }
  /** Handshake failures and socket errors (a reconnect follows unless closed). */
  onError(fn: ErrorListener): () => void {
    return addListener(this.errorListeners, fn);
  }

  /** Starts connecting; resolves on the first open. Rejects only if `close()` is called first. */
  connect(): Promise<void> {
    if (this.closed) return Promise.reject(new NetworkError(`${this.options.venue} socket closed`, { venue: this.options.venue }));
    if (this.opened) return Promise.resolve();
    if (!this.connecting) {
      this.connecting = new Promise<void>((resolve, reject) => {
        this.firstOpen = { resolve, reject };
      });
      void this.open();
    }
    return this.connecting;
  }

  /** Sends a text frame; throws `NetworkError` when the socket is not open. */
  send(text: string): void {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) {
      throw new NetworkError(`${this.options.venue} socket is not open`, { venue: this.options.venue });
    }
    ws.send(text);
  }

  /** Forces a reconnect now (e.g. after a sequence gap the venue can only fix by reconnecting). */
  reconnect(): void {
    this.ws?.terminate();
  }

  /** Closes for good: no reconnect afterwards. Resolves once the socket is closed. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.clearTimers();
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.firstOpen?.reject(new NetworkError(`${this.options.venue} socket closed before it opened`, { venue: this.options.venue }));
    this.firstOpen = undefined;
    const ws = this.ws;
    if (!ws || ws.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        ws.terminate();
        resolve();
      }, 2_000);
      ws.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
      else ws.close(1000, 'client closing');
    });
  }

  private url(): string {
    return typeof this.options.url === 'function' ? this.options.url() : this.options.url;
  }

  private async open(): Promise<void> {
    if (this.closed) return;
    let ws: WebSocket;
    try {
      const headers = this.options.headers ? await this.options.headers() : undefined;
      if (this.closed) return;
      ws = new WebSocket(this.url(), { headers, handshakeTimeout: this.options.handshakeTimeoutMs ?? 10_000 });
    } catch (err) {
      this.emitError(err);
      this.scheduleReconnect();
      return;
    }
    this.ws = ws;
    ws.on('open', () => this.handleOpen(ws));
    ws.on('message', (data: WebSocket.RawData, isBinary: boolean) => this.handleMessage(data, isBinary));
    ws.on('pong', () => this.touch());
    ws.on('ping', () => this.touch());
    ws.on('error', (err: Error) => this.emitError(err));
    ws.on('close', (code: number, reason: Buffer) => this.handleClose(ws, code, reason.toString('utf8')));
  }

  private handleOpen(ws: WebSocket): void {
    if (this.ws !== ws) return;
    const isReconnect = this.opened;
    this.opened = true;
    this.attempt = 0;
    this.connections += 1;
    this.touch();
    this.startTimers(ws);
    this.options.logger?.info({ venue: this.options.venue, reconnect: isReconnect }, 'venue socket open');
    this.firstOpen?.resolve();
    this.firstOpen = undefined;
    for (const fn of this.openListeners) this.safely(() => fn(isReconnect));
  }

  private handleMessage(data: WebSocket.RawData, isBinary: boolean): void {
    this.touch();
    let text: string;
    if (Array.isArray(data)) text = Buffer.concat(data).toString('utf8');
    else if (data instanceof ArrayBuffer) text = Buffer.from(data).toString('utf8');
    else text = data.toString('utf8');
    if (!isBinary && this.options.textPong !== undefined && text === this.options.textPong) return;
    for (const fn of this.messageListeners) this.safely(() => fn(text));
  }

  private handleClose(ws: WebSocket, code: number, reason: string): void {
    if (this.ws !== ws) return;
    this.clearTimers();
    this.ws = undefined;
    this.options.logger?.warn({ venue: this.options.venue, code, reason }, 'venue socket closed');
    for (const fn of this.closeListeners) this.safely(() => fn(code, reason));
    this.scheduleReconnect();
  }

  private emitError(err: unknown): void {
    const e = err instanceof Error ? err : new Error(String(err));
    this.options.logger?.warn({ venue: this.options.venue, err: e.message }, 'venue socket error');
    for (const fn of this.errorListeners) {
      try {
        fn(e);
      } catch (listenerErr) {
        this.options.logger?.error({ venue: this.options.venue, err: String(listenerErr) }, 'socket error listener threw');
      }
    }
  }

  /** A throwing listener must not kill the socket's event loop; it is reported via `onError`. */
  private safely(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.emitError(err);
    }
  }

  private scheduleReconnect(): void {
    if (this.closed) return;
    const base = this.options.backoff?.baseMs ?? 500;
    const max = this.options.backoff?.maxMs ?? 30_000;
    const delay = Math.floor(this.random() * Math.min(max, base * 2 ** this.attempt));
    this.attempt += 1;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      void this.open();
    }, delay);
  }

  private touch(): void {
    this.lastActivity = performance.now();
  }

  private startTimers(ws: WebSocket): void {
    const pingMs = this.options.pingIntervalMs ?? 10_000;
    const idleMs = this.options.idleTimeoutMs ?? 30_000;
    if (pingMs > 0) {
      this.pingTimer = setInterval(() => {
        if (ws.readyState !== WebSocket.OPEN) return;
        if (this.options.textPing !== undefined) ws.send(this.options.textPing);
        else ws.ping();
      }, pingMs);
    }
    if (idleMs > 0) {
      // One check timer per connection, not one timer reset per message.
      this.idleTimer = setInterval(() => {
        if (performance.now() - this.lastActivity > idleMs) {
          this.options.logger?.warn({ venue: this.options.venue, idleMs }, 'venue socket idle, reconnecting');
          ws.terminate();
        }
      }, Math.max(10, Math.floor(idleMs / 4)));
    }
  }

  private clearTimers(): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    if (this.idleTimer) clearInterval(this.idleTimer);
    this.pingTimer = undefined;
    this.idleTimer = undefined;
  }
}
