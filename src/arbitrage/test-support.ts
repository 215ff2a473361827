import { Decimal, VENUE_IDS, type Market, type OrderBook, type VenueId } from '../core/index.js';
import type { FeeQuote, FeeQuoter } from '../venue/fees.js';

/**
 * Builders shared by the arbitrage tests and benchmarks. Venues are taken from the core list by
 * position: arbitrage code never depends on which venue is which.
 */

export const [V0, V1, V2, V3] = VENUE_IDS as unknown as [VenueId, VenueId, VenueId, VenueId];

export const T0 = Date.parse('2026-07-01T12:00:00Z');

export function market(id: string, over: Partial<Market> = {}): Market {
  const venue = (over.venue ?? (id.split(':')[0] as VenueId)) as VenueId;
  return {
    id,
    venue,
    nativeId: id.split(':').slice(1).join(':') || id,
    eventId: null,
    title: id,
    question: id,
    yesLabel: 'Yes',
    noLabel: 'No',
    status: 'open',
    openTime: null,
    closeTime: '2027-07-01T12:00:00.000Z',
    expectedResolutionTime: '2027-07-01T12:00:00.000Z',
    result: null,
    currency: 'USD',
    realMoney: true,
    bestBid: null,
    bestAsk: null,
    lastPrice: null,
    volume: null,
    volume24h: null,
    volumeNotional: null,
    volume24hNotional: null,
    openInterest: null,
    tickSize: '0.01',
    tickRanges: [{ start: '0', end: '1', step: '0.01' }],
    minOrderSize: '0.01',
    rules: null,
    url: null,
    category: null,
    tags: [],
    extra: {},
    updatedAt: '2026-07-01T00:00:00.000Z',
    ...over,
  };
}

export function book(marketId: string, bids: [string, string][], asks: [string, string][], receivedAt = T0): OrderBook {
  return {
    marketId,
    venue: marketId.split(':')[0] as VenueId,
    bids,
    asks,
    seq: null,
    venueTimestamp: null,
    receivedAt: new Date(receivedAt).toISOString(),
    source: 'stream',
  };
}

/**
 * A quadratic taker fee `rate · C · p · (1 − p)` summed over the fills and rounded once per order
 * (`ceil` to `places`), the shape of a per-order venue schedule.
 */
export function quadraticPerOrder(rate: string, places = 2): FeeQuoter {
  return (input) => {
    let raw = Decimal.ZERO;
    for (const [p, c] of input.fills) {
      const price = Decimal.parse(p);
      raw = raw.add(Decimal.parse(rate).mul(c).mul(price).mul(Decimal.ONE.sub(price)));
    }
    return quote(raw.round(places, 'ceil'), input.market.currency, `quadratic ${rate}, ceiled per order`);
  };
}

/** The same formula rounded down per fill (`floor` to `places`), the shape of a per-match schedule. */
export function quadraticPerFill(rate: string, places = 5): FeeQuoter {
  return (input) => {
    let total = Decimal.ZERO;
    for (const [p, c] of input.fills) {
      const price = Decimal.parse(p);
      total = total.add(Decimal.parse(rate).mul(c).mul(price).mul(Decimal.ONE.sub(price)).round(places, 'floor'));
    }
    return quote(total, input.market.currency, `quadratic ${rate}, floored per fill`);
  };
}

export const freeQuoter: FeeQuoter = (input) => quote(Decimal.ZERO, input.market.currency, 'no fee');

function quote(fee: Decimal, currency: FeeQuote['currency'], basis: string): FeeQuote {
  return { fee: fee.normalize().toString(), currency, estimated: false, basis };
}
