import { canonicalOrNull, formatId, type Event, type Market, type MarketResult, type MarketStatus } from '../../src/core/index.js';
import { MIN_ORDER_VALUE, TICK_SIZE, USDT_ADDRESS, VENUE } from './constants.js';
import { isoFromSeconds } from './wire.js';
import type { WireChildMarket, WireMarket } from './wire-market.js';

/**
 * Opinion markets → the normalized model (docs/venues/opinion.md §4). A standalone binary market
 * (`marketType 0`) is one Market `opinion:<marketId>`; a categorical parent (`marketType 1`)
 * becomes an Event `opinion:<parentId>` whose children are binary Markets with the parent as
 * `eventId`. Opinion reports volume only as USDT notional, so the model's contract counts stay
 * null and the notional travels beside the Market (`volumeNotional`, `volume24hNotional`).
 * Prices are not part of market objects (§5). Opinion gives no update time: `updatedAt` is when
 * we mapped it.
 */

/** The facts orders and streams need about a market. */
export interface OpinionTradingInfo {
  marketId: number;
  /** The categorical parent, or null for a standalone binary (or a child fetched alone). */
  rootMarketId: number | null;
  yesTokenId: string;
  noTokenId: string;
  /** The collateral token; orders are signed for its exchange (`/quoteToken`). */
  quoteToken: string;
  /** `""` in list rows (§4.3). */
  conditionId: string;
}

export interface OpinionMarket {
  market: Market;
  /** Lifetime traded volume in USDT, when reported. */
  volumeNotional: string | null;
  /** Last-24-hours traded volume in USDT, when reported (not on nested children). */
  volume24hNotional: string | null;
  trading: OpinionTradingInfo;
}

export interface OpinionEvent {
  event: Event;
  markets: OpinionMarket[];
}

export interface MapMarketOptions {
  /** The categorical parent of a child (its event, close time and category). */
  parent?: WireMarket;
  /** Clock for `updatedAt` and for closing Activated markets past their cutoff. */
  now?: () => Date;
  includeRaw?: boolean;
  /**
   * Whether a categorical parent's children are mutually exclusive. Opinion has no such flag and
   * its categorical markets include non-exclusive ones (several companies may be acquired), so the
   * default is false; a curated list can say otherwise.
   */
  mutuallyExclusive?: boolean;
}

/** Market status and result (§4.1): the result is whichever token `resultTokenId` names. */
export function marketStatusOf(m: WireChildMarket, closeTime: string | null, now: Date): { status: MarketStatus; result: MarketResult | null } {
  switch (m.status) {
    case 4: {
      const r = m.resultTokenId;
      const result: MarketResult | null = r === '' ? null : r === m.yesTokenId ? 'yes' : r === m.noTokenId ? 'no' : null;
      return { status: 'resolved', result };
    }
    case 3:
      return { status: 'closed', result: null };
    case 5:
    case 6:
      return { status: 'void', result: null };
    case 2:
      return { status: closeTime !== null && Date.parse(closeTime) <= now.getTime() ? 'closed' : 'open', result: null };
    default:
      return { status: 'upcoming', result: null };
  }
}

function isCategorical(m: WireMarket): boolean {
  return m.marketType === 1 || (m.marketType === undefined && (m.childMarkets?.length ?? 0) > 0);
}

