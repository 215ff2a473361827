/**
 * Response schemas. The core zod schemas (src/core) are reused as they are and registered as named
 * OpenAPI components; only the API envelopes (pages, meta, venue status) are defined here.
 */
import { z } from '@hono/zod-openapi';
import {
  EventSchema,
  MarketSchema,
  MarketStatusSchema,
  OrderBookSchema,
  TickRangeSchema,
  TradeSchema,
  VenueIdSchema,
} from '../core/index.js';

// Core schemas may have been created before @hono/zod-openapi added `.openapi()` to zod (zod v4
// copies methods onto each instance when it is built), so components are made from fresh clones.
export const VenueIdComponent = VenueIdSchema.clone().openapi('VenueId');
export const MarketStatusComponent = MarketStatusSchema.clone().openapi('MarketStatus');
export const TickRangeComponent = TickRangeSchema.clone().openapi('TickRange');
export const MarketComponent = MarketSchema.extend({
  venue: VenueIdComponent,
  status: MarketStatusComponent,
  tickRanges: z.array(TickRangeComponent),
}).openapi('Market');
export const EventComponent = EventSchema.extend({
  venue: VenueIdComponent,
  markets: z.array(MarketComponent).optional(),
}).openapi('Event');
export const OrderBookComponent = OrderBookSchema.extend({ venue: VenueIdComponent }).openapi('OrderBook');

export const SyncStateSchema = z.enum(['pending', 'syncing', 'ready', 'failed']).openapi('SyncState');

/** Freshness of one venue's slice of the catalog, as reported in list `meta`. */
export const VenueFreshnessSchema = z
  .object({
    syncedAt: z.string().nullable().openapi({ description: 'When the last sync of this venue completed' }),
    state: SyncStateSchema,
    marketCount: z.number().int(),
    error: z.string().nullable().openapi({ description: 'The last sync error, if the venue is failing' }),
  })
  .openapi('VenueFreshness');

export const ListMetaSchema = z
  .object({ venues: z.record(z.string(), VenueFreshnessSchema) })
  .openapi('ListMeta');

export const MarketPageSchema = z
  .object({ data: z.array(MarketComponent), nextCursor: z.string().nullable(), meta: ListMetaSchema })
  .openapi('MarketPage');

export const EventListMetaSchema = z
  .object({
    total: z.number().int().openapi({ description: 'Events matching the filters, over all pages' }),
    venues: z.record(z.string(), VenueFreshnessSchema),
  })
  .openapi('EventListMeta');

export const EventPageSchema = z
  .object({ data: z.array(EventComponent), nextCursor: z.string().nullable(), meta: EventListMetaSchema })
  .openapi('EventPage');

export const TradeComponent = TradeSchema.extend({ venue: VenueIdComponent }).openapi('Trade');

export const TradePageSchema = z
  .object({ data: z.array(TradeComponent), nextCursor: z.string().nullable() })
  .openapi('TradePage');

export const BatchErrorSchema = z
  .object({
    id: z.string(),
    status: z.number().int(),
    code: z.string(),
    detail: z.string(),
  })
  .openapi('BatchError');

export const OrderBookBatchSchema = z
  .object({
    data: z.array(OrderBookComponent),
    meta: z.object({ errors: z.array(BatchErrorSchema) }),
  })
  .openapi('OrderBookBatch');

const CapabilitySchema = z.union([z.boolean(), z.literal('emulated')]);

/** Who walks a venue's catalog among the instances sharing a Redis (src/catalog/catalog-lease.ts). */
export const CatalogLeaseSchema = z
  .object({
    role: z.enum(['leader', 'follower', 'standalone']).openapi({
      description:
        '`leader`: this instance walks the venue; `follower`: it serves what the leader writes to Redis; ' +
        '`standalone`: Redis is unreachable and it walks for itself until the lease can be decided again',
    }),
    leader: z.string().nullable().openapi({ description: 'Instance id of the leader (null when unknown)' }),
    token: z.number().int().nullable().openapi({ description: "This instance's fencing token while it leads" }),
    state: z.enum(['held', 'follower', 'unknown']).openapi({ description: 'The lease as this instance last saw it' }),
  })
  .openapi('CatalogLease');

export const SyncStatusSchema = z
  .object({
    state: SyncStateSchema,
    syncedAt: z.string().nullable(),
    marketCount: z.number().int(),
    eventCount: z.number().int(),
    progress: z.object({ pages: z.number().int(), markets: z.number().int() }).nullable(),
    lastError: z.object({ message: z.string(), code: z.string(), at: z.string() }).nullable(),
    lease: CatalogLeaseSchema.optional().openapi({ description: "Who walks the venue; on a follower, `syncedAt` is the leader's last sync" }),
  })
  .openapi('SyncStatus');

export const RateLimitSchema = z
  .object({ name: z.string(), ratePerSecond: z.number(), capacity: z.number(), available: z.number() })
  .openapi('RateLimit');

export const VenueInfoSchema = z
  .object({
    id: VenueIdComponent,
    enabled: z.boolean(),
    authenticated: z.boolean(),
    capabilities: z.record(z.string(), CapabilitySchema).nullable(),
    catalog: SyncStatusSchema.nullable(),
    rateLimits: z.array(RateLimitSchema),
    liveBooks: z
      .object({
        stream: z
          .object({
            usable: z.boolean().openapi({ description: "False once the venue's stream could not be opened (its books are polled then)" }),
            subscriptions: z.number().int().openapi({ description: '(market, channel) pairs subscribed upstream' }),
          })
          .nullable()
          .openapi({ description: 'The upstream stream, while the service holds one for the venue' }),
        polledMarkets: z.number().int().openapi({ description: 'Books polled over REST' }),
        pollFailures: z.number().int(),
      })
      .nullable()
      .openapi({ description: 'How the live books service feeds this venue (null when the service runs without it)' }),
  })
  .openapi('VenueInfo');

export const VenueListSchema = z.object({ data: z.array(VenueInfoSchema) }).openapi('VenueList');
