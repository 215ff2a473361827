import { z } from 'zod';
import { WireDecimal, WireDecimalOrEmpty, opt } from './wire-common.js';

/** zod schemas of the CLOB REST payloads (docs/venues/polymarket.md §4–§6). */

const Id = z.union([z.string(), z.number()]).transform(String);

export const WireLevelSchema = z.object({ price: WireDecimal, size: WireDecimal });
export type WireLevel = z.infer<typeof WireLevelSchema>;

/**
 * `GET /book`, `POST /books` (§4.2). Bids ascend and asks descend on the wire (best last).
 * `tick_size`, `min_order_size`, `neg_risk` and `last_trade_price` are absent in 2024-era
 * payloads; they are optional so that those books still parse.
 */
export const BookSummarySchema = z.object({
  market: z.string(),
  asset_id: z.string(),
  timestamp: opt(Id),
  hash: opt(z.string()),
  bids: z.array(WireLevelSchema),
  asks: z.array(WireLevelSchema),
  min_order_size: opt(WireDecimal),
  tick_size: opt(WireDecimal),
  neg_risk: opt(z.boolean()),
  last_trade_price: opt(WireDecimalOrEmpty),
});
export type BookSummary = z.infer<typeof BookSummarySchema>;
export const BookSummaryListSchema = z.array(BookSummarySchema);

/** `GET /markets/{condition_id}` and the paginated `GET /markets` (§4.4). */
export const ClobMarketSchema = z.object({
  condition_id: z.string(),
  question_id: opt(z.string()),
  question: opt(z.string()),
  description: opt(z.string()),
  market_slug: opt(z.string()),
  end_date_iso: opt(z.string()),
  active: opt(z.boolean()),
  closed: opt(z.boolean()),
  archived: opt(z.boolean()),
  accepting_orders: opt(z.boolean()),
  enable_order_book: opt(z.boolean()),
  minimum_order_size: opt(WireDecimal),
  minimum_tick_size: opt(WireDecimal),
  neg_risk: opt(z.boolean()),
  neg_risk_market_id: opt(z.string()),
  tags: opt(z.array(z.string())),
  tokens: z.array(
    z.object({
      token_id: z.string(),
      outcome: z.string(),
      price: opt(WireDecimal),
      winner: opt(z.boolean()),
    }),
  ),
});
export type ClobMarket = z.infer<typeof ClobMarketSchema>;

/** CLOB pagination envelope (§4.3): start cursor `MA==`, end sentinel `LTE=`. */
export function clobPage<T extends z.ZodType>(item: T) {
  return z.object({
    data: z.array(item),
    next_cursor: opt(z.string()),
    limit: opt(z.number()),
    count: opt(z.number()),
  });
}
export const CLOB_START_CURSOR = 'MA==';
export const CLOB_END_CURSOR = 'LTE=';

export const ClobMarketPageSchema = clobPage(ClobMarketSchema);

export const PriceResponseSchema = z.object({ price: WireDecimal });
export const MidpointResponseSchema = z.object({ mid: WireDecimal });
export const SpreadResponseSchema = z.object({ spread: WireDecimal });
export const LastTradePriceSchema = z.object({ price: WireDecimalOrEmpty, side: opt(z.string()) });
export const LastTradesPricesSchema = z.array(
  z.object({ token_id: z.string(), price: WireDecimalOrEmpty, side: opt(z.string()) }),
);
/** `POST /prices`: `{"<token>": {"BUY": "0.56", "SELL": "0.58"}}`. */
export const PricesMapSchema = z.record(z.string(), z.record(z.string(), WireDecimal));
/** `POST /midpoints`, `POST /spreads`: `{"<token>": "0.57"}`. */
export const DecimalMapSchema = z.record(z.string(), WireDecimal);
export const TickSizeSchema = z.object({ minimum_tick_size: WireDecimal });
export const NegRiskSchema = z.object({ neg_risk: z.boolean() });
export const VersionSchema = z.object({ version: opt(z.number()) });
export const ServerTimeSchema = z.union([z.number(), z.string()]).transform(Number);

