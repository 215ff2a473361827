import type { HttpClient } from '../../src/venue/index.js';
import type { ApiCredentials } from './auth-l2.js';
import { parseWire } from './errors.js';
import { BUCKETS } from './limits.js';
import {
  ApiCredsSchema,
  BalanceAllowanceSchema,
  BookSummaryListSchema,
  BookSummarySchema,
  CancelResponseSchema,
  ClobMarketSchema,
  ClobTradePageSchema,
  DecimalMapSchema,
  LastTradePriceSchema,
  LastTradesPricesSchema,
  MidpointResponseSchema,
  NegRiskSchema,
  OpenOrderPageSchema,
  OpenOrderSchema,
  PostOrderResponseSchema,
  PostOrdersResponseSchema,
  PriceHistorySchema,
  PriceResponseSchema,
  PricesMapSchema,
  ServerTimeSchema,
  SpreadResponseSchema,
  TickSizeSchema,
  VersionSchema,
  type BalanceAllowance,
  type BookSummary,
  type CancelResponse,
  type ClobMarket,
  type ClobTrade,
  type OpenOrder,
  type PostOrderResponse,
  type PriceHistory,
} from './wire-clob.js';

/**
 * Typed calls of the CLOB REST API (docs/venues/polymarket.md §4–§6): raw wire types in and out.
 * Authenticated (L2) calls are signed by the `HttpClient`'s signer; L1 calls carry the headers
 * they are given. Order writes are never retried here (not idempotent).
 */

/** `POST /books` accepts at most 500 token ids (§4.1). */
export const BOOKS_PER_REQUEST = 500;
/** `POST /orders` accepts at most 15 orders (§6.5). */
export const ORDERS_PER_BATCH = 15;
/** `DELETE /orders` accepts at most 3,000 order ids (§6.6). */
export const CANCEL_IDS_PER_REQUEST = 3000;

export interface BookWithRaw {
  book: BookSummary;
  /** The object as received (key order kept), for hash verification. */
  raw: unknown;
}

export interface PostOrderBody {
  deferExec: boolean;
  postOnly: boolean;
  order: Record<string, unknown>;
  owner: string;
  orderType: string;
}

export class ClobClient {
  constructor(private readonly http: HttpClient) {}

  // ——— public market data ———

  async book(tokenId: string): Promise<BookWithRaw> {
    const endpoint = 'GET /book';
    const raw = await this.http.request<unknown>({ method: 'GET', path: '/book', endpoint, query: { token_id: tokenId }, cost: { bucket: BUCKETS.book } });
    return { book: parseWire(BookSummarySchema, raw, endpoint), raw };
  }

  /** `POST /books`, chunked by 500; tokens without a book are omitted by the venue. */
  async books(tokenIds: string[]): Promise<BookSummary[]> {
    const out: BookSummary[] = [];
    for (let i = 0; i < tokenIds.length; i += BOOKS_PER_REQUEST) {
      const chunk = tokenIds.slice(i, i + BOOKS_PER_REQUEST);
      const page = await this.http.request({
        method: 'POST',
        path: '/books',
        endpoint: 'POST /books',
        body: chunk.map((token_id) => ({ token_id })),
        schema: BookSummaryListSchema,
        idempotent: true,
        cost: { bucket: BUCKETS.books },
      });
      out.push(...page);
    }
    return out;
  }

  async price(tokenId: string, side: 'BUY' | 'SELL'): Promise<string> {
    const r = await this.http.request({ method: 'GET', path: '/price', endpoint: 'GET /price', query: { token_id: tokenId, side }, schema: PriceResponseSchema, cost: { bucket: BUCKETS.price } });
    return r.price;
  }

  prices(requests: { tokenId: string; side: 'BUY' | 'SELL' }[]): Promise<Record<string, Record<string, string>>> {
    return this.http.request({
      method: 'POST',
      path: '/prices',
      endpoint: 'POST /prices',
      body: requests.map((r) => ({ token_id: r.tokenId, side: r.side })),
      schema: PricesMapSchema,
      idempotent: true,
      cost: { bucket: BUCKETS.prices },
    });
  }

  async midpoint(tokenId: string): Promise<string> {
    const r = await this.http.request({ method: 'GET', path: '/midpoint', endpoint: 'GET /midpoint', query: { token_id: tokenId }, schema: MidpointResponseSchema, cost: { bucket: BUCKETS.midpoint } });
    return r.mid;
  }

