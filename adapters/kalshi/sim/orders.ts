/**
 * V2 order operations of the Kalshi simulator (docs/venues/kalshi.md §5): validation against the
 * market grid and lifecycle, balance and reduce-only checks, matching through the BinaryBook,
 * and the V2 response shapes. HTTP-free: routes-orders.ts maps these to endpoints.
 */
import { z } from 'zod';
import { fromPriceUnits, notionalUnits, PRICE_SCALE, toPriceUnits, toSizeUnits, type NewOrder } from '../../../src/sim/index.js';
import { onGrid } from './grid.js';
import { KalshiHttpError, badRequest, notFound } from './http.js';
import { count } from './format.js';
import { maxTakerFee, ownPrice, reservedCash } from './ledger.js';
import type { SimMarket, SimOrder } from './model.js';
import type { KalshiState } from './state.js';

const PRICE_RE = /^(0|1)?\.\d{2,4}$|^[01]$/;
const COUNT_RE = /^\d+(\.\d{1,2})?$/;
const COID_RE = /^[-\w:+=/]{1,64}$/;

export const CreateOrderSchema = z.object({
  ticker: z.string().min(1),
  side: z.enum(['bid', 'ask']),
  count: z.string().regex(COUNT_RE, 'count must have 0-2 decimals'),
  price: z.string().regex(PRICE_RE, 'price must be a dollar string with 2-4 decimals'),
  time_in_force: z.enum(['fill_or_kill', 'good_till_canceled', 'immediate_or_cancel']),
  self_trade_prevention_type: z.enum(['taker_at_cross', 'maker']),
  client_order_id: z.string().regex(COID_RE, 'client_order_id must be at most 64 of [-\\w:+=/]').optional(),
  expiration_time: z.number().int().positive().optional(),
  post_only: z.boolean().optional(),
  reduce_only: z.boolean().optional(),
  cancel_order_on_pause: z.boolean().optional(),
  subaccount: z.number().int().min(0).max(63).optional(),
  order_group_id: z.string().optional(),
  exchange_index: z.number().int().min(-1).optional(),
});
export type CreateOrderBody = z.infer<typeof CreateOrderSchema>;

export const AmendOrderSchema = z.object({
  ticker: z.string(),
  side: z.enum(['bid', 'ask']),
  price: z.string().regex(PRICE_RE),
  count: z.string().regex(COUNT_RE),
  client_order_id: z.string().optional(),
  updated_client_order_id: z.string().regex(COID_RE).optional(),
  exchange_index: z.number().int().optional(),
});

export const DecreaseOrderSchema = z
  .object({ reduce_by: z.string().regex(COUNT_RE).optional(), reduce_to: z.string().regex(COUNT_RE).optional(), exchange_index: z.number().int().optional(), market_ticker: z.string().optional() })
  .refine((b) => (b.reduce_by === undefined) !== (b.reduce_to === undefined), 'exactly one of reduce_by or reduce_to is required');

export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw badRequest(`${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`);
  }
  return r.data;
}

function tradable(state: KalshiState, m: SimMarket): void {
  if (m.status !== 'active' || state.now() >= m.closeMs) {
    throw new KalshiHttpError(400, 'MARKET_INACTIVE', `market ${m.ticker} is not open for trading`);
  }
}

function market(state: KalshiState, ticker: string): SimMarket {
  const m = state.markets.get(ticker);
  if (!m) throw notFound(`market ${ticker}`);
  return m;
}

function gridPrice(m: SimMarket, text: string): number {
  const p = toPriceUnits(text);
  if (!onGrid(p, m.ranges)) throw badRequest(`price ${text} is not on the ${m.structure} grid of ${m.ticker}`, 'invalid_price');
  return p;
}

function positiveCount(text: string): number {
  const n = toSizeUnits(text);
  if (n <= 0) throw badRequest('count must be positive');
  return n;
}

/** Average per-contract figure as a 4-dp dollar string (half-up). */
function average(totalMicros: number, filled: number): string {
  const num = BigInt(totalMicros) * 1_000_000n * 2n + BigInt(filled);
  return fromPriceUnits(Number(num / (2n * BigInt(filled))), 4);
}

