/**
 * A feed client for tests: connects to `/v1/ws`, checks every server message against the
 * protocol's schema, keeps each subscribed book from its snapshots and deltas, and records any
 * break of the per-market `seq` rule (each book message of a market is the previous one + 1, the
 * first one of a subscription is a snapshot, a delta never follows a stale notice).
 */
import { vi } from 'vitest';
import WebSocket from 'ws';
import type { ClientOptions } from 'ws';
import type { Level } from '../../src/core/index.js';
import { ServerMessageSchema } from '../../src/feed/protocol.js';
import type { ServerMessage } from '../../src/feed/protocol.js';

interface ClientBook {
  bids: Map<string, string>;
  asks: Map<string, string>;
  seq: number;
  /** Has a snapshot since the last stale notice. */
  fresh: boolean;
  source: string | null;
  snapshots: number;
  deltas: number;
}

export class FeedClient {
  readonly messages: ServerMessage[] = [];
  /** Messages that did not match the protocol schema. */
  readonly invalid: string[] = [];
  /** Breaks of the seq rule, described. */
  readonly seqErrors: string[] = [];
  readonly books = new Map<string, ClientBook>();
  readonly closed: Promise<{ code: number; reason: string }>;
  private nextId = 1;

  private constructor(readonly ws: WebSocket) {
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString('utf8') })));
    ws.on('message', (data) => this.onMessage(String(data)));
  }

  static async connect(url: string, options: ClientOptions = {}): Promise<FeedClient> {
    const ws = new WebSocket(url, options);
    const client = new FeedClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`unexpected response ${res.statusCode}`)));
    });
    return client;
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** Sends an op with a fresh id and waits for the answer of that id (its ack, or an error). */
  async request(message: Record<string, unknown>, timeout = 20_000): Promise<ServerMessage> {
    const id = this.nextId++;
    this.send({ ...message, id });
    return this.waitFor((m) => 'id' in m && m.id === id && m.type !== 'error', timeout);
  }

  subscribe(channel: string, markets: string[]) {
    return this.request({ op: 'subscribe', channel, markets });
  }

  /** Resolves with the first message (seen so far or later) that matches. */
  async waitFor(match: (m: ServerMessage) => boolean, timeout = 20_000): Promise<ServerMessage> {
    let found: ServerMessage | undefined;
    await vi.waitFor(
      () => {
        found = this.messages.find(match);
        if (!found) throw new Error('no matching message yet');
      },
      { timeout, interval: 20 },
    );
    return found!;
  }

  of<T extends ServerMessage['type']>(type: T): Extract<ServerMessage, { type: T }>[] {
    return this.messages.filter((m): m is Extract<ServerMessage, { type: T }> => m.type === type);
  }

  /** The client's book of a market, best first. */
  book(market: string): { bids: Level[]; asks: Level[]; fresh: boolean; seq: number; source: string | null } | undefined {
    const b = this.books.get(market);
    if (!b) return undefined;
    const sorted = (m: Map<string, string>, desc: boolean): Level[] =>
      [...m].sort(([a], [c]) => (desc ? Number(c) - Number(a) : Number(a) - Number(c))).map(([p, s]) => [p, s]);
    return { bids: sorted(b.bids, true), asks: sorted(b.asks, false), fresh: b.fresh, seq: b.seq, source: b.source };
  }

  close(): void {
    this.ws.close();
  }

  private onMessage(text: string): void {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      this.invalid.push(text);
      return;
    }
    const parsed = ServerMessageSchema.safeParse(raw);
    if (!parsed.success) {
      this.invalid.push(`${text.slice(0, 200)}: ${parsed.error.issues[0]?.message}`);
      return;
    }
    const m = parsed.data;
    this.messages.push(m);
    if (m.type === 'unsubscribed' && m.channel === 'book') for (const market of m.markets) this.books.delete(market);
    if (m.type !== 'snapshot' && m.type !== 'delta' && m.type !== 'stale') return;
    let b = this.books.get(m.market);
    if (!b) {
      if (m.type !== 'snapshot' || m.seq !== 1) this.seqErrors.push(`${m.market}: first book message is ${m.type} seq ${m.seq}`);
      b = { bids: new Map(), asks: new Map(), seq: m.seq - 1, fresh: false, source: null, snapshots: 0, deltas: 0 };
      this.books.set(m.market, b);
    }
    if (m.seq !== b.seq + 1) this.seqErrors.push(`${m.market}: seq ${m.seq} after ${b.seq}`);
    b.seq = m.seq;
    if (m.type === 'snapshot') {
      b.bids = new Map(m.bids);
      b.asks = new Map(m.asks);
      b.fresh = true;
      b.source = m.source;
      b.snapshots += 1;
    } else if (m.type === 'delta') {
      if (!b.fresh) this.seqErrors.push(`${m.market}: delta seq ${m.seq} on a book without a snapshot`);
      for (const [side, levels] of [[b.bids, m.bids], [b.asks, m.asks]] as const) {
        for (const [p, s] of levels) {
          if (s === '0') side.delete(p);
          else side.set(p, s);
        }
      }
      b.deltas += 1;
    } else {
      b.fresh = false;
    }
  }
}

/** Deltas and snapshots received across a client's books. */
export function counts(client: FeedClient): { snapshots: number; deltas: number } {
  let snapshots = 0;
  let deltas = 0;
  for (const b of client.books.values()) {
    snapshots += b.snapshots;
    deltas += b.deltas;
  }
  return { snapshots, deltas };
}
