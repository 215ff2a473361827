/** What the API needs from the rest of the service, and small helpers shared by the routes. */
import type { ClusterView } from '../cluster/membership.js';
import type { MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';
import type { ArbitrageService } from '../arbitrage/service/service.js';
import type { Authenticator } from '../auth/authenticator.js';
import type { KeyStore } from '../auth/key-store.js';
import type { TradingService } from '../orders/service.js';
import type { Registry } from 'prom-client';
import type { BackendHealth, Cache } from '../cache/types.js';
import type { CatalogReader } from '../catalog/types.js';
import type { BookOwnership } from '../books/shared.js';
import type { Config } from '../config.js';
import { VENUE_IDS } from '../core/index.js';
import type { OrderBook, VenueId } from '../core/index.js';
import type { VenueAdapter } from '../venue/adapter.js';
import { ParameterProblem } from './errors.js';
import type { VenueSelection } from './params.js';

/** The part of the adapter registry the API reads. */
export interface AdapterLookup {
  has(venue: VenueId): boolean;
  get(venue: VenueId): VenueAdapter | undefined;
}

/** What `/v1/venues` reports of the live books service, per venue. */
export interface LiveBookStats {
  streams: { venue: VenueId; subscriptions: number; usable?: boolean }[];
  pollers: { venue: VenueId; markets: number; failures: number }[];
}

export interface AppDeps {
  /** The server's drain: its middleware answers requests still running at the drain deadline with 503. */
  drain?: { middleware: MiddlewareHandler };
  catalog: CatalogReader;
  registry: AdapterLookup;
  /** Short-TTL cache for order books; books are fetched live every time without it. */
  cache?: Cache;
  config: Pick<Config, 'orderbookCacheTtlMs'> & Partial<Config>;
  logger: Logger;
  /**
   * The live books service: `live(id)` is the fresh book of a market it holds, or undefined (not
   * held, or stale). The orderbook routes serve it when there is one, else fetch from the venue.
   */
  books?: { live(marketId: string, depth?: number): OrderBook | undefined; stats?(): LiveBookStats };
  /** Extra Prometheus registries (e.g. venue metrics) exposed on `/metrics`. */
  metricsRegistries?: Registry[];
  /** Checks API keys; without it every presented key is refused and trading answers 401. */
  authenticator?: Authenticator;
  /** The key store, for the admin routes. */
  keys?: KeyStore;
  /** Orders, fills, positions and balances. */
  trading?: TradingService;
  /** Matching and opportunities (`/v1/arbitrage`, `/v1/matches`); those routes answer 501 without it. */
  arbitrage?: ArbitrageService;
  /** The per-client request rate (client-limit.ts); no limit without it. */
  clientLimit?: MiddlewareHandler;
  /** Which markets' upstream streams this instance holds (`/readyz`). */
  bookOwnership?: () => BookOwnership;
  /** The cache and bus backends, whose health `/readyz` reports. */
  backends?: { cache?: { health(): BackendHealth }; bus?: { health(): BackendHealth } };
  /** The instances sharing this deployment's Redis, shown by `/readyz` and `/metrics`. */
  cluster?: ClusterView;
}

export function enabledVenues(registry: AdapterLookup): VenueId[] {
  return VENUE_IDS.filter((v) => registry.has(v));
}

/** Resolves `venue=` against the enabled venues; naming a disabled venue is a 400. */
export function resolveVenues(selection: VenueSelection | undefined, registry: AdapterLookup): VenueId[] {
  const enabled = enabledVenues(registry);
  if (selection === undefined || selection === 'all') return enabled;
  const disabled = selection.filter((v) => !enabled.includes(v));
  if (disabled.length > 0) {
    throw new ParameterProblem(
      'venue',
      'query',
      `venue ${disabled.join(', ')} is not enabled on this server (enabled: ${enabled.join(', ') || 'none'})`,
    );
  }
  return selection;
}

export interface VenueFreshness {
  syncedAt: string | null;
  state: 'pending' | 'syncing' | 'ready' | 'failed';
  marketCount: number;
  error: string | null;
}

/** `meta.venues` of list answers: the catalog's freshness per requested venue. */
export function freshness(catalog: CatalogReader, venues: VenueId[]): Record<string, VenueFreshness> {
  const out: Record<string, VenueFreshness> = {};
  for (const venue of venues) {
    const s = catalog.status(venue);
    out[venue] = s
      ? { syncedAt: s.syncedAt, state: s.state, marketCount: s.marketCount, error: s.lastError?.message ?? null }
      : { syncedAt: null, state: 'pending', marketCount: 0, error: null };
  }
  return out;
}

