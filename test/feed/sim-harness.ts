/**
 * The whole service against the Kalshi and Polymarket simulators, for end-to-end tests of the live
 * books and the feed. The simulators' bots do not run on their own: tests move the books with
 * `step(n)`, so a run ends quiet and every client's book can be compared with the simulator's.
 * Each adapter's stream is wrapped to count what the service asks of it upstream.
 */
import pino from 'pino';
import { vi } from 'vitest';
import { venueModules } from '../../adapters/index.js';
import { DEMO_KEY_ID, DEMO_PRIVATE_KEY_PATH, startKalshiSim, type KalshiSim } from '../../adapters/kalshi/sim/index.js';
import { startPolymarketSim, type PolymarketSim } from '../../adapters/polymarket/sim/index.js';
import { createAdapters } from '../../src/adapters.js';
import { loadConfig } from '../../src/config.js';
import { Decimal } from '../../src/core/index.js';
import type { Level, Market } from '../../src/core/index.js';
import { startService, type RunningService } from '../../src/main.js';
import type { VenueAdapter, VenueStream } from '../../src/venue/index.js';

/** What the service asked of a venue's stream. */
export interface UpstreamTally {
  streams: number;
  /** subscribe calls per `market channel`, and those the venue stream accepted (resolved). */
  subscribes: Map<string, number>;
  accepted: Map<string, number>;
  /** Why subscribe calls failed (a lost one is asked again). */
  failures: string[];
  unsubscribes: Map<string, number>;
}

export interface Sims {
  kalshi: KalshiSim;
  polymarket: PolymarketSim;
  /** YES-terms book of a market as the simulator holds it, canonical decimals, best first. */
  expected(marketId: string): { bids: Level[]; asks: Level[] };
  /** Moves the books: `n` bot actions on each simulator. */
  step(n: number): void;
  close(): Promise<void>;
}

export async function startSims(seed = 7, markets = 16, options: { crossListed?: boolean } = {}): Promise<Sims> {
  const crossListed = options.crossListed ?? false;
  const [kalshi, polymarket] = await Promise.all([
    startKalshiSim({ port: 0, seed, markets, botRatePerSecond: 0, crossListed }),
    startPolymarketSim({ port: 0, seed, markets, botRatePerSecond: 0, crossListed }),
  ]);
  const canon = (levels: [string, string][], desc: boolean): Level[] =>
    levels
      .map(([p, s]) => [Decimal.parse(p).normalize().toString(), Decimal.parse(s).normalize().toString()] as Level)
      .filter(([, s]) => s !== '0')
      .sort(([a], [b]) => (desc ? Decimal.parse(b).cmp(a) : Decimal.parse(a).cmp(b)));
  return {
    kalshi,
    polymarket,
    expected(marketId) {
      const [venue, native] = [marketId.slice(0, marketId.indexOf(':')), marketId.slice(marketId.indexOf(':') + 1)];
      if (venue === 'kalshi') {
        // Kalshi books list bids of each side: NO bids at p are YES asks at 1 − p (docs/venues/kalshi.md).
        const b = kalshi.book(native);
        return { bids: canon(b.yes, true), asks: canon(b.no.map(([p, s]) => [Decimal.parse('1').sub(p).toString(), s]), false) };
      }
      const info = polymarket.markets().find((m) => m.conditionId.toLowerCase() === native.toLowerCase());
      if (!info) throw new Error(`no simulated market ${marketId}`);
      const b = polymarket.book(info.yesTokenId);
      return { bids: canon(b.bids, true), asks: canon(b.asks, false) };
    },
    step(n) {
      kalshi.bots.step(n);
      polymarket.stepBots(n);
    },
    async close() {
      await Promise.all([kalshi.close(), polymarket.close()]);
    },
  };
}

export function simEnv(sims: Sims, options: { kalshiKey?: boolean } = {}): Record<string, string> {
  const key = options.kalshiKey ?? true;
  return {
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    VENUES: 'kalshi,polymarket',
    KALSHI_API_URL: sims.kalshi.restUrl,
    KALSHI_WS_URL: sims.kalshi.wsUrl,
    KALSHI_API_KEY_ID: key ? DEMO_KEY_ID : '',
    KALSHI_PRIVATE_KEY_PATH: key ? DEMO_PRIVATE_KEY_PATH : '',
    POLYMARKET_GAMMA_URL: sims.polymarket.gammaUrl,
    POLYMARKET_CLOB_URL: sims.polymarket.clobUrl,
    POLYMARKET_DATA_URL: sims.polymarket.dataUrl,
    POLYMARKET_WS_URL: `${sims.polymarket.wsUrl}/ws`,
    // The feed tests count upstream subscriptions: arbitrage (which holds books of its own) is off.
    ARBITRAGE_ENABLED: 'false',
  };
}

function counted(adapter: VenueAdapter, tally: UpstreamTally): VenueAdapter {
  const bump = (map: Map<string, number>, ids: string[], channels: string[] | undefined) => {
    for (const id of ids) for (const c of channels ?? ['(default)']) map.set(`${id} ${c}`, (map.get(`${id} ${c}`) ?? 0) + 1);
  };
  return {
    ...adapter,
    stream(): VenueStream {
      tally.streams += 1;
      const s = adapter.stream();
      return {
        subscribe: (ids, channels) => {
          bump(tally.subscribes, ids, channels);
          return s.subscribe(ids, channels).then(
            () => bump(tally.accepted, ids, channels),
            (err: unknown) => {
              tally.failures.push(`${(err as Error).name}: ${(err as Error).message}`);
              throw err;
            },
          );
        },
        unsubscribe: (ids, channels) => {
          bump(tally.unsubscribes, ids, channels);
          return s.unsubscribe(ids, channels);
        },
        onEvent: (l) => s.onEvent(l),
        close: () => s.close(),
      };
    },
  };
}

export interface ServiceHandle {
  service: RunningService;
  tallies: Map<string, UpstreamTally>;
  wsUrl: string;
}

/** The service built from configuration against the simulators, with counted streams. */
export async function startFeedService(env: Record<string, string>): Promise<ServiceHandle> {
  const config = loadConfig(env, venueModules);
  const logger = pino({ level: 'silent' });
  const tallies = new Map<string, UpstreamTally>();
  const adapters = createAdapters(config, venueModules, logger).map((a) => {
    const tally: UpstreamTally = { streams: 0, subscribes: new Map(), accepted: new Map(), failures: [], unsubscribes: new Map() };
    tallies.set(a.venue, tally);
    return counted(a, tally);
  });
  const service = await startService(config, { adapters, logger });
  await vi.waitFor(
    async () => {
      const r = await fetch(`${service.url}/readyz`);
      if (r.status !== 200) throw new Error('not ready');
    },
    { timeout: 60_000, interval: 100 },
  );
  return { service, tallies, wsUrl: `${service.url.replace(/^http/, 'ws')}/v1/ws` };
}

/** Open markets of a venue from the service's catalog. */
export async function openMarkets(service: RunningService, venue: string, limit: number): Promise<string[]> {
  const r = await fetch(`${service.url}/v1/markets?venue=${venue}&status=open&limit=${limit}`);
  const body = (await r.json()) as { data: Market[] };
  return body.data.map((m) => m.id);
}
