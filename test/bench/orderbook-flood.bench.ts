/**
 * Fairness under a flood: p99 of `GET /v1/markets/{id}/orderbook` asked by one client while another
 * client floods `GET /v1/markets/{id}/trades` with 100 connections, divided by the same p99 with no
 * flood, measured side by side in one run. Both routes draw on the Kalshi simulator's read budget
 * (basic tier: 20 requests/s), so the flood asks far more than the venue allows.
 *
 * The flood comes from 127.0.0.1 and the probe from 127.0.0.2 (two clients, as the service keys them
 * by address). The service and the simulator run in a child process (this file, with
 * VENN_BENCH_ROLE=server) so that the load generator does not share their event loop.
 */
import autocannon from 'autocannon';
import { fork } from 'node:child_process';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { venueModules } from '../../adapters/index.js';
import { DEMO_KEY_ID, DEMO_PRIVATE_KEY_PATH, startKalshiSim } from '../../adapters/kalshi/sim/index.js';
import { loadConfig } from '../../src/config.js';
import { startService } from '../../src/main.js';
import type { BenchContext, BenchRecord, Benchmark } from './types.js';

const FLOOD_CONNECTIONS = 100;
const PROBES = 150;
const PROBE_ADDRESS = '127.0.0.2';

interface Target {
  url: string;
  ids: string[];
}

async function serveForBench(): Promise<void> {
  const sim = await startKalshiSim({ port: 0, seed: 5, markets: 40, botRatePerSecond: 0 });
  const config = loadConfig(
    {
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'silent',
      VENUES: 'kalshi',
      KALSHI_API_URL: sim.restUrl,
      KALSHI_WS_URL: sim.wsUrl,
      KALSHI_API_KEY_ID: DEMO_KEY_ID,
      KALSHI_PRIVATE_KEY_PATH: DEMO_PRIVATE_KEY_PATH,
      ORDERBOOK_CACHE_TTL_MS: '0',
      // The flood is one client; its own API rate limit is lifted so that the venue queue is what it meets.
      CLIENT_RATE_LIMIT_PER_MINUTE: '10000000',
    },
    venueModules,
  );
  const service = await startService(config, { logger: pino({ level: 'silent' }) });
  for (let i = 0; ; i++) {
    if ((await fetch(`${service.url}/readyz`)).status === 200) break;
    if (i > 1200) throw new Error('catalog did not become ready within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const list = (await (await fetch(`${service.url}/v1/markets?venue=kalshi&status=open&limit=40`)).json()) as { data: { id: string }[] };
  process.send?.({ url: service.url, ids: list.data.map((m) => m.id) } satisfies Target);
  process.on('disconnect', () => {
    void service.close().finally(() => void sim.close().finally(() => process.exit(0)));
  });
}

function startServer(ctx: BenchContext): Promise<{ target: Target; stop(): void }> {
  const child = fork(fileURLToPath(import.meta.url), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, VENN_BENCH_ROLE: 'server' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  ctx.log(`starting the Kalshi simulator and the service (pid ${child.pid})…`);
  return new Promise((resolve, reject) => {
    child.once('message', (t) => resolve({ target: t as Target, stop: () => child.disconnect() }));
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
}

const probeAgent = new Agent({ keepAlive: true, maxSockets: 1 });

/** One GET from the probe address; its status and milliseconds. */
function probe(url: string): Promise<{ status: number; ms: number }> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: probeAgent, localAddress: PROBE_ADDRESS }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - start }));
    });
    req.on('error', reject);
    req.end();
  });
}

interface ProbeRun {
  p50: number;
  p99: number;
  statuses: Record<string, number>;
}

/** Sequential probes of the order books, spaced so that the probe alone stays well inside the venue budget. */
async function probeRun(t: Target, count: number): Promise<ProbeRun> {
  const ms: number[] = [];
  const statuses: Record<string, number> = {};
  for (let i = 0; i < count; i++) {
    const r = await probe(`${t.url}/v1/markets/${t.ids[i % t.ids.length]}/orderbook`);
    ms.push(r.ms);
    statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  ms.sort((a, b) => a - b);
  const at = (q: number) => ms[Math.min(ms.length - 1, Math.ceil(q * ms.length) - 1)]!;
  return { p50: at(0.5), p99: at(0.99), statuses };
}

const benchmark: Benchmark = {
  name: 'orderbook-flood',
  description: `p99 of /orderbook (one client) under a ${FLOOD_CONNECTIONS}-connection flood of /trades (another client) ÷ p99 idle, Kalshi simulator`,
  async run(ctx) {
    const { target, stop } = await startServer(ctx);
    try {
      ctx.log(`ready; ${target.ids.length} markets; idle probes…`);
      await probeRun(target, 10);
      const idle = await probeRun(target, PROBES);
      ctx.log(`idle p50 ${idle.p50.toFixed(1)} ms, p99 ${idle.p99.toFixed(1)} ms ${JSON.stringify(idle.statuses)}; flooding…`);
      const requests = target.ids.map((id) => ({ method: 'GET' as const, path: `/v1/markets/${id}/trades` }));
      let flood: autocannon.Instance | undefined;
      const floodDone = new Promise<autocannon.Result>((resolve, reject) => {
        flood = autocannon({ url: target.url, connections: FLOOD_CONNECTIONS, duration: 600, requests }, (err: unknown, result) => (err ? reject(err as Error) : resolve(result)));
      });
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      const flooded = await probeRun(target, PROBES);
      flood?.stop();
      const floodResult = await floodDone;
      const floodStatuses = { '2xx': floodResult['2xx'], non2xx: floodResult.non2xx, errors: floodResult.errors + floodResult.timeouts };
      ctx.log(`under flood p50 ${flooded.p50.toFixed(1)} ms, p99 ${flooded.p99.toFixed(1)} ms ${JSON.stringify(flooded.statuses)}; flood answers ${JSON.stringify(floodStatuses)}, ${Math.round(floodResult.requests.average)} req/s`);
      const ratio = flooded.p99 / idle.p99;
      const probeServed = (flooded.statuses['200'] ?? 0) / PROBES;
      const records: BenchRecord[] = [
        { name: 'orderbook p99 under flood', value: flooded.p99, unit: 'ms', baseline: idle.p99, ratio, target: '≤ 10 × idle p99', pass: ratio <= 10 },
        { name: 'orderbook p50 under flood', value: flooded.p50, unit: 'ms', baseline: idle.p50, ratio: flooded.p50 / idle.p50, target: '-', pass: null },
        { name: 'orderbook answered 200 under flood', value: probeServed * 100, unit: '%', baseline: null, ratio: null, target: '100 %', pass: probeServed === 1 },
        { name: 'flood answered (2xx) of all', value: (floodResult['2xx'] / Math.max(1, floodResult.requests.sent)) * 100, unit: '%', baseline: null, ratio: null, target: '-', pass: null },
      ];
      return records;
    } finally {
      probeAgent.destroy();
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
