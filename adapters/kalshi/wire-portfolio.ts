import { z } from 'zod';
import { Count, Cursor, Dollars, Rfc3339 } from './wire.js';
import { rejectLegacy } from './wire-parse.js';

/**
 * zod schemas of Kalshi's order, portfolio and account payloads (docs/venues/kalshi.md §5, §6, §8).
 * V2 order writes (`/portfolio/events/orders`) answer with compact acknowledgements; full
 * `Order` objects come from the v1 read endpoints.
 */

export const WireErrorBody = z.object({
  code: z.string().nullish(),
  message: z.string().nullish(),
  details: z.string().nullish(),
});
export type WireErrorBody = z.infer<typeof WireErrorBody>;

const LEGACY_ORDER_FIELDS = ['yes_price', 'no_price', 'fill_count', 'remaining_count', 'initial_count'] as const;

export const WireOrderStatus = z.enum(['resting', 'canceled', 'executed']);

export const WireOrder = z
  .object({
    order_id: z.string().min(1),
    user_id: z.string().nullish(),
    client_order_id: z.string().nullish(),
    ticker: z.string().min(1),
    outcome_side: z.enum(['yes', 'no']),
    book_side: z.enum(['bid', 'ask']),
    type: z.string().nullish(),
    status: WireOrderStatus,
    yes_price_dollars: Dollars,
    no_price_dollars: Dollars.nullish(),
    fill_count_fp: Count,
    remaining_count_fp: Count,
    initial_count_fp: Count,
    taker_fill_cost_dollars: Dollars.nullish(),
    maker_fill_cost_dollars: Dollars.nullish(),
    taker_fees_dollars: Dollars.nullish(),
    maker_fees_dollars: Dollars.nullish(),
    expiration_time: Rfc3339.nullish(),
    created_time: Rfc3339.nullish(),
    last_update_time: Rfc3339.nullish(),
    self_trade_prevention_type: z.string().nullish(),
    order_group_id: z.string().nullish(),
    cancel_order_on_pause: z.boolean().nullish(),
    post_only: z.boolean().nullish(),
    time_in_force: z.string().nullish(),
    subaccount_number: z.number().int().nullish(),
    exchange_index: z.number().int().nullish(),
  })
  .passthrough()
  .superRefine(rejectLegacy(LEGACY_ORDER_FIELDS, 'order'));
export type WireOrder = z.infer<typeof WireOrder>;

export const OrderResponse = z.object({ order: WireOrder });
export const OrdersResponse = z.object({ orders: z.array(WireOrder), cursor: Cursor });

/** `POST /portfolio/events/orders` → 201. */
export const CreateOrderV2Response = z.object({
  order_id: z.string().min(1),
  client_order_id: z.string().nullish(),
  fill_count: Count,
  remaining_count: Count,
  average_fill_price: Dollars.nullish(),
  average_fee_paid: Dollars.nullish(),
  ts_ms: z.number().int(),
});
export type CreateOrderV2Response = z.infer<typeof CreateOrderV2Response>;

export const CancelOrderV2Response = z.object({
  order_id: z.string().min(1),
  client_order_id: z.string().nullish(),
  reduced_by: Count,
  ts_ms: z.number().int(),
});
export type CancelOrderV2Response = z.infer<typeof CancelOrderV2Response>;

export const AmendOrderV2Response = z.object({
  order_id: z.string().min(1),
  client_order_id: z.string().nullish(),
  remaining_count: Count.nullish(),
  fill_count: Count.nullish(),
  average_fill_price: Dollars.nullish(),
  average_fee_paid: Dollars.nullish(),
  ts_ms: z.number().int(),
});
export type AmendOrderV2Response = z.infer<typeof AmendOrderV2Response>;

export const DecreaseOrderV2Response = z.object({
  order_id: z.string().min(1),
  client_order_id: z.string().nullish(),
  remaining_count: Count,
  ts_ms: z.number().int(),
});
export type DecreaseOrderV2Response = z.infer<typeof DecreaseOrderV2Response>;

export const BatchCreateOrdersV2Response = z.object({
  orders: z.array(
    z.object({
      order_id: z.string().nullish(),
      client_order_id: z.string().nullish(),
      fill_count: Count.nullish(),
      remaining_count: Count.nullish(),
      average_fill_price: Dollars.nullish(),
      average_fee_paid: Dollars.nullish(),
      ts_ms: z.number().int().nullish(),
      error: WireErrorBody.nullish(),
    }),
  ),
});
export type BatchCreateOrdersV2Response = z.infer<typeof BatchCreateOrdersV2Response>;

