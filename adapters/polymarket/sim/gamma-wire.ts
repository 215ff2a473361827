/**
 * Gamma wire objects (docs/venues/polymarket.md §3.4, §3.5; fixtures/polymarket/gamma-*.json): markets
 * with JSON-encoded string fields (`outcomes`, `outcomePrices`, `clobTokenIds`), decimal numbers
 * written exactly, and events embedding their markets.
 */
import { PRICE_SCALE } from '../../../src/sim/index.js';
import type { BookRegistry } from './books.js';
import { fmt, tickUnits } from './format.js';
import type { SimEvent, SimMarket, Universe } from './generate.js';
import { num, type Num } from './json.js';

interface Quote {
  bid: number;
  ask: number;
  last: number;
}

/**
 * Live best bid/ask/last of YES when the book exists, else the generated starting quote. An empty
 * side of a live book is Gamma's "no quote" placeholder: bid 0, ask 1 (docs/venues/polymarket.md §3.4).
 */
export function quoteOf(books: BookRegistry, m: SimMarket): Quote {
  const mb = books.peek(m.conditionId);
  const tick = tickUnits(m.tickSize);
  const bid = mb ? (mb.book.bestBid()?.[0] ?? 0) : m.initialMid - tick;
  const ask = mb ? (mb.book.bestAsk()?.[0] ?? PRICE_SCALE) : m.initialMid + tick;
  const last = mb?.lastTrade?.yesPrice ?? m.initialMid;
  return { bid: Math.max(0, bid), ask: Math.min(PRICE_SCALE, ask), last };
}

const n = (units: number): Num => num(fmt(units));

function tagsOf(category: string): { id: string; label: string; slug: string }[] {
  const id = String(100 + [...category].reduce((a, c) => a + c.charCodeAt(0), 0));
  return [{ id, label: category, slug: category.toLowerCase() }];
}

export function gammaMarket(books: BookRegistry, universe: Universe, m: SimMarket, withEvent = true): Record<string, unknown> {
  const q = quoteOf(books, m);
  const yes = m.resolved ? (m.resolved === 'yes' ? PRICE_SCALE : 0) : q.last;
  const event = universe.events[m.eventIndex]!;
  const active = !m.resolved;
  const accepting = !m.closed && !m.resolved;
  return {
    id: m.id,
    question: m.question,
    conditionId: m.conditionId,
    slug: m.slug,
    resolutionSource: '',
    endDate: m.endDate,
    liquidity: m.liquidity,
    startDate: m.startDate,
    description: m.description,
    outcomes: JSON.stringify(['Yes', 'No']),
    outcomePrices: JSON.stringify([fmt(yes), fmt(PRICE_SCALE - yes)]),
    volume: m.volume,
    active,
    closed: m.closed || Boolean(m.resolved),
    marketMakerAddress: '',
    createdAt: m.createdAt,
    updatedAt: m.createdAt,
    new: false,
    featured: false,
    archived: false,
    restricted: true,
    groupItemTitle: m.groupItemTitle,
    questionID: m.questionId,
    enableOrderBook: true,
    orderPriceMinTickSize: num(books.peek(m.conditionId)?.tick ?? m.tickSize),
    orderMinSize: num(m.minOrderSize),
    volumeNum: num(m.volume),
    liquidityNum: num(m.liquidity),
    endDateIso: m.endDate.slice(0, 10),
    startDateIso: m.startDate.slice(0, 10),
    clobTokenIds: JSON.stringify([m.yesTokenId, m.noTokenId]),
    positionIds: m.version === 'v2' ? [m.yesTokenId, m.noTokenId] : undefined,
    version: m.version,
    acceptingOrders: accepting,
    acceptingOrdersTimestamp: m.startDate,
    negRisk: m.negRisk,
    negRiskMarketID: m.negRisk ? m.negRiskMarketId : undefined,
    negRiskRequestID: m.negRisk ? m.negRiskRequestId : undefined,
    negRiskOther: false,
    secondsDelay: m.secondsDelay,
    spread: n(Math.max(0, q.ask - q.bid)),
    lastTradePrice: n(q.last),
    bestBid: n(q.bid),
    bestAsk: n(q.ask),
    oneDayPriceChange: num('0'),
    category: m.category,
    rfqEnabled: false,
    feesEnabled: false,
    feeType: null,
    umaResolutionStatus: m.resolved ? 'resolved' : undefined,
    events: withEvent ? [{ id: event.id, ticker: event.ticker, slug: event.slug, title: event.title }] : undefined,
  };
}

export function gammaEvent(books: BookRegistry, universe: Universe, e: SimEvent, includeMarkets = true): Record<string, unknown> {
  const markets = e.marketIndexes.map((i) => universe.markets[i]!);
  const open = markets.some((m) => !m.closed && !m.resolved);
  return {
    id: e.id,
    ticker: e.ticker,
    slug: e.slug,
    title: e.title,
    description: e.description,
    resolutionSource: '',
    startDate: e.startDate,
    creationDate: e.createdAt,
    endDate: e.endDate,
    active: markets.some((m) => !m.resolved),
    closed: !open,
    archived: false,
    new: false,
    featured: false,
    restricted: true,
    createdAt: e.createdAt,
    updatedAt: e.createdAt,
    enableOrderBook: true,
    negRisk: e.negRisk,
    negRiskMarketID: e.negRisk ? e.negRiskMarketId : undefined,
    enableNegRisk: e.negRisk,
    negRiskAugmented: false,
    commentCount: 0,
    tags: tagsOf(e.category),
    markets: includeMarkets ? markets.map((m) => gammaMarket(books, universe, m, false)) : undefined,
  };
}
