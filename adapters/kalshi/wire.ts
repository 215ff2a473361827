import { z } from 'zod';
import { rejectLegacy } from './wire-parse.js';

/**
 * zod schemas of Kalshi's market-data REST payloads (Trade API v2, fixed-point era, 2026).
 * Ground truth: docs/venues/kalshi.md §3–§4. Unknown keys are ignored; missing or mistyped known keys
 * fail. Portfolio/order payloads are in wire-portfolio.ts, WebSocket frames in wire-ws.ts.
 */

/** FixedPointDollars: `"0.4200"` (2–6 decimals on output). */
export const Dollars = z.string().regex(/^-?\d+(\.\d+)?$/, 'expected a fixed-point dollar string');
/** FixedPointCount: `"10.00"`. */
export const Count = z.string().regex(/^-?\d+(\.\d+)?$/, 'expected a fixed-point count string');
/** RFC 3339 timestamp string. */
export const Rfc3339 = z.string().min(1);
/** Kalshi ends pagination with `""`, null or an absent cursor. */
export const Cursor = z.string().nullish();

export const MARKET_STATUSES = [
  'initialized',
  'inactive',
  'active',
  'closed',
  'determined',
  'disputed',
  'amended',
  'finalized',
] as const;
export const WireMarketStatus = z.enum(MARKET_STATUSES);
export type WireMarketStatus = z.infer<typeof WireMarketStatus>;

export const PriceRange = z.object({ start: Dollars, end: Dollars, step: Dollars });
export type WirePriceRange = z.infer<typeof PriceRange>;

/** Integer-cent fields of the pre-2026 Market object. */
const LEGACY_MARKET_FIELDS = [
  'yes_bid',
  'yes_ask',
  'no_bid',
  'no_ask',
  'last_price',
  'previous_price',
  'previous_yes_bid',
  'previous_yes_ask',
  'volume',
  'volume_24h',
  'open_interest',
  'liquidity',
  'notional_value',
  'tick_size',
] as const;

export const MveLeg = z.object({
  event_ticker: z.string(),
  market_ticker: z.string(),
  side: z.string(),
  yes_settlement_value_dollars: Dollars.nullish(),
});

export const WireMarket = z
  .object({
    ticker: z.string().min(1),
    event_ticker: z.string().min(1),
    market_type: z.enum(['binary', 'scalar']).optional(),
    title: z.string().nullish(),
    subtitle: z.string().nullish(),
    yes_sub_title: z.string().nullish(),
    no_sub_title: z.string().nullish(),
    created_time: Rfc3339.nullish(),
    updated_time: Rfc3339.nullish(),
    open_time: Rfc3339,
    close_time: Rfc3339,
    expected_expiration_time: Rfc3339.nullish(),
    expiration_time: Rfc3339.nullish(),
    latest_expiration_time: Rfc3339.nullish(),
    settlement_timer_seconds: z.number().int().nullish(),
    status: WireMarketStatus,
    yes_bid_dollars: Dollars,
    yes_ask_dollars: Dollars,
    no_bid_dollars: Dollars.nullish(),
    no_ask_dollars: Dollars.nullish(),
    yes_bid_size_fp: Count.nullish(),
    yes_ask_size_fp: Count.nullish(),
    last_price_dollars: Dollars,
    previous_yes_bid_dollars: Dollars.nullish(),
    previous_yes_ask_dollars: Dollars.nullish(),
    previous_price_dollars: Dollars.nullish(),
    volume_fp: Count,
    volume_24h_fp: Count.nullish(),
    open_interest_fp: Count,
    notional_value_dollars: Dollars.nullish(),
    liquidity_dollars: Dollars.nullish(),
    result: z.enum(['yes', 'no', 'scalar', '']).nullish(),
    can_close_early: z.boolean().nullish(),
    settlement_value_dollars: Dollars.nullish(),
    settlement_ts: Rfc3339.nullish(),
    expiration_value: z.string().nullish(),
    occurrence_datetime: Rfc3339.nullish(),
    fee_waiver_expiration_time: Rfc3339.nullish(),
    early_close_condition: z.string().nullish(),
    strike_type: z.string().nullish(),
    floor_strike: z.number().nullish(),
    cap_strike: z.number().nullish(),
    functional_strike: z.string().nullish(),
    custom_strike: z.record(z.string(), z.unknown()).nullish(),
    rules_primary: z.string().nullish(),
    rules_secondary: z.string().nullish(),
    mve_collection_ticker: z.string().nullish(),
    mve_selected_legs: z.array(MveLeg).nullish(),
    primary_participant_key: z.string().nullish(),
    is_provisional: z.boolean().nullish(),
    price_level_structure: z.string().nullish(),
    price_ranges: z.array(PriceRange).min(1),
    exchange_index: z.number().int().nullish(),
  })
  .passthrough()
  .superRefine(rejectLegacy(LEGACY_MARKET_FIELDS, 'market'));
export type WireMarket = z.infer<typeof WireMarket>;

export const MarketsResponse = z.object({ markets: z.array(WireMarket), cursor: Cursor });
export const MarketResponse = z.object({ market: WireMarket });

export const SettlementSource = z.object({ name: z.string().nullish(), url: z.string().nullish() });

