/**
 * What `npm run demo` serves: every registered venue's simulator, the service built from
 * configuration exactly as the demo builds it, and a client on `/v1/ws` (and one on `/ws`) that
 * receives live books from every venue — streamed for venues with a stream, polled otherwise — equal
 * to the book the venue's simulator serves over REST. Nothing here names a venue: a venue module
 * added to the registry is covered as it is.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { venueModules } from '../../adapters/index.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { Market } from '../../src/core/index.js';
import { startService, type RunningService } from '../../src/main.js';
import type { RunningVenueSimulator } from '../../src/venue/index.js';
import { FeedClient } from '../support/feed-client.js';

let sims: RunningVenueSimulator[] = [];
let service: RunningService;
let config: Config;

beforeAll(async () => {
  sims = await Promise.all(venueModules.map((m) => m.startSimulator({ seed: 3, markets: 30 })));
  // Arbitrage holds books of its own; this test counts the books held for feed clients, so it is off.
  const env = { HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent', ...Object.assign({}, ...sims.map((s) => s.env)), VENUES: venueModules.map((m) => m.id).join(','), ARBITRAGE_ENABLED: 'false' };
  config = loadConfig(env, venueModules);
  service = await startService(config, { logger: pino({ level: 'silent' }) });
  await vi.waitFor(
    async () => {
      const r = await fetch(`${service.url}/readyz`);
      if (r.status !== 200) throw new Error('not ready');
    },
    { timeout: 60_000, interval: 100 },
  );
}, 90_000);

afterAll(async () => {
  await service?.close();
  await Promise.all(sims.map((s) => s.close()));
});

describe('the demo feed', () => {
  it.each(['/v1/ws', '/ws'])('delivers live books from every venue at %s', async (path) => {
    const venues = (await (await fetch(`${service.url}/v1/venues`)).json()) as { data: { id: string; enabled: boolean; capabilities: { stream: unknown } | null }[] };
    const enabled = venues.data.filter((v) => v.enabled);
    expect(enabled.map((v) => v.id).sort()).toEqual(venueModules.map((m) => m.id).sort());
    const markets: string[] = [];
    for (const v of enabled) {
      const page = (await (await fetch(`${service.url}/v1/markets?venue=${v.id}&status=open&limit=2`)).json()) as { data: Market[] };
      expect(page.data.length, `${v.id} has open markets`).toBeGreaterThan(0);
      markets.push(...page.data.map((m) => m.id));
    }
    const client = await FeedClient.connect(`${service.url.replace(/^http/, 'ws')}${path}`);
    expect(await client.subscribe('book', markets)).toMatchObject({ type: 'subscribed', markets });
    await vi.waitFor(() => {
      for (const m of markets) expect(client.book(m)?.fresh, m).toBe(true);
    }, { timeout: 30_000 });
    for (const v of enabled) {
      // The demo gives every simulated venue the credentials its stream needs.
      const want = v.capabilities?.stream === false ? 'rest' : 'stream';
      for (const m of markets.filter((id) => id.startsWith(`${v.id}:`))) expect(client.book(m)?.source, m).toBe(want);
    }
    expect(client.seqErrors).toEqual([]);
    expect(client.invalid).toEqual([]);
    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    expect(metrics).toMatch(/^venn_feed_connections [1-9]/m);
    expect(metrics).toMatch(new RegExp(`^venn_books_held_markets ${markets.length}$`, 'm'));
    client.close();
  }, 60_000);

  it('serves every venue’s book as the venue’s simulator has it', async () => {
    const logger = pino({ level: 'silent' });
    // Adapters of their own, built by each module's factory from the demo's configuration: the
    // books they read over REST are the venue's, independent of the service's live books.
    const direct = venueModules.map((m) => m.createAdapter(config.venueConfigs[m.id], { logger }));
    const client = await FeedClient.connect(`${service.url.replace(/^http/, 'ws')}/v1/ws`);
    try {
      const markets: string[] = [];
      for (const m of venueModules) {
        const page = (await (await fetch(`${service.url}/v1/markets?venue=${m.id}&status=open&limit=3`)).json()) as { data: Market[] };
        markets.push(...page.data.map((x) => x.id));
      }
      expect(new Set(markets.map((id) => id.slice(0, id.indexOf(':')))).size).toBe(venueModules.length);
      await client.subscribe('book', markets);
      // The venues' bots keep trading: the two views agree once no update is in flight.
      await vi.waitFor(
        async () => {
          const quoted = new Set<string>();
          for (const id of markets) {
            const venue = id.slice(0, id.indexOf(':'));
            const adapter = direct.find((a) => a.venue === venue)!;
            const rest = await adapter.getOrderBook(id.slice(venue.length + 1));
            const live = client.book(id);
            expect(live?.fresh, id).toBe(true);
            expect({ bids: live?.bids, asks: live?.asks }, id).toEqual({ bids: rest.bids, asks: rest.asks });
            if (rest.bids.length + rest.asks.length > 0) quoted.add(venue);
          }
          // Not a comparison of empty books: every venue has a quoted one among its markets.
          expect([...quoted].sort()).toEqual(venueModules.map((m) => m.id).sort());
        },
        { timeout: 30_000, interval: 200 },
      );
      expect(client.seqErrors).toEqual([]);
    } finally {
      client.close();
      await Promise.all(direct.map((a) => a.close()));
    }
  }, 60_000);
});
