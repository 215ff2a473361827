import { LocalSeq, SnapshotResync, type StreamScope } from '../../src/venue/index.js';
import type { OpinionClient } from './client.js';
import { VENUE } from './constants.js';
import { depthDiffToYes, type BookAssumption, type TokenPair, type YesLevelUpdate } from './map-book.js';
import { MarketBook } from './stream-book.js';
import type { WireOrderbook } from './wire-market.js';
import type { WsDepthDiff } from './wire-ws.js';

/**
 * The live books of a stream (docs/venues/opinion.md §9): per subscribed market, its `MarketBook`,
 * our own `seq` (`LocalSeq`: the venue numbers nothing) and the REST snapshots that seed and repair
 * it (`SnapshotResync`). Frames are routed by **token id** — a market's two tokens share the
 * channel, and mixing their levels (keying by market id) would corrupt the book.
 *
 * A market's book is seeded once its depth subscription is in place; frames received while a REST
 * snapshot is in flight are kept and replayed on it (see `MarketBook`). A book is rebuilt from REST
 * when it becomes inconsistent: a diff would cross it, the mirrored NO book keeps disagreeing with
 * the YES book, a frame of its channel could not be read, a periodic REST check disagrees, or the
 * connection dropped (frames were lost).
 */

export interface BookKeeperOptions {
  scope: StreamScope;
  client: OpinionClient;
  assume: BookAssumption;
  /** A level may disagree between the two books this long before it counts (default 5 s). */
  mirrorGraceMs: number;
  /** Periodic REST check of every live book; 0 = none. */
  restCheckIntervalMs: number;
  /** How often lasting mirror mismatches are looked for (default 1 s). */
  sweepMs: number;
  resyncRetryMs?: number;
  /** Emits the book events of a market only while it is wanted on `book`. */
  wantsBook(marketNativeId: number): boolean;
}

interface BookState {
  id: number;
  marketId: string;
  pair: TokenPair;
  book: MarketBook | null;
  /** Frames since the oldest REST request in flight; null when none is. */
  buffer: YesLevelUpdate[] | null;
  fetches: number;
  /** Bumped when frames were lost (reconnect, buffer overflow): snapshots begun before are void. */
  epoch: number;
  checking: boolean;
  /** Resyncs in a row caused by the mirror check; past a few, the mirror is no longer checked. */
  mirrorResyncs: number;
  waiters: { resolve: () => void; reject: (err: unknown) => void }[];
}

interface Snapshot {
  yes: WireOrderbook;
  no: WireOrderbook | null;
  replay: YesLevelUpdate[];
  epoch: number;
}

export interface BookStats {
  /** Depth frames received per token of subscribed markets. */
  yesDiffs: number;
  noDiffs: number;
  snapshots: number;
  deltas: number;
  resyncs: number;
  inconsistencies: number;
  mirrorMismatches: number;
  restChecks: number;
  restMismatches: number;
}

const MAX_BUFFER = 100_000;
const MAX_MIRROR_RESYNCS = 3;

export class BookKeeper {
  private readonly byId = new Map<number, BookState>();
  private readonly byToken = new Map<string, BookState>();
  private readonly seqs = new LocalSeq();
  private readonly resyncs: SnapshotResync<Snapshot>;
  readonly stats: BookStats = { yesDiffs: 0, noDiffs: 0, snapshots: 0, deltas: 0, resyncs: 0, inconsistencies: 0, mirrorMismatches: 0, restChecks: 0, restMismatches: 0 };

  constructor(private readonly o: BookKeeperOptions) {
    this.resyncs = new SnapshotResync<Snapshot>({
      scope: o.scope,
      seqs: this.seqs,
      retryMs: o.resyncRetryMs ?? 1_000,
      fetch: (marketId) => this.fetch(this.stateOf(marketId)),
      apply: (marketId, snap) => this.applySnapshot(this.stateOf(marketId), snap),
    });
    o.scope.every(o.sweepMs, () => this.sweep(), { unref: true });
    if (o.restCheckIntervalMs > 0) o.scope.every(o.restCheckIntervalMs, () => this.checkAll(), { unref: true });
    o.scope.onClose(() => {
      const err = new Error(`${VENUE} stream closed before the first snapshot`);
      for (const st of this.byId.values()) for (const w of st.waiters.splice(0)) w.reject(err);
      this.byId.clear();
      this.byToken.clear();
      this.seqs.clear();
    });
  }

  private stateOf(marketId: string): BookState {
    const st = this.byId.get(Number(marketId.slice(VENUE.length + 1)));
    if (!st) throw new Error(`${VENUE} stream: ${marketId} is no longer subscribed`);
    return st;
  }

