/**
 * Placing an order exactly once. The request is validated (fields, market, limits) before any
 * venue write, claimed under its idempotency key, then sent once with a client order id the venue
 * keeps. The answer is the order; or, when the write's outcome is not known within the deadline
 * (a lost response the adapter could not reconcile in time), the pending request, which later
 * calls reconcile by the client order id. A write is never sent twice for one request.
 */
import type { Logger } from 'pino';
import type { Principal } from '../auth/authenticator.js';
import {
  DuplicateOrder,
  MissingCredentials,
  NotFound,
  NotSupported,
  OrderStateUnknown,
  RateLimited,
  VenueError,
  VenueFormatError,
  VenueUnavailable,
  type Market,
  type Order,
} from '../core/index.js';
import type { VenueAdapter } from '../venue/adapter.js';
import { canUse } from '../venue/define-adapter.js';
import type { AuditLog } from './audit.js';
import { venueClientOrderId } from './client-order-id.js';
import { fingerprintOf, requestIdOf, type OrderRequestRecord, type OrderRequests } from './idempotency.js';
import { LimitExceeded, notionalOf, type TradingLimiter } from './limits.js';
import { OrderFieldError, checkAgainstMarket, type OrderIntent } from './order-request.js';

export type PlaceOutcome =
  | { kind: 'placed'; record: OrderRequestRecord; order: Order; replayed: boolean }
  | { kind: 'pending'; record: OrderRequestRecord; replayed: boolean };

/** The same idempotency key was used for another request. */
export class IdempotencyConflict extends Error {
  override name = 'IdempotencyConflict';
}

export interface PlacerDeps {
  adapterOf(venue: string): VenueAdapter | undefined;
  /** The market from the catalog, else from the venue; throws `NotFound` when there is none. */
  marketOf(adapter: VenueAdapter, marketId: string, nativeId: string): Promise<Market>;
  requests: OrderRequests;
  limiter: TradingLimiter;
  audit: AuditLog;
  logger: Logger;
  /** How long a placement may take before the answer is the pending request. */
  writeDeadlineMs: number;
  now?: () => number;
  /** Pause between reads of a request another instance is writing (default 50 ms). */
  pollMs?: number;
}

type Settled = { kind: 'placed'; record: OrderRequestRecord; order: Order } | { kind: 'pending'; record: OrderRequestRecord } | { kind: 'failed'; error: unknown };

/** Errors after which the venue certainly holds no order (it refused, or nothing was sent). */
export function certainlyNotPlaced(err: unknown): boolean {
  if (err instanceof OrderStateUnknown || err instanceof DuplicateOrder || err instanceof VenueFormatError) return false;
  return err instanceof VenueError || err instanceof RateLimited || err instanceof VenueUnavailable || err instanceof NotSupported;
}

/** Listing pages read when looking for an order by client order id. */
const RECONCILE_PAGES = 10;

export class OrderPlacer {
  /** Writes in progress in this process, by request key, so that concurrent retries share them. */
  private readonly inflight = new Map<string, Promise<Settled>>();
  private readonly now: () => number;
  private readonly pollMs: number;

  constructor(private readonly deps: PlacerDeps) {
    this.now = deps.now ?? Date.now;
    this.pollMs = deps.pollMs ?? 50;
  }

