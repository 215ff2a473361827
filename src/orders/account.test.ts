import { describe, expect, it } from 'vitest';
import type { CatalogReader } from '../catalog/types.js';
import { gridBounds, type Market, type Position } from '../core/index.js';
import { makeMarket } from '../../test/support/memory-adapter.js';
import { TAPERED } from '../../test/support/trading-fixture.js';
import { isRealMoney, markPosition } from './account.js';

function catalogOf(markets: Market[]): CatalogReader {
  return {
    queryMarkets: (q) => ({ data: markets.filter((m) => q.venues.includes(m.venue)), nextCursor: null }),
    queryEvents: () => ({ data: [], nextCursor: null, total: 0 }),
    getMarket: (id) => markets.find((m) => m.id === id),
    getEvent: () => undefined,
    status: () => undefined,
    statuses: () => [],
    isReady: () => true,
  };
}

const position = (overrides: Partial<Position>): Position => ({
  venue: 'kalshi',
  marketId: 'kalshi:K1',
  outcome: 'yes',
  size: '10',
  averagePrice: '0.4',
  realizedPnl: null,
  currency: 'USD',
  ...overrides,
});

describe('positions are marked from the catalog', () => {
  const catalog = catalogOf([
    makeMarket('kalshi', 'K1', { bestBid: '0.41', bestAsk: '0.44' }),
    makeMarket('kalshi', 'K2', { bestBid: null, bestAsk: '0.5', lastPrice: '0.47' }),
    makeMarket('kalshi', 'K3', { bestBid: null, bestAsk: null, lastPrice: null }),
  ]);

  it('YES at the mid of the best bid and ask; NO at one minus it', () => {
    expect(markPosition(position({}), catalog)).toMatchObject({ mark: '0.425', marketValue: '4.25', unrealizedPnl: '0.25' });
    expect(markPosition(position({ outcome: 'no', averagePrice: '0.6' }), catalog)).toMatchObject({ mark: '0.575', marketValue: '5.75', unrealizedPnl: '-0.25' });
  });

  it('falls back to the last price, then to no mark; no average price means no PnL', () => {
    expect(markPosition(position({ marketId: 'kalshi:K2', averagePrice: null }), catalog)).toMatchObject({ mark: '0.47', marketValue: '4.7', unrealizedPnl: null });
    expect(markPosition(position({ marketId: 'kalshi:K3' }), catalog)).toMatchObject({ mark: null, marketValue: null, unrealizedPnl: null });
    expect(markPosition(position({ marketId: 'kalshi:GONE' }), catalog).mark).toBeNull();
  });

  it('real money follows the venue’s markets in that currency', () => {
    const cat = catalogOf([makeMarket('manifold', 'M1', { currency: 'MANA', realMoney: false }), makeMarket('kalshi', 'K1')]);
    expect(isRealMoney({ venue: 'manifold', currency: 'MANA', available: '1', total: '1' }, cat)).toBe(false);
    expect(isRealMoney({ venue: 'kalshi', currency: 'USD', available: '1', total: '1' }, cat)).toBe(true);
  });
});

describe('grid bounds', () => {
  it('are one step inside 0 and 1, with the step of the band at each edge', () => {
    const tapered = gridBounds({ tickSize: '0.001', tickRanges: TAPERED });
    expect([tapered.low.toString(), tapered.high.toString()]).toEqual(['0.001', '0.999']);
    const cents = gridBounds({ tickSize: '0.01', tickRanges: [] });
    expect([cents.low.toString(), cents.high.toString()]).toEqual(['0.01', '0.99']);
  });
});
