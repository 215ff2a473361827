import { createHash } from 'node:crypto';
import { Decimal, canonical, canonicalOrNull, formatId, type Level, type OrderBook, type Ticker, type Trade } from '../../src/core/index.js';
import type { BookSummary, WireLevel } from './wire-clob.js';
import { isoFromEpochMs } from './wire-common.js';
import type { DataTrade } from './wire-data.js';
import type { WsLastTradePrice } from './wire-ws.js';

/**
 * CLOB books → normalized `OrderBook`. On the wire bids ascend and asks descend (best last,
 * §4.2) and the WebSocket does not promise any order, so levels are sorted here: bids
 * descending, asks ascending. Zero-size levels are dropped. The book of a market is the book of
 * its YES token.
 */

function toLevel(l: WireLevel): [Decimal, Level] | null {
  const price = Decimal.parse(l.price);
  const size = Decimal.parse(l.size);
  if (size.isZero()) return null;
  return [price, [price.toCanonical(), size.toCanonical()]];
}

/** Sorts wire levels best-first: `bid` descending, `ask` ascending. */
export function sortLevels(levels: WireLevel[], side: 'bid' | 'ask'): Level[] {
  const parsed = levels.map(toLevel).filter((x): x is [Decimal, Level] => x !== null);
  parsed.sort((a, b) => (side === 'bid' ? b[0].cmp(a[0]) : a[0].cmp(b[0])));
  return parsed.map((x) => x[1]);
}

export interface MapBookOptions {
  depth?: number;
  seq?: number | null;
  source?: OrderBook['source'];
  now?: () => Date;
}

export function mapBookSummary(book: Pick<BookSummary, 'market' | 'bids' | 'asks' | 'timestamp'>, options: MapBookOptions = {}): OrderBook {
  let bids = sortLevels(book.bids, 'bid');
  let asks = sortLevels(book.asks, 'ask');
  if (options.depth !== undefined) {
    bids = bids.slice(0, options.depth);
    asks = asks.slice(0, options.depth);
  }
  return {
    marketId: formatId('polymarket', book.market),
    venue: 'polymarket',
    bids,
    asks,
    seq: options.seq ?? null,
    venueTimestamp: isoFromEpochMs(book.timestamp),
    receivedAt: (options.now ?? (() => new Date()))().toISOString(),
    source: options.source ?? 'rest',
  };
}

/**
 * Checks a REST book's `hash`: SHA-1 of the JSON of the summary, in the order the server sent
 * its keys, with `hash` set to `""` (how the official TS client recomputes it, §4.2; verified on
 * the recorded 2026 `/book` payloads). Returns null when not checkable (no hash). Must be given
 * the parsed-but-unvalidated object so key order and number/string forms are as sent.
 */
export function verifyBookHash(raw: unknown): boolean | null {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return null;
  const obj = raw as Record<string, unknown>;
  if (typeof obj.hash !== 'string' || obj.hash === '') return null;
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) copy[k] = k === 'hash' ? '' : v;
  const digest = createHash('sha1').update(JSON.stringify(copy)).digest('hex');
  return digest === obj.hash.replace(/^0x/, '').toLowerCase();
}

/** Best bid/ask of a best-first book, for consistency checks against `price_change`. */
export function topOf(book: { bids: Level[]; asks: Level[] }): { bestBid: string | null; bestAsk: string | null } {
  return { bestBid: book.bids[0]?.[0] ?? null, bestAsk: book.asks[0]?.[0] ?? null };
}

/** A Data API trade → normalized `Trade` in YES terms (a NO trade at q is a YES trade at 1 − q). */
export function mapPublicTrade(t: DataTrade): Trade {
  const isNo = t.outcomeIndex === 1;
  const price = Decimal.parse(t.price);
  const side = t.side.toUpperCase() === 'SELL' ? 'sell' : 'buy';
  const yesSide = isNo ? (side === 'buy' ? 'sell' : 'buy') : side;
  return {
    id: `${t.transactionHash ?? 'tx'}:${t.asset.slice(-12)}:${t.timestamp}:${t.size}`,
    marketId: formatId('polymarket', t.conditionId),
    venue: 'polymarket',
    price: canonical(isNo ? Decimal.ONE.sub(price) : price),
    size: canonical(t.size),
    takerSide: yesSide,
    timestamp: new Date((t.timestamp > 1e11 ? t.timestamp : t.timestamp * 1000)).toISOString(),
  };
}

/** A market-channel `last_trade_price` → `Trade` in YES terms (`side` is the taker's, per token). */
export function mapWsTrade(ev: WsLastTradePrice, marketId: string, outcome: 'yes' | 'no'): Trade {
  const price = Decimal.parse(ev.price);
  const raw = (ev.side ?? '').toUpperCase();
  const side = raw === 'SELL' ? 'sell' : raw === 'BUY' ? 'buy' : null;
  const yesSide = outcome === 'yes' || side === null ? side : side === 'buy' ? 'sell' : 'buy';
  return {
    id: ev.transaction_hash ? `${ev.transaction_hash}:${ev.asset_id.slice(-12)}` : `${ev.asset_id.slice(-12)}:${ev.timestamp ?? ''}:${ev.size ?? ''}`,
    marketId,
    venue: 'polymarket',
    price: canonical(outcome === 'yes' ? price : Decimal.ONE.sub(price)),
    size: ev.size ? canonical(ev.size) : '0',
    takerSide: yesSide,
    timestamp: isoFromEpochMs(ev.timestamp) ?? new Date().toISOString(),
  };
}

/** A top-of-book / last-price update (`best_bid_ask`, `market_resolved`) → `Ticker`. */
export function tickerOf(marketId: string, bestBid: string | null, bestAsk: string | null, lastPrice: string | null, ts: string | null): Ticker {
  return {
    marketId,
    venue: 'polymarket',
    bestBid: canonicalOrNull(bestBid),
    bestAsk: canonicalOrNull(bestAsk),
    lastPrice: canonicalOrNull(lastPrice),
    volume: null,
    volumeNotional: null,
    openInterest: null,
    timestamp: isoFromEpochMs(ts) ?? new Date().toISOString(),
  };
}
