/**
 * The Kalshi simulator's state: generated catalog with its indices, lazily created and seeded
 * order books (one BinaryBook per market), accounts, public trades, and an event hub the WS
 * layer listens to. Book activity (bots and API orders alike) flows through `onBookChange`.
 */
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { BinaryBook, createRng, isBotOwner, placeLevels, seedBook, seedLevels, type EngineOrder, type LevelChange, type Rng, type SubmitResult } from '../../../src/sim/index.js';
import { appendCrossListed } from './cross-listed.js';
import { generateMarkets } from './generate.js';
import { coarsestStep } from './grid.js';
import { accountFill, recordTrade } from './ledger.js';
import type { SimAccount, SimEvent, SimMarket, SimOrder, SimSeries, SimTrade } from './model.js';

export interface StateOptions {
  seed: number;
  markets: number;
  balanceMicros: number;
  /** Seed initial depth into books (default true). */
  seedBooks?: boolean;
  /** Adds the markets other simulated venues list too (see cross-listed.ts). */
  crossListed?: boolean;
  now?: () => number;
}

export interface BookEvent {
  market: SimMarket;
  changes: LevelChange[];
  cause: SubmitResult | undefined;
}

/** Books created eagerly at start; the rest are created on first access. */
const EAGER_BOOKS = 500;
/** Public trades kept in memory (oldest dropped). */
const MAX_TRADES = 100_000;

export class KalshiState {
  readonly series = new Map<string, SimSeries>();
  readonly seriesList: SimSeries[];
  readonly events = new Map<string, SimEvent>();
  readonly eventList: SimEvent[];
  readonly markets = new Map<string, SimMarket>();
  readonly marketList: SimMarket[];
  readonly historicalCutoffMs: number;
  readonly books = new Map<string, BinaryBook>();
  readonly accounts = new Map<string, SimAccount>();
  /** Every API order by id. */
  readonly orders = new Map<string, SimOrder>();
  readonly trades: SimTrade[] = [];
  tradeSeq = 0;
  readonly hub = new EventEmitter();
  readonly seed: number;
  readonly now: () => number;
  private readonly balanceMicros: number;
  private readonly seedBooks: boolean;
  private readonly lastTicker = new Map<string, string>();
  private readonly virtualQuotes = new Map<string, { bid: [number, number] | undefined; ask: [number, number] | undefined }>();

  constructor(options: StateOptions) {
    this.seed = options.seed;
    this.now = options.now ?? Date.now;
    this.balanceMicros = options.balanceMicros;
    this.seedBooks = options.seedBooks ?? true;
    this.hub.setMaxListeners(0);
    const g = generateMarkets(options.seed, options.markets, this.now());
    if (options.crossListed) appendCrossListed(g, this.now());
    this.seriesList = g.series;
    for (const s of g.series) this.series.set(s.ticker, s);
    this.eventList = g.events;
    for (const e of g.events) this.events.set(e.ticker, e);
    this.marketList = g.markets;
    for (const m of g.markets) this.markets.set(m.ticker, m);
    this.historicalCutoffMs = g.historicalCutoffMs;
    for (const m of g.markets.slice(0, EAGER_BOOKS)) if (m.status !== 'finalized') this.book(m);
  }

  private seedable(m: SimMarket): boolean {
    return this.seedBooks && (m.status === 'active' || m.status === 'inactive' || m.status === 'initialized');
  }

  /** The market's book, created and seeded deterministically on first use. */
  book(m: SimMarket): BinaryBook {
    if (m.book) return m.book;
    const book = new BinaryBook(m.ticker, { now: this.now });
    m.book = book;
    if (this.seedable(m) && m.seedBook) placeLevels(book, m.seedBook);
    else if (this.seedable(m)) {
      const rng: Rng = createRng(`${this.seed}:book:${m.ticker}`);
      seedBook(book, rng, { mid: m.initialMid, tick: coarsestStep(m.ranges), levels: seedDepthOf(m, rng) });
    }
    book.onChange((changes, cause) => this.onBookChange(m, changes, cause));
    this.books.set(m.ticker, book);
    return book;
  }

