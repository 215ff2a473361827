/**
 * Manifold contracts → normalized markets and events (docs/venues/manifold.md §Mapping).
 *
 * - Every market is play money: `currency: 'MANA'`, `realMoney: false`. CASH-token contracts
 *   (the retired prize cash) are skipped.
 * - A BINARY cpmm-1 contract is one market `manifold:<contractId>`.
 * - A MULTIPLE_CHOICE cpmm-multi-1 contract is one binary market per answer,
 *   `manifold:<contractId>:<answerId>`, grouped by the event `manifold:<contractId>`, mutually
 *   exclusive when the answers sum to one. The `/markets` list carries no answers: such rows map to
 *   `needs-full` (fetch `GET /market/:id`).
 * - Every other outcome type or mechanism (PSEUDO_NUMERIC, STONK, POLL, BOUNTIED_QUESTION, NUMBER,
 *   MULTI_NUMERIC, DATE, PERP, 2022-era DPM…) is skipped and counted; nothing here throws.
 * - Prices are probabilities of YES. Manifold reports volume in mana, not shares: it goes to
 *   `volumeNotional` / `volume24hNotional` beside the market, and `volume` stays null.
 */
import { Decimal, formatId, IdError, type Event, type Market, type MarketResult, type MarketStatus } from '../../src/core/index.js';
import type { FullMarket, WireAnswer, WireMarket } from './wire.js';

const VENUE = 'manifold' as const;
/** The whole-percent grid of limit orders on BINARY and multiple-choice markets. */
export const TICK = '0.01';
/** Decimal places of prices and sizes this adapter outputs. */
export const OUTPUT_SCALE = 6;
/** The smallest bet, in mana (`amount >= 1` on `POST /bet`). */
export const MIN_BET_MANA = '1';

export type SkipReason = 'outcome-type' | 'cash-token' | 'invalid-id';

export type ContractMapping =
  | { kind: 'mapped'; contractId: string; markets: Market[]; event: Event | null }
  /** A multiple-choice row without its answers (or without `shouldAnswersSumToOne`): fetch the full market. */
  | { kind: 'needs-full'; contractId: string }
  | { kind: 'skipped'; contractId: string; reason: SkipReason };

export interface MapMarketOptions {
  now?: () => Date;
  includeRaw?: boolean;
  /**
   * The oldest time the payload's quotes can date from: when it was received, less the CDN
   * lifetime of the answer (docs/venues/manifold.md §Hosts and transport). Null when unknown.
   */
  quotedAt?: Date | null;
}

/**
 * The best quotes of the AMM at a probability: the grid ticks just below and above it, where the
 * synthesized book's first AMM levels sit (map-book.ts). Limit orders can only match them, not
 * beat them, except at a probability exactly on a tick, where an order can rest at the
 * probability itself.
 */
export function ammQuotes(probability: string): { bestBid: string | null; bestAsk: string | null } {
  const hundredths = Decimal.parse(probability).mul('100');
  const floor = hundredths.round(0, 'down');
  const onTick = floor.eq(hundredths);
  const ask = floor.add('1');
  const bid = onTick ? floor.sub('1') : floor;
  const tick = (t: Decimal) => Decimal.fromUnits(t.toUnits(0, 'down'), 2).normalize().toString();
  return {
    bestBid: bid.gte('1') && bid.lte('99') ? tick(bid) : null,
    bestAsk: ask.gte('1') && ask.lte('99') ? tick(ask) : null,
  };
}

function quotes(status: MarketStatus, probability: string | undefined): { bestBid: string | null; bestAsk: string | null } {
  return status === 'open' && probability !== undefined ? ammQuotes(probability) : { bestBid: null, bestAsk: null };
}

function iso(ms: number | undefined): string | null {
  return ms === undefined ? null : new Date(ms).toISOString();
}

/** A wire decimal rounded to the output scale, canonical (`"0.5"`, not `"0.50"`). */
export function canonical(text: string | undefined, scale = OUTPUT_SCALE): string | null {
  if (text === undefined) return null;
  return Decimal.parse(text).round(scale, 'half-even').normalize().toString();
}

function resultOfResolution(resolution: string | undefined): MarketResult | null {
  switch (resolution) {
    case 'YES':
      return 'yes';
    case 'NO':
      return 'no';
    case 'MKT':
      return 'scalar';
    case 'CANCEL':
      return 'void';
    default:
      return null;
  }
}

