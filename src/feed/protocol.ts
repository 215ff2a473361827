/**
 * The feed's wire protocol at `/v1/ws` (and `/ws`): every message a client may send and every
 * message the server sends, as zod schemas. The same schemas validate client messages, generate
 * the machine-readable description (`openapi/feed.asyncapi.json`) and check the server's messages
 * in tests. README "WebSocket feed" describes the protocol in prose.
 */
import { z } from 'zod';
import { OpportunitySchema } from '../arbitrage/evaluate/types.js';
import { BookSourceSchema, FillSchema, LevelSchema, MoneySchema, OrderSchema, PriceSchema, SizeSchema, TimestampSchema, VenueIdSchema } from '../core/index.js';

export const PROTOCOL_VERSION = 1;

export const FEED_CHANNELS = ['book', 'ticker', 'trades', 'arbitrage', 'orders', 'fills'] as const;
export type FeedChannel = (typeof FEED_CHANNELS)[number];
export const FeedChannelSchema = z.enum(FEED_CHANNELS);

/** The account channels: subscribed by venue, only with a `trade` key, only on the key's venues. */
export const ACCOUNT_CHANNELS = ['orders', 'fills'] as const;
export type AccountChannel = (typeof ACCOUNT_CHANNELS)[number];

export function isAccountChannel(channel: FeedChannel): channel is AccountChannel {
  return channel === 'orders' || channel === 'fills';
}

/** Where an account channel's events of a venue come from. */
export const AccountSourceSchema = z
  .enum(['stream', 'poll'])
  .describe('`stream`: the venue’s private WebSocket channel; `poll`: the venue has no account-wide private stream, so its REST order and fill listings are polled');
export type AccountSource = z.infer<typeof AccountSourceSchema>;

