/**
 * The WebSocket feed under load: 1,000 clients over 200 Kalshi markets (five per market), the
 * simulator sending 20,000 book updates per second in total. Measured at the clients: delivered
 * messages per second and the latency from the simulator's send (`ts_ms` of its frame, carried as
 * `venueTimestamp`) to the client's receive; in the service: its RSS over the run. Side by side,
 * in alternating rounds, a bare `ws` server broadcasting the same volume of messages of the same
 * size to 1,000 other clients of the same markets: the ratio to it is the figure.
 *
 * Three processes so the load generator does not share an event loop with what it measures: the
 * simulator (`venue`), the service and the bare server (`service`), and the clients (this one).
 * `VENN_WS_BENCH_SCALE` (e.g. 0.1) shrinks clients, markets and rates for a quick check.
 */
import type { BenchContext, BenchRecord, Benchmark } from './types.js';
import { ClientSet, startChild as startBenchChild } from './ws-bench-kit.js';
import { runRole, type ServiceReady, type VenueReady } from './ws-feed-roles.js';

const SCALE = Number(process.env.VENN_WS_BENCH_SCALE ?? 1);
const CLIENTS = Math.round(1_000 * SCALE);
const MARKETS = Math.max(10, Math.round(200 * SCALE));
const UPDATES_PER_SECOND = 20_000 * SCALE;
const ROUNDS = 3;
const ROUND_S = 5;
const startChild = <R>(role: string, env: Record<string, string>) => startBenchChild<R>(import.meta.url, role, env);

