import type { LocalSeq } from './stream-seq.js';
import type { ScopedTimer, StreamScope } from './stream-scope.js';

/**
 * Snapshots fetched outside the socket (REST) for markets numbered by `LocalSeq`: after a gap or
 * an inconsistency, on reconnect for venues that do not resend books, or when the venue's own
 * snapshot did not come. One fetch per market at a time; a failed fetch (or a failed `apply`) is
 * retried after `retryMs` until it succeeds or the market is forgotten; a result is dropped when
 * the market was forgotten (or re-tracked) meanwhile, or a newer snapshot was applied meanwhile.
 */

export interface SnapshotResyncOptions<S> {
  scope: StreamScope;
  seqs: LocalSeq;
  /** Fetches a market's snapshot (the market id as tracked by `seqs`). */
  fetch(marketId: string): Promise<S>;
  /** Applies a fetched snapshot: numbers it with `seqs.snapshot` and emits it. */
  apply(marketId: string, snapshot: S): void;
  /** Delay before fetching again after a failure (default 1 s). */
  retryMs?: number;
}

export class SnapshotResync<S> {
  /** The token of each market's fetch in flight. */
  private readonly inFlight = new Map<string, object>();
  private readonly retries = new Map<string, ScopedTimer>();
  /** Fetches started, and failed. */
  readonly counters = { fetches: 0, failures: 0 };

  constructor(private readonly options: SnapshotResyncOptions<S>) {}

  isResyncing(marketId: string): boolean {
    return this.inFlight.has(marketId) || this.retries.has(marketId);
  }

  /**
   * Fetches the market's snapshot unless a fetch is already in flight. A live market turns stale
   * first (one `status: stale` with `reason`). Returns whether a fetch started.
   */
  request(marketId: string, reason: string): boolean {
    const { scope, seqs } = this.options;
    if (scope.closed || !seqs.has(marketId) || this.inFlight.has(marketId)) return false;
    this.retries.get(marketId)?.cancel();
    this.retries.delete(marketId);
    if (seqs.isLive(marketId) && seqs.mark(marketId, 'stale')) scope.emit({ type: 'status', state: 'stale', marketId, reason });
    const token = {};
    this.inFlight.set(marketId, token);
    this.counters.fetches += 1;
    const snapshots = seqs.snapshots(marketId);
    const current = () => !scope.closed && this.inFlight.get(marketId) === token;
    void Promise.resolve()
      .then(() => this.options.fetch(marketId))
      .then(
      (snapshot) => {
        if (!current()) return;
        this.inFlight.delete(marketId);
        // A snapshot from the venue arrived meanwhile: it is newer than this one.
        if (seqs.snapshots(marketId) !== snapshots && seqs.isLive(marketId)) return;
        try {
          this.options.apply(marketId, snapshot);
        } catch (err) {
          this.failed(marketId, reason, err);
        }
      },
      (err: unknown) => {
        if (!current()) return;
        this.inFlight.delete(marketId);
        this.failed(marketId, reason, err);
      },
    );
    return true;
  }

  private failed(marketId: string, reason: string, err: unknown): void {
    const { scope } = this.options;
    this.counters.failures += 1;
    scope.logger?.warn({ venue: scope.venue, market: marketId, err: err instanceof Error ? err.message : String(err) }, 'stream resync failed');
    const retry = scope.timeout(this.options.retryMs ?? 1_000, () => {
      this.retries.delete(marketId);
      this.request(marketId, reason);
    });
    if (retry.active) this.retries.set(marketId, retry);
  }

  /** Stops resyncing a market (unsubscribed): a fetch in flight is dropped, a retry cancelled. */
  forget(marketId: string): void {
    this.inFlight.delete(marketId);
    this.retries.get(marketId)?.cancel();
    this.retries.delete(marketId);
  }
}
