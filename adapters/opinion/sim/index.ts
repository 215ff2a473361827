/**
 * Offline simulator of Opinion (docs/venues/opinion.md): the Opinion OpenAPI over HTTP and the
 * Opinion WebSocket, on one loopback port:
 *
 *   restUrl = http://127.0.0.1:<port>/openapi   (paths as on openapi.opinion.trade/openapi)
 *   wsUrl   = ws://127.0.0.1:<port>/ws           (as wss://ws.opinion.trade; clients add ?apikey=)
 *
 * Markets are generated deterministically from the seed; accounts (wallet, Safe, USDT, API key)
 * are configured at start or added at run time; seeded market-maker bots keep touched books moving.
 * The official SDK works against it unchanged (see sdk.test.ts).
 */
import type { Logger } from 'pino';
import { Decimal } from '../../../src/core/decimal.js';
import { FaultInjector, SimBucketSet, acceptUpgrade, createRng, rejectUpgrade, startMarketMakers, startSimServer, type BinaryBook, type MarketMakers } from '../../../src/sim/index.js';
import { Accounts, type Account } from './accounts.js';
import { buildApp, REST_PREFIX } from './app.js';
import { tokenLevels } from './books.js';
import { CHAIN_ID_TEXT, CTF_EXCHANGE_ADDRESS, ERRMSG, ERRNO, REST_RATE_PER_SECOND, USDT_ADDRESS, USDT_DECIMALS } from './constants.js';
import type { QuoteTokenEntry, SimContext } from './context.js';
import { Exchange } from './exchange.js';
import { fmtMicro, sharesWei } from './format.js';
import { generateUniverse, type TopicStatus } from './generate.js';
import { Ledger } from './ledger.js';
import { WS_PATH, WsChannel } from './ws.js';

export interface OpinionSimAccount {
  /** The wallet (EOA). */
  address: string;
  /** A key valid at once; none when absent (create one through `POST /auth/api-key`). */
  apiKey?: string;
  /** USDT credited to the account's Safe. */
  usdt?: string;
  /** Safe approvals done; default true. */
  tradingEnabled?: boolean;
}

export interface OpinionSimOptions {
  /** 0 (default) = a free port. */
  port?: number;
  seed?: number;
  /** Binary markets (standalone and categorical children together); default 60. */
  markets?: number;
  accounts?: OpinionSimAccount[];
  /** Market-maker bot actions per second; default 20, 0 = none. */
  botRatePerSecond?: number;
  /** 15 requests per second per key; default true. */
  enforceRateLimits?: boolean;
  /** A socket silent this long is closed; default 60 s (two SDK heartbeats). */
  heartbeatTimeoutMs?: number;
  /** Delay between a match and its on-chain confirmation; default 100 ms, 0 = at once. */
  confirmDelayMs?: number;
  /** Delay before a key issued by `POST /auth/api-key` works; default 15 s. */
  apiKeyActivationMs?: number;
  now?: () => number;
  logger?: Logger;
}

export interface SimMarketInfo {
  marketId: number;
  /** The categorical parent, or null for a standalone binary. */
  parentId: number | null;
  title: string;
  yesTokenId: string;
  noTokenId: string;
  status: TopicStatus;
}

export interface SimAccountInfo {
  eoa: string;
  safe: string;
  apiKey: string | null;
}

