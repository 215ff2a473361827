import type { Level } from '../../src/core/index.js';
import { BOOK_SCALE, LocalBook, formatFixed, parseFixed, type BookLevelChange } from '../../src/venue/index.js';
import { VENUE } from './constants.js';
import { mapTokenBook, type BookAssumption, type TokenPair, type YesLevelUpdate } from './map-book.js';
import type { WireOrderbook } from './wire-market.js';

/**
 * One market's live book in YES terms, kept from the two outcome tokens' books
 * (docs/venues/opinion.md §5.2, §9). `market.depth.diff` frames carry a level's new absolute size,
 * one level per frame, keyed by token id, with no snapshot and no sequence number; a book is seeded
 * from REST and the frames received meanwhile are replayed on top. Replaying absolute sizes is
 * exact: for every level, the last frame wins, and a frame older than the REST read either repeats
 * what REST shows or is overwritten by a later frame of the same level. So a REST snapshot plus the
 * frames received since the request was sent is the book as of the last frame — which also makes a
 * REST check exact: it must equal the book kept from the stream.
 *
 * Both tokens' books are kept, the NO book mirrored into YES terms (a NO bid at q is a YES ask at
 * 1 − q). Mirrored venue (the recorded behaviour and the default assumption): the served book is
 * the YES book, and the mirrored NO book must agree with it level by level; a level that still
 * disagrees after a grace period (the two frames of one change arrive one after the other) is an
 * inconsistency. Independent books: the served book is their sum per level.
 */

function levelKey(side: 'bid' | 'ask', price: string): string {
  return `${side}|${price}`;
}

export class MarketBook {
  /** The YES token's levels. */
  readonly yes: LocalBook;
  /** The NO token's levels, mirrored into YES terms. */
  readonly no: LocalBook;
  /** The book served: the YES book (mirrored venue) or YES + NO per level (independent). */
  readonly out: LocalBook;
  /** Levels where the YES book and the mirrored NO book disagree, with the time they started to. */
  private readonly mismatches = new Map<string, number>();

  constructor(
    readonly marketId: string,
    readonly pair: TokenPair,
    readonly assume: BookAssumption,
  ) {
    this.yes = new LocalBook(marketId, VENUE);
    this.no = new LocalBook(marketId, VENUE);
    this.out = assume === 'mirrored' ? this.yes : new LocalBook(marketId, VENUE);
  }

  /**
   * Seeds from the two REST books (the NO one may be absent under the mirrored assumption) and
   * replays the frames received since the request was sent. Mismatches between the two books are
   * then exact: both describe the present.
   */
  static seeded(marketId: string, pair: TokenPair, assume: BookAssumption, yes: WireOrderbook, no: WireOrderbook | null, replay: readonly YesLevelUpdate[], nowMs: number): MarketBook {
    const book = new MarketBook(marketId, pair, assume);
    const y = mapTokenBook(yes, pair);
    book.yes.applySnapshot(y.bids, y.asks, null, y.venueTimestamp);
    if (no) {
      const n = mapTokenBook(no, pair);
      book.no.applySnapshot(n.bids, n.asks, null, n.venueTimestamp);
    }
    for (const u of replay) if (no || u.token === 'yes') book.setLevel(u);
    if (assume === 'independent') book.rebuildSum();
    if (no && assume === 'mirrored') book.recheckAll(nowMs);
    return book;
  }

  private setLevel(u: YesLevelUpdate): void {
    (u.token === 'yes' ? this.yes : this.no).set(u.side, u.price, u.size);
  }

  private rebuildSum(): void {
    const sum = (side: 'bid' | 'ask'): Level[] => {
      const sizes = new Map<string, number>();
      for (const b of [this.yes, this.no]) for (const [p] of b.levels(side)) sizes.set(p, 0);
      return [...sizes.keys()].map((p) => [p, this.sumAt(side, p)] as Level).filter(([, s]) => s !== '0');
    };
    this.out.applySnapshot(sum('bid'), sum('ask'), null, this.yes.venueTimestamp);
  }

  private sumAt(side: 'bid' | 'ask', price: string): string {
    // Both sizes are whole micro-shares (`BOOK_SCALE`): the sum is exact in integers.
    const units = (s: string | null) => (s === null ? 0 : parseFixed(s, BOOK_SCALE));
    return formatFixed(units(this.yes.sizeAt(side, price)) + units(this.no.sizeAt(side, price)), BOOK_SCALE);
  }

  /**
   * Applies one diff. Returns the change of the served book, or null when it did not change (a NO
   * diff under the mirrored assumption only feeds the mirror check).
   */
  apply(u: YesLevelUpdate, nowMs: number): BookLevelChange | null {
    this.setLevel(u);
    if (this.assume === 'mirrored') {
      this.recheck(u.side, u.price, nowMs);
      return u.token === 'yes' ? { side: u.side, price: u.price, size: u.size } : null;
    }
    const size = this.sumAt(u.side, u.price);
    this.out.set(u.side, u.price, size);
    return { side: u.side, price: u.price, size };
  }

  private recheck(side: 'bid' | 'ask', price: string, nowMs: number): void {
    const key = levelKey(side, price);
    if (this.yes.sizeAt(side, price) === this.no.sizeAt(side, price)) this.mismatches.delete(key);
    else if (!this.mismatches.has(key)) this.mismatches.set(key, nowMs);
  }

  private recheckAll(nowMs: number): void {
    this.mismatches.clear();
    for (const side of ['bid', 'ask'] as const) {
      const prices = new Set([...this.yes.levels(side), ...this.no.levels(side)].map(([p]) => p));
      for (const p of prices) this.recheck(side, p, nowMs);
    }
  }

  /** A level where the mirrored NO book has disagreed with the YES book for longer than `graceMs`. */
  lastingMismatch(nowMs: number, graceMs: number): string | null {
    for (const [key, since] of this.mismatches) if (nowMs - since >= graceMs) return key;
    return null;
  }

  /** Levels where the two books disagree now. */
  get mismatchCount(): number {
    return this.mismatches.size;
  }

  /** Whether the served books of two states are the same, level by level. */
  sameAs(other: MarketBook): boolean {
    const eq = (a: Level[], b: Level[]) => a.length === b.length && a.every(([p, s], i) => b[i]?.[0] === p && b[i]?.[1] === s);
    return eq(this.out.levels('bid'), other.out.levels('bid')) && eq(this.out.levels('ask'), other.out.levels('ask'));
  }
}
