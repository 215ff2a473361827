import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHarness, type Harness } from '../../test/api/harness.js';
import { createMemoryAdapter, makeMarket } from '../../test/support/memory-adapter.js';
import { versionedPath } from './aliases.js';

let h: Harness;

beforeAll(async () => {
  h = await buildHarness([
    createMemoryAdapter({ venue: 'kalshi', markets: [makeMarket('kalshi', 'KX-A', { title: 'A' }), makeMarket('kalshi', 'KX-B', { title: 'B' })] }),
    createMemoryAdapter({ venue: 'polymarket', markets: [makeMarket('polymarket', '0xabc', { title: 'C' })] }),
  ]);
});
afterAll(() => h.close());

describe('unversioned aliases', () => {
  it.each([
    ['/markets?venue=all', '/v1/markets?venue=all'],
    ['/markets/kalshi:KX-A', '/v1/markets/kalshi:KX-A'],
    ['/markets/kalshi:KX-A/orderbook', '/v1/markets/kalshi:KX-A/orderbook'],
    ['/events', '/v1/events'],
    ['/venues', '/v1/venues'],
    ['/orderbooks?ids=kalshi:KX-A', '/v1/orderbooks?ids=kalshi:KX-A'],
  ])('%s answers exactly what %s answers', async (alias, versioned) => {
    const [a, v] = await Promise.all([h.get(alias), h.get(versioned)]);
    expect(v.status).toBe(200);
    expect(a.status).toBe(v.status);
    const strip = (b: unknown) => JSON.parse(JSON.stringify(b, (k, x) => (k === 'receivedAt' || k === 'syncedAt' ? undefined : x)));
    expect(strip(a.body)).toEqual(strip(v.body));
  });

  it('errors on an alias name the path the client used', async () => {
    const r = await h.get('/markets?limit=0');
    expect(r.status).toBe(400);
    expect(r.body.instance).toBe('/markets');
    expect(r.body.code).toBe('invalid_parameter');
  });

  it('leaves operational and unknown paths alone', async () => {
    expect((await h.get('/healthz')).status).toBe(200);
    expect((await h.get('/v2/markets')).status).toBe(404);
    expect((await h.get('/marketsx')).status).toBe(404);
    expect(versionedPath('/metrics', new Set(['markets']))).toBe('/metrics');
    expect(versionedPath('/markets', new Set(['markets']))).toBe('/v1/markets');
    expect(versionedPath('/v1/markets', new Set(['markets']))).toBe('/v1/markets');
  });

  it('the OpenAPI document lists every alias beside its versioned path', async () => {
    const doc = (await h.get('/openapi.json')).body as { paths: Record<string, Record<string, { summary?: string; description?: string }>> };
    const versioned = Object.keys(doc.paths).filter((p) => p.startsWith('/v1/'));
    expect(versioned.length).toBeGreaterThan(4);
    for (const p of versioned) {
      const alias = doc.paths[p.slice(3)];
      expect(alias, p).toBeDefined();
      expect(Object.keys(alias ?? {}), p).toEqual(Object.keys(doc.paths[p] ?? {}));
      for (const op of Object.values(alias ?? {})) expect(op.description).toContain(`Alias of \`${p}\``);
    }
  });
});