export const WireEvent = z.object({
  event_ticker: z.string().min(1),
  series_ticker: z.string().min(1),
  title: z.string(),
  sub_title: z.string().nullish(),
  collateral_return_type: z.string().nullish(),
  mutually_exclusive: z.boolean(),
  category: z.string().nullish(),
  strike_date: Rfc3339.nullish(),
  strike_period: z.string().nullish(),
  markets: z.array(WireMarket).nullish(),
  settlement_sources: z.array(SettlementSource).nullish(),
  last_updated_ts: Rfc3339.nullish(),
  fee_type_override: z.string().nullish(),
  fee_multiplier_override: z.number().nullish(),
  exchange_index: z.number().int().nullish(),
});
export type WireEvent = z.infer<typeof WireEvent>;

export const EventsResponse = z.object({
  events: z.array(WireEvent),
  milestones: z.array(z.unknown()).nullish(),
  cursor: Cursor,
});
export const EventResponse = z.object({ event: WireEvent, markets: z.array(WireMarket).nullish() });

export const FEE_TYPES = ['quadratic', 'quadratic_with_maker_fees', 'quadratic_with_combo_maker_fees', 'flat'] as const;
export const WireFeeType = z.enum(FEE_TYPES);
export type WireFeeType = z.infer<typeof WireFeeType>;

export const WireSeries = z.object({
  ticker: z.string().min(1),
  frequency: z.string().nullish(),
  title: z.string(),
  category: z.string().nullish(),
  categories: z.array(z.string()).nullish(),
  tags: z.array(z.string()).nullish(),
  settlement_sources: z.array(SettlementSource).nullish(),
  contract_url: z.string().nullish(),
  contract_terms_url: z.string().nullish(),
  fee_type: WireFeeType,
  fee_multiplier: z.number(),
  additional_prohibitions: z.array(z.string()).nullish(),
  volume_fp: Count.nullish(),
  last_updated_ts: Rfc3339.nullish(),
  exchange_index: z.number().int().nullish(),
});
export type WireSeries = z.infer<typeof WireSeries>;
export const SeriesListResponse = z.object({ series: z.array(WireSeries).nullable() });
export const SeriesResponse = z.object({ series: WireSeries });

/** `[price_dollars, count_fp]`. */
export const WireLevel = z.tuple([Dollars, Count]);
export type WireLevel = z.infer<typeof WireLevel>;

export const WireOrderbookFp = z.object({
  yes_dollars: z.array(WireLevel).nullish(),
  no_dollars: z.array(WireLevel).nullish(),
});
export type WireOrderbookFp = z.infer<typeof WireOrderbookFp>;

/** The legacy response also carried `orderbook:{yes,no}` integer-cent arrays. */
function rejectLegacyBook(value: Record<string, unknown>, ctx: z.RefinementCtx): void {
  if (value['orderbook'] !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['orderbook'],
      message:
        'legacy format: orderbook field "orderbook" (integer-cent yes/no arrays) was removed in 2026; only "orderbook_fp" is current',
    });
  }
}

export const OrderbookResponse = z
  .object({ orderbook_fp: WireOrderbookFp, ticker: z.string().nullish() })
  .passthrough()
  .superRefine(rejectLegacyBook);
export const OrderbooksResponse = z.object({
  orderbooks: z.array(z.object({ ticker: z.string(), orderbook_fp: WireOrderbookFp })),
});

const LEGACY_TRADE_FIELDS = ['yes_price', 'no_price', 'count'] as const;
export const WireTrade = z
  .object({
    trade_id: z.string().min(1),
    ticker: z.string().min(1),
    count_fp: Count,
    yes_price_dollars: Dollars,
    no_price_dollars: Dollars.nullish(),
    taker_outcome_side: z.enum(['yes', 'no']).nullish(),
    taker_book_side: z.enum(['bid', 'ask']).nullish(),
    taker_side: z.string().nullish(),
    created_time: Rfc3339,
    is_block_trade: z.boolean().nullish(),
  })
  .passthrough()
  .superRefine(rejectLegacy(LEGACY_TRADE_FIELDS, 'trade'));
export type WireTrade = z.infer<typeof WireTrade>;
export const TradesResponse = z.object({ trades: z.array(WireTrade), cursor: Cursor });

const Ohlc = z.object({
  open_dollars: Dollars.nullish(),
  low_dollars: Dollars.nullish(),
  high_dollars: Dollars.nullish(),
  close_dollars: Dollars.nullish(),
});
export const WireCandlestick = z.object({
  end_period_ts: z.number().int(),
  yes_bid: Ohlc,
  yes_ask: Ohlc,
  price: Ohlc.extend({
    mean_dollars: Dollars.nullish(),
    previous_dollars: Dollars.nullish(),
    min_dollars: Dollars.nullish(),
    max_dollars: Dollars.nullish(),
  }),
  volume_fp: Count,
  open_interest_fp: Count,
});
export type WireCandlestick = z.infer<typeof WireCandlestick>;
export const CandlesticksResponse = z.object({ ticker: z.string(), candlesticks: z.array(WireCandlestick) });

export const HistoricalCutoffResponse = z.object({
  market_settled_ts: Rfc3339,
  trades_created_ts: Rfc3339,
  orders_updated_ts: Rfc3339,
  market_positions_last_updated_ts: Rfc3339.nullish(),
});
export type WireHistoricalCutoff = z.infer<typeof HistoricalCutoffResponse>;

export const ExchangeStatusResponse = z.object({
  exchange_active: z.boolean(),
  trading_active: z.boolean(),
  exchange_estimated_resume_time: Rfc3339.nullish(),
});
