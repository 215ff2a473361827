import type { Logger } from 'pino';
import type { z } from 'zod';
import { sharedCacheMaxAgeMs } from '../../src/venue/http-cache.js';
import { HttpClient } from '../../src/venue/http-client.js';
import type { HttpClientStats, HttpMethod, QueryValue, RetryOptions } from '../../src/venue/http-client.js';
import type { KalshiSigner } from './auth.js';
import { KALSHI_ERRORS } from './errors.js';
import { ENDPOINT_COSTS } from './limits.js';
import type { KalshiLimiter } from './limits.js';
import {
  CandlesticksResponse,
  EventResponse,
  EventsResponse,
  ExchangeStatusResponse,
  HistoricalCutoffResponse,
  MarketResponse,
  MarketsResponse,
  OrderbookResponse,
  OrderbooksResponse,
  SeriesListResponse,
  SeriesResponse,
  TradesResponse,
} from './wire.js';
import {
  AccountLimitsResponse,
  AmendOrderV2Response,
  BalanceResponse,
  BatchCancelOrdersV2Response,
  BatchCreateOrdersV2Response,
  CancelOrderV2Response,
  CreateOrderV2Response,
  DecreaseOrderV2Response,
  FillsResponse,
  OrderResponse,
  OrdersResponse,
  PositionsResponse,
  SettlementsResponse,
} from './wire-portfolio.js';
import { parseWire } from './wire-parse.js';
import type {
  MarketsQuery,
  EventsQuery,
  MultivariateEventsQuery,
  SeriesQuery,
  TradesQuery,
  CandlesticksQuery,
  HistoricalMarketsQuery,
  OrdersQuery,
  FillsQuery,
  PositionsQuery,
  SettlementsQuery,
  CreateOrderV2Body,
  AmendOrderV2Body,
  DecreaseOrderV2Body,
} from './client-types.js';

export type {
  MarketsQuery,
  EventsQuery,
  SeriesQuery,
  TradesQuery,
  CandlesticksQuery,
  HistoricalMarketsQuery,
  OrdersQuery,
  FillsQuery,
  PositionsQuery,
  SettlementsQuery,
  WireTimeInForce,
  WireStp,
  CreateOrderV2Body,
  AmendOrderV2Body,
  DecreaseOrderV2Body,
} from './client-types.js';

/**
 * Typed calls of Kalshi's REST endpoints: wire parameters in, schema-checked wire payloads out.
 * No mapping to the normalized model happens here (see map*.ts).
 */

export interface KalshiClientOptions {
  baseUrl: string;
  limiter: KalshiLimiter;
  signer?: KalshiSigner;
  timeoutMs?: number;
  retry?: RetryOptions;
  logger?: Logger;
  /**
   * Awaited before every signed request except `GET /account/limits` itself (the adapter reads the
   * account's budget there first, so signed reads of any kind run at the account's tier).
   */
  beforeSigned?: () => Promise<void>;
  /** The clock answers are stamped with (tests). */
  now?: () => number;
}

/** A market-data answer with how old its state may be. */
export interface Fetched<T> {
  data: T;
  /** When the answer arrived. */
  receivedAt: Date;
  /**
   * How old it may already have been then, ms: the `max-age` of the edge cache that serves
   * unauthenticated market data (docs/venues/kalshi.md §1), 0 when it came straight from the API.
   */
  maxAgeMs: number;
}

interface Call<S extends z.ZodType> {
  method: HttpMethod;
  path: string;
  endpoint: string;
  schema: S;
  query?: Record<string, QueryValue>;
  body?: unknown;
  auth?: 'required' | 'optional' | 'none';
  tokens?: number;
  timeoutMs?: number;
  idempotent?: boolean;
}

const enc = encodeURIComponent;
const LIMITS_ENDPOINT = 'GET /account/limits';

