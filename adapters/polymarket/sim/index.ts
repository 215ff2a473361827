/**
 * Offline simulator of Polymarket (docs/venues/polymarket.md §10): Gamma, CLOB (public, L1/L2 auth,
 * V2/V3 EIP-712 orders, matching, balances, rate limits) and Data API over HTTP, plus the CLOB
 * market and user WebSocket channels, all on one loopback port:
 *
 *   gammaUrl = http://127.0.0.1:<port>/gamma   (paths as on gamma-api.polymarket.com)
 *   clobUrl  = http://127.0.0.1:<port>/clob    (paths as on clob.polymarket.com; L2 signs the path without /clob)
 *   dataUrl  = http://127.0.0.1:<port>/data    (paths as on data-api.polymarket.com)
 *   wsUrl    = ws://127.0.0.1:<port>           (`${wsUrl}/ws/market`, `${wsUrl}/ws/user`)
 *
 * Markets are generated deterministically from the seed; seeded market-maker bots keep the books
 * that have been touched (requested or subscribed) moving.
 */
import type { Logger } from 'pino';
import { Decimal } from '../../../src/core/decimal.js';
import { acceptUpgrade, createRng, startMarketMakers, startSimServer, type MarketMakers } from '../../../src/sim/index.js';
import { buildApp, PREFIX } from './app.js';
import { ApiKeyStore } from './auth-l1.js';
import { tokenLevels } from './books.js';
import type { SimContext } from './context.js';
import { Exchange } from './exchange.js';
import { PolymarketFaults } from './faults.js';
import { fmt, tickUnits } from './format.js';
import { generateUniverse, type SimFeeSchedule } from './generate.js';
import { RateLimiter } from './ratelimit.js';
import type { SignerTierName } from './constants.js';
import { MarketChannel } from './ws-market.js';
import { UserChannel } from './ws-user.js';

export { PolymarketFaults } from './faults.js';

export interface PolymarketSimOptions {
  /** 0 (default) = a free port. */
  port?: number;
  seed?: number;
  /** Number of generated markets; default 200. */
  markets?: number;
  /** Also list the propositions other simulated venues list (cross-listed.ts; the demo turns it on). */
  crossListed?: boolean;
  /** Wallets credited with pUSD (and exchange allowances) at start. */
  fund?: { address: string; amount: string }[];
  /** Market-maker bot actions per second; default 20, 0 = none. */
  botRatePerSecond?: number;
  /** Cloudflare windows and per-signer buckets; default true. */
  enforceRateLimits?: boolean;
  /** The per-signer bucket tier of every signer (docs/venues/polymarket.md §8.2); default standard. */
  signerTier?: SignerTierName;
  /** Interval of server protocol pings on both channels; default 10 s. */
  pingIntervalMs?: number;
  logger?: Logger;
  /** Clock (epoch ms) for auth windows, rate limits and timestamps; default Date.now. */
  now?: () => number;
  /** Delay between trade status steps MATCHED → MINED → CONFIRMED; default 200 ms. */
  settleStepMs?: number;
  /** Matching delay (seconds) of single Sports markets; default 0 (no delayed markets). */
  sportsDelaySeconds?: number;
  /**
   * Share of user trades whose on-chain settlement fails (MATCHED → RETRYING → FAILED), the same
   * trades for the same seed; default 0.02, 0 = none.
   */
  tradeFailureRate?: number;
}

export interface SimMarketInfo {
  conditionId: string;
  yesTokenId: string;
  noTokenId: string;
  tickSize: string;
  minOrderSize: string;
  negRisk: boolean;
  /** Gamma `version`: "v2" markets sign orders for ExchangeV3 (domain version "3"). */
  version: 'v1' | 'v2';
  closed: boolean;
  secondsDelay: number;
  gammaId: string;
  eventId: string;
  category: string;
  /** The market's fee schedule (Gamma `feeSchedule`); null when fee-free. */
  fee: SimFeeSchedule | null;
}

export interface PolymarketSim {
  gammaUrl: string;
  clobUrl: string;
  dataUrl: string;
  /** Base: `${wsUrl}/ws/market`, `${wsUrl}/ws/user`. */
  wsUrl: string;
  faults: PolymarketFaults;
  /** Best-first `[price, size]` of a token's book, for tests comparing books. */
  book(tokenId: string): { bids: [string, string][]; asks: [string, string][] };
  markets(): SimMarketInfo[];
  fund(address: string, amount: string): void;
  resolve(conditionId: string, outcome: 'yes' | 'no'): void;
  stats(): { requests: number; rateLimited: number };
  /** The number of assets each open market-channel connection follows (at most 500 each). */
  marketConnections(): number[];
  /** The condition ids each authenticated user-channel connection follows (empty = every market). */
  userConnections(): string[][];
  /**
   * Runs `n` market-maker actions now (deterministic for the seed); with a condition id, all of them
   * on that market's book (created if nobody touched it yet), so it quotes and trades.
   */
  stepBots(n?: number, conditionId?: string): void;
  /**
   * Switches the order version the CLOB runs (`GET /version`): orders signed for another version
   * are refused with `order_version_mismatch` (docs/venues/polymarket.md §6.1).
   */
  setClobVersion(version: 2 | 3): void;
  /** The orders the exchange holds (rejected ones are never stored), optionally of one maker wallet and market. */
  orders(filter?: { maker?: string; conditionId?: string }): { id: string; conditionId: string; status: string }[];
  close(): Promise<void>;
}

