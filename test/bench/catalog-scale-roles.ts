/**
 * The child processes of test/bench/catalog-markets.bench.ts, each started with --expose-gc so
 * that memory is measured after full collections (`VENN_CATALOG_BENCH_ROLE` picks the role):
 * - `service`: the whole service over four generating in-memory adapters (their markets produced
 *   page by page and not retained, so the process's memory is the service's) and a real
 *   redis-server as the cache store. Reports the ingest time, the RSS above the empty service, and
 *   the cold (first) and warm latency of each query shape, then serves for the throughput runs
 *   until the parent disconnects.
 * - `coldstart`: the service again on the same Redis, its adapters failing every call, so that it
 *   serves only what it loaded from the cache store: how long loading took, and its first and warm
 *   query.
 * - `index`: a bare MarketIndex (catalog-scale-index.ts).
 */
import { serve } from '@hono/node-server';
import type { ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { Redis } from 'ioredis';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import pino from 'pino';
import { venueModules } from '../../adapters/index.js';
import { loadConfig } from '../../src/config.js';
import { VENUE_IDS } from '../../src/core/index.js';
import type { Market, VenueId } from '../../src/core/index.js';
import { startService } from '../../src/main.js';
import type { MarketListQuery, Page, VenueAdapter } from '../../src/venue/adapter.js';
import { createMemoryAdapter } from '../support/memory-adapter.js';
import { syntheticMarket } from '../support/synthetic-catalog.js';
import { indexRole } from './catalog-scale-index.js';
import { gc, mb, median, progress, report, settledRss, TOTAL } from './catalog-scale-shared.js';

const PAGE = 1000;
/** Closed and resolved markets older than this are the cold tier's (CATALOG_HOT_RESOLVED_MAX_AGE_DAYS). */
export const HOT_MAX_AGE_DAYS = 30;
const WARM_ROUNDS = 15;

/** The query shapes timed cold and warm; `status=resolved` reads both tiers. */
export const SHAPES: { name: string; path: string; rounds?: number }[] = [
  { name: 'all by volume', path: '/v1/markets?venue=all&limit=100' },
  { name: 'open by close time', path: '/v1/markets?status=open&sort=closeTime&limit=100' },
  { name: 'venue+category newest', path: '/v1/markets?venue=kalshi&category=sports&sort=newest&limit=100' },
  { name: 'play money', path: '/v1/markets?money=play&limit=100' },
  { name: 'closesBefore', path: '/v1/markets?closesBefore=2026-09-01T00:00:00Z&sort=closeTime&limit=100' },
  { name: 'rare combination', path: '/v1/markets?venue=opinion&category=weather&status=paused&sort=closeTime&limit=100' },
  { name: 'q one word', path: '/v1/markets?q=bitcoin&limit=100' },
  { name: 'q two words + status', path: '/v1/markets?q=fed%20storm&status=open&sort=newest&limit=100' },
  { name: 'q common word', path: '/v1/markets?q=will&limit=100' },
  { name: 'status=resolved (both tiers)', path: '/v1/markets?status=resolved&sort=newest&limit=100', rounds: 5 },
];
/** The first query of a cold start. */
export const COLD_START_PATH = SHAPES[0]!.path;

/** An adapter of one venue whose listing generates its markets page by page (none retained). */
function generatingAdapter(venue: VenueId, total: number): VenueAdapter {
  const base = createMemoryAdapter({ venue, markets: [], pageSize: PAGE });
  const v = VENUE_IDS.indexOf(venue);
  async function* listMarkets(query: MarketListQuery = {}): AsyncIterable<Page<Market>> {
    // Nothing changes between walks: incremental and status walks list nothing.
    if (query.updatedSince || query.status) return;
    let items: Market[] = [];
    for (let i = v; i < total; i += VENUE_IDS.length) {
      items.push(syntheticMarket(i));
      if (items.length === PAGE) {
        yield { items, nextCursor: String(i) };
        items = [];
      }
    }
    if (items.length > 0) yield { items, nextCursor: null };
  }
  return { ...base, listMarkets };
}

function config(redisUrl: string) {
  return loadConfig(
    {
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'silent',
      // The adapters are passed in; no venue module is built from the environment.
      VENUES: 'none',
      REDIS_URL: redisUrl,
      CATALOG_FULL_SYNC_INTERVAL_MS: String(24 * 3_600_000),
      CATALOG_INCREMENTAL_INTERVAL_MS: String(3_600_000),
      CATALOG_HOT_RESOLVED_MAX_AGE_DAYS: String(HOT_MAX_AGE_DAYS),
      ARBITRAGE_ENABLED: 'false',
      // The load generator is one client: it must not be rate-limited.
      CLIENT_RATE_LIMIT_PER_MINUTE: '10000000',
    },
    venueModules,
  );
}

async function timed(url: string): Promise<{ ms: number; body: string }> {
  const t = performance.now();
  const r = await fetch(url);
  const body = await r.text();
  const ms = performance.now() - t;
  if (r.status !== 200) throw new Error(`${url}: ${r.status} ${body.slice(0, 300)}`);
  return { ms, body };
}

/**
 * Warms the HTTP stack and the serialization of markets on requests that run no list query (the
 * venues, one market by id), so that a shape's first call measures the catalog, not the process's
 * first requests.
 */
async function warmUp(url: string): Promise<void> {
  await timed(`${url}/v1/venues`);
  for (let i = 0; i < 3; i++) await (await fetch(`${url}/v1/markets/${encodeURIComponent(syntheticMarket(i + 1).id)}`)).text();
}

const idsOf = (body: string): string[] => (JSON.parse(body) as { data: { id: string }[] }).data.map((m) => m.id);

/** The first (cold) and the median of `rounds` further (warm) answers of `url`. */
async function coldAndWarm(url: string, rounds: number): Promise<{ coldMs: number; warmP50Ms: number; ids: string[] }> {
  const cold = await timed(url);
  const warm: number[] = [];
  for (let i = 0; i < rounds; i++) warm.push((await timed(url)).ms);
  return { coldMs: cold.ms, warmP50Ms: median(warm), ids: idsOf(cold.body) };
}

/** Keys in Redis, once two readings half a second apart agree (the service's writes have settled). */
async function settledKeyCount(redisUrl: string): Promise<number> {
  const redis = new Redis(redisUrl);
  try {
    let last = -1;
    for (let i = 0; i < 600; i++) {
      const n = await redis.dbsize();
      if (n === last) return n;
      last = n;
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error(`the cache store's key count did not settle in 5 minutes (${last})`);
  } finally {
    redis.disconnect();
  }
}

/** The event loop's delays over a span: the longest, and the 99th percentile. */
export interface LoopHold {
  maxMs: number;
  p99Ms: number;
}

const holdOf = (h: ReturnType<typeof monitorEventLoopDelay>): LoopHold => ({ maxMs: h.max / 1e6, p99Ms: h.percentile(99) / 1e6 });

export interface ShapeReport {
  name: string;
  path: string;
  coldMs: number;
  warmP50Ms: number;
  ids: string[];
}

export interface ServiceReport {
  venn: string;
  bare: string;
  bodyBytes: number;
  ingestS: number;
  /** How long the event loop was held during the sync (a request arriving then waits as long). */
  loopHold: LoopHold;
  /** Markets the catalog reports held, over the four venues (`/v1/venues`). */
  held: number;
  redisKeys: number;
  /** The empty service after a forced collection. */
  rssEmptyMb: number;
  /** Right after the sync, its garbage still in the heap. */
  rssAfterSyncMb: number;
  /** Once settled (`settledRss`), and whether V8 had collected on its own by then. */
  rssSettledMb: number;
  settledAfterS: number;
  settledCollected: boolean;
  heapMb: number;
  /** The cache store's state after the sync (`ok`, or `degraded` when the service fell back to memory). */
  cacheState: string;
  /** When the shapes were timed (epoch ms): the clock of their served statuses. */
  nowMs: number;
  shapes: ShapeReport[];
}

type VenuesBody = { data: { catalog: { state: string; marketCount: number } | null }[] };

async function serviceRole(redisUrl: string): Promise<void> {
  const silent = pino({ level: 'silent' });
  const empty = await startService(config(redisUrl), { adapters: [], logger: silent });
  gc();
  const rssEmpty = process.memoryUsage().rss;
  await empty.close();
  progress(`empty service: RSS ${mb(rssEmpty).toFixed(0)} MB`);
  const adapters = VENUE_IDS.map((v) => generatingAdapter(v, TOTAL));
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const started = performance.now();
  const service = await startService(config(redisUrl), { adapters, logger: silent });
  let held: number;
  for (;;) {
    const { data } = (await (await fetch(`${service.url}/v1/venues`)).json()) as VenuesBody;
    if (data.length === VENUE_IDS.length && data.every((d) => d.catalog?.state === 'ready')) {
      held = data.reduce((a, d) => a + (d.catalog?.marketCount ?? 0), 0);
      break;
    }
    if (data.some((d) => d.catalog?.state === 'failed')) throw new Error(`a venue's sync failed: ${JSON.stringify(data).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const ingestS = (performance.now() - started) / 1000;
  loop.disable();
  const loopHold = holdOf(loop);
  progress(`synced ${held.toLocaleString('en')} markets in ${ingestS.toFixed(1)} s; event loop held ${loopHold.maxMs.toFixed(0)} ms at most (p99 ${loopHold.p99Ms.toFixed(0)} ms)`);
  const redisKeys = await settledKeyCount(redisUrl);
  const rssAfterSync = process.memoryUsage().rss;
  progress(`RSS ${mb(rssAfterSync).toFixed(0)} MB right after the sync; waiting for it to settle`);
  const settled = await settledRss();
  progress(`RSS ${mb(settled.rss).toFixed(0)} MB after ${settled.afterS.toFixed(0)} s${settled.collected ? ', after V8 collected on its own' : ', V8 did not collect on its own'}`);
  gc();
  const mem = process.memoryUsage();
  // A Redis that timed out under load leaves the service writing to its in-memory fallback.
  const ready = (await (await fetch(`${service.url}/readyz`)).json()) as { cache?: { state: string } };
  const cacheState = ready.cache?.state ?? 'unknown';
  progress(`cache store ${cacheState}, ${redisKeys.toLocaleString('en')} keys`);
  await warmUp(service.url);
  const nowMs = Date.now();
  const shapes: ShapeReport[] = [];
  for (const shape of SHAPES) {
    shapes.push({ name: shape.name, path: shape.path, ...(await coldAndWarm(`${service.url}${shape.path}`, shape.rounds ?? WARM_ROUNDS)) });
  }
  const body = (await timed(`${service.url}${SHAPES[0]!.path}`)).body;
  const bare = new Hono();
  bare.get('/v1/markets', (c) => c.body(body, 200, { 'content-type': 'application/json' }));
  const bareServer = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: bare.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  const result: ServiceReport = {
    venn: service.url,
    bare: `http://127.0.0.1:${(bareServer.address() as AddressInfo).port}`,
    bodyBytes: Buffer.byteLength(body),
    ingestS,
    loopHold,
    held,
    redisKeys,
    rssEmptyMb: mb(rssEmpty),
    rssAfterSyncMb: mb(rssAfterSync),
    rssSettledMb: mb(settled.rss),
    settledAfterS: settled.afterS,
    settledCollected: settled.collected,
    heapMb: mb(mem.heapUsed),
    cacheState,
    nowMs,
    shapes,
  };
  await report(result);
  // Stopped by the parent after the throughput runs: the catalog releases its leases on close.
  process.once('disconnect', () => {
    void service.close().finally(() => bareServer.close(() => process.exit(0)));
  });
}

export interface ColdStartReport {
  /** From the call to start until the service listens with its warm index loaded. */
  loadS: number;
  /** How long the event loop was held during the load. */
  loopHold: LoopHold;
  held: number;
  firstMs: number;
  warmP50Ms: number;
  ids: string[];
  rssMb: number;
}

async function coldStartRole(redisUrl: string): Promise<void> {
  const down = () => new Error('venue unreachable (cold start benchmark)');
  const adapters = VENUE_IDS.map((venue) => createMemoryAdapter({ venue, markets: [], failWith: down }));
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const started = performance.now();
  const service = await startService(config(redisUrl), { adapters, logger: pino({ level: 'silent' }) });
  const loadS = (performance.now() - started) / 1000;
  loop.disable();
  try {
    const venues = await timed(`${service.url}/v1/venues`);
    const held = (JSON.parse(venues.body) as VenuesBody).data.reduce((a, d) => a + (d.catalog?.marketCount ?? 0), 0);
    progress(`loaded ${held.toLocaleString('en')} markets from Redis in ${loadS.toFixed(1)} s`);
    await warmUp(service.url);
    const { coldMs, warmP50Ms, ids } = await coldAndWarm(`${service.url}${COLD_START_PATH}`, WARM_ROUNDS);
    gc();
    await report({ loadS, loopHold: holdOf(loop), held, firstMs: coldMs, warmP50Ms, ids, rssMb: mb(process.memoryUsage().rss) } satisfies ColdStartReport);
  } finally {
    await service.close();
  }
  process.exit(0);
}

function fail(role: string) {
  return (err: unknown) => {
    process.stderr.write(`catalog bench ${role} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  };
}

const role = process.env.VENN_CATALOG_BENCH_ROLE;
const redisUrl = process.env.VENN_CATALOG_BENCH_REDIS ?? '';
if (role === 'service') serviceRole(redisUrl).catch(fail(role));
else if (role === 'coldstart') coldStartRole(redisUrl).catch(fail(role));
else if (role === 'index') indexRole(HOT_MAX_AGE_DAYS).catch(fail(role));
