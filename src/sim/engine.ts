/**
 * Price-time-priority matching engine for one binary market, in YES terms and integer units.
 *
 * Orders on either outcome share one YES book: buy YES p → YES bid p; sell YES p → YES ask p;
 * buy NO q → YES ask (1 − q); sell NO q → YES bid (1 − q). Fills trade at the maker's price.
 * The engine knows nothing about balances, fees, ticks or wire formats.
 */
import type {
  ChangeListener,
  EngineOrder,
  EngineFill,
  LevelChange,
  LevelChangeReason,
  NewOrder,
  OrderRemoval,
  SubmitResult,
} from './engine-types.js';
import { PRICE_SCALE } from './units.js';

export * from './engine-types.js';
export { PRICE_SCALE, SIZE_SCALE, toPriceUnits, fromPriceUnits, toSizeUnits, fromSizeUnits } from './units.js';

type BookSide = 'bid' | 'ask';

interface Level {
  price: number;
  queue: EngineOrder[];
  total: number;
}

class LevelSide {
  readonly levels = new Map<number, Level>();
  /** Ascending prices. */
  readonly prices: number[] = [];

  get(price: number): Level {
    let level = this.levels.get(price);
    if (!level) {
      level = { price, queue: [], total: 0 };
      this.levels.set(price, level);
      let lo = 0;
      let hi = this.prices.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((this.prices[mid] as number) < price) lo = mid + 1;
        else hi = mid;
      }
      this.prices.splice(lo, 0, price);
    }
    return level;
  }

  drop(level: Level): void {
    this.levels.delete(level.price);
    const i = this.prices.indexOf(level.price);
    if (i >= 0) this.prices.splice(i, 1);
  }

  lowest(): Level | undefined {
    const p = this.prices[0];
    return p === undefined ? undefined : this.levels.get(p);
  }

  highest(): Level | undefined {
    const p = this.prices[this.prices.length - 1];
    return p === undefined ? undefined : this.levels.get(p);
  }
}

export function yesPriceOf(o: Pick<NewOrder, 'outcome' | 'price'>): number {
  return o.outcome === 'yes' ? o.price : PRICE_SCALE - o.price;
}

export function bookSideOf(o: Pick<NewOrder, 'outcome' | 'side'>): BookSide {
  return (o.side === 'buy') === (o.outcome === 'yes') ? 'bid' : 'ask';
}

export interface BinaryBookOptions {
  now?: () => number;
  /** How many finished orders `getOrder` still remembers (oldest forgotten first). Default 5000. */
  retainFinished?: number;
}

export class BinaryBook {
  readonly marketId: string;
  private readonly now: () => number;
  private readonly bids = new LevelSide();
  private readonly asks = new LevelSide();
  private readonly open = new Map<string, EngineOrder>();
  private readonly finished = new Map<string, EngineOrder>();
  private readonly retainFinished: number;
  private readonly withExpiry = new Set<string>();
  private readonly listeners = new Set<ChangeListener>();
  private priorityCounter = 0;
  private fillCounter = 0;

  constructor(marketId: string, options: BinaryBookOptions = {}) {
    this.marketId = marketId;
    this.now = options.now ?? Date.now;
    this.retainFinished = options.retainFinished ?? 5000;
  }

  submit(input: NewOrder): SubmitResult {
    if (this.open.has(input.id) || this.finished.has(input.id)) throw new Error(`duplicate engine order id ${input.id}`);
    checkPrice(input.price);
    checkSize(input.size);
    const now = this.now();
    const expired = this.expireAt(now);
    const order: EngineOrder = {
      ...input,
      stp: input.stp ?? 'cancel_taker',
      remaining: input.size,
      filled: 0,
      status: 'open',
      createdAt: now,
      updatedAt: now,
      priority: 0,
    };
    const result = this.execute(order, expired.flatMap((e) => e.changes), now);
    if (expired.length > 0) result.expired = expired.map((e) => e.order);
    this.emit(result.changes, result);
    return result;
  }

  cancel(orderId: string, reason = 'canceled'): OrderRemoval | undefined {
    const order = this.open.get(orderId);
    if (!order) return undefined;
    const changes = [this.unrest(order, 'cancel')];
    this.finish(order, 'canceled', reason, this.now());
    this.emit(changes, undefined);
    return { order, changes };
  }

  amend(orderId: string, update: { price?: number; size?: number }): SubmitResult | undefined {
    const order = this.open.get(orderId);
    if (!order) return undefined;
    const price = update.price ?? order.price;
    const size = update.size ?? order.size;
    checkPrice(price);
    checkSize(size);
    const now = this.now();
    const newRemaining = size - order.filled;
    if (newRemaining <= 0) {
      const changes = [this.unrest(order, 'amend')];
      order.size = order.filled;
      this.finish(order, 'canceled', 'amended', now);
      const result: SubmitResult = { order, fills: [], changes };
      this.emit(changes, result);
      return result;
    }
    if (price === order.price && newRemaining <= order.remaining) {
      const by = order.remaining - newRemaining;
      order.size = size;
      const changes = by > 0 ? [this.shrink(order, by, 'amend')] : [];
      order.updatedAt = now;
      const result: SubmitResult = { order, fills: [], changes };
      this.emit(changes, result);
      return result;
    }
    const changes = [this.unrest(order, 'amend')];
    order.price = price;
    order.size = size;
    order.remaining = newRemaining;
    order.updatedAt = now;
    const result = this.execute(order, changes, now);
    this.emit(result.changes, result);
    return result;
  }

