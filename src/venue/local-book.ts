import type { VenueId } from '../core/ids.js';
import type { BookSource, OrderBook } from '../core/orderbook.js';
import type { Level } from '../core/primitives.js';
import { formatFixed, parseFixed } from './fixed.js';

/**
 * A mutable order book in YES terms, maintained by every adapter stream from a snapshot plus
 * deltas. Prices and sizes are kept as integers in 1e-6 units (JS numbers, exact within the safe
 * integer range) in one `Map` per side, so a delta costs one string parse and one map update; the
 * sorted view is built only when `toOrderBook` is called. The best price of each side is tracked
 * incrementally and recomputed lazily when the best level is removed. Prices and sizes come out in
 * the model's canonical form (`"0.42"`, `"10"`).
 */

export type BookSide = 'bid' | 'ask';

/** Units per 1 of price or size. */
export const BOOK_SCALE = 6;

export class LocalBookError extends Error {
  override name = 'LocalBookError';
}

export interface BestLevel {
  price: string;
  size: string;
}

export class LocalBook {
  private readonly bids = new Map<number, number>();
  private readonly asks = new Map<number, number>();
  /** Best bid price in units, -1 when empty; valid unless `bidDirty`. */
  private bestBidUnits = -1;
  private bestAskUnits = Infinity;
  private bidDirty = false;
  private askDirty = false;

  /** Sequence number of the last applied snapshot or delta (set by the stream). */
  seq: number | null = null;
  /** Venue timestamp of the last update, ISO-8601. */
  venueTimestamp: string | null = null;

  constructor(
    readonly marketId: string,
    readonly venue: VenueId,
  ) {}

  /** Replaces the whole book. Zero-size levels are ignored; repeated prices keep the last size. */
  applySnapshot(bids: readonly Level[], asks: readonly Level[], seq: number | null, venueTs?: string | null): void {
    this.bids.clear();
    this.asks.clear();
    for (const [p, s] of bids) this.setScaled('bid', parseFixed(p, BOOK_SCALE), parseFixed(s, BOOK_SCALE));
    for (const [p, s] of asks) this.setScaled('ask', parseFixed(p, BOOK_SCALE), parseFixed(s, BOOK_SCALE));
    this.bidDirty = true;
    this.askDirty = true;
    this.seq = seq;
    this.venueTimestamp = venueTs ?? null;
  }

  /** Sets the absolute size of a level; `"0"` removes it. */
  set(side: BookSide, price: string, size: string): void {
    this.setScaled(side, parseFixed(price, BOOK_SCALE), parseFixed(size, BOOK_SCALE));
  }

  /** Adds a signed size delta to a level (venues that stream relative deltas). A result below zero throws. */
  add(side: BookSide, price: string, sizeDelta: string): void {
    this.addScaled(side, parseFixed(price, BOOK_SCALE), parseFixed(sizeDelta, BOOK_SCALE, true));
  }

  /** `set` with pre-scaled integers (1e-6 units). */
  setScaled(side: BookSide, price: number, size: number): void {
    if (size < 0 || !Number.isSafeInteger(size)) throw new LocalBookError(`${this.marketId}: invalid size ${size} at ${price}`);
    if (price < 0 || !Number.isSafeInteger(price)) throw new LocalBookError(`${this.marketId}: invalid price ${price}`);
    const map = side === 'bid' ? this.bids : this.asks;
    if (size === 0) this.remove(side, map, price);
    else this.store(side, map, price, size);
  }

  /** `add` with pre-scaled integers (1e-6 units). */
  addScaled(side: BookSide, price: number, delta: number): void {
    if (price < 0 || !Number.isSafeInteger(price)) throw new LocalBookError(`${this.marketId}: invalid price ${price}`);
    const map = side === 'bid' ? this.bids : this.asks;
    const next = (map.get(price) ?? 0) + delta;
    if (next < 0) {
      throw new LocalBookError(
        `${this.marketId}: ${side} level ${formatFixed(price, BOOK_SCALE)} would go negative (${formatFixed(next, BOOK_SCALE)})`,
      );
    }
    if (!Number.isSafeInteger(next)) throw new LocalBookError(`${this.marketId}: size overflow at ${price}`);
    if (next === 0) this.remove(side, map, price);
    else this.store(side, map, price, next);
  }

