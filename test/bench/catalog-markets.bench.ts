/**
 * The catalog at 1,000,000 markets (`VENN_CATALOG_BENCH_MARKETS` overrides the count) over four
 * in-memory adapters, with a real redis-server as the cache store:
 * - the service: ingest rate, RSS above the empty service, cold (first) vs warm latency of every
 *   query shape, warm `GET /v1/markets` throughput against a bare Hono route serving the same body;
 * - a cold start: a second service on the same Redis whose venues are down, serving only what it
 *   loaded: loading time, first query vs its warm p50;
 * - a bare MarketIndex: memory by component, `q` latency and rows examined, the cost per changed
 *   market of batches of 10,000 on a small and the full catalog, answers identical to the
 *   brute-force reference, `q` precision and recall on the labelled set.
 * Every child runs in its own process (catalog-scale-roles.ts), so that the load generator and
 * the memory figures do not share a heap.
 */
import { fork } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { serviceNodeFlags } from '../support/node-flags.js';
import { referenceIds } from '../support/market-reference.js';
import { startRedisServer } from '../support/redis-server.js';
import { eachSyntheticMarket } from '../support/synthetic-catalog.js';
import { MARKET_COUNT as BASELINE_MARKETS, combine, load, startServers } from './api-markets.bench.js';
import type { Load } from './api-markets.bench.js';
import type { IndexReport } from './catalog-scale-index.js';
import { SHAPES } from './catalog-scale-roles.js';
import type { ColdStartReport, ServiceReport } from './catalog-scale-roles.js';
import { TOTAL } from './catalog-scale-shared.js';
import type { BenchContext, BenchRecord, Benchmark } from './types.js';

/**
 * Warm throughput over bare Hono must hold the ratio the service has at 50,000 markets (the
 * api-markets setup, measured in the same rounds), within this factor of measurement noise.
 */
const THROUGHPUT_TARGET = 0.8;
const COLD_BOUND = 10;
const ROUNDS = 5;
const ROUND_S = 2;

type Role = 'service' | 'coldstart' | 'index';