export function orderSummary(rec: SimOrder, ts: number): Record<string, unknown> {
  const out: Record<string, unknown> = {
    order_id: rec.orderId,
    client_order_id: rec.clientOrderId,
    fill_count: count(rec.fillCount),
    remaining_count: count(rec.remainingCount),
    ts_ms: ts,
  };
  if (rec.fillCount > 0) {
    const own = rec.takerFillCost + rec.makerFillCost;
    const yesTotal = rec.side === 'bid' ? own : notionalUnits(PRICE_SCALE, rec.fillCount) - own;
    out.average_fill_price = average(yesTotal, rec.fillCount);
    out.average_fee_paid = average(rec.takerFees + rec.makerFees, rec.fillCount);
  }
  return out;
}

export function createOrder(state: KalshiState, userId: string, body: CreateOrderBody): Record<string, unknown> {
  const m = market(state, body.ticker);
  tradable(state, m);
  const price = gridPrice(m, body.price);
  let size = positiveCount(body.count);
  if (body.expiration_time !== undefined && body.time_in_force !== 'good_till_canceled') {
    throw badRequest('expiration_time is only allowed with good_till_canceled');
  }
  const now = state.now();
  if (body.expiration_time !== undefined && body.expiration_time * 1000 <= now) throw badRequest('expiration_time is in the past');
  const acct = state.account(userId);
  if (body.client_order_id !== undefined && acct.clientOrderIds.has(body.client_order_id)) {
    throw new KalshiHttpError(409, 'order_already_exists', `client_order_id ${body.client_order_id} already used`);
  }
  const pos = acct.positions.get(m.ticker)?.position ?? 0;
  const opposing = body.side === 'bid' ? Math.max(0, -pos) : Math.max(0, pos);
  if (body.reduce_only) {
    if (opposing === 0) throw badRequest('reduce_only order would increase the position', 'invalid_order');
    size = Math.min(size, opposing);
  }
  const own = ownPrice(body.side, price);
  const required = notionalUnits(own, Math.max(0, size - opposing)) + maxTakerFee(size);
  if (acct.cash - reservedCash(acct) < required) throw badRequest('insufficient balance for this order', 'insufficient_balance');

  const rec: SimOrder = {
    orderId: state.newId(), userId, clientOrderId: body.client_order_id ?? '', ticker: m.ticker, side: body.side, price,
    initialCount: size, fillCount: 0, remainingCount: size, status: 'resting', takerFillCost: 0, makerFillCost: 0, takerFees: 0, makerFees: 0,
    createdMs: now, updatedMs: now, stp: body.self_trade_prevention_type, postOnly: body.post_only ?? false, reduceOnly: body.reduce_only ?? false,
    cancelOnPause: body.cancel_order_on_pause ?? false, subaccount: body.subaccount ?? 0, tif: body.time_in_force,
  };
  if (body.expiration_time !== undefined) rec.expirationMs = body.expiration_time * 1000;
  if (body.order_group_id !== undefined) rec.orderGroupId = body.order_group_id;
  state.orders.set(rec.orderId, rec);
  acct.orders.set(rec.orderId, rec);
  acct.orderList.push(rec.orderId);
  if (rec.clientOrderId) acct.clientOrderIds.set(rec.clientOrderId, rec.orderId);
  const engineOrder: NewOrder = {
    id: rec.orderId, owner: userId, side: body.side === 'bid' ? 'buy' : 'sell', outcome: 'yes', price, size,
    tif: body.time_in_force === 'fill_or_kill' ? 'fok' : body.time_in_force === 'immediate_or_cancel' ? 'ioc' : rec.expirationMs ? 'gtd' : 'gtc',
    stp: rec.stp === 'maker' ? 'cancel_maker' : 'cancel_taker', postOnly: rec.postOnly, clientOrderId: rec.clientOrderId,
  };
  if (rec.expirationMs !== undefined) engineOrder.expiresAt = rec.expirationMs;
  const result = state.book(m).submit(engineOrder);
  state.syncOrder(rec, result.order);
  return orderSummary(rec, now);
}

