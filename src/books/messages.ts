/**
 * Market-data messages on the bus: what the live book service publishes for every market it holds,
 * and what the WebSocket feed consumes. One bus channel per market (`marketDataChannel`), so a feed
 * receives only the markets its clients watch, and messages of one market arrive in the order they
 * were published (the memory bus and Redis pub/sub both keep publish order on one channel).
 *
 * Book messages carry the book's `gen` (one per book instance: a book dropped and held again
 * starts a new generation) and its `seq`, which increases by one with every snapshot and delta of
 * that generation, so a consumer detects a lost message and asks for a snapshot instead of
 * patching over a gap. Prices and sizes are canonical decimal strings; a delta lists changed levels
 * with their new absolute size, `"0"` removing the level.
 */
import { z } from 'zod';
import { BookSourceSchema, LevelSchema, TickerSchema, TimestampSchema, TradeSchema, VenueIdSchema } from '../core/index.js';

export const BookSnapshotMessageSchema = z.object({
  t: z.literal('snapshot'),
  market: z.string(),
  venue: VenueIdSchema,
  gen: z.string(),
  seq: z.number().int().positive(),
  source: BookSourceSchema,
  bids: z.array(LevelSchema),
  asks: z.array(LevelSchema),
  venueTimestamp: TimestampSchema.nullable(),
  receivedAt: TimestampSchema,
});
export type BookSnapshotMessage = z.infer<typeof BookSnapshotMessageSchema>;

export const BookDeltaMessageSchema = z.object({
  t: z.literal('delta'),
  market: z.string(),
  gen: z.string(),
  seq: z.number().int().positive(),
  bids: z.array(LevelSchema),
  asks: z.array(LevelSchema),
  venueTimestamp: TimestampSchema.nullable(),
  receivedAt: TimestampSchema,
});
export type BookDeltaMessage = z.infer<typeof BookDeltaMessageSchema>;

/** The book can no longer be trusted (gap, reconnect, crossed, polling failing) until the next snapshot. */
export const BookStaleMessageSchema = z.object({
  t: z.literal('stale'),
  market: z.string(),
  gen: z.string(),
  reason: z.string(),
});
export type BookStaleMessage = z.infer<typeof BookStaleMessageSchema>;

export const TickerMessageSchema = z.object({ t: z.literal('ticker'), market: z.string(), ticker: TickerSchema });
export const TradeMessageSchema = z.object({ t: z.literal('trade'), market: z.string(), trade: TradeSchema });

export const MarketDataMessageSchema = z.discriminatedUnion('t', [
  BookSnapshotMessageSchema,
  BookDeltaMessageSchema,
  BookStaleMessageSchema,
  TickerMessageSchema,
  TradeMessageSchema,
]);
export type MarketDataMessage = z.infer<typeof MarketDataMessageSchema>;

/**
 * The bus channel of one market's data under a scope. A single instance publishes under a scope of
 * its own; instances sharing one Redis all use `SHARED_SCOPE`, where only the holder of the market's
 * lease publishes (`SharedBooks`), and every instance's feed reads the same channel. A consumer asks
 * its source which channel to read (`MarketDataSource.channel`).
 */
/** The scope of market-data channels shared by every instance of a deployment. */
export const SHARED_SCOPE = 'all';

export const marketDataChannel = (scope: string, marketId: string): string => `md:${scope}:${marketId}`;

/** The channels a market can be held for: its book, its ticker, its public trades. */
export const DATA_CHANNELS = ['book', 'ticker', 'trades'] as const;
export type DataChannel = (typeof DATA_CHANNELS)[number];

/**
 * Where the feed gets market data: the live book service of this instance (or, after a scale-out,
 * whichever instance owns the market). The data itself arrives on the bus.
 */
export interface MarketDataSource {
  /**
   * Holds the market's upstream data for a channel (reference-counted). Rejects with
   * `UnknownMarket` when the market does not exist or its venue is not enabled.
   */
  acquire(marketId: string, channel: DataChannel): Promise<void>;
  /** Releases one hold; the upstream subscription ends a grace period after the last release. */
  release(marketId: string, channel: DataChannel): void;
  /** Asks for the market's current book to be published again as a snapshot (when it is fresh). */
  requestSnapshot(marketId: string): void;
  /** The bus channel the market's data is published on. */
  channel(marketId: string): string;
}
