/**
 * Wire shapes of orders and trades for the L2 REST endpoints (docs/venues/polymarket.md §6.7) and the
 * user channel (§7.2). Sizes and prices are decimal strings; times are Unix seconds.
 */
import { fmt, seconds } from './format.js';
import { outcomeLabel, type PolyOrder, type TradeRecord, type TradeSide } from './records.js';

export function openOrderWire(o: PolyOrder): Record<string, unknown> {
  return {
    id: o.id,
    status: `ORDER_STATUS_${o.status}`,
    owner: o.apiKey,
    maker_address: o.maker,
    market: o.market.conditionId,
    asset_id: o.tokenId,
    side: o.side,
    original_size: fmt(o.originalSize),
    size_matched: fmt(o.sizeMatched),
    price: fmt(o.price),
    associate_trades: [...o.tradeIds],
    outcome: outcomeLabel(o.outcome),
    created_at: seconds(o.createdAtMs),
    expiration: String(o.expiration),
    order_type: o.orderType,
  };
}

export function orderEventWire(o: PolyOrder, kind: 'PLACEMENT' | 'UPDATE' | 'CANCELLATION', ts: number): Record<string, unknown> {
  return {
    event_type: 'order',
    type: kind,
    id: o.id,
    owner: o.apiKey,
    order_owner: o.apiKey,
    market: o.market.conditionId,
    asset_id: o.tokenId,
    side: o.side,
    original_size: fmt(o.originalSize),
    size_matched: fmt(o.sizeMatched),
    price: fmt(o.price),
    associate_trades: o.tradeIds.length > 0 ? [...o.tradeIds] : null,
    outcome: outcomeLabel(o.outcome),
    created_at: String(seconds(o.createdAtMs)),
    expiration: String(o.expiration),
    order_type: o.orderType,
    status: o.status === 'CANCELED_MARKET_RESOLVED' ? 'CANCELED' : o.status,
    maker_address: o.maker,
    timestamp: String(ts),
  };
}

function makerOrderWire(t: TradeRecord): Record<string, unknown> {
  const m: TradeSide = t.maker;
  return {
    order_id: m.orderId,
    owner: m.apiKey,
    maker_address: m.address,
    matched_amount: fmt(t.size),
    price: fmt(m.price),
    // Makers pay no fee on the taker-only schedules (docs/venues/polymarket.md §6.11).
    fee_rate_bps: '0',
    asset_id: m.assetId,
    outcome: outcomeLabel(m.outcome),
    side: m.side,
  };
}

/** A trade as seen by `viewerApiKey` (taker or maker side). */
export function tradeWire(t: TradeRecord, viewerApiKey: string): Record<string, unknown> {
  const asTaker = t.taker.apiKey === viewerApiKey;
  const me = asTaker ? t.taker : t.maker;
  return {
    id: t.id,
    taker_order_id: t.taker.orderId,
    market: t.market.conditionId,
    asset_id: t.taker.assetId,
    side: t.taker.side,
    size: fmt(t.size),
    // The simulator writes the market's taker rate in basis points; the venue's exact meaning of
    // this field on V2 trades is not published (docs/venues/polymarket.md §6.11, §12).
    fee_rate_bps: t.feeRateBps,
    price: fmt(t.taker.price),
    status: t.status,
    match_time: String(seconds(t.matchTimeMs)),
    last_update: String(seconds(t.lastUpdateMs)),
    outcome: outcomeLabel(t.taker.outcome),
    bucket_index: 0,
    owner: me.apiKey,
    maker_address: me.address,
    transaction_hash: t.transactionHash,
    trader_side: asTaker ? 'TAKER' : 'MAKER',
    maker_orders: [makerOrderWire(t)],
  };
}

export function tradeEventWire(t: TradeRecord, viewerApiKey: string, ts: number): Record<string, unknown> {
  return { event_type: 'trade', type: 'TRADE', ...tradeWire(t, viewerApiKey), trade_owner: viewerApiKey, timestamp: String(ts) };
}
