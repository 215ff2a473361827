import { Decimal, type Level, type OrderBook } from '../../src/core/index.js';
import type { BookLevelChange } from '../../src/venue/index.js';
import { poolProbability } from './cpmm.js';
import { toDecimal } from './fixed-math.js';
import { synthesizeBook, type BookPool } from './map-book.js';
import type { BookState } from './market-data.js';
import type { WireBet, WireRawAnswer } from './wire.js';

/**
 * What the stream knows of one market's book (docs/venues/manifold.md §WebSocket, §Synthesized
 * book): the AMM pool and the open limit orders, as the REST snapshot gave them and as the
 * `contract/{id}`, `updated-answers` and `orders` broadcasts changed them since. The synthesized
 * book is rebuilt from this state after every change (stream.ts).
 *
 * REST answers can be a few seconds old (the CDN's `max-age=5`), older than broadcasts already
 * received. So the broadcasts of the last `OVERLAY_MS` are kept, and a snapshot is merged with
 * those newer than it: a pool from a later `lastUpdatedTime`, an order in a later `updatedTime`.
 */

export const OVERLAY_MS = 20_000;
/** Probabilities the venue reports (doubles) and ours (36 places) agree to this much. */
const PROB_TOLERANCE = Decimal.parse('0.000000001');

interface PoolUpdate {
  pool: BookPool;
  time: number;
}

function orderTime(b: WireBet): number {
  return b.updatedTime ?? b.createdTime;
}

function isOpen(b: WireBet): boolean {
  return b.limitProb !== undefined && b.isFilled === false && b.isCancelled === false;
}

export class StreamBook {
  pool: BookPool | null = null;
  /** `lastUpdatedTime` of the contract when the pool was last set. */
  poolTime = 0;
  /** Whether the market trades (false once closed or resolved: the book is empty). */
  trading = true;
  readonly orders = new Map<string, WireBet>();
  /** The levels last emitted (a snapshot or a delta), to diff the next build against. */
  levels: { bids: Level[]; asks: Level[] } | null = null;
  private poolLog: (PoolUpdate & { at: number })[] = [];
  private orderLog: { bet: WireBet; at: number }[] = [];

  constructor(
    readonly marketId: string,
    readonly contractId: string,
    readonly answerId: string | undefined,
  ) {}

  /** The pool's probability of YES, or null without a pool. */
  probability(): Decimal | null {
    return this.pool ? toDecimal(poolProbability({ yes: this.pool.YES, no: this.pool.NO, p: this.pool.p }), 18, 'half-even') : null;
  }

  private prune(now: number): void {
    this.poolLog = this.poolLog.filter((u) => now - u.at <= OVERLAY_MS);
    this.orderLog = this.orderLog.filter((u) => now - u.at <= OVERLAY_MS);
  }

  /** Sets the pool from a broadcast; false when it carries an older state than the one held. */
  setPool(pool: BookPool, time: number, now: number): boolean {
    this.prune(now);
    this.poolLog.push({ pool, time, at: now });
    if (time < this.poolTime) return false;
    this.pool = pool;
    this.poolTime = time;
    return true;
  }

  /** Applies order rows from a broadcast (placed, filled as maker, cancelled); true when the book's orders changed. */
  upsertOrders(bets: readonly WireBet[], now: number): boolean {
    this.prune(now);
    let changed = false;
    for (const b of bets) {
      if ((b.answerId ?? undefined) !== this.answerId || b.limitProb === undefined) continue;
      this.orderLog.push({ bet: b, at: now });
      changed = this.applyOrder(b) || changed;
    }
    return changed;
  }

  private applyOrder(b: WireBet): boolean {
    const held = this.orders.get(b.id);
    if (held && orderTime(held) > orderTime(b)) return false;
    if (isOpen(b)) {
      this.orders.set(b.id, b);
      return true;
    }
    return this.orders.delete(b.id);
  }

  /** Replaces the state with a REST snapshot, then re-applies the broadcasts newer than it. */
  reset(state: BookState, now: number): void {
    this.prune(now);
    this.trading = state.pool !== null;
    this.pool = state.pool;
    this.poolTime = state.venueTimestamp ?? 0;
    this.orders.clear();
    for (const o of state.orders) if (isOpen(o)) this.orders.set(o.id, o);
    if (this.trading) {
      for (const u of this.poolLog) {
        if (u.time > this.poolTime) {
          this.pool = u.pool;
          this.poolTime = u.time;
        }
      }
      for (const { bet } of this.orderLog) this.applyOrder(bet);
    }
  }

  /** The pool of a multiple-choice answer from raw answers (`poolYes`, `poolNo`), if they name it. */
  answerPool(answers: readonly WireRawAnswer[]): BookPool | null {
    const a = answers.find((x) => x.id === this.answerId);
    return a?.poolYes !== undefined && a.poolNo !== undefined ? { YES: a.poolYes, NO: a.poolNo, p: '0.5' } : null;
  }

  /** Whether a probability the venue reports agrees with the pool held. */
  agrees(prob: string): boolean {
    const mine = this.probability();
    return mine !== null && mine.sub(prob).abs().lte(PROB_TOLERANCE);
  }

  /**
   * Whether a taker bet of this market fits the state: its `probBefore` (broadcast before the pool
   * moved) or its `probAfter` (after) is the probability held. Neither means an update was missed.
   */
  fits(bet: WireBet): boolean {
    if (bet.isRedemption || (bet.answerId ?? undefined) !== this.answerId || !this.pool) return true;
    if (bet.probBefore === undefined || bet.probAfter === undefined) return true;
    return this.agrees(bet.probBefore) || this.agrees(bet.probAfter);
  }

  /** The synthesized book of the state held (empty while the market does not trade). */
  build(now: number): OrderBook {
    if (!this.pool || !this.trading) {
      return { marketId: this.marketId, venue: 'manifold', bids: [], asks: [], seq: null, venueTimestamp: null, receivedAt: new Date(now).toISOString(), source: 'stream' };
    }
    const book = synthesizeBook(
      { marketId: this.marketId, pool: this.pool, orders: [...this.orders.values()], ...(this.answerId !== undefined ? { answerId: this.answerId } : {}), now },
      { venueTimestamp: this.poolTime || null, receivedAt: new Date(now) },
    );
    return { ...book, source: 'stream' };
  }

  /** The earliest expiry still ahead among the open orders (the book changes then without a broadcast). */
  nextExpiry(now: number): number | null {
    let next: number | null = null;
    for (const o of this.orders.values()) if (o.expiresAt !== undefined && o.expiresAt > now && (next === null || o.expiresAt < next)) next = o.expiresAt;
    return next;
  }
}

/** The level changes from one book to the next: new sizes of changed prices, `"0"` for removed ones. */
export function diffLevels(prev: { bids: Level[]; asks: Level[] }, next: { bids: Level[]; asks: Level[] }): BookLevelChange[] {
  const changes: BookLevelChange[] = [];
  const side = (a: Level[], b: Level[], s: 'bid' | 'ask') => {
    const before = new Map(a);
    const after = new Map(b);
    for (const [price, size] of after) if (before.get(price) !== size) changes.push({ side: s, price, size });
    for (const price of before.keys()) if (!after.has(price)) changes.push({ side: s, price, size: '0' });
  };
  side(prev.bids, next.bids, 'bid');
  side(prev.asks, next.asks, 'ask');
  return changes;
}
