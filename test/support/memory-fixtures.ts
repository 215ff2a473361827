/** Valid normalized markets and events with sensible defaults, for tests. */
import { formatId, type Event, type Market, type VenueId } from '../../src/core/index.js';

/** A valid normalized market with sensible defaults; override any field. */
export function makeMarket(venue: VenueId, nativeId: string, overrides: Partial<Market> = {}): Market {
  const now = '2026-01-01T00:00:00.000Z';
  return {
    id: formatId(venue, nativeId),
    venue,
    nativeId,
    eventId: null,
    title: `Market ${nativeId}`,
    question: `Will ${nativeId} happen?`,
    yesLabel: 'Yes',
    noLabel: 'No',
    status: 'open',
    openTime: now,
    // Far ahead: a market past its close time is served as closed.
    closeTime: '2099-01-01T00:00:00.000Z',
    expectedResolutionTime: null,
    result: null,
    currency: venue === 'manifold' ? 'MANA' : venue === 'kalshi' ? 'USD' : 'USDC',
    realMoney: venue !== 'manifold',
    bestBid: '0.41',
    bestAsk: '0.43',
    lastPrice: '0.42',
    volume: '100',
    volume24h: null,
    openInterest: null,
    volumeNotional: null,
    volume24hNotional: null,
    tickSize: '0.01',
    tickRanges: [{ start: '0', end: '1', step: '0.01' }],
    minOrderSize: '1',
    rules: null,
    url: null,
    category: null,
    tags: [],
    extra: {},
    updatedAt: now,
    ...overrides,
  };
}

/** A valid normalized event with sensible defaults; override any field. */
export function makeEvent(venue: VenueId, nativeId: string, overrides: Partial<Event> = {}): Event {
  return {
    id: formatId(venue, nativeId),
    venue,
    nativeId,
    title: `Event ${nativeId}`,
    subtitle: null,
    category: null,
    mutuallyExclusive: false,
    marketIds: [],
    // Far ahead: a market past its close time is served as closed.
    closeTime: '2099-01-01T00:00:00.000Z',
    url: null,
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}
