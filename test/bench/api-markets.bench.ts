/**
 * `GET /v1/markets?venue=all&limit=100` over real HTTP against a warm catalog of 50,000 synthetic
 * markets, compared in the same run with a bare Hono route on the same server stack
 * (@hono/node-server) returning a fixed JSON body of the same size.
 *
 * The servers run in a child process (this file, started with VENN_BENCH_ROLE=server) so that the
 * load generator (autocannon, in the parent) does not share an event loop with them.
 */
import { serve } from '@hono/node-server';
import type { ServerType } from '@hono/node-server';
import autocannon from 'autocannon';
import { fork } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import pino from 'pino';
import { venueModules } from '../../adapters/index.js';
import { loadConfig } from '../../src/config.js';
import { VENUE_IDS } from '../../src/core/index.js';
import type { Market, MarketStatus, VenueId } from '../../src/core/index.js';
import { startService } from '../../src/main.js';
import { createRng } from '../../src/sim/rng.js';
import { createMemoryAdapter, makeMarket } from '../support/memory-adapter.js';
import { serviceNodeFlags } from '../support/node-flags.js';
import type { BenchContext, BenchRecord, Benchmark } from './types.js';

export const MARKET_COUNT = 50_000;
const CONNECTIONS = 50;
const DURATION_S = 10;
const WARMUP_S = 2;
/** The measured time of each side is split into this many alternating rounds. */
const ROUNDS = 5;
const PATH = '/v1/markets?venue=all&limit=100';

const CATEGORIES = ['Politics', 'Economics', 'Sports', 'Crypto', 'Science', 'Weather', 'Culture', 'Tech'];
const STATUSES: MarketStatus[] = ['open', 'open', 'open', 'open', 'closed', 'resolved', 'upcoming', 'paused'];
const WORDS = ['Fed', 'rate', 'cut', 'election', 'Bitcoin', 'above', 'below', 'GDP', 'CPI', 'storm', 'final', 'launch', 'record', 'vote', 'win'];

/** Deterministic synthetic markets spread over every venue (same seed, same markets). */
export function syntheticMarkets(count: number, seed = 'venn-bench'): Market[] {
  const rng = createRng(seed);
  const out: Market[] = [];
  const base = Date.parse('2026-06-01T00:00:00Z');
  for (let i = 0; i < count; i++) {
    const venue = VENUE_IDS[i % VENUE_IDS.length]!;
    const words = Array.from({ length: 5 }, () => rng.pick(WORDS)).join(' ');
    const bid = rng.int(1, 97);
    const cents = (n: number) => `0.${String(n).padStart(2, '0')}`;
    out.push(
      makeMarket(venue, `BENCH-${i.toString(36).toUpperCase()}`, {
        title: `${words} #${i}`,
        question: `Will ${words} happen by ${2026 + (i % 3)}?`,
        status: rng.pick(STATUSES),
        category: rng.pick(CATEGORIES),
        tags: [rng.pick(CATEGORIES).toLowerCase()],
        openTime: new Date(base - rng.int(0, 365) * 86_400_000).toISOString(),
        closeTime: new Date(base + rng.int(1, 900) * 86_400_000).toISOString(),
        bestBid: cents(bid),
        bestAsk: cents(bid + 2),
        lastPrice: cents(bid + 1),
        volume: `${rng.int(0, 5_000_000)}.${String(rng.int(0, 99)).padStart(2, '0')}`,
        volume24h: `${rng.int(0, 50_000)}`,
        openInterest: `${rng.int(0, 1_000_000)}`,
        rules: `Resolves YES if ${words} happens before the close. Source: official statistics.`,
        url: `https://example.invalid/${venue}/${i}`,
        extra: { rank: i, seeded: true },
      }),
    );
  }
  return out;
}

export interface ServerUrls {
  venn: string;
  bare: string;
  bodyBytes: number;
}

