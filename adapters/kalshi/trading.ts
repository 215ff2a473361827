import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import {
  AmendOrderRequestSchema,
  BadRequest,
  Decimal,
  DuplicateOrder,
  MissingCredentials,
  OrderStateUnknown,
  PlaceOrderRequestSchema,
  RateLimited,
  Timeout,
  canonical,
  parseId,
} from '../../src/core/index.js';
import type { AmendOrderRequest, Order, PlaceOrderRequest, VennError } from '../../src/core/index.js';
import type { CreateOrderV2Body, KalshiClient, WireStp, WireTimeInForce } from './client.js';
import { mapBatchItemError } from './errors.js';
import { mapCreatedOrder, mapOrder, toWireDirection } from './map-order.js';
import type { OrderIntent } from './map-order.js';
import type { OrderMemory, RememberedOrder } from './order-memory.js';
import { findOrderByClientId } from './reconcile.js';

/**
 * Order writes. Every order carries a `client_order_id` (generated when the caller gave none).
 * Writes are never re-sent blindly:
 * - a 429 means the venue refused before doing anything: the write is retried after a jittered
 *   backoff (Kalshi sends no Retry-After);
 * - a lost response (`OrderStateUnknown` from the HTTP client, or a timeout) is reconciled by
 *   listing the market's orders and matching the client order id;
 * - a duplicate client order id (409) means the order exists: it is looked up, not re-created.
 */

export interface TradingOptions {
  /** Self-trade prevention sent with every order (Kalshi requires one; default taker_at_cross). */
  selfTradePrevention?: WireStp;
  /** How long to keep looking for an order whose create response was lost (default 10 s). */
  reconcileWindowMs?: number;
  /** Attempts of a write refused with 429 (default 4). */
  rateLimitAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
  logger?: Logger;
}

const TIF: Record<Order['timeInForce'], WireTimeInForce> = {
  gtc: 'good_till_canceled',
  gtd: 'good_till_canceled',
  ioc: 'immediate_or_cancel',
  fok: 'fill_or_kill',
};

const defaultSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function tickerOf(marketId: string): string {
  if (!marketId.includes(':')) return marketId;
  const { venue, nativeId } = parseId(marketId);
  if (venue !== 'kalshi') throw new BadRequest(`not a kalshi market id: ${marketId}`, { venue: 'kalshi' });
  return nativeId;
}

export interface BuiltOrder {
  body: CreateOrderV2Body;
  remembered: RememberedOrder;
  price: string;
  size: string;
  expiresAt: string | null;
}

function issueText(issue: { path: PropertyKey[]; message: string } | undefined): string {
  return issue ? `${issue.path.map(String).join('.')}: ${issue.message}` : 'invalid';
}

/** Validates a PlaceOrderRequest and builds the V2 create body. */
export function buildCreateBody(request: PlaceOrderRequest, stp: WireStp): BuiltOrder {
  const parsed = PlaceOrderRequestSchema.safeParse(request);
  if (!parsed.success) throw new BadRequest(`invalid order request: ${issueText(parsed.error.issues[0])}`, { venue: 'kalshi' });
  const r = parsed.data;
  const ticker = tickerOf(r.marketId);
  const { bookSide, yesPrice } = toWireDirection(r.side, r.outcome, r.price);
  const clientOrderId = r.clientOrderId ?? randomUUID();
  const body: CreateOrderV2Body = {
    ticker,
    side: bookSide,
    count: r.size,
    price: yesPrice,
    time_in_force: TIF[r.timeInForce],
    self_trade_prevention_type: stp,
    client_order_id: clientOrderId,
  };
  let expiresAt: string | null = null;
  if (r.timeInForce === 'gtd') {
    if (!r.expiresAt) throw new BadRequest('a gtd order needs expiresAt', { venue: 'kalshi' });
    expiresAt = new Date(r.expiresAt).toISOString();
    body.expiration_time = Math.floor(Date.parse(r.expiresAt) / 1000);
  }
  if (r.postOnly) body.post_only = true;
  if (r.reduceOnly) body.reduce_only = true;
  const intent: OrderIntent = { side: r.side, outcome: r.outcome, timeInForce: r.timeInForce, postOnly: r.postOnly };
  return { body, remembered: { ...intent, ticker, clientOrderId }, price: r.price, size: r.size, expiresAt };
}

export type BatchResult = { ok: true; order: Order } | { ok: false; error: VennError; clientOrderId: string };

