/**
 * The API over two in-memory venues that trade (test/support/memory-adapter.ts), with keys of
 * every scope, for the trading route tests.
 */
import type { Logger } from 'pino';
import type { Scope, TradingLimits } from '../../src/auth/keys.js';
import type { Balance, Order, OrderBook, PlaceOrderRequest, VenueId } from '../../src/core/index.js';
import type { LimitsConfig } from '../../src/orders/limits.js';
import { buildHarness, type Harness } from '../api/harness.js';
import { createMemoryAdapter, makeMarket, type MemoryAdapter } from './memory-adapter.js';

export const TAPERED = [
  { start: '0', end: '0.1', step: '0.001' },
  { start: '0.1', end: '0.9', step: '0.01' },
  { start: '0.9', end: '1', step: '0.001' },
];

function book(venue: VenueId, nativeId: string, bids: [string, string][], asks: [string, string][]): OrderBook {
  return { marketId: `${venue}:${nativeId}`, venue, bids, asks, seq: null, venueTimestamp: null, receivedAt: '2026-01-01T00:00:00.000Z', source: 'rest' };
}

export interface TradingFixture {
  h: Harness;
  kalshi: MemoryAdapter;
  poly: MemoryAdapter;
  tokens: Record<'trade' | 'tradeKalshi' | 'read' | 'admin', string>;
  keyIds: Record<'trade' | 'tradeKalshi' | 'read' | 'admin', string>;
  /** A new trade key with these limits. */
  key(scopes: Scope[], options?: { venues?: VenueId[]; limits?: TradingLimits; rateLimit?: { perSecond: number; burst: number } }): Promise<{ token: string; id: string }>;
  close(): Promise<void>;
}

export interface FixtureOptions {
  logger?: Logger;
  marketData?: 'open' | 'key';
  limits?: LimitsConfig;
  writeDeadlineMs?: number;
  /** Wraps the kalshi adapter's placeOrder (to hold it, or to lose its answer). */
  wrapPlace?: (place: (r: PlaceOrderRequest) => Promise<Order>, adapter: MemoryAdapter) => (r: PlaceOrderRequest) => Promise<Order>;
}

export async function tradingFixture(options: FixtureOptions = {}): Promise<TradingFixture> {
  const kalshiBalances: Balance[] = [{ venue: 'kalshi', currency: 'USD', available: '1000', total: '1000' }];
  const kalshi = createMemoryAdapter({
    venue: 'kalshi',
    markets: [
      makeMarket('kalshi', 'K1', { currency: 'USD', minOrderSize: '1' }),
      makeMarket('kalshi', 'K2', { currency: 'USD', status: 'closed' }),
      makeMarket('kalshi', 'K3', { currency: 'USD', tickSize: '0.001', tickRanges: TAPERED }),
    ],
    books: {
      K1: book('kalshi', 'K1', [['0.41', '100']], [['0.43', '100'], ['0.45', '50']]),
      K3: book('kalshi', 'K3', [['0.5', '10']], [['0.52', '10']]),
    },
    balances: kalshiBalances,
  });
  const poly = createMemoryAdapter({
    venue: 'polymarket',
    markets: [makeMarket('polymarket', 'P1', { currency: 'USDC', minOrderSize: '5' })],
    books: { P1: book('polymarket', 'P1', [['0.6', '100']], [['0.62', '100']]) },
    balances: [{ venue: 'polymarket', currency: 'USDC', available: '500', total: '500' }],
  });
  if (options.wrapPlace) {
    const original = kalshi.placeOrder.bind(kalshi);
    kalshi.placeOrder = options.wrapPlace(original, kalshi);
  }
  const h = await buildHarness([kalshi, poly], {
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.marketData ? { marketData: options.marketData } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.writeDeadlineMs !== undefined ? { writeDeadlineMs: options.writeDeadlineMs } : {}),
  });
  const make = async (scopes: Scope[], o: { venues?: VenueId[]; limits?: TradingLimits; rateLimit?: { perSecond: number; burst: number } } = {}) => {
    const { token, record } = await h.keys.create({ scopes, venues: o.venues ?? null, limits: o.limits ?? {}, rateLimit: o.rateLimit ?? null });
    return { token, id: record.id };
  };
  const trade = await make(['trade']);
  const tradeKalshi = await make(['trade'], { venues: ['kalshi'] });
  const read = await make(['read']);
  const admin = await make(['admin']);
  return {
    h,
    kalshi,
    poly,
    tokens: { trade: trade.token, tradeKalshi: tradeKalshi.token, read: read.token, admin: admin.token },
    keyIds: { trade: trade.id, tradeKalshi: tradeKalshi.id, read: read.id, admin: admin.id },
    key: make,
    close: () => h.close(),
  };
}

/** A resting buy on kalshi:K1. */
export function restingBuy(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { market: 'kalshi:K1', side: 'buy', outcome: 'yes', type: 'limit', price: '0.30', size: '2', timeInForce: 'gtc', ...overrides };
}
