import { Decimal, canonical, formatId, type Level, type Market, type OrderBook } from '../../src/core/index.js';
import { createMemoryAdapter, makeEvent, makeMarket } from '../support/memory-adapter.js';
import { describeAdapterContract } from './adapter-contract.js';

/**
 * The shared adapter contract against the in-memory test double the service tests use, so that
 * what those tests rely on behaves like a venue adapter.
 */

const VENUE = 'opinion' as const;
const TAPERED = [
  { start: '0', end: '0.1', step: '0.001' },
  { start: '0.1', end: '0.9', step: '0.01' },
  { start: '0.9', end: '1', step: '0.001' },
];

function markets(): Market[] {
  const out: Market[] = [];
  for (let i = 0; i < 8; i++) {
    const status = i === 6 ? 'closed' : i === 7 ? 'upcoming' : 'open';
    const tapered = i === 2;
    out.push(
      makeMarket(VENUE, `M${i}`, {
        eventId: formatId(VENUE, i < 4 ? 'E1' : 'E2'),
        status,
        currency: 'USDT',
        bestBid: status === 'open' ? '0.4' : null,
        bestAsk: status === 'open' ? '0.45' : null,
        lastPrice: '0.42',
        volume: String(100 * (i + 1)),
        volumeNotional: String(42 * (i + 1)),
        tickSize: tapered ? '0.001' : '0.01',
        tickRanges: tapered ? TAPERED : [{ start: '0', end: '1', step: '0.01' }],
        minOrderSize: '1',
        updatedAt: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(),
      }),
    );
  }
  return out;
}

function book(marketId: string, bids: Level[], asks: Level[]): OrderBook {
  return { marketId, venue: VENUE, bids, asks, seq: null, venueTimestamp: null, receivedAt: new Date().toISOString(), source: 'rest' };
}

describeAdapterContract('memory test double', { trading: true, faults: false }, async () => {
  const all = markets();
  const open = all.filter((m) => m.status === 'open');
  const books = Object.fromEntries(
    open.map((m) => [
      m.id,
      book(
        m.id,
        [['0.4', '10'], ['0.39', '25'], ['0.3', '5']],
        [['0.45', '8'], ['0.46', '20'], ['0.6', '3']],
      ),
    ]),
  );
  const adapter = createMemoryAdapter({
    venue: VENUE,
    markets: all,
    events: [
      makeEvent(VENUE, 'E1', { marketIds: all.slice(0, 4).map((m) => m.id) }),
      makeEvent(VENUE, 'E2', { marketIds: all.slice(4).map((m) => m.id) }),
    ],
    books,
    balances: [{ venue: VENUE, currency: 'USDT', available: '1000', total: '1000' }],
  });
  let ticks = 0;
  const trading = open[0] as Market;
  return {
    adapter,
    /** Someone else trades one contract at the best ask, and the market maker re-quotes a bigger bid. */
    activity: (nativeId) => {
      const id = formatId(VENUE, nativeId);
      ticks += 1;
      adapter.recordTrade({ id: `ext-${ticks}`, marketId: id, venue: VENUE, price: '0.45', size: '1', takerSide: 'buy', timestamp: new Date().toISOString() });
      const base = books[id] as OrderBook;
      const bidSize = canonical(Decimal.parse('10').add(String(ticks)));
      adapter.setBook({ ...base, bids: [['0.4', bidSize], ...base.bids.slice(1)], receivedAt: new Date().toISOString() });
    },
    trading: {
      marketNativeId: trading.nativeId,
      buyPrice: '0.01',
      size: '1',
      ordersAtVenue: () => [...adapter.orders.values()].filter((o) => o.marketId === trading.id).length,
    },
    teardown: () => adapter.close(),
  };
});