/** Stable error codes of `error` messages. */
export const ERROR_CODES = [
  'unknown_market',
  'unknown_channel',
  'too_many_subscriptions',
  'malformed_message',
  'unauthorized',
  'rate_limited',
  'message_too_large',
  'not_subscribed',
  'unavailable',
  'forbidden',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** WebSocket close codes the server uses, with their reasons. */
export const CLOSE_CODES = {
  /** The service is shutting down. */
  goingAway: 1001,
  /** The upgrade carried no valid API key (where one is required), a wrong key, or one over its rate. */
  unauthorized: 1008,
  /** The client stayed too slow to keep up (its send buffer stayed full). */
  slowConsumer: 4008,
  /** The client answered no protocol ping within two heartbeat intervals. */
  heartbeatTimeout: 4002,
} as const;

const RequestId = z.number().int().describe('Echoed in the answer, to match it with its request');
const MarketList = z
  .array(z.string().min(1).max(256))
  .min(1)
  .describe('Market ids (`venue:nativeId`); on the `arbitrage` channel, `"*"` for every opportunity, or market ids for those with a leg on one of them');

/** On the `arbitrage` channel: every opportunity. */
export const ALL_OPPORTUNITIES = '*';

// ---- client → server ----

const VenueList = z
  .array(VenueIdSchema)
  .min(1)
  .describe('On the `orders` and `fills` channels: the venues to follow; absent, every venue the API key may trade on');

/** Market channels need `markets`; account channels take `venues` (or nothing) and no markets. */
function checkTargets(m: { channel: FeedChannel; markets?: string[] | undefined; venues?: string[] | undefined }, ctx: z.RefinementCtx): void {
  if (isAccountChannel(m.channel)) {
    if (m.markets !== undefined) ctx.addIssue({ code: 'custom', path: ['markets'], message: `the ${m.channel} channel is subscribed by venue: give \`venues\` (or nothing for every venue of the key), not markets` });
  } else {
    if (m.markets === undefined) ctx.addIssue({ code: 'custom', path: ['markets'], message: `the ${m.channel} channel needs \`markets\`` });
    if (m.venues !== undefined) ctx.addIssue({ code: 'custom', path: ['venues'], message: `\`venues\` is only for the orders and fills channels` });
  }
}

export const SubscribeSchema = z
  .object({ op: z.literal('subscribe'), id: RequestId.optional(), channel: FeedChannelSchema, markets: MarketList.optional(), venues: VenueList.optional() })
  .superRefine(checkTargets)
  .describe(
    'Subscribe markets on a channel (`markets`), or venues on the `orders`/`fills` channels (`venues`, absent for every venue of the key); answered by `subscribed` (and `error` per refused market or venue), then data',
  );
export const UnsubscribeSchema = z
  .object({ op: z.literal('unsubscribe'), id: RequestId.optional(), channel: FeedChannelSchema, markets: MarketList.optional(), venues: VenueList.optional() })
  .superRefine(checkTargets)
  .describe('Stop markets (or, on `orders`/`fills`, venues; absent: all) on a channel; answered by `unsubscribed`');
export const ResyncSchema = z
  .object({ op: z.literal('resync'), id: RequestId.optional(), markets: MarketList })
  .describe('Ask for fresh book snapshots of subscribed markets; answered by `resynced`, then a `snapshot` per market whose book is fresh');
export const PingSchema = z.object({ op: z.literal('ping'), id: RequestId.optional() }).describe('Answered by `pong`');

export const ClientMessageSchema = z.discriminatedUnion('op', [SubscribeSchema, UnsubscribeSchema, ResyncSchema, PingSchema]);
export type ClientMessage = z.infer<typeof ClientMessageSchema>;
export const CLIENT_OPS = ['subscribe', 'unsubscribe', 'resync', 'ping'] as const;

// ---- server → client ----

const AckId = z.number().int().nullable();
const Market = z.string().describe('Market id (`venue:nativeId`)');
const Seq = z
  .number()
  .int()
  .positive()
  .describe('Per market and per connection: 1 for the first book message of a subscription, then +1 for every snapshot, delta and stale notice');

export const WelcomeSchema = z
  .object({
    type: z.literal('welcome'),
    version: z.literal(PROTOCOL_VERSION),
    connection: z.string().describe('This connection’s id (in the server’s logs and statistics)'),
    channels: z.array(FeedChannelSchema),
    limits: z.object({
      maxSubscriptions: z.number().int(),
      maxMessagesPerSecond: z.number(),
      maxMessageBytes: z.number().int(),
      heartbeatIntervalMs: z.number().int(),
    }),
  })
  .describe('First message of every connection');

const AckVenues = z.array(VenueIdSchema).optional().describe('On the `orders` and `fills` channels: the venues now subscribed (or unsubscribed)');
export const SubscribedSchema = z.object({
  type: z.literal('subscribed'),
  id: AckId,
  channel: FeedChannelSchema,
  markets: z.array(Market).describe('The markets now subscribed; empty on `orders` and `fills`'),
  venues: AckVenues,
});
export const UnsubscribedSchema = z.object({ type: z.literal('unsubscribed'), id: AckId, channel: FeedChannelSchema, markets: z.array(Market), venues: AckVenues });
export const ResyncedSchema = z.object({ type: z.literal('resynced'), id: AckId, markets: z.array(Market) });

export const SnapshotSchema = z
  .object({
    type: z.literal('snapshot'),
    channel: z.literal('book'),
    market: Market,
    resync: z
      .literal(true)
      .optional()
      .describe(
        'Present on every snapshot after the first book message of a subscription: it replaces the book the client holds ' +
          '(after a `stale` notice, a `resync` request, a slow connection catching up, or the market’s stream moving to another server)',
      ),
    seq: Seq,
    venue: VenueIdSchema,
    source: BookSourceSchema.describe('`stream` (venue WebSocket), `rest` (polled) or `emulated`'),
    bids: z.array(LevelSchema).describe('Best first, `[price, size]` in YES terms'),
    asks: z.array(LevelSchema).describe('Best first, `[price, size]` in YES terms'),
    venueTimestamp: TimestampSchema.nullable(),
    receivedAt: TimestampSchema,
  })
  .describe('The whole book: replaces whatever the client held for the market');

export const DeltaSchema = z
  .object({
    type: z.literal('delta'),
    channel: z.literal('book'),
    market: Market,
    seq: Seq,
    bids: z.array(LevelSchema).describe('Changed bid levels with their new absolute size; size "0" removes the level'),
    asks: z.array(LevelSchema).describe('Changed ask levels with their new absolute size; size "0" removes the level'),
    venueTimestamp: TimestampSchema.nullable(),
    receivedAt: TimestampSchema,
  })
  .describe('Changes to apply to the book of the previous seq');

export const StaleSchema = z
  .object({ type: z.literal('stale'), channel: z.literal('book'), market: Market, seq: Seq, reason: z.string() })
  .describe('The book can no longer be trusted (venue gap, reconnect, crossed book); a snapshot follows once it is resynced');

export const TickerMessageSchema = z.object({
  type: z.literal('ticker'),
  channel: z.literal('ticker'),
  market: Market,
  venue: VenueIdSchema,
  bestBid: PriceSchema.nullable(),
  bestAsk: PriceSchema.nullable(),
  lastPrice: PriceSchema.nullable(),
  volume: SizeSchema.nullable(),
  volumeNotional: MoneySchema.nullable(),
  openInterest: SizeSchema.nullable(),
  timestamp: TimestampSchema,
});

export const TradeMessageSchema = z.object({
  type: z.literal('trade'),
  channel: z.literal('trades'),
  market: Market,
  venue: VenueIdSchema,
  id: z.string(),
  price: PriceSchema,
  size: SizeSchema,
  takerSide: z.enum(['buy', 'sell']).nullable(),
  timestamp: TimestampSchema,
});

export const DroppedSchema = z
  .object({ type: z.literal('dropped'), channel: z.literal('trades'), market: Market, count: z.number().int().positive() })
  .describe('Trades not delivered while the connection could not keep up');

export const OpportunitiesSchema = z
  .object({
    type: z.literal('opportunities'),
    channel: z.literal('arbitrage'),
    data: z.array(OpportunitySchema),
  })
  .describe('After `subscribed` on the `arbitrage` channel: every current opportunity the subscription covers');

export const OpportunityMessageSchema = z
  .object({
    type: z.literal('opportunity'),
    channel: z.literal('arbitrage'),
    event: z.enum(['opened', 'updated', 'closed']),
    opportunity: OpportunitySchema,
    reason: z.string().nullable().describe('For `closed`: why it went away'),
  })
  .describe(
    'An opportunity opened, changed (size, prices, fees, blockers) or closed. While a connection is congested only the latest event of each opportunity is kept',
  );

export const OrderMessageSchema = z
  .object({
    type: z.literal('order'),
    channel: z.literal('orders'),
    venue: VenueIdSchema,
    source: AccountSourceSchema,
    order: OrderSchema.describe('The order as `GET /v1/orders/{id}` answers it (`id` is the venue\u2019s order id; canonical decimals)'),
  })
  .describe('An order of the account changed (placed, filled in part or whole, amended, canceled, expired). Never conflated or dropped');

export const FillMessageSchema = z
  .object({
    type: z.literal('fill'),
    channel: z.literal('fills'),
    venue: VenueIdSchema,
    source: AccountSourceSchema,
    fill: FillSchema.describe('The fill as `GET /v1/fills` lists it; a fill settling on chain is sent again when its `status` changes'),
  })
  .describe('A fill of the account. Never conflated or dropped');

export const ErrorMessageSchema = z.object({
  type: z.literal('error'),
  id: AckId,
  code: z.enum(ERROR_CODES),
  message: z.string(),
  market: Market.optional(),
  channel: FeedChannelSchema.optional().describe('For `forbidden`: the channel refused'),
  venue: VenueIdSchema.optional().describe('For an account channel: the venue refused'),
});

export const PongSchema = z.object({ type: z.literal('pong'), id: AckId, ts: TimestampSchema });
export const HeartbeatSchema = z.object({ type: z.literal('heartbeat'), ts: TimestampSchema }).describe('Sent every heartbeat interval');

export const ServerMessageSchema = z.discriminatedUnion('type', [
  WelcomeSchema,
  SubscribedSchema,
  UnsubscribedSchema,
  ResyncedSchema,
  SnapshotSchema,
  DeltaSchema,
  StaleSchema,
  TickerMessageSchema,
  TradeMessageSchema,
  DroppedSchema,
  OpportunitiesSchema,
  OpportunityMessageSchema,
  OrderMessageSchema,
  FillMessageSchema,
  ErrorMessageSchema,
  PongSchema,
  HeartbeatSchema,
]);
export type ServerMessage = z.infer<typeof ServerMessageSchema>;

/** An error answered to a client request, with its stable code. */
export class FeedError extends Error {
  override name = 'FeedError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly market?: string,
  ) {
    super(message);
  }
}

/** The text of an `error` message. */
export function errorText(code: ErrorCode, message: string, id: number | null = null, market?: string, where: { channel?: FeedChannel; venue?: string } = {}): string {
  return JSON.stringify({ type: 'error', id, code, message, ...(market === undefined ? {} : { market }), ...where });
}