function pusdUnits(amount: string): bigint {
  return Decimal.parse(amount).toUnits(6, 'down');
}

export async function startPolymarketSim(options: PolymarketSimOptions = {}): Promise<PolymarketSim> {
  const seed = options.seed ?? 1;
  const now = options.now ?? Date.now;
  const universe = generateUniverse(seed, options.markets ?? 200, options.sportsDelaySeconds ?? 0, options.crossListed ?? false);
  const exchange = new Exchange({ universe, seed, now, settleStepMs: options.settleStepMs, tradeFailureRate: options.tradeFailureRate });
  const faults = new PolymarketFaults({ seed: `${seed}:faults` }, now);
  const ctx: SimContext = {
    universe,
    exchange,
    keys: new ApiKeyStore(`polymarket-sim:${seed}`),
    faults,
    limiter: new RateLimiter(now, options.signerTier),
    stats: { requests: 0, rateLimited: 0 },
    funders: new Map(),
    now,
    clobVersion: 2,
    enforceRateLimits: options.enforceRateLimits ?? true,
    logger: options.logger,
  };
  for (const f of options.fund ?? []) exchange.ledger.fund(f.address, pusdUnits(f.amount));

  const pingIntervalMs = options.pingIntervalMs ?? 10_000;
  const marketChannel = new MarketChannel(ctx, pingIntervalMs);
  const userChannel = new UserChannel(ctx, pingIntervalMs);
  const server = await startSimServer({
    app: buildApp(ctx),
    port: options.port ?? 0,
    websocket: {
      paths: ['/ws/market', '/ws/user'],
      handleUpgrade(req, socket, head, wss) {
        const path = (req.url ?? '').split('?')[0];
        void acceptUpgrade(wss, req, socket, head).then((ws) => (path === '/ws/user' ? userChannel : marketChannel).attach(ws));
      },
    },
  });

  // A Map (not a generator) so that the bots see each book as soon as it is created: they re-read
  // a Map whenever its size changes, but a generator only every 1000 actions.
  const botBooks = new Map(exchange.books.entries());
  exchange.books.onCreate((mb) => botBooks.set(mb.market.conditionId, mb.book));
  const bots: MarketMakers = startMarketMakers({
    books: botBooks,
    rng: createRng(`${seed}:bots`),
    ratePerSecond: options.botRatePerSecond ?? 20,
    tick: (id) => tickUnits(exchange.books.peek(id)?.tick ?? '0.01'),
    tradable: (id) => {
      const m = universe.byConditionId.get(id);
      return m !== undefined && !m.closed && !m.resolved;
    },
  });
  options.logger?.info({ port: server.port, markets: universe.markets.length, seed }, 'polymarket simulator listening');

  return {
    gammaUrl: `${server.url}${PREFIX.gamma}`,
    clobUrl: `${server.url}${PREFIX.clob}`,
    dataUrl: `${server.url}${PREFIX.data}`,
    wsUrl: server.wsBase,
    faults,
    book(tokenId) {
      const hit = exchange.books.byToken(tokenId);
      if (!hit) throw new Error(`unknown token id ${tokenId}`);
      const { bids, asks } = tokenLevels(hit.mb, hit.outcome);
      const pairs = (levels: [number, number][]) => levels.map(([p, s]) => [fmt(p), fmt(s)] as [string, string]);
      return { bids: pairs(bids), asks: pairs(asks) };
    },
    markets: () =>
      universe.markets.map((m) => ({
        conditionId: m.conditionId,
        yesTokenId: m.yesTokenId,
        noTokenId: m.noTokenId,
        tickSize: exchange.books.peek(m.conditionId)?.tick ?? m.tickSize,
        minOrderSize: m.minOrderSize,
        negRisk: m.negRisk,
        version: m.version,
        closed: m.closed || Boolean(m.resolved),
        secondsDelay: m.secondsDelay,
        gammaId: m.id,
        eventId: universe.events[m.eventIndex]!.id,
        category: m.category,
        fee: m.fee,
      })),
    fund: (address, amount) => exchange.ledger.fund(address, pusdUnits(amount)),
    setClobVersion: (version) => {
      ctx.clobVersion = version;
    },
    resolve: (conditionId, outcome) => exchange.resolve(conditionId.toLowerCase(), outcome),
    stats: () => ({ requests: ctx.stats.requests, rateLimited: ctx.stats.rateLimited + faults.injected.rateLimited }),
    marketConnections: () => marketChannel.connections(),
    userConnections: () => userChannel.connections(),
    stepBots: (n = 1, conditionId?: string) => {
      if (conditionId !== undefined) exchange.books.get(conditionId.toLowerCase());
      bots.step(n, conditionId?.toLowerCase());
    },
    orders: (filter = {}) =>
      [...exchange.orders.values()]
        .filter(
          (o) =>
            (filter.maker === undefined || o.maker.toLowerCase() === filter.maker.toLowerCase()) &&
            (filter.conditionId === undefined || o.market.conditionId.toLowerCase() === filter.conditionId.toLowerCase()),
        )
        .map((o) => ({ id: o.id, conditionId: o.market.conditionId, status: o.status })),
    async close() {
      bots.stop();
      exchange.close();
      marketChannel.close();
      userChannel.close();
      await server.close();
    },
  };
}