export class KalshiTrading {
  private readonly stp: WireStp;
  private readonly reconcileWindowMs: number;
  private readonly rateLimitAttempts: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly client: KalshiClient,
    private readonly memory: OrderMemory,
    private readonly options: TradingOptions = {},
  ) {
    this.stp = options.selfTradePrevention ?? 'taker_at_cross';
    this.reconcileWindowMs = options.reconcileWindowMs ?? 10_000;
    this.rateLimitAttempts = Math.max(1, options.rateLimitAttempts ?? 4);
    this.sleep = options.sleep ?? defaultSleep;
  }

  requireAuth(what: string): void {
    if (!this.client.authenticated) {
      throw new MissingCredentials('kalshi', what);
    }
  }

  /** Runs a write, retrying only 429 refusals (definitely not applied) with full-jitter backoff. */
  private async refusedRetry<T>(write: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await write();
      } catch (err) {
        if (!(err instanceof RateLimited) || attempt + 1 >= this.rateLimitAttempts) throw err;
        await this.sleep(Math.floor(Math.random() * Math.min(2_000, 100 * 2 ** attempt)));
      }
    }
  }

  async placeOrder(request: PlaceOrderRequest): Promise<Order> {
    this.requireAuth('placeOrder');
    const built = buildCreateBody(request, this.stp);
    this.memory.expect(built.remembered);
    const sentAt = Date.now();
    try {
      const ack = await this.refusedRetry(() => this.client.createOrder(built.body));
      this.memory.bind(ack.order_id, built.remembered);
      return mapCreatedOrder(ack, {
        ticker: built.body.ticker,
        intent: built.remembered,
        price: built.price,
        size: built.size,
        clientOrderId: built.remembered.clientOrderId,
        expiresAt: built.expiresAt,
        bookSide: built.body.side,
      });
    } catch (err) {
      if (err instanceof OrderStateUnknown || err instanceof Timeout || err instanceof DuplicateOrder) {
        return this.reconcileCreate(built, sentAt, err);
      }
      throw err;
    }
  }

  private async reconcileCreate(built: BuiltOrder, sentAt: number, cause: VennError): Promise<Order> {
    const coid = built.remembered.clientOrderId;
    this.options.logger?.warn({ venue: 'kalshi', ticker: built.body.ticker, reason: cause.name }, 'order create outcome unknown; reconciling');
    const found = await findOrderByClientId(this.client, built.body.ticker, coid, sentAt, {
      windowMs: this.reconcileWindowMs,
      sleep: this.sleep,
      logger: this.options.logger,
    });
    if (found) {
      this.memory.bind(found.order_id, built.remembered);
      return mapOrder(found, built.remembered);
    }
    if (cause instanceof DuplicateOrder) throw cause;
    throw new OrderStateUnknown(
      `kalshi POST /portfolio/events/orders: response lost and no order with client order id ${coid} found within ${this.reconcileWindowMs} ms; it was not re-sent`,
      { venue: 'kalshi', endpoint: 'POST /portfolio/events/orders', cause },
    );
  }

  async getOrder(orderId: string): Promise<Order> {
    this.requireAuth('getOrder');
    const { order } = await this.client.getOrder(orderId);
    return mapOrder(order, this.memory.get(order.order_id, order.client_order_id));
  }

  /** Cancels, then reads the order back (V2 cancel acks have been seen to describe another order). */
  async cancelOrder(orderId: string): Promise<Order> {
    this.requireAuth('cancelOrder');
    const ticker = this.memory.get(orderId)?.ticker;
    try {
      await this.refusedRetry(() => this.client.cancelOrder(orderId, ticker));
    } catch (err) {
      if (!(err instanceof OrderStateUnknown || err instanceof Timeout)) throw err;
      // The read-back below tells whether the cancel happened.
    }
    return this.getOrder(orderId);
  }

  /** `changes.size` is the new total size (filled + remaining), `changes.price` in the order's outcome. */
  async amendOrder(orderId: string, changes: AmendOrderRequest): Promise<Order> {
    this.requireAuth('amendOrder');
    const parsed = AmendOrderRequestSchema.safeParse(changes);
    if (!parsed.success) throw new BadRequest(`invalid amend request: ${issueText(parsed.error.issues[0])}`, { venue: 'kalshi' });
    const { order: current } = await this.client.getOrder(orderId);
    const remembered = this.memory.get(orderId, current.client_order_id);
    const before = mapOrder(current, remembered);
    const price = parsed.data.price ?? before.price;
    const { bookSide, yesPrice } = toWireDirection(before.side, before.outcome, price);
    // Kalshi's amend `count` is filled + remaining; `initial_count` still counts decreased contracts.
    const count = parsed.data.size ?? Decimal.parse(current.fill_count_fp).add(Decimal.parse(current.remaining_count_fp)).toFixed(2);
    let newId = orderId;
    try {
      const ack = await this.refusedRetry(() =>
        this.client.amendOrder(orderId, { ticker: current.ticker, side: bookSide, price: yesPrice, count }),
      );
      newId = ack.order_id;
    } catch (err) {
      if (!(err instanceof OrderStateUnknown || err instanceof Timeout)) throw err;
    }
    if (remembered) this.memory.bind(newId, remembered);
    return this.getOrder(newId);
  }

  /** Reduces the remaining size by `reduceBy` or to `reduceTo` (exactly one). */
  async decreaseOrder(orderId: string, change: { reduceBy: string } | { reduceTo: string }): Promise<Order> {
    this.requireAuth('decreaseOrder');
    const body = 'reduceBy' in change ? { reduce_by: change.reduceBy } : { reduce_to: change.reduceTo };
    try {
      await this.refusedRetry(() => this.client.decreaseOrder(orderId, body));
    } catch (err) {
      if (!(err instanceof OrderStateUnknown || err instanceof Timeout)) throw err;
    }
    return this.getOrder(orderId);
  }

  /**
   * Batched create, chunked so each batch's token cost fits the write bucket at once. Per-item
   * results; a lost batch response is reconciled item by item.
   */
  async placeOrders(requests: readonly PlaceOrderRequest[], maxPerBatch: number): Promise<BatchResult[]> {
    this.requireAuth('placeOrders');
    const built = requests.map((r) => buildCreateBody(r, this.stp));
    for (const b of built) this.memory.expect(b.remembered);
    const results: BatchResult[] = [];
    for (let i = 0; i < built.length; i += maxPerBatch) {
      const chunk = built.slice(i, i + maxPerBatch);
      const sentAt = Date.now();
      let items: Awaited<ReturnType<KalshiClient['batchCreateOrders']>>['orders'];
      try {
        items = (await this.refusedRetry(() => this.client.batchCreateOrders(chunk.map((b) => b.body)))).orders;
      } catch (err) {
        if (!(err instanceof OrderStateUnknown || err instanceof Timeout)) throw err;
        for (const b of chunk) {
          try {
            results.push({ ok: true, order: await this.reconcileCreate(b, sentAt, err) });
          } catch (e) {
            results.push({ ok: false, error: e as VennError, clientOrderId: b.remembered.clientOrderId });
          }
        }
        continue;
      }
      chunk.forEach((b, j) => {
        const item = items[j];
        const coid = b.remembered.clientOrderId;
        if (!item || item.error || !item.order_id || item.fill_count == null || item.remaining_count == null) {
          const error = mapBatchItemError('POST /portfolio/events/orders/batched', item?.error ?? { message: 'missing batch item' });
          results.push({ ok: false, error, clientOrderId: coid });
          return;
        }
        this.memory.bind(item.order_id, b.remembered);
        const ack = {
          order_id: item.order_id,
          client_order_id: item.client_order_id ?? coid,
          fill_count: item.fill_count,
          remaining_count: item.remaining_count,
          average_fill_price: item.average_fill_price,
          average_fee_paid: item.average_fee_paid,
          ts_ms: item.ts_ms ?? sentAt,
        };
        const order = mapCreatedOrder(ack, {
          ticker: b.body.ticker,
          intent: b.remembered,
          price: b.price,
          size: b.size,
          clientOrderId: coid,
          expiresAt: b.expiresAt,
          bookSide: b.body.side,
        });
        results.push({ ok: true, order });
      });
    }
    return results;
  }

  /** Batched cancel; per order the reduced size or the error. */
  async cancelOrders(
    orderIds: readonly string[],
    maxPerBatch: number,
  ): Promise<{ orderId: string; reducedBy: string | null; error: VennError | null }[]> {
    this.requireAuth('cancelOrders');
    const out: { orderId: string; reducedBy: string | null; error: VennError | null }[] = [];
    for (let i = 0; i < orderIds.length; i += maxPerBatch) {
      const chunk = orderIds.slice(i, i + maxPerBatch);
      const res = await this.refusedRetry(() =>
        this.client.batchCancelOrders(chunk.map((id) => ({ order_id: id, market_ticker: this.memory.get(id)?.ticker }))),
      );
      for (const id of chunk) {
        const item = res.orders.find((o) => o.order_id === id);
        if (!item) {
          out.push({ orderId: id, reducedBy: null, error: mapBatchItemError('DELETE /portfolio/events/orders/batched', { message: 'missing batch item' }) });
        } else if (item.error) {
          out.push({ orderId: id, reducedBy: null, error: mapBatchItemError('DELETE /portfolio/events/orders/batched', item.error) });
        } else {
          out.push({ orderId: id, reducedBy: canonical(item.reduced_by || '0'), error: null });
        }
      }
    }
    return out;
  }

  async cancelAll(): Promise<void> {
    this.requireAuth('cancelAll');
    await this.refusedRetry(() => this.client.cancelAllOrders());
  }
}
