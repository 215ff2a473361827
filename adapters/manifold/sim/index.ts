/**
 * Local simulator of Manifold's API (docs/venues/manifold.md): REST under `/v0` with the venue's
 * validation, `Authorization: Key` auth and 500 requests / minute / IP, the CPMM with limit
 * orders matched price-time against it, multiple-choice arbitrage, auto-redemption, the expiry
 * sweep, and the `/ws` WebSocket. Deterministic from the seed; seeded bots keep prices moving.
 *
 *   restUrl = http://127.0.0.1:<port>/v0   (paths as on api.manifold.markets/v0)
 *   wsUrl   = ws://127.0.0.1:<port>/ws
 */
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { FaultInjector, type FaultOptions } from '../../../src/sim/faults.js';
import { createRng } from '../../../src/sim/rng.js';
import { acceptUpgrade, startSimServer } from '../../../src/sim/server.js';
import { REST_PREFIX, buildApp } from './app.js';
import { startManifoldBots, type BotFocus } from './bots.js';
import { ZERO, fxInt, fxParse, fxText } from './fx.js';
import { generateCatalog } from './generate.js';
import { isTradable, resolveMarket, sweepExpired, type Resolution } from './lifecycle.js';
import type { SimContract, SimUser } from './model.js';
import { ManifoldState } from './state.js';
import { ManifoldWs, WS_PATH } from './ws.js';

export type { Resolution } from './lifecycle.js';
export type { BotFocus } from './bots.js';

export interface ApiKeySpec {
  key: string;
  username: string;
  /** Mana balance as a decimal string. */
  balance: string;
}

export interface ManifoldSimOptions {
  /** 0 (default) = a free port. */
  port?: number;
  seed?: number;
  /** Generated contracts; default 200. */
  markets?: number;
  /** Users whose `Authorization: Key <key>` works. */
  apiKeys?: ApiKeySpec[];
  /** Bot actions per second; default 5, 0 = none (use `stepBots`). */
  botRatePerSecond?: number;
  /** Requests per minute per IP; default 500 (the venue's), 0 = unlimited. */
  rateLimitPerMinute?: number;
  /** Clock (epoch ms) for trading, expiry, rate limits and the WS idle check; default Date.now. */
  now?: () => number;
  /** WS connections silent longer than this are dropped; default 60 s. */
  wsIdleTimeoutMs?: number;
  /** Interval of the WS idle check; default 60 s. */
  wsIdleCheckMs?: number;
  /** Interval of the limit-order expiry sweep; default 60 s. */
  expirySweepMs?: number;
  faults?: FaultOptions;
  logger?: Logger;
}

export interface SimMarketInfo {
  id: string;
  slug: string;
  outcomeType: string;
  mechanism: string;
  shouldAnswersSumToOne?: boolean;
  answerIds: string[];
  tradable: boolean;
  visibility: 'public' | 'unlisted';
}

export interface SimUserInfo {
  id: string;
  username: string;
  /** Mana, decimal string. */
  balance: string;
}

export interface ManifoldSim {
  url: string;
  restUrl: string;
  wsUrl: string;
  faults: FaultInjector;
  /** The store, for tests that inspect or arrange state directly. */
  state: ManifoldState;
  markets(): SimMarketInfo[];
  user(username: string): SimUserInfo;
  /** Adds a user with an API key (as `--api-key` does). */
  addUser(spec: ApiKeySpec): SimUserInfo;
  /** Bot actions now: on random markets, or all on one contract (and answer). */
  stepBots(n?: number, focus?: BotFocus): void;
  /** Runs the expiry sweep now; returns the ids of the orders it cancelled. */
  sweepExpired(): string[];
  resolve(contractId: string, resolution: Resolution): void;
  /** Runs the WS idle check now; returns the number of dropped connections. */
  checkIdle(): number;
  wsConnections(): number;
  stats(): { requests: number; rateLimited: number };
  close(): Promise<void>;
}

function userIdFor(key: string): string {
  return createHash('sha256').update(`manifold-sim-user:${key}`).digest('base64url').slice(0, 28);
}

function info(u: SimUser): SimUserInfo {
  return { id: u.id, username: u.username, balance: fxText(u.balance, 12) };
}