function child<T>(ctx: BenchContext, role: Role, env: Record<string, string> = {}): { result: Promise<T>; exited: Promise<void>; stop(): void } {
  const proc = fork(fileURLToPath(new URL('./catalog-scale-roles.ts', import.meta.url)), [], {
    // The service's own Node flags (`npm start`), so the roles run it as deployed.
    execArgv: ['--import', 'tsx', '--expose-gc', '--max-old-space-size=8192', ...serviceNodeFlags()],
    env: { ...process.env, VENN_CATALOG_BENCH_ROLE: role, VENN_CATALOG_BENCH_MARKETS: String(TOTAL), ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  ctx.log(`${role}: ${TOTAL.toLocaleString('en')} markets (pid ${proc.pid})…`);
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const result = new Promise<T>((resolve, reject) => {
    proc.once('message', (m) => resolve(m as T));
    proc.once('exit', (code) => reject(new Error(`catalog bench ${role} exited with ${code} before reporting`)));
  });
  return { result, exited, stop: () => (proc.connected ? proc.disconnect() : undefined) };
}

const rec = (name: string, value: number, unit: string, target = '-', pass: boolean | null = null, baseline: number | null = null): BenchRecord => ({
  name,
  value,
  unit,
  baseline,
  ratio: baseline !== null && baseline > 0 ? value / baseline : null,
  target,
  pass,
});

/** A first query against the warm p50 of the same query: within COLD_BOUND × warm. */
const coldRecord = (name: string, coldMs: number, warmMs: number): BenchRecord =>
  rec(name, coldMs, 'ms', `≤ ${COLD_BOUND} × warm p50`, coldMs <= COLD_BOUND * Math.max(warmMs, 0.001), warmMs);

/** The first page of `status=resolved` (both tiers) from the reference over every market. */
function resolvedReference(nowMs: number): string[] {
  return referenceIds(eachSyntheticMarket(0, TOTAL), { venues: [], status: ['resolved'], sort: 'newest' }, nowMs).slice(0, 100);
}

async function serviceRecords(ctx: BenchContext, redisUrl: string): Promise<{ records: BenchRecord[]; firstPage: string[] }> {
  const records: BenchRecord[] = [];
  const service = child<ServiceReport>(ctx, 'service', { VENN_CATALOG_BENCH_REDIS: redisUrl });
  try {
    const s = await service.result;
    ctx.log(`ingest ${s.ingestS.toFixed(1)} s; RSS ${s.rssAfterSyncMb.toFixed(0)} MB right after, ${s.rssSettledMb.toFixed(0)} MB settled after ${s.settledAfterS.toFixed(0)} s (empty ${s.rssEmptyMb.toFixed(0)} MB), heap ${s.heapMb.toFixed(0)} MB; Redis ${s.redisKeys} keys`);
    const rate = TOTAL / s.ingestS;
    records.push(rec('markets ingest (sync from four in-memory adapters, Redis writes included)', rate, 'markets/s', '≥ 50,000', rate >= 50_000));
    records.push(rec('markets longest event-loop hold during the sync (a request then waits as long)', s.loopHold.maxMs, 'ms'));
    records.push(rec('markets event-loop delay p99 during the sync', s.loopHold.p99Ms, 'ms'));
    records.push(rec('markets held by the service after the sync (both tiers)', s.held, 'markets'));
    records.push(rec('markets cache store (Redis) connected after the sync', s.cacheState === 'ok' ? 1 : 0, 'bool', 'ok (else RSS counts the fallback)', s.cacheState === 'ok'));
    const above = s.rssSettledMb - s.rssEmptyMb;
    records.push(rec('markets RSS above the empty service, settled (V8 collected on its own)', above, 'MB', '< 1024', s.settledCollected && above < 1024));
    records.push(rec('markets RSS above the empty service right after the sync (its garbage still in the heap)', s.rssAfterSyncMb - s.rssEmptyMb, 'MB'));
    records.push(rec('markets service heap after the sync', s.heapMb, 'MB'));
    const empty: string[] = [];
    for (const shape of s.shapes) {
      ctx.log(`${shape.name}: cold ${shape.coldMs.toFixed(1)} ms, warm p50 ${shape.warmP50Ms.toFixed(2)} ms, ${shape.ids.length} rows`);
      records.push(coldRecord(`markets cold: ${shape.name}`, shape.coldMs, shape.warmP50Ms));
      if (shape.ids.length === 0) empty.push(shape.name);
    }
    if (empty.length > 0) throw new Error(`shapes answered no rows (they prove nothing): ${empty.join(', ')}`);
    const resolved = s.shapes.find((x) => x.name.startsWith('status=resolved'))!;
    const expected = resolvedReference(s.nowMs);
    if (resolved.ids.join() !== expected.join()) throw new Error(`status=resolved over both tiers differs from the reference: ${resolved.ids.slice(0, 3).join()}… vs ${expected.slice(0, 3).join()}…`);
    records.push(rec('markets status=resolved first page (both tiers) equals the reference', resolved.ids.length, 'rows', 'identical', true));

    const path = SHAPES[0]!.path;
    // The baseline: the same route on the service at 50,000 markets, its own bare route beside it,
    // in rounds alternating with the 1,000,000-market ones (same load on the machine).
    const baseline = await startServers(ctx);
    try {
      const b = baseline.urls;
      for (const [url, p] of [[s.bare, '/v1/markets'], [s.venn, path], [b.bare, '/v1/markets'], [b.venn, '/v1/markets?venue=all&limit=100']] as const) await load(url, ROUND_S, p);
      const rounds: Record<'bare' | 'venn' | 'baseBare' | 'baseVenn', Load[]> = { bare: [], venn: [], baseBare: [], baseVenn: [] };
      for (let i = 0; i < ROUNDS; i++) {
        rounds.bare.push(await load(s.bare, ROUND_S, '/v1/markets'));
        rounds.venn.push(await load(s.venn, ROUND_S, path));
        rounds.baseBare.push(await load(b.bare, ROUND_S, '/v1/markets'));
        rounds.baseVenn.push(await load(b.venn, ROUND_S, '/v1/markets?venue=all&limit=100'));
      }
      const [bare, venn, baseBare, baseVenn] = [combine(rounds.bare), combine(rounds.venn), combine(rounds.baseBare), combine(rounds.baseVenn)];
      for (const [name, x] of [['venn', venn], ['bare', bare], ['baseline venn', baseVenn], ['baseline bare', baseBare]] as const) {
        if (x.rps === 0) throw new Error(`no request completed in the throughput runs (${name})`);
        if (x.errors > 0) throw new Error(`errors or non-2xx answers during the throughput runs: ${name} ${x.errors}`);
      }
      const ratio = venn.rps / bare.rps;
      const baseRatio = baseVenn.rps / baseBare.rps;
      ctx.log(`throughput: venn ${venn.rps.toFixed(0)} req/s, bare ${bare.rps.toFixed(0)} req/s (${ratio.toFixed(3)}); at ${BASELINE_MARKETS.toLocaleString('en')}: ${baseVenn.rps.toFixed(0)} vs ${baseBare.rps.toFixed(0)} (${baseRatio.toFixed(3)}); body ${s.bodyBytes} bytes`);
      records.push(rec(`markets warm throughput at ${BASELINE_MARKETS.toLocaleString('en')} (baseline) vs bare Hono`, baseVenn.rps, 'req/s', '-', null, baseBare.rps));
      records.push(rec('markets warm throughput vs bare Hono', venn.rps, 'req/s', `ratio ≥ ${THROUGHPUT_TARGET} × the baseline's`, ratio >= THROUGHPUT_TARGET * baseRatio, bare.rps));
      records.push(rec('markets warm latency p50 (50 connections)', venn.p50, 'ms', '-', null, bare.p50));
    } finally {
      baseline.stop();
    }
    return { records, firstPage: s.shapes[0]!.ids };
  } finally {
    service.stop();
    await service.exited;
  }
}

async function coldStartRecords(ctx: BenchContext, redisUrl: string, firstPage: string[]): Promise<BenchRecord[]> {
  const run = child<ColdStartReport>(ctx, 'coldstart', { VENN_CATALOG_BENCH_REDIS: redisUrl });
  try {
    const c = await run.result;
    ctx.log(`cold start: loaded ${c.held} markets in ${c.loadS.toFixed(1)} s; first query ${c.firstMs.toFixed(1)} ms, warm p50 ${c.warmP50Ms.toFixed(2)} ms`);
    if (c.ids.length === 0) throw new Error('the cold start served no market from Redis');
    if (c.ids.join() !== firstPage.join()) throw new Error(`the cold start's first page differs from the synced service's: ${c.ids.slice(0, 3).join()}… vs ${firstPage.slice(0, 3).join()}…`);
    return [
      rec('markets cold start from Redis: loading (start to listening)', c.loadS, 's'),
      rec('markets cold start from Redis: markets held', c.held, 'markets'),
      rec('markets cold start from Redis: longest event-loop hold during the load', c.loopHold.maxMs, 'ms'),
      coldRecord('markets cold start from Redis: first query', c.firstMs, c.warmP50Ms),
      rec('markets cold start from Redis: RSS', c.rssMb, 'MB'),
    ];
  } finally {
    await run.exited;
  }
}

function indexRecords(idx: IndexReport): BenchRecord[] {
  const perHot = (bytes: number) => (idx.hot > 0 ? bytes / idx.hot : 0);
  const b = idx.bytes;
  const records = [
    rec('markets bare index ingest', idx.ingestPerS, 'markets/s'),
    rec(`markets index tiers: hot of ${idx.total.toLocaleString('en')}`, idx.hot, 'markets', `hot + cold = ${idx.total}`, idx.hot + idx.cold === idx.total),
    rec('markets index heap per market (hot and cold)', idx.heapPerMarket, 'bytes'),
    rec('markets index: compact JSON per hot market', perHot(b.json), 'bytes'),
    rec('markets index: typed columns per hot market', perHot(b.columns), 'bytes'),
    rec('markets index: ids per hot market', perHot(b.ids), 'bytes'),
    rec('markets index: sorted views per hot market', perHot(b.views), 'bytes'),
    rec(`markets index: word index per hot market (${idx.words} words)`, perHot(b.words), 'bytes'),
    rec('markets index: per cold market (keys only)', idx.cold > 0 ? b.cold / idx.cold : 0, 'bytes'),
    rec('markets index: raw payload retained (1 KiB payloads, keepRaw off)', idx.raw.off, 'bytes/market', '< 64 (not kept)', idx.raw.off < 64),
    rec('markets index: raw payload retained (1 KiB payloads, keepRaw on)', idx.raw.on, 'bytes/market'),
  ];
  for (const s of idx.search) {
    // Reported, not a target: in a bare index the first page also decodes its 100 markets, which
    // the repeats find decoded (the service's shapes above carry the 10 × target, through HTTP).
    records.push(rec(`markets q "${s.q}" at ${idx.total.toLocaleString('en')} (bare index): first query`, s.coldMs, 'ms', '-', null, s.warmP50Ms));
    // A word index examines the candidates of the rarest word, not the catalog.
    const one = /^\d+$/.test(s.q);
    records.push(rec(`markets q "${s.q}": rows examined`, s.cost, 'rows', one ? '≤ 100 (an index, not a scan)' : '-', one ? s.cost <= 100 : null));
  }
  const [small, big] = idx.incremental as [IndexReport['incremental'][number], IndexReport['incremental'][number]];
  records.push(
    rec(
      `markets incremental batch of 10k at ${big.catalog.toLocaleString('en')}`,
      big.usPerMarket,
      'µs/market',
      `∝ batch: ≤ 2 × at ${small.catalog.toLocaleString('en')}`,
      big.usPerMarket <= 2 * small.usPerMarket,
      small.usPerMarket,
    ),
  );
  for (const e of idx.equivalence) {
    records.push(rec(`markets brute-force equivalence at ${e.catalog.toLocaleString('en')} (${e.queries} queries to the last page)`, e.rows, 'rows', 'identical', true));
  }
  records.push(rec('markets q precision (labelled set)', idx.quality.precision, 'ratio'));
  records.push(rec('markets q recall (labelled set)', idx.quality.recall, 'ratio'));
  return records;
}

const benchmark: Benchmark = {
  name: 'catalog-markets',
  description: `the catalog at ${TOTAL.toLocaleString('en')} markets over four in-memory adapters, Redis as the cache store`,
  async run(ctx) {
    const records: BenchRecord[] = [rec('markets bench: load average at start', loadavg()[0] ?? 0, '1-min')];
    const redis = await startRedisServer();
    try {
      const service = await serviceRecords(ctx, redis.url);
      records.push(...service.records);
      records.push(...(await coldStartRecords(ctx, redis.url, service.firstPage)));
    } finally {
      await redis.stop();
    }
    const index = child<IndexReport>(ctx, 'index');
    records.push(...indexRecords(await index.result));
    await index.exited;
    records.push(rec('markets bench: load average at end', loadavg()[0] ?? 0, '1-min'));
    return records;
  },
};

export const benchmarks: Benchmark[] = [benchmark];
