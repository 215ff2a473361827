import { z } from 'zod';
import { parseVenuePayload } from '../../src/venue/validate.js';
import { VENUE } from './constants.js';
import { WireDecimal, WireSeconds, WireTokenId } from './wire.js';

/**
 * WebSocket frames (docs/venues/opinion.md §9). Data frames carry `msgType` = their channel;
 * replies to client messages (acks, heartbeat echoes) carry none and are not data. Ids may arrive
 * as numbers or numeric strings. `rootMarketId` is present on a categorical child's frames only.
 */

const Id = z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]);
const OptionalRoot = Id.optional();
const Outcome = z.union([z.literal(1), z.literal(2), z.literal('1'), z.literal('2')]).transform(Number) as z.ZodType<1 | 2>;

export const DepthDiffFrame = z.object({
  msgType: z.literal('market.depth.diff'),
  marketId: Id,
  rootMarketId: OptionalRoot,
  tokenId: WireTokenId,
  outcomeSide: Outcome,
  side: z.enum(['bids', 'asks']),
  price: WireDecimal,
  /** New absolute size of the level; 0 removes it. */
  size: WireDecimal,
});
export type WsDepthDiff = z.infer<typeof DepthDiffFrame>;

export const LastPriceFrame = z.object({
  msgType: z.literal('market.last.price'),
  marketId: Id,
  rootMarketId: OptionalRoot,
  tokenId: WireTokenId,
  outcomeSide: Outcome,
  price: WireDecimal,
});
export type WsLastPrice = z.infer<typeof LastPriceFrame>;

export const LastTradeFrame = z.object({
  msgType: z.literal('market.last.trade'),
  marketId: Id,
  rootMarketId: OptionalRoot,
  tokenId: WireTokenId,
  side: z.string().transform((s) => s.toLowerCase()).pipe(z.enum(['buy', 'sell', 'split', 'merge'])),
  outcomeSide: Outcome,
  price: WireDecimal,
  shares: WireDecimal,
  amount: WireDecimal,
});
export type WsLastTrade = z.infer<typeof LastTradeFrame>;

export const OrderUpdateFrame = z.object({
  msgType: z.literal('trade.order.update'),
  orderUpdateType: z.enum(['orderNew', 'orderFill', 'orderCancel', 'orderConfirm']),
  marketId: Id,
  rootMarketId: OptionalRoot,
  orderId: z.string().min(1),
  /** 1 buy, 2 sell (§9). */
  side: z.union([z.literal(1), z.literal(2)]),
  outcomeSide: Outcome,
  price: WireDecimal,
  shares: WireDecimal,
  amount: WireDecimal,
  status: z.number().int().min(1).max(7),
  tradingMethod: z.union([z.literal(1), z.literal(2)]),
  createdAt: WireSeconds,
  expiresAt: WireSeconds,
  /** Confirmed on chain so far (they move on `orderConfirm`). */
  filledShares: WireDecimal,
  filledAmount: WireDecimal,
});
export type WsOrderUpdate = z.infer<typeof OrderUpdateFrame>;

export const TradeRecordFrame = z.object({
  msgType: z.literal('trade.record.new'),
  orderId: z.string().min(1),
  tradeNo: z.string().min(1),
  marketId: Id,
  rootMarketId: OptionalRoot,
  txHash: z.string(),
  side: z.string().transform((s) => s.toLowerCase()).pipe(z.enum(['buy', 'sell', 'split', 'merge'])),
  outcomeSide: Outcome,
  price: WireDecimal,
  shares: WireDecimal,
  amount: WireDecimal,
  fee: WireDecimal,
  /** 2 finished, 3 canceled, 5 failed, 6 failed on chain. */
  status: z.number().int(),
  createdAt: WireSeconds,
});
export type WsTradeRecord = z.infer<typeof TradeRecordFrame>;

export const WsDataFrame = z.discriminatedUnion('msgType', [DepthDiffFrame, LastPriceFrame, LastTradeFrame, OrderUpdateFrame, TradeRecordFrame]);
export type WsFrame = z.infer<typeof WsDataFrame>;

/** What a received text frame is: a data frame, a reply without `msgType`, or not JSON. */
export type ParsedFrame = { kind: 'data'; frame: WsFrame } | { kind: 'reply'; body: Record<string, unknown> } | { kind: 'invalid'; text: string };

/**
 * Classifies one text frame. A data frame that does not match its channel's schema throws
 * `VenueFormatError` naming the channel and field; non-JSON text is reported as invalid for the
 * stream to count and skip.
 */
export function parseWsFrame(text: string): ParsedFrame {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'invalid', text };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { kind: 'invalid', text };
  const body = value as Record<string, unknown>;
  if (body['msgType'] === undefined) return { kind: 'reply', body };
  const frame = parseVenuePayload(WsDataFrame, body, { venue: VENUE, endpoint: `ws ${String(body['msgType'])}` });
  return { kind: 'data', frame };
}

/** The subscribe / unsubscribe / heartbeat messages a client sends. */
export function subscribeMessage(action: 'SUBSCRIBE' | 'UNSUBSCRIBE', channel: WsFrame['msgType'], target: { marketId: number } | { rootMarketId: number }): string {
  return JSON.stringify({ action, channel, ...target });
}

export const HEARTBEAT_MESSAGE = JSON.stringify({ action: 'HEARTBEAT' });
