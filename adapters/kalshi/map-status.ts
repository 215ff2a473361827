import type { MarketResult, MarketStatus } from '../../src/core/index.js';
import type { WireMarketStatus } from './wire.js';

/**
 * Kalshi's two status vocabularies (venues/kalshi.md §4.1–4.2): the Market object's `status`
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

const TO_FILTER: Record<MarketStatus, KalshiStatusFilter> = {
  upcoming: 'unopened',
  open: 'open',
  paused: 'paused',
  // Kalshi's `closed` filter = past close_time and not finalized (includes determined).
  closed: 'closed',
  resolved: 'settled',
  void: 'settled',
};

/**
 * The venue filter for a status query. Kalshi takes one value only; for several (or none) the
 * adapter asks for everything and filters the mapped statuses itself.
 */
export function statusFilterFor(statuses: readonly MarketStatus[] | undefined): KalshiStatusFilter | undefined {
  if (!statuses || statuses.length === 0) return undefined;
  const filters = new Set(statuses.map((s) => TO_FILTER[s]));
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
