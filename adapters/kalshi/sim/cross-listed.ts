/**
 * The Kalshi simulator's listings of the shared propositions (src/sim/cross-listed.ts), worded as
 * Kalshi words its markets: an event title, a market title, the outcome as `yes_sub_title`, strike
 * fields, and rules that name the deciding moment. Their books are stated level by level, so that
 * the demo shows a real cross-venue opportunity (the Fed market here is cheaper than elsewhere) and
 * a pair with none (the Bitcoin market).
 */
import { SHARED_PROPOSITIONS, listingLevels, type ListingBook, type SharedProposition } from '../../../src/sim/index.js';
import { PRICE_STRUCTURES } from './grid.js';
import type { SimEvent, SimMarket } from './model.js';
import type { Generated } from './generate.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

interface Listing {
  proposition: SharedProposition;
  series: string;
  eventTitle: string;
  title: string;
  yesSub: string;
  rules: string;
  book: ListingBook;
}

function day(iso: string): string {
  return new Date(iso).toLocaleString('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
}

const fed = SHARED_PROPOSITIONS.fedJun425;
const btc = SHARED_PROPOSITIONS.btcMar120k;

export const KALSHI_CROSS_LISTED: readonly Listing[] = [
  {
    proposition: fed,
    series: 'KXFED',
    eventTitle: `Fed funds rate upper bound after the ${day(fed.decidedAt)} meeting`,
    title: `Will the upper bound of the federal funds rate be above ${fed.threshold}% after the ${day(fed.decidedAt)} Fed meeting?`,
    yesSub: `Above ${fed.threshold}%`,
    rules: `If the upper bound of the federal funds target range is above ${fed.threshold}% following the FOMC meeting on ${day(fed.decidedAt)}, as published in the FOMC statement, then the market resolves to Yes.`,
    book: { bids: [['0.47', '100'], ['0.45', '200']], asks: [['0.50', '100'], ['0.52', '150'], ['0.62', '200']] },
  },
  {
    proposition: btc,
    series: 'KXBTCD',
    eventTitle: `Bitcoin price on ${day(btc.decidedAt)} at 5pm EDT?`,
    title: `Bitcoin price on ${day(btc.decidedAt)} at 5pm EDT?`,
    yesSub: '$120,000 or above',
    rules: `If the price of Bitcoin is $120,000 or above on ${day(btc.decidedAt)} at 5pm EDT, then the market resolves to Yes.`,
    book: { bids: [['0.40', '100'], ['0.39', '100']], asks: [['0.43', '100'], ['0.44', '100']] },
  },
];

function tickerDate(iso: string): string {
  const d = new Date(iso);
  return `${String(d.getUTCFullYear() % 100).padStart(2, '0')}${MONTHS[d.getUTCMonth()]}${String(d.getUTCDate()).padStart(2, '0')}`;
}

/** Appends the cross-listed events and markets after the generated ones (open, on the cent grid). */
export function appendCrossListed(g: Generated, nowMs: number): void {
  for (const l of KALSHI_CROSS_LISTED) {
    const closeMs = Date.parse(l.proposition.decidedAt);
    const eventTicker = `${l.series}-${tickerDate(l.proposition.decidedAt)}`;
    const ticker = `${eventTicker}-T${l.proposition.threshold}`;
    const levels = listingLevels(l.book);
    const mid = levels.find((x) => x.side === 'buy')?.price ?? 500_000;
    const ev: SimEvent = {
      ticker: eventTicker, seriesTicker: l.series, title: l.eventTitle, subTitle: `On ${day(l.proposition.decidedAt)}`,
      category: l.proposition.category, mutuallyExclusive: false, collateralReturnType: '', strikeDateMs: closeMs,
      isMve: false, updatedMs: nowMs - DAY, markets: [ticker],
    };
    const m: SimMarket = {
      ticker, marketId: `00000000-0000-4000-8000-${String(g.markets.length).padStart(12, '0')}`, eventTicker, seriesTicker: l.series,
      index: g.markets.length, title: l.title, yesSubTitle: l.yesSub, noSubTitle: l.yesSub, rulesPrimary: l.rules,
      status: 'active', createdMs: nowMs - 30 * DAY, updatedMs: nowMs - DAY, openMs: nowMs - 30 * DAY, closeMs,
      expectedExpirationMs: closeMs + 3 * HOUR, latestExpirationMs: closeMs + 7 * DAY, settlementTimerSeconds: 300, canCloseEarly: false,
      structure: 'linear_cent', ranges: PRICE_STRUCTURES['linear_cent'] ?? [], strikeType: 'greater', floorStrike: Number(l.proposition.threshold),
      result: '', initialMid: mid, lastPrice: mid, previousPrice: mid,
      volume: 0, volume24h: 0, openInterest: 0, seedBook: levels,
    };
    g.events.push(ev);
    g.markets.push(m);
  }
}
