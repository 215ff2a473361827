/**
 * Wire shapes of the Kalshi simulator (docs/venues/kalshi.md §3–§6): `_dollars` 4-dp strings, `_fp`
 * 2-dp counts, fees as dollar strings, integer cents only where Kalshi still uses them.
 */
import { fromPriceUnits, fromSizeUnits, PRICE_SCALE, type BinaryBook } from '../../../src/sim/index.js';
import { rangesToWire } from './grid.js';
import type { SimEvent, SimFill, SimMarket, SimOrder, SimPosition, SimSeries, SimSettlement, SimTrade } from './model.js';

export const usd = (micros: number): string => fromPriceUnits(micros, 4);
export const usd6 = (micros: number): string => fromPriceUnits(micros, 6);
export const count = (micro: number): string => fromSizeUnits(micro, 2);
export const iso = (ms: number): string => new Date(ms).toISOString();
/** Integer cents, truncated toward zero (legacy `balance` truncates sub-cent). */
export const cents = (micros: number): number => (micros - (micros % 10_000)) / 10_000;

/** REST orderbook_fp: bids per outcome, ascending, best last; NO side in NO-leg prices. */
export function bookToWire(book: BinaryBook | undefined, depth = 0): { yes_dollars: [string, string][]; no_dollars: [string, string][] } {
  if (!book) return { yes_dollars: [], no_dollars: [] };
  const { bids, asks } = book.levels();
  const take = <T>(best: T[]): T[] => (depth > 0 ? best.slice(0, depth) : best);
  const yes = take(bids).map(([p, s]) => [usd(p), count(s)] as [string, string]).reverse();
  const no = take(asks).map(([p, s]) => [usd(PRICE_SCALE - p), count(s)] as [string, string]).reverse();
  return { yes_dollars: yes, no_dollars: no };
}

export interface Quote {
  bid: [number, number] | undefined;
  ask: [number, number] | undefined;
}

export function marketToWire(m: SimMarket, quote: Quote | undefined): Record<string, unknown> {
  const bid = quote?.bid;
  const ask = quote?.ask;
  const w: Record<string, unknown> = {
    ticker: m.ticker,
    event_ticker: m.eventTicker,
    market_type: 'binary',
    title: m.title,
    yes_sub_title: m.yesSubTitle,
    no_sub_title: m.noSubTitle,
    created_time: iso(m.createdMs),
    updated_time: iso(m.updatedMs),
    open_time: iso(m.openMs),
    close_time: iso(m.closeMs),
    expected_expiration_time: iso(m.expectedExpirationMs),
    expiration_time: iso(m.latestExpirationMs),
    latest_expiration_time: iso(m.latestExpirationMs),
    settlement_timer_seconds: m.settlementTimerSeconds,
    status: m.status,
    yes_bid_dollars: usd(bid?.[0] ?? 0),
    yes_ask_dollars: usd(ask?.[0] ?? PRICE_SCALE),
    no_bid_dollars: usd(ask ? PRICE_SCALE - ask[0] : 0),
    no_ask_dollars: usd(bid ? PRICE_SCALE - bid[0] : PRICE_SCALE),
    yes_bid_size_fp: count(bid?.[1] ?? 0),
    yes_ask_size_fp: count(ask?.[1] ?? 0),
    last_price_dollars: usd(m.lastPrice),
    previous_yes_bid_dollars: usd(Math.max(0, m.previousPrice - 10_000)),
    previous_yes_ask_dollars: usd(Math.min(PRICE_SCALE, m.previousPrice + 10_000)),
    previous_price_dollars: usd(m.previousPrice),
    volume_fp: count(m.volume),
    volume_24h_fp: count(m.volume24h),
    open_interest_fp: count(m.openInterest),
    notional_value_dollars: '1.0000',
    liquidity_dollars: '0.0000',
    result: m.result,
    can_close_early: m.canCloseEarly,
    expiration_value: m.result === '' ? '' : m.result === 'yes' ? '1' : '0',
    rules_primary: m.rulesPrimary,
    rules_secondary: '',
    price_level_structure: m.structure,
    price_ranges: rangesToWire(m.ranges),
    exchange_index: 0,
  };
  if (m.strikeType) w.strike_type = m.strikeType;
  if (m.floorStrike !== undefined) w.floor_strike = m.floorStrike;
  if (m.capStrike !== undefined) w.cap_strike = m.capStrike;
  if (m.settlementValue !== undefined) w.settlement_value_dollars = usd(m.settlementValue);
  if (m.settledMs !== undefined) w.settlement_ts = iso(m.settledMs);
  if (m.mve) {
    w.mve_collection_ticker = m.mve.collection;
    w.mve_selected_legs = m.mve.legs.map((l) => ({ event_ticker: l.eventTicker, market_ticker: l.marketTicker, side: l.side }));
    w.is_provisional = false;
  }
  return w;
}

