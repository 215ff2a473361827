import { BadRequest, NetworkError, NotFound, Timeout, VenueError, VenueFormatError } from '../../src/core/index.js';
import type { VennError } from '../../src/core/index.js';
import { parseWire } from './wire-parse.js';
import { WsSubscribedMsg } from './wire-ws.js';

/**
 * Kalshi WebSocket commands (docs/venues/kalshi.md §9.2–9.4): `{id, cmd, params}` with a client-chosen
 * id echoed in the replies (`subscribed`, `ok`, `unsubscribed`, `error`).
 */

export interface CommandReply {
  type: string;
  sid?: number | null;
  seq?: number | null;
  msg?: unknown;
}

interface Pending {
  resolve: (reply: CommandReply) => void;
  reject: (err: unknown) => void;
  timer: NodeJS.Timeout;
  cmd: string;
}

/**
 * The sid a `subscribe` was given. A new subscription is acknowledged `subscribed` with its sid in
 * `msg`; a subscribe to a channel the connection already has is merged into that subscription and
 * acknowledged `ok` with the existing sid (and seq) at the top level (docs/venues/kalshi.md §9.3,
 * recorded frame `merged_subscribe_ok_response`).
 */
export function subscribedSid(reply: CommandReply): number {
  if (reply.type === 'ok') {
    if (typeof reply.sid === 'number' && Number.isSafeInteger(reply.sid)) return reply.sid;
    throw new VenueFormatError('kalshi ws subscribe: an ok reply without a sid', { venue: 'kalshi', endpoint: 'ws subscribe' });
  }
  return parseWire(WsSubscribedMsg, reply.msg, 'ws subscribe').sid;
}

/** WS error codes → error classes (§9.4). */
export function wsError(code: number, message: string, cmd: string): VennError {
  const details = { venue: 'kalshi' as const, venueCode: String(code), venueMessage: message, endpoint: `ws ${cmd}` };
  const text = `kalshi ws ${cmd}: error ${code}${message ? `: ${message}` : ''}`;
  if (code === 16) return new NotFound(text, details);
  if (code === 9) return new VenueError(text, details);
  if (code === 17 || code === 18 || code === 27) return new NetworkError(text, details);
  return new BadRequest(text, details);
}

export class CommandChannel {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly send: (text: string) => void,
    private readonly timeoutMs = 10_000,
  ) {}

  /** Sends a command and resolves with its first reply (or rejects on an `error` reply). */
  request(cmd: string, params?: Record<string, unknown>): Promise<CommandReply> {
    const id = this.nextId++;
    return new Promise<CommandReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Timeout(`kalshi ws ${cmd}: no reply within ${this.timeoutMs} ms`, { venue: 'kalshi', endpoint: `ws ${cmd}` }));
      }, this.timeoutMs);
      this.pending.set(id, { resolve, reject, timer, cmd });
      try {
        this.send(JSON.stringify(params ? { id, cmd, params } : { id, cmd }));
      } catch (err) {
        clearTimeout(timer);
        this.pending.delete(id);
        reject(err);
      }
    });
  }

  /** Sends without waiting for a reply (e.g. `get_snapshot`, answered by snapshots). */
  fire(cmd: string, params: Record<string, unknown>): void {
    this.send(JSON.stringify({ id: this.nextId++, cmd, params }));
  }

  /** Routes a reply frame; returns true when it answered a pending command. */
  settle(id: number | null | undefined, reply: CommandReply): boolean {
    if (id == null) return false;
    const p = this.pending.get(id);
    if (!p) return false;
    this.pending.delete(id);
    clearTimeout(p.timer);
    if (reply.type === 'error') {
      const m = (reply.msg ?? {}) as { code?: unknown; msg?: unknown };
      p.reject(wsError(typeof m.code === 'number' ? m.code : 0, typeof m.msg === 'string' ? m.msg : '', p.cmd));
    } else {
      p.resolve(reply);
    }
    return true;
  }

  /** Rejects every pending command (connection lost or closed). */
  failAll(err: unknown): void {
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(err);
      this.pending.delete(id);
    }
  }
}