/** Kalshi's orderbook `depth` is 1–100; anything else asks for every level. */
const MAX_BOOK_DEPTH = 100;
const venueDepth = (depth: number | undefined): number | undefined =>
  depth !== undefined && depth > 0 && depth <= MAX_BOOK_DEPTH ? depth : undefined;

export class KalshiClient {
  readonly http: HttpClient;
  private readonly signer: KalshiSigner | undefined;

  constructor(private readonly options: KalshiClientOptions) {
    this.signer = options.signer;
    const signer = options.signer;
    this.http = new HttpClient({
      venue: 'kalshi',
      baseUrl: options.baseUrl,
      timeoutMs: options.timeoutMs,
      retry: options.retry,
      limiter: options.limiter.limiter,
      // The budget is the account's (docs/venues/kalshi.md §8): instances share it per API key id.
      ...(signer ? { budgetAccount: signer.keyId } : {}),
      sign: signer ? (req) => signer.headers(req.method, req.path) : undefined,
      errors: KALSHI_ERRORS,
      logger: options.logger,
    });
  }

  get authenticated(): boolean {
    return this.signer !== undefined;
  }

  stats(): HttpClientStats {
    return this.http.stats();
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private async call<S extends z.ZodType>(c: Call<S>): Promise<z.infer<S>> {
    return (await this.fetch(c)).data;
  }

  private async fetch<S extends z.ZodType>(c: Call<S>): Promise<Fetched<z.infer<S>>> {
    // Public endpoints are signed too when credentials exist: the venue then bills the account's
    // budget (which the client-side buckets mirror) instead of an anonymous per-IP one, and the
    // answer does not come through the edge cache of unauthenticated market data (§1).
    const mode = c.auth ?? 'optional';
    const auth = mode === 'required' || (mode === 'optional' && this.signer !== undefined);
    if (auth && c.endpoint !== LIMITS_ENDPOINT) await this.options.beforeSigned?.();
    const bucket = c.method === 'GET' ? 'read' : 'write';
    const { data, headers } = await this.http.requestWithHeaders<unknown>({
      method: c.method,
      path: c.path,
      endpoint: c.endpoint,
      query: c.query,
      body: c.body,
      auth,
      idempotent: c.idempotent,
      timeoutMs: c.timeoutMs,
      cost: { bucket, tokens: c.tokens ?? ENDPOINT_COSTS.default },
    });
    return {
      data: parseWire(c.schema, data, c.endpoint),
      receivedAt: new Date((this.options.now ?? Date.now)()),
      maxAgeMs: sharedCacheMaxAgeMs(headers),
    };
  }

  /** For endpoints that answer 204 with no body. */
  private async callEmpty(method: HttpMethod, path: string, endpoint: string, query?: Record<string, QueryValue>): Promise<void> {
    await this.options.beforeSigned?.();
    await this.http.request<unknown>({
      method,
      path,
      endpoint,
      query,
      auth: true,
      idempotent: false,
      cost: { bucket: method === 'GET' ? 'read' : 'write', tokens: ENDPOINT_COSTS.default },
    });
  }

  // ---- market data (no auth; with auth when credentials exist) ----

  getSeriesList(query: SeriesQuery = {}) {
    return this.call({ method: 'GET', path: '/series', endpoint: 'GET /series', schema: SeriesListResponse, query });
  }

  getSeries(seriesTicker: string, query: { include_volume?: boolean } = {}) {
    return this.call({ method: 'GET', path: `/series/${enc(seriesTicker)}`, endpoint: 'GET /series/{series_ticker}', schema: SeriesResponse, query });
  }

  getEvents(query: EventsQuery = {}) {
    return this.fetch({ method: 'GET', path: '/events', endpoint: 'GET /events', schema: EventsResponse, query });
  }

  /** Multivariate (combo) events, which `GET /events` leaves out (docs/venues/kalshi.md §4.3). */
  getMultivariateEvents(query: MultivariateEventsQuery = {}) {
    return this.fetch({ method: 'GET', path: '/events/multivariate', endpoint: 'GET /events/multivariate', schema: EventsResponse, query });
  }

  getEvent(eventTicker: string, withNestedMarkets = true) {
    return this.fetch({
      method: 'GET',
      path: `/events/${enc(eventTicker)}`,
      endpoint: 'GET /events/{event_ticker}',
      schema: EventResponse,
      query: { with_nested_markets: withNestedMarkets },
    });
  }

  getMarkets(query: MarketsQuery = {}) {
    return this.fetch({ method: 'GET', path: '/markets', endpoint: 'GET /markets', schema: MarketsResponse, query });
  }

  getMarket(ticker: string) {
    return this.fetch({ method: 'GET', path: `/markets/${enc(ticker)}`, endpoint: 'GET /markets/{ticker}', schema: MarketResponse });
  }

  /**
   * `depth` 0 or absent = all levels; Kalshi takes 1–100, so a deeper request asks for all levels
   * (the caller trims). Sends auth headers when configured (the venue accepts both).
   */
  getOrderbook(ticker: string, depth?: number) {
    return this.fetch({
      method: 'GET',
      path: `/markets/${enc(ticker)}/orderbook`,
      endpoint: 'GET /markets/{ticker}/orderbook',
      schema: OrderbookResponse,
      query: { depth: venueDepth(depth) },
      auth: 'optional',
    });
  }

  /** At most 100 tickers (repeated `tickers` keys); callers chunk. */
  getOrderbooks(tickers: readonly string[], depth?: number) {
    if (tickers.length === 0 || tickers.length > 100) throw new RangeError(`getOrderbooks takes 1–100 tickers, got ${tickers.length}`);
    return this.fetch({
      method: 'GET',
      path: '/markets/orderbooks',
      endpoint: 'GET /markets/orderbooks',
      schema: OrderbooksResponse,
      query: { tickers, depth: venueDepth(depth) },
      auth: 'optional',
    });
  }

  getTrades(query: TradesQuery = {}) {
    return this.call({ method: 'GET', path: '/markets/trades', endpoint: 'GET /markets/trades', schema: TradesResponse, query });
  }

  getCandlesticks(seriesTicker: string, ticker: string, query: CandlesticksQuery) {
    return this.call({
      method: 'GET',
      path: `/series/${enc(seriesTicker)}/markets/${enc(ticker)}/candlesticks`,
      endpoint: 'GET /series/{series_ticker}/markets/{ticker}/candlesticks',
      schema: CandlesticksResponse,
      query,
    });
  }

  getHistoricalCutoff() {
    return this.call({ method: 'GET', path: '/historical/cutoff', endpoint: 'GET /historical/cutoff', schema: HistoricalCutoffResponse });
  }

  getHistoricalMarkets(query: HistoricalMarketsQuery = {}) {
    return this.fetch({ method: 'GET', path: '/historical/markets', endpoint: 'GET /historical/markets', schema: MarketsResponse, query });
  }

  getHistoricalMarket(ticker: string) {
    return this.fetch({
      method: 'GET',
      path: `/historical/markets/${enc(ticker)}`,
      endpoint: 'GET /historical/markets/{ticker}',
      schema: MarketResponse,
    });
  }

  getExchangeStatus() {
    return this.call({ method: 'GET', path: '/exchange/status', endpoint: 'GET /exchange/status', schema: ExchangeStatusResponse });
  }

  // ---- account ----

  getAccountLimits() {
    return this.call({ method: 'GET', path: '/account/limits', endpoint: LIMITS_ENDPOINT, schema: AccountLimitsResponse, auth: 'required' });
  }

  // ---- orders (V2 writes; v1 reads) ----

  /** Never retried here: a lost response surfaces as OrderStateUnknown for the caller to reconcile. */
  createOrder(body: CreateOrderV2Body, timeoutMs?: number) {
    return this.call({
      method: 'POST',
      path: '/portfolio/events/orders',
      endpoint: 'POST /portfolio/events/orders',
      schema: CreateOrderV2Response,
      body,
      auth: 'required',
      timeoutMs,
    });
  }

  cancelOrder(orderId: string, marketTicker?: string) {
    return this.call({
      method: 'DELETE',
      path: `/portfolio/events/orders/${enc(orderId)}`,
      endpoint: 'DELETE /portfolio/events/orders/{order_id}',
      schema: CancelOrderV2Response,
      query: { market_ticker: marketTicker },
      auth: 'required',
      tokens: ENDPOINT_COSTS.cancelOrder,
    });
  }

  amendOrder(orderId: string, body: AmendOrderV2Body) {
    return this.call({
      method: 'POST',
      path: `/portfolio/events/orders/${enc(orderId)}/amend`,
      endpoint: 'POST /portfolio/events/orders/{order_id}/amend',
      schema: AmendOrderV2Response,
      body,
      auth: 'required',
    });
  }

  decreaseOrder(orderId: string, body: DecreaseOrderV2Body) {
    return this.call({
      method: 'POST',
      path: `/portfolio/events/orders/${enc(orderId)}/decrease`,
      endpoint: 'POST /portfolio/events/orders/{order_id}/decrease',
      schema: DecreaseOrderV2Response,
      body,
      auth: 'required',
    });
  }

  batchCreateOrders(orders: readonly CreateOrderV2Body[]) {
    return this.call({
      method: 'POST',
      path: '/portfolio/events/orders/batched',
      endpoint: 'POST /portfolio/events/orders/batched',
      schema: BatchCreateOrdersV2Response,
      body: { orders },
      auth: 'required',
      tokens: ENDPOINT_COSTS.batchCreatePerOrder * orders.length,
    });
  }

  batchCancelOrders(orders: readonly { order_id: string; market_ticker?: string }[]) {
    return this.call({
      method: 'DELETE',
      path: '/portfolio/events/orders/batched',
      endpoint: 'DELETE /portfolio/events/orders/batched',
      schema: BatchCancelOrdersV2Response,
      body: { orders },
      auth: 'required',
      tokens: ENDPOINT_COSTS.batchCancelPerOrder * orders.length,
    });
  }

  /** `DELETE /portfolio/events/orders` → 204 (every shard). */
  cancelAllOrders(subaccount?: number) {
    return this.callEmpty('DELETE', '/portfolio/events/orders', 'DELETE /portfolio/events/orders', { subaccount });
  }

  getOrder(orderId: string) {
    return this.call({
      method: 'GET',
      path: `/portfolio/orders/${enc(orderId)}`,
      endpoint: 'GET /portfolio/orders/{order_id}',
      schema: OrderResponse,
      auth: 'required',
      tokens: ENDPOINT_COSTS.getOrder,
    });
  }

  getOrders(query: OrdersQuery = {}) {
    return this.call({ method: 'GET', path: '/portfolio/orders', endpoint: 'GET /portfolio/orders', schema: OrdersResponse, query, auth: 'required' });
  }

  getFills(query: FillsQuery = {}) {
    return this.call({ method: 'GET', path: '/portfolio/fills', endpoint: 'GET /portfolio/fills', schema: FillsResponse, query, auth: 'required' });
  }

  getPositions(query: PositionsQuery = {}) {
    return this.call({
      method: 'GET',
      path: '/portfolio/positions',
      endpoint: 'GET /portfolio/positions',
      schema: PositionsResponse,
      query,
      auth: 'required',
    });
  }

  getSettlements(query: SettlementsQuery = {}) {
    return this.call({
      method: 'GET',
      path: '/portfolio/settlements',
      endpoint: 'GET /portfolio/settlements',
      schema: SettlementsResponse,
      query,
      auth: 'required',
    });
  }

  getBalance() {
    return this.call({ method: 'GET', path: '/portfolio/balance', endpoint: 'GET /portfolio/balance', schema: BalanceResponse, auth: 'required' });
  }
}
