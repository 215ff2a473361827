import { Decimal, canonical, canonicalOrNull, formatId, type Fill, type Order, type OrderStatus, type Outcome, type Position, type TimeInForce } from '../../src/core/index.js';
import { feeScheduleFrom, tradeFee } from './fees.js';
import type { MarketTradingInfo } from './map-market.js';
import { fromBaseUnits, type WireSide } from './order-amounts.js';
import type { WireOrderType } from './order-build.js';
import type { ClobTrade, OpenOrder, PostOrderResponse } from './wire-clob.js';
import { isoFromEpochSecondsOrMs } from './wire-common.js';
import type { DataPosition } from './wire-data.js';

/**
 * CLOB orders, trades and Data API positions → normalized model. Orders are priced in the terms of
 * the token traded (a NO order is priced in NO), which is how `Order` is defined.
 */

const VENUE = 'polymarket' as const;

/** Resolves a token id to its market and outcome. */
export type TokenLookup = (assetId: string) => { conditionId: string; outcome: Outcome; info?: MarketTradingInfo } | undefined;

export function outcomeOfToken(info: MarketTradingInfo, assetId: string): Outcome | undefined {
  if (assetId === info.yesTokenId) return 'yes';
  if (assetId === info.noTokenId) return 'no';
  return undefined;
}

/** REST `ORDER_STATUS_LIVE` and WS `LIVE` alike (§6.7). */
export function normalizeOrderStatus(status: string, filled: Decimal, size: Decimal, expiresAt: string | null): OrderStatus {
  const s = status.toUpperCase().replace(/^ORDER_STATUS_/, '');
  if (s === 'MATCHED' || (filled.gte(size) && size.isPositive())) return 'filled';
  if (s === 'LIVE' || s === 'DELAYED') return 'open';
  if (s === 'INVALID') return 'rejected';
  if (s.startsWith('CANCELED') || s === 'UNMATCHED' || s === 'CANCELLED') {
    if (expiresAt && Date.parse(expiresAt) <= Date.now()) return 'expired';
    return 'canceled';
  }
  return 'open';
}

export function timeInForceOf(orderType: string | null | undefined): TimeInForce {
  switch ((orderType ?? 'GTC').toUpperCase()) {
    case 'GTD':
      return 'gtd';
    case 'FOK':
      return 'fok';
    case 'FAK':
      return 'ioc';
    default:
      return 'gtc';
  }
}

export function wireOrderTypeOf(tif: TimeInForce): WireOrderType {
  return tif === 'gtd' ? 'GTD' : tif === 'fok' ? 'FOK' : tif === 'ioc' ? 'FAK' : 'GTC';
}

function sideOf(side: string): 'buy' | 'sell' {
  return side.toUpperCase() === 'SELL' ? 'sell' : 'buy';
}

/**
 * The venue drops a GTD order 60 s before its signed `expiration` (§6.4: clients add a one-minute
 * margin), so the effective expiry is `expiration − 60 s`; `trading.ts` adds the minute when signing.
 */
export const GTD_MARGIN_SECONDS = 60;

function expiresAtOf(expiration: string | null | undefined): string | null {
  if (!expiration || expiration === '0') return null;
  const n = Number(expiration);
  return Number.isFinite(n) ? isoFromEpochSecondsOrMs(n - GTD_MARGIN_SECONDS) : null;
}

export interface OrderContext {
  outcome: Outcome;
  clientOrderId?: string | null;
  postOnly?: boolean;
}

/** A `GET /data/order(s)` entry or a user-channel `order` event. */
export function mapOpenOrder(
  o: Pick<OpenOrder, 'id' | 'status' | 'market' | 'side' | 'original_size' | 'size_matched' | 'price' | 'created_at' | 'expiration' | 'order_type'> & { timestamp?: string | null },
  ctx: OrderContext,
): Order {
  const size = Decimal.parse(o.original_size);
  const filled = Decimal.parse(o.size_matched);
  const expiresAt = expiresAtOf(o.expiration);
  const status = normalizeOrderStatus(o.status, filled, size, expiresAt);
  const remaining = status === 'open' ? Decimal.max(size.sub(filled), Decimal.ZERO) : Decimal.ZERO;
  const createdAt = isoFromEpochSecondsOrMs(o.created_at);
  return {
    id: o.id,
    clientOrderId: ctx.clientOrderId ?? null,
    venue: VENUE,
    marketId: formatId(VENUE, o.market),
    side: sideOf(o.side),
    outcome: ctx.outcome,
    price: canonical(o.price),
    size: canonical(size),
    filled: canonical(filled),
    remaining: canonical(remaining),
    averageFillPrice: filled.isPositive() ? canonical(o.price) : null,
    fees: '0',
    timeInForce: timeInForceOf(o.order_type),
    postOnly: ctx.postOnly ?? false,
    status,
    createdAt,
    updatedAt: isoFromEpochSecondsOrMs(o.timestamp) ?? createdAt,
    expiresAt,
  };
}

export interface PlacedOrderInput {
  orderId: string;
  conditionId: string;
  side: WireSide;
  outcome: Outcome;
  price: string;
  size: string;
  orderType: WireOrderType;
  postOnly: boolean;
  clientOrderId: string | null;
  expiresAt: string | null;
  createdAt: string;
}

