/**
 * Seeded market-maker bots: keep two-sided quotes around a drifting fair value on every book and
 * occasionally take liquidity, so books move and trades happen. All randomness comes from the
 * given Rng, so the sequence of actions is reproducible (`step()` drives it without timers).
 */
import type { BinaryBook } from './engine.js';
import type { EngineOrder, SubmitResult } from './engine-types.js';
import type { Rng } from './rng.js';
import { PRICE_SCALE, SIZE_SCALE } from './units.js';

/** How often (in bot actions) a function source of books is listed again. */
const SOURCE_REFRESH_ACTIONS = 20;

/** Owner of resting bot quotes. */
export const MM_OWNER = '__mm__';
/** Owner of bot taker orders (distinct from MM_OWNER so that they trade with bot quotes). */
export const MM_TAKER_OWNER = '__mm_taker__';

/** True for orders placed by bots: venue simulators skip balance accounting for them. */
export function isBotOwner(owner: string): boolean {
  return owner === MM_OWNER || owner === MM_TAKER_OWNER;
}

export type BookSource = Map<string, BinaryBook> | (() => Iterable<[string, BinaryBook]>);

export interface MarketMakerOptions {
  books: BookSource;
  rng: Rng;
  /** Bot actions per second across all books; 0 = only manual `step()`. */
  ratePerSecond: number;
  onSubmit?(marketId: string, result: SubmitResult): void;
  /** Starting fair value (YES micro-dollars) of a market; default: the book mid or a seeded guess. */
  fairValue?(marketId: string): number;
  /** Quote tick of a market in micro-dollars; default 10_000 ($0.01). */
  tick?(marketId: string): number;
  /** Skip markets that cannot trade now (closed, paused). Default: all tradable. */
  tradable?(marketId: string): boolean;
  /** Probability that an action takes liquidity. Default 0.2. */
  takerProbability?: number;
  /** Resting quotes kept per side per book. Default 5. */
  maxOrdersPerSide?: number;
  /** Prefix of bot order ids. Default `mm-`. */
  idPrefix?: string;
}

export interface MarketMakers {
  /**
   * Performs `actions` bot actions now (deterministic for a given seed), on random books or, with
   * `marketId`, all on that market's book (quotes and takes, so it trades and its book moves).
   */
  step(actions?: number, marketId?: string): void;
  /** Current fair value of a market (micro-dollars), if the bots touched it. */
  fair(marketId: string): number | undefined;
  readonly actions: number;
  stop(): void;
}

