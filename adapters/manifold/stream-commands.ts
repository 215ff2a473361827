import { NetworkError, Timeout, VenueError } from '../../src/core/index.js';
import type { ScopedTimer, StreamScope } from '../../src/venue/index.js';

/**
 * Client messages of Manifold's WebSocket (docs/venues/manifold.md §WebSocket): `subscribe`,
 * `unsubscribe` and `ping`, each with a numeric `txid` that the server's `ack` echoes
 * (`success: false` with an `error` when it refuses). As the official client does, an ack later
 * than `ackTimeoutMs` (5 s) counts as a dead connection: the caller reconnects.
 */

interface Pending {
  resolve: () => void;
  reject: (err: unknown) => void;
  timer: ScopedTimer;
  type: string;
}

export class CommandChannel {
  private txid = 0;
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly scope: StreamScope,
    private readonly send: (text: string) => void,
    private readonly onAckTimeout: () => void,
    private readonly ackTimeoutMs = 5_000,
  ) {}

  get inFlight(): number {
    return this.pending.size;
  }

  /** Sends a message and resolves on its ack. */
  request(type: 'subscribe' | 'unsubscribe' | 'ping', topics?: readonly string[]): Promise<void> {
    const txid = ++this.txid;
    return new Promise<void>((resolve, reject) => {
      const timer = this.scope.timeout(this.ackTimeoutMs, () => {
        this.pending.delete(txid);
        reject(new Timeout(`manifold ws ${type}: no ack within ${this.ackTimeoutMs} ms`, { venue: 'manifold', endpoint: `ws ${type}` }));
        this.onAckTimeout();
      });
      this.pending.set(txid, { resolve, reject, timer, type });
      try {
        this.send(JSON.stringify(topics ? { type, txid, topics } : { type, txid }));
      } catch (err) {
        timer.cancel();
        this.pending.delete(txid);
        reject(err);
      }
    });
  }

  /** An `ack` frame; false when it answers nothing we sent (e.g. the ack of an unparseable message). */
  ack(txid: number | undefined, success: boolean, error?: string): boolean {
    if (txid === undefined) return false;
    const p = this.pending.get(txid);
    if (!p) return false;
    this.pending.delete(txid);
    p.timer.cancel();
    if (success) p.resolve();
    else p.reject(new VenueError(`manifold ws ${p.type}: refused${error ? `: ${error}` : ''}`, { venue: 'manifold', endpoint: `ws ${p.type}`, ...(error ? { venueMessage: error } : {}) }));
    return true;
  }

  /** The connection is gone: every message in flight failed. */
  failAll(reason: string): void {
    for (const [txid, p] of this.pending) {
      p.timer.cancel();
      p.reject(new NetworkError(`manifold ws ${p.type}: ${reason}`, { venue: 'manifold', endpoint: `ws ${p.type}` }));
      this.pending.delete(txid);
    }
  }
}