/**
 * The state right after `POST /order`, from the response's status and matched amounts (§6.4):
 * BUY receives `takingAmount` shares, SELL gives `makingAmount` shares.
 */
export function mapPlacedOrder(res: PostOrderResponse, input: PlacedOrderInput): Order {
  const size = Decimal.parse(input.size);
  const making = res.makingAmount ? fromBaseUnits(res.makingAmount) : Decimal.ZERO;
  const taking = res.takingAmount ? fromBaseUnits(res.takingAmount) : Decimal.ZERO;
  const [shares, collateral] = input.side === 'BUY' ? [taking, making] : [making, taking];
  const filled = Decimal.min(shares, size);
  let status: OrderStatus;
  if (filled.gte(size)) status = 'filled';
  // An immediate-or-cancel remainder, or a marketable order the venue did not place, is canceled.
  else if (input.orderType === 'FAK' || input.orderType === 'FOK' || (res.status ?? '').toLowerCase() === 'unmatched') status = 'canceled';
  else status = 'open';
  const avg = filled.isPositive() && shares.isPositive() ? canonical(collateral.div(shares, 6, 'half-even')) : null;
  return {
    id: input.orderId,
    clientOrderId: input.clientOrderId,
    venue: VENUE,
    marketId: formatId(VENUE, input.conditionId),
    side: input.side === 'BUY' ? 'buy' : 'sell',
    outcome: input.outcome,
    price: canonical(input.price),
    size: canonical(size),
    filled: canonical(filled),
    remaining: status === 'open' ? canonical(size.sub(filled)) : '0',
    averageFillPrice: avg,
    fees: '0',
    timeInForce: timeInForceOf(input.orderType),
    postOnly: input.postOnly,
    status,
    createdAt: input.createdAt,
    updatedAt: input.createdAt,
    expiresAt: input.expiresAt,
  };
}

/**
 * Our fills in one trade: the taker side if we were the taker, else each maker order we own.
 * `owner` is our API key; maker orders are matched on it or on our maker (funder) address.
 */
export function mapTradeFills(
  t: Pick<ClobTrade, 'id' | 'taker_order_id' | 'market' | 'asset_id' | 'side' | 'size' | 'price' | 'fee_rate_bps' | 'match_time' | 'matchtime' | 'last_update' | 'trader_side' | 'owner' | 'maker_orders'> & { timestamp?: string | null },
  me: { apiKey: string; address: string },
  lookup: TokenLookup,
): Fill[] {
  const ts = isoFromEpochSecondsOrMs(t.match_time ?? t.matchtime ?? t.last_update ?? t.timestamp) ?? new Date().toISOString();
  const fills: Fill[] = [];
  const isTaker = (t.trader_side ?? '').toUpperCase() !== 'MAKER' && (t.owner === undefined || t.owner === null || t.owner === me.apiKey);
  if (isTaker) {
    const tok = lookup(t.asset_id);
    const bps = t.fee_rate_bps ? Decimal.parse(t.fee_rate_bps) : Decimal.ZERO;
    // V2 fee at the trade's rate (fee_rate_bps / 10^4) with the p(1−p) curve, exponent 1 (§6.11).
    const schedule = bps.isPositive() ? feeScheduleFrom({ feeRate: bps.div('10000', 8, 'half-even').toString(), feeExponent: 1, feeTakerOnly: true }) : null;
    fills.push({
      id: `${t.id}:${t.taker_order_id}`,
      orderId: t.taker_order_id,
      venue: VENUE,
      marketId: formatId(VENUE, t.market),
      side: sideOf(t.side),
      outcome: tok?.outcome ?? 'yes',
      price: canonical(t.price),
      size: canonical(t.size),
      fee: canonical(tradeFee({ schedule, price: t.price, shares: t.size, liquidity: 'taker' })),
      liquidity: 'taker',
      timestamp: ts,
    });
    return fills;
  }
  for (const m of t.maker_orders) {
    const mine = m.owner === me.apiKey || (m.maker_address ?? '').toLowerCase() === me.address.toLowerCase();
    if (!mine) continue;
    const tok = lookup(m.asset_id ?? t.asset_id);
    fills.push({
      id: `${t.id}:${m.order_id}`,
      orderId: m.order_id,
      venue: VENUE,
      marketId: formatId(VENUE, t.market),
      side: sideOf(m.side ?? (t.side.toUpperCase() === 'BUY' ? 'SELL' : 'BUY')),
      outcome: tok?.outcome ?? 'yes',
      price: canonical(m.price),
      size: canonical(m.matched_amount),
      fee: '0',
      liquidity: 'maker',
      timestamp: ts,
    });
  }
  return fills;
}

export function mapPosition(p: DataPosition): Position {
  return {
    venue: VENUE,
    marketId: formatId(VENUE, p.conditionId),
    outcome: p.outcomeIndex === 1 ? 'no' : 'yes',
    size: canonical(p.size),
    averagePrice: canonicalOrNull(p.avgPrice),
    realizedPnl: canonicalOrNull(p.realizedPnl),
    currency: 'pUSD',
  };
}
