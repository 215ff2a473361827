import type { MarketResult, MarketStatus } from '../../src/core/index.js';
import type { WireMarketStatus } from './wire.js';

/**
 * Kalshi's two status vocabularies (docs/venues/kalshi.md §4.1–4.2): the Market object's `status`
 * enum, and the `status` *filter* of `GET /markets` / `GET /events`, which uses other words.
 */

const FROM_WIRE: Record<WireMarketStatus, MarketStatus> = {
  initialized: 'upcoming',
  inactive: 'paused',
  active: 'open',
  closed: 'closed',
  // determined: outcome known, settlement pending (settlement_timer_seconds); amended: a
  // corrected determination; finalized: settled. All three carry `result`.
  determined: 'resolved',
  amended: 'resolved',
  finalized: 'resolved',
  // A disputed determination is not a resolution yet.
  disputed: 'closed',
};

export function mapMarketStatus(status: WireMarketStatus): MarketStatus {
  return FROM_WIRE[status];
}

export type KalshiStatusFilter = 'unopened' | 'open' | 'paused' | 'closed' | 'settled';

/** The venue filters whose results together cover each of our statuses. */
const TO_FILTERS: Record<MarketStatus, readonly KalshiStatusFilter[]> = {
  upcoming: ['unopened'],
  open: ['open'],
  paused: ['paused'],
  // Kalshi's `closed` filter = past close_time and not finalized (closed, disputed, and also the
  // determined and amended markets, which map to resolved).
  closed: ['closed'],
  resolved: ['closed', 'settled'],
  void: ['settled'],
};

/**
 * The venue filter for a status query. Kalshi takes one value only; when the statuses need
 * several (or none), the adapter asks for everything and filters the mapped statuses itself.
 */
export function statusFilterFor(statuses: readonly MarketStatus[] | undefined): KalshiStatusFilter | undefined {
  if (!statuses || statuses.length === 0) return undefined;
  const filters = new Set(statuses.flatMap((s) => TO_FILTERS[s]));
  if (filters.size !== 1) return undefined;
  return [...filters][0];
}

export function mapResult(result: string | null | undefined): MarketResult | null {
  switch (result) {
    case 'yes':
    case 'no':
    case 'scalar':
    case 'void':
      return result;
    default:
      return null;
  }
}
