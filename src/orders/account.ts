/**
 * Positions and balances across venues. Positions carry a mark from the catalog (the mid of the
 * market's best bid and ask, else its last price, in the position's outcome terms), and what it
 * implies: market value and unrealized PnL. Balances say whether the currency is real money.
 */
import type { CatalogReader } from '../catalog/types.js';
import { Decimal, canonical, type Balance, type Market, type Position } from '../core/index.js';
import type { VenueAdapter } from '../venue/adapter.js';
import type { VenueFailure } from './venue-pages.js';

export interface PositionView extends Position {
  /** The mark price of the position's outcome; null when the market has no prices. */
  mark: string | null;
  markedAt: string | null;
  /** size × mark. */
  marketValue: string | null;
  /** (mark − averagePrice) × size. */
  unrealizedPnl: string | null;
}

export interface BalanceView extends Balance {
  /** False for play money. */
  realMoney: boolean;
}

/** Marks are rounded to this many decimals (a mid may fall between ticks). */
const MARK_SCALE = 6;

function yesMark(bid: string | null, ask: string | null, last: string | null): Decimal | null {
  if (bid !== null && ask !== null) return Decimal.parse(bid).add(ask).div('2', MARK_SCALE);
  if (last !== null) return Decimal.parse(last);
  return null;
}

/** The quotes a mark is taken from: the catalog's market as the API serves it (e.g. with live-book quotes). */
export type QuoteSource = (market: Market) => Market;

export function markPosition(position: Position, catalog: CatalogReader, quotes: QuoteSource = (m) => m): PositionView {
  const listed = catalog.getMarket(position.marketId);
  const market = listed ? quotes(listed) : undefined;
  const yes = market ? yesMark(market.bestBid, market.bestAsk, market.lastPrice) : null;
  if (!market || yes === null) return { ...position, mark: null, markedAt: null, marketValue: null, unrealizedPnl: null };
  const mark = position.outcome === 'yes' ? yes : Decimal.ONE.sub(yes);
  const size = Decimal.parse(position.size);
  return {
    ...position,
    mark: canonical(mark),
    markedAt: market.quotedAt ?? market.updatedAt,
    marketValue: canonical(mark.mul(size)),
    unrealizedPnl: position.averagePrice === null ? null : canonical(mark.sub(position.averagePrice).mul(size)),
  };
}

export async function markedPositions(adapters: readonly VenueAdapter[], catalog: CatalogReader, quotes?: QuoteSource): Promise<{ data: PositionView[]; errors: VenueFailure[] }> {
  const results = await Promise.allSettled(adapters.map((a) => a.listPositions()));
  const data: PositionView[] = [];
  const errors: VenueFailure[] = [];
  results.forEach((r, i) => {
    const venue = (adapters[i] as VenueAdapter).venue;
    if (r.status === 'rejected') {
      if (adapters.length === 1) throw r.reason;
      errors.push({ venue, error: r.reason });
    } else {
      for (const p of r.value) data.push(markPosition(p, catalog, quotes));
    }
  });
  return { data, errors };
}

/**
 * Whether a venue's currency is real money: as the venue's markets in that currency say (the
 * catalog), else by the currency (play money is MANA).
 */
export function isRealMoney(balance: Balance, catalog: CatalogReader): boolean {
  const page = catalog.queryMarkets({ venues: [balance.venue], sort: 'newest', limit: 50 });
  const same = page.data.find((m) => m.currency === balance.currency);
  return same ? same.realMoney : balance.currency !== 'MANA';
}

export async function venueBalances(adapters: readonly VenueAdapter[], catalog: CatalogReader): Promise<{ data: BalanceView[]; errors: VenueFailure[] }> {
  const results = await Promise.allSettled(adapters.map((a) => a.getBalances()));
  const data: BalanceView[] = [];
  const errors: VenueFailure[] = [];
  results.forEach((r, i) => {
    const venue = (adapters[i] as VenueAdapter).venue;
    if (r.status === 'rejected') {
      if (adapters.length === 1) throw r.reason;
      errors.push({ venue, error: r.reason });
    } else {
      for (const b of r.value) data.push({ ...b, realMoney: isRealMoney(b, catalog) });
    }
  });
  return { data, errors };
}
