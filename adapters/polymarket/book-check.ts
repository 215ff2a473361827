import { createHash } from 'node:crypto';
import { Decimal } from '../../src/core/index.js';
import type { LocalBook } from '../../src/venue/index.js';
import type { WireLevel } from './wire-clob.js';

/**
 * Consistency checks of a streamed book against what Polymarket says it should be.
 *
 * `hash` on `book` and `price_change` events is the SHA-1 of the token's `GET /book` summary at
 * that instant, serialized with `hash: ""` in the server's key order (§4.2). `WireBookMirror`
 * keeps the YES book in wire form (level strings as sent, the summary's other fields and key order
 * from the last snapshot) so that the hash can be recomputed after every change. Whether a venue's
 * hashes are checkable this way is learned at run time: a snapshot must first verify.
 */

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