export function eventToWire(e: SimEvent, markets?: Record<string, unknown>[]): Record<string, unknown> {
  const w: Record<string, unknown> = {
    event_ticker: e.ticker,
    series_ticker: e.seriesTicker,
    title: e.title,
    sub_title: e.subTitle,
    collateral_return_type: e.collateralReturnType,
    mutually_exclusive: e.mutuallyExclusive,
    category: e.category,
    settlement_sources: null,
    last_updated_ts: iso(e.updatedMs),
    exchange_index: 0,
  };
  if (e.strikeDateMs !== undefined) w.strike_date = iso(e.strikeDateMs);
  if (markets) w.markets = markets;
  return w;
}

export function seriesToWire(s: SimSeries, volume?: number): Record<string, unknown> {
  const w: Record<string, unknown> = {
    ticker: s.ticker, frequency: s.frequency, title: s.title, category: s.category, categories: [s.category], tags: s.tags,
    settlement_sources: null, contract_url: `https://sim.invalid/contracts/${s.ticker}.pdf`, contract_terms_url: `https://sim.invalid/terms/${s.ticker}.pdf`,
    fee_type: s.feeType, fee_multiplier: s.feeMultiplier, additional_prohibitions: null, last_updated_ts: iso(s.updatedMs), exchange_index: 0,
  };
  if (volume !== undefined) w.volume_fp = count(volume);
  return w;
}

export function tradeToWire(t: SimTrade): Record<string, unknown> {
  return {
    trade_id: t.tradeId, ticker: t.ticker, count_fp: count(t.count), yes_price_dollars: usd(t.yesPrice), no_price_dollars: usd(PRICE_SCALE - t.yesPrice),
    taker_outcome_side: t.takerSide === 'bid' ? 'yes' : 'no', taker_book_side: t.takerSide, taker_side: t.takerSide === 'bid' ? 'yes' : 'no',
    created_time: iso(t.ts), is_block_trade: false,
  };
}

/** Deprecated `side`/`action` twins (§3.3 legacy mapping: bid ≡ buy yes, ask ≡ buy no). */
function legacy(side: 'bid' | 'ask') {
  return { side: side === 'bid' ? 'yes' : 'no', action: 'buy' };
}

export function orderToWire(o: SimOrder): Record<string, unknown> {
  const w: Record<string, unknown> = {
    order_id: o.orderId, user_id: o.userId, client_order_id: o.clientOrderId, ticker: o.ticker,
    ...legacy(o.side), outcome_side: o.side === 'bid' ? 'yes' : 'no', book_side: o.side, type: 'limit', status: o.status,
    yes_price_dollars: usd(o.price), no_price_dollars: usd(PRICE_SCALE - o.price),
    fill_count_fp: count(o.fillCount), remaining_count_fp: count(o.remainingCount), initial_count_fp: count(o.initialCount),
    taker_fill_cost_dollars: usd(o.takerFillCost), maker_fill_cost_dollars: usd(o.makerFillCost),
    taker_fees_dollars: usd(o.takerFees), maker_fees_dollars: usd(o.makerFees),
    expiration_time: o.expirationMs === undefined ? null : iso(o.expirationMs),
    created_time: iso(o.createdMs), last_update_time: iso(o.updatedMs),
    self_trade_prevention_type: o.stp, order_group_id: o.orderGroupId ?? null, cancel_order_on_pause: o.cancelOnPause,
    subaccount_number: o.subaccount, exchange_index: 0,
  };
  return w;
}

export function fillToWire(f: SimFill): Record<string, unknown> {
  return {
    fill_id: f.fillId, trade_id: f.fillId, order_id: f.orderId, ticker: f.ticker, market_ticker: f.ticker, exchange_index: 0,
    ...legacy(f.side), outcome_side: f.side === 'bid' ? 'yes' : 'no', book_side: f.side, count_fp: count(f.count),
    yes_price_dollars: usd(f.yesPrice), no_price_dollars: usd(PRICE_SCALE - f.yesPrice), is_taker: f.isTaker,
    fee_cost: usd6(f.feeCost), created_time: iso(f.ts), ts: Math.floor(f.ts / 1000), subaccount_number: f.subaccount,
  };
}

export function positionToWire(p: SimPosition): Record<string, unknown> {
  return {
    ticker: p.ticker, exchange_index: 0, total_traded_dollars: usd(p.totalTraded), position_fp: count(p.position),
    market_exposure_dollars: usd(p.exposure), realized_pnl_dollars: usd(p.realizedPnl), fees_paid_dollars: usd(p.feesPaid),
    last_updated_ts: iso(p.updatedMs),
  };
}

export function settlementToWire(s: SimSettlement): Record<string, unknown> {
  return {
    ticker: s.ticker, exchange_index: 0, event_ticker: s.eventTicker, market_result: s.result,
    yes_count_fp: count(s.yesCount), yes_total_cost_dollars: usd(s.yesCost), no_count_fp: count(s.noCount), no_total_cost_dollars: usd(s.noCost),
    revenue: cents(s.revenue), settled_time: iso(s.settledMs), fee_cost: '0.0000', value: s.result === 'yes' ? 100 : 0,
  };
}
