import { Decimal, canonical, formatId } from '../../src/core/index.js';
import type { Event, Market, TickRange, Ticker, Trade } from '../../src/core/index.js';
import type { WireEvent, WireFeeType, WireMarket, WireTrade } from './wire.js';
import type { WsTickerMsg, WsTradeMsg } from './wire-ws.js';
import { mapMarketStatus, mapResult } from './map-status.js';
import { VENUE, iso, isZero, isoFromMs, isoOrNull, marketIdOf, seriesOfEvent } from './map-util.js';

/**
 * Kalshi wire → normalized model (pure functions). Conventions:
 * - title = the market's own title plus its `yes_sub_title` (Kalshi's display rule: event title +
 *   outcome label); question = the market's title.
 * - Kalshi's `no_sub_title` usually repeats the YES label (both name the outcome of the market,
 *   e.g. "San Diego"); the NO label is then `Not <label>`.
 * - Quotes at price 0 or with a zero size are "no quote" (null).
 * - Fee schedule (series `fee_type`/`fee_multiplier`, event overrides) is attached in `extra` when
 *   known; see fees.ts for the formula.
 */

export interface FeeInfo {
  feeType: WireFeeType;
  feeMultiplier: number;
}

export interface MarketContext {
  /** Fee schedule of the market's series or event override. */
  fee?: FeeInfo;
  category?: string | null;
  tags?: string[];
  /** Keep the raw payload on the result. */
  includeRaw?: boolean;
  /** Used when the venue gave no `updated_time`. */
  now?: Date;
}

export function tickRangesOf(ranges: WireMarket['price_ranges']): { tickSize: string; tickRanges: TickRange[] } {
  let min: Decimal | null = null;
  const tickRanges = ranges.map((r) => {
    const step = Decimal.parse(r.step);
    if (min === null || step.lt(min)) min = step;
    return { start: canonical(r.start), end: canonical(r.end), step: canonical(step) };
  });
  return { tickSize: canonical((min as Decimal | null) ?? '0.01'), tickRanges };
}

function bestQuote(priceText: string, sizeText: string | null | undefined, side: 'bid' | 'ask'): string | null {
  const price = Decimal.parse(priceText);
  if (price.isZero()) return null;
  if (sizeText != null && Decimal.parse(sizeText).isZero()) return null;
  if (side === 'ask' && price.gte(Decimal.ONE)) return null;
  return canonical(price);
}

function labels(m: WireMarket): { yesLabel: string; noLabel: string } {
  const yes = m.yes_sub_title?.trim() || '';
  const no = m.no_sub_title?.trim() || '';
  const yesLabel = yes || 'Yes';
  let noLabel: string;
  if (no && no !== yes) noLabel = no;
  else if (yes) noLabel = `Not ${yes}`;
  else noLabel = 'No';
  return { yesLabel, noLabel };
}

function extrasOf(m: WireMarket, ctx: MarketContext): Market['extra'] {
  const extra: Market['extra'] = {
    eventTicker: m.event_ticker,
    seriesTicker: seriesOfEvent(m.event_ticker),
  };
  if (m.market_type) extra['marketType'] = m.market_type;
  if (m.price_level_structure) extra['priceLevelStructure'] = m.price_level_structure;
  if (m.strike_type) extra['strikeType'] = m.strike_type;
  if (m.floor_strike != null) extra['floorStrike'] = m.floor_strike;
  if (m.cap_strike != null) extra['capStrike'] = m.cap_strike;
  if (m.mve_collection_ticker) extra['mveCollectionTicker'] = m.mve_collection_ticker;
  if (m.can_close_early != null) extra['canCloseEarly'] = m.can_close_early;
  if (m.settlement_value_dollars) extra['settlementValue'] = canonical(m.settlement_value_dollars);
  if (m.exchange_index != null) extra['exchangeIndex'] = m.exchange_index;
  if (ctx.fee) {
    extra['feeType'] = ctx.fee.feeType;
    extra['feeMultiplier'] = ctx.fee.feeMultiplier;
  }
  return extra;
}

