/**
 * Feed fan-out through the Redis bus: 1,000 WebSocket clients over 200 Kalshi markets (five per
 * market) spread over three service instances sharing one redis-server, each market's stream held
 * by one instance and its updates delivered to the others over Redis pub/sub. Measured at the
 * clients: delivered messages per second and the latency from the simulator's send to the client.
 * Compared, in the same run and at the same offered load, with one instance serving all 1,000
 * clients on its in-process bus (the deployment without Redis).
 *
 * Processes: the simulator (`venue`), redis-server, each service instance (`instance`), and the
 * clients (this one). `VENN_WS_BENCH_SCALE` (e.g. 0.1) shrinks clients, markets and rates.
 */
import pino from 'pino';
import { venueModules } from '../../adapters/index.js';
import { DEMO_KEY_ID, DEMO_PRIVATE_KEY_PATH } from '../../adapters/kalshi/sim/index.js';
import { loadConfig } from '../../src/config.js';
import { startService } from '../../src/main.js';
import { startRedisServer } from '../support/redis-server.js';
import type { BenchContext, BenchRecord, Benchmark } from './types.js';
import { ClientSet, startChild, type Child } from './ws-bench-kit.js';
import { runRole, type VenueReady } from './ws-feed-roles.js';

const SCALE = Number(process.env.VENN_WS_BENCH_SCALE ?? 1);
const CLIENTS = Math.round(1_000 * SCALE);
const MARKETS = Math.max(10, Math.round(200 * SCALE));
const UPDATES_PER_SECOND = 5_000 * SCALE;
const INSTANCES = 3;
const ROUNDS = 3;
const ROUND_S = 4;

interface InstanceReady {
  wsUrl: string;
  markets: string[];
}

interface InstanceStats {
  published: number;
  upstream: number;
  owned: number;
  gaps: number;
  congested: number;
}

