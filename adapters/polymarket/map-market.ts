import { Decimal, formatId, type Event, type Market, type MarketResult, type MarketStatus } from '../../src/core/index.js';
import type { GammaEvent, GammaMarket } from './wire-gamma.js';
import type { ClobMarket } from './wire-clob.js';
import { isoFromWire } from './wire-common.js';

/**
 * Gamma → normalized model. Each Gamma market is one binary condition; we present it from its
 * first outcome (YES, or the first named side such as "Up"/"FaZe") with market id
 * `polymarket:<conditionId>`. The second outcome's token is linked in `extra.noTokenId`.
 * Markets not yet deployed on chain (`conditionId: ""`, no tokens) cannot be traded or addressed
 * and are skipped by `mapGammaMarketOrNull`.
 */

const VENUE = 'polymarket' as const;
export const DEFAULT_TICK = '0.01';
const SITE = 'https://polymarket.com';

/** The trading facts of a market that order building and streaming need. */
export interface MarketTradingInfo {
  conditionId: string;
  yesTokenId: string;
  noTokenId: string;
  tickSize: string;
  minOrderSize: string;
  negRisk: boolean;
  /** Gamma `version`: `"v2"` markets trade through ExchangeV3 (domain "3"). */
  protocolVersion: 'v1' | 'v2';
}

/** A price-like Gamma number; `0` bids and `1` asks are Gamma's "no quote" placeholders. */
function quote(value: string | null, placeholder: '0' | '1'): string | null {
  if (value == null) return null;
  const d = Decimal.tryParse(value);
  if (!d || d.eq(placeholder) || d.isNegative() || d.gt('1')) return null;
  return d.toCanonical();
}

/** A non-negative decimal in canonical form; null when absent, malformed or negative. */
function nonNegativeDecimal(value: string | null): string | null {
  if (value == null) return null;
  const d = Decimal.tryParse(value);
  return d && !d.isNegative() ? d.toCanonical() : null;
}

/** Tokens of a market: Protocol-V2 markets use `positionIds` (§0.1, DOCS-pv2). */
export function tokensOf(m: GammaMarket): [string, string] | null {
  const ids = m.version === 'v2' && m.positionIds && m.positionIds.length >= 2 ? m.positionIds : m.clobTokenIds;
  if (!ids || ids.length < 2 || !ids[0] || !ids[1]) return null;
  return [ids[0], ids[1]];
}

/** Settled outcome from `outcomePrices` of a closed market: ["1","0"] → yes, ["0","1"] → no, ["0.5","0.5"] → void. */
function resultOf(m: GammaMarket): MarketResult | null {
  const prices = m.outcomePrices;
  if (!m.closed || !prices || prices.length < 2) return null;
  const yes = Decimal.tryParse(prices[0] ?? '');
  const no = Decimal.tryParse(prices[1] ?? '');
  if (!yes || !no) return null;
  if (yes.eq('1') && no.isZero()) return 'yes';
  if (no.eq('1') && yes.isZero()) return 'no';
  if (yes.eq('0.5') && no.eq('0.5')) return 'void';
  return null;
}

export function statusOf(m: GammaMarket): { status: MarketStatus; result: MarketResult | null } {
  const result = resultOf(m);
  if (m.closed || m.archived) {
    if (result === 'void') return { status: 'void', result };
    if (result || m.umaResolutionStatus === 'resolved') return { status: 'resolved', result };
    return { status: 'closed', result: null };
  }
  if (!m.conditionId || m.active === false || m.enableOrderBook === false) return { status: 'upcoming', result: null };
  if (m.acceptingOrders === false) return { status: 'paused', result: null };
  return { status: 'open', result: null };
}

export function tradingInfoOf(m: GammaMarket): MarketTradingInfo | null {
  const tokens = tokensOf(m);
  if (!m.conditionId || !tokens) return null;
  return {
    conditionId: m.conditionId,
    yesTokenId: tokens[0],
    noTokenId: tokens[1],
    tickSize: nonNegativeDecimal(m.orderPriceMinTickSize) ?? DEFAULT_TICK,
    minOrderSize: nonNegativeDecimal(m.orderMinSize) ?? '0',
    negRisk: m.negRisk === true,
    protocolVersion: m.version === 'v2' ? 'v2' : 'v1',
  };
}

export interface MapMarketOptions {
  /** Parent event id when the market came nested in an event (nested markets have no `events[]`). */
  eventId?: string;
  category?: string | null;
  includeRaw?: boolean;
  raw?: unknown;
  now?: () => Date;
}

