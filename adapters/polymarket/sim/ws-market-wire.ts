/**
 * Market-channel event builders (docs/venues/polymarket.md §7.1): `book`, `price_change` in the
 * `price_changes[]` format (both tokens of the market: a YES bid level at p is a NO ask level at
 * 1 − p), `last_trade_price`, `best_bid_ask`, `tick_size_change`, `market_resolved`. Every
 * `hash` is the SHA-1 of the token's `GET /book` summary at that instant (see `bookSummary`).
 */
import { PRICE_SCALE, type EngineFill, type LevelChange } from '../../../src/sim/index.js';
import { bestOf, bookSummary, tokenIdOf, type MarketBook, type Outcome } from './books.js';
import { fmt } from './format.js';
import type { SimMarket } from './generate.js';

export interface PriceChangeEntry {
  asset_id: string;
  price: string;
  size: string;
  side: 'BUY' | 'SELL';
  hash: string;
  best_bid: string;
  best_ask: string;
}

/**
 * A `book` event as the venue sends it (recorded in `ws-book.json`): the REST summary's fields
 * without `min_order_size` and `neg_risk`, `event_type` between `tick_size` and `last_trade_price`,
 * and the REST summary's hash (docs/venues/polymarket.md §7.1).
 */
export function bookEvent(mb: MarketBook, outcome: Outcome, ts: number): Record<string, unknown> {
  const s = bookSummary(mb, outcome, ts);
  return {
    market: s.market,
    asset_id: s.asset_id,
    timestamp: s.timestamp,
    hash: s.hash,
    bids: s.bids,
    asks: s.asks,
    tick_size: s.tick_size,
    event_type: 'book',
    last_trade_price: s.last_trade_price,
  };
}

/** Collapses a batch of level changes to the final size of each touched YES level. */
function finalLevels(changes: LevelChange[]): Map<string, { side: 'bid' | 'ask'; price: number; size: number }> {
  const out = new Map<string, { side: 'bid' | 'ask'; price: number; size: number }>();
  for (const c of changes) out.set(`${c.side}:${c.price}`, { side: c.side, price: c.price, size: c.size });
  return out;
}

export function priceChangeEvent(mb: MarketBook, changes: LevelChange[], ts: number): { event_type: 'price_change'; market: string; price_changes: PriceChangeEntry[]; timestamp: string } | undefined {
  const levels = finalLevels(changes);
  if (levels.size === 0) return undefined;
  const meta = (['yes', 'no'] as const).map((o) => {
    const best = bestOf(mb, o);
    return {
      outcome: o,
      hash: bookSummary(mb, o, ts).hash,
      best_bid: best.bid === undefined ? '' : fmt(best.bid),
      best_ask: best.ask === undefined ? '' : fmt(best.ask),
    };
  });
  const entries: PriceChangeEntry[] = [];
  for (const level of levels.values()) {
    for (const m of meta) {
      const price = m.outcome === 'yes' ? level.price : PRICE_SCALE - level.price;
      const bidSide = (level.side === 'bid') === (m.outcome === 'yes');
      entries.push({
        asset_id: tokenIdOf(mb.market, m.outcome),
        price: fmt(price),
        size: fmt(level.size),
        side: bidSide ? 'BUY' : 'SELL',
        hash: m.hash,
        best_bid: m.best_bid,
        best_ask: m.best_ask,
      });
    }
  }
  return { event_type: 'price_change', market: mb.market.conditionId, price_changes: entries, timestamp: String(ts) };
}

/**
 * One `last_trade_price` per token for a fill (taker side in each token's terms), with the
 * trade's `transaction_hash` as the recorded events carry it (`ws-last-trade-price.ndjson`).
 */
export function lastTradeEvents(mb: MarketBook, fill: EngineFill, trade: { txHash: string; feeRateBps: string }, ts: number): Record<string, unknown>[] {
  const takerBuysYes = (fill.taker.side === 'buy') === (fill.taker.outcome === 'yes');
  return (['yes', 'no'] as const).map((o) => ({
    event_type: 'last_trade_price',
    asset_id: tokenIdOf(mb.market, o),
    market: mb.market.conditionId,
    price: fmt(o === 'yes' ? fill.price : PRICE_SCALE - fill.price),
    size: fmt(fill.size),
    side: (o === 'yes') === takerBuysYes ? 'BUY' : 'SELL',
    fee_rate_bps: trade.feeRateBps,
    timestamp: String(ts),
    transaction_hash: trade.txHash,
  }));
}

export function bestBidAskEvent(mb: MarketBook, outcome: Outcome, ts: number): Record<string, unknown> {
  const { bid, ask } = bestOf(mb, outcome);
  return {
    event_type: 'best_bid_ask',
    market: mb.market.conditionId,
    asset_id: tokenIdOf(mb.market, outcome),
    best_bid: bid === undefined ? '' : fmt(bid),
    best_ask: ask === undefined ? '' : fmt(ask),
    spread: bid === undefined || ask === undefined ? '' : fmt(ask - bid),
    timestamp: String(ts),
  };
}

export function tickSizeEvent(mb: MarketBook, outcome: Outcome, oldTick: string, newTick: string, ts: number): Record<string, unknown> {
  return {
    event_type: 'tick_size_change',
    asset_id: tokenIdOf(mb.market, outcome),
    market: mb.market.conditionId,
    old_tick_size: oldTick,
    new_tick_size: newTick,
    timestamp: String(ts),
  };
}

export function marketResolvedEvent(market: SimMarket, winner: Outcome, ts: number): Record<string, unknown> {
  return {
    event_type: 'market_resolved',
    id: market.id,
    market: market.conditionId,
    assets_ids: [market.yesTokenId, market.noTokenId],
    winning_asset_id: winner === 'yes' ? market.yesTokenId : market.noTokenId,
    winning_outcome: winner === 'yes' ? 'Yes' : 'No',
    timestamp: String(ts),
    tags: [market.category],
  };
}
