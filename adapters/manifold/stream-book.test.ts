import { describe, expect, it } from 'vitest';
import type { Market } from '../../src/core/index.js';
import type { BookState } from './market-data.js';
import { OVERLAY_MS, StreamBook, diffLevels } from './stream-book.js';
import type { WireBet } from './wire.js';

const NOW = 1_800_000_000_000;

function order(id: string, updatedTime: number, extra: Partial<WireBet> = {}): WireBet {
  return { id, userId: 'u', contractId: 'c1', createdTime: NOW - 10_000, updatedTime, amount: '0', shares: '0', outcome: 'YES', limitProb: '0.4', orderAmount: '10', isFilled: false, isCancelled: false, fills: [], ...extra };
}

function state(poolYes: string, time: number, orders: WireBet[]): BookState {
  return { market: { id: 'manifold:c1' } as Market, pool: { YES: poolYes, NO: '100', p: '0.5' }, answerId: undefined, orders, venueTimestamp: time };
}

describe('StreamBook', () => {
  it('merges a cached REST snapshot with the broadcasts newer than it', () => {
    const b = new StreamBook('manifold:c1', 'c1', undefined);
    // Broadcasts: the pool moved at NOW - 1000, order o1 was cancelled, o3 placed.
    b.setPool({ YES: '90', NO: '110', p: '0.5' }, NOW - 1_000, NOW - 900);
    b.upsertOrders([order('o1', NOW - 800, { isCancelled: true }), order('o3', NOW - 700)], NOW - 700);
    // A snapshot cached from before those (pool of NOW - 5000, o1 and o2 open).
    b.reset(state('100', NOW - 5_000, [order('o1', NOW - 6_000), order('o2', NOW - 6_000)]), NOW);
    expect(b.pool).toEqual({ YES: '90', NO: '110', p: '0.5' });
    expect([...b.orders.keys()].sort()).toEqual(['o2', 'o3']);
    // A snapshot newer than the broadcasts wins.
    b.reset(state('80', NOW - 100, [order('o1', NOW - 50)]), NOW);
    expect(b.pool?.YES).toBe('80');
    expect([...b.orders.keys()].sort()).toEqual(['o1', 'o3']);
  });

  it('forgets broadcasts older than the overlay window; ignores older order versions', () => {
    const b = new StreamBook('manifold:c1', 'c1', undefined);
    b.setPool({ YES: '90', NO: '110', p: '0.5' }, NOW - 1_000, NOW - OVERLAY_MS - 10);
    b.reset(state('100', NOW - 5_000, []), NOW);
    expect(b.pool?.YES).toBe('100');
    b.upsertOrders([order('o1', NOW)], NOW);
    expect(b.upsertOrders([order('o1', NOW - 1, { isCancelled: true })], NOW)).toBe(false);
    expect(b.orders.has('o1')).toBe(true);
    // Another answer's orders are not this market's.
    expect(b.upsertOrders([order('o9', NOW, { answerId: 'a1' })], NOW)).toBe(false);
  });

  it('says whether a bet fits the pool held (before or after it moved)', () => {
    const b = new StreamBook('manifold:c1', 'c1', undefined);
    b.reset(state('100', NOW, []), NOW);
    const bet = (before: string, after: string) => order('t', NOW, { limitProb: undefined, probBefore: before, probAfter: after });
    expect(b.fits(bet('0.5', '0.52'))).toBe(true);
    expect(b.fits(bet('0.48', '0.5'))).toBe(true);
    expect(b.fits(bet('0.47', '0.48'))).toBe(false);
    expect(b.fits({ ...bet('0.47', '0.48'), isRedemption: true })).toBe(true);
  });

  it('knows the next expiry of its open orders', () => {
    const b = new StreamBook('manifold:c1', 'c1', undefined);
    b.reset(state('100', NOW, [order('o1', NOW, { expiresAt: NOW + 500 }), order('o2', NOW, { expiresAt: NOW + 100 }), order('o3', NOW)]), NOW);
    expect(b.nextExpiry(NOW)).toBe(NOW + 100);
    expect(b.nextExpiry(NOW + 200)).toBe(NOW + 500);
  });
});

describe('diffLevels', () => {
  it('lists changed and new levels with their sizes, removed ones at "0"', () => {
    const prev = { bids: [['0.49', '10'], ['0.48', '5']] as [string, string][], asks: [['0.51', '7']] as [string, string][] };
    const next = { bids: [['0.49', '12'], ['0.47', '3']] as [string, string][], asks: [['0.51', '7']] as [string, string][] };
    expect(diffLevels(prev, next)).toEqual([
      { side: 'bid', price: '0.49', size: '12' },
      { side: 'bid', price: '0.47', size: '3' },
      { side: 'bid', price: '0.48', size: '0' },
    ]);
    expect(diffLevels(next, next)).toEqual([]);
  });
});