/** Parses `--api-key <key>:<username>:<mana balance>`. */
export function parseApiKey(spec: string): ApiKeySpec {
  const m = /^([^:\s]+):([A-Za-z0-9_]+):(\d+(?:\.\d+)?)$/.exec(spec);
  if (!m) throw new Error(`--api-key must be <key>:<username>:<mana balance>, got ${JSON.stringify(spec)}`);
  return { key: m[1] as string, username: m[2] as string, balance: m[3] as string };
}

const BOT_NAMES = ['AcmeBot', 'MarketMakerBot', 'ArbitrageBot'];

export async function startManifoldSim(options: ManifoldSimOptions = {}): Promise<ManifoldSim> {
  const seed = options.seed ?? 1;
  const now = options.now ?? Date.now;
  const state = new ManifoldState(seed, now);
  const catalog = generateCatalog(seed, options.markets ?? 200, now());
  for (const u of catalog.creators) state.addUser(u);
  const botRng = createRng(`manifold:${seed}:bots`);
  const bots: SimUser[] = BOT_NAMES.map((name, i) => ({
    id: userIdFor(`bot:${seed}:${i}`),
    username: name,
    name,
    createdTime: now() - 365 * 86_400_000,
    balance: fxInt(10_000_000),
    totalDeposits: fxInt(10_000_000),
    isBot: true,
  }));
  for (const b of bots) state.addUser(b);
  for (const c of catalog.contracts) state.addContract(c);

  const addUser = (spec: ApiKeySpec): SimUserInfo => {
    const user: SimUser = {
      id: userIdFor(spec.key),
      username: spec.username,
      name: spec.username,
      createdTime: now(),
      balance: fxParse(spec.balance),
      totalDeposits: fxParse(spec.balance),
      apiKey: spec.key,
      isBot: false,
    };
    if (user.balance < ZERO) throw new Error(`negative balance for ${spec.username}`);
    state.addUser(user);
    return info(user);
  };
  for (const k of options.apiKeys ?? []) addUser(k);

  const faults = new FaultInjector({ seed, ...options.faults });
  const ctx = { state, faults, stats: { requests: 0, rateLimited: 0 }, logger: options.logger };
  const app = buildApp(ctx, { perMinute: options.rateLimitPerMinute ?? 500, now }, catalog.groups);
  const ws = new ManifoldWs(state, faults, { idleTimeoutMs: options.wsIdleTimeoutMs ?? 60_000, idleCheckMs: options.wsIdleCheckMs ?? 60_000 });
  const server = await startSimServer({
    app,
    port: options.port ?? 0,
    websocket: {
      paths: [WS_PATH],
      handleUpgrade(req, socket, head, wss) {
        void acceptUpgrade(wss, req, socket, head).then((client) => ws.attach(client));
      },
    },
  });
  const botRunner = startManifoldBots({ state, bots, rng: botRng, ratePerSecond: options.botRatePerSecond ?? 5 });
  const sweeper = setInterval(() => sweepExpired(state), options.expirySweepMs ?? 60_000);
  sweeper.unref();
  options.logger?.info({ url: server.url, markets: state.contracts.size, seed }, 'manifold simulator listening');

  return {
    url: server.url,
    restUrl: `${server.url}${REST_PREFIX}`,
    wsUrl: `${server.wsBase}${WS_PATH}`,
    faults,
    state,
    markets: () =>
      [...state.contracts.values()].map((c: SimContract) => ({
        id: c.id,
        slug: c.slug,
        outcomeType: c.outcomeType,
        mechanism: c.mechanism,
        ...(c.shouldAnswersSumToOne !== undefined ? { shouldAnswersSumToOne: c.shouldAnswersSumToOne } : {}),
        answerIds: (c.answers ?? []).map((a) => a.id),
        tradable: isTradable(c, now()),
        visibility: c.visibility,
      })),
    user(username) {
      const u = state.usersByUsername.get(username);
      if (!u) throw new Error(`unknown user ${username}`);
      return info(u);
    },
    addUser,
    stepBots: (n = 1, focus) => botRunner.step(n, focus),
    sweepExpired: () => sweepExpired(state).map((b) => b.id),
    resolve: (contractId, resolution) => resolveMarket(state, contractId, resolution),
    checkIdle: () => ws.checkIdle(),
    wsConnections: () => ws.connections,
    stats: () => ({ ...ctx.stats, rateLimited: ctx.stats.rateLimited + faults.injected.rateLimited }),
    async close() {
      botRunner.stop();
      clearInterval(sweeper);
      ws.close();
      await server.close();
    },
  };
}