export interface OpinionSim {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** `http://127.0.0.1:<port>/openapi` */
  restUrl: string;
  /** `ws://127.0.0.1:<port>/ws` */
  wsUrl: string;
  faults: FaultInjector;
  /** The exchange orders must be signed for (also served by `/quoteToken`). */
  exchangeAddress: string;
  markets(): SimMarketInfo[];
  parents(): { marketId: number; title: string; childIds: number[] }[];
  /** Best-first `[price, size]` of a token's book, as the venue prints them. */
  book(tokenId: string): { bids: [string, string][]; asks: [string, string][] };
  addAccount(account: OpinionSimAccount): SimAccountInfo;
  account(address: string): SimAccountInfo | undefined;
  /**
   * Credits USDT to a registered wallet's Safe (or to any other address as given); with
   * `'address'`, to exactly the address given (an EOA trading for itself, signature type 0).
   */
  fund(address: string, usdt: string, target?: 'safe' | 'address'): void;
  /** Credits outcome-token shares to a registered wallet's Safe, or to any other address as given. */
  grantShares(address: string, tokenId: string, shares: string): void;
  setTradingEnabled(address: string, enabled: boolean): void;
  addUnboundApiKey(apiKey: string): void;
  setKeyIssuanceDisabled(disabled: boolean): void;
  resolve(marketId: number, winner: 'yes' | 'no'): void;
  /**
   * Runs `n` market-maker actions now (deterministic for the seed); with a market id, all of them on
   * that market's book (created if nobody touched it yet), so it quotes and trades.
   */
  stepBots(n?: number, marketId?: number): void;
  /** The orders the exchange holds, optionally of one wallet (EOA) and market. */
  orders(filter?: { eoa?: string; marketId?: number }): { orderId: string; marketId: number; status: number }[];
  stats(): { requests: number; rateLimited: number };
  close(): Promise<void>;
}

function weiOf(amount: string, what: string): bigint {
  const d = Decimal.tryParse(amount);
  if (!d || d.isNegative()) throw new Error(`${what} must be a non-negative decimal, got ${JSON.stringify(amount)}`);
  return d.toUnits(USDT_DECIMALS, 'down');
}

function info(account: Account): SimAccountInfo {
  return { eoa: account.eoa, safe: account.safe, apiKey: account.apiKey };
}

