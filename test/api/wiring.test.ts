import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { venueModules } from '../../adapters/index.js';
import { loadConfig } from '../../src/config.js';
import { Decimal, type Market } from '../../src/core/index.js';
import { startService, type RunningService } from '../../src/main.js';
import type { RunningVenueSimulator } from '../../src/venue/index.js';

/**
 * The service built from configuration exactly as `main.ts` builds it — every registered venue
 * module's configuration parsed from the environment, its adapter created by its own factory —
 * against each venue's simulator. Nothing is injected.
 */

let sims: RunningVenueSimulator[] = [];
let service: RunningService;

beforeAll(async () => {
  sims = await Promise.all(venueModules.map((m) => m.startSimulator({ seed: 11, markets: 40 })));
  // Arbitrage holds live books of the cross-listed markets, and the orderbook route serves a held
  // book; this test reads the venues' REST books, so it runs without it.
  const env = { HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent', ARBITRAGE_ENABLED: 'false', ...Object.assign({}, ...sims.map((s) => s.env)) };
  const config = loadConfig(env, venueModules);
  service = await startService(config, { logger: pino({ level: 'silent' }) });
  await vi.waitFor(
    async () => {
      const r = await fetch(`${service.url}/readyz`);
      expect(r.status, JSON.stringify(await r.json())).toBe(200);
    },
    { timeout: 60_000, interval: 100 },
  );
}, 90_000);

afterAll(async () => {
  await service?.close();
  await Promise.all(sims.map((s) => s.close()));
});

describe('the service wired from configuration', () => {
  it('enables every registered venue and lists markets from each', async () => {
    const venues = (await (await fetch(`${service.url}/v1/venues`)).json()) as { data: { id: string; enabled: boolean }[] };
    const enabled = venues.data.filter((v) => v.enabled).map((v) => v.id);
    expect(enabled.sort()).toEqual(venueModules.map((m) => m.id).sort());
    for (const m of venueModules) {
      const r = await fetch(`${service.url}/markets?venue=${m.id}&limit=5`);
      expect(r.status).toBe(200);
      const body = (await r.json()) as { data: Market[] };
      expect(body.data.length, `${m.id} lists markets`).toBeGreaterThan(0);
      for (const market of body.data) expect(market.venue).toBe(m.id);
    }
  });

  it('serves the same canonical decimal strings on /markets and /v1/markets for every venue', async () => {
    const [alias, versioned] = await Promise.all(
      ['/markets', '/v1/markets'].map(async (p) => (await (await fetch(`${service.url}${p}?venue=all&limit=200`)).json()) as { data: Market[] }),
    );
    expect(alias?.data.map((m) => m.id)).toEqual(versioned?.data.map((m) => m.id));
    const seen = new Set(versioned?.data.map((m) => m.venue));
    expect([...seen].sort()).toEqual(venueModules.map((m) => m.id).sort());
    for (const m of versioned?.data ?? []) {
      for (const field of ['bestBid', 'bestAsk', 'lastPrice', 'volume', 'tickSize'] as const) {
        const v = m[field];
        if (v === null) continue;
        expect(Decimal.parse(v).normalize().toString(), `${m.id} ${field}=${v}`).toBe(v);
      }
    }
  });

  it('serves Manifold markets as play money, on venue=manifold and on venue=all', async () => {
    const own = (await (await fetch(`${service.url}/v1/markets?venue=manifold&limit=200`)).json()) as { data: Market[] };
    const all = (await (await fetch(`${service.url}/v1/markets?venue=all&limit=200`)).json()) as { data: Market[] };
    const mixed = all.data.filter((m) => m.venue === 'manifold');
    expect(own.data.length).toBeGreaterThan(0);
    expect(mixed.length).toBeGreaterThan(0);
    for (const m of [...own.data, ...mixed]) expect(m, m.id).toMatchObject({ currency: 'MANA', realMoney: false });
    // And only Manifold's markets are play money.
    for (const m of all.data.filter((x) => x.venue !== 'manifold')) expect(m.realMoney, m.id).toBe(true);
  });

  it("serves each venue's REST book as its capability map says: emulated where the adapter builds it", async () => {
    const venues = (await (await fetch(`${service.url}/v1/venues`)).json()) as { data: { id: string; capabilities: { getOrderBook: unknown } | null }[] };
    for (const v of venues.data) {
      const page = (await (await fetch(`${service.url}/v1/markets?venue=${v.id}&status=open&limit=1`)).json()) as { data: Market[] };
      const market = page.data[0];
      expect(market, `${v.id} has an open market`).toBeDefined();
      const r = await fetch(`${service.url}/v1/markets/${encodeURIComponent((market as Market).id)}/orderbook`);
      expect(r.status).toBe(200);
      const book = (await r.json()) as { source: string; bids: unknown[]; asks: unknown[] };
      expect(book.source, v.id).toBe(v.capabilities?.getOrderBook === 'emulated' ? 'emulated' : 'rest');
    }
    expect(venues.data.find((v) => v.id === 'manifold')?.capabilities?.getOrderBook).toBe('emulated');
  });
});
