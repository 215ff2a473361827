/**
 * The child processes of the `ws-feed` benchmark (started by ws-feed.bench.ts with
 * VENN_WS_BENCH_ROLE):
 *
 * - `venue`: the Kalshi simulator with its bots stepped at a rate the parent sets, so the
 *   simulator sends `orderbook_delta` frames at a known pace (each frame carries the simulator's
 *   `ts_ms`, the start of the latency measurement).
 * - `service`: the whole service built from configuration against that simulator (books and feed on
 *   the in-process bus), and beside it a bare `ws` server that broadcasts pre-built messages of the
 *   same shape and size to its subscribers at a rate the parent sets: the baseline.
 *
 * Both answer the parent's IPC requests (`rate`, `stats`) and exit when the parent disconnects.
 */
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { venueModules } from '../../adapters/index.js';
import { DEMO_KEY_ID, DEMO_PRIVATE_KEY_PATH, startKalshiSim } from '../../adapters/kalshi/sim/index.js';
import { loadConfig } from '../../src/config.js';
import { startService } from '../../src/main.js';

export interface VenueReady {
  restUrl: string;
  wsUrl: string;
  tickers: string[];
}

export interface ServiceReady {
  wsUrl: string;
  bareUrl: string;
  /** Open markets of the service's catalog (ids), in its order. */
  markets: string[];
}

export type Request = { id: number; op: 'rate'; perSecond: number } | { id: number; op: 'stats' };

function reply(id: number, body: unknown): void {
  process.send?.({ id, body });
}

/**
 * Runs `fn` every 5 ms with the number of events due at `perSecond` since the last run. At most
 * 50 ms of events are owed: a process that falls behind (a loaded machine) sheds the rest instead
 * of making each late run longer than the last, which would starve its event loop for good.
 */
function pacer(fn: (n: number) => void): { set(perSecond: number): void; stop(): void } {
  let rate = 0;
  let last = performance.now();
  let owed = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    owed = Math.min(owed + ((now - last) / 1000) * rate, rate * 0.05);
    last = now;
    const n = Math.floor(owed);
    owed -= n;
    if (n > 0) fn(n);
  }, 5);
  return {
    set(perSecond) {
      rate = perSecond;
      owed = 0;
      last = performance.now();
    },
    stop: () => clearInterval(timer),
  };
}

async function venueRole(markets: number): Promise<void> {
  const sim = await startKalshiSim({ port: 0, seed: 1, markets, botRatePerSecond: 0, enforceRateLimits: false });
  let actions = 0;
  const pace = pacer((n) => {
    actions += n;
    sim.bots.step(n);
  });
  process.on('message', (raw) => {
    const req = raw as Request;
    if (req.op === 'rate') pace.set(req.perSecond);
    reply(req.id, { actions, rss: process.memoryUsage().rss });
  });
  process.on('disconnect', () => {
    pace.stop();
    void sim.close().finally(() => process.exit(0));
  });
  const ready: VenueReady = { restUrl: sim.restUrl, wsUrl: sim.wsUrl, tickers: sim.tickers() };
  process.send?.(ready);
}

/** A message of the same shape and size as a feed delta, with the time it was made. */
function bareMessage(market: string, seq: number): string {
  const ts = new Date().toISOString();
  return `{"type":"delta","channel":"book","market":${JSON.stringify(market)},"seq":${seq},"bids":[["0.45","120"]],"asks":[],"venueTimestamp":"${ts}","receivedAt":"${ts}"}`;
}

async function serviceRole(venue: VenueReady): Promise<void> {
  const env = {
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    VENUES: 'kalshi',
    KALSHI_API_URL: venue.restUrl,
    KALSHI_WS_URL: venue.wsUrl,
    KALSHI_API_KEY_ID: DEMO_KEY_ID,
    KALSHI_PRIVATE_KEY_PATH: DEMO_PRIVATE_KEY_PATH,
    KALSHI_RATE_TIER: 'prestige',
    FEED_MAX_SUBSCRIPTIONS: '1000',
  };
  const service = await startService(loadConfig(env, venueModules), { logger: pino({ level: 'silent' }) });
  for (let i = 0; (await fetch(`${service.url}/readyz`)).status !== 200; i++) {
    if (i > 1200) throw new Error('the service did not become ready within 60 s');
    await new Promise((r) => setTimeout(r, 50));
  }

  // The baseline: subscribers send {"market": id}; every update is one pre-built string sent to
  // each subscriber of its market.
  const bare = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await new Promise<void>((resolve) => bare.once('listening', () => resolve()));
  const subscribers = new Map<string, Set<WebSocket>>();
  bare.on('connection', (ws) => {
    ws.on('message', (data) => {
      const { market } = JSON.parse(String(data)) as { market: string };
      let set = subscribers.get(market);
      if (!set) subscribers.set(market, (set = new Set()));
      set.add(ws);
      ws.send(JSON.stringify({ type: 'subscribed', markets: [market] }));
    });
    ws.on('close', () => {
      for (const set of subscribers.values()) set.delete(ws);
    });
  });
  let seq = 0;
  let cursor = 0;
  const pace = pacer((n) => {
    const markets = [...subscribers.keys()];
    if (markets.length === 0) return;
    for (let i = 0; i < n; i++) {
      const market = markets[cursor++ % markets.length]!;
      const text = bareMessage(market, ++seq);
      for (const ws of subscribers.get(market)!) ws.send(text);
    }
  });

  process.on('message', (raw) => {
    const req = raw as Request;
    if (req.op === 'rate') pace.set(req.perSecond);
    const books = service.books.stats();
    reply(req.id, {
      rss: process.memoryUsage().rss,
      published: books.published,
      upstream: books.streams.reduce((n, s) => n + s.subscriptions, 0),
      feed: service.feed.stats(),
      bareUpdates: seq,
    });
  });
  process.on('disconnect', () => {
    pace.stop();
    bare.close();
    void service.close().finally(() => process.exit(0));
  });
  const ready: ServiceReady = {
    wsUrl: `${service.url.replace(/^http/, 'ws')}/v1/ws`,
    bareUrl: `ws://127.0.0.1:${(bare.address() as AddressInfo).port}`,
    markets: await openMarkets(service.url),
  };
  process.send?.(ready);
}

/**
 * The markets the clients subscribe to: those the service lists as open. The simulator also has
 * markets that are not open or not listed (a client subscribing one would get `unknown_market`).
 */
async function openMarkets(url: string): Promise<string[]> {
  const out: string[] = [];
  let cursor: string | null = null;
  do {
    const page = (await (await fetch(`${url}/v1/markets?venue=kalshi&status=open&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)).json()) as {
      data: { id: string }[];
      nextCursor: string | null;
    };
    out.push(...page.data.map((m) => m.id));
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

export function runRole(role: string): void {
  const fail = (err: unknown) => {
    process.stderr.write(`ws-feed ${role} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  };
  if (role === 'venue') venueRole(Number(process.env.VENN_WS_BENCH_MARKETS ?? 200)).catch(fail);
  else if (role === 'service') serviceRole(JSON.parse(process.env.VENN_WS_BENCH_VENUE ?? '{}') as VenueReady).catch(fail);
}