  /** The served book of a market, when live. */
  book(id: number): MarketBook | null {
    const st = this.byId.get(id);
    return st && this.seqs.isLive(st.marketId) ? st.book : null;
  }

  has(id: number): boolean {
    return this.byId.has(id);
  }

  /** Starts keeping a market's book; resolves at its first snapshot. */
  track(id: number, marketId: string, pair: TokenPair): Promise<void> {
    let st = this.byId.get(id);
    if (!st) {
      st = { id, marketId, pair, book: null, buffer: null, fetches: 0, epoch: 0, checking: false, mirrorResyncs: 0, waiters: [] };
      this.byId.set(id, st);
      this.byToken.set(pair.yesTokenId, st);
      this.byToken.set(pair.noTokenId, st);
      this.seqs.track(marketId);
    }
    if (this.seqs.isLive(marketId)) return Promise.resolve();
    const waiting = st;
    return new Promise<void>((resolve, reject) => waiting.waiters.push({ resolve, reject }));
  }

  /** Stops keeping a market's book; a subscription waiting for it resolves, or fails with `error`. */
  forget(id: number, error?: Error): void {
    const st = this.byId.get(id);
    if (!st) return;
    this.byId.delete(id);
    this.byToken.delete(st.pair.yesTokenId);
    this.byToken.delete(st.pair.noTokenId);
    this.seqs.forget(st.marketId);
    this.resyncs.forget(st.marketId);
    for (const w of st.waiters.splice(0)) if (error) w.reject(error);
    else w.resolve();
  }

  /** The depth subscription of a market is in place: seed its book from REST. */
  subscribed(id: number): void {
    const st = this.byId.get(id);
    if (st && !this.seqs.isLive(st.marketId)) this.request(st, 'subscribed');
  }

  /** The connection dropped: every book missed frames and waits for a new snapshot. */
  connectionLost(): void {
    for (const st of this.byId.values()) {
      st.epoch += 1;
      st.buffer = st.fetches > 0 ? [] : null;
      if (this.seqs.mark(st.marketId, 'awaiting')) this.o.scope.emit({ type: 'status', state: 'stale', marketId: st.marketId, reason: 'reconnect' });
    }
  }

  /** A depth frame could not be read: the book of its market (if known) has lost an update. */
  unreadable(id: number | undefined): void {
    const st = id === undefined ? undefined : this.byId.get(id);
    if (st) this.inconsistent(st, 'unreadable depth frame');
  }

  /** One `market.depth.diff` frame, routed by its token id. */
  onDiff(frame: WsDepthDiff): void {
    const st = this.byToken.get(frame.tokenId);
    if (!st) return;
    if (frame.marketId !== st.id) {
      this.inconsistent(st, `a diff of token ${frame.tokenId} names market ${frame.marketId}`);
      return;
    }
    const u = depthDiffToYes(frame, st.pair);
    if (u.token === 'yes') this.stats.yesDiffs += 1;
    else this.stats.noDiffs += 1;
    if (st.buffer) {
      st.buffer.push(u);
      if (st.buffer.length > MAX_BUFFER) {
        st.epoch += 1;
        st.buffer = [];
      }
    }
    if (!st.book || !this.seqs.isLive(st.marketId)) return;
    const change = st.book.apply(u, this.o.scope.clock.now());
    if (!change) return;
    if (st.book.out.isCrossed()) {
      this.inconsistent(st, `crossed book after ${change.side} ${change.price}`);
      return;
    }
    const seq = this.seqs.delta(st.marketId);
    if (seq === null) return;
    st.book.out.seq = seq;
    this.stats.deltas += 1;
    if (this.o.wantsBook(st.id)) {
      this.o.scope.emit({ type: 'delta', marketId: st.marketId, seq, changes: [change], venueTimestamp: null, receivedAt: new Date().toISOString() });
    }
  }

  private inconsistent(st: BookState, reason: string): void {
    this.stats.inconsistencies += 1;
    this.o.scope.logger?.warn({ venue: VENUE, market: st.id, reason }, 'opinion stream: book inconsistent, resyncing');
    if (this.seqs.mark(st.marketId, 'stale')) this.o.scope.emit({ type: 'status', state: 'stale', marketId: st.marketId, reason });
    this.request(st, reason);
  }

  private request(st: BookState, reason: string): void {
    if (this.resyncs.request(st.marketId, reason)) this.stats.resyncs += 1;
  }

