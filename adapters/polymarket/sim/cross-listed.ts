/**
 * The Polymarket simulator's listings of the shared propositions (src/sim/cross-listed.ts), worded
 * as Polymarket words its markets: one question per single-market event, and a description that
 * states the resolution rule. Their books are stated level by level: the Fed market at 4.25% here
 * is dearer than elsewhere (a real cross-venue opportunity in the demo), the Bitcoin market agrees
 * with the other venue's, and two near-misses (another threshold, another date) sit beside them.
 */
import { SHARED_PROPOSITIONS, listingLevels, type ListingBook, type SeedLevel, type SharedProposition } from '../../../src/sim/index.js';

export interface CrossListing {
  question: string;
  description: string;
  category: string;
  endDate: string;
  /** Top bid (YES micro-dollars). */
  mid: number;
  levels: SeedLevel[];
}

function longDay(iso: string): string {
  return new Date(iso).toLocaleString('en-US', { month: 'long', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
}

function fed(p: SharedProposition, book: ListingBook) {
  const question = `Fed upper bound above ${p.threshold}% after the ${longDay(p.decidedAt)} meeting?`;
  const description =
    `This market will resolve to "Yes" if the upper bound of the target federal funds range is above ${p.threshold}% following the ` +
    `Federal Reserve's FOMC meeting on ${longDay(p.decidedAt)}. Otherwise, this market will resolve to "No". ` +
    'The resolution source is the FOMC statement published after the meeting.';
  return { p, question, description, book };
}

function bitcoin(p: SharedProposition, book: ListingBook) {
  const question = `Will Bitcoin be $120,000 or above on ${longDay(p.decidedAt)} at 5PM ET?`;
  const description =
    `This market will resolve to "Yes" if the price of Bitcoin is $120,000 or above on ${longDay(p.decidedAt)} at 5PM ET. ` +
    'Otherwise, this market will resolve to "No".';
  return { p, question, description, book };
}

const LISTINGS = [
  fed(SHARED_PROPOSITIONS.fedJun425, { bids: [['0.60', '60'], ['0.58', '200'], ['0.50', '300']], asks: [['0.63', '100'], ['0.65', '200']] }),
  fed(SHARED_PROPOSITIONS.fedJun450, { bids: [['0.30', '100']], asks: [['0.33', '100']] }),
  bitcoin(SHARED_PROPOSITIONS.btcMar120k, { bids: [['0.41', '100']], asks: [['0.44', '100']] }),
  bitcoin(SHARED_PROPOSITIONS.btcApr120k, { bids: [['0.45', '100']], asks: [['0.48', '100']] }),
];

export function crossListedListings(): CrossListing[] {
  return LISTINGS.map(({ p, question, description, book }) => {
    const levels = listingLevels(book);
    return { question, description, category: p.category, endDate: p.decidedAt, mid: levels.find((l) => l.side === 'buy')?.price ?? 500_000, levels };
  });
}
