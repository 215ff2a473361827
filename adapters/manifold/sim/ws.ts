/**
 * The venue's WebSocket at `/ws` (docs/venues/manifold.md §WebSocket): JSON messages
 * `subscribe` / `unsubscribe` (topics), `ping` and `identify`, each with a numeric `txid` and
 * answered by `{"type":"ack","txid","success"}`; broadcasts `{"type":"broadcast","topic","data"}`,
 * one topic per frame; no snapshot on subscribe and no auth; a connection whose last client
 * message is older than 60 s is dropped by a check that runs every 60 s.
 *
 * Fault knobs: `dropSockets` terminates every connection, `malformedFrames` sends a non-JSON frame
 * before the next message, `missPings` leaves pings unanswered. Manifold frames carry no sequence
 * numbers, so `sequenceGap` has no effect here.
 */
import type { WebSocket } from 'ws';
import { MALFORMED_FRAME, type FaultInjector } from '../../../src/sim/faults.js';
import { getCpmmProbability } from './cpmm.js';
import { betRow, rawAnswer, userBalanceUpdate } from './format.js';
import { num, stringify } from './json.js';
import type { SimAnswer, SimBet, SimContract } from './model.js';
import type { ManifoldState, SimEvent } from './state.js';

export const WS_PATH = '/ws';

interface Client {
  topics: Set<string>;
  lastSeen: number;
}

export interface WsOptions {
  /** A connection silent for longer than this is dropped; default 60 s. */
  idleTimeoutMs: number;
  /** How often the idle check runs; default 60 s. */
  idleCheckMs: number;
}

export class ManifoldWs {
  private readonly clients = new Map<WebSocket, Client>();
  private readonly byTopic = new Map<string, Set<WebSocket>>();
  private readonly timer: NodeJS.Timeout;
  private readonly unsubscribe: (() => void)[] = [];

  constructor(
    private readonly state: ManifoldState,
    private readonly faults: FaultInjector,
    private readonly options: WsOptions,
  ) {
    this.timer = setInterval(() => this.checkIdle(), options.idleCheckMs);
    this.timer.unref();
    this.unsubscribe.push(state.on((e) => this.onEvent(e)));
    this.unsubscribe.push(faults.onDropSockets(() => this.dropAll()));
  }

  get connections(): number {
    return this.clients.size;
  }

  /** Subscribers of a topic (for tests). */
  subscribers(topic: string): number {
    return this.byTopic.get(topic)?.size ?? 0;
  }

  attach(ws: WebSocket): void {
    this.clients.set(ws, { topics: new Set(), lastSeen: this.state.now() });
    ws.on('message', (data, isBinary) => this.onMessage(ws, isBinary ? '' : data.toString()));
    ws.on('close', () => this.detach(ws));
    ws.on('error', () => undefined);
  }

  /** Drops the connections silent for longer than the idle timeout (runs on a timer too). */
  checkIdle(): number {
    const now = this.state.now();
    let dropped = 0;
    for (const [ws, c] of this.clients) {
      if (now - c.lastSeen > this.options.idleTimeoutMs) {
        ws.terminate();
        this.detach(ws);
        dropped += 1;
      }
    }
    return dropped;
  }

  close(): void {
    clearInterval(this.timer);
    for (const u of this.unsubscribe) u();
    this.dropAll();
  }

  private dropAll(): void {
    for (const ws of [...this.clients.keys()]) {
      ws.terminate();
      this.detach(ws);
    }
  }

  private detach(ws: WebSocket): void {
    const c = this.clients.get(ws);
    if (!c) return;
    for (const t of c.topics) this.byTopic.get(t)?.delete(ws);
    this.clients.delete(ws);
  }

  private send(ws: WebSocket, payload: unknown): void {
    if (ws.readyState !== ws.OPEN) return;
    if (this.faults.takeMalformedFrame()) ws.send(MALFORMED_FRAME);
    ws.send(stringify(payload));
  }

  private ack(ws: WebSocket, txid: number | undefined, error?: string): void {
    this.send(ws, error === undefined ? { type: 'ack', txid, success: true } : { type: 'ack', txid, success: false, error });
  }

