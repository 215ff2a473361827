/**
 * Graceful drain of the HTTP server, bounded by `DRAIN_TIMEOUT_MS`.
 *
 * - The listening socket closes at once; open keep-alive connections stay open, and every response
 *   sent from then on carries `Connection: close`, so a request that arrives on one is answered and
 *   the connection then closes cleanly (no reset). A connection left idle for `idleCloseMs` during
 *   the drain is closed.
 * - Requests still running `cancelBeforeMs` before the deadline are answered `503 shutting_down`
 *   (their venue calls are cancelled when the adapters close right after); whatever connection
 *   is still open when that answer has had its share of the time is cut.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Server as NetServer } from 'node:net';
import type { Socket } from 'node:net';
import type { MiddlewareHandler } from 'hono';
import { problem } from './problem.js';

export interface DrainOptions {
  /** The whole drain, from its start until every connection is gone. */
  timeoutMs: number;
  /** Requests still running this long before the deadline are answered 503 (default min(1000, timeout/2)). */
  cancelBeforeMs?: number;
  /** During the drain, a keep-alive connection idle this long is closed (default 1000). */
  idleCloseMs?: number;
}

export interface DrainResult {
  /** Requests answered 503 because they were still running at the cancel time. */
  cancelled: number;
  /** Connections cut at the end (still open after the cancelled requests were answered). */
  cut: number;
}

interface Connection {
  active: number;
  idleTimer: NodeJS.Timeout | null;
}

const sleep = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms).unref();
  });

export class HttpDrain {
  private draining = false;
  private cancelling = false;
  private readonly connections = new Map<Socket, Connection>();
  private readonly responses = new Set<ServerResponse>();
  private readonly inFlight = new Set<() => void>();
  private readonly timeoutMs: number;
  private readonly cancelBeforeMs: number;
  private readonly idleCloseMs: number;
  private server: Server | null = null;

  constructor(options: DrainOptions) {
    this.timeoutMs = options.timeoutMs;
    this.cancelBeforeMs = options.cancelBeforeMs ?? Math.min(1000, Math.floor(options.timeoutMs / 2));
    this.idleCloseMs = options.idleCloseMs ?? 1000;
  }

  /** True once `drain` was called. */
  isDraining(): boolean {
    return this.draining;
  }

  /** Outermost Hono middleware: answers requests still running at the cancel time with a 503. */
  readonly middleware: MiddlewareHandler = async (c, next) => {
    const shuttingDown = () =>
      problem(c, {
        status: 503,
        code: 'shutting_down',
        detail:
          c.req.method === 'GET' || c.req.method === 'HEAD'
            ? 'the service is shutting down; the request was cancelled, retry it on another instance'
            : 'the service is shutting down; the request was cancelled and its effect at the venue is unknown (look the order up by its client order id or Idempotency-Key)',
        retryable: true,
        headers: { 'retry-after': '1', connection: 'close' },
      });
    if (this.cancelling) {
      c.res = shuttingDown();
      return;
    }
    let cancel!: () => void;
    const cancelled = new Promise<'cancelled'>((resolve) => {
      cancel = () => resolve('cancelled');
    });
    this.inFlight.add(cancel);
    try {
      const done = next().then(() => 'done' as const);
      // A cancelled handler may still fail later, when nobody listens any more.
      done.catch(() => undefined);
      const outcome = await Promise.race([done, cancelled]);
      if (outcome === 'cancelled') c.res = shuttingDown();
    } finally {
      this.inFlight.delete(cancel);
    }
  };

  /** Tracks the server's connections and requests (call once, right after it listens). */
  attach(server: Server): void {
    this.server = server;
    server.on('connection', (socket: Socket) => {
      this.connections.set(socket, { active: 0, idleTimer: null });
      socket.once('close', () => {
        const conn = this.connections.get(socket);
        if (conn?.idleTimer) clearTimeout(conn.idleTimer);
        this.connections.delete(socket);
      });
      if (this.draining) this.armIdle(socket);
    });
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const conn = this.connections.get(req.socket);
      if (conn) {
        conn.active += 1;
        if (conn.idleTimer) clearTimeout(conn.idleTimer);
        conn.idleTimer = null;
      }
      if (this.draining) res.setHeader('connection', 'close');
      this.responses.add(res);
      res.once('close', () => {
        this.responses.delete(res);
        const c = this.connections.get(req.socket);
        if (!c) return;
        c.active = Math.max(0, c.active - 1);
        if (this.draining) this.armIdle(req.socket);
      });
    });
  }

  /**
   * Stops accepting connections and drains the open ones within `timeoutMs`; resolves when every
   * connection is gone.
   */
  async drain(): Promise<DrainResult> {
    const server = this.server;
    this.draining = true;
    if (!server) return { cancelled: 0, cut: 0 };
    const closed = new Promise<void>((resolve) => {
      // net.Server's close, not http.Server's: the latter also drops idle keep-alive connections,
      // racing requests their clients are sending on them at that moment.
      NetServer.prototype.close.call(server, () => resolve());
    });
    for (const res of this.responses) if (!res.headersSent) res.setHeader('connection', 'close');
    for (const socket of this.connections.keys()) this.armIdle(socket);

    const cancelAt = Math.max(0, this.timeoutMs - this.cancelBeforeMs);
    if ((await Promise.race([closed.then(() => true), sleep(cancelAt).then(() => false)])) === true) return { cancelled: 0, cut: 0 };

    this.cancelling = true;
    const cancelled = this.inFlight.size;
    for (const cancel of [...this.inFlight]) cancel();
    // The 503s get half of what is left to go out; then every connection still open is cut.
    if ((await Promise.race([closed.then(() => true), sleep(Math.floor(this.cancelBeforeMs / 2)).then(() => false)])) === true) {
      return { cancelled, cut: 0 };
    }
    const cut = this.connections.size;
    for (const socket of this.connections.keys()) socket.destroy();
    await closed;
    return { cancelled, cut };
  }

  private armIdle(socket: Socket): void {
    const conn = this.connections.get(socket);
    if (!conn || conn.active > 0 || conn.idleTimer) return;
    conn.idleTimer = setTimeout(() => {
      conn.idleTimer = null;
      if (conn.active === 0) socket.destroy();
    }, this.idleCloseMs);
    conn.idleTimer.unref();
  }
}
