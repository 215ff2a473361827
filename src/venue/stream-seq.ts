/**
 * Per-market `seq` for venues whose wire carries no sequence numbers (book hashes at best, or
 * nothing). Every snapshot and delta of a market gets the next
 * number, one more than the last, across snapshots, so consumers see one increasing series.
 *
 * A market is `awaiting` (subscribed, or reconnected: a snapshot is coming from the venue), `live`
 * (deltas apply), or `stale` (inconsistent: the stream must fetch a snapshot, e.g. from REST).
 * Deltas are numbered only while live; a market that is not live drops its deltas until the next
 * snapshot (never patch over a gap). `snapshots(m)` counts applied snapshots, so a REST snapshot
 * fetched while a venue snapshot arrived can be recognised as outdated and dropped.
 */

export type LocalSeqState = 'awaiting' | 'live' | 'stale';

interface MarketSeq {
  seq: number;
  state: LocalSeqState;
  snapshots: number;
}

export class LocalSeq {
  private readonly markets = new Map<string, MarketSeq>();

  /** Starts numbering a market (awaiting its first snapshot); no effect when already tracked. */
  track(marketId: string): void {
    if (!this.markets.has(marketId)) this.markets.set(marketId, { seq: 0, state: 'awaiting', snapshots: 0 });
  }

  forget(marketId: string): void {
    this.markets.delete(marketId);
  }

  has(marketId: string): boolean {
    return this.markets.has(marketId);
  }

  /** Tracked markets. */
  marketIds(): string[] {
    return [...this.markets.keys()];
  }

  state(marketId: string): LocalSeqState | undefined {
    return this.markets.get(marketId)?.state;
  }

  isLive(marketId: string): boolean {
    return this.markets.get(marketId)?.state === 'live';
  }

  /** The last number given out (0 before the first snapshot). */
  seq(marketId: string): number {
    return this.markets.get(marketId)?.seq ?? 0;
  }

  /** Snapshots applied so far. */
  snapshots(marketId: string): number {
    return this.markets.get(marketId)?.snapshots ?? 0;
  }

  /** The `seq` of a fresh snapshot: last + 1. The market turns live (tracked if it was not). */
  snapshot(marketId: string): number {
    this.track(marketId);
    const m = this.markets.get(marketId) as MarketSeq;
    m.seq += 1;
    m.snapshots += 1;
    m.state = 'live';
    return m.seq;
  }

  /** The `seq` of a delta (last + 1), or null when the market is not live: drop the delta. */
  delta(marketId: string): number | null {
    const m = this.markets.get(marketId);
    if (!m || m.state !== 'live') return null;
    m.seq += 1;
    return m.seq;
  }

  /**
   * Moves a tracked market to `awaiting` or `stale`. Returns true when its state changed: then
   * the stream emits one `status: stale` for it (repeated marks stay silent).
   */
  mark(marketId: string, state: Exclude<LocalSeqState, 'live'>): boolean {
    const m = this.markets.get(marketId);
    if (!m || m.state === state) return false;
    m.state = state;
    return true;
  }

  /** Marks every tracked market (a reconnect); returns those whose state changed. */
  markAll(state: Exclude<LocalSeqState, 'live'>): string[] {
    const changed: string[] = [];
    for (const marketId of this.markets.keys()) if (this.mark(marketId, state)) changed.push(marketId);
    return changed;
  }

  clear(): void {
    this.markets.clear();
  }
}