/** Maps a Gamma market; null for undeployed markets (no condition id or tokens). */
export function mapGammaMarketOrNull(m: GammaMarket, options: MapMarketOptions = {}): Market | null {
  const info = tradingInfoOf(m);
  if (!info) return null;
  const { status, result } = statusOf(m);
  const outcomes = m.outcomes ?? [];
  const eventRef = m.events?.[0];
  const eventNativeId = options.eventId ?? eventRef?.id ?? null;
  const now = (options.now ?? (() => new Date()))().toISOString();
  const tick = info.tickSize;
  const fee = m.feeSchedule;
  const market: Market = {
    id: formatId(VENUE, info.conditionId),
    venue: VENUE,
    nativeId: info.conditionId,
    eventId: eventNativeId ? formatId(VENUE, eventNativeId) : null,
    title: m.question ?? m.groupItemTitle ?? m.slug ?? info.conditionId,
    question: m.question ?? '',
    yesLabel: outcomes[0] ?? 'Yes',
    noLabel: outcomes[1] ?? 'No',
    status,
    openTime: isoFromWire(m.startDate),
    closeTime: isoFromWire(m.endDate),
    expectedResolutionTime: isoFromWire(m.endDate),
    result,
    currency: 'pUSD',
    realMoney: true,
    bestBid: quote(m.bestBid, '0'),
    bestAsk: quote(m.bestAsk, '1'),
    lastPrice: quote(m.lastTradePrice, '0'),
    // Gamma's volumes are collateral notional (docs/venues/polymarket.md §3.4), not contracts;
    // Gamma reports no traded share count, so the contract volumes are unknown.
    volume: null,
    volume24h: null,
    openInterest: null,
    volumeNotional: nonNegativeDecimal(m.volume),
    volume24hNotional: nonNegativeDecimal(m.volume24hr),
    tickSize: tick,
    tickRanges: [{ start: '0', end: '1', step: tick }],
    minOrderSize: info.minOrderSize,
    rules: m.description ?? null,
    url: eventRef?.slug ? `${SITE}/event/${eventRef.slug}` : m.slug ? `${SITE}/market/${m.slug}` : null,
    category: m.category ?? options.category ?? null,
    tags: (m.tags ?? []).map((t) => t.label ?? t.slug ?? t.id),
    extra: {
      gammaId: m.id,
      slug: m.slug ?? null,
      yesTokenId: info.yesTokenId,
      noTokenId: info.noTokenId,
      negRisk: info.negRisk,
      negRiskMarketId: m.negRiskMarketID || null,
      protocolVersion: info.protocolVersion,
      acceptingOrders: m.acceptingOrders ?? null,
      groupItemTitle: m.groupItemTitle ?? null,
      feeType: m.feeType ?? null,
      feeRate: fee?.rate ?? null,
      feeExponent: fee?.exponent ?? null,
      feeTakerOnly: fee?.takerOnly ?? null,
    },
    updatedAt: isoFromWire(m.updatedAt) ?? now,
  };
  if (options.includeRaw) market.raw = options.raw ?? m;
  return market;
}

export interface MapEventOptions {
  includeMarkets?: boolean;
  now?: () => Date;
}

export function mapGammaEvent(e: GammaEvent, options: MapEventOptions = {}): Event {
  const now = (options.now ?? (() => new Date()))().toISOString();
  const category = e.category ?? e.tags?.[0]?.label ?? null;
  const markets = (e.markets ?? [])
    .map((m) => mapGammaMarketOrNull(m, { eventId: e.id, category, ...(options.now ? { now: options.now } : {}) }))
    .filter((m): m is Market => m !== null);
  const event: Event = {
    id: formatId(VENUE, e.id),
    venue: VENUE,
    nativeId: e.id,
    title: e.title ?? e.slug ?? e.id,
    subtitle: null,
    category,
    // Neg-risk events are a set of mutually exclusive outcomes (§3.5, DOCS-nr).
    mutuallyExclusive: e.negRisk === true || e.enableNegRisk === true,
    marketIds: markets.map((m) => m.id),
    closeTime: isoFromWire(e.endDate),
    url: e.slug ? `${SITE}/event/${e.slug}` : null,
    updatedAt: isoFromWire(e.updatedAt) ?? now,
  };
  if (options.includeMarkets !== false) event.markets = markets;
  return event;
}

/** Trading facts from a CLOB `GET /markets/{condition_id}` market (tokens by outcome order). */
export function tradingInfoFromClob(m: ClobMarket): MarketTradingInfo | null {
  const [yes, no] = m.tokens;
  if (!yes || !no) return null;
  return {
    conditionId: m.condition_id,
    yesTokenId: yes.token_id,
    noTokenId: no.token_id,
    tickSize: nonNegativeDecimal(m.minimum_tick_size) ?? DEFAULT_TICK,
    minOrderSize: nonNegativeDecimal(m.minimum_order_size) ?? '0',
    negRisk: m.neg_risk === true,
    protocolVersion: 'v1',
  };
}
