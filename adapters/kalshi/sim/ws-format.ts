/** Payloads of the Kalshi simulator's WS data channels (docs/venues/kalshi.md §9.5). */
import { PRICE_SCALE } from '../../../src/sim/index.js';
import { count, iso, usd } from './format.js';
import type { SimFill, SimMarket, SimOrder, SimPosition, SimTrade } from './model.js';

export { count, usd };

const wholeDollars = (micros: number): number => (micros - (micros % 1_000_000)) / 1_000_000;
/** Integer cents of a micro-dollar price and whole contracts of a micro-contract count (2026-02 twins). */
const cents = (micros: number): number => Math.round(micros / 10_000);
const contracts = (micro: number): number => Math.floor(micro / 1_000_000);

/**
 * `integerTwins`: also the integer fields the venue still sent next to the fixed-point ones in
 * 2026-02 (recorded frames `legacy/ws-ticker-transitional-2026-02.ndjson`; docs/venues/kalshi.md §9.5).
 */
export function tickerPayload(m: SimMarket, integerTwins = false): Record<string, unknown> {
  const bid = m.book?.bestBid();
  const ask = m.book?.bestAsk();
  const now = Date.now();
  const twins = integerTwins
    ? { price: cents(m.lastPrice), yes_bid: cents(bid?.[0] ?? 0), yes_ask: cents(ask?.[0] ?? PRICE_SCALE), volume: contracts(m.volume), open_interest: contracts(m.openInterest) }
    : {};
  return {
    ...twins,
    market_id: m.marketId, market_ticker: m.ticker, price_dollars: usd(m.lastPrice),
    yes_bid_dollars: usd(bid?.[0] ?? 0), yes_ask_dollars: usd(ask?.[0] ?? PRICE_SCALE),
    yes_bid_size_fp: count(bid?.[1] ?? 0), yes_ask_size_fp: count(ask?.[1] ?? 0), last_trade_size_fp: count(0),
    volume_fp: count(m.volume), open_interest_fp: count(m.openInterest),
    dollar_volume: wholeDollars(Number((BigInt(m.volume) * BigInt(m.lastPrice)) / 1_000_000n)),
    dollar_open_interest: wholeDollars(Number((BigInt(m.openInterest) * BigInt(m.lastPrice)) / 1_000_000n)),
    ts: Math.floor(now / 1000), ts_ms: now, time: iso(now),
  };
}

/** `integerTwins`: as in `tickerPayload` (recorded frames `legacy/ws-trade-transitional-2026-02.ndjson`). */
export function tradePayload(t: SimTrade, integerTwins = false): Record<string, unknown> {
  const twins = integerTwins ? { yes_price: cents(t.yesPrice), no_price: cents(PRICE_SCALE - t.yesPrice), count: contracts(t.count) } : {};
  return {
    ...twins,
    trade_id: t.tradeId, market_ticker: t.ticker, yes_price_dollars: usd(t.yesPrice), no_price_dollars: usd(PRICE_SCALE - t.yesPrice),
    count_fp: count(t.count), taker_outcome_side: t.takerSide === 'bid' ? 'yes' : 'no', taker_book_side: t.takerSide,
    taker_side: t.takerSide === 'bid' ? 'yes' : 'no', is_block_trade: false, ts: Math.floor(t.ts / 1000), ts_ms: t.ts,
  };
}

export function fillPayload(f: SimFill): Record<string, unknown> {
  return {
    trade_id: f.fillId, order_id: f.orderId, client_order_id: f.clientOrderId, market_ticker: f.ticker, exchange_index: 0, is_taker: f.isTaker,
    side: f.side === 'bid' ? 'yes' : 'no', outcome_side: f.side === 'bid' ? 'yes' : 'no', book_side: f.side,
    purchased_side: f.side === 'bid' ? 'yes' : 'no', action: 'buy', yes_price_dollars: usd(f.yesPrice), count_fp: count(f.count),
    fee_cost: usd(f.feeCost), post_position_fp: count(f.postPosition), ts: Math.floor(f.ts / 1000), ts_ms: f.ts, subaccount: f.subaccount,
  };
}

export function orderPayload(o: SimOrder): Record<string, unknown> {
  return {
    order_id: o.orderId, user_id: o.userId, ticker: o.ticker, status: o.status, side: o.side === 'bid' ? 'yes' : 'no', is_yes: o.side === 'bid',
    outcome_side: o.side === 'bid' ? 'yes' : 'no', book_side: o.side, yes_price_dollars: usd(o.price),
    fill_count_fp: count(o.fillCount), remaining_count_fp: count(o.remainingCount), initial_count_fp: count(o.initialCount),
    taker_fill_cost_dollars: usd(o.takerFillCost), maker_fill_cost_dollars: usd(o.makerFillCost),
    taker_fees_dollars: usd(o.takerFees), maker_fees_dollars: usd(o.makerFees), client_order_id: o.clientOrderId,
    self_trade_prevention_type: o.stp, created_time: iso(o.createdMs), created_ts_ms: o.createdMs,
    last_update_time: iso(o.updatedMs), last_updated_ts_ms: o.updatedMs, subaccount_number: o.subaccount,
    ...(o.expirationMs !== undefined ? { expiration_time: iso(o.expirationMs), expiration_ts_ms: o.expirationMs } : {}),
  };
}

export function positionPayload(userId: string, p: SimPosition): Record<string, unknown> {
  return {
    user_id: userId, market_ticker: p.ticker, position_fp: count(p.position), position_cost_dollars: usd(p.exposure),
    realized_pnl_dollars: usd(p.realizedPnl), fees_paid_dollars: usd(p.feesPaid), position_fee_cost_dollars: usd(p.feesPaid), volume_fp: count(p.volume),
  };
}