  private store(side: BookSide, map: Map<number, number>, price: number, size: number): void {
    map.set(price, size);
    if (side === 'bid') {
      if (!this.bidDirty && price > this.bestBidUnits) this.bestBidUnits = price;
    } else if (!this.askDirty && price < this.bestAskUnits) {
      this.bestAskUnits = price;
    }
  }

  private remove(side: BookSide, map: Map<number, number>, price: number): void {
    if (!map.delete(price)) return;
    if (side === 'bid') {
      if (price === this.bestBidUnits) this.bidDirty = true;
    } else if (price === this.bestAskUnits) {
      this.askDirty = true;
    }
  }

  /** Best bid price in units (-1 when there are no bids). */
  bestBidScaled(): number {
    if (this.bidDirty) {
      let best = -1;
      for (const p of this.bids.keys()) if (p > best) best = p;
      this.bestBidUnits = best;
      this.bidDirty = false;
    }
    return this.bestBidUnits;
  }

  /** Best ask price in units (Infinity when there are no asks). */
  bestAskScaled(): number {
    if (this.askDirty) {
      let best = Infinity;
      for (const p of this.asks.keys()) if (p < best) best = p;
      this.bestAskUnits = best;
      this.askDirty = false;
    }
    return this.bestAskUnits;
  }

  best(side: BookSide): BestLevel | null {
    const price = side === 'bid' ? this.bestBidScaled() : this.bestAskScaled();
    const size = (side === 'bid' ? this.bids : this.asks).get(price);
    if (size === undefined) return null;
    return { price: formatFixed(price, BOOK_SCALE), size: formatFixed(size, BOOK_SCALE) };
  }

  /** Size at a price, or null when there is no level there. */
  sizeAt(side: BookSide, price: string): string | null {
    const size = (side === 'bid' ? this.bids : this.asks).get(parseFixed(price, BOOK_SCALE));
    return size === undefined ? null : formatFixed(size, BOOK_SCALE);
  }

  /** True when the best bid is at or above the best ask (a locked book counts as crossed). */
  isCrossed(): boolean {
    return this.bids.size > 0 && this.asks.size > 0 && this.bestBidScaled() >= this.bestAskScaled();
  }

  get levelCount(): number {
    return this.bids.size + this.asks.size;
  }

  get isEmpty(): boolean {
    return this.levelCount === 0;
  }

  clear(): void {
    this.bids.clear();
    this.asks.clear();
    this.bestBidUnits = -1;
    this.bestAskUnits = Infinity;
    this.bidDirty = false;
    this.askDirty = false;
    this.seq = null;
    this.venueTimestamp = null;
  }

  /** Levels of one side, best first, as `[price, size]` strings. */
  levels(side: BookSide, depth = Infinity): Level[] {
    const map = side === 'bid' ? this.bids : this.asks;
    const prices = [...map.keys()];
    prices.sort(side === 'bid' ? (a, b) => b - a : (a, b) => a - b);
    const n = Math.min(prices.length, depth);
    const out: Level[] = new Array<Level>(n);
    for (let i = 0; i < n; i++) {
      const p = prices[i] as number;
      out[i] = [formatFixed(p, BOOK_SCALE), formatFixed(map.get(p) as number, BOOK_SCALE)];
    }
    return out;
  }

  /** The normalized `OrderBook`: bids descending, asks ascending, at most `depth` levels a side. */
  toOrderBook(options: { depth?: number; source: BookSource; receivedAt?: string }): OrderBook {
    const depth = options.depth ?? Infinity;
    return {
      marketId: this.marketId,
      venue: this.venue,
      bids: this.levels('bid', depth),
      asks: this.levels('ask', depth),
      seq: this.seq,
      venueTimestamp: this.venueTimestamp,
      receivedAt: options.receivedAt ?? new Date().toISOString(),
      source: options.source,
    };
  }
}
