import { z } from 'zod';
import { JsonStringArray, WireDecimal, opt } from './wire-common.js';

/**
 * zod schemas of the Gamma API payloads (docs/venues/polymarket.md §3). Unknown fields are dropped;
 * the fields we read are validated. Most Gamma fields are nullable in practice, so everything that
 * is not an identifier is optional.
 */

const GammaEventRef = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  slug: opt(z.string()),
  title: opt(z.string()),
  negRisk: opt(z.boolean()),
  enableNegRisk: opt(z.boolean()),
  negRiskAugmented: opt(z.boolean()),
});

const GammaFeeSchedule = z.object({
  rate: opt(WireDecimal),
  exponent: opt(WireDecimal),
  takerOnly: opt(z.boolean()),
  rebateRate: opt(WireDecimal),
});

const GammaTag = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  label: opt(z.string()),
  slug: opt(z.string()),
});

export const GammaMarketSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  question: opt(z.string()),
  /** `""` for markets not yet deployed on chain. */
  conditionId: opt(z.string()),
  questionID: opt(z.string()),
  slug: opt(z.string()),
  description: opt(z.string()),
  category: opt(z.string()),
  groupItemTitle: opt(z.string()),
  outcomes: opt(JsonStringArray),
  outcomePrices: opt(JsonStringArray),
  clobTokenIds: opt(JsonStringArray),
  /** Protocol-V2 markets (`version: "v2"`) trade position ids instead of `clobTokenIds`. */
  positionIds: opt(JsonStringArray),
  version: opt(z.string()),
  startDate: opt(z.string()),
  endDate: opt(z.string()),
  closedTime: opt(z.string()),
  createdAt: opt(z.string()),
  updatedAt: opt(z.string()),
  active: opt(z.boolean()),
  closed: opt(z.boolean()),
  archived: opt(z.boolean()),
  restricted: opt(z.boolean()),
  enableOrderBook: opt(z.boolean()),
  acceptingOrders: opt(z.boolean()),
  negRisk: opt(z.boolean()),
  negRiskMarketID: opt(z.string()),
  volume: opt(WireDecimal),
  volume24hr: opt(WireDecimal),
  liquidity: opt(WireDecimal),
  bestBid: opt(WireDecimal),
  bestAsk: opt(WireDecimal),
  lastTradePrice: opt(WireDecimal),
  orderPriceMinTickSize: opt(WireDecimal),
  orderMinSize: opt(WireDecimal),
  feesEnabled: opt(z.boolean()),
  feeType: opt(z.string()),
  feeSchedule: opt(GammaFeeSchedule),
  umaResolutionStatus: opt(z.string()),
  events: opt(z.array(GammaEventRef)),
  tags: opt(z.array(GammaTag)),
});
export type GammaMarket = z.infer<typeof GammaMarketSchema>;

export const GammaEventSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  ticker: opt(z.string()),
  slug: opt(z.string()),
  title: opt(z.string()),
  description: opt(z.string()),
  category: opt(z.string()),
  startDate: opt(z.string()),
  endDate: opt(z.string()),
  updatedAt: opt(z.string()),
  active: opt(z.boolean()),
  closed: opt(z.boolean()),
  archived: opt(z.boolean()),
  negRisk: opt(z.boolean()),
  enableNegRisk: opt(z.boolean()),
  negRiskAugmented: opt(z.boolean()),
  negRiskMarketID: opt(z.string()),
  volume: opt(WireDecimal),
  openInterest: opt(WireDecimal),
  markets: opt(z.array(GammaMarketSchema)),
  tags: opt(z.array(GammaTag)),
});
export type GammaEvent = z.infer<typeof GammaEventSchema>;

/** `GET /markets` (offset listing, and `?slug=`/`?condition_ids=` look-ups): a bare array. */
export const GammaMarketListSchema = z.array(GammaMarketSchema);
export const GammaEventListSchema = z.array(GammaEventSchema);

/** `GET /markets/keyset`: `next_cursor` is absent on the last page (§3.3). */
export const GammaMarketsKeysetSchema = z.object({
  markets: z.array(GammaMarketSchema),
  next_cursor: opt(z.string()),
});
export type GammaMarketsKeyset = z.infer<typeof GammaMarketsKeysetSchema>;

export const GammaEventsKeysetSchema = z.object({
  events: z.array(GammaEventSchema),
  next_cursor: opt(z.string()),
});
export type GammaEventsKeyset = z.infer<typeof GammaEventsKeysetSchema>;

/** `GET /public-search`. */
export const GammaSearchSchema = z.object({
  events: opt(z.array(GammaEventSchema)),
  pagination: opt(z.object({ hasMore: opt(z.boolean()), totalResults: opt(z.number()) })),
});
export type GammaSearch = z.infer<typeof GammaSearchSchema>;
