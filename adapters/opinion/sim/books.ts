/**
 * One matching-engine book per market, in YES terms. Opinion serves one book per outcome token,
 * and the NO token's book is the YES book mirrored at 1 − p with sides swapped
 * (docs/venues/opinion.md §5.2, recorded on a live pair), which is exactly the shared book of the
 * engine: a NO bid at q rests as a YES ask at 1 − q, so YES and NO orders match each other
 * (Split for two buys, Merge for two sells). Books are created on first use and seeded around the
 * market's starting price, plus the far 0.001 / 0.999 levels live books carry.
 */
import { BinaryBook, createRng, seedBook, PRICE_SCALE, SIZE_SCALE } from '../../../src/sim/index.js';
import type { SimMarket, Universe } from './generate.js';

export type Outcome = 'yes' | 'no';

/** Owner of the resting liquidity seeded at the edges of the price range. */
export const EDGE_OWNER = '__edge__';

export interface LastTrade {
  /** YES price, micro-dollars. */
  yesPrice: number;
  /** The token the taker traded. */
  outcome: Outcome;
  /** Taker side on its own token. */
  side: 'buy' | 'sell';
  /** Taker's order type. */
  method: 'limit' | 'market';
  /** Micro-shares. */
  size: number;
  ts: number;
}

export interface MarketBook {
  market: SimMarket;
  book: BinaryBook;
  lastTrade?: LastTrade;
  /** (unix seconds, YES micro-price) of trades, oldest first, bounded. */
  history: [number, number][];
}

const SEED_LEVELS = 8;
const SEED_TICK = 10_000;
const HISTORY_LIMIT = 5000;

export class BookRegistry {
  private readonly books = new Map<number, MarketBook>();
  private readonly created: ((mb: MarketBook) => void)[] = [];

  constructor(
    private readonly universe: Universe,
    private readonly seed: number,
    private readonly now: () => number,
  ) {}

  onCreate(listener: (mb: MarketBook) => void): void {
    this.created.push(listener);
  }

  get(marketId: number): MarketBook | undefined {
    const existing = this.books.get(marketId);
    if (existing) return existing;
    const market = this.universe.byId.get(marketId);
    if (!market) return undefined;
    const book = new BinaryBook(String(marketId), { now: this.now });
    const mb: MarketBook = { market, book, history: [[market.createdAt, market.initialMid]] };
    if (market.status === 2) {
      seedBook(book, createRng(`${this.seed}:book:${marketId}`), {
        mid: market.initialMid,
        tick: SEED_TICK,
        levels: SEED_LEVELS,
        sizeRange: [5, 400],
      });
      for (const [side, price] of [['buy', 1_000], ['sell', PRICE_SCALE - 1_000]] as const) {
        book.submit({ id: `edge-${marketId}-${side}`, owner: EDGE_OWNER, side, outcome: 'yes', price, size: 70 * SIZE_SCALE, tif: 'gtc', stp: 'none' });
      }
    }
    this.books.set(marketId, mb);
    for (const l of this.created) l(mb);
    return mb;
  }

  byToken(tokenId: string): { mb: MarketBook; outcome: Outcome } | undefined {
    const hit = this.universe.byToken.get(tokenId);
    if (!hit) return undefined;
    const mb = this.get(hit.market.marketId);
    return mb ? { mb, outcome: hit.outcome } : undefined;
  }

  peek(marketId: number): MarketBook | undefined {
    return this.books.get(marketId);
  }

  all(): Iterable<MarketBook> {
    return this.books.values();
  }

  recordTrade(mb: MarketBook, trade: LastTrade): void {
    mb.lastTrade = trade;
    mb.history.push([Math.floor(trade.ts / 1000), trade.yesPrice]);
    if (mb.history.length > HISTORY_LIMIT) mb.history.splice(1, mb.history.length - HISTORY_LIMIT);
  }
}

/** Best-first levels of one token in the token's own price terms (micro units). */
export function tokenLevels(mb: MarketBook, outcome: Outcome): { bids: [number, number][]; asks: [number, number][] } {
  const { bids, asks } = mb.book.levels();
  if (outcome === 'yes') return { bids, asks };
  return {
    bids: asks.map(([p, s]) => [PRICE_SCALE - p, s]),
    asks: bids.map(([p, s]) => [PRICE_SCALE - p, s]),
  };
}

export function tokenIdOf(market: SimMarket, outcome: Outcome): string {
  return outcome === 'yes' ? market.yesTokenId : market.noTokenId;
}

/** A token's price from a YES price. */
export function ownPrice(yesPrice: number, outcome: Outcome): number {
  return outcome === 'yes' ? yesPrice : PRICE_SCALE - yesPrice;
}

/** Price the history shows for a token at `atS` (the last trade at or before it; history is in time order). */
export function priceAt(mb: MarketBook, outcome: Outcome, atS: number): number | undefined {
  const h = mb.history;
  let lo = 0;
  let hi = h.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (h[mid]![0] <= atS) lo = mid + 1;
    else hi = mid;
  }
  const hit = h[lo - 1];
  return hit === undefined ? undefined : ownPrice(hit[1], outcome);
}