export function mapMarket(m: WireMarket, ctx: MarketContext = {}): Market {
  const question = (m.title ?? '').trim() || m.ticker;
  const yesSub = m.yes_sub_title?.trim();
  const title = yesSub && yesSub !== question ? `${question} — ${yesSub}` : question;
  const { tickSize, tickRanges } = tickRangesOf(m.price_ranges);
  const rules = [m.rules_primary, m.rules_secondary].filter((r): r is string => !!r && r.trim() !== '').join('\n\n');
  const market: Market = {
    id: marketIdOf(m.ticker),
    venue: VENUE,
    nativeId: m.ticker,
    eventId: formatId(VENUE, m.event_ticker),
    title,
    question,
    ...labels(m),
    status: mapMarketStatus(m.status),
    openTime: iso(m.open_time, 'market.open_time'),
    closeTime: iso(m.close_time, 'market.close_time'),
    expectedResolutionTime:
      isoOrNull(m.expected_expiration_time, 'market.expected_expiration_time') ??
      isoOrNull(m.latest_expiration_time, 'market.latest_expiration_time'),
    result: mapResult(m.result),
    currency: 'USD',
    realMoney: true,
    bestBid: bestQuote(m.yes_bid_dollars, m.yes_bid_size_fp, 'bid'),
    bestAsk: bestQuote(m.yes_ask_dollars, m.yes_ask_size_fp, 'ask'),
    lastPrice: isZero(m.last_price_dollars) ? null : canonical(m.last_price_dollars),
    // `*_fp` fields count contracts (docs/venues/kalshi.md §4.1). Kalshi reports no traded
    // notional on markets (`notional_value_dollars` is the payout per contract, not a volume).
    volume: canonical(m.volume_fp),
    volume24h: m.volume_24h_fp ? canonical(m.volume_24h_fp) : null,
    openInterest: canonical(m.open_interest_fp),
    volumeNotional: null,
    volume24hNotional: null,
    tickSize,
    tickRanges,
    // Fractional trading: counts have a granularity of 0.01 contract (docs/venues/kalshi.md §3.1).
    minOrderSize: '0.01',
    rules: rules || null,
    url: `https://kalshi.com/markets/${seriesOfEvent(m.event_ticker).toLowerCase()}`,
    category: ctx.category ?? null,
    tags: ctx.tags ?? [],
    extra: extrasOf(m, ctx),
    updatedAt: isoOrNull(m.updated_time, 'market.updated_time') ?? (ctx.now ?? new Date()).toISOString(),
  };
  if (ctx.includeRaw) market.raw = m;
  return market;
}

export function mapEvent(e: WireEvent, ctx: Omit<MarketContext, 'category'> = {}): Event {
  const markets = e.markets?.map((m) => mapMarket(m, { ...ctx, category: e.category ?? null }));
  let closeTime: string | null = null;
  for (const m of markets ?? []) if (m.closeTime && (!closeTime || m.closeTime > closeTime)) closeTime = m.closeTime;
  const event: Event = {
    id: formatId(VENUE, e.event_ticker),
    venue: VENUE,
    nativeId: e.event_ticker,
    title: e.title,
    subtitle: e.sub_title?.trim() || null,
    category: e.category ?? null,
    mutuallyExclusive: e.mutually_exclusive,
    marketIds: (markets ?? []).map((m) => m.id),
    closeTime,
    url: `https://kalshi.com/markets/${e.series_ticker.toLowerCase()}`,
    updatedAt: isoOrNull(e.last_updated_ts, 'event.last_updated_ts') ?? (ctx.now ?? new Date()).toISOString(),
  };
  if (markets) event.markets = markets;
  return event;
}

/** Taker direction in YES terms: `bid` = bought YES, `ask` = sold YES (bought NO). */
function takerSideOf(bookSide: string | null | undefined, outcomeSide: string | null | undefined): Trade['takerSide'] {
  if (bookSide === 'bid') return 'buy';
  if (bookSide === 'ask') return 'sell';
  if (outcomeSide === 'yes') return 'buy';
  if (outcomeSide === 'no') return 'sell';
  return null;
}

export function mapTrade(t: WireTrade): Trade {
  return {
    id: t.trade_id,
    marketId: marketIdOf(t.ticker),
    venue: VENUE,
    price: canonical(t.yes_price_dollars),
    size: canonical(t.count_fp),
    takerSide: takerSideOf(t.taker_book_side, t.taker_outcome_side),
    timestamp: iso(t.created_time, 'trade.created_time'),
  };
}

function wsTime(tsMs: number | null | undefined, tsSeconds: number | null | undefined, now: Date): string {
  if (tsMs != null) return isoFromMs(tsMs);
  if (tsSeconds != null) return isoFromMs(tsSeconds * 1000);
  return now.toISOString();
}

export function mapWsTrade(t: WsTradeMsg, now: Date = new Date()): Trade {
  return {
    id: t.trade_id,
    marketId: marketIdOf(t.market_ticker),
    venue: VENUE,
    price: canonical(t.yes_price_dollars),
    size: canonical(t.count_fp),
    takerSide: takerSideOf(t.taker_book_side, t.taker_outcome_side),
    timestamp: wsTime(t.ts_ms, t.ts, now),
  };
}

export function mapWsTicker(t: WsTickerMsg, now: Date = new Date()): Ticker {
  const bid = t.yes_bid_dollars ? bestQuote(t.yes_bid_dollars, t.yes_bid_size_fp, 'bid') : null;
  const ask = t.yes_ask_dollars ? bestQuote(t.yes_ask_dollars, t.yes_ask_size_fp, 'ask') : null;
  return {
    marketId: marketIdOf(t.market_ticker),
    venue: VENUE,
    bestBid: bid,
    bestAsk: ask,
    lastPrice: t.price_dollars && !isZero(t.price_dollars) ? canonical(t.price_dollars) : null,
    volume: t.volume_fp ? canonical(t.volume_fp) : null,
    // `dollar_volume` is not a traded notional: in every recorded frame it is exactly half the
    // contract count, whatever the price (docs/venues/kalshi.md §9.5), so it is not mapped.
    volumeNotional: null,
    openInterest: t.open_interest_fp ? canonical(t.open_interest_fp) : null,
    timestamp: wsTime(t.ts_ms, t.ts, now),
  };
}