  decrease(orderId: string, by: number): OrderRemoval | undefined {
    const order = this.open.get(orderId);
    if (!order) return undefined;
    checkSize(by);
    const now = this.now();
    let changes: LevelChange[];
    if (by >= order.remaining) {
      changes = [this.unrest(order, 'decrease')];
      this.finish(order, 'canceled', 'decreased', now);
    } else {
      changes = [this.shrink(order, by, 'decrease')];
      order.updatedAt = now;
    }
    this.emit(changes, undefined);
    return { order, changes };
  }

  expire(now: number): OrderRemoval[] {
    const removed = this.expireAt(now);
    const changes = removed.flatMap((r) => r.changes);
    if (changes.length > 0) this.emit(changes, undefined);
    return removed;
  }

  levels(): { bids: [number, number][]; asks: [number, number][] } {
    const bids: [number, number][] = [];
    for (let i = this.bids.prices.length - 1; i >= 0; i--) {
      const level = this.bids.levels.get(this.bids.prices[i] as number) as Level;
      bids.push([level.price, level.total]);
    }
    const asks: [number, number][] = [];
    for (const p of this.asks.prices) asks.push([p, (this.asks.levels.get(p) as Level).total]);
    return { bids, asks };
  }

  bestBid(): [number, number] | undefined {
    const l = this.bids.highest();
    return l ? [l.price, l.total] : undefined;
  }

  bestAsk(): [number, number] | undefined {
    const l = this.asks.lowest();
    return l ? [l.price, l.total] : undefined;
  }

  getOrder(id: string): EngineOrder | undefined {
    return this.open.get(id) ?? this.finished.get(id);
  }

  openOrders(owner?: string): EngineOrder[] {
    const out: EngineOrder[] = [];
    for (const o of this.open.values()) if (owner === undefined || o.owner === owner) out.push(o);
    return out;
  }

  /** Cancels every open order (e.g. the market closed); one change notification. */
  cancelAll(reason = 'canceled', owner?: string): OrderRemoval[] {
    const now = this.now();
    const removed: OrderRemoval[] = [];
    for (const order of this.openOrders(owner)) {
      const change = this.unrest(order, 'cancel');
      this.finish(order, 'canceled', reason, now);
      removed.push({ order, changes: [change] });
    }
    const changes = removed.flatMap((r) => r.changes);
    if (changes.length > 0) this.emit(changes, undefined);
    return removed;
  }

  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- internals ----

  private execute(order: EngineOrder, changes: LevelChange[], now: number): SubmitResult {
    const yes = yesPriceOf(order);
    const side = bookSideOf(order);
    const opposite = side === 'bid' ? this.asks : this.bids;
    const oppositeName: BookSide = side === 'bid' ? 'ask' : 'bid';
    const bestOpposite = (): Level | undefined => (side === 'bid' ? opposite.lowest() : opposite.highest());
    const crosses = (p: number): boolean => (side === 'bid' ? p <= yes : p >= yes);
    const fills: EngineFill[] = [];
    const result: SubmitResult = { order, fills, changes };

    const best = bestOpposite();
    if (order.postOnly && best && crosses(best.price)) {
      this.finish(order, 'canceled', 'post_only_cross', now);
      result.rejected = 'post_only_cross';
      return result;
    }
    if (order.tif === 'fok' && this.fillable(order, opposite, side, crosses) < order.remaining) {
      this.finish(order, 'canceled', 'fok_unfillable', now);
      result.rejected = 'fok_unfillable';
      return result;
    }

    let stopped = false;
    while (order.remaining > 0) {
      const level = bestOpposite();
      if (!level || !crosses(level.price)) break;
      const maker = level.queue[0] as EngineOrder;
      if (maker.owner === order.owner && order.stp !== 'none') {
        if (order.stp === 'cancel_maker') {
          changes.push(this.unrest(maker, 'self_trade'));
          this.finish(maker, 'canceled', 'self_trade', now);
          (result.canceledMakers ??= []).push(maker);
          continue;
        }
        stopped = true;
        break;
      }
      const qty = Math.min(maker.remaining, order.remaining);
      maker.remaining -= qty;
      maker.filled += qty;
      maker.updatedAt = now;
      order.remaining -= qty;
      order.filled += qty;
      level.total -= qty;
      changes.push({ side: oppositeName, price: level.price, size: level.total, delta: -qty, orderId: maker.id, reason: 'fill' });
      fills.push({ id: `${this.marketId}-f${++this.fillCounter}`, price: level.price, size: qty, maker, taker: order, ts: now });
      if (maker.remaining === 0) {
        level.queue.shift();
        if (level.queue.length === 0) opposite.drop(level);
        this.finish(maker, 'filled', undefined, now);
      }
    }
    order.updatedAt = now;
    if (stopped) {
      this.finish(order, order.remaining === 0 ? 'filled' : 'canceled', 'self_trade', now);
      if (fills.length === 0) result.rejected = 'self_trade';
    } else if (order.remaining === 0) {
      this.finish(order, 'filled', undefined, now);
    } else if (order.tif === 'ioc' || order.tif === 'fok') {
      this.finish(order, 'canceled', 'ioc', now);
    } else {
      changes.push(this.rest(order, side, yes));
    }
    return result;
  }

