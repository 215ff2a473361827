import { z } from 'zod';
import { VenueIdSchema } from './ids.js';
import { LevelSchema, MoneySchema, PriceSchema, SizeSchema, TimestampSchema } from './primitives.js';

export const BookSourceSchema = z.enum(['stream', 'rest', 'emulated']);
export type BookSource = z.infer<typeof BookSourceSchema>;

/** An order book in YES terms: bids descending, asks ascending (best first). */
export const OrderBookSchema = z.object({
  marketId: z.string(),
  venue: VenueIdSchema,
  bids: z.array(LevelSchema),
  asks: z.array(LevelSchema),
  /** Per-market sequence number (stream) or null for one-off REST books. */
  seq: z.number().int().nullable(),
  /** When the venue produced this state, if it says. */
  venueTimestamp: TimestampSchema.nullable(),
  /** When we received it. */
  receivedAt: TimestampSchema,
  source: BookSourceSchema,
});
export type OrderBook = z.infer<typeof OrderBookSchema>;

export const TradeSchema = z.object({
  id: z.string(),
  marketId: z.string(),
  venue: VenueIdSchema,
  /** YES price of the trade. */
  price: PriceSchema,
  size: SizeSchema,
  /** The side the taker took, in YES terms (`buy` = bought YES / sold NO). */
  takerSide: z.enum(['buy', 'sell']).nullable(),
  timestamp: TimestampSchema,
});
export type Trade = z.infer<typeof TradeSchema>;

/** A top-of-book / last-price update. */
export const TickerSchema = z.object({
  marketId: z.string(),
  venue: VenueIdSchema,
  bestBid: PriceSchema.nullable(),
  bestAsk: PriceSchema.nullable(),
  lastPrice: PriceSchema.nullable(),
  /** Lifetime traded volume in contracts, when the update carries it. */
  volume: SizeSchema.nullable(),
  /** Lifetime traded notional in the market's currency, when the venue reports one. */
  volumeNotional: MoneySchema.nullable(),
  openInterest: SizeSchema.nullable(),
  timestamp: TimestampSchema,
});
export type Ticker = z.infer<typeof TickerSchema>;
