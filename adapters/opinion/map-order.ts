import { Decimal, VenueFormatError, formatId, type Fill, type Order, type OrderStatus } from '../../src/core/index.js';
import { VENUE } from './constants.js';
import { isoFromSeconds } from './wire.js';
import type { WireOrder, WireTrade } from './wire-account.js';
import type { WsOrderUpdate, WsTradeRecord } from './wire-ws.js';

/**
 * Orders and trades → the normalized model (docs/venues/opinion.md §6.7, §7, §8). Status codes:
 * 1 Pending (open, partially filled included), 2 Finished, 3 Canceled, 4 Expired, 5 Failed. A
 * limit order's size is `orderShares`; a market buy is sized in USDT and the venue reports its
 * shares as amount ÷ average price. A trade's `side` is the user's own: `Split` is a buy matched by
 * minting, `Merge` a sell matched by merging. Opinion orders carry no client order id.
 *
 * Fees of buys are taken in shares: a trade's `shares` are what the buyer received, net of the fee,
 * while an order's `filledShares` are the gross shares matched (recorded: 68.54 matched, 59.876
 * received). Venn reports what the account got: a fill's `size` is the trade's `shares` and its
 * `fee` the fee's value in USDT, so size × price + fee is what was paid; an order's `filled` is the
 * sum of its trades' shares when the order comes with its trades (`GET /order/{id}`), and the gross
 * `filledShares` otherwise (list rows and stream updates carry no trades). `remaining` is what is
 * still to be matched: `orderShares − filledShares`.
 */

const STATUS: Record<number, OrderStatus> = { 1: 'open', 2: 'filled', 3: 'canceled', 4: 'expired', 5: 'rejected' };

export function orderStatusOf(code: number): OrderStatus {
  const status = STATUS[code];
  if (!status) throw new VenueFormatError(`opinion: unknown order status ${code}`, { venue: VENUE });
  return status;
}

function sub(a: string, b: string): string {
  const d = Decimal.parse(a).sub(b);
  return d.isNegative() ? '0' : d.normalize().toString();
}

/** Average price of gross filled amounts, 18 places, canonical; null when nothing filled. */
export function averagePrice(amount: string, shares: string): string | null {
  const s = Decimal.parse(shares);
  if (s.isZero()) return null;
  return Decimal.parse(amount).div(s, 18, 'half-even').normalize().toString();
}

interface OrderFields {
  orderId: string;
  /** Shares the account received (net of fees taken in shares), when known; else the gross matched shares. */
  received: string;
  marketId: number;
  side: 'buy' | 'sell';
  outcomeSide: 1 | 2;
  price: string;
  shares: string;
  filledShares: string;
  filledAmount: string;
  status: number;
  tradingMethod: 1 | 2;
  createdAt: number;
  expiresAt: number;
  postOnly: boolean;
  fees: string;
}

function orderOf(f: OrderFields): Order {
  const status = orderStatusOf(f.status);
  const market = f.tradingMethod === 1;
  const average = averagePrice(f.filledAmount, f.filledShares);
  return {
    id: f.orderId,
    clientOrderId: null,
    venue: VENUE,
    marketId: formatId(VENUE, String(f.marketId)),
    side: f.side,
    outcome: f.outcomeSide === 1 ? 'yes' : 'no',
    price: market ? (average ?? f.price) : f.price,
    size: f.shares,
    filled: f.received,
    remaining: status === 'open' ? sub(f.shares, f.filledShares) : '0',
    averageFillPrice: average,
    fees: f.fees,
    timeInForce: market ? 'ioc' : f.expiresAt > 0 ? 'gtd' : 'gtc',
    postOnly: f.postOnly,
    status,
    createdAt: isoFromSeconds(f.createdAt),
    updatedAt: null,
    expiresAt: isoFromSeconds(f.expiresAt),
  };
}

/** Fee of a trade: the SDK's `feeFormatted` when present, else `fee`. */
function feeOf(t: WireTrade): string {
  return t.feeFormatted ?? t.fee;
}

