import { createHash } from 'node:crypto';
import { Decimal } from '../../src/core/index.js';
import type { LocalBook } from '../../src/venue/index.js';
import type { WireLevel } from './wire-clob.js';

/**
 * Consistency checks of a streamed book against what Polymarket says it should be.
 *
 * `hash` on `book` and `price_change` events is the SHA-1 of the token's `GET /book` summary, the
 * REST shape with its key order (`market, asset_id, timestamp, hash, bids, asks, min_order_size,
 * tick_size, neg_risk, last_trade_price`), `hash` set to `""` and `last_trade_price` written with 3
 * decimals as the book writes it (docs/venues/polymarket.md §4.2, §7.1; reproduced on every
 * recorded `book`, REST and WebSocket, and on the recorded `price_change`). The WebSocket `book`
 * event leaves out `min_order_size` and `neg_risk`, so the summary is rebuilt from the event and
 * the market's own facts (`restSummaryOf`); hashing the event as received never matches. A
 * `price_change` hash is that summary after the change, stamped with the event's timestamp.
 * `WireBookMirror` keeps the YES book in wire form (level strings as sent) and the summary's other
 * fields, so the hash can be recomputed after every change. A market's hashes are trusted only
 * once one of its snapshots verified.
 */

/** The REST summary's keys, in the server's order (docs/venues/polymarket.md §4.2). */
export const REST_SUMMARY_KEYS = ['market', 'asset_id', 'timestamp', 'hash', 'bids', 'asks', 'min_order_size', 'tick_size', 'neg_risk', 'last_trade_price'] as const;

/** A last trade price as the book writes it: at least 3 decimals (`"0.44"` → `"0.440"`). */
export function bookLastTradePrice(price: string): string {
  const d = Decimal.tryParse(price.startsWith('.') ? `0${price}` : price);
  if (!d) return price;
  const n = d.normalize();
  return n.scale >= 3 ? n.toString() : n.toFixed(3);
}

/**
 * The REST-shaped summary a WebSocket `book` event stands for: the event's own fields, plus
 * `min_order_size` and `neg_risk` (absent from the event) from the market.
 */
export function restSummaryOf(event: Record<string, unknown>, market: { minOrderSize: string; negRisk: boolean }): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of REST_SUMMARY_KEYS) {
    if (key in event) out[key] = event[key];
    else if (key === 'min_order_size') out[key] = market.minOrderSize;
    else if (key === 'neg_risk') out[key] = market.negRisk;
  }
  return out;
}

export class WireBookMirror {
  private readonly bids = new Map<string, WireLevel>();
  private readonly asks = new Map<string, WireLevel>();
  /** The last snapshot's summary fields, in order (bids/asks/hash/timestamp are placeholders). */
  private template: [string, unknown][] | null = null;

  private static key(price: string): string {
    return Decimal.parse(price.startsWith('.') ? `0${price}` : price).normalize().toString();
  }

  /** Resets from a snapshot (a REST summary, or a WS `book` without `event_type`). */
  reset(summary: Record<string, unknown>, bids: WireLevel[], asks: WireLevel[]): void {
    this.bids.clear();
    this.asks.clear();
    for (const l of bids) this.bids.set(WireBookMirror.key(l.price), { price: l.price, size: l.size });
    for (const l of asks) this.asks.set(WireBookMirror.key(l.price), { price: l.price, size: l.size });
    this.template = Object.entries(summary);
  }

  set(side: 'bid' | 'ask', price: string, size: string): void {
    const map = side === 'bid' ? this.bids : this.asks;
    const k = WireBookMirror.key(price);
    if (Decimal.parse(size.startsWith('.') ? `0${size}` : size).isZero()) map.delete(k);
    else map.set(k, { price, size });
  }

  /** Updates a summary field (`tick_size` after `tick_size_change`). */
  setField(name: string, value: unknown): void {
    if (!this.template) return;
    const entry = this.template.find(([k]) => k === name);
    if (entry) entry[1] = value;
  }

  /** Records a trade's price the way the book writes it (`last_trade_price`, 3 decimals). */
  setLastTrade(price: string): void {
    this.setField('last_trade_price', bookLastTradePrice(price));
  }

  /** The venue's hash of this book at `timestamp`, or null before any snapshot. */
  hash(timestamp: string | null): string | null {
    if (!this.template) return null;
    const sorted = (map: Map<string, WireLevel>, ascending: boolean) =>
      [...map.entries()].sort((a, b) => (ascending ? 1 : -1) * Decimal.parse(a[0]).cmp(b[0])).map(([, l]) => ({ price: l.price, size: l.size }));
    const obj: Record<string, unknown> = {};
    for (const [k, v] of this.template) {
      if (k === 'hash') obj[k] = '';
      else if (k === 'timestamp') obj[k] = timestamp ?? v;
      else if (k === 'bids') obj[k] = sorted(this.bids, true);
      else if (k === 'asks') obj[k] = sorted(this.asks, false);
      else obj[k] = v;
    }
    return createHash('sha1').update(JSON.stringify(obj)).digest('hex');
  }
}

/**
 * Why a local book disagrees with the venue's `best_bid`/`best_ask` after a change, or null.
 * An empty side is written as `""` (null here), a `"0"` bid or a `"1"` ask. A crossed book is
 * always a disagreement.
 */
export function topDisagreement(book: LocalBook, bestBid: string | null | undefined, bestAsk: string | null | undefined): string | null {
  if (book.isCrossed()) return 'crossed book';
  const agrees = (venue: string | null | undefined, empty: string, local: string | null): boolean => {
    if (venue === undefined) return true;
    const v = venue === null || Decimal.parse(venue).eq(empty) ? null : Decimal.parse(venue);
    return v === null ? local === null : local !== null && v.eq(local);
  };
  const bid = book.best('bid')?.price ?? null;
  const ask = book.best('ask')?.price ?? null;
  if (!agrees(bestBid, '0', bid)) return `best bid ${bid ?? 'none'} differs from the venue's ${bestBid ?? 'none'}`;
  if (!agrees(bestAsk, '1', ask)) return `best ask ${ask ?? 'none'} differs from the venue's ${bestAsk ?? 'none'}`;
  return null;
}
