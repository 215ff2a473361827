import { z } from 'zod';
import { Count, Dollars, PriceRange } from './wire.js';
import { rejectLegacy, requireFixedPointTwins } from './wire-parse.js';

/**
 * zod schemas of Kalshi WebSocket frames (docs/venues/kalshi.md §9). Envelope:
 * `{type, sid?, seq?, id?, msg}`. Only the fixed-point fields are read. Book frames carrying the
 * integer-cent fields are rejected as `legacy format`; `ticker` and `trade` frames that still carry
 * an integer field next to its fixed-point twin (the recorded 2026-02 frames; docs/venues/kalshi.md
 * §9.5) are read by the twin, and rejected only when the twin is missing.
 */

export const WsEnvelope = z
  .object({
    type: z.string(),
    sid: z.number().int().nullish(),
    seq: z.number().int().nullish(),
    id: z.number().int().nullish(),
    msg: z.unknown().optional(),
  })
  .passthrough();
export type WsEnvelope = z.infer<typeof WsEnvelope>;

/** Levels `[price_dollars, count_fp]`; a side is absent when empty. */
export const WsSnapshotMsg = z
  .object({
    market_ticker: z.string().min(1),
    market_id: z.string().nullish(),
    yes_dollars_fp: z.array(z.tuple([Dollars, Count])).nullish(),
    no_dollars_fp: z.array(z.tuple([Dollars, Count])).nullish(),
  })
  .passthrough()
  .superRefine(rejectLegacy(['yes', 'no'], 'orderbook_snapshot'));
export type WsSnapshotMsg = z.infer<typeof WsSnapshotMsg>;

export const WsDeltaMsg = z
  .object({
    market_ticker: z.string().min(1),
    market_id: z.string().nullish(),
    price_dollars: Dollars,
    delta_fp: Count,
    side: z.enum(['yes', 'no']),
    ts: z.string().nullish(),
    ts_ms: z.number().int().nullish(),
    client_order_id: z.string().nullish(),
    subaccount: z.number().int().nullish(),
  })
  .passthrough()
  .superRefine(rejectLegacy(['price', 'delta'], 'orderbook_delta'));
export type WsDeltaMsg = z.infer<typeof WsDeltaMsg>;

export const WsTickerMsg = z
  .object({
    market_ticker: z.string().min(1),
    market_id: z.string().nullish(),
    price_dollars: Dollars.nullish(),
    yes_bid_dollars: Dollars.nullish(),
    yes_ask_dollars: Dollars.nullish(),
    yes_bid_size_fp: Count.nullish(),
    yes_ask_size_fp: Count.nullish(),
    last_trade_size_fp: Count.nullish(),
    volume_fp: Count.nullish(),
    open_interest_fp: Count.nullish(),
    dollar_volume: z.number().nullish(),
    dollar_open_interest: z.number().nullish(),
    ts: z.number().nullish(),
    ts_ms: z.number().int().nullish(),
  })
  .passthrough()
  .superRefine(
    requireFixedPointTwins(
      { price: 'price_dollars', yes_bid: 'yes_bid_dollars', yes_ask: 'yes_ask_dollars', volume: 'volume_fp', open_interest: 'open_interest_fp' },
      'ticker',
    ),
  );
export type WsTickerMsg = z.infer<typeof WsTickerMsg>;

export const WsTradeMsg = z
  .object({
    trade_id: z.string().min(1),
    market_ticker: z.string().min(1),
    yes_price_dollars: Dollars,
    no_price_dollars: Dollars.nullish(),
    count_fp: Count,
    taker_outcome_side: z.enum(['yes', 'no']).nullish(),
    taker_book_side: z.enum(['bid', 'ask']).nullish(),
    taker_side: z.string().nullish(),
    is_block_trade: z.boolean().nullish(),
    ts: z.number().nullish(),
    ts_ms: z.number().int().nullish(),
  })
  .passthrough()
  .superRefine(requireFixedPointTwins({ yes_price: 'yes_price_dollars', no_price: 'no_price_dollars', count: 'count_fp' }, 'trade'));
export type WsTradeMsg = z.infer<typeof WsTradeMsg>;

export const WsFillMsg = z.object({
  trade_id: z.string().min(1),
  order_id: z.string().min(1),
  client_order_id: z.string().nullish(),
  market_ticker: z.string().min(1),
  is_taker: z.boolean(),
  outcome_side: z.enum(['yes', 'no']),
  book_side: z.enum(['bid', 'ask']),
  yes_price_dollars: Dollars,
  count_fp: Count,
  fee_cost: Dollars.nullish(),
  post_position_fp: Count.nullish(),
  ts: z.number().nullish(),
  ts_ms: z.number().int().nullish(),
});
export type WsFillMsg = z.infer<typeof WsFillMsg>;

export const WsUserOrderMsg = z.object({
  order_id: z.string().min(1),
  ticker: z.string().min(1),
  status: z.enum(['resting', 'canceled', 'executed']),
  outcome_side: z.enum(['yes', 'no']),
  book_side: z.enum(['bid', 'ask']),
  yes_price_dollars: Dollars,
  fill_count_fp: Count,
  remaining_count_fp: Count,
  initial_count_fp: Count,
  taker_fill_cost_dollars: Dollars.nullish(),
  maker_fill_cost_dollars: Dollars.nullish(),
  taker_fees_dollars: Dollars.nullish(),
  maker_fees_dollars: Dollars.nullish(),
  client_order_id: z.string().nullish(),
  created_ts_ms: z.number().int().nullish(),
  last_updated_ts_ms: z.number().int().nullish(),
  expiration_ts_ms: z.number().int().nullish(),
});
export type WsUserOrderMsg = z.infer<typeof WsUserOrderMsg>;

export const WsLifecycleMsg = z.object({
  event_type: z.string(),
  market_ticker: z.string().min(1),
  open_ts: z.number().nullish(),
  close_ts: z.number().nullish(),
  result: z.string().nullish(),
  determination_ts: z.number().nullish(),
  settlement_value: z.string().nullish(),
  settled_ts: z.number().nullish(),
  is_deactivated: z.boolean().nullish(),
  price_level_structure: z.string().nullish(),
  price_ranges: z.array(PriceRange).nullish(),
});
export type WsLifecycleMsg = z.infer<typeof WsLifecycleMsg>;

export const WsErrorMsg = z.object({
  code: z.number().int(),
  msg: z.string().nullish(),
  market_ticker: z.string().nullish(),
});

export const WsSubscribedMsg = z.object({ channel: z.string(), sid: z.number().int() });