function statusOf(result: MarketResult | null, resolved: boolean, closeTime: number | undefined, now: Date): MarketStatus {
  if (resolved) return result === 'void' ? 'void' : 'resolved';
  if (closeTime !== undefined && closeTime <= now.getTime()) return 'closed';
  return 'open';
}

/** Result of one answer: its own resolution, or the contract's (an answer id, MKT, CANCEL…). */
function answerResult(m: WireMarket, a: WireAnswer): { resolved: boolean; result: MarketResult | null } {
  if (a.resolution !== undefined) return { resolved: true, result: resultOfResolution(a.resolution) };
  if (!m.isResolved) return { resolved: false, result: null };
  if (m.resolution === a.id) return { resolved: true, result: 'yes' };
  if (m.resolution === 'CANCEL') return { resolved: true, result: 'void' };
  if (m.resolution === 'MKT' || m.resolution === 'CHOOSE_MULTIPLE') return { resolved: true, result: 'scalar' };
  return { resolved: true, result: 'no' };
}

function base(
  m: WireMarket,
  now: Date,
  options: MapMarketOptions,
): Omit<Market, 'id' | 'nativeId' | 'eventId' | 'title' | 'question' | 'yesLabel' | 'noLabel' | 'status' | 'result' | 'lastPrice' | 'extra' | 'volumeNotional' | 'volume24hNotional'> {
  const full = m as FullMarket;
  const rules = full.textDescription ?? (typeof full.description === 'string' ? full.description : null);
  const expected = m.isResolved ? (m.resolutionTime ?? m.closeTime) : m.closeTime;
  return {
    venue: VENUE,
    openTime: iso(m.createdTime),
    closeTime: iso(m.closeTime),
    expectedResolutionTime: iso(expected),
    currency: 'MANA',
    realMoney: false,
    // Overwritten by the AMM's quotes while the market is open (`ammQuotes`).
    bestBid: null,
    bestAsk: null,
    quotedAt: options.quotedAt ? options.quotedAt.toISOString() : null,
    volume: null,
    volume24h: null,
    openInterest: null,
    tickSize: TICK,
    tickRanges: [{ start: TICK, end: '0.99', step: TICK }],
    // The minimum is a mana amount (MIN_BET_MANA), not a number of shares.
    minOrderSize: null,
    rules: rules === null || rules === '' ? null : rules,
    url: m.url,
    category: full.groupSlugs?.[0] ?? null,
    tags: full.groupSlugs ?? [],
    updatedAt: iso(m.lastUpdatedTime) ?? now.toISOString(),
  };
}

function common(m: WireMarket): Record<string, string | number | boolean | null> {
  return {
    contractId: m.id,
    slug: m.slug ?? null,
    mechanism: m.mechanism,
    outcomeType: m.outcomeType,
    creatorUsername: m.creatorUsername,
    uniqueBettorCount: m.uniqueBettorCount ?? null,
    totalLiquidity: m.totalLiquidity ?? null,
    token: m.token ?? 'MANA',
    minBetMana: MIN_BET_MANA,
  };
}

function mapBinary(m: WireMarket, now: Date, options: MapMarketOptions): Market {
  const result = m.isResolved ? resultOfResolution(m.resolution) : null;
  const status = statusOf(result, m.isResolved, m.closeTime, now);
  const market: Market = {
    ...base(m, now, options),
    ...quotes(status, m.probability),
    id: formatId(VENUE, m.id),
    nativeId: m.id,
    eventId: null,
    title: m.question,
    question: m.question,
    yesLabel: 'Yes',
    noLabel: 'No',
    status,
    result,
    lastPrice: canonical(m.probability),
    volumeNotional: canonical(m.volume),
    volume24hNotional: canonical(m.volume24Hours),
    extra: {
      ...common(m),
      p: m.p ?? null,
      poolYes: m.pool?.YES ?? null,
      poolNo: m.pool?.NO ?? null,
      probability: m.probability ?? null,
      resolutionProbability: m.resolutionProbability ?? null,
    },
  };
  if (options.includeRaw) market.raw = m;
  return market;
}