export const BatchCancelOrdersV2Response = z.object({
  orders: z.array(
    z.object({
      order_id: z.string(),
      client_order_id: z.string().nullish(),
      reduced_by: Count.nullish(),
      ts_ms: z.number().int().nullish(),
      error: WireErrorBody.nullish(),
    }),
  ),
});
export type BatchCancelOrdersV2Response = z.infer<typeof BatchCancelOrdersV2Response>;

export const WireFill = z
  .object({
    fill_id: z.string().min(1),
    trade_id: z.string().nullish(),
    order_id: z.string().min(1),
    ticker: z.string().min(1),
    market_ticker: z.string().nullish(),
    exchange_index: z.number().int().nullish(),
    outcome_side: z.enum(['yes', 'no']),
    book_side: z.enum(['bid', 'ask']),
    action: z.string().nullish(),
    side: z.string().nullish(),
    count_fp: Count,
    yes_price_dollars: Dollars,
    no_price_dollars: Dollars.nullish(),
    is_taker: z.boolean(),
    fee_cost: Dollars,
    created_time: Rfc3339.nullish(),
    ts: z.number().int().nullish(),
    subaccount_number: z.number().int().nullish(),
  })
  .passthrough()
  .superRefine(rejectLegacy(['count', 'yes_price', 'no_price'], 'fill'));
export type WireFill = z.infer<typeof WireFill>;
export const FillsResponse = z.object({ fills: z.array(WireFill), cursor: Cursor });

export const WireMarketPosition = z.object({
  ticker: z.string().min(1),
  exchange_index: z.number().int().nullish(),
  total_traded_dollars: Dollars.nullish(),
  position_fp: Count,
  market_exposure_dollars: Dollars.nullish(),
  realized_pnl_dollars: Dollars.nullish(),
  fees_paid_dollars: Dollars.nullish(),
  last_updated_ts: Rfc3339.nullish(),
});
export type WireMarketPosition = z.infer<typeof WireMarketPosition>;

export const WireEventPosition = z.object({
  event_ticker: z.string(),
  total_cost_dollars: Dollars.nullish(),
  total_cost_shares_fp: Count.nullish(),
  event_exposure_dollars: Dollars.nullish(),
  realized_pnl_dollars: Dollars.nullish(),
  fees_paid_dollars: Dollars.nullish(),
});

export const PositionsResponse = z.object({
  market_positions: z.array(WireMarketPosition).nullish(),
  event_positions: z.array(WireEventPosition).nullish(),
  cursor: Cursor,
});

export const WireSettlement = z.object({
  ticker: z.string(),
  exchange_index: z.number().int().nullish(),
  event_ticker: z.string().nullish(),
  market_result: z.enum(['yes', 'no', 'scalar', 'void']),
  yes_count_fp: Count,
  yes_total_cost_dollars: Dollars.nullish(),
  no_count_fp: Count,
  no_total_cost_dollars: Dollars.nullish(),
  /** Integer cents. */
  revenue: z.number().int(),
  settled_time: Rfc3339,
  fee_cost: Dollars.nullish(),
  /** Integer cents per YES contract. */
  value: z.number().int().nullish(),
});
export type WireSettlement = z.infer<typeof WireSettlement>;
export const SettlementsResponse = z.object({ settlements: z.array(WireSettlement), cursor: Cursor });

/** `balance` and `portfolio_value` are integer cents; `balance_dollars` is exact. */
export const BalanceResponse = z.object({
  balance: z.number().int(),
  balance_dollars: Dollars.nullish(),
  portfolio_value: z.number().int().nullish(),
  updated_ts: z.number().int().nullish(),
  balance_breakdown: z.array(z.object({ exchange_index: z.number().int(), balance: Dollars })).nullish(),
});
export type WireBalance = z.infer<typeof BalanceResponse>;

const BucketLimit = z.object({ refill_rate: z.number().positive(), bucket_capacity: z.number().positive() });
export const AccountLimitsResponse = z.object({
  usage_tier: z.string(),
  read: BucketLimit,
  write: BucketLimit,
  grants: z.array(z.unknown()).nullish(),
});
export type WireAccountLimits = z.infer<typeof AccountLimitsResponse>;