  /**
   * Best bid/ask (YES micro units) without forcing a book into existence: for a market whose book
   * was never touched, the top its deterministic seeding will produce (listing 20,000 markets
   * stays cheap).
   */
  quote(m: SimMarket): { bid: [number, number] | undefined; ask: [number, number] | undefined } {
    if (m.book) return { bid: m.book.bestBid(), ask: m.book.bestAsk() };
    if (!this.seedable(m)) return { bid: undefined, ask: undefined };
    const cached = this.virtualQuotes.get(m.ticker);
    if (cached) return cached;
    const rng = createRng(`${this.seed}:book:${m.ticker}`);
    const levels = m.seedBook ?? seedLevels(rng, { mid: m.initialMid, tick: coarsestStep(m.ranges), levels: seedDepthOf(m, rng) });
    const bid = levels.find((l) => l.side === 'buy');
    const ask = levels.find((l) => l.side === 'sell');
    const q = { bid: bid && ([bid.price, bid.size] as [number, number]), ask: ask && ([ask.price, ask.size] as [number, number]) };
    this.virtualQuotes.set(m.ticker, q);
    return q;
  }

  account(userId: string): SimAccount {
    let a = this.accounts.get(userId);
    if (!a) {
      a = { userId, cash: this.balanceMicros, positions: new Map(), orders: new Map(), orderList: [], fills: [], settlements: [], clientOrderIds: new Map() };
      this.accounts.set(userId, a);
    }
    return a;
  }

  /** Brings an API order record in line with its engine order; emits `order` when it changed. */
  syncOrder(rec: SimOrder, eng: EngineOrder | undefined): void {
    if (!eng) return;
    const status = eng.status === 'open' ? 'resting' : eng.status === 'filled' ? 'executed' : 'canceled';
    const remaining = eng.status === 'open' ? eng.remaining : 0;
    if (rec.status === status && rec.remainingCount === remaining && rec.fillCount === eng.filled) return;
    rec.status = status;
    rec.remainingCount = remaining;
    rec.fillCount = eng.filled;
    rec.updatedMs = this.now();
    this.hub.emit('order', rec);
  }

  newId(): string {
    return randomUUID();
  }

  private onBookChange(m: SimMarket, changes: LevelChange[], cause: SubmitResult | undefined): void {
    const book = m.book as BinaryBook;
    if (cause) {
      for (const fill of cause.fills) {
        const trade = recordTrade(this, m, fill);
        this.trades.push(trade);
        if (this.trades.length > MAX_TRADES) this.trades.splice(0, this.trades.length - MAX_TRADES);
        for (const [order, isTaker] of [[fill.maker, false], [fill.taker, true]] as const) {
          if (isBotOwner(order.owner)) continue;
          const rec = this.orders.get(order.id);
          if (rec) accountFill(this, m, rec, isTaker, fill);
        }
        this.hub.emit('trade', trade);
      }
      const rec = this.orders.get(cause.order.id);
      if (rec) this.syncOrder(rec, cause.order);
    }
    for (const ch of changes) {
      const rec = this.orders.get(ch.orderId);
      if (rec) this.syncOrder(rec, book.getOrder(ch.orderId));
    }
    if (changes.length > 0) this.hub.emit('book', { market: m, changes, cause } satisfies BookEvent);
    this.emitTickerIfChanged(m);
  }

  emitTickerIfChanged(m: SimMarket): void {
    const book = m.book;
    if (!book) return;
    const bid = book.bestBid();
    const ask = book.bestAsk();
    const key = `${bid?.[0]}:${bid?.[1]}:${ask?.[0]}:${ask?.[1]}:${m.lastPrice}:${m.volume}`;
    if (this.lastTicker.get(m.ticker) === key) return;
    this.lastTicker.set(m.ticker, key);
    this.hub.emit('ticker', m);
  }
}

/** Levels per side of a market's seeded book (the draw is made either way, so seeds stay stable). */
function seedDepthOf(m: SimMarket, rng: Rng): number {
  const drawn = rng.int(3, 8);
  return m.seedDepth ?? drawn;
}

/** Markets still served by the live endpoints (not settled before the historical cutoff). */
export function isLive(m: SimMarket, cutoffMs?: number): boolean {
  return !(m.status === 'finalized' && cutoffMs !== undefined && (m.settledMs ?? 0) < cutoffMs);
}