function ownOrder(state: KalshiState, userId: string, orderId: string): SimOrder {
  const rec = state.orders.get(orderId);
  if (!rec || rec.userId !== userId) throw notFound('order');
  return rec;
}

/** Cancel: `reduced_by` = remaining at cancel; a non-resting order answers `reduced_by: "0.00"`. */
export function cancelOrder(state: KalshiState, userId: string, orderId: string): Record<string, unknown> {
  const rec = ownOrder(state, userId, orderId);
  const m = market(state, rec.ticker);
  if (state.now() >= m.closeMs || m.status === 'closed' || m.status === 'determined' || m.status === 'finalized') {
    throw new KalshiHttpError(400, 'MARKET_INACTIVE', `market ${m.ticker} is closed`);
  }
  const reduced = rec.status === 'resting' ? rec.remainingCount : 0;
  if (reduced > 0) state.book(m).cancel(rec.orderId, 'canceled');
  const out: Record<string, unknown> = { order_id: rec.orderId, reduced_by: count(reduced), ts_ms: state.now() };
  if (rec.clientOrderId) out.client_order_id = rec.clientOrderId;
  return out;
}

export function amendOrder(state: KalshiState, userId: string, orderId: string, body: z.infer<typeof AmendOrderSchema>): Record<string, unknown> {
  const rec = ownOrder(state, userId, orderId);
  const m = market(state, rec.ticker);
  tradable(state, m);
  if (body.ticker !== rec.ticker || body.side !== rec.side) throw badRequest('ticker and side must match the order');
  if (rec.status !== 'resting') throw new KalshiHttpError(409, 'order_not_modifiable', 'order is not resting');
  const price = gridPrice(m, body.price);
  const total = positiveCount(body.count);
  if (total <= rec.fillCount) throw badRequest('count must exceed the filled count');
  const acct = state.account(userId);
  if (body.updated_client_order_id !== undefined && body.updated_client_order_id !== rec.clientOrderId) {
    if (acct.clientOrderIds.has(body.updated_client_order_id)) throw new KalshiHttpError(409, 'order_already_exists', 'updated_client_order_id already used');
    acct.clientOrderIds.set(body.updated_client_order_id, rec.orderId);
    rec.clientOrderId = body.updated_client_order_id;
  }
  rec.price = price;
  rec.initialCount = total;
  const result = state.book(m).amend(rec.orderId, { price, size: total });
  if (result) state.syncOrder(rec, result.order);
  rec.price = price;
  return orderSummary(rec, state.now());
}

export function decreaseOrder(state: KalshiState, userId: string, orderId: string, body: z.infer<typeof DecreaseOrderSchema>): Record<string, unknown> {
  const rec = ownOrder(state, userId, orderId);
  const m = market(state, rec.ticker);
  tradable(state, m);
  if (rec.status !== 'resting') throw new KalshiHttpError(409, 'order_not_modifiable', 'order is not resting');
  const by = body.reduce_by !== undefined ? toSizeUnits(body.reduce_by) : rec.remainingCount - toSizeUnits(body.reduce_to as string);
  if (by > 0) {
    state.book(m).decrease(rec.orderId, by);
  }
  const out: Record<string, unknown> = { order_id: rec.orderId, remaining_count: count(rec.remainingCount), ts_ms: state.now() };
  if (rec.clientOrderId) out.client_order_id = rec.clientOrderId;
  return out;
}

/** Cancels every resting order of a user on markets that still accept cancels. */
export function cancelAll(state: KalshiState, userId: string, subaccount?: number): number {
  const acct = state.account(userId);
  let n = 0;
  for (const rec of acct.orders.values()) {
    if (rec.status !== 'resting' || (subaccount !== undefined && rec.subaccount !== subaccount)) continue;
    const m = state.markets.get(rec.ticker);
    if (!m || state.now() >= m.closeMs) continue;
    state.book(m).cancel(rec.orderId, 'canceled');
    n++;
  }
  return n;
}
