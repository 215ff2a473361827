import type { Event, Market, MarketStatus, VenueId } from '../core/index.js';

export type CatalogSort = 'volume' | 'closeTime' | 'newest';

export interface MarketQuery {
  venues: VenueId[];
  status?: MarketStatus[];
  /**
   * Words that must all appear in the title or question (case-insensitive whole words: runs of
   * letters and digits).
   */
  q?: string;
  category?: string;
  closesBefore?: Date;
  /** true: real-money markets only; false: play-money only. */
  realMoney?: boolean;
  sort: CatalogSort;
  limit: number;
  /** Opaque cursor from a previous page. */
  cursor?: string;
}

/**
 * Events sort by close time (ascending, unknown last), by id, by volume (the sum of their markets',
 * descending) or newest first (when their first market opened).
 */
export type EventSort = 'closeTime' | 'id' | 'volume' | 'newest';

export interface EventQuery {
  venues: VenueId[];
  /** Case-insensitive text match over title and subtitle. */
  q?: string;
  category?: string;
  /** Events with at least one market of one of these statuses. */
  status?: MarketStatus[];
  /** Events closing before this time. */
  closesBefore?: Date;
  /** Default `closeTime`. */
  sort?: EventSort;
  limit: number;
  cursor?: string;
}

export type VenueSyncState = 'pending' | 'syncing' | 'ready' | 'failed';

/** Per-venue freshness, reported by `/v1/venues` and in every list's `meta`. */
export interface VenueSyncStatus {
  venue: VenueId;
  state: VenueSyncState;
  /** When the last full or incremental sync completed. */
  syncedAt: string | null;
  /** Markets in the catalog for this venue. */
  marketCount: number;
  eventCount: number;
  /** Markets walked so far in the running full sync. */
  progress: { pages: number; markets: number } | null;
  lastError: { message: string; code: string; at: string } | null;
  /**
   * Who walks the venue when instances share a Redis (catalog-lease.ts): this instance's role, the
   * leading instance's id, this instance's fencing token while it leads.
   */
  lease?: {
    role: 'leader' | 'follower' | 'standalone';
    leader: string | null;
    token: number | null;
    state: 'held' | 'follower' | 'unknown';
  };
}

export interface ListPage<T> {
  data: T[];
  nextCursor: string | null;
}

export interface CatalogReader {
  /** The hot tier only (old closed and resolved markets of the cold tier are not in it). */
  queryMarkets(query: MarketQuery): ListPage<Market>;
  /** Over both tiers: the cold one too when the query asks for `closed` or `resolved` markets. */
  queryMarketsTiered?(query: MarketQuery): Promise<ListPage<Market>>;
  /** A market of either tier. */
  findMarket?(id: string): Promise<Market | undefined>;
  /** A page of events, and `total`: how many events match the filters over all pages. */
  queryEvents(query: EventQuery): ListPage<Event> & { total: number };
  getMarket(id: string): Market | undefined;
  getEvent(id: string): Event | undefined;
  status(venue: VenueId): VenueSyncStatus | undefined;
  statuses(): VenueSyncStatus[];
  /** True once every enabled venue has synced at least once or failed. */
  isReady(): boolean;
}
