import type { Logger } from 'pino';
import type { ZodType, z } from 'zod';
import { HttpClient, sharedCacheMaxAgeMs, type HttpClientStats, type HttpMethod, type QueryValue, type RateLimiter, type RetryOptions } from '../../src/venue/index.js';
import { MANIFOLD_ERRORS } from './errors.js';
import { IP_BUCKET } from './limits.js';
import {
  BetListSchema,
  BetSchema,
  FullMarketSchema,
  LiteMarketListSchema,
  PlacedBetSchema,
  UserMetricsSchema,
  UserSchema,
  type FullMarket,
  type LiteMarket,
  type WireBet,
  type WirePlacedBet,
  type WireUser,
} from './wire.js';

/**
 * Typed calls of Manifold's REST endpoints under `/v0` (docs/venues/manifold.md §Market data
 * endpoints, §Bets, §Placing, §Account, §Positions): wire parameters in, schema-checked payloads
 * out, no mapping. Every call draws from the one per-IP bucket (limits.ts). Only bets and private
 * reads carry `Authorization: Key`; the venue validates parameters strictly, so only the
 * parameters it knows are ever sent.
 */

export interface ManifoldClientOptions {
  restUrl: string;
  limiter: RateLimiter;
  apiKey?: string | undefined;
  timeoutMs?: number | undefined;
  retry?: RetryOptions | undefined;
  logger?: Logger | undefined;
}

export interface MarketsQuery {
  limit: number;
  before?: string | undefined;
  sort?: 'created-time' | 'updated-time' | 'last-bet-time' | 'last-comment-time';
  order?: 'asc' | 'desc';
}

export interface SearchQuery {
  term?: string;
  filter?: 'all' | 'open' | 'closed' | 'resolved';
  sort: 'newest' | 'last-updated' | 'score';
  contractType?: 'ALL' | 'BINARY' | 'DEPENDENT_MULTIPLE_CHOICE' | 'INDEPENDENT_MULTIPLE_CHOICE';
  limit: number;
  offset?: number;
  beforeTime?: number | undefined;
  includeLiteAnswers?: boolean;
}

export interface BetsQuery {
  id?: string;
  userId?: string;
  contractId?: string | readonly string[];
  answerId?: string | undefined;
  limit?: number;
  before?: string | undefined;
  afterTime?: number;
  beforeTime?: number;
  order?: 'asc' | 'desc';
  kinds?: 'open-limit';
}

export interface SellBody {
  contractId: string;
  outcome: 'YES' | 'NO';
  answerId?: string | undefined;
}

interface Call<T> {
  method: HttpMethod;
  path: string;
  endpoint: string;
  schema: ZodType<T>;
  query?: Record<string, QueryValue>;
  body?: unknown;
  bodyText?: string;
  auth?: boolean;
}

const enc = encodeURIComponent;

/**
 * A public answer with how old it may already have been on arrival: Manifold's GETs are served
 * through a CDN (`Cache-Control: public, max-age=5, stale-while-revalidate=10`), so an answer can
 * be that many ms old (docs/venues/manifold.md §Hosts and transport).
 */
export interface Fetched<T> {
  data: T;
  maxAgeMs: number;
}

/** The largest `GET /bets` page without `points=true` (docs/venues/manifold.md §Bets). */
export const BETS_LIMIT = 10_000;

export class ManifoldClient {
  readonly http: HttpClient;

