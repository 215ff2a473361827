import { z } from 'zod';
import { VenueFormatError } from '../../src/core/index.js';
import { parseWire } from './errors.js';
import { MakerOrderSchema, WireLevelSchema } from './wire-clob.js';
import { WireDecimal, WireDecimalOrEmpty, opt } from './wire-common.js';

/**
 * zod schemas of the CLOB WebSocket events (docs/venues/polymarket.md §7). A frame is one event
 * object or a JSON array of them; `PONG` is plain text.
 *
 * Legacy formats: the pre-2025-09-15 single-level `price_change` (top-level `price`/`side`/`size`
 * or `changes[]`, no `price_changes[]`) is rejected with a "legacy format" `VenueFormatError`
 * rather than guessed at; 2024-era `book` and `last_trade_price` events (no `tick_size`, no
 * `transaction_hash`) parse, those fields being optional.
 */

const Ts = z.union([z.string(), z.number()]).transform(String);

export const WsBookSchema = z.object({
  event_type: z.literal('book'),
  asset_id: z.string(),
  market: z.string(),
  bids: z.array(WireLevelSchema),
  asks: z.array(WireLevelSchema),
  timestamp: opt(Ts),
  hash: opt(z.string()),
  tick_size: opt(WireDecimal),
  min_order_size: opt(WireDecimal),
  neg_risk: opt(z.boolean()),
  last_trade_price: opt(WireDecimalOrEmpty),
});
export type WsBook = z.infer<typeof WsBookSchema>;

export const WsPriceChangeEntrySchema = z.object({
  asset_id: z.string(),
  price: WireDecimal,
  size: WireDecimal,
  side: z.enum(['BUY', 'SELL']),
  hash: opt(z.string()),
  best_bid: opt(WireDecimalOrEmpty),
  best_ask: opt(WireDecimalOrEmpty),
});
export type WsPriceChangeEntry = z.infer<typeof WsPriceChangeEntrySchema>;

export const WsPriceChangeSchema = z.object({
  event_type: z.literal('price_change'),
  market: z.string(),
  timestamp: opt(Ts),
  price_changes: z.array(WsPriceChangeEntrySchema),
});
export type WsPriceChange = z.infer<typeof WsPriceChangeSchema>;

export const WsTickSizeChangeSchema = z.object({
  event_type: z.literal('tick_size_change'),
  asset_id: z.string(),
  market: z.string(),
  old_tick_size: WireDecimal,
  new_tick_size: WireDecimal,
  timestamp: opt(Ts),
});
export type WsTickSizeChange = z.infer<typeof WsTickSizeChangeSchema>;

export const WsLastTradePriceSchema = z.object({
  event_type: z.literal('last_trade_price'),
  asset_id: z.string(),
  market: z.string(),
  price: WireDecimal,
  size: opt(WireDecimal),
  side: opt(z.string()),
  fee_rate_bps: opt(WireDecimalOrEmpty),
  timestamp: opt(Ts),
  transaction_hash: opt(z.string()),
});
export type WsLastTradePrice = z.infer<typeof WsLastTradePriceSchema>;

export const WsBestBidAskSchema = z.object({
  event_type: z.literal('best_bid_ask'),
  asset_id: z.string(),
  market: z.string(),
  best_bid: opt(WireDecimalOrEmpty),
  best_ask: opt(WireDecimalOrEmpty),
  spread: opt(WireDecimalOrEmpty),
  timestamp: opt(Ts),
});
export type WsBestBidAsk = z.infer<typeof WsBestBidAskSchema>;

export const WsMarketResolvedSchema = z.object({
  event_type: z.literal('market_resolved'),
  market: z.string(),
  assets_ids: opt(z.array(z.string())),
  winning_asset_id: opt(z.string()),
  winning_outcome: opt(z.string()),
  timestamp: opt(Ts),
});
export type WsMarketResolved = z.infer<typeof WsMarketResolvedSchema>;

/** Events we read on the market channel; others (`new_market`, …) are ignored by type. */
export const KNOWN_MARKET_EVENTS = ['book', 'price_change', 'tick_size_change', 'last_trade_price', 'best_bid_ask', 'market_resolved'] as const;

export const WsMarketEventSchema = z.discriminatedUnion('event_type', [
  WsBookSchema,
  WsPriceChangeSchema,
  WsTickSizeChangeSchema,
  WsLastTradePriceSchema,
  WsBestBidAskSchema,
  WsMarketResolvedSchema,
]);
export type WsMarketEvent = z.infer<typeof WsMarketEventSchema>;

/** User channel `order` event (§7.2). */
export const WsOrderEventSchema = z.object({
  event_type: z.literal('order'),
  type: opt(z.string()),
  id: z.string(),
  owner: opt(z.string()),
  market: z.string(),
  asset_id: z.string(),
  side: z.string(),
  original_size: WireDecimal,
  size_matched: WireDecimal,
  price: WireDecimal,
  outcome: opt(z.string()),
  created_at: opt(Ts),
  expiration: opt(Ts),
  order_type: opt(z.string()),
  status: opt(z.string()),
  timestamp: opt(Ts),
});
export type WsOrderEvent = z.infer<typeof WsOrderEventSchema>;

/** User channel `trade` event (§7.2). */
export const WsTradeEventSchema = z.object({
  event_type: z.literal('trade'),
  type: opt(z.string()),
  id: z.string(),
  taker_order_id: z.string(),
  market: z.string(),
  asset_id: z.string(),
  side: z.string(),
  size: WireDecimal,
  price: WireDecimal,
  fee_rate_bps: opt(WireDecimalOrEmpty),
  status: opt(z.string()),
  match_time: opt(Ts),
  matchtime: opt(Ts),
  last_update: opt(Ts),
  outcome: opt(z.string()),
  owner: opt(z.string()),
  maker_address: opt(z.string()),
  trader_side: opt(z.string()),
  timestamp: opt(Ts),
  maker_orders: opt(z.array(MakerOrderSchema)).transform((v) => v ?? []),
});
export type WsTradeEvent = z.infer<typeof WsTradeEventSchema>;

export const WsUserEventSchema = z.discriminatedUnion('event_type', [WsOrderEventSchema, WsTradeEventSchema]);
export type WsUserEvent = z.infer<typeof WsUserEventSchema>;

/** True for the pre-2025-09-15 single-level `price_change` shape. */
export function isLegacyPriceChange(event: Record<string, unknown>): boolean {
  return event.event_type === 'price_change' && !Array.isArray(event.price_changes) && ('changes' in event || 'price' in event);
}

/**
 * Parses one market-channel event: null for event types we do not read, a `VenueFormatError`
 * ("legacy format") for the pre-2025-09-15 `price_change`, a `VenueFormatError` naming the field
 * for anything else malformed.
 */
export function parseWsMarketEvent(raw: unknown): WsMarketEvent | null {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new VenueFormatError('polymarket ws market: event is not an object', { venue: 'polymarket', endpoint: 'ws market' });
  }
  const obj = raw as Record<string, unknown>;
  if (isLegacyPriceChange(obj)) {
    throw new VenueFormatError('polymarket ws price_change: legacy format (single-level, pre-2025-09-15) is not supported', {
      venue: 'polymarket',
      endpoint: 'ws price_change',
      venueCode: 'legacy_format',
    });
  }
  if (!(KNOWN_MARKET_EVENTS as readonly unknown[]).includes(obj.event_type)) return null;
  return parseWire(WsMarketEventSchema, raw, `ws ${String(obj.event_type)}`);
}