  midpoints(tokenIds: string[]): Promise<Record<string, string>> {
    return this.http.request({
      method: 'POST',
      path: '/midpoints',
      endpoint: 'POST /midpoints',
      body: tokenIds.map((token_id) => ({ token_id })),
      schema: DecimalMapSchema,
      idempotent: true,
      cost: { bucket: BUCKETS.midpoints },
    });
  }

  async spread(tokenId: string): Promise<string> {
    const r = await this.http.request({ method: 'GET', path: '/spread', endpoint: 'GET /spread', query: { token_id: tokenId }, schema: SpreadResponseSchema, cost: { bucket: BUCKETS.clob } });
    return r.spread;
  }

  spreads(tokenIds: string[]): Promise<Record<string, string>> {
    return this.http.request({
      method: 'POST',
      path: '/spreads',
      endpoint: 'POST /spreads',
      body: tokenIds.map((token_id) => ({ token_id })),
      schema: DecimalMapSchema,
      idempotent: true,
      cost: { bucket: BUCKETS.clob },
    });
  }

  lastTradePrice(tokenId: string): Promise<{ price: string | null; side: string | null }> {
    return this.http.request({
      method: 'GET',
      path: '/last-trade-price',
      endpoint: 'GET /last-trade-price',
      query: { token_id: tokenId },
      schema: LastTradePriceSchema,
      cost: { bucket: BUCKETS.clob },
    });
  }

  lastTradesPrices(tokenIds: string[]): Promise<{ token_id: string; price: string | null; side: string | null }[]> {
    return this.http.request({
      method: 'POST',
      path: '/last-trades-prices',
      endpoint: 'POST /last-trades-prices',
      body: tokenIds.map((token_id) => ({ token_id })),
      schema: LastTradesPricesSchema,
      idempotent: true,
      cost: { bucket: BUCKETS.clob },
    });
  }

  async tickSize(tokenId: string): Promise<string> {
    const r = await this.http.request({ method: 'GET', path: '/tick-size', endpoint: 'GET /tick-size', query: { token_id: tokenId }, schema: TickSizeSchema, cost: { bucket: BUCKETS.tickSize } });
    return r.minimum_tick_size;
  }

  async negRisk(tokenId: string): Promise<boolean> {
    const r = await this.http.request({ method: 'GET', path: '/neg-risk', endpoint: 'GET /neg-risk', query: { token_id: tokenId }, schema: NegRiskSchema, cost: { bucket: BUCKETS.clob } });
    return r.neg_risk;
  }

  /** `GET /version`; the official V2 client assumes 2 when absent (§6.1). */
  async version(): Promise<number> {
    const r = await this.http.request({ method: 'GET', path: '/version', endpoint: 'GET /version', schema: VersionSchema, cost: { bucket: BUCKETS.clob } });
    return r.version ?? 2;
  }

  /** `GET /time`: Unix seconds. */
  time(): Promise<number> {
    return this.http.request({ method: 'GET', path: '/time', endpoint: 'GET /time', schema: ServerTimeSchema, cost: { bucket: BUCKETS.clob } });
  }

  pricesHistory(args: { tokenId: string; interval?: string; startTs?: number; endTs?: number; fidelity?: number }): Promise<PriceHistory> {
    return this.http.request({
      method: 'GET',
      path: '/prices-history',
      endpoint: 'GET /prices-history',
      query: { market: args.tokenId, interval: args.interval, startTs: args.startTs, endTs: args.endTs, fidelity: args.fidelity },
      schema: PriceHistorySchema,
      cost: { bucket: BUCKETS.pricesHistory },
    });
  }

  market(conditionId: string): Promise<ClobMarket> {
    return this.http.request({
      method: 'GET',
      path: `/markets/${encodeURIComponent(conditionId)}`,
      endpoint: 'GET /markets/{condition_id}',
      schema: ClobMarketSchema,
      cost: { bucket: BUCKETS.clob },
    });
  }

  // ——— L1: API credentials ———

  async createApiKey(l1: Record<string, string>): Promise<ApiCredentials> {
    return this.http.request({ method: 'POST', path: '/auth/api-key', endpoint: 'POST /auth/api-key', headers: l1, schema: ApiCredsSchema, cost: { bucket: BUCKETS.auth } });
  }

