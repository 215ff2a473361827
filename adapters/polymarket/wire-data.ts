import { z } from 'zod';
import { WireDecimal, opt } from './wire-common.js';

/** zod schemas of the Data API (docs/venues/polymarket.md §9). Numbers arrive as JSON numbers. */

export const DataPositionSchema = z.object({
  proxyWallet: opt(z.string()),
  asset: z.string(),
  conditionId: z.string(),
  size: WireDecimal,
  avgPrice: opt(WireDecimal),
  initialValue: opt(WireDecimal),
  currentValue: opt(WireDecimal),
  cashPnl: opt(WireDecimal),
  realizedPnl: opt(WireDecimal),
  curPrice: opt(WireDecimal),
  redeemable: opt(z.boolean()),
  title: opt(z.string()),
  outcome: opt(z.string()),
  outcomeIndex: opt(z.number()),
  negativeRisk: opt(z.boolean()),
});
export type DataPosition = z.infer<typeof DataPositionSchema>;
export const DataPositionListSchema = z.array(DataPositionSchema);

/** `GET /trades`: the public trade tape (field list from observed payloads; L confidence). */
export const DataTradeSchema = z.object({
  proxyWallet: opt(z.string()),
  side: z.string(),
  asset: z.string(),
  conditionId: z.string(),
  size: WireDecimal,
  price: WireDecimal,
  timestamp: z.union([z.number(), z.string()]).transform(Number),
  outcome: opt(z.string()),
  outcomeIndex: opt(z.number()),
  transactionHash: opt(z.string()),
});
export type DataTrade = z.infer<typeof DataTradeSchema>;
export const DataTradeListSchema = z.array(DataTradeSchema);