/**
 * A REST order. `fees` is the sum of the order's trades when they are included (`GET
 * /order/{id}`); list rows carry no trades, and then `fees` is "0" (unknown, not free).
 */
export function mapOrder(o: WireOrder): Order {
  const trades = o.trades ?? [];
  const fees = Decimal.sum(trades.map((t) => Decimal.parse(feeOf(t))));
  const received = trades.length > 0 ? Decimal.sum(trades.map((t) => Decimal.parse(t.shares))).normalize().toString() : o.filledShares;
  return orderOf({
    orderId: o.orderId,
    received,
    marketId: o.marketId,
    side: o.sideEnum,
    outcomeSide: o.outcomeSide,
    price: o.price,
    shares: o.orderShares,
    filledShares: o.filledShares,
    filledAmount: o.filledAmount,
    status: o.status,
    tradingMethod: o.tradingMethod,
    createdAt: o.createdAt,
    expiresAt: o.expiresAt,
    postOnly: o.postOnly ?? false,
    fees: fees.normalize().toString(),
  });
}

/** A `trade.order.update` frame (§9): `side` 1 buy / 2 sell; filled totals move on `orderConfirm`. */
export function mapOrderUpdate(u: WsOrderUpdate): Order {
  return orderOf({
    orderId: u.orderId,
    received: u.filledShares,
    marketId: u.marketId,
    side: u.side === 1 ? 'buy' : 'sell',
    outcomeSide: u.outcomeSide,
    price: u.price,
    shares: u.shares,
    filledShares: u.filledShares,
    filledAmount: u.filledAmount,
    status: u.status,
    tradingMethod: u.tradingMethod,
    createdAt: u.createdAt,
    expiresAt: u.expiresAt,
    postOnly: false,
    fees: '0',
  });
}

/**
 * Liquidity of a fill, inferred from its fee: only takers pay (§7), and every taker fill pays a
 * positive fee under the published schedule, so a fee-free fill is a maker's.
 */
export function liquidityOf(fee: string): 'maker' | 'taker' {
  return Decimal.parse(fee).isZero() ? 'maker' : 'taker';
}

interface FillFields {
  id: string;
  orderId: string;
  marketId: number;
  side: 'buy' | 'sell' | 'split' | 'merge';
  outcomeSide: 1 | 2;
  price: string;
  shares: string;
  fee: string;
  createdAt: number;
}

function fillOf(f: FillFields): Fill {
  return {
    id: f.id,
    orderId: f.orderId,
    venue: VENUE,
    marketId: formatId(VENUE, String(f.marketId)),
    side: f.side === 'buy' || f.side === 'split' ? 'buy' : 'sell',
    outcome: f.outcomeSide === 1 ? 'yes' : 'no',
    price: f.price,
    size: f.shares,
    fee: f.fee,
    liquidity: liquidityOf(f.fee),
    timestamp: isoFromSeconds(f.createdAt) ?? new Date(0).toISOString(),
  };
}

/**
 * A REST trade (`GET /trade`, `/trade/user/{wallet}`, an order's `trades`). Its `shares` are what
 * the user received or gave: net of the fee for a buy (`(amount − fee) ÷ price`, as recorded).
 * Recorded rows may lack `tradeNo`; the transaction hash identifies them then.
 */
export function mapTrade(t: WireTrade, orderId?: string): Fill {
  return fillOf({
    id: t.tradeNo || t.txHash || `${t.marketId}:${t.createdAt}:${t.shares}`,
    orderId: t.orderNo ?? orderId ?? '',
    marketId: t.marketId,
    side: t.side,
    outcomeSide: t.outcomeSide,
    price: t.price,
    shares: t.shares,
    fee: feeOf(t),
    createdAt: t.createdAt,
  });
}

/** A `trade.record.new` frame (§9). */
export function mapTradeRecord(r: WsTradeRecord): Fill {
  return fillOf({
    id: r.tradeNo,
    orderId: r.orderId,
    marketId: r.marketId,
    side: r.side,
    outcomeSide: r.outcomeSide,
    price: r.price,
    shares: r.shares,
    fee: r.fee,
    createdAt: r.createdAt,
  });
}