  async deriveApiKey(l1: Record<string, string>): Promise<ApiCredentials> {
    return this.http.request({ method: 'GET', path: '/auth/derive-api-key', endpoint: 'GET /auth/derive-api-key', headers: l1, schema: ApiCredsSchema, cost: { bucket: BUCKETS.auth } });
  }

  // ——— L2: orders ———

  postOrder(body: PostOrderBody): Promise<PostOrderResponse> {
    return this.http.request({ method: 'POST', path: '/order', endpoint: 'POST /order', body, auth: true, schema: PostOrderResponseSchema, cost: { bucket: BUCKETS.postOrder } });
  }

  postOrders(bodies: PostOrderBody[]): Promise<PostOrderResponse[]> {
    return this.http.request({ method: 'POST', path: '/orders', endpoint: 'POST /orders', body: bodies, auth: true, schema: PostOrdersResponseSchema, cost: { bucket: BUCKETS.postOrders } });
  }

  /** Cancels are idempotent on the venue (a second cancel reports `not_canceled`), so they may be retried. */
  cancelOrder(orderId: string): Promise<CancelResponse> {
    return this.http.request({ method: 'DELETE', path: '/order', endpoint: 'DELETE /order', body: { orderID: orderId }, auth: true, idempotent: true, schema: CancelResponseSchema, cost: { bucket: BUCKETS.deleteOrder } });
  }

  cancelOrders(orderIds: string[]): Promise<CancelResponse> {
    return this.http.request({ method: 'DELETE', path: '/orders', endpoint: 'DELETE /orders', body: orderIds, auth: true, idempotent: true, schema: CancelResponseSchema, cost: { bucket: BUCKETS.deleteOrders } });
  }

  cancelAll(): Promise<CancelResponse> {
    return this.http.request({ method: 'DELETE', path: '/cancel-all', endpoint: 'DELETE /cancel-all', auth: true, idempotent: true, schema: CancelResponseSchema, cost: { bucket: BUCKETS.cancelAll } });
  }

  cancelMarket(args: { market?: string; assetId?: string }): Promise<CancelResponse> {
    const body: Record<string, string> = {};
    if (args.market) body.market = args.market;
    if (args.assetId) body.asset_id = args.assetId;
    return this.http.request({ method: 'DELETE', path: '/cancel-market-orders', endpoint: 'DELETE /cancel-market-orders', body, auth: true, idempotent: true, schema: CancelResponseSchema, cost: { bucket: BUCKETS.cancelMarket } });
  }

  order(orderId: string): Promise<OpenOrder> {
    return this.http.request({ method: 'GET', path: `/data/order/${encodeURIComponent(orderId)}`, endpoint: 'GET /data/order/{id}', auth: true, schema: OpenOrderSchema, cost: { bucket: BUCKETS.ledger } });
  }

  ordersPage(args: { market?: string; assetId?: string; id?: string; cursor?: string }): Promise<{ data: OpenOrder[]; next_cursor: string | null }> {
    return this.http.request({
      method: 'GET',
      path: '/data/orders',
      endpoint: 'GET /data/orders',
      query: { id: args.id, market: args.market, asset_id: args.assetId, next_cursor: args.cursor },
      auth: true,
      schema: OpenOrderPageSchema,
      cost: { bucket: BUCKETS.dataOrders },
    });
  }

  tradesPage(args: { market?: string; assetId?: string; id?: string; makerAddress?: string; after?: number; cursor?: string }): Promise<{ data: ClobTrade[]; next_cursor: string | null }> {
    return this.http.request({
      method: 'GET',
      path: '/data/trades',
      endpoint: 'GET /data/trades',
      query: { id: args.id, maker_address: args.makerAddress, market: args.market, asset_id: args.assetId, after: args.after, next_cursor: args.cursor },
      auth: true,
      schema: ClobTradePageSchema,
      cost: { bucket: BUCKETS.dataTradesClob },
    });
  }

  balanceAllowance(args: { assetType: 'COLLATERAL' | 'CONDITIONAL' | 'CONDITIONAL-V2'; tokenId?: string; signatureType: number }): Promise<BalanceAllowance> {
    return this.http.request({
      method: 'GET',
      path: '/balance-allowance',
      endpoint: 'GET /balance-allowance',
      query: { asset_type: args.assetType, token_id: args.tokenId, signature_type: args.signatureType },
      auth: true,
      schema: BalanceAllowanceSchema,
      cost: { bucket: BUCKETS.balance },
    });
  }
}
