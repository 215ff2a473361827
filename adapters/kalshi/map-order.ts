import { Decimal, canonical } from '../../src/core/index.js';
import type { Balance, Fill, Order, OrderSide, OrderStatus, Outcome, Position, TimeInForce } from '../../src/core/index.js';
import type { CreateOrderV2Response, WireBalance, WireFill, WireMarketPosition, WireOrder } from './wire-portfolio.js';
import type { WsFillMsg, WsUserOrderMsg } from './wire-ws.js';
import { VENUE, centsToDollars, iso, isoFromMs, isoOrNull, marketIdOf } from './map-util.js';

/**
 * Orders, fills, positions and balances. Kalshi V2 orders have one direction on the YES leg:
 * `bid` (buy YES) or `ask` (sell YES ≡ buy NO at 1 − price), priced in YES dollars. Our orders say
 * side + outcome with the price of that outcome:
 *
 *   buy  yes @ p → bid @ p        sell yes @ p → ask @ p
 *   buy  no  @ p → ask @ 1 − p    sell no  @ p → bid @ 1 − p
 *
 * The venue does not keep which of the two equivalent framings the caller used, so the adapter
 * remembers it per order (`OrderIntent`); an order it did not place is framed as a buy: `bid` →
 * buy YES, `ask` → buy NO.
 */

export type BookSide = 'bid' | 'ask';

export interface OrderIntent {
  side: OrderSide;
  outcome: Outcome;
  timeInForce: TimeInForce;
  postOnly: boolean;
}

/** Our side/outcome/price → Kalshi book side and YES price. */
export function toWireDirection(side: OrderSide, outcome: Outcome, price: string): { bookSide: BookSide; yesPrice: string } {
  const p = Decimal.parse(price);
  const yesPrice = outcome === 'yes' ? p : Decimal.ONE.sub(p);
  const buysYes = (side === 'buy') === (outcome === 'yes');
  return { bookSide: buysYes ? 'bid' : 'ask', yesPrice: yesPrice.toFixed(4) };
}

/** The framing of a Kalshi direction: the remembered intent, else a buy of the matching outcome. */
export function framingOf(bookSide: BookSide, intent?: Pick<OrderIntent, 'side' | 'outcome'>): { side: OrderSide; outcome: Outcome } {
  if (intent) {
    const buysYes = (intent.side === 'buy') === (intent.outcome === 'yes');
    if (buysYes === (bookSide === 'bid')) return { side: intent.side, outcome: intent.outcome };
  }
  return bookSide === 'bid' ? { side: 'buy', outcome: 'yes' } : { side: 'buy', outcome: 'no' };
}

/** A YES price in the framing's outcome terms. */
export function priceInOutcome(yesPrice: string, outcome: Outcome): string {
  return canonical(outcome === 'yes' ? yesPrice : Decimal.ONE.sub(Decimal.parse(yesPrice)));
}

function statusOf(wire: 'resting' | 'canceled' | 'executed', expiresAt: string | null, now: Date): OrderStatus {
  if (wire === 'resting') return 'open';
  if (wire === 'executed') return 'filled';
  if (expiresAt && Date.parse(expiresAt) <= now.getTime()) return 'expired';
  return 'canceled';
}

function sumDollars(...values: (string | null | undefined)[]): Decimal {
  let acc = Decimal.ZERO;
  for (const v of values) if (v) acc = acc.add(Decimal.parse(v));
  return acc;
}

/**
 * Average fill price in the framing's outcome. The fill costs are what the order's leg paid
 * (YES for `bid`, NO for `ask`), so cost ÷ filled is a price of that leg.
 */
function averagePrice(o: { taker?: string | null; maker?: string | null }, filled: Decimal, bookSide: BookSide, outcome: Outcome): string | null {
  if (filled.isZero()) return null;
  const cost = sumDollars(o.taker, o.maker);
  if (cost.isZero()) return null;
  const legPrice = cost.div(filled, 4, 'half-even');
  const legOutcome: Outcome = bookSide === 'bid' ? 'yes' : 'no';
  return canonical(legOutcome === outcome ? legPrice : Decimal.ONE.sub(legPrice));
}

