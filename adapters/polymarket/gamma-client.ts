import type { HttpClient, QueryValue } from '../../src/venue/index.js';
import { BUCKETS } from './limits.js';
import {
  GammaEventListSchema,
  GammaEventSchema,
  GammaEventsKeysetSchema,
  GammaMarketListSchema,
  GammaMarketSchema,
  GammaMarketsKeysetSchema,
  GammaSearchSchema,
  type GammaEvent,
  type GammaEventsKeyset,
  type GammaMarket,
  type GammaMarketsKeyset,
  type GammaSearch,
} from './wire-gamma.js';

/**
 * Typed calls of the Gamma API (docs/venues/polymarket.md §3). Array filters are sent as repeated
 * keys (`condition_ids=a&condition_ids=b`), the documented encoding. Keyset listings take
 * `after_cursor` (not `cursor`, which Gamma silently ignores) and clamp `limit` to 100.
 */

export const GAMMA_KEYSET_MAX = 100;
/** `condition_ids` per look-up request (§3.2). */
export const GAMMA_IDS_PER_REQUEST = 100;

export interface GammaListFilter {
  closed?: boolean;
  active?: boolean;
  archived?: boolean;
  ids?: string[];
  slugs?: string[];
  conditionIds?: string[];
  clobTokenIds?: string[];
  tagId?: string;
  order?: string;
  ascending?: boolean;
}

function filterQuery(f: GammaListFilter): Record<string, QueryValue> {
  return {
    closed: f.closed,
    active: f.active,
    archived: f.archived,
    id: f.ids,
    slug: f.slugs,
    condition_ids: f.conditionIds,
    clob_token_ids: f.clobTokenIds,
    tag_id: f.tagId,
    order: f.order,
    ascending: f.ascending,
  };
}

function clampLimit(limit: number | undefined): number {
  return Math.max(1, Math.min(GAMMA_KEYSET_MAX, Math.floor(limit ?? GAMMA_KEYSET_MAX)));
}

export class GammaClient {
  constructor(private readonly http: HttpClient) {}

  marketsKeyset(args: GammaListFilter & { afterCursor?: string; limit?: number }): Promise<GammaMarketsKeyset> {
    return this.http.request({
      method: 'GET',
      path: '/markets/keyset',
      endpoint: 'GET /markets/keyset',
      query: { ...filterQuery(args), limit: clampLimit(args.limit), after_cursor: args.afterCursor },
      schema: GammaMarketsKeysetSchema,
      cost: { bucket: BUCKETS.gammaMarketsList },
    });
  }

  eventsKeyset(args: GammaListFilter & { afterCursor?: string; limit?: number }): Promise<GammaEventsKeyset> {
    return this.http.request({
      method: 'GET',
      path: '/events/keyset',
      endpoint: 'GET /events/keyset',
      query: { ...filterQuery(args), limit: clampLimit(args.limit), after_cursor: args.afterCursor },
      schema: GammaEventsKeysetSchema,
      cost: { bucket: BUCKETS.gammaEventsList },
    });
  }

  /** Offset listing filtered by ids (`GET /markets?condition_ids=…`), ≤ 100 ids per call. */
  markets(filter: GammaListFilter & { limit?: number; offset?: number }): Promise<GammaMarket[]> {
    return this.http.request({
      method: 'GET',
      path: '/markets',
      endpoint: 'GET /markets',
      query: { ...filterQuery(filter), limit: filter.limit, offset: filter.offset },
      schema: GammaMarketListSchema,
      cost: { bucket: BUCKETS.gammaMarkets },
    });
  }

  events(filter: GammaListFilter & { limit?: number; offset?: number }): Promise<GammaEvent[]> {
    return this.http.request({
      method: 'GET',
      path: '/events',
      endpoint: 'GET /events',
      query: { ...filterQuery(filter), limit: filter.limit, offset: filter.offset },
      schema: GammaEventListSchema,
      cost: { bucket: BUCKETS.gammaEvents },
    });
  }

  marketById(id: string): Promise<GammaMarket> {
    return this.http.request({
      method: 'GET',
      path: `/markets/${encodeURIComponent(id)}`,
      endpoint: 'GET /markets/{id}',
      schema: GammaMarketSchema,
      cost: { bucket: BUCKETS.gammaMarkets },
    });
  }

  marketBySlug(slug: string): Promise<GammaMarket> {
    return this.http.request({
      method: 'GET',
      path: `/markets/slug/${encodeURIComponent(slug)}`,
      endpoint: 'GET /markets/slug/{slug}',
      schema: GammaMarketSchema,
      cost: { bucket: BUCKETS.gammaMarkets },
    });
  }

  eventById(id: string): Promise<GammaEvent> {
    return this.http.request({
      method: 'GET',
      path: `/events/${encodeURIComponent(id)}`,
      endpoint: 'GET /events/{id}',
      schema: GammaEventSchema,
      cost: { bucket: BUCKETS.gammaEvents },
    });
  }

  eventBySlug(slug: string): Promise<GammaEvent> {
    return this.http.request({
      method: 'GET',
      path: `/events/slug/${encodeURIComponent(slug)}`,
      endpoint: 'GET /events/slug/{slug}',
      schema: GammaEventSchema,
      cost: { bucket: BUCKETS.gammaEvents },
    });
  }

  search(q: string, limit = 20): Promise<GammaSearch> {
    return this.http.request({
      method: 'GET',
      path: '/public-search',
      endpoint: 'GET /public-search',
      query: { q, limit_per_type: limit },
      schema: GammaSearchSchema,
      cost: { bucket: BUCKETS.gammaSearch },
    });
  }
}