/** Maps a binary market or a categorical child (nested, or fetched by its own id). */
export function mapMarket(m: WireChildMarket & Partial<WireMarket>, options: MapMarketOptions = {}): OpinionMarket {
  const now = (options.now ?? (() => new Date()))();
  const parent = options.parent;
  if (m.yesTokenId === '' || m.noTokenId === '') throw new Error(`opinion market ${m.marketId} has no outcome tokens (a categorical parent?)`);
  // Children carry `cutoffAt: 0`: they close with their parent (§4.2).
  const closeTime = isoFromSeconds(m.cutoffAt) ?? (parent ? isoFromSeconds(parent.cutoffAt) : null);
  const { status, result } = marketStatusOf(m, closeTime, now);
  const labels = m.labels && m.labels.length > 0 ? m.labels : (parent?.labels ?? []);
  const title = parent ? `${parent.marketTitle} — ${m.marketTitle}` : m.marketTitle;
  const market: Market = {
    id: formatId(VENUE, String(m.marketId)),
    venue: VENUE,
    nativeId: String(m.marketId),
    eventId: parent ? formatId(VENUE, String(parent.marketId)) : null,
    title,
    question: title,
    yesLabel: m.yesLabel || 'Yes',
    noLabel: m.noLabel || 'No',
    status,
    openTime: isoFromSeconds(m.createdAt),
    closeTime,
    expectedResolutionTime: closeTime,
    result,
    currency: 'USDT',
    realMoney: true,
    bestBid: null,
    bestAsk: null,
    lastPrice: null,
    volume: null,
    volume24h: null,
    openInterest: null,
    volumeNotional: canonicalOrNull(m.volume),
    volume24hNotional: canonicalOrNull(m.volume24h),
    tickSize: TICK_SIZE,
    tickRanges: [{ start: '0', end: '1', step: TICK_SIZE }],
    minOrderSize: null,
    rules: m.rules || parent?.rules || null,
    url: null,
    category: labels[0] ?? null,
    tags: labels,
    extra: {
      yesTokenId: m.yesTokenId,
      noTokenId: m.noTokenId,
      conditionId: m.conditionId || null,
      questionId: m.questionId || null,
      quoteToken: m.quoteToken,
      slug: m.slug ?? null,
      rootMarketId: parent?.marketId ?? null,
      optionTitle: parent ? m.marketTitle : null,
      statusCode: m.status,
      resolvedAt: isoFromSeconds(m.resolvedAt),
      resultTokenId: m.resultTokenId || null,
      minOrderValue: MIN_ORDER_VALUE,
      incentivized: m.incentiveFactor !== undefined,
    },
    updatedAt: now.toISOString(),
  };
  if (options.includeRaw) market.raw = m;
  return {
    market,
    volumeNotional: market.volumeNotional,
    volume24hNotional: market.volume24hNotional,
    trading: {
      marketId: m.marketId,
      rootMarketId: parent?.marketId ?? null,
      yesTokenId: m.yesTokenId,
      noTokenId: m.noTokenId,
      quoteToken: m.quoteToken,
      conditionId: m.conditionId,
    },
  };
}

/** Maps a categorical parent and its children. */
export function mapCategorical(parent: WireMarket, options: MapMarketOptions = {}): OpinionEvent {
  const now = (options.now ?? (() => new Date()))();
  const children = (parent.childMarkets ?? []).map((c) => mapMarket(c, { ...options, parent, now: () => now }));
  const event: Event = {
    id: formatId(VENUE, String(parent.marketId)),
    venue: VENUE,
    nativeId: String(parent.marketId),
    title: parent.marketTitle,
    subtitle: null,
    category: parent.labels?.[0] ?? null,
    mutuallyExclusive: options.mutuallyExclusive ?? false,
    marketIds: children.map((c) => c.market.id),
    closeTime: isoFromSeconds(parent.cutoffAt),
    url: null,
    updatedAt: now.toISOString(),
    markets: children.map((c) => c.market),
  };
  return { event, markets: children };
}

/** A `GET /market` row: a binary market alone, or a categorical parent with its children. */
export function mapListRow(row: WireMarket, options: MapMarketOptions = {}): { event: Event | null; markets: OpinionMarket[] } {
  if (isCategorical(row)) return mapCategorical(row, options);
  return { event: null, markets: [mapMarket(row, options)] };
}

/** Whether a quote token is USDT, the only collateral the model names for Opinion. */
export function isUsdt(address: string): boolean {
  return address.toLowerCase() === USDT_ADDRESS.toLowerCase();
}