export function mapOrder(o: WireOrder, intent?: OrderIntent, now: Date = new Date()): Order {
  const framing = framingOf(o.book_side, intent);
  const filled = Decimal.parse(o.fill_count_fp);
  const expiresAt = isoOrNull(o.expiration_time, 'order.expiration_time');
  const tif: TimeInForce = intent?.timeInForce ?? (expiresAt ? 'gtd' : 'gtc');
  return {
    id: o.order_id,
    clientOrderId: o.client_order_id || null,
    venue: VENUE,
    marketId: marketIdOf(o.ticker),
    side: framing.side,
    outcome: framing.outcome,
    price: priceInOutcome(o.yes_price_dollars, framing.outcome),
    size: canonical(o.initial_count_fp),
    filled: canonical(o.fill_count_fp),
    remaining: canonical(o.remaining_count_fp),
    averageFillPrice: averagePrice(
      { taker: o.taker_fill_cost_dollars, maker: o.maker_fill_cost_dollars },
      filled,
      o.book_side,
      framing.outcome,
    ),
    fees: canonical(sumDollars(o.taker_fees_dollars, o.maker_fees_dollars)),
    timeInForce: tif,
    postOnly: intent?.postOnly ?? o.post_only ?? false,
    status: statusOf(o.status, expiresAt, now),
    createdAt: isoOrNull(o.created_time, 'order.created_time'),
    updatedAt: isoOrNull(o.last_update_time, 'order.last_update_time'),
    expiresAt,
  };
}

export interface PlacedOrderInput {
  ticker: string;
  intent: OrderIntent;
  /** Our price (in the outcome's terms) and size as sent. */
  price: string;
  size: string;
  clientOrderId: string;
  expiresAt: string | null;
  bookSide: BookSide;
}

/** The order as known right after a V2 create (the ack carries counts, not a full Order). */
export function mapCreatedOrder(ack: CreateOrderV2Response, input: PlacedOrderInput): Order {
  const filled = Decimal.parse(ack.fill_count);
  const remaining = Decimal.parse(ack.remaining_count);
  let status: OrderStatus;
  if (remaining.isPositive()) status = 'open';
  else if (filled.gte(Decimal.parse(input.size))) status = 'filled';
  else status = 'canceled';
  const at = isoFromMs(ack.ts_ms);
  const avg =
    ack.average_fill_price && filled.isPositive() ? priceInOutcome(ack.average_fill_price, input.intent.outcome) : null;
  const fees = ack.average_fee_paid && filled.isPositive() ? Decimal.parse(ack.average_fee_paid).mul(filled) : Decimal.ZERO;
  return {
    id: ack.order_id,
    clientOrderId: ack.client_order_id || input.clientOrderId,
    venue: VENUE,
    marketId: marketIdOf(input.ticker),
    side: input.intent.side,
    outcome: input.intent.outcome,
    price: canonical(input.price),
    size: canonical(input.size),
    filled: canonical(ack.fill_count),
    remaining: canonical(ack.remaining_count),
    averageFillPrice: avg,
    fees: canonical(fees),
    timeInForce: input.intent.timeInForce,
    postOnly: input.intent.postOnly,
    status,
    createdAt: at,
    updatedAt: at,
    expiresAt: input.expiresAt,
  };
}

export function mapFill(f: WireFill, intent?: Pick<OrderIntent, 'side' | 'outcome'>): Fill {
  const framing = framingOf(f.book_side, intent);
  const timestamp = f.created_time ? iso(f.created_time, 'fill.created_time') : f.ts != null ? isoFromMs(f.ts * 1000) : new Date().toISOString();
  return {
    id: f.fill_id,
    orderId: f.order_id,
    venue: VENUE,
    marketId: marketIdOf(f.ticker),
    side: framing.side,
    outcome: framing.outcome,
    price: priceInOutcome(f.yes_price_dollars, framing.outcome),
    size: canonical(f.count_fp),
    fee: canonical(f.fee_cost),
    liquidity: f.is_taker ? 'taker' : 'maker',
    timestamp,
  };
}

