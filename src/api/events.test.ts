import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Event } from '../core/index.js';
import { buildHarness } from '../../test/api/harness.js';
import type { Harness } from '../../test/api/harness.js';
import { createMemoryAdapter, makeEvent, makeMarket } from '../../test/support/memory-adapter.js';

let h: Harness;

beforeAll(async () => {
  h = await buildHarness([
    createMemoryAdapter({
      venue: 'kalshi',
      markets: [makeMarket('kalshi', 'KXFED-A', { eventId: 'kalshi:KXFED' })],
      events: [
        makeEvent('kalshi', 'KXFED', { title: 'Fed decision', category: 'Economics', marketIds: ['kalshi:KXFED-A'], closeTime: '2026-09-01T00:00:00.000Z' }),
        makeEvent('kalshi', 'KXRAIN', { title: 'Rain', category: 'Weather', closeTime: '2026-07-01T00:00:00.000Z' }),
      ],
    }),
    createMemoryAdapter({
      venue: 'polymarket',
      markets: [],
      events: [makeEvent('polymarket', 'election-2028', { title: 'Election 2028', closeTime: '2028-11-07T00:00:00.000Z' })],
    }),
  ]);
});
afterAll(() => h.close());

const ids = (body: { data: Event[] }) => body.data.map((e) => e.id);

describe('events', () => {
  it('lists events across venues by close time, with freshness', async () => {
    const r = await h.get('/v1/events');
    expect(r.status).toBe(200);
    expect(ids(r.body)).toEqual(['kalshi:KXRAIN', 'kalshi:KXFED', 'polymarket:election-2028']);
    expect(r.body.meta.venues.kalshi.state).toBe('ready');
  });

  it('filters and pages', async () => {
    expect(ids((await h.get('/v1/events?venue=polymarket')).body)).toEqual(['polymarket:election-2028']);
    expect(ids((await h.get('/v1/events?q=fed')).body)).toEqual(['kalshi:KXFED']);
    expect(ids((await h.get('/v1/events?category=WEATHER')).body)).toEqual(['kalshi:KXRAIN']);
    const first = await h.get('/v1/events?limit=2');
    expect(first.body.data).toHaveLength(2);
    const second = await h.get(`/v1/events?limit=2&cursor=${first.body.nextCursor}`);
    expect(ids(second.body)).toEqual(['polymarket:election-2028']);
    expect(second.body.nextCursor).toBeNull();
  });

  it('gets one event, 404 when absent, 400 for bad parameters', async () => {
    expect((await h.get('/v1/events/kalshi:KXFED')).body.marketIds).toEqual(['kalshi:KXFED-A']);
    expect((await h.get('/v1/events/kalshi:NOPE')).status).toBe(404);
    for (const q of ['limit=0', 'venue=x', 'cursor=***', 'sort=loudest', 'status=ajar', 'closesBefore=soon']) {
      const r = await h.get(`/v1/events?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.body.code).toBe('invalid_parameter');
    }
  });
});
