/**
 * Quotes of listed markets from the live books: when the book service holds a fresh book of a
 * market, its best bid and ask replace the catalog's (which are as old as the last catalog walk),
 * and `quotedAt` says how old they are: now for a streamed book (the stream keeps it current),
 * the time of the last poll for a polled one.
 */
import type { Market, OrderBook } from '../core/index.js';

export interface LiveBooks {
  live(marketId: string, depth?: number): OrderBook | undefined;
}

/** The last overlay per catalog object, reused while the quotes are the same (page bodies are cached by identity). */
const overlays = new WeakMap<Market, { key: string; market: Market }>();

export function withLiveQuotes(market: Market, books: LiveBooks | undefined, now: () => number = Date.now): Market {
  if (!books || market.status !== 'open') return market;
  const book = books.live(market.id, 1);
  if (!book) return market;
  const bestBid = book.bids[0]?.[0] ?? null;
  const bestAsk = book.asks[0]?.[0] ?? null;
  const quotedAt = book.source === 'stream' ? new Date(now()).toISOString() : book.receivedAt;
  const key = `${bestBid}|${bestAsk}|${quotedAt}`;
  const last = overlays.get(market);
  if (last?.key === key) return last.market;
  const overlaid: Market = { ...market, bestBid, bestAsk, quotedAt };
  overlays.set(market, { key, market: overlaid });
  return overlaid;
}
