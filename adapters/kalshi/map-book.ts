import { Decimal, canonical } from '../../src/core/index.js';
import type { Level, OrderBook } from '../../src/core/index.js';
import type { WireLevel, WireOrderbookFp } from './wire.js';
import { VENUE, marketIdOf } from './map-util.js';

/**
 * Kalshi books list resting *bids* for each outcome (`yes_dollars`, `no_dollars`), ascending by
 * price with the best bid last (docs/venues/kalshi.md §4.4; sorted defensively here because the spec
 * prose says the opposite). In YES terms: YES bids are bids; a NO bid at p is a YES ask at 1 − p.
 */

const ONE_UNITS = 10_000n;

/** Parses a price to integer units of 1e-4 dollars (Kalshi's finest REST price scale). */
function priceUnits(text: string): bigint {
  return Decimal.parse(text).toUnits(4);
}

function priceText(units: bigint): string {
  return canonical(Decimal.fromUnits(units, 4));
}

function sizeOf(text: string): string {
  return canonical(text);
}

/** YES bids, best (highest) first; zero-size levels dropped. */
export function yesBids(levels: readonly WireLevel[] | null | undefined, depth?: number): Level[] {
  const out: [bigint, string][] = [];
  for (const [p, s] of levels ?? []) {
    if (Decimal.parse(s).isZero()) continue;
    out.push([priceUnits(p), sizeOf(s)]);
  }
  out.sort((a, b) => (a[0] > b[0] ? -1 : a[0] < b[0] ? 1 : 0));
  const top = depth !== undefined && depth > 0 ? out.slice(0, depth) : out;
  return top.map(([u, s]) => [priceText(u), s]);
}

/** NO bids → YES asks at 1 − p, best (lowest) first. */
export function yesAsksFromNoBids(levels: readonly WireLevel[] | null | undefined, depth?: number): Level[] {
  const out: [bigint, string][] = [];
  for (const [p, s] of levels ?? []) {
    if (Decimal.parse(s).isZero()) continue;
    out.push([ONE_UNITS - priceUnits(p), sizeOf(s)]);
  }
  out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const top = depth !== undefined && depth > 0 ? out.slice(0, depth) : out;
  return top.map(([u, s]) => [priceText(u), s]);
}

export function mapOrderBook(
  ticker: string,
  book: WireOrderbookFp,
  options: { depth?: number; receivedAt?: Date } = {},
): OrderBook {
  return {
    marketId: marketIdOf(ticker),
    venue: VENUE,
    bids: yesBids(book.yes_dollars, options.depth),
    asks: yesAsksFromNoBids(book.no_dollars, options.depth),
    seq: null,
    venueTimestamp: null,
    receivedAt: (options.receivedAt ?? new Date()).toISOString(),
    source: 'rest',
  };
}