  /** Places `intent` for `principal`; `idempotencyKey` is the header (the client order id stands in without one). */
  async place(principal: Principal, intent: OrderIntent, idempotencyKey: string | null, retried = false): Promise<PlaceOutcome> {
    const key = idempotencyKey ?? intent.clientOrderId;
    const requestId = requestIdOf(key);
    const fingerprint = fingerprintOf(intent);
    if (key !== null) {
      const existing = await this.deps.requests.get(principal.keyId, requestId);
      if (existing) return this.replay(principal, intent, idempotencyKey, existing, fingerprint, retried);
    }

    const adapter = this.deps.adapterOf(intent.venue);
    if (!adapter) throw new OrderFieldError('market', `venue ${intent.venue} is not enabled on this server`);
    if (adapter.has.placeOrder === false) throw new NotSupported(`${intent.venue} does not support placing orders`, { venue: intent.venue });
    if (!canUse(adapter, 'placeOrder')) throw new MissingCredentials(intent.venue, 'placeOrder');
    let market: Market;
    try {
      market = await this.deps.marketOf(adapter, intent.marketId, intent.nativeId);
    } catch (err) {
      if (err instanceof NotFound) throw new OrderFieldError('market', `no market ${intent.marketId}`);
      throw err;
    }
    const order = checkAgainstMarket(intent, market);
    const notional = notionalOf(order.price, order.size);
    const started = this.now();
    const audit = (result: 'refused', code: string) =>
      this.deps.audit.write({
        action: 'place',
        keyId: principal.keyId,
        venue: intent.venue,
        market: intent.marketId,
        side: intent.side,
        outcome: intent.outcome,
        size: order.size,
        price: order.price,
        result,
        orderId: null,
        code,
        requestId,
        latencyMs: this.now() - started,
      });
    try {
      this.deps.limiter.checkOrderNotional(principal, intent.venue, notional);
    } catch (err) {
      if (err instanceof LimitExceeded) audit('refused', 'limit_exceeded');
      throw err;
    }

    const record: OrderRequestRecord = {
      id: requestId,
      keyId: principal.keyId,
      state: 'in_flight',
      fingerprint,
      venue: intent.venue,
      marketId: intent.marketId,
      venueClientOrderId: venueClientOrderId(principal.keyId, intent.clientOrderId, key),
      request: {
        side: order.side,
        outcome: order.outcome,
        type: order.type,
        price: order.price,
        size: order.size,
        timeInForce: order.timeInForce,
        postOnly: order.postOnly,
        expiresAt: order.expiresAt,
      },
      startedAt: started,
      updatedAt: started,
      order: null,
    };
    if (!(await this.deps.requests.claim(record))) {
      // Another request with this key claimed it first.
      const existing = await this.deps.requests.get(principal.keyId, requestId);
      if (existing) return this.replay(principal, intent, idempotencyKey, existing, fingerprint, retried);
      if (retried) throw new Error(`order request ${requestId} could not be claimed`);
      return this.place(principal, intent, idempotencyKey, true);
    }

    let release: () => Promise<void>;
    try {
      await this.deps.limiter.checkOpenOrders(principal, adapter);
      release = await this.deps.limiter.reserveDaily(principal, intent.venue, notional);
    } catch (err) {
      await this.deps.requests.release(principal.keyId, requestId);
      if (err instanceof LimitExceeded) audit('refused', 'limit_exceeded');
      throw err;
    }
    const settled = this.write(principal, adapter, record, release);
    return this.settleWithin(settled, record, false);
  }

  /** The request's current state, reconciled with the venue when its outcome is not known. */
  async status(principal: Principal, requestId: string): Promise<PlaceOutcome | null> {
    const record = await this.deps.requests.get(principal.keyId, requestId);
    if (!record) return null;
    return this.resolve(record, true);
  }

  private async replay(
    principal: Principal,
    intent: OrderIntent,
    idempotencyKey: string | null,
    existing: OrderRequestRecord,
    fingerprint: string,
    retried: boolean,
  ): Promise<PlaceOutcome> {
    if (existing.fingerprint !== fingerprint) {
      throw new IdempotencyConflict('this idempotency key was already used for a different order request');
    }
    const local = this.inflight.get(this.requestKey(existing));
    if (local) {
      const outcome = await this.settleWithin(local, existing, true);
      return outcome;
    }
    if (existing.state === 'in_flight' && this.now() - existing.startedAt < this.deps.writeDeadlineMs) {
      // Another instance is writing it: wait for its outcome, up to the deadline.
      const deadline = existing.startedAt + this.deps.writeDeadlineMs;
      for (;;) {
        await new Promise((r) => setTimeout(r, this.pollMs));
        const fresh = await this.deps.requests.get(principal.keyId, existing.id);
        if (!fresh) {
          // The write was refused and forgotten: nothing is at the venue, so this request may go.
          if (retried) throw new Error(`order request ${existing.id} vanished twice`);
          return this.place(principal, intent, idempotencyKey, true);
        }
        if (fresh.state !== 'in_flight' || this.now() >= deadline) return this.resolve(fresh, true);
      }
    }
    return this.resolve(existing, true);
  }