interface Phase {
  delivered: number;
  seconds: number;
  latencies: number[];
  updates: number;
  upstream: number;
  gaps: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const percentile = (xs: number[], p: number) => {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const load = () => (process.platform === 'linux' ? (import('node:os').then((os) => os.loadavg()[0]!)) : Promise.resolve(NaN));

async function statsOf(instances: Child[]): Promise<InstanceStats> {
  const all = await Promise.all(instances.map((i) => i.ask<InstanceStats>({ op: 'stats' })));
  return all.reduce((a, b) => ({
    published: a.published + b.published,
    upstream: a.upstream + b.upstream,
    owned: a.owned + b.owned,
    gaps: a.gaps + b.gaps,
    congested: a.congested + b.congested,
  }));
}

/** Starts `n` instances, connects the clients round-robin over them, measures, and stops everything. */
async function phase(ctx: BenchContext, label: string, n: number, env: Record<string, string>, venue: Child, actions: () => number, calibrate?: (a: number) => void): Promise<Phase> {
  const started = await Promise.all(Array.from({ length: n }, () => startChild<InstanceReady>(import.meta.url, 'instance', { VENN_WS_FANOUT_ENV: JSON.stringify(env) })));
  const instances = started.map((s) => s.child);
  const clients = new ClientSet();
  try {
    const markets = started[0]!.ready.markets.slice(0, MARKETS);
    if (markets.length < MARKETS) throw new Error(`the service lists ${markets.length} open markets, fewer than ${MARKETS}`);
    for (let k = 0; k < n; k++) {
      const share = Array.from({ length: CLIENTS }, (_, i) => i).filter((i) => i % n === k);
      await clients.open(started[k]!.ready.wsUrl, share.length, (j) => JSON.stringify({ op: 'subscribe', id: 1, channel: 'book', markets: [markets[share[j]! % markets.length]] }), (t) => t.includes('"type":"snapshot"'));
    }
    ctx.log(`${label}: ${CLIENTS} clients on ${n} instance(s)`);
    if (calibrate) {
      let a = actions();
      for (let i = 0; i < 3; i++) {
        await venue.ask({ op: 'rate', perSecond: a });
        const s0 = await statsOf(instances);
        const t = performance.now();
        await sleep(1_500);
        const got = (((await statsOf(instances)).published - s0.published) * 1000) / (performance.now() - t);
        ctx.log(`calibrating: ${Math.round(a)} bot actions/s → ${Math.round(got)} updates/s`);
        a *= Math.min(4, Math.max(0.5, UPDATES_PER_SECOND / Math.max(1, got)));
      }
      calibrate(a);
    }
    await venue.ask({ op: 'rate', perSecond: actions() });
    await sleep(500);
    const out: Phase = { delivered: 0, seconds: 0, latencies: [], updates: 0, upstream: 0, gaps: 0 };
    for (let r = 0; r < ROUNDS; r++) {
      const s0 = await statsOf(instances);
      clients.reset();
      const t0 = performance.now();
      await sleep(ROUND_S * 1_000);
      const seconds = (performance.now() - t0) / 1000;
      const s1 = await statsOf(instances);
      out.delivered += clients.received;
      out.seconds += seconds;
      out.latencies.push(...clients.latencies);
      out.updates += s1.published - s0.published;
      ctx.log(`${label} round ${r + 1}/${ROUNDS}: ${Math.round((s1.published - s0.published) / seconds)} updates/s upstream, ${Math.round(clients.received / seconds)} msg/s delivered, p99 ${percentile(clients.latencies, 99)} ms`);
    }
    await venue.ask({ op: 'rate', perSecond: 0 });
    const end = await statsOf(instances);
    out.upstream = end.upstream;
    out.gaps = end.gaps;
    return out;
  } finally {
    clients.close();
    for (const i of instances) i.stop();
    await Promise.all(instances.map((i) => new Promise((r) => (i.proc.exitCode !== null ? r(null) : i.proc.once('exit', r)))));
  }
}

const benchmark: Benchmark = {
  name: 'ws-fanout-redis',
  description: `${CLIENTS} WebSocket clients over ${MARKETS} markets spread over ${INSTANCES} instances on the Redis bus, vs one instance on its in-process bus, ${UPDATES_PER_SECOND.toLocaleString('en')} book updates/s offered`,
  async run(ctx: BenchContext): Promise<BenchRecord[]> {
    const { child: venue, ready: sim } = await startChild<VenueReady>(import.meta.url, 'venue', { VENN_WS_BENCH_MARKETS: String(Math.ceil(MARKETS * 1.4)) });
    const redis = await startRedisServer();
    try {
      const base = {
        HOST: '127.0.0.1',
        PORT: '0',
        LOG_LEVEL: 'silent',
        VENUES: 'kalshi',
        KALSHI_API_URL: sim.restUrl,
        KALSHI_WS_URL: sim.wsUrl,
        KALSHI_API_KEY_ID: DEMO_KEY_ID,
        KALSHI_PRIVATE_KEY_PATH: DEMO_PRIVATE_KEY_PATH,
        KALSHI_RATE_TIER: 'prestige',
        FEED_MAX_SUBSCRIPTIONS: '1000',
        ARBITRAGE_ENABLED: 'false',
      };
      const loadStart = await load();
      let actions = UPDATES_PER_SECOND / 2;
      const single = await phase(ctx, 'one instance, in-process bus', 1, base, venue, () => actions, (a) => (actions = a));
      const shared = await phase(ctx, `${INSTANCES} instances, Redis bus`, INSTANCES, { ...base, REDIS_URL: redis.url, REDIS_PREFIX: 'bench:' }, venue, () => actions);
      const loadEnd = await load();

      const rate = (p: Phase) => p.delivered / p.seconds;
      const ratio = rate(shared) / rate(single);
      const perUpdate = (p: Phase) => p.delivered / Math.max(1, p.updates);
      const [s99, r99] = [percentile(single.latencies, 99), percentile(shared.latencies, 99)];
      ctx.log(`load average (1 min) ${loadStart.toFixed(2)} at start, ${loadEnd.toFixed(2)} at end`);
      return [
        { name: 'ws fan-out via redis delivered messages/s', value: rate(shared), unit: 'msg/s', baseline: rate(single), ratio, target: '≥ 0.8 × one instance at the same load', pass: ratio >= 0.8 },
        { name: 'ws fan-out via redis messages per upstream update', value: perUpdate(shared), unit: 'msg', baseline: perUpdate(single), ratio: perUpdate(shared) / perUpdate(single), target: `${(CLIENTS / MARKETS).toFixed(1)} (every watcher)`, pass: null },
        { name: 'ws fan-out via redis upstream updates/s', value: shared.updates / shared.seconds, unit: 'updates/s', baseline: single.updates / single.seconds, ratio: shared.updates / shared.seconds / (single.updates / single.seconds), target: `${UPDATES_PER_SECOND.toLocaleString('en')} offered`, pass: null },
        { name: 'ws fan-out via redis latency p99', value: r99, unit: 'ms', baseline: s99, ratio: s99 > 0 ? r99 / s99 : null, target: '-', pass: null },
        { name: 'ws fan-out via redis upstream subscriptions', value: shared.upstream, unit: 'subscriptions', baseline: single.upstream, ratio: shared.upstream / Math.max(1, single.upstream), target: `${MARKETS} (one per market)`, pass: shared.upstream === MARKETS },
        { name: 'ws fan-out via redis bus gaps', value: shared.gaps, unit: 'gaps', baseline: single.gaps, ratio: null, target: '0', pass: shared.gaps === 0 },
        { name: 'ws fan-out load average (1 min, end)', value: loadEnd, unit: 'load', baseline: loadStart, ratio: null, target: '-', pass: null },
      ];
    } finally {
      venue.stop();
      await redis.stop();
    }
  },
};

export const benchmarks: Benchmark[] = [benchmark];

async function instanceRole(env: Record<string, string>): Promise<void> {
  const service = await startService(loadConfig(env, venueModules), { logger: pino({ level: 'silent' }) });
  for (let i = 0; (await fetch(`${service.url}/readyz`)).status !== 200; i++) {
    if (i > 1200) throw new Error('the service did not become ready within 60 s');
    await sleep(50);
  }
  process.on('message', (raw) => {
    const req = raw as { id: number; op: string };
    const books = service.books.stats();
    const stats: InstanceStats = {
      published: books.published,
      upstream: books.streams.reduce((n, s) => n + s.subscriptions, 0),
      owned: books.markets,
      gaps: service.feed.stats().hub.gaps,
      congested: service.feed.stats().congested,
    };
    process.send?.({ id: req.id, body: stats });
  });
  process.on('disconnect', () => void service.close().finally(() => process.exit(0)));
  const page = (await (await fetch(`${service.url}/v1/markets?venue=kalshi&status=open&limit=${MARKETS}`)).json()) as { data: { id: string }[] };
  const ready: InstanceReady = { wsUrl: `${service.url.replace(/^http/, 'ws')}/v1/ws`, markets: page.data.map((m) => m.id) };
  process.send?.(ready);
}

const role = process.env.VENN_WS_BENCH_ROLE;
if (role === 'venue') runRole('venue');
else if (role === 'instance') {
  instanceRole(JSON.parse(process.env.VENN_WS_FANOUT_ENV ?? '{}') as Record<string, string>).catch((err: unknown) => {
    process.stderr.write(`ws-fanout-redis instance failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