const percentile = (xs: number[], p: number) => {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface ServiceStats {
  rss: number;
  published: number;
  upstream: number;
  feed: { congested: number; connections: number; hub: { gaps: number } };
  bareUpdates: number;
}

interface Round {
  delivered: number;
  seconds: number;
  latencies: number[];
  updates: number;
}

const benchmark: Benchmark = {
  name: 'ws-feed',
  description: `${CLIENTS} WebSocket clients over ${MARKETS} markets, ${UPDATES_PER_SECOND.toLocaleString('en')} book updates/s from the simulator, vs a bare ws broadcast of the same volume`,
  async run(ctx: BenchContext): Promise<BenchRecord[]> {
    // More markets than needed: some of the simulator's are not open (initialized, closed, settled).
    const { child: venue, ready: sim } = await startChild<VenueReady>('venue', { VENN_WS_BENCH_MARKETS: String(Math.ceil(MARKETS * 1.4)) });
    const stops = [venue.stop];
    const feedClients = new ClientSet();
    const bareClients = new ClientSet();
    try {
      const { child: service, ready: urls } = await startChild<ServiceReady>('service', { VENN_WS_BENCH_VENUE: JSON.stringify(sim) });
      stops.unshift(service.stop);
      if (urls.markets.length < MARKETS) throw new Error(`the service lists ${urls.markets.length} open markets, fewer than ${MARKETS}`);
      const markets = urls.markets.slice(0, MARKETS);
      ctx.log(`simulator and service up; connecting ${CLIENTS} feed clients and ${CLIENTS} bare clients…`);
      await feedClients.open(urls.wsUrl, CLIENTS, (i) => JSON.stringify({ op: 'subscribe', id: 1, channel: 'book', markets: [markets[i % markets.length]] }), (t) => t.includes('"type":"snapshot"'));
      await bareClients.open(urls.bareUrl, CLIENTS, (i) => JSON.stringify({ market: markets[i % markets.length] }), (t) => t.includes('"type":"subscribed"'));

      // Calibrate: bot actions per second that make the wanted update rate (the number of book
      // updates per action settles as the books fill up, so this is a short feedback loop).
      let actionsPerSecond = UPDATES_PER_SECOND / 2;
      const measure = async (ms: number): Promise<number> => {
        const before = await service.ask<ServiceStats>({ op: 'stats' });
        const t = performance.now();
        await sleep(ms);
        const after = await service.ask<ServiceStats>({ op: 'stats' });
        return ((after.published - before.published) * 1000) / (performance.now() - t);
      };
      // A simulator that cannot keep up (a loaded machine) makes no more updates when asked for
      // more actions, and asking for far more starves its event loop: the loop stops at the rate
      // past which the updates stopped growing, and the run reports the volume it reached.
      let best = { actions: actionsPerSecond, got: 0 };
      for (let i = 0; i < 4; i++) {
        await venue.ask({ op: 'rate', perSecond: actionsPerSecond });
        const got = await measure(2_000);
        ctx.log(`calibrating: ${Math.round(actionsPerSecond)} bot actions/s → ${Math.round(got)} updates/s`);
        if (got < best.got * 1.1 && actionsPerSecond > best.actions) {
          actionsPerSecond = best.actions;
          ctx.log(`the simulator makes no more updates at a higher rate: staying at ${Math.round(actionsPerSecond)} bot actions/s`);
          break;
        }
        if (got > best.got) best = { actions: actionsPerSecond, got };
        actionsPerSecond *= Math.min(4, Math.max(0.5, UPDATES_PER_SECOND / Math.max(1, got)));
      }
      await venue.ask({ op: 'rate', perSecond: actionsPerSecond });
      const rssStart = (await service.ask<ServiceStats>({ op: 'stats' })).rss;

      const feedRounds: Round[] = [];
      const bareRounds: Round[] = [];
      const rss: number[] = [rssStart];
      for (let r = 0; r < ROUNDS; r++) {
        // Feed round: the simulator sends, the feed delivers.
        await venue.ask({ op: 'rate', perSecond: actionsPerSecond });
        await sleep(500);
        const s0 = await service.ask<ServiceStats>({ op: 'stats' });
        feedClients.reset();
        const t0 = performance.now();
        for (let s = 0; s < ROUND_S; s++) {
          await sleep(1_000);
          rss.push((await service.ask<ServiceStats>({ op: 'stats' })).rss);
        }
        const feed: Round = { delivered: feedClients.received, seconds: (performance.now() - t0) / 1000, latencies: feedClients.latencies, updates: 0 };
        const s1 = await service.ask<ServiceStats>({ op: 'stats' });
        feed.updates = (s1.published - s0.published) / feed.seconds;
        await venue.ask({ op: 'rate', perSecond: 0 });
        if (feed.updates >= best.got * 0.9) actionsPerSecond *= Math.min(1.5, Math.max(0.67, UPDATES_PER_SECOND / Math.max(1, feed.updates)));
        else actionsPerSecond = Math.max(best.actions / 2, actionsPerSecond * 0.67);
        feedRounds.push(feed);

        // Bare round: the same volume of updates, broadcast without any processing.
        await service.ask({ op: 'rate', perSecond: feed.updates });
        await sleep(500);
        bareClients.reset();
        const b0 = performance.now();
        await sleep(ROUND_S * 1_000);
        const bare: Round = { delivered: bareClients.received, seconds: (performance.now() - b0) / 1000, latencies: bareClients.latencies, updates: feed.updates };
        await service.ask({ op: 'rate', perSecond: 0 });
        bareRounds.push(bare);
        ctx.log(
          `round ${r + 1}/${ROUNDS}: upstream ${Math.round(feed.updates)} updates/s; feed ${Math.round(feed.delivered / feed.seconds)} msg/s p99 ${percentile(feed.latencies, 99)} ms; ` +
            `bare ${Math.round(bare.delivered / bare.seconds)} msg/s p99 ${percentile(bare.latencies, 99)} ms; service RSS ${(rss.at(-1)! / 2 ** 20).toFixed(0)} MiB`,
        );
        await sleep(300);
      }
      const end = await service.ask<ServiceStats>({ op: 'stats' });

      const total = (rounds: Round[]) => rounds.reduce((n, x) => n + x.delivered, 0) / rounds.reduce((n, x) => n + x.seconds, 0);
      const lat = (rounds: Round[]) => rounds.flatMap((x) => x.latencies);
      const feedRate = total(feedRounds);
      const bareRate = total(bareRounds);
      const upstream = feedRounds.reduce((n, x) => n + x.updates, 0) / feedRounds.length;
      const [f50, f99, b50, b99] = [percentile(lat(feedRounds), 50), percentile(lat(feedRounds), 99), percentile(lat(bareRounds), 50), percentile(lat(bareRounds), 99)];
      const rssGrowth = rss.at(-1)! / rssStart;
      return [
        { name: 'ws delivered messages/s', value: feedRate, unit: 'msg/s', baseline: bareRate, ratio: feedRate / bareRate, target: '≥ 0.5 × bare broadcast', pass: feedRate / bareRate >= 0.5 },
        { name: 'ws latency p50', value: f50, unit: 'ms', baseline: b50, ratio: b50 > 0 ? f50 / b50 : null, target: '-', pass: null },
        { name: 'ws latency p99', value: f99, unit: 'ms', baseline: b99, ratio: b99 > 0 ? f99 / b99 : null, target: 'p99 < 50 ms', pass: f99 < 50 },
        { name: 'ws upstream updates/s', value: upstream, unit: 'updates/s', baseline: null, ratio: null, target: `${UPDATES_PER_SECOND.toLocaleString('en')} offered`, pass: upstream >= 0.9 * UPDATES_PER_SECOND },
        { name: 'ws service RSS end / start', value: rssGrowth, unit: '×', baseline: null, ratio: null, target: 'flat: ≤ 1.2 ×', pass: rssGrowth <= 1.2 },
        { name: 'ws service RSS', value: rss.at(-1)! / 2 ** 20, unit: 'MiB', baseline: rssStart / 2 ** 20, ratio: rssGrowth, target: '-', pass: null },
        { name: 'ws congested connections at end', value: end.feed.congested, unit: 'connections', baseline: null, ratio: null, target: '-', pass: null },
      ];
    } finally {
      feedClients.close();
      bareClients.close();
      for (const stop of stops) stop();
    }
  },
};

export const benchmarks: Benchmark[] = [benchmark];

if (process.env.VENN_WS_BENCH_ROLE) runRole(process.env.VENN_WS_BENCH_ROLE);