  constructor(options: ManifoldClientOptions) {
    const key = options.apiKey;
    this.http = new HttpClient({
      venue: 'manifold',
      baseUrl: options.restUrl,
      limiter: options.limiter,
      errors: MANIFOLD_ERRORS,
      ...(key ? { sign: () => ({ authorization: `Key ${key}` }) } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
    });
  }

  stats(): HttpClientStats {
    return this.http.stats();
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private call<T>(c: Call<T>): Promise<T> {
    return this.http.request(this.options(c));
  }

  private async fetched<T>(c: Call<T>): Promise<Fetched<T>> {
    const { data, headers } = await this.http.requestWithHeaders(this.options(c));
    return { data, maxAgeMs: sharedCacheMaxAgeMs(headers) };
  }

  private options<T>(c: Call<T>) {
    return {
      method: c.method,
      path: c.path,
      endpoint: c.endpoint,
      schema: c.schema,
      cost: { bucket: IP_BUCKET },
      ...(c.query ? { query: c.query } : {}),
      ...(c.body !== undefined ? { body: c.body } : {}),
      ...(c.bodyText !== undefined ? { bodyText: c.bodyText } : {}),
      ...(c.auth ? { auth: true } : {}),
    };
  }

  /** `GET /markets`: public contracts by a time column, `before` a contract id (strictly before). */
  markets(q: MarketsQuery): Promise<Fetched<LiteMarket[]>> {
    return this.fetched({ method: 'GET', path: '/markets', endpoint: 'GET /markets', schema: LiteMarketListSchema, query: { ...q } });
  }

  /** `GET /search-markets` (MANA contracts only, the venue's default token). */
  searchMarkets(q: SearchQuery): Promise<Fetched<LiteMarket[]>> {
    return this.fetched({ method: 'GET', path: '/search-markets', endpoint: 'GET /search-markets', schema: LiteMarketListSchema, query: { ...q } });
  }

  /** `GET /market/:id`: the full contract (multiple-choice answers with their pools). */
  market(contractId: string): Promise<FullMarket> {
    return this.call(marketCall(contractId));
  }

  /** `market`, with the age the CDN may have given the answer. */
  marketFetched(contractId: string): Promise<Fetched<FullMarket>> {
    return this.fetched(marketCall(contractId));
  }

  /** `GET /bets`, newest first unless `order: 'asc'`. */
  bets(q: BetsQuery): Promise<WireBet[]> {
    return this.call(betsCall(q));
  }

  /** `bets`, with the age the CDN may have given the answer. */
  betsFetched(q: BetsQuery): Promise<Fetched<WireBet[]>> {
    return this.fetched(betsCall(q));
  }

  me(): Promise<WireUser> {
    return this.call({ method: 'GET', path: '/me', endpoint: 'GET /me', schema: UserSchema, auth: true });
  }

  /** `POST /bet` with the body already written as JSON (decimals as JSON numbers, see `betRequestJson`). */
  placeBet(bodyText: string): Promise<WirePlacedBet> {
    return this.call({ method: 'POST', path: '/bet', endpoint: 'POST /bet', schema: PlacedBetSchema, bodyText, auth: true });
  }

  cancelBet(betId: string): Promise<WireBet> {
    return this.call({ method: 'POST', path: `/bet/cancel/${enc(betId)}`, endpoint: 'POST /bet/cancel/{betId}', schema: BetSchema, body: {}, auth: true });
  }

  /** `POST /market/:id/sell` of every share of an outcome held. */
  sell(body: SellBody): Promise<WirePlacedBet> {
    const { contractId, ...rest } = body;
    const payload = { outcome: rest.outcome, ...(rest.answerId !== undefined ? { answerId: rest.answerId } : {}) };
    return this.call({ method: 'POST', path: `/market/${enc(contractId)}/sell`, endpoint: 'POST /market/{id}/sell', schema: PlacedBetSchema, body: payload, auth: true });
  }

  /** `GET /get-user-contract-metrics-with-contracts`: positions with their contracts, one page. */
  userMetrics(q: { userId: string; limit: number; offset: number }): Promise<z.infer<typeof UserMetricsSchema>> {
    return this.call({
      method: 'GET',
      path: '/get-user-contract-metrics-with-contracts',
      endpoint: 'GET /get-user-contract-metrics-with-contracts',
      schema: UserMetricsSchema,
      query: { ...q, perAnswer: true },
    });
  }
}

function marketCall(contractId: string): Call<FullMarket> {
  return { method: 'GET', path: `/market/${enc(contractId)}`, endpoint: 'GET /market/{id}', schema: FullMarketSchema };
}

function betsCall(q: BetsQuery): Call<WireBet[]> {
  return { method: 'GET', path: '/bets', endpoint: 'GET /bets', schema: BetListSchema, query: { ...q } as Record<string, QueryValue> };
}