function mapAnswer(m: WireMarket, a: WireAnswer, sumsToOne: boolean, now: Date, options: MapMarketOptions): Market {
  const { resolved, result } = answerResult(m, a);
  const nativeId = `${m.id}:${a.id}`;
  const status = statusOf(result, resolved, m.closeTime, now);
  const market: Market = {
    ...base(m, now, options),
    ...quotes(status, a.probability),
    id: formatId(VENUE, nativeId),
    nativeId,
    eventId: formatId(VENUE, m.id),
    title: a.text,
    question: `${m.question} — ${a.text}`,
    yesLabel: a.text,
    noLabel: `Not ${a.text}`,
    status,
    result,
    lastPrice: canonical(a.probability),
    volumeNotional: canonical(a.volume),
    volume24hNotional: null,
    extra: {
      ...common(m),
      answerId: a.id,
      answerIndex: a.index ?? null,
      shouldAnswersSumToOne: sumsToOne,
      p: '0.5',
      poolYes: a.pool?.YES ?? null,
      poolNo: a.pool?.NO ?? null,
      probability: a.probability,
      resolutionProbability: a.resolutionProbability ?? null,
    },
  };
  if (options.includeRaw) market.raw = m;
  return market;
}

/** One contract → its markets (and event), a request for the full market, or a skip. */
export function mapContract(m: WireMarket, options: MapMarketOptions = {}): ContractMapping {
  const now = (options.now ?? (() => new Date()))();
  const contractId = m.id;
  if (m.token !== undefined && m.token !== 'MANA') return { kind: 'skipped', contractId, reason: 'cash-token' };
  try {
    if (m.outcomeType === 'BINARY' && m.mechanism === 'cpmm-1') return { kind: 'mapped', contractId, markets: [mapBinary(m, now, options)], event: null };
    if (m.outcomeType === 'MULTIPLE_CHOICE' && m.mechanism === 'cpmm-multi-1') {
      const sumsToOne = (m as FullMarket).shouldAnswersSumToOne;
      if (!m.answers || typeof sumsToOne !== 'boolean') return { kind: 'needs-full', contractId };
      const markets = m.answers.map((a) => mapAnswer(m, a, sumsToOne, now, options));
      const base0 = base(m, now, options);
      const event: Event = {
        id: formatId(VENUE, m.id),
        venue: VENUE,
        nativeId: m.id,
        title: m.question,
        subtitle: null,
        category: base0.category,
        mutuallyExclusive: sumsToOne,
        marketIds: markets.map((x) => x.id),
        closeTime: base0.closeTime,
        url: m.url,
        updatedAt: base0.updatedAt,
        markets,
      };
      return { kind: 'mapped', contractId, markets, event };
    }
  } catch (err) {
    if (err instanceof IdError) return { kind: 'skipped', contractId, reason: 'invalid-id' };
    throw err;
  }
  return { kind: 'skipped', contractId, reason: 'outcome-type' };
}

export interface ContractListMapping {
  markets: Market[];
  events: Event[];
  /** Multiple-choice contracts to fetch in full (`GET /market/:id`) before they can be mapped. */
  needsFull: string[];
  /** Contracts that do not fit the binary model (or are not play money). */
  skipped: number;
  skippedBy: Partial<Record<SkipReason, number>>;
}

export function mapContracts(list: readonly WireMarket[], options: MapMarketOptions = {}): ContractListMapping {
  const out: ContractListMapping = { markets: [], events: [], needsFull: [], skipped: 0, skippedBy: {} };
  for (const m of list) {
    const r = mapContract(m, options);
    if (r.kind === 'mapped') {
      out.markets.push(...r.markets);
      if (r.event) out.events.push(r.event);
    } else if (r.kind === 'needs-full') {
      out.needsFull.push(r.contractId);
    } else {
      out.skipped += 1;
      out.skippedBy[r.reason] = (out.skippedBy[r.reason] ?? 0) + 1;
    }
  }
  return out;
}

/** `manifold:<contractId>` or `manifold:<contractId>:<answerId>` → the venue's ids. */
export function nativeIdsOf(nativeId: string): { contractId: string; answerId: string | undefined } {
  const i = nativeId.indexOf(':');
  return i < 0 ? { contractId: nativeId, answerId: undefined } : { contractId: nativeId.slice(0, i), answerId: nativeId.slice(i + 1) };
}
