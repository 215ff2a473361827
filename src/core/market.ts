import { z } from 'zod';
import { VenueIdSchema } from './ids.js';
import { CurrencySchema, MoneySchema, PriceSchema, SizeSchema, TimestampSchema } from './primitives.js';

export const MarketStatusSchema = z.enum(['upcoming', 'open', 'paused', 'closed', 'resolved', 'void']);
export type MarketStatus = z.infer<typeof MarketStatusSchema>;

/** How a market resolved, seen from YES. */
export const MarketResultSchema = z.enum(['yes', 'no', 'void', 'scalar']);
export type MarketResult = z.infer<typeof MarketResultSchema>;

/**
 * The price grid: a list of ranges, each with its own step (venues with banded grids), or a single
 * range [0, 1] with one tick.
 */
export const TickRangeSchema = z.object({ start: PriceSchema, end: PriceSchema, step: PriceSchema });
export type TickRange = z.infer<typeof TickRangeSchema>;

/** A binary contract seen from YES. Multi-outcome venue markets are split into several of these. */
export const MarketSchema = z.object({
  /** `venue:nativeId` */
  id: z.string(),
  venue: VenueIdSchema,
  nativeId: z.string(),
  /** `venue:nativeEventId`, or null when the venue has no grouping for this market. */
  eventId: z.string().nullable(),
  title: z.string(),
  question: z.string(),
  yesLabel: z.string(),
  noLabel: z.string(),
  status: MarketStatusSchema,
  openTime: TimestampSchema.nullable(),
  closeTime: TimestampSchema.nullable(),
  expectedResolutionTime: TimestampSchema.nullable(),
  result: MarketResultSchema.nullable(),
  currency: CurrencySchema,
  realMoney: z.boolean(),
  bestBid: PriceSchema.nullable(),
  bestAsk: PriceSchema.nullable(),
  lastPrice: PriceSchema.nullable(),
  /** Lifetime traded volume in contracts (shares); null when the venue does not report a count. */
  volume: SizeSchema.nullable().describe('Lifetime traded volume in contracts; null when the venue reports no count'),
  /** Contracts traded in the last 24 hours; null when the venue does not report a count. */
  volume24h: SizeSchema.nullable().describe('Contracts traded in the last 24 hours; null when the venue reports no count'),
  /** Contracts outstanding; null when unknown. */
  openInterest: SizeSchema.nullable().describe('Contracts outstanding; null when unknown'),
  /** Lifetime traded notional in the market's `currency`, where the venue reports one; else null. */
  volumeNotional: MoneySchema.nullable().describe("Lifetime traded notional in the market's currency, where the venue reports one"),
  /** Notional traded in the last 24 hours in the market's `currency`, where reported; else null. */
  volume24hNotional: MoneySchema.nullable().describe("Notional traded in the last 24 hours in the market's currency, where the venue reports one"),
  /** The smallest price step anywhere on the grid. Every price of the market is on the grid. */
  tickSize: PriceSchema,
  tickRanges: z.array(TickRangeSchema),
  minOrderSize: SizeSchema.nullable(),
  rules: z.string().nullable(),
  url: z.string().nullable(),
  category: z.string().nullable(),
  tags: z.array(z.string()),
  /** Venue-specific extras worth keeping (e.g. outcome token ids, a neg-risk flag). */
  extra: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  /** When the venue last changed this market, if known; otherwise when we last saw it. */
  updatedAt: TimestampSchema,
  /** The venue's raw payload, only when explicitly requested. */
  raw: z.unknown().optional(),
});
export type Market = z.infer<typeof MarketSchema>;

export const EventSchema = z.object({
  /** `venue:nativeEventId` */
  id: z.string(),
  venue: VenueIdSchema,
  nativeId: z.string(),
  title: z.string(),
  subtitle: z.string().nullable(),
  category: z.string().nullable(),
  /** True when at most one of the event's markets can resolve YES. */
  mutuallyExclusive: z.boolean(),
  marketIds: z.array(z.string()),
  closeTime: TimestampSchema.nullable(),
  url: z.string().nullable(),
  updatedAt: TimestampSchema,
  /** Markets of the event, when the venue returns them nested. */
  markets: z.array(MarketSchema).optional(),
});
export type Event = z.infer<typeof EventSchema>;