/** `GET /prices-history` — `t` in seconds, `p` a JSON number. */
export const PriceHistorySchema = z.object({
  history: z.array(z.object({ t: z.number(), p: WireDecimal })),
});
export type PriceHistory = z.infer<typeof PriceHistorySchema>;

/** L1 `POST /auth/api-key`, `GET /auth/derive-api-key`. */
export const ApiCredsSchema = z.object({
  apiKey: z.string().min(1),
  secret: z.string().min(1),
  passphrase: z.string().min(1),
});
export type ApiCredsWire = z.infer<typeof ApiCredsSchema>;

/** One `POST /order` response, or one entry of `POST /orders` (§6.4, §6.5). */
export const PostOrderResponseSchema = z.object({
  success: opt(z.boolean()),
  errorMsg: opt(z.string()),
  orderID: opt(z.string()),
  status: opt(z.string()),
  makingAmount: opt(z.string()),
  takingAmount: opt(z.string()),
  transactionsHashes: opt(z.array(z.string())),
  tradeIDs: opt(z.array(z.string())),
});
export type PostOrderResponse = z.infer<typeof PostOrderResponseSchema>;
export const PostOrdersResponseSchema = z.array(PostOrderResponseSchema);

/** Every cancel endpoint (§6.6). */
export const CancelResponseSchema = z.object({
  canceled: opt(z.array(z.string())).transform((v) => v ?? []),
  not_canceled: opt(z.record(z.string(), z.string())).transform((v) => v ?? {}),
});
export type CancelResponse = z.infer<typeof CancelResponseSchema>;

/** `GET /data/orders`, `GET /data/order/{id}` (§6.7). */
export const OpenOrderSchema = z.object({
  id: z.string(),
  status: z.string(),
  owner: opt(z.string()),
  maker_address: opt(z.string()),
  market: z.string(),
  asset_id: z.string(),
  side: z.string(),
  original_size: WireDecimal,
  size_matched: WireDecimal,
  price: WireDecimal,
  associate_trades: opt(z.array(z.string())),
  outcome: opt(z.string()),
  created_at: opt(Id),
  expiration: opt(Id),
  order_type: opt(z.string()),
});
export type OpenOrder = z.infer<typeof OpenOrderSchema>;
export const OpenOrderPageSchema = clobPage(OpenOrderSchema);

/** One maker leg of a trade, as REST `/data/trades` and the user channel's `trade` event send it. */
export const MakerOrderSchema = z.object({
  order_id: z.string(),
  owner: opt(z.string()),
  maker_address: opt(z.string()),
  matched_amount: WireDecimal,
  price: WireDecimal,
  fee_rate_bps: opt(WireDecimalOrEmpty),
  asset_id: opt(z.string()),
  outcome: opt(z.string()),
  side: opt(z.string()),
});

/** `GET /data/trades` (§6.7). Some payloads spell `match_time` as `matchtime`. */
export const ClobTradeSchema = z.object({
  id: z.string(),
  taker_order_id: z.string(),
  market: z.string(),
  asset_id: z.string(),
  side: z.string(),
  size: WireDecimal,
  fee_rate_bps: opt(WireDecimalOrEmpty),
  price: WireDecimal,
  status: z.string(),
  match_time: opt(Id),
  matchtime: opt(Id),
  last_update: opt(Id),
  outcome: opt(z.string()),
  owner: opt(z.string()),
  maker_address: opt(z.string()),
  transaction_hash: opt(z.string()),
  trader_side: opt(z.string()),
  maker_orders: opt(z.array(MakerOrderSchema)).transform((v) => v ?? []),
});
export type ClobTrade = z.infer<typeof ClobTradeSchema>;
export const ClobTradePageSchema = clobPage(ClobTradeSchema);

/** `GET /balance-allowance` (§6.8): balance in base units (6 dp), allowances keyed by spender. */
export const BalanceAllowanceSchema = z.object({
  balance: WireDecimal,
  allowances: opt(z.record(z.string(), z.string())),
  /** Pre-V2 shape. */
  allowance: opt(z.string()),
});
export type BalanceAllowance = z.infer<typeof BalanceAllowanceSchema>;
