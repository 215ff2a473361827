/**
 * Market lifecycle of the Kalshi simulator (docs/venues/kalshi.md §4.1, §9.5, DOC-LIFE): explicit
 * transitions emit `market_lifecycle_v2` events (deactivated/activated, close_date_updated,
 * determined, settled); the timed initialized→active and active→closed transitions emit none.
 * Closing cancels resting orders; reactivating a paused market cancels resting orders; settling
 * pays positions out at $1 per winning contract.
 */
import { notionalUnits, PRICE_SCALE } from '../../../src/sim/index.js';
import type { MarketStatus, SimMarket } from './model.js';
import type { KalshiState } from './state.js';
import { usd } from './format.js';

export interface LifecycleEvent {
  event_type: string;
  market_ticker: string;
  [k: string]: unknown;
}

function emit(state: KalshiState, ev: LifecycleEvent): void {
  state.hub.emit('lifecycle', ev);
}

function cancelResting(state: KalshiState, m: SimMarket): void {
  m.book?.cancelAll('market_closed');
}

export function setMarketStatus(state: KalshiState, m: SimMarket, status: MarketStatus): void {
  const now = state.now();
  const prev = m.status;
  if (prev === status) return;
  m.status = status;
  m.updatedMs = now;
  if (status === 'inactive') {
    emit(state, { event_type: 'deactivated', market_ticker: m.ticker, is_deactivated: true });
    for (const o of m.book?.openOrders() ?? []) {
      if (state.orders.get(o.id)?.cancelOnPause) m.book?.cancel(o.id, 'paused');
    }
  } else if (status === 'active') {
    if (prev === 'inactive') cancelResting(state, m);
    if (prev === 'initialized' && m.openMs > now) m.openMs = now;
    state.book(m);
    emit(state, { event_type: 'activated', market_ticker: m.ticker, is_deactivated: false });
  } else if (status === 'closed') {
    if (m.closeMs > now) {
      m.closeMs = now;
      emit(state, { event_type: 'close_date_updated', market_ticker: m.ticker, close_ts: Math.floor(now / 1000) });
    }
    cancelResting(state, m);
  }
  state.emitTickerIfChanged(m);
}

/** Determines and settles a market: result, settlement value, payouts, settlement records. */
export function settleMarket(state: KalshiState, m: SimMarket, result: 'yes' | 'no'): void {
  const now = state.now();
  if (m.status === 'active' || m.status === 'inactive' || m.status === 'initialized') setMarketStatus(state, m, 'closed');
  cancelResting(state, m);
  m.result = result;
  m.settlementValue = result === 'yes' ? PRICE_SCALE : 0;
  m.determinedMs = now;
  m.status = 'determined';
  m.updatedMs = now;
  emit(state, { event_type: 'determined', market_ticker: m.ticker, result, determination_ts: Math.floor(now / 1000), settlement_value: usd(m.settlementValue) });
  for (const acct of state.accounts.values()) {
    const p = acct.positions.get(m.ticker);
    if (!p || p.position === 0) continue;
    const yesCount = Math.max(0, p.position);
    const noCount = Math.max(0, -p.position);
    const winning = result === 'yes' ? yesCount : noCount;
    const revenue = notionalUnits(PRICE_SCALE, winning);
    acct.cash += revenue;
    acct.settlements.push({
      ticker: m.ticker, eventTicker: m.eventTicker, result, yesCount, noCount,
      yesCost: yesCount > 0 ? p.exposure : 0, noCost: noCount > 0 ? p.exposure : 0, revenue, settledMs: now,
    });
    p.realizedPnl += revenue - p.exposure;
    p.exposure = 0;
    p.position = 0;
    p.updatedMs = now;
    state.hub.emit('position', acct.userId, p);
  }
  m.status = 'finalized';
  m.settledMs = now;
  emit(state, { event_type: 'settled', market_ticker: m.ticker, settled_ts: Math.floor(now / 1000) });
}

/** Timed transitions (no WS events) and order expiry; cheap enough to run every second. */
export function lifecycleTick(state: KalshiState): void {
  const now = state.now();
  for (const m of state.marketList) {
    if (m.status === 'initialized' && m.openMs <= now && m.closeMs > now) {
      m.status = 'active';
      state.book(m);
    } else if ((m.status === 'active' || m.status === 'inactive') && m.closeMs <= now) {
      m.status = 'closed';
      cancelResting(state, m);
    }
  }
  for (const book of state.books.values()) book.expire(now);
}
