import type { Lane } from './request-context.js';

/**
 * The waiters of one limiter, in two lanes: background work in one FIFO queue, interactive work
 * (API requests) in one FIFO queue per client, the clients served in turn (round robin), so that
 * one client's flood waits behind its own requests, not in front of everybody else's.
 */

export interface Waiter {
  tokens: number;
  lane: Lane;
  client: string;
  /** Arrival order across both lanes. */
  seq: number;
  resolve: () => void;
  reject: (err: unknown) => void;
  /** Removes abort listeners. */
  cleanup: () => void;
}

export class LaneQueues {
  private bg: Waiter[] = [];
  private bgHead = 0;
  /** Interactive waiters per client; Map order is the turn order (the head client is served next). */
  private readonly clients = new Map<string, Waiter[]>();
  private interactiveCount = 0;
  private seq = 0;

  nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }

  get background(): number {
    return this.bg.length - this.bgHead;
  }

  get interactive(): number {
    return this.interactiveCount;
  }

  get size(): number {
    return this.background + this.interactiveCount;
  }

  push(w: Waiter): void {
    if (w.lane === 'background') {
      this.bg.push(w);
      return;
    }
    let q = this.clients.get(w.client);
    if (!q) {
      q = [];
      this.clients.set(w.client, q);
    }
    q.push(w);
    this.interactiveCount += 1;
  }

  /** The next background waiter and the next interactive waiter (the head of the client whose turn it is). */
  heads(): { bg: Waiter | undefined; ir: Waiter | undefined } {
    const bg = this.bg[this.bgHead];
    const first = this.clients.values().next();
    return { bg, ir: first.done ? undefined : first.value[0] };
  }

  /** Removes a head returned by `heads()`; an interactive client then goes to the back of the turn order. */
  shift(w: Waiter): void {
    if (w.lane === 'background') {
      this.bgHead += 1;
      if (this.bgHead > 64 && this.bgHead * 2 > this.bg.length) {
        this.bg.splice(0, this.bgHead);
        this.bgHead = 0;
      }
      return;
    }
    const q = this.clients.get(w.client);
    if (!q) return;
    q.shift();
    this.interactiveCount -= 1;
    this.clients.delete(w.client);
    if (q.length > 0) this.clients.set(w.client, q);
  }

  /** Removes a waiter wherever it stands; false if it is not queued. */
  remove(w: Waiter): boolean {
    if (w.lane === 'background') {
      const i = this.bg.indexOf(w, this.bgHead);
      if (i < 0) return false;
      this.bg.splice(i, 1);
      return true;
    }
    const q = this.clients.get(w.client);
    const i = q ? q.indexOf(w) : -1;
    if (!q || i < 0) return false;
    q.splice(i, 1);
    this.interactiveCount -= 1;
    if (q.length === 0) this.clients.delete(w.client);
    return true;
  }

  /** Waiters queued by one client. */
  clientLength(client: string): number {
    return this.clients.get(client)?.length ?? 0;
  }

  /** The client with the most queued waiters. */
  longest(): { client: string; length: number } | undefined {
    let best: { client: string; length: number } | undefined;
    for (const [client, q] of this.clients) if (!best || q.length > best.length) best = { client, length: q.length };
    return best;
  }

  /** Takes out a client's most recent waiter (to shed it in favour of a client with fewer). */
  popNewest(client: string): Waiter | undefined {
    const q = this.clients.get(client);
    const w = q?.pop();
    if (!w || !q) return undefined;
    this.interactiveCount -= 1;
    if (q.length === 0) this.clients.delete(client);
    return w;
  }

  /**
   * Tokens served before a new request of `tokens` by `client` in turn order: its own queue plus
   * its length's worth of every other client's queue (round robin), and every background token.
   */
  tokensBefore(client: string, tokens: number): { interactive: number; background: number } {
    let own = tokens;
    for (const w of this.clients.get(client) ?? []) own += w.tokens;
    let interactive = own;
    for (const [c, q] of this.clients) {
      if (c === client) continue;
      let theirs = 0;
      for (const w of q) {
        if (theirs >= own) break;
        theirs += w.tokens;
      }
      interactive += Math.min(theirs, own);
    }
    let background = 0;
    for (let i = this.bgHead; i < this.bg.length; i++) background += (this.bg[i] as Waiter).tokens;
    return { interactive, background };
  }

  /** Empties both lanes, returning every waiter. */
  drainAll(): Waiter[] {
    const out = this.bg.slice(this.bgHead);
    for (const q of this.clients.values()) out.push(...q);
    this.bg = [];
    this.bgHead = 0;
    this.clients.clear();
    this.interactiveCount = 0;
    return out;
  }
}
