import type { ZodType } from 'zod';
import type { HttpClient, HttpMethod, QueryValue } from '../../src/venue/index.js';
import { apiKeyHeaders, type ApiKeyAuthHeaders } from './auth.js';
import { CHAIN_ID, MAX_PAGE_SIZE } from './constants.js';
import { opinionError } from './errors.js';
import { REST_BUCKET } from './limits.js';
import type { OrderBody } from './order-build.js';
import { parseEnvelope } from './wire.js';
import {
  ApiKeyDeletedSchema,
  ApiKeySchema,
  BalanceSchema,
  CancelResultSchema,
  OrderDataSchema,
  OrderListSchema,
  PositionListSchema,
  TradeListSchema,
  UserAuthSchema,
  type WireBalance,
  type WireOrder,
  type WirePosition,
  type WireTrade,
} from './wire-account.js';
import {
  LatestPriceSchema,
  MarketDetailSchema,
  MarketListSchema,
  OrderbookSchema,
  PriceHistorySchema,
  QuoteTokenListSchema,
  type WireLatestPrice,
  type WireMarket,
  type WireOrderbook,
  type WirePriceHistory,
  type WireQuoteToken,
} from './wire-market.js';

/**
 * Typed calls of the Opinion OpenAPI (docs/venues/opinion.md §5): raw wire types in and out. Every
 * reply is the `{errno, errmsg, result}` envelope; a non-zero `errno` is an error whatever the HTTP
 * status and goes through the error tables (`opinionError`), as a non-2xx reply does inside the
 * HTTP client. Every call draws from the one 15-requests-per-second bucket. The `apikey` header is
 * sent on every call once a key is known (the official SDK sends it on public calls too, §2.1); user
 * endpoints wait for one. Order writes are never retried here.
 */

export interface Paged<T> {
  total: number;
  list: T[];
}

export interface ApiKeySource {
  /** The key if already known (public calls send it then). */
  current(): string | undefined;
  /** The key, obtained first when needed (user endpoints). */
  get(): Promise<string>;
}

export interface MarketListParams {
  page: number;
  limit: number;
  /** 0 binary, 1 categorical, 2 all (§5.1). */
  marketType: 0 | 1 | 2;
  status?: 'activated' | 'resolved';
  sortBy?: number;
}

export interface AccountListParams {
  page: number;
  limit: number;
  marketId?: number;
}

interface Call<T> {
  method: HttpMethod;
  path: string;
  endpoint: string;
  schema: ZodType<T>;
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** User endpoints: the API key is required. */
  user?: boolean;
  /** This key instead of the source's (checking a new key). */
  key?: string;
  headers?: Record<string, string>;
}

export class OpinionClient {
  constructor(
    private readonly http: HttpClient,
    private readonly key: ApiKeySource,
    private readonly chainId: number = CHAIN_ID,
  ) {}

  private async call<T>(c: Call<T>): Promise<T> {
    const key = c.key ?? (c.user ? await this.key.get() : this.key.current());
    const idempotent = c.method === 'GET';
    const body = await this.http.request<unknown>({
      method: c.method,
      path: c.path,
      endpoint: c.endpoint,
      query: c.query,
      body: c.body,
      idempotent,
      cost: { bucket: REST_BUCKET },
      headers: { ...(key ? apiKeyHeaders(key) : {}), ...c.headers },
    });
    const out = parseEnvelope(c.schema, body, c.endpoint, 200);
    if (!out.ok) throw opinionError({ endpoint: c.endpoint, status: 200, body, idempotent });
    return out.result;
  }

  // ---- market data (public) ----

  markets(p: MarketListParams): Promise<Paged<WireMarket>> {
    return this.call({
      method: 'GET',
      path: '/market',
      endpoint: 'GET /market',
      schema: MarketListSchema,
      query: { page: p.page, limit: Math.min(p.limit, MAX_PAGE_SIZE), marketType: p.marketType, status: p.status, sortBy: p.sortBy, chainId: String(this.chainId) },
    });
  }

  /** A binary market or a categorical child (`GET /market/{id}`). */
  async market(marketId: number): Promise<WireMarket> {
    return (await this.call({ method: 'GET', path: `/market/${marketId}`, endpoint: 'GET /market/{marketId}', schema: MarketDetailSchema })).data;
  }

  /** A categorical parent with its children. */
  async categorical(marketId: number): Promise<WireMarket> {
    return (await this.call({ method: 'GET', path: `/market/categorical/${marketId}`, endpoint: 'GET /market/categorical/{marketId}', schema: MarketDetailSchema })).data;
  }

  /** Every quote token of the chain (the SDK asks without paging: all fit the first page, §5.1). */
  async quoteTokens(): Promise<WireQuoteToken[]> {
    return (await this.call({ method: 'GET', path: '/quoteToken', endpoint: 'GET /quoteToken', schema: QuoteTokenListSchema, query: { chainId: String(this.chainId) } })).list;
  }

