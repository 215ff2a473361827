/**
 * One matching-engine book per market (condition), in YES terms; the NO token's book is its
 * mirror (a YES bid at p is a NO ask at 1 − p). Books are created on first use and seeded with
 * deterministic depth around the market's initial price, so 20,000 generated markets cost nothing
 * until they are touched.
 */
import { createHash } from 'node:crypto';
import { BinaryBook, createRng, placeLevels, seedBook, PRICE_SCALE } from '../../../src/sim/index.js';
import type { SimMarket, TickSize, Universe } from './generate.js';
import { fmt, fmtAtLeast, tickUnits } from './format.js';

export type Outcome = 'yes' | 'no';

export interface LastTrade {
  /** YES price, micro-dollars. */
  yesPrice: number;
  /** Taker side in YES terms. */
  yesSide: 'BUY' | 'SELL';
  size: number;
  ts: number;
}

export interface MarketBook {
  market: SimMarket;
  book: BinaryBook;
  tick: TickSize;
  lastTrade?: LastTrade;
  /** (unix seconds, YES micro-price) of trades, oldest first, bounded. */
  history: [number, number][];
}

export interface WireLevel {
  price: string;
  size: string;
}

export interface BookSummary {
  market: string;
  asset_id: string;
  timestamp: string;
  hash: string;
  bids: WireLevel[];
  asks: WireLevel[];
  min_order_size: string;
  tick_size: string;
  neg_risk: boolean;
  last_trade_price: string;
}

const SEED_LEVELS = 8;
const HISTORY_LIMIT = 2000;

export class BookRegistry {
  private readonly books = new Map<string, MarketBook>();
  private readonly created: ((mb: MarketBook) => void)[] = [];

  constructor(
    private readonly universe: Universe,
    private readonly seed: number,
    private readonly now: () => number,
  ) {}

  /** Called for every book when it is created (after seeding). */
  onCreate(listener: (mb: MarketBook) => void): void {
    this.created.push(listener);
  }

  get(conditionId: string): MarketBook | undefined {
    const existing = this.books.get(conditionId);
    if (existing) return existing;
    const market = this.universe.byConditionId.get(conditionId);
    if (!market) return undefined;
    const book = new BinaryBook(conditionId, { now: this.now });
    const mb: MarketBook = { market, book, tick: market.tickSize, history: [] };
    if (!market.closed && !market.resolved && market.seedBook) placeLevels(book, market.seedBook);
    else if (!market.closed && !market.resolved) {
      seedBook(book, createRng(`${this.seed}:book:${conditionId}`), {
        mid: market.initialMid,
        tick: tickUnits(market.tickSize),
        levels: SEED_LEVELS,
        sizeRange: [5, 400],
      });
    }
    this.books.set(conditionId, mb);
    for (const l of this.created) l(mb);
    return mb;
  }

  /** The book of a token id with the token's outcome. */
  byToken(tokenId: string): { mb: MarketBook; outcome: Outcome } | undefined {
    const hit = this.universe.byTokenId.get(tokenId);
    if (!hit) return undefined;
    const mb = this.get(hit.market.conditionId);
    return mb ? { mb, outcome: hit.outcome } : undefined;
  }

  peek(conditionId: string): MarketBook | undefined {
    return this.books.get(conditionId);
  }

  /** Existing books, for the market-maker bots. */
  *entries(): Iterable<[string, BinaryBook]> {
    for (const [id, mb] of this.books) yield [id, mb.book];
  }

  all(): Iterable<MarketBook> {
    return this.books.values();
  }

  recordTrade(mb: MarketBook, trade: LastTrade): void {
    mb.lastTrade = trade;
    mb.history.push([Math.floor(trade.ts / 1000), trade.yesPrice]);
    if (mb.history.length > HISTORY_LIMIT) mb.history.splice(0, mb.history.length - HISTORY_LIMIT);
  }
}

/** Best-first levels of one token, in the token's own price terms (micro units). */
export function tokenLevels(mb: MarketBook, outcome: Outcome): { bids: [number, number][]; asks: [number, number][] } {
  const { bids, asks } = mb.book.levels();
  if (outcome === 'yes') return { bids, asks };
  return {
    bids: asks.map(([p, s]) => [PRICE_SCALE - p, s]),
    asks: bids.map(([p, s]) => [PRICE_SCALE - p, s]),
  };
}

export function bestOf(mb: MarketBook, outcome: Outcome): { bid?: number; ask?: number } {
  const bid = mb.book.bestBid()?.[0];
  const ask = mb.book.bestAsk()?.[0];
  if (outcome === 'yes') return { bid, ask };
  return { bid: ask === undefined ? undefined : PRICE_SCALE - ask, ask: bid === undefined ? undefined : PRICE_SCALE - bid };
}

export function tokenIdOf(market: SimMarket, outcome: Outcome): string {
  return outcome === 'yes' ? market.yesTokenId : market.noTokenId;
}

/** Last trade price of a token, micro-dollars, in the token's terms. */
export function lastTradeOf(mb: MarketBook, outcome: Outcome): number | undefined {
  const p = mb.lastTrade?.yesPrice;
  if (p === undefined) return undefined;
  return outcome === 'yes' ? p : PRICE_SCALE - p;
}

/**
 * The `GET /book` summary of one token: bids ascending and asks descending (best last), as the
 * venue serves them, `last_trade_price` with at least 3 decimals as the recorded books write it
 * (`"0.440"`). `hash` is the SHA-1 of this same object serialized with `hash: ""`, key order as here
 * (docs/venues/polymarket.md §4.2): the same hash stamps the market channel's `book` and
 * `price_change` events.
 */
export function bookSummary(mb: MarketBook, outcome: Outcome, nowMs: number): BookSummary {
  const { bids, asks } = tokenLevels(mb, outcome);
  const last = lastTradeOf(mb, outcome);
  const summary: BookSummary = {
    market: mb.market.conditionId,
    asset_id: tokenIdOf(mb.market, outcome),
    timestamp: String(nowMs),
    hash: '',
    bids: bids.reverse().map(([p, s]) => ({ price: fmt(p), size: fmt(s) })),
    asks: asks.reverse().map(([p, s]) => ({ price: fmt(p), size: fmt(s) })),
    min_order_size: mb.market.minOrderSize,
    tick_size: mb.tick,
    neg_risk: mb.market.negRisk,
    last_trade_price: last === undefined ? '' : fmtAtLeast(last, 3),
  };
  summary.hash = summaryHash(summary);
  return summary;
}

export function summaryHash(summary: BookSummary): string {
  return createHash('sha1').update(JSON.stringify({ ...summary, hash: '' })).digest('hex');
}
