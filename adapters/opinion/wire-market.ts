import { z } from 'zod';
import {
  WireAddress,
  WireDecimal,
  WireHex64OrEmpty,
  WireMillis,
  WireSeconds,
  WireTokenId,
  WireTokenIdOrEmpty,
  pageSchema,
} from './wire.js';

/**
 * Public market data (docs/venues/opinion.md §4, §5): markets (binary, categorical parents and
 * their children), labels, quote tokens, order books, latest prices and price history. Only what
 * the adapter reads is required; list rows blank some ids (§4.3), so those accept `""`.
 */

/** Status: 1 Created, 2 Activated, 3 Resolving, 4 Resolved, 5 Failed, 6 Deleted (0 also allowed by the spec). */
export const WireTopicStatus = z.number().int().min(0).max(6);

/** A binary market, or a categorical child as nested in its parent (no type, labels or 24h volume). */
export const ChildMarketSchema = z.object({
  marketId: z.number().int().positive(),
  marketTitle: z.string(),
  slug: z.string().optional(),
  status: WireTopicStatus,
  statusEnum: z.string().optional(),
  yesLabel: z.string(),
  noLabel: z.string(),
  yesTokenId: WireTokenIdOrEmpty,
  noTokenId: WireTokenIdOrEmpty,
  resultTokenId: WireTokenIdOrEmpty,
  conditionId: WireHex64OrEmpty,
  questionId: WireHex64OrEmpty,
  rules: z.string(),
  volume: WireDecimal.optional(),
  quoteToken: WireAddress,
  chainId: z.string(),
  createdAt: WireSeconds,
  cutoffAt: WireSeconds,
  resolvedAt: WireSeconds,
  incentiveFactor: z.record(z.string(), z.unknown()).optional(),
});
export type WireChildMarket = z.infer<typeof ChildMarketSchema>;

/** `GET /market` rows and `GET /market/{id}`, `/market/categorical/{id}`, `/market/slug/{slug}` data. */
export const MarketSchema = ChildMarketSchema.extend({
  /** 0 binary (also a child fetched by its own id), 1 categorical. */
  marketType: z.union([z.literal(0), z.literal(1)]).optional(),
  childMarkets: z.array(ChildMarketSchema).nullish(),
  volume24h: WireDecimal.optional(),
  volume7d: WireDecimal.optional(),
  labels: z.array(z.string()).optional(),
  labelIds: z.array(z.number().int()).optional(),
});
export type WireMarket = z.infer<typeof MarketSchema>;

export const MarketListSchema = pageSchema(MarketSchema);
export const MarketDetailSchema = z.object({ data: MarketSchema });

export const LabelListSchema = z.object({
  list: z.array(z.object({ labelId: z.number().int(), labelName: z.string() })).nullable().transform((l) => l ?? []),
});

/**
 * A `/quoteToken` entry: the exchange orders are signed for and the token's decimals. `decimal`
 * is required here: the SDK silently assumes 6 when it is missing, which would size an 18-decimal
 * USDT order 10¹² times too small (§6.2).
 */
export const QuoteTokenSchema = z.object({
  quoteTokenAddress: WireAddress,
  ctfExchangeAddress: WireAddress,
  decimal: z.number().int().min(0).max(36),
  quoteTokenName: z.string().optional(),
  symbol: z.string().optional(),
  chainId: z.string().optional(),
});
export type WireQuoteToken = z.infer<typeof QuoteTokenSchema>;
export const QuoteTokenListSchema = pageSchema(QuoteTokenSchema);

export const BookLevelSchema = z.object({ price: WireDecimal, size: WireDecimal });
export type WireBookLevel = z.infer<typeof BookLevelSchema>;

/** `GET /token/orderbook`: one outcome token's book; `market` is the questionId (§5.2). */
export const OrderbookSchema = z.object({
  market: z.string(),
  tokenId: WireTokenId,
  timestamp: WireMillis,
  bids: z.array(BookLevelSchema).nullable().transform((l) => l ?? []),
  asks: z.array(BookLevelSchema).nullable().transform((l) => l ?? []),
});
export type WireOrderbook = z.infer<typeof OrderbookSchema>;

/** `GET /token/latest-price`; `timestamp: 0` = never traded. `side` as recorded: `"buy-limit"`. */
export const LatestPriceSchema = z.object({
  tokenId: WireTokenId,
  price: WireDecimal,
  side: z.string(),
  size: WireDecimal,
  timestamp: WireMillis,
});
export type WireLatestPrice = z.infer<typeof LatestPriceSchema>;

/** `GET /token/price-history`: points, newest first, `t` in seconds. */
export const PriceHistorySchema = z.object({
  history: z.array(z.object({ t: WireSeconds, p: WireDecimal })).nullable().transform((l) => l ?? []),
});
export type WirePriceHistory = z.infer<typeof PriceHistorySchema>;

export const FeeRatesSchema = z.object({
  tokenId: WireTokenId,
  makerFeeBps: z.union([z.string(), z.number()]).transform(String),
  takerFeeBps: z.union([z.string(), z.number()]).transform(String),
});
