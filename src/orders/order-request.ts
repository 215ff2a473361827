/**
 * An order as API clients send it, and its validation against the market before anything reaches
 * a venue: the id, the status, the price grid, the minimum size, and the rules between time in
 * force, expiry, post-only and order type. A failure names the field.
 */
import {
  Decimal,
  canonical,
  gridBounds,
  onGrid,
  tryParseId,
  type Market,
  type OrderSide,
  type Outcome,
  type TimeInForce,
  type VenueId,
} from '../core/index.js';

/** What a client may put in `clientOrderId` (it is sent to the venue, prefixed by the key id). */
export const CLIENT_ORDER_ID_RE = /^[A-Za-z0-9_+=-]{1,40}$/;

/** An order as the API receives it (after its schema, src/api/order-schemas.ts). */
export interface OrderBody {
  market: string;
  side: OrderSide;
  outcome: Outcome;
  type: 'limit' | 'market';
  price?: string;
  size: string;
  timeInForce?: TimeInForce;
  expiresAt?: string;
  postOnly: boolean;
  clientOrderId?: string;
}

/** A 400 naming the field. */
export class OrderFieldError extends Error {
  override name = 'OrderFieldError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** The parts of an order that do not need the market: normalized decimals and the rules between fields. */
export interface OrderIntent {
  marketId: string;
  venue: VenueId;
  nativeId: string;
  side: OrderSide;
  outcome: Outcome;
  type: 'limit' | 'market';
  /** Canonical; for a market order the worst price accepted, when given. */
  price: string | null;
  size: string;
  timeInForce: TimeInForce;
  expiresAt: string | null;
  postOnly: boolean;
  clientOrderId: string | null;
}

function positive(field: string, text: string): string {
  const value = canonical(text);
  if (!Decimal.parse(value).isPositive()) throw new OrderFieldError(field, 'must be greater than 0');
  return value;
}

/** Checks the body on its own; `now` decides whether `expiresAt` lies in the future. */
export function orderIntent(body: OrderBody, now: Date): OrderIntent {
  const id = tryParseId(body.market);
  if (!id) throw new OrderFieldError('market', 'must be "<venue>:<nativeId>" with a known venue');
  const type = body.type;
  const timeInForce = body.timeInForce ?? (type === 'market' ? 'ioc' : 'gtc');
  let price: string | null = null;
  if (body.price !== undefined) {
    price = positive('price', body.price);
    if (!Decimal.parse(price).lt('1')) throw new OrderFieldError('price', 'must be less than 1');
  } else if (type === 'limit') {
    throw new OrderFieldError('price', 'is required for a limit order');
  }
  const size = positive('size', body.size);
  if (type === 'market') {
    if (timeInForce !== 'ioc' && timeInForce !== 'fok') throw new OrderFieldError('timeInForce', 'a market order is ioc or fok');
    if (body.postOnly) throw new OrderFieldError('postOnly', 'a market order cannot be post-only');
  }
  if (body.postOnly && (timeInForce === 'ioc' || timeInForce === 'fok')) {
    throw new OrderFieldError('postOnly', `a post-only order rests on the book; it cannot be ${timeInForce}`);
  }
  let expiresAt: string | null = null;
  if (timeInForce === 'gtd') {
    if (body.expiresAt === undefined) throw new OrderFieldError('expiresAt', 'is required with timeInForce gtd');
    const at = new Date(body.expiresAt);
    if (!(at.getTime() > now.getTime())) throw new OrderFieldError('expiresAt', 'must be in the future');
    expiresAt = at.toISOString();
  } else if (body.expiresAt !== undefined) {
    throw new OrderFieldError('expiresAt', 'is only allowed with timeInForce gtd');
  }
  return {
    marketId: body.market,
    venue: id.venue,
    nativeId: id.nativeId,
    side: body.side,
    outcome: body.outcome,
    type,
    price,
    size,
    timeInForce,
    expiresAt,
    postOnly: body.postOnly,
    clientOrderId: body.clientOrderId ?? null,
  };
}

/** A price of `outcome` in YES terms (the grid is in YES terms). */
export function yesPriceOf(outcome: Outcome, price: Decimal): Decimal {
  return outcome === 'yes' ? price : Decimal.ONE.sub(price);
}

/** The price to send for a market order: the edge of the grid the order may reach. */
function marketOrderPrice(intent: OrderIntent, market: Market): string {
  const { low, high } = gridBounds(market);
  // Buying YES may pay up to the top; buying NO pays up to 1 - the YES bottom; selling mirrors.
  const buysYes = (intent.side === 'buy') === (intent.outcome === 'yes');
  const yes = buysYes ? high : low;
  return canonical(yesPriceOf(intent.outcome, yes));
}

/** Checks a price and size against the market's grid and minimum. */
export function checkPriceAndSize(market: Market, outcome: Outcome, price: string | null, size: string | null): void {
  if (price !== null) {
    const yes = yesPriceOf(outcome, Decimal.parse(price));
    const { low, high } = gridBounds(market);
    if (!onGrid(market, yes) || yes.lt(low) || yes.gt(high)) {
      throw new OrderFieldError('price', `${price} is not on the price grid of ${market.id} (tick ${market.tickSize}${market.tickRanges.length > 1 ? ', banded' : ''})`);
    }
  }
  if (size !== null && market.minOrderSize !== null && Decimal.parse(size).lt(market.minOrderSize)) {
    throw new OrderFieldError('size', `must be at least ${market.minOrderSize}, the minimum order size of ${market.id}`);
  }
}

/** The order to send: checked against the market, with a market order's price filled in. */
export function checkAgainstMarket(intent: OrderIntent, market: Market): OrderIntent & { price: string } {
  if (market.status !== 'open') throw new OrderFieldError('market', `${market.id} is ${market.status}, not open`);
  const price = intent.price ?? marketOrderPrice(intent, market);
  checkPriceAndSize(market, intent.outcome, price, intent.size);
  return { ...intent, price };
}