export function startMarketMakers(options: MarketMakerOptions): MarketMakers {
  const { rng } = options;
  const takerP = options.takerProbability ?? 0.2;
  const maxPerSide = options.maxOrdersPerSide ?? 5;
  const prefix = options.idPrefix ?? 'mm-';
  const fair = new Map<string, number>();
  let entries: [string, BinaryBook][] = [];
  let refreshedAt = -1;
  let orderSeq = 0;
  let actions = 0;

  const refresh = () => {
    const src = options.books;
    entries = src instanceof Map ? [...src.entries()] : [...src()];
    refreshedAt = actions;
  };

  const tickOf = (id: string) => options.tick?.(id) ?? 10_000;

  const fairOf = (id: string, book: BinaryBook, tick: number): number => {
    let f = fair.get(id);
    if (f === undefined) {
      const bid = book.bestBid();
      const ask = book.bestAsk();
      f = options.fairValue?.(id) ?? (bid && ask ? Math.floor((bid[0] + ask[0]) / 2) : rng.int(10, 90) * 10_000);
      f = clamp(f - (f % tick), tick, PRICE_SCALE - tick);
    }
    const r = rng.next();
    if (r < 0.15) f -= tick;
    else if (r < 0.3) f += tick;
    f = clamp(f, 2 * tick, PRICE_SCALE - 2 * tick);
    fair.set(id, f);
    return f;
  };

  const submit = (id: string, book: BinaryBook, order: Parameters<BinaryBook['submit']>[0]) => {
    const result = book.submit(order);
    options.onSubmit?.(id, result);
  };

  const act = (focus?: string) => {
    const src = options.books;
    const size = src instanceof Map ? src.size : entries.length;
    // A Map is re-read as soon as it grows or shrinks; a function source every few actions, so
    // books created after the bots started begin to move quickly either way.
    if (entries.length === 0 || refreshedAt < 0 || actions - refreshedAt > SOURCE_REFRESH_ACTIONS || (src instanceof Map && size !== entries.length)) refresh();
    actions += 1;
    if (entries.length === 0) return;
    const picked = focus === undefined ? rng.pick(entries) : entries.find(([key]) => key === focus);
    if (!picked) return;
    const [id, book] = picked;
    if (options.tradable && !options.tradable(id)) return;
    const tick = tickOf(id);
    const f = fairOf(id, book, tick);
    if (rng.chance(takerP)) {
      const buy = rng.chance(0.5);
      const best = buy ? book.bestAsk() : book.bestBid();
      if (!best) return;
      const outcome = rng.chance(0.5) ? 'yes' : 'no';
      // Buying YES at p ≡ selling NO at 1 − p; express the same taker both ways for variety.
      const yesSide = buy ? 'buy' : 'sell';
      const side = outcome === 'yes' ? yesSide : buy ? 'sell' : 'buy';
      const price = outcome === 'yes' ? best[0] : PRICE_SCALE - best[0];
      submit(id, book, {
        id: `${prefix}${++orderSeq}`,
        owner: MM_TAKER_OWNER,
        side,
        outcome,
        price,
        size: rng.int(1, 50) * SIZE_SCALE,
        tif: 'ioc',
        stp: 'none',
      });
      return;
    }
    const own = book.openOrders(MM_OWNER);
    const bids = own.filter((o) => o.side === 'buy').sort(byPriority);
    const asks = own.filter((o) => o.side === 'sell').sort(byPriority);
    for (const o of bids) if (o.price >= f) book.cancel(o.id, 'requote');
    for (const o of asks) if (o.price <= f) book.cancel(o.id, 'requote');
    const quoteBid = rng.chance(0.5);
    const mine = (quoteBid ? bids : asks).filter((o) => o.status === 'open');
    while (mine.length >= maxPerSide) book.cancel((mine.shift() as EngineOrder).id, 'requote');
    const offset = rng.int(1, 4) * tick;
    const price = quoteBid ? f - offset : f + offset;
    if (price < tick || price > PRICE_SCALE - tick) return;
    submit(id, book, {
      id: `${prefix}${++orderSeq}`,
      owner: MM_OWNER,
      side: quoteBid ? 'buy' : 'sell',
      outcome: 'yes',
      price,
      size: rng.int(1, 200) * SIZE_SCALE,
      tif: 'gtc',
      postOnly: true,
      stp: 'none',
    });
  };

  let timer: NodeJS.Timeout | undefined;
  if (options.ratePerSecond > 0) {
    const intervalMs = clamp(Math.floor(1000 / options.ratePerSecond), 5, 100);
    let budget = 0;
    let last = Date.now();
    timer = setInterval(() => {
      const now = Date.now();
      budget += ((now - last) * options.ratePerSecond) / 1000;
      last = now;
      // Never try to catch up more than one second of backlog after a stall.
      budget = Math.min(budget, Math.max(1, options.ratePerSecond));
      while (budget >= 1) {
        budget -= 1;
        act();
      }
    }, intervalMs);
    timer.unref();
  }

  return {
    step(n = 1, marketId?: string) {
      if (marketId !== undefined && !entries.some(([key]) => key === marketId)) refresh();
      for (let i = 0; i < n; i++) act(marketId);
    },
    fair: (id) => fair.get(id),
    get actions() {
      return actions;
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}

export interface SeedBookOptions {
  /** YES mid in micro-dollars. */
  mid: number;
  /** Level spacing in micro-dollars. */
  tick: number;
  /** Levels per side. */
  levels: number;
  owner?: string;
  /** Contracts per level, inclusive range. Default [1, 200]. */
  sizeRange?: [number, number];
}

let seedSeq = 0;

export interface SeedLevel {
  side: 'buy' | 'sell';
  /** YES price, micro-dollars. */
  price: number;
  /** Micro-contracts. */
  size: number;
}

/**
 * The levels `seedBook` would place, without touching a book (same rng draws, same order):
 * lets a simulator describe a not-yet-created book's top exactly.
 */
export function seedLevels(rng: Rng, options: SeedBookOptions): SeedLevel[] {
  const { tick, levels } = options;
  const [lo, hi] = options.sizeRange ?? [1, 200];
  const mid = clamp(options.mid - (options.mid % tick), tick, PRICE_SCALE - tick);
  const out: SeedLevel[] = [];
  for (let i = 1; i <= levels; i++) {
    for (const side of ['buy', 'sell'] as const) {
      const price = side === 'buy' ? mid - i * tick : mid + i * tick;
      if (price < tick || price > PRICE_SCALE - tick) continue;
      out.push({ side, price, size: rng.int(lo, hi) * SIZE_SCALE });
    }
  }
  return out;
}

/** Places `levels` bids below and asks above `mid` (GTC, bot owner) for initial depth. */
export function seedBook(book: BinaryBook, rng: Rng, options: SeedBookOptions): SubmitResult[] {
  return seedLevels(rng, options).map((l) =>
    book.submit({
      id: `seed-${book.marketId}-${++seedSeq}`,
      owner: options.owner ?? MM_OWNER,
      side: l.side,
      outcome: 'yes',
      price: l.price,
      size: l.size,
      tif: 'gtc',
      stp: 'none',
    }),
  );
}

/** Places the given levels (GTC, bot owner): a book whose depth a simulator states exactly. */
export function placeLevels(book: BinaryBook, levels: readonly SeedLevel[], owner: string = MM_OWNER): SubmitResult[] {
  return levels.map((l) =>
    book.submit({ id: `seed-${book.marketId}-${++seedSeq}`, owner, side: l.side, outcome: 'yes', price: l.price, size: l.size, tif: 'gtc', stp: 'none' }),
  );
}

function byPriority(a: EngineOrder, b: EngineOrder): number {
  return a.priority - b.priority;
}

function clamp(n: number, lo: number, hi: number): number {
  return n < lo ? lo : n > hi ? hi : n;
}
