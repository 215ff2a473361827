/**
 * Helpers for talking to the Manifold simulator from tests and benchmarks: a JSON client with
 * `Authorization: Key`, and a WebSocket reader that queues frames and waits for a matching one.
 * Written from the venue reference, independent of the adapter.
 */
import WebSocket from 'ws';

/** Parsed JSON body, loosely typed for test assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface SimResponse {
  status: number;
  body: Json;
  headers: Headers;
}

export class ManifoldTestClient {
  constructor(
    readonly restUrl: string,
    readonly apiKey?: string,
  ) {}

  withKey(apiKey: string | undefined): ManifoldTestClient {
    return new ManifoldTestClient(this.restUrl, apiKey);
  }

  async request(method: 'GET' | 'POST', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<SimResponse> {
    const h: Record<string, string> = { ...headers };
    if (this.apiKey !== undefined && h.authorization === undefined) h.authorization = `Key ${this.apiKey}`;
    if (body !== undefined) h['content-type'] = 'application/json';
    const res = await fetch(`${this.restUrl}${path}`, { method, headers: h, ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}) });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    return { status: res.status, body: parsed as Json, headers: res.headers };
  }

  get(path: string, headers?: Record<string, string>): Promise<SimResponse> {
    return this.request('GET', path, undefined, headers);
  }

  post(path: string, body?: unknown, headers?: Record<string, string>): Promise<SimResponse> {
    return this.request('POST', path, body ?? {}, headers);
  }
}

/** A WS client that queues frames and waits for the next one matching a predicate. */
export class WsReader {
  readonly frames: string[] = [];
  private waiters: (() => void)[] = [];
  closed = false;
  private txid = 0;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (d) => {
      this.frames.push(d.toString());
      this.wake();
    });
    ws.on('close', () => {
      this.closed = true;
      this.wake();
    });
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  static async open(url: string): Promise<WsReader> {
    const ws = new WebSocket(url);
    const r = new WsReader(ws);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    return r;
  }

  send(v: unknown): void {
    this.ws.send(typeof v === 'string' ? v : JSON.stringify(v));
  }

  /** Sends a message with the next txid and returns that txid. */
  command(type: string, extra: Record<string, unknown> = {}): number {
    const txid = ++this.txid;
    this.send({ type, txid, ...extra });
    return txid;
  }

  /** The first queued frame satisfying `pred`, removed from the queue (others stay). Rejects if the socket closes first. */
  async next(pred: (raw: string) => boolean): Promise<string> {
    for (;;) {
      const i = this.frames.findIndex(pred);
      if (i >= 0) return this.frames.splice(i, 1)[0] as string;
      if (this.closed) throw new Error('socket closed');
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  async nextJson(pred: (m: Json) => boolean): Promise<Json> {
    const raw = await this.next((f) => {
      try {
        return pred(JSON.parse(f));
      } catch {
        return false;
      }
    });
    return JSON.parse(raw) as Json;
  }

  async ack(txid: number): Promise<Json> {
    return this.nextJson((m) => m.type === 'ack' && m.txid === txid);
  }

  async broadcast(topic: string): Promise<Json> {
    return this.nextJson((m) => m.type === 'broadcast' && m.topic === topic);
  }

  /** Waits until the server closes the socket. */
  async waitClosed(): Promise<void> {
    while (!this.closed) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  close(): void {
    this.ws.close();
  }
}
