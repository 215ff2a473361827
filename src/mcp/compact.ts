/**
 * The compact shapes the MCP tools answer with: the fields an agent needs to reason about a market
 * or a book, decimals as the API's canonical strings, nulls and empty lists dropped. Everything
 * else is one `get_market` (or the REST API) away.
 */
import type { MatchRecord, Opportunity } from '../arbitrage/index.js';
import type { Market, OrderBook } from '../core/index.js';

type Compact = Record<string, unknown>;

/** Drops null, undefined and empty-array fields. */
function prune(o: Compact): Compact {
  const out: Compact = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === null || v === undefined || (Array.isArray(v) && v.length === 0)) continue;
    out[k] = v;
  }
  return out;
}

/** One row of `search_markets`. */
export function marketRow(m: Market): Compact {
  return prune({
    id: m.id,
    title: m.title,
    status: m.status,
    yesBid: m.bestBid,
    yesAsk: m.bestAsk,
    last: m.lastPrice,
    quotedAt: m.quotedAt,
    volume: m.volume,
    closeTime: m.closeTime,
    currency: m.currency,
    realMoney: m.realMoney,
    category: m.category,
  });
}

const RULES_MAX = 600;

/** `get_market`: the row plus what defines the contract and how to trade it. */
export function marketDetail(m: Market): Compact {
  const rules = m.rules !== null && m.rules.length > RULES_MAX ? `${m.rules.slice(0, RULES_MAX)}…` : m.rules;
  return prune({
    ...marketRow(m),
    venue: m.venue,
    eventId: m.eventId,
    question: m.question === m.title ? null : m.question,
    yesLabel: m.yesLabel,
    noLabel: m.noLabel,
    openTime: m.openTime,
    expectedResolutionTime: m.expectedResolutionTime,
    result: m.result,
    volume24h: m.volume24h,
    openInterest: m.openInterest,
    volumeNotional: m.volumeNotional,
    tickSize: m.tickSize,
    minOrderSize: m.minOrderSize,
    rules,
    url: m.url,
    tags: m.tags,
    updatedAt: m.updatedAt,
  });
}

/** `get_orderbook`: levels as `[price, size]` in YES terms, best first. */
export function bookView(b: OrderBook): Compact {
  return prune({
    marketId: b.marketId,
    bids: b.bids,
    asks: b.asks,
    seq: b.seq,
    source: b.source,
    receivedAt: b.receivedAt,
    venueTimestamp: b.venueTimestamp,
    maxAgeMs: b.maxAgeMs,
  });
}

/** One opportunity of `list_arbitrage`: legs with what to send, after-fee figures, why it is (not) actionable. */
export function opportunityView(o: Opportunity): Compact {
  return prune({
    id: o.id,
    kind: o.kind,
    relation: o.relation,
    direction: o.direction,
    legs: o.legs.map((l) =>
      prune({ market: l.market, outcome: l.outcome, price: l.price, limitPrice: l.limitPrice, size: l.size, fee: l.fee, feeEstimated: l.feeEstimated || null, quoteAgeMs: l.quoteAge }),
    ),
    size: o.size,
    cost: o.cost,
    profit: o.profit,
    edge: o.edge,
    roi: o.roi,
    apr: o.apr,
    resolvesAt: o.resolvesAt,
    confidence: o.confidence,
    actionable: o.actionable,
    blockers: o.blockers,
    flags: o.flags,
    quoteAgeMs: o.quoteAge,
    currency: o.currency,
  });
}

/** A pair as the matcher sees it (`compare_markets`, and the candidates of `list_arbitrage`). */
export function matchView(m: MatchRecord & { recorded?: boolean }): Compact {
  return prune({
    a: m.a,
    b: m.b,
    relation: m.relation,
    confidence: m.confidence,
    narrower: m.narrower === null ? null : m[m.narrower],
    reasons: m.reasons,
    differences: m.differences.map((d) => prune({ field: d.field, a: d.a, b: d.b, critical: d.critical, note: d.note })),
    tradable: m.tradable,
    recorded: m.recorded,
    decidedBy: m.decidedBy,
    override: m.override ? prune({ ...m.override }) : null,
  });
}