  private onMessage(ws: WebSocket, text: string): void {
    const client = this.clients.get(ws);
    if (!client) return;
    client.lastSeen = this.state.now();
    let msg: unknown;
    try {
      msg = JSON.parse(text);
    } catch {
      this.ack(ws, undefined, 'Unexpected message format.');
      return;
    }
    if (!msg || typeof msg !== 'object' || Array.isArray(msg)) {
      this.ack(ws, undefined, 'Unexpected message format.');
      return;
    }
    const m = msg as { type?: unknown; txid?: unknown; topics?: unknown; uid?: unknown };
    if (typeof m.txid !== 'number' || !Number.isInteger(m.txid)) {
      this.ack(ws, undefined, 'Message must have a numeric txid.');
      return;
    }
    const txid = m.txid;
    switch (m.type) {
      case 'ping':
        if (!this.faults.missPings) this.ack(ws, txid);
        return;
      case 'identify':
        if (typeof m.uid !== 'string') return this.ack(ws, txid, 'identify needs a uid.');
        return this.ack(ws, txid);
      case 'subscribe':
      case 'unsubscribe': {
        if (!Array.isArray(m.topics) || !m.topics.every((t) => typeof t === 'string')) return this.ack(ws, txid, 'topics must be an array of strings.');
        for (const t of m.topics as string[]) {
          if (m.type === 'subscribe') {
            client.topics.add(t);
            let set = this.byTopic.get(t);
            if (!set) this.byTopic.set(t, (set = new Set()));
            set.add(ws);
          } else {
            client.topics.delete(t);
            this.byTopic.get(t)?.delete(ws);
          }
        }
        return this.ack(ws, txid);
      }
      default:
        return this.ack(ws, txid, 'Unknown message type.');
    }
  }

  private broadcast(topic: string, data: unknown): void {
    const subs = this.byTopic.get(topic);
    if (!subs || subs.size === 0) return;
    for (const ws of subs) this.send(ws, { type: 'broadcast', topic, data });
  }

  private onEvent(e: SimEvent): void {
    switch (e.type) {
      case 'new-bets': {
        const bets = e.bets.map(betRow);
        this.broadcast(`contract/${e.contract.id}/new-bet`, { bets });
        if (e.contract.visibility === 'public') this.broadcast('global/new-bet', { bets });
        return;
      }
      case 'orders': {
        this.broadcast(`contract/${e.contract.id}/orders`, { bets: e.bets.map(betRow) });
        const byUser = new Map<string, SimBet[]>();
        for (const b of e.bets) byUser.set(b.userId, [...(byUser.get(b.userId) ?? []), b]);
        for (const [userId, bets] of byUser) this.broadcast(`user/${userId}/orders`, { bets: bets.map(betRow) });
        return;
      }
      case 'contract':
        return this.onContract(e.contract, e.answers);
      case 'user':
        return this.broadcast(`user/${e.user.id}`, { user: userBalanceUpdate(e.user) });
    }
  }

  /** `contract/{id}` carries raw Contract fields (`prob`, not `probability`); answers go to their own topics too. */
  private onContract(c: SimContract, answers: SimAnswer[]): void {
    const partial: Record<string, unknown> = {
      id: c.id,
      lastBetTime: c.lastBetTime,
      volume: num(c.volume),
      lastUpdatedTime: c.lastUpdatedTime,
      uniqueBettorCount: c.bettors.size,
    };
    if (c.pool && c.p !== undefined) {
      partial.pool = { YES: num(c.pool.YES), NO: num(c.pool.NO) };
      partial.p = num(c.p);
      partial.totalLiquidity = c.totalLiquidity !== undefined ? num(c.totalLiquidity) : undefined;
      partial.prob = num(getCpmmProbability(c.pool, c.p));
    }
    if (c.isResolved) {
      partial.isResolved = true;
      partial.resolution = c.resolution;
      partial.resolutionTime = c.resolutionTime;
      partial.resolutionProbability = c.resolutionProbability !== undefined ? num(c.resolutionProbability) : undefined;
      partial.closeTime = c.closeTime;
    }
    const rows = answers.map(rawAnswer);
    if (rows.length > 0) partial.answers = rows;
    this.broadcast(`contract/${c.id}`, { contract: partial });
    if (c.visibility === 'public') this.broadcast('global/updated-contract', { contract: partial });
    if (rows.length > 0) {
      this.broadcast(`contract/${c.id}/updated-answers`, { answers: rows });
      for (const a of rows) this.broadcast(`answer/${a.id as string}/update`, { answer: a });
    }
  }
}
