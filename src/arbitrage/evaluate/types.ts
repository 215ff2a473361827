import { z } from 'zod';
import { CurrencySchema, DecimalStringSchema, TimestampSchema, VenueIdSchema } from '../../core/index.js';

/**
 * What arbitrage reports. Money (prices, sizes, costs, fees, profit) travels as canonical decimal
 * strings; ROI and APR are decimal strings too (fractions: "0.0123" is 1.23 %).
 */

export const TradableRelationSchema = z.enum(['identical', 'inverse']);
export type TradableRelation = z.infer<typeof TradableRelationSchema>;

export const LegSchema = z.object({
  /** Market id (`venue:nativeId`). */
  market: z.string(),
  venue: VenueIdSchema,
  /** The outcome token bought. */
  outcome: z.enum(['yes', 'no']),
  side: z.literal('buy'),
  /** Volume-weighted price paid per contract, in the outcome's own terms (NO price = 1 − YES bid). */
  price: DecimalStringSchema,
  /** The worst level reached: the limit price to send (outcome terms). */
  limitPrice: DecimalStringSchema,
  size: DecimalStringSchema,
  /** Price × size summed over the levels taken, before fees. */
  notional: DecimalStringSchema,
  /** The fee the venue's quote gives for this order; null when it cannot be known. */
  fee: DecimalStringSchema.nullable(),
  feeEstimated: z.boolean(),
  feeBasis: z.string().nullable(),
  currency: CurrencySchema,
  /** Milliseconds since the leg's book was last known current. */
  quoteAge: z.number().int().nonnegative(),
  /** The levels taken, `[price, size]` in outcome terms. */
  fills: z.array(z.tuple([DecimalStringSchema, DecimalStringSchema])),
});
export type Leg = z.infer<typeof LegSchema>;

export const OpportunityKindSchema = z.enum(['pair', 'complete-set']);

export const OpportunitySchema = z.object({
  /** Stable while the same pair/direction (or set) keeps an edge. */
  id: z.string(),
  kind: OpportunityKindSchema,
  /** `pair`: the matched pair's id; `complete-set`: the event's id. */
  source: z.string(),
  /** `pair`: e.g. `a:yes+b:no`; `complete-set`: `all-yes` or `all-no`. */
  direction: z.string(),
  legs: z.array(LegSchema),
  /** Guaranteed payout per set of legs (1 for a pair; n − 1 for n NO legs). */
  payoutPerSet: DecimalStringSchema,
  /** Profit per set after fees. */
  edge: DecimalStringSchema,
  /** Payout minus the top-of-book prices, before fees. */
  grossEdge: DecimalStringSchema,
  /** Sets bought. */
  size: DecimalStringSchema,
  /** Everything paid: notional plus fees. */
  cost: DecimalStringSchema,
  payout: DecimalStringSchema,
  profit: DecimalStringSchema,
  roi: DecimalStringSchema,
  /** Simple annualized ROI to the later expected resolution; null when that date is unknown or past. */
  apr: DecimalStringSchema.nullable(),
  resolvesAt: TimestampSchema.nullable(),
  /** `identical`/`inverse` for pairs; `complete-set` for sets. */
  relation: z.enum(['identical', 'inverse', 'complete-set']),
  confidence: z.number().min(0).max(1),
  reasons: z.array(z.string()),
  actionable: z.boolean(),
  /** Why not actionable (empty when actionable). */
  blockers: z.array(z.string()),
  /** Facts worth knowing that do not block (e.g. a stablecoin taken at par). */
  flags: z.array(z.string()),
  /** The oldest leg's quote age in milliseconds. */
  quoteAge: z.number().int().nonnegative(),
  /** The currency the figures are expressed in (legs at par with it, see `flags`). */
  currency: z.string(),
  realMoney: z.boolean(),
  evaluatedAt: TimestampSchema,
});
export type Opportunity = z.infer<typeof OpportunitySchema>;

export const OpportunityEventSchema = z.object({
  type: z.enum(['opened', 'updated', 'closed']),
  opportunity: OpportunitySchema,
  /** For `closed`: why it went away. */
  reason: z.string().nullable(),
});
export type OpportunityEvent = z.infer<typeof OpportunityEventSchema>;