  orderbook(tokenId: string): Promise<WireOrderbook> {
    return this.call({ method: 'GET', path: '/token/orderbook', endpoint: 'GET /token/orderbook', schema: OrderbookSchema, query: { token_id: tokenId } });
  }

  latestPrice(tokenId: string): Promise<WireLatestPrice> {
    return this.call({ method: 'GET', path: '/token/latest-price', endpoint: 'GET /token/latest-price', schema: LatestPriceSchema, query: { token_id: tokenId } });
  }

  priceHistory(tokenId: string, args: { interval?: '1h' | '1d'; startAt?: number; endAt?: number } = {}): Promise<WirePriceHistory> {
    return this.call({
      method: 'GET',
      path: '/token/price-history',
      endpoint: 'GET /token/price-history',
      schema: PriceHistorySchema,
      query: { token_id: tokenId, interval: args.interval, start_at: args.startAt, end_at: args.endAt },
    });
  }

  // ---- account (apikey) ----

  /** The key's wallet and its Safe per chain; with `key`, checks that key instead. */
  userAuth(key?: string) {
    return this.call({ method: 'GET', path: '/user/auth', endpoint: 'GET /user/auth', schema: UserAuthSchema, user: true, ...(key ? { key } : {}) });
  }

  balance(): Promise<WireBalance> {
    return this.call({ method: 'GET', path: '/user/balance', endpoint: 'GET /user/balance', schema: BalanceSchema, query: { chain_id: String(this.chainId) }, user: true });
  }

  positions(p: AccountListParams): Promise<Paged<WirePosition>> {
    return this.call({ method: 'GET', path: '/positions', endpoint: 'GET /positions', schema: PositionListSchema, query: { ...this.paging(p), chainId: String(this.chainId) }, user: true });
  }

  trades(p: AccountListParams): Promise<Paged<WireTrade>> {
    return this.call({ method: 'GET', path: '/trade', endpoint: 'GET /trade', schema: TradeListSchema, query: { ...this.paging(p), chainId: String(this.chainId) }, user: true });
  }

  /** Own orders, newest first; `status` one code or a comma list (`"1"` open, `"2,3,4,5"` closed). */
  orders(p: AccountListParams & { status?: string }): Promise<Paged<WireOrder>> {
    return this.call({
      method: 'GET',
      path: '/order',
      endpoint: 'GET /order',
      schema: OrderListSchema,
      query: { ...this.paging(p), status: p.status, chainId: String(this.chainId) },
      user: true,
    });
  }

  async order(orderId: string): Promise<WireOrder> {
    return (await this.call({ method: 'GET', path: `/order/${encodeURIComponent(orderId)}`, endpoint: 'GET /order/{orderId}', schema: OrderDataSchema, user: true })).orderData;
  }

  async postOrder(body: OrderBody): Promise<WireOrder> {
    return (await this.call({ method: 'POST', path: '/order', endpoint: 'POST /order', schema: OrderDataSchema, body, user: true })).orderData;
  }

  /** `false`: nothing was cancelled (already done, unknown, not ours) — not an error (§6.7). */
  async cancelOrder(orderId: string): Promise<boolean> {
    return (await this.call({ method: 'POST', path: '/order/cancel', endpoint: 'POST /order/cancel', schema: CancelResultSchema, body: { orderId }, user: true })).result;
  }

  // ---- key management (wallet-signed headers, no apikey) ----

  getApiKey(auth: ApiKeyAuthHeaders) {
    return this.keyCall('GET', ApiKeySchema, auth);
  }

  createApiKey(auth: ApiKeyAuthHeaders) {
    return this.keyCall('POST', ApiKeySchema, auth);
  }

  deleteApiKey(auth: ApiKeyAuthHeaders) {
    return this.keyCall('DELETE', ApiKeyDeletedSchema, auth);
  }

  private async keyCall<T>(method: 'GET' | 'POST' | 'DELETE', schema: ZodType<T>, auth: ApiKeyAuthHeaders): Promise<T> {
    const endpoint = `${method} /auth/api-key`;
    const body = await this.http.request<unknown>({
      method,
      path: '/auth/api-key',
      endpoint,
      cost: { bucket: REST_BUCKET },
      headers: { ...auth },
    });
    const out = parseEnvelope(schema, body, endpoint, 200);
    if (!out.ok) throw opinionError({ endpoint, status: 200, body, idempotent: method === 'GET' });
    return out.result;
  }

  private paging(p: AccountListParams): Record<string, QueryValue> {
    return { page: p.page, limit: Math.min(p.limit, MAX_PAGE_SIZE), marketId: p.marketId };
  }
}