  /** Quantity a taker could fill right now, honouring its self-trade prevention. */
  private fillable(order: EngineOrder, opposite: LevelSide, side: BookSide, crosses: (p: number) => boolean): number {
    let total = 0;
    const prices = side === 'bid' ? opposite.prices : [...opposite.prices].reverse();
    for (const p of prices) {
      if (!crosses(p)) break;
      for (const maker of (opposite.levels.get(p) as Level).queue) {
        if (maker.owner === order.owner && order.stp !== 'none') {
          if (order.stp === 'cancel_maker') continue;
          return total;
        }
        total += maker.remaining;
        if (total >= order.remaining) return total;
      }
    }
    return total;
  }

  private rest(order: EngineOrder, side: BookSide, yes: number): LevelChange {
    const level = (side === 'bid' ? this.bids : this.asks).get(yes);
    order.priority = ++this.priorityCounter;
    level.queue.push(order);
    level.total += order.remaining;
    this.open.set(order.id, order);
    if (order.expiresAt !== undefined) this.withExpiry.add(order.id);
    return { side, price: yes, size: level.total, delta: order.remaining, orderId: order.id, reason: 'place' };
  }

  /** Removes an open order's remaining quantity from its level (the order stays `open` until finished). */
  private unrest(order: EngineOrder, reason: LevelChangeReason): LevelChange {
    const side = bookSideOf(order);
    const yes = yesPriceOf(order);
    const levelSide = side === 'bid' ? this.bids : this.asks;
    const level = levelSide.levels.get(yes);
    if (!level) throw new Error(`engine invariant: no level for open order ${order.id}`);
    const i = level.queue.indexOf(order);
    if (i >= 0) level.queue.splice(i, 1);
    level.total -= order.remaining;
    if (level.queue.length === 0) levelSide.drop(level);
    this.open.delete(order.id);
    this.withExpiry.delete(order.id);
    return { side, price: yes, size: level.total, delta: -order.remaining, orderId: order.id, reason };
  }

  private shrink(order: EngineOrder, by: number, reason: LevelChangeReason): LevelChange {
    const side = bookSideOf(order);
    const yes = yesPriceOf(order);
    const level = (side === 'bid' ? this.bids : this.asks).levels.get(yes) as Level;
    order.remaining -= by;
    level.total -= by;
    return { side, price: yes, size: level.total, delta: -by, orderId: order.id, reason };
  }

  private finish(order: EngineOrder, status: EngineOrder['status'], reason: string | undefined, now: number): void {
    order.status = status;
    if (status !== 'filled') order.remaining = 0;
    if (reason !== undefined) order.cancelReason = reason;
    order.updatedAt = now;
    this.open.delete(order.id);
    this.withExpiry.delete(order.id);
    this.finished.set(order.id, order);
    if (this.finished.size > this.retainFinished) {
      const oldest = this.finished.keys().next().value;
      if (oldest !== undefined) this.finished.delete(oldest);
    }
  }

  private expireAt(now: number): OrderRemoval[] {
    if (this.withExpiry.size === 0) return [];
    const removed: OrderRemoval[] = [];
    for (const id of [...this.withExpiry]) {
      const order = this.open.get(id);
      if (!order || order.expiresAt === undefined || order.expiresAt > now) continue;
      const change = this.unrest(order, 'expire');
      this.finish(order, 'expired', 'expired', now);
      removed.push({ order, changes: [change] });
    }
    return removed;
  }

  private emit(changes: LevelChange[], cause: SubmitResult | undefined): void {
    if (changes.length === 0 && !cause?.fills.length) return;
    for (const l of this.listeners) l(changes, cause);
  }
}

function checkPrice(price: number): void {
  if (!Number.isSafeInteger(price) || price <= 0 || price >= PRICE_SCALE) {
    throw new RangeError(`engine price must be an integer in (0, ${PRICE_SCALE}): ${price}`);
  }
}

function checkSize(size: number): void {
  if (!Number.isSafeInteger(size) || size <= 0) throw new RangeError(`engine size must be a positive integer: ${size}`);
}
