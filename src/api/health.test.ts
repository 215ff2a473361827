import { describe, expect, it, vi } from 'vitest';
import { VenueUnavailable } from '../core/index.js';
import { buildHarness } from '../../test/api/harness.js';
import { createMemoryAdapter, makeMarket } from '../../test/support/memory-adapter.js';

describe('health and venues', () => {
  it('/healthz is always 200; /readyz is 503 until a venue holds a catalog, then 200', async () => {
    const slow = createMemoryAdapter({ venue: 'kalshi', markets: [makeMarket('kalshi', 'A'), makeMarket('kalshi', 'B')], pageSize: 1, pageDelayMs: 200 });
    const h = await buildHarness([slow], { waitReady: false });
    try {
      expect((await h.get('/healthz')).body).toEqual({ status: 'ok' });
      const before = await h.get('/readyz');
      expect(before.status).toBe(503);
      expect(before.body.status).toBe('not_ready');
      expect(['pending', 'syncing']).toContain(before.body.venues.kalshi.state);
      expect(before.body.venues.kalshi.serving).toBe(false);
      await vi.waitFor(async () => expect((await h.get('/readyz')).status).toBe(200));
      const after = await h.get('/readyz');
      expect(after.body).toMatchObject({ status: 'ready', venues: { kalshi: { state: 'ready', serving: true, marketCount: 2, error: null } } });
      expect((await h.get('/healthz')).status).toBe(200);
    } finally {
      await h.close();
    }
  });

  it('/readyz is 503 while every enabled venue is down or hanging, and 200 as soon as one of them holds a catalog', async () => {
    const down = createMemoryAdapter({ venue: 'polymarket', markets: [], failWith: new VenueUnavailable('polymarket is down', { venue: 'polymarket' }) });
    const hanging = createMemoryAdapter({ venue: 'kalshi', markets: [makeMarket('kalshi', 'A'), makeMarket('kalshi', 'B')], pageSize: 1, pageDelayMs: 60_000 });
    const h = await buildHarness([hanging, down], { waitReady: false });
    try {
      await vi.waitFor(async () => expect((await h.get('/readyz')).body.venues.polymarket.state).toBe('failed'));
      const r = await h.get('/readyz');
      // Every venue "tried once" is not enough: nothing can be served.
      expect(r.status).toBe(503);
      expect(r.body).toMatchObject({
        status: 'not_ready',
        venues: {
          polymarket: { state: 'failed', serving: false, marketCount: 0, error: 'polymarket is down' },
          kalshi: { serving: false, syncedAt: null },
        },
      });
      expect((await h.get('/v1/markets')).body.data).toEqual([]);
    } finally {
      await h.close();
    }
    const ok = createMemoryAdapter({ venue: 'kalshi', markets: [makeMarket('kalshi', 'A')] });
    const mixed = await buildHarness([ok, createMemoryAdapter({ venue: 'polymarket', markets: [], failWith: new VenueUnavailable('down', { venue: 'polymarket' }) })], {
      waitReady: false,
    });
    try {
      await vi.waitFor(async () => expect((await mixed.get('/readyz')).status).toBe(200));
      expect((await mixed.get('/readyz')).body.venues).toMatchObject({ kalshi: { serving: true }, polymarket: { serving: false } });
    } finally {
      await mixed.close();
    }
  });

  it('/readyz reports the cache and bus backends, degraded while Redis is unreachable', async () => {
    let connected = true;
    const redisLike = { health: () => ({ backend: 'redis' as const, connected }) };
    const h = await buildHarness([createMemoryAdapter({ venue: 'kalshi', markets: [makeMarket('kalshi', 'A')] })], {
      backends: { cache: redisLike, bus: redisLike },
    });
    try {
      expect((await h.get('/readyz')).body).toMatchObject({
        cache: { backend: 'redis', connected: true, state: 'ok' },
        bus: { backend: 'redis', connected: true, state: 'ok' },
      });
      connected = false;
      const r = await h.get('/readyz');
      expect(r.body.cache).toEqual({ backend: 'redis', connected: false, state: 'degraded' });
      expect(r.body.bus.state).toBe('degraded');
    } finally {
      await h.close();
    }
  });

  it('/v1/venues lists every known venue with capabilities, freshness and rate limits', async () => {
    const h = await buildHarness([
      createMemoryAdapter({ venue: 'kalshi', markets: [makeMarket('kalshi', 'A')], authenticated: false }),
      createMemoryAdapter({ venue: 'polymarket', markets: [], failWith: new VenueUnavailable('down', { venue: 'polymarket' }) }),
    ]);
    try {
      const r = await h.get('/v1/venues');
      expect(r.status).toBe(200);
      const byId = Object.fromEntries(r.body.data.map((v: { id: string }) => [v.id, v]));
      expect(Object.keys(byId)).toEqual(['kalshi', 'polymarket', 'manifold', 'opinion']);
      expect(byId.kalshi).toMatchObject({
        enabled: true,
        authenticated: false,
        capabilities: { listMarkets: true, placeOrder: false, stream: 'emulated' },
        catalog: { state: 'ready', marketCount: 1 },
        rateLimits: [{ name: 'read', capacity: 100 }],
      });
      expect(byId.polymarket.catalog).toMatchObject({ state: 'failed', lastError: { message: 'down' } });
      expect(byId.opinion).toEqual({ id: 'opinion', enabled: false, authenticated: false, capabilities: null, catalog: null, rateLimits: [], liveBooks: null });
      expect(byId.kalshi.liveBooks).toBeNull();
    } finally {
      await h.close();
    }
  });

  it('/v1/venues reports how the live books service feeds each enabled venue', async () => {
    const stats = () => ({ streams: [{ venue: 'kalshi' as const, subscriptions: 3, usable: false }], pollers: [{ venue: 'kalshi' as const, markets: 2, failures: 1 }] });
    const h = await buildHarness(
      [createMemoryAdapter({ venue: 'kalshi', markets: [makeMarket('kalshi', 'A')] }), createMemoryAdapter({ venue: 'polymarket', markets: [] })],
      { books: { live: () => undefined, stats } },
    );
    try {
      const byId = Object.fromEntries((await h.get('/v1/venues')).body.data.map((v: { id: string }) => [v.id, v]));
      expect(byId.kalshi.liveBooks).toEqual({ stream: { usable: false, subscriptions: 3 }, polledMarkets: 2, pollFailures: 1 });
      expect(byId.polymarket.liveBooks).toEqual({ stream: null, polledMarkets: 0, pollFailures: 0 });
      expect(byId.opinion.liveBooks).toBeNull();
    } finally {
      await h.close();
    }
  });

  it('/metrics exposes process metrics and the request histogram by route template', async () => {
    const h = await buildHarness([createMemoryAdapter({ venue: 'kalshi', markets: [makeMarket('kalshi', 'A')] })]);
    try {
      await h.get('/v1/markets/kalshi:A');
      await h.get('/no/such/route');
      const r = await h.get('/metrics');
      expect(r.status).toBe(200);
      expect(r.body).toMatch(/venn_process_cpu_user_seconds_total/);
      expect(r.body).toMatch(/venn_http_request_duration_seconds_count\{method="GET",route="\/v1\/markets\/:id",status="200"\} 1/);
      expect(r.body).toMatch(/route="unmatched",status="404"/);
      expect(r.body).not.toMatch(/kalshi:A/);
    } finally {
      await h.close();
    }
  });

  it('/openapi.json and /docs are served', async () => {
    const h = await buildHarness([]);
    try {
      const doc = await h.get('/openapi.json');
      expect(doc.body.openapi).toBe('3.1.0');
      expect(doc.body.paths).toHaveProperty(['/v1/markets']);
      const docs = await h.get('/docs');
      expect(docs.status).toBe(200);
      expect(docs.body).toMatch(/openapi\.json/);
      // The viewer comes from this server, never from a CDN: /docs works offline.
      expect(docs.body).toContain('src="/docs/scalar.js"');
      expect(docs.body).not.toMatch(/src="https?:/);
      const script = await h.app.request('/docs/scalar.js');
      expect(script.status).toBe(200);
      expect(script.headers.get('content-type')).toMatch(/javascript/);
      expect((await script.text()).length).toBeGreaterThan(100_000);
    } finally {
      await h.close();
    }
  });
});