export async function startOpinionSim(options: OpinionSimOptions = {}): Promise<OpinionSim> {
  const seed = options.seed ?? 1;
  const now = options.now ?? Date.now;
  const universe = generateUniverse(seed, options.markets ?? 60);
  const ledger = new Ledger();
  const exchange = new Exchange({ universe, ledger, seed, now, confirmDelayMs: options.confirmDelayMs ?? 100 });
  const accounts = new Accounts(now, options.apiKeyActivationMs ?? 15_000);
  const faults = new FaultInjector({ seed: `${seed}:faults` });
  const quoteTokens: QuoteTokenEntry[] = [
    { chainId: CHAIN_ID_TEXT, createdAt: 0, ctfExchangeAddress: CTF_EXCHANGE_ADDRESS.toLowerCase(), decimal: USDT_DECIMALS, id: 4, quoteTokenAddress: USDT_ADDRESS, quoteTokenName: 'USDT', symbol: 'USDT' },
  ];
  const ctx: SimContext = {
    universe, exchange, ledger, accounts, quoteTokens, faults,
    buckets: new SimBucketSet(() => ({ rate: REST_RATE_PER_SECOND, capacity: REST_RATE_PER_SECOND }), now),
    stats: { requests: 0, rateLimited: 0 },
    now,
    enforceRateLimits: options.enforceRateLimits ?? true,
    keyIssuanceDisabled: false,
    usedAuthSignatures: new Map(),
    logger: options.logger,
  };
  const walletOf = (address: string) => accounts.get(address)?.safe ?? address;
  const addAccount = (a: OpinionSimAccount): SimAccountInfo => {
    const account = accounts.register(a.address, { tradingEnabled: a.tradingEnabled ?? true });
    if (a.apiKey) accounts.bindKey(account, a.apiKey);
    if (a.usdt) ledger.credit(account.safe, weiOf(a.usdt, 'usdt'));
    return info(account);
  };
  for (const a of options.accounts ?? []) addAccount(a);

  const channel = new WsChannel(ctx, options.heartbeatTimeoutMs ?? 60_000);
  const server = await startSimServer({
    app: buildApp(ctx),
    port: options.port ?? 0,
    websocket: {
      paths: [WS_PATH],
      handleUpgrade(req, socket, head, wss) {
        const account = channel.authenticate(req);
        if (!account) {
          rejectUpgrade(socket, 401, { errmsg: ERRMSG.invalidApiKey, errno: ERRNO.invalidApiKey, result: null });
          return;
        }
        void acceptUpgrade(wss, req, socket, head).then((ws) => channel.attach(ws, account));
      },
    },
  });

  // A Map, so the bots see each book as soon as it is created.
  const botBooks = new Map<string, BinaryBook>();
  exchange.books.onCreate((mb) => botBooks.set(String(mb.market.marketId), mb.book));
  const bots: MarketMakers = startMarketMakers({
    books: botBooks,
    rng: createRng(`${seed}:bots`),
    ratePerSecond: options.botRatePerSecond ?? 20,
    tick: () => 10_000,
    tradable: (id) => universe.byId.get(Number(id))?.status === 2,
  });
  options.logger?.info({ port: server.port, markets: universe.markets.length, seed }, 'opinion simulator listening');

  return {
    url: server.url,
    restUrl: `${server.url}${REST_PREFIX}`,
    wsUrl: `${server.wsBase}${WS_PATH}`,
    faults,
    exchangeAddress: CTF_EXCHANGE_ADDRESS,
    markets: () =>
      universe.markets.map((m) => ({ marketId: m.marketId, parentId: m.parentId, title: m.title, yesTokenId: m.yesTokenId, noTokenId: m.noTokenId, status: m.status })),
    parents: () => universe.parents.map((p) => ({ marketId: p.marketId, title: p.title, childIds: [...p.childIds] })),
    book(tokenId) {
      const hit = exchange.books.byToken(tokenId);
      if (!hit) throw new Error(`unknown token id ${tokenId}`);
      const { bids, asks } = tokenLevels(hit.mb, hit.outcome);
      const pairs = (levels: [number, number][]) => levels.map(([p, s]) => [fmtMicro(p), fmtMicro(s)] as [string, string]);
      return { bids: pairs(bids), asks: pairs(asks) };
    },
    addAccount,
    account: (address) => {
      const a = accounts.get(address);
      return a ? info(a) : undefined;
    },
    fund: (address, usdt, target = 'safe') => ledger.credit(target === 'safe' ? walletOf(address) : address, weiOf(usdt, 'usdt')),
    grantShares(address, tokenId, shares) {
      if (!universe.byToken.has(tokenId)) throw new Error(`unknown token id ${tokenId}`);
      const micro = Number(weiOf(shares, 'shares') / 1_000_000_000_000n);
      ledger.buy(walletOf(address), tokenId, sharesWei(micro), 0n);
    },
    setTradingEnabled(address, enabled) {
      const a = accounts.get(address);
      if (!a) throw new Error(`unknown account ${address}`);
      a.tradingEnabled = enabled;
    },
    addUnboundApiKey: (apiKey) => accounts.addUnboundKey(apiKey),
    setKeyIssuanceDisabled(disabled) {
      ctx.keyIssuanceDisabled = disabled;
    },
    resolve: (marketId, winner) => exchange.resolve(marketId, winner),
    stepBots(n = 1, marketId) {
      if (marketId === undefined) return bots.step(n);
      exchange.books.get(marketId);
      bots.step(n, String(marketId));
    },
    orders: (filter = {}) =>
      [...exchange.orders.values()]
        .filter((o) => (filter.eoa === undefined || o.eoa.toLowerCase() === filter.eoa.toLowerCase()) && (filter.marketId === undefined || o.market.marketId === filter.marketId))
        .map((o) => ({ orderId: o.orderId, marketId: o.market.marketId, status: o.status })),
    stats: () => ({ requests: ctx.stats.requests, rateLimited: ctx.stats.rateLimited + faults.injected.rateLimited }),
    async close() {
      bots.stop();
      exchange.close();
      channel.close();
      await server.close();
    },
  };
}