export function mapWsFill(f: WsFillMsg, intent?: Pick<OrderIntent, 'side' | 'outcome'>, now: Date = new Date()): Fill {
  const framing = framingOf(f.book_side, intent);
  return {
    id: f.trade_id,
    orderId: f.order_id,
    venue: VENUE,
    marketId: marketIdOf(f.market_ticker),
    side: framing.side,
    outcome: framing.outcome,
    price: priceInOutcome(f.yes_price_dollars, framing.outcome),
    size: canonical(f.count_fp),
    fee: f.fee_cost ? canonical(f.fee_cost) : '0',
    liquidity: f.is_taker ? 'taker' : 'maker',
    timestamp: f.ts_ms != null ? isoFromMs(f.ts_ms) : f.ts != null ? isoFromMs(f.ts * 1000) : now.toISOString(),
  };
}

export function mapWsUserOrder(o: WsUserOrderMsg, intent?: OrderIntent, now: Date = new Date()): Order {
  const expiresAt = o.expiration_ts_ms != null ? isoFromMs(o.expiration_ts_ms) : null;
  return mapOrder(
    {
      order_id: o.order_id,
      client_order_id: o.client_order_id,
      ticker: o.ticker,
      outcome_side: o.outcome_side,
      book_side: o.book_side,
      status: o.status,
      yes_price_dollars: o.yes_price_dollars,
      fill_count_fp: o.fill_count_fp,
      remaining_count_fp: o.remaining_count_fp,
      initial_count_fp: o.initial_count_fp,
      taker_fill_cost_dollars: o.taker_fill_cost_dollars,
      maker_fill_cost_dollars: o.maker_fill_cost_dollars,
      taker_fees_dollars: o.taker_fees_dollars,
      maker_fees_dollars: o.maker_fees_dollars,
      expiration_time: expiresAt,
      created_time: o.created_ts_ms != null ? isoFromMs(o.created_ts_ms) : null,
      last_update_time: o.last_updated_ts_ms != null ? isoFromMs(o.last_updated_ts_ms) : null,
    },
    intent,
    now,
  );
}

/** Signed `position_fp`: + YES contracts, − NO contracts. Flat positions map to null. */
export function mapPosition(p: WireMarketPosition): Position | null {
  const pos = Decimal.parse(p.position_fp);
  if (pos.isZero()) return null;
  const size = pos.abs();
  const exposure = p.market_exposure_dollars ? Decimal.parse(p.market_exposure_dollars).abs() : null;
  return {
    venue: VENUE,
    marketId: marketIdOf(p.ticker),
    outcome: pos.isNegative() ? 'no' : 'yes',
    size: canonical(size),
    averagePrice: exposure && !exposure.isZero() ? canonical(exposure.div(size, 4, 'half-even')) : null,
    realizedPnl: p.realized_pnl_dollars ? canonical(p.realized_pnl_dollars) : null,
    currency: 'USD',
  };
}

/**
 * Balance: `balance_dollars` when present (exact), else integer cents. `total` adds the collateral
 * locked in resting orders, which the caller computes (see `restingCollateral`).
 */
export function mapBalance(b: WireBalance, lockedInOrders: Decimal = Decimal.ZERO): Balance {
  const available = b.balance_dollars ? Decimal.parse(b.balance_dollars) : centsToDollars(b.balance);
  return { venue: VENUE, currency: 'USD', available: canonical(available), total: canonical(available.add(lockedInOrders)) };
}

/** Collateral a resting order holds: price of its leg × remaining (YES for bids, NO for asks). */
export function restingCollateral(o: WireOrder): Decimal {
  const remaining = Decimal.parse(o.remaining_count_fp);
  const yes = Decimal.parse(o.yes_price_dollars);
  const leg = o.book_side === 'bid' ? yes : Decimal.ONE.sub(yes);
  return leg.mul(remaining);
}
