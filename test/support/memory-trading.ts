/**
 * Orders of the in-memory test adapter: requests are validated and normalized like a venue does
 * (`PlaceOrderRequestSchema`, the market's grid), matched against the market's book (fills, trades
 * on the tape, book changes), and the remainder rests or is canceled by time in force.
 */
import {
  BadRequest,
  Decimal,
  DuplicateOrder,
  InvalidOrder,
  PlaceOrderRequestSchema,
  canonical,
  parseId,
  type Fill,
  type Market,
  type Order,
  type OrderBook,
  type PlaceOrderRequest,
  type Position,
  type Trade,
  type VenueId,
} from '../../src/core/index.js';
import { inOutcome, matchOrder } from './memory-book.js';

export interface MemoryVenue {
  venue: VenueId;
  marketOf(nativeId: string): Market;
  bookOf(nativeId: string): OrderBook;
  /** Replaces a book (and streams the change). */
  changeBook(book: OrderBook): void;
  /** Appends to the public tape (and streams it). */
  addTrade(trade: Trade): void;
}

function onGrid(price: Decimal, m: Market): boolean {
  if (m.tickRanges.length === 0) return price.isMultipleOf(m.tickSize);
  return m.tickRanges.some((r) => price.gte(r.start) && price.lte(r.end) && price.sub(r.start).isMultipleOf(r.step));
}

export class MemoryTrading {
  readonly orders = new Map<string, Order>();
  readonly fills: Fill[] = [];
  private seq = 0;

  constructor(private readonly v: MemoryVenue) {}

  place(request: PlaceOrderRequest): Order {
    const { venue } = this.v;
    const parsed = PlaceOrderRequestSchema.safeParse(request);
    if (!parsed.success) throw new BadRequest(`invalid order: ${parsed.error.issues[0]?.message ?? 'invalid'}`, { venue, status: 400 });
    const r = parsed.data;
    const { nativeId } = parseId(r.marketId);
    const market = this.v.marketOf(nativeId);
    const price = Decimal.parse(r.price);
    if (!onGrid(price, market) || price.isZero() || price.gte('1')) {
      throw new InvalidOrder(`price ${r.price} is not on the grid of ${market.id}`, { venue, status: 400 });
    }
    if (!Decimal.parse(r.size).isPositive()) throw new InvalidOrder('size must be positive', { venue, status: 400 });
    if (r.clientOrderId !== undefined && [...this.orders.values()].some((o) => o.clientOrderId === r.clientOrderId)) {
      throw new DuplicateOrder(`duplicate client order id ${r.clientOrderId}`, { venue, status: 409 });
    }
    const book = this.v.bookOf(nativeId);
    const match = matchOrder(book, r);
    if (r.postOnly && match.fills.length > 0) throw new InvalidOrder('a post-only order would cross the book', { venue, status: 400 });
    if (r.timeInForce === 'fok' && match.unfilled.isPositive()) throw new InvalidOrder('a fill-or-kill order cannot be filled in full', { venue, status: 400 });

    this.seq += 1;
    const now = new Date().toISOString();
    const id = `mem-${this.seq}`;
    const filled = Decimal.parse(r.size).sub(match.unfilled);
    let cost = Decimal.ZERO;
    for (const [i, f] of match.fills.entries()) {
      const fillPrice = inOutcome(f.yesPrice, r.outcome);
      cost = cost.add(Decimal.parse(fillPrice).mul(f.size));
      this.fills.push({
        id: `${id}-f${i + 1}`,
        orderId: id,
        venue,
        marketId: market.id,
        side: r.side,
        outcome: r.outcome,
        price: fillPrice,
        size: canonical(f.size),
        fee: '0',
        liquidity: 'taker',
        timestamp: now,
      });
      const takerSide = match.buysYes ? 'buy' : 'sell';
      this.v.addTrade({ id: `${id}-t${i + 1}`, marketId: market.id, venue, price: canonical(f.yesPrice), size: canonical(f.size), takerSide, timestamp: now });
    }
    if (match.fills.length > 0) {
      this.v.changeBook({ ...book, [match.bookSide === 'ask' ? 'asks' : 'bids']: match.remainingLevels, receivedAt: now });
    }
    const rests = match.unfilled.isPositive() && (r.timeInForce === 'gtc' || r.timeInForce === 'gtd');
    const order: Order = {
      id,
      clientOrderId: r.clientOrderId ?? null,
      venue,
      marketId: market.id,
      side: r.side,
      outcome: r.outcome,
      price: r.price,
      size: r.size,
      filled: canonical(filled),
      remaining: rests ? canonical(match.unfilled) : '0',
      averageFillPrice: filled.isPositive() ? canonical(cost.div(filled, 6)) : null,
      fees: '0',
      timeInForce: r.timeInForce,
      postOnly: r.postOnly,
      status: rests ? 'open' : match.unfilled.isZero() ? 'filled' : 'canceled',
      createdAt: now,
      updatedAt: now,
      expiresAt: r.expiresAt ?? null,
    };
    this.orders.set(order.id, order);
    return order;
  }

  /** Net holdings per market and outcome, from the fills. */
  positions(currencyOf: (marketId: string) => Position['currency']): Position[] {
    const held = new Map<string, { marketId: string; outcome: Fill['outcome']; size: Decimal; cost: Decimal; bought: Decimal }>();
    for (const f of this.fills) {
      const key = `${f.marketId}|${f.outcome}`;
      const p = held.get(key) ?? { marketId: f.marketId, outcome: f.outcome, size: Decimal.ZERO, cost: Decimal.ZERO, bought: Decimal.ZERO };
      const size = Decimal.parse(f.size);
      if (f.side === 'buy') {
        p.size = p.size.add(size);
        p.bought = p.bought.add(size);
        p.cost = p.cost.add(Decimal.parse(f.price).mul(size));
      } else {
        p.size = p.size.sub(size);
      }
      held.set(key, p);
    }
    return [...held.values()]
      .filter((p) => p.size.isPositive())
      .map((p) => ({
        venue: this.v.venue,
        marketId: p.marketId,
        outcome: p.outcome,
        size: canonical(p.size),
        averagePrice: p.bought.isPositive() ? canonical(p.cost.div(p.bought, 6)) : null,
        realizedPnl: null,
        currency: currencyOf(p.marketId),
      }));
  }
}