  /** Both tokens' REST books, with the frames received while they were fetched. */
  private async fetch(st: BookState): Promise<Snapshot> {
    if (st.fetches++ === 0) st.buffer = [];
    const epoch = st.epoch;
    const withNo = this.o.assume === 'independent' || st.mirrorResyncs < MAX_MIRROR_RESYNCS;
    try {
      const [yes, no] = await Promise.all([this.o.client.orderbook(st.pair.yesTokenId), withNo ? this.o.client.orderbook(st.pair.noTokenId) : null]);
      return { yes, no, replay: [...(st.buffer ?? [])], epoch };
    } finally {
      if (--st.fetches === 0) st.buffer = null;
    }
  }

  private seeded(st: BookState, snap: Snapshot): MarketBook {
    if (snap.epoch !== st.epoch) throw new Error(`${VENUE} stream: frames of market ${st.id} were lost while its snapshot was fetched`);
    return MarketBook.seeded(st.marketId, st.pair, this.o.assume, snap.yes, snap.no, snap.replay, this.o.scope.clock.now());
  }

  private applySnapshot(st: BookState, snap: Snapshot): void {
    const book = this.seeded(st, snap);
    if (this.o.assume === 'mirrored' && snap.no && book.mismatchCount > 0) {
      this.stats.mirrorMismatches += 1;
      st.mirrorResyncs += 1;
      this.o.scope.logger?.warn(
        { venue: VENUE, market: st.id, levels: book.mismatchCount, resyncs: st.mirrorResyncs },
        st.mirrorResyncs >= MAX_MIRROR_RESYNCS ? 'opinion stream: the NO book does not mirror the YES book; no longer checking it (consider assume: independent)' : 'opinion stream: the NO book does not mirror the YES book',
      );
    } else {
      st.mirrorResyncs = 0;
    }
    this.adopt(st, book);
  }

  private adopt(st: BookState, book: MarketBook): void {
    st.book = book;
    const seq = this.seqs.snapshot(st.marketId);
    book.out.seq = seq;
    this.stats.snapshots += 1;
    if (this.o.wantsBook(st.id)) this.o.scope.emit({ type: 'snapshot', book: book.out.toOrderBook({ source: 'stream' }) });
    for (const w of st.waiters.splice(0)) w.resolve();
  }

  /** Books whose mirrored NO book has disagreed for too long are rebuilt. */
  private sweep(): void {
    if (this.o.assume !== 'mirrored') return;
    const now = this.o.scope.clock.now();
    for (const st of this.byId.values()) {
      if (!st.book || !this.seqs.isLive(st.marketId) || st.mirrorResyncs >= MAX_MIRROR_RESYNCS) continue;
      const level = st.book.lastingMismatch(now, this.o.mirrorGraceMs);
      if (level) {
        this.stats.mirrorMismatches += 1;
        st.mirrorResyncs += 1;
        this.inconsistent(st, `the NO book disagrees with the YES book at ${level}`);
      }
    }
  }

  private checkAll(): void {
    for (const st of this.byId.values()) if (!st.checking && st.book && this.seqs.isLive(st.marketId)) void this.check(st);
  }

  /**
   * A REST check of a live book: REST plus the frames received meanwhile is the present book
   * exactly, so any difference means the stream lost something. The checked book then replaces
   * it, announced as a new snapshot after a `stale`.
   */
  async check(st: BookState): Promise<boolean> {
    st.checking = true;
    this.stats.restChecks += 1;
    try {
      const snap = await this.fetch(st);
      if (this.byId.get(st.id) !== st || !st.book || !this.seqs.isLive(st.marketId) || snap.epoch !== st.epoch) return true;
      const fresh = this.seeded(st, snap);
      if (fresh.sameAs(st.book)) return true;
      this.stats.restMismatches += 1;
      this.stats.inconsistencies += 1;
      const reason = 'REST check disagrees with the streamed book';
      this.o.scope.logger?.warn({ venue: VENUE, market: st.id }, `opinion stream: ${reason}`);
      if (this.seqs.mark(st.marketId, 'stale')) this.o.scope.emit({ type: 'status', state: 'stale', marketId: st.marketId, reason });
      this.adopt(st, fresh);
      return false;
    } catch (err) {
      this.o.scope.logger?.warn({ venue: VENUE, market: st.id, err: err instanceof Error ? err.message : String(err) }, 'opinion stream: REST check failed');
      return true;
    } finally {
      st.checking = false;
    }
  }

  /** Runs the REST check of one market now (tests, drills). */
  checkNow(id: number): Promise<boolean> {
    const st = this.byId.get(id);
    if (!st) return Promise.resolve(true);
    return this.check(st);
  }
}
