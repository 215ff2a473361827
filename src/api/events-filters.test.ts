/**
 * Events take the filters of markets: status (through their markets), closesBefore, sort=volume
 * and sort=newest, with the filtered total in `meta.total` beside each venue's total. A market past
 * its close time is not open, whatever the venue says, in markets and in the events built on them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Event } from '../core/index.js';
import { buildHarness, type Harness } from '../../test/api/harness.js';
import { createMemoryAdapter, makeEvent, makeMarket } from '../../test/support/memory-adapter.js';

let h: Harness;
const FUTURE = '2099-01-01T00:00:00.000Z';
const PAST = '2020-01-01T00:00:00.000Z';

beforeAll(async () => {
  h = await buildHarness([
    createMemoryAdapter({
      venue: 'kalshi',
      markets: [
        makeMarket('kalshi', 'BIG-A', { eventId: 'kalshi:BIG', status: 'open', volume: '900.5', openTime: '2026-01-01T00:00:00.000Z', closeTime: FUTURE }),
        makeMarket('kalshi', 'BIG-B', { eventId: 'kalshi:BIG', status: 'closed', volume: '200', openTime: '2026-01-02T00:00:00.000Z', closeTime: FUTURE }),
        makeMarket('kalshi', 'MID-A', { eventId: 'kalshi:MID', status: 'open', volume: '1000', openTime: '2026-03-01T00:00:00.000Z', closeTime: FUTURE }),
        // The venue still says open, but it closed years ago.
        makeMarket('kalshi', 'OLD-A', { eventId: 'kalshi:OLD', status: 'open', volume: '5', openTime: '2019-01-01T00:00:00.000Z', closeTime: PAST }),
      ],
      events: [
        makeEvent('kalshi', 'BIG', { title: 'Big', marketIds: ['kalshi:BIG-A', 'kalshi:BIG-B'], closeTime: '2027-01-01T00:00:00.000Z' }),
        makeEvent('kalshi', 'MID', { title: 'Mid', marketIds: ['kalshi:MID-A'], closeTime: '2026-12-01T00:00:00.000Z' }),
        makeEvent('kalshi', 'OLD', { title: 'Old', marketIds: ['kalshi:OLD-A'], closeTime: PAST }),
      ],
    }),
  ]);
});
afterAll(() => h.close());

const ids = (body: { data: { id: string }[] }) => body.data.map((e) => e.id);

describe('event filters', () => {
  it('status: an event has the statuses of its markets (past-close markets count as closed)', async () => {
    const open = await h.get('/v1/events?status=open');
    expect(open.status).toBe(200);
    expect(ids(open.body)).toEqual(['kalshi:MID', 'kalshi:BIG']);
    expect(ids((await h.get('/v1/events?status=closed')).body)).toEqual(['kalshi:OLD', 'kalshi:BIG']);
  });

  it('closesBefore', async () => {
    expect(ids((await h.get('/v1/events?closesBefore=2026-12-31T00:00:00Z')).body)).toEqual(['kalshi:OLD', 'kalshi:MID']);
  });

  it('sort=volume sums the markets exactly; sort=newest is when the first market opened', async () => {
    // BIG: 900.5 + 200 = 1100.5 > MID: 1000 > OLD: 5
    expect(ids((await h.get('/v1/events?sort=volume')).body)).toEqual(['kalshi:BIG', 'kalshi:MID', 'kalshi:OLD']);
    expect(ids((await h.get('/v1/events?sort=newest')).body)).toEqual(['kalshi:MID', 'kalshi:BIG', 'kalshi:OLD']);
  });

  it('meta.total is the filtered total over all pages, beside the venue total', async () => {
    const page = await h.get('/v1/events?status=open&limit=1');
    expect(page.body.data).toHaveLength(1);
    expect(page.body.meta.total).toBe(2);
    expect(page.body.meta.venues.kalshi.marketCount).toBe(4);
    const next = await h.get(`/v1/events?status=open&limit=1&cursor=${page.body.nextCursor}`);
    expect(ids(next.body)).toEqual(['kalshi:BIG']);
    expect((next.body.data as Event[])[0]?.marketIds).toEqual(['kalshi:BIG-A', 'kalshi:BIG-B']);
  });
});

describe('market status and the clock', () => {
  it('a market past its close time is closed, whatever the venue flag says', async () => {
    const one = await h.get('/v1/markets/kalshi:OLD-A');
    expect(one.body.status).toBe('closed');
    expect(ids((await h.get('/v1/markets?status=open&venue=kalshi')).body).sort()).toEqual(['kalshi:BIG-A', 'kalshi:MID-A']);
    const closed = await h.get('/v1/markets?status=closed&venue=kalshi');
    expect(ids(closed.body).sort()).toEqual(['kalshi:BIG-B', 'kalshi:OLD-A']);
    expect(closed.body.data.every((m: { status: string }) => m.status === 'closed')).toBe(true);
  });
});
