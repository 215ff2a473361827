/**
 * Starts a simulator: a Hono app on @hono/node-server plus optional WebSocket endpoints through
 * `ws` (noServer upgrades), bound to loopback. `close()` terminates every socket.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AddressInfo, Socket } from 'node:net';
import { STATUS_CODES } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import type { Hono } from 'hono';
import { WebSocketServer, type WebSocket } from 'ws';

export interface SimWebSocketOptions {
  /** URL paths (no query) accepted for upgrades; others get 404. */
  paths: string[];
  /** Decides and performs the upgrade (see `acceptUpgrade` / `rejectUpgrade`). */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, wss: WebSocketServer): void;
}

export interface SimServerOptions {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  app: Hono<any, any, any>;
  /** 0 (default) = a free port. */
  port?: number;
  host?: '127.0.0.1';
  websocket?: SimWebSocketOptions;
}

export interface SimServer {
  port: number;
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** `ws://127.0.0.1:<port>` */
  wsBase: string;
  /** The noServer WebSocketServer used for upgrades. */
  wss: WebSocketServer;
  http: Server;
  close(): Promise<void>;
}

export async function startSimServer(options: SimServerOptions): Promise<SimServer> {
  const host = options.host ?? '127.0.0.1';
  const http = createAdaptorServer({ fetch: options.app.fetch, hostname: host }) as Server;
  const wss = new WebSocketServer({ noServer: true });
  const sockets = new Set<Socket>();
  http.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => undefined);
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const ws = options.websocket;
    if (!ws || !ws.paths.includes(path)) {
      rejectUpgrade(socket, 404, { error: 'not found' });
      return;
    }
    try {
      ws.handleUpgrade(req, socket, head, wss);
    } catch {
      rejectUpgrade(socket, 500, { error: 'internal error' });
    }
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const port = (http.address() as AddressInfo).port;
  let closed: Promise<void> | undefined;
  return {
    port,
    url: `http://${host}:${port}`,
    wsBase: `ws://${host}:${port}`,
    wss,
    http,
    close() {
      closed ??= new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        http.close(() => resolve());
        for (const s of sockets) s.destroy();
        http.closeAllConnections?.();
      });
      return closed;
    },
  };
}

/** Completes a WebSocket upgrade on `wss`. */
export function acceptUpgrade(wss: WebSocketServer, req: IncomingMessage, socket: Duplex, head: Buffer): Promise<WebSocket> {
  return new Promise((resolve) => {
    wss.handleUpgrade(req, socket, head, (client) => {
      wss.emit('connection', client, req);
      resolve(client);
    });
  });
}

/** Refuses an upgrade with a plain HTTP response (e.g. 401 with the venue's JSON body). */
export function rejectUpgrade(socket: Duplex, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const type = typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json';
  const lines = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`,
    `Content-Type: ${type}`,
    `Content-Length: ${Buffer.byteLength(text)}`,
    'Connection: close',
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    '',
    text,
  ];
  if (socket.writable) socket.end(lines.join('\r\n'));
  else socket.destroy();
}

/** Arguments shared by the simulator CLIs. */
export interface SimCliArgs {
  port?: number;
  seed?: number;
  markets?: number;
  /** Repeatable `--api-key` values (format defined by each simulator). */
  apiKeys: string[];
  /** Repeatable `--fund` values. */
  fund: string[];
  /** Every flag as given: name → values in order. */
  flags: Map<string, string[]>;
}

/**
 * Parses `--name value`, `--name=value` and bare `--flag` (value `"true"`). Numeric flags
 * (`--port`, `--seed`, `--markets`) are validated as non-negative integers.
 */
export function parseCliArgs(argv: readonly string[]): SimCliArgs {
  const flags = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') continue;
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${JSON.stringify(arg)}`);
    let name = arg.slice(2);
    let value: string;
    const eq = name.indexOf('=');
    if (eq >= 0) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    } else if (i + 1 < argv.length && !(argv[i + 1] as string).startsWith('--')) {
      value = argv[++i] as string;
    } else {
      value = 'true';
    }
    const list = flags.get(name) ?? [];
    list.push(value);
    flags.set(name, list);
  }
  const int = (name: string): number | undefined => {
    const v = flags.get(name)?.at(-1);
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v)) throw new Error(`--${name} must be a non-negative integer, got ${JSON.stringify(v)}`);
    return Number(v);
  };
  const out: SimCliArgs = { apiKeys: flags.get('api-key') ?? [], fund: flags.get('fund') ?? [], flags };
  const port = int('port');
  const seed = int('seed');
  const markets = int('markets');
  if (port !== undefined) out.port = port;
  if (seed !== undefined) out.seed = seed;
  if (markets !== undefined) out.markets = markets;
  return out;
}

/** Prints the single readiness line the CLIs promise on stdout. */
export function printReady(url: string): void {
  process.stdout.write(`ready ${url}\n`);
}
