import { PRICE_SCALE, SIZE_SCALE } from './units.js';
import type { SeedLevel } from './bots.js';

/**
 * Propositions that several simulated venues list, so that the demo has real cross-venue pairs:
 * the same proposition worded the way each venue words it, next to near-misses (another
 * threshold, another date). Only the venue-neutral facts live here; each venue's simulator picks
 * the propositions it lists, words them, and states its book (`adapters/<venue>/sim/cross-listed.ts`).
 * Dates are fixed instants, so the listings are the same on every run.
 */
export interface SharedProposition {
  key: string;
  category: 'Economics' | 'Crypto';
  /** What is measured. */
  measure: 'fed-upper-bound' | 'bitcoin-price' | 'cpi-yoy';
  /** Decimal text of the threshold: YES when the measure is above it. */
  threshold: string;
  /** When the outcome is known (ISO-8601, UTC). */
  decidedAt: string;
}

export const SHARED_PROPOSITIONS = {
  fedJun425: { key: 'fed-2027-06-4.25', category: 'Economics', measure: 'fed-upper-bound', threshold: '4.25', decidedAt: '2027-06-16T18:00:00.000Z' },
  fedJun450: { key: 'fed-2027-06-4.50', category: 'Economics', measure: 'fed-upper-bound', threshold: '4.50', decidedAt: '2027-06-16T18:00:00.000Z' },
  btcMar120k: { key: 'btc-2027-03-31-120000', category: 'Crypto', measure: 'bitcoin-price', threshold: '120000', decidedAt: '2027-03-31T21:00:00.000Z' },
  btcApr120k: { key: 'btc-2027-04-07-120000', category: 'Crypto', measure: 'bitcoin-price', threshold: '120000', decidedAt: '2027-04-07T21:00:00.000Z' },
} as const satisfies Record<string, SharedProposition>;

/**
 * A listing's book in YES terms, best first: `[price, contracts]` as decimal text. Levels are
 * stated rather than drawn so that what the demo shows (and the end-to-end test expects) is exact.
 */
export interface ListingBook {
  bids: readonly (readonly [string, string])[];
  asks: readonly (readonly [string, string])[];
}

function units(text: string, scale: number): number {
  const [whole, frac = ''] = text.split('.');
  const digits = String(scale).length - 1;
  return Number(whole) * scale + Number(frac.padEnd(digits, '0').slice(0, digits));
}

/** The levels of a listing's book as the matching engine takes them (micro-units). */
export function listingLevels(book: ListingBook): SeedLevel[] {
  return [
    ...book.bids.map(([p, s]) => ({ side: 'buy' as const, price: units(p, PRICE_SCALE), size: units(s, SIZE_SCALE) })),
    ...book.asks.map(([p, s]) => ({ side: 'sell' as const, price: units(p, PRICE_SCALE), size: units(s, SIZE_SCALE) })),
  ];
}

/** The month and year of an instant in UTC, e.g. "June 2027". */
export function monthYear(iso: string): string {
  return new Date(iso).toLocaleString('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' });
}