  /** Placed → the order; unknown (or a write past its deadline) → look for it at the venue. */
  private async resolve(record: OrderRequestRecord, replayed: boolean): Promise<PlaceOutcome> {
    if (record.state === 'placed' && record.order) return { kind: 'placed', record, order: record.order, replayed };
    const local = this.inflight.get(this.requestKey(record));
    if (local) return this.settleWithin(local, record, replayed);
    const adapter = this.deps.adapterOf(record.venue);
    if (!adapter || !canUse(adapter, 'listOrders')) return { kind: 'pending', record, replayed };
    const found = await this.findAtVenue(adapter, record);
    if (!found) return { kind: 'pending', record, replayed };
    const placed: OrderRequestRecord = { ...record, state: 'placed', order: found, updatedAt: this.now() };
    await this.deps.requests.update(placed);
    this.deps.logger.info({ requestId: record.id, venue: record.venue, orderId: found.id }, 'order request reconciled');
    return { kind: 'placed', record: placed, order: found, replayed };
  }

  private async findAtVenue(adapter: VenueAdapter, record: OrderRequestRecord): Promise<Order | null> {
    let pages = 0;
    for await (const page of adapter.listOrders({ marketId: record.marketId, status: 'all' })) {
      const hit = page.items.find((o) => o.clientOrderId === record.venueClientOrderId);
      if (hit) return hit;
      if (++pages >= RECONCILE_PAGES) break;
    }
    return null;
  }

  private requestKey(record: OrderRequestRecord): string {
    return `${record.keyId}:${record.id}`;
  }

  /** Sends the order once; the returned promise never rejects. */
  private write(principal: Principal, adapter: VenueAdapter, record: OrderRequestRecord, release: () => Promise<void>): Promise<Settled> {
    const key = this.requestKey(record);
    const r = record.request;
    const entry = (result: 'placed' | 'pending' | 'failed', orderId: string | null, code?: string) =>
      this.deps.audit.write({
        action: 'place',
        keyId: principal.keyId,
        venue: record.venue,
        market: record.marketId,
        side: r.side,
        outcome: r.outcome,
        size: r.size,
        price: r.price,
        result,
        orderId,
        ...(code !== undefined ? { code } : {}),
        requestId: record.id,
        latencyMs: this.now() - record.startedAt,
      });
    const run = async (): Promise<Settled> => {
      try {
        const order = await adapter.placeOrder({
          marketId: record.marketId,
          side: r.side,
          outcome: r.outcome,
          price: r.price,
          size: r.size,
          timeInForce: r.timeInForce,
          postOnly: r.postOnly,
          ...(r.expiresAt !== null ? { expiresAt: r.expiresAt } : {}),
          clientOrderId: record.venueClientOrderId,
        });
        const placed: OrderRequestRecord = { ...record, state: 'placed', order, updatedAt: this.now() };
        entry('placed', order.id);
        await this.deps.requests.update(placed);
        return { kind: 'placed', record: placed, order };
      } catch (err) {
        const code = err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : 'internal';
        if (certainlyNotPlaced(err)) {
          entry('failed', null, code);
          await release();
          await this.deps.requests.release(record.keyId, record.id);
          return { kind: 'failed', error: err };
        }
        const unknown: OrderRequestRecord = { ...record, state: 'unknown', updatedAt: this.now() };
        entry('pending', null, code);
        await this.deps.requests.update(unknown);
        return { kind: 'pending', record: unknown };
      }
    };
    const settled = run()
      .catch((err: unknown): Settled => {
        // The cache failed while recording the outcome: the record stays as it was (in flight),
        // and later calls reconcile with the venue.
        this.deps.logger.error({ err: err instanceof Error ? err.message : String(err), requestId: record.id }, 'order request: recording the outcome failed');
        return { kind: 'pending', record };
      })
      .finally(() => this.inflight.delete(key));
    this.inflight.set(key, settled);
    return settled;
  }

  /** The outcome of a write in this process, or the pending request when it is not known by the deadline. */
  private async settleWithin(settled: Promise<Settled>, record: OrderRequestRecord, replayed: boolean): Promise<PlaceOutcome> {
    const left = Math.max(0, record.startedAt + this.deps.writeDeadlineMs - this.now());
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), left);
      timer.unref();
    });
    try {
      const outcome = await Promise.race([settled, late]);
      if (outcome === 'late') return { kind: 'pending', record, replayed };
      if (outcome.kind === 'failed') throw outcome.error;
      return { ...outcome, replayed };
    } finally {
      clearTimeout(timer);
    }
  }
}