/** Child role: the service with 50,000 markets, and the bare route. Replies with both URLs. */
async function serveForBench(): Promise<void> {
  const markets = syntheticMarkets(MARKET_COUNT);
  const byVenue = new Map<VenueId, Market[]>();
  for (const m of markets) {
    const list = byVenue.get(m.venue) ?? [];
    list.push(m);
    byVenue.set(m.venue, list);
  }
  const adapters = [...byVenue].map(([venue, list]) => createMemoryAdapter({ venue, markets: list, pageSize: 1000 }));
  const config = loadConfig({
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    // The adapters are passed in; no venue module is built from the environment.
    VENUES: 'none',
    CATALOG_FULL_SYNC_INTERVAL_MS: String(24 * 3_600_000),
    CATALOG_INCREMENTAL_INTERVAL_MS: String(3_600_000),
    // What is measured is the markets route: the arbitrage scanner's matching of 50,000 markets
    // would share the process's CPU with the load rounds that follow readiness (the catalog
    // benchmark's service at 1,000,000 runs without it too).
    ARBITRAGE_ENABLED: 'false',
    // One load generator is one client: the per-client limit would answer it 429.
    CLIENT_RATE_LIMIT_PER_MINUTE: '10000000',
  }, venueModules);
  const service = await startService(config, { adapters, logger: pino({ level: 'silent' }) });
  for (let i = 0; ; i++) {
    const r = await fetch(`${service.url}/readyz`);
    if (r.status === 200) break;
    if (i > 1200) throw new Error('catalog did not become ready within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const body = await (await fetch(`${service.url}${PATH}`)).text();
  const parsed = JSON.parse(body) as { data: unknown[] };
  if (parsed.data.length !== 100) throw new Error(`expected 100 markets, got ${parsed.data.length}`);

  const bare = new Hono();
  bare.get('/v1/markets', (c) => c.body(body, 200, { 'content-type': 'application/json' }));
  const bareServer = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: bare.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  const urls: ServerUrls = {
    venn: service.url,
    bare: `http://127.0.0.1:${(bareServer.address() as AddressInfo).port}`,
    bodyBytes: Buffer.byteLength(body),
  };
  process.send?.(urls);
  process.on('disconnect', () => {
    void service.close().finally(() => bareServer.close(() => process.exit(0)));
  });
}

/** Starts the service with 50,000 markets and the bare route in a child process (also the catalog-markets baseline). */
export function startServers(ctx: BenchContext): Promise<{ urls: ServerUrls; stop(): void }> {
  const child = fork(fileURLToPath(import.meta.url), [], {
    // The service's own Node flags (`npm start`); the bare route shares its process.
    execArgv: ['--import', 'tsx', ...serviceNodeFlags()],
    env: { ...process.env, VENN_BENCH_ROLE: 'server' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  ctx.log(`generating ${MARKET_COUNT.toLocaleString('en')} markets and syncing the catalog (pid ${child.pid})…`);
  return new Promise((resolve, reject) => {
    child.once('message', (urls) => resolve({ urls: urls as ServerUrls, stop: () => child.disconnect() }));
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
}

export interface Load {
  requests: number;
  seconds: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

/** `durationS` seconds of load by autocannon (`CONNECTIONS` connections) on `url` + `path`. */
export async function load(url: string, durationS: number, path = PATH): Promise<Load> {
  const r = await autocannon({ url: `${url}${path}`, connections: CONNECTIONS, duration: durationS });
  return { requests: r.requests.total, seconds: r.duration, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Sums rounds: throughput over the whole time, latency percentiles as the median of the rounds. */
export function combine(rounds: Load[]): { rps: number; p50: number; p99: number; errors: number } {
  const requests = rounds.reduce((a, r) => a + r.requests, 0);
  const seconds = rounds.reduce((a, r) => a + r.seconds, 0);
  return {
    rps: requests / seconds,
    p50: median(rounds.map((r) => r.p50)),
    p99: median(rounds.map((r) => r.p99)),
    errors: rounds.reduce((a, r) => a + r.errors + r.non2xx, 0),
  };
}

const benchmark: Benchmark = {
  name: 'api-markets',
  description: `GET ${PATH} on ${MARKET_COUNT.toLocaleString('en')} markets, ${CONNECTIONS} connections, ${DURATION_S} s each, vs a bare Hono route`,
  async run(ctx) {
    const { urls, stop } = await startServers(ctx);
    try {
      ctx.log(`ready; response body ${(urls.bodyBytes / 1024).toFixed(1)} KiB; warming up ${WARMUP_S} s each`);
      await load(urls.bare, WARMUP_S);
      await load(urls.venn, WARMUP_S);
      // Alternating rounds, so that load from elsewhere on the machine hits both sides alike.
      const bareRounds: Load[] = [];
      const vennRounds: Load[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        bareRounds.push(await load(urls.bare, DURATION_S / ROUNDS));
        vennRounds.push(await load(urls.venn, DURATION_S / ROUNDS));
        ctx.log(`round ${i + 1}/${ROUNDS}: bare ${Math.round(bareRounds[i]!.requests / bareRounds[i]!.seconds)} req/s, venn ${Math.round(vennRounds[i]!.requests / vennRounds[i]!.seconds)} req/s`);
      }
      const bare = combine(bareRounds);
      const venn = combine(vennRounds);
      if (venn.errors > 0 || bare.errors > 0) throw new Error(`errors or non-2xx answers during the run: venn ${venn.errors}, bare ${bare.errors}`);
      const ratio = venn.rps / bare.rps;
      const records: BenchRecord[] = [
        { name: 'throughput', value: venn.rps, unit: 'req/s', baseline: bare.rps, ratio, target: '≥ 0.5 × bare', pass: ratio >= 0.5 },
        { name: 'latency p50', value: venn.p50, unit: 'ms', baseline: bare.p50, ratio: bare.p50 > 0 ? venn.p50 / bare.p50 : null, target: '-', pass: null },
        { name: 'latency p99', value: venn.p99, unit: 'ms', baseline: bare.p99, ratio: bare.p99 > 0 ? venn.p99 / bare.p99 : null, target: '≤ 3 × bare p99', pass: venn.p99 <= 3 * Math.max(bare.p99, 1) },
        { name: 'body size', value: urls.bodyBytes, unit: 'bytes', baseline: null, ratio: null, target: '-', pass: null },
      ];
      return records;
    } finally {
      stop();
    }
  },
};

export const benchmarks: Benchmark[] = [benchmark];

if (process.env.VENN_BENCH_ROLE === 'server') {
  serveForBench().catch((err: unknown) => {
    process.stderr.write(`bench server failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
