/**
 * The trading service behind the API: orders (placement in place.ts), fills, positions and
 * balances, for one API key at a time, through the venue adapters only (`has`, credentials, the
 * catalog), so that any venue with an adapter trades the same way.
 */
import type { Logger } from 'pino';
import type { Principal } from '../auth/authenticator.js';
import type { Cache } from '../cache/types.js';
import type { CatalogReader } from '../catalog/types.js';
import { Decimal, NotFound, type Fill, type Market, type Order, type VenueId } from '../core/index.js';
import type { VenueAdapter } from '../venue/adapter.js';
import { markedPositions, venueBalances, type BalanceView, type PositionView, type QuoteSource } from './account.js';
import { AuditLog } from './audit.js';
import { presentOrder } from './client-order-id.js';
import { OrderRequests } from './idempotency.js';
import { TradingLimiter, notionalOf, type LimitsConfig } from './limits.js';
import { checkPriceAndSize, OrderFieldError } from './order-request.js';
import { OrderPlacer } from './place.js';
import { adapterForId, adaptersFor, type SkippedVenue, type VenueFilter } from './scope.js';
import { pageAcrossVenues, queryBinding, type VenueFailure } from './venue-pages.js';

export interface TradingServiceOptions {
  adapterOf(venue: VenueId): VenueAdapter | undefined;
  catalog: CatalogReader;
  /** Positions are marked from the catalog's markets as the API serves them (live-book quotes when held). */
  quotes?: QuoteSource;
  cache: Cache;
  logger: Logger;
  limits: LimitsConfig;
  writeDeadlineMs: number;
  now?: () => number;
}

export interface Listing<T> {
  data: T[];
  nextCursor: string | null;
  /** Venues that failed, or that cannot do this (no capability, no credentials). */
  errors: VenueFailure[];
}

/** Orders a cancel-all reads and cancels at most, per venue. */
const CANCEL_ALL_MAX = 1000;

export class TradingService {
  readonly placer: OrderPlacer;
  private readonly limiter: TradingLimiter;
  private readonly audit: AuditLog;
  private readonly now: () => number;

  constructor(private readonly options: TradingServiceOptions) {
    this.now = options.now ?? Date.now;
    this.limiter = new TradingLimiter(options.limits, options.cache, () => new Date(this.now()));
    this.audit = new AuditLog(options.logger);
    this.placer = new OrderPlacer({
      adapterOf: (venue) => this.adapterOf(venue),
      marketOf: (adapter, marketId, nativeId) => this.marketOf(adapter, marketId, nativeId),
      requests: new OrderRequests(options.cache),
      limiter: this.limiter,
      audit: this.audit,
      logger: options.logger,
      writeDeadlineMs: options.writeDeadlineMs,
      now: this.now,
    });
  }

  private adapterOf(venue: string): VenueAdapter | undefined {
    return this.options.adapterOf(venue as VenueId);
  }

  private readonly source = { adapterOf: (venue: VenueId) => this.options.adapterOf(venue) };

  /** The catalog's market, else the venue's (a market newer than the last sync). */
  async marketOf(adapter: VenueAdapter, marketId: string, nativeId: string): Promise<Market> {
    return this.options.catalog.getMarket(marketId) ?? adapter.getMarket(nativeId);
  }

  async getOrder(principal: Principal, orderId: string): Promise<Order> {
    const { adapter, nativeId } = adapterForId(this.source, principal, orderId, 'getOrder');
    return presentOrder(principal.keyId, await adapter.getOrder(nativeId));
  }

  async listOrders(principal: Principal, filter: VenueFilter & { status: 'open' | 'closed' | 'all'; cursor?: string; limit: number }): Promise<Listing<Order>> {
    const { adapters, skipped } = adaptersFor(this.source, principal, filter, 'listOrders');
    const binding = queryBinding(['orders', principal.keyId, adapters.map((a) => a.venue), filter.marketId ?? null, filter.status]);
    const page = await pageAcrossVenues(adapters, binding, filter.cursor, (adapter, cursor) =>
      adapter.listOrders({
        status: filter.status,
        pageSize: filter.limit,
        ...(filter.marketId !== undefined ? { marketId: filter.marketId } : {}),
        ...(cursor !== undefined ? { cursor } : {}),
      }),
    );
    return { data: page.data.map((o) => presentOrder(principal.keyId, o)), nextCursor: page.nextCursor, errors: [...failures(skipped), ...page.errors] };
  }

  async listFills(principal: Principal, filter: VenueFilter & { orderId?: string; cursor?: string; limit: number }): Promise<Listing<Fill>> {
    let nativeOrderId: string | undefined;
    let scope: VenueFilter = filter;
    if (filter.orderId !== undefined) {
      const { adapter, nativeId } = adapterForId(this.source, principal, filter.orderId, 'listFills');
      nativeOrderId = nativeId;
      scope = { ...filter, venues: [adapter.venue] };
    }
    const { adapters, skipped } = adaptersFor(this.source, principal, scope, 'listFills');
    const binding = queryBinding(['fills', principal.keyId, adapters.map((a) => a.venue), filter.marketId ?? null, filter.orderId ?? null]);
    const page = await pageAcrossVenues(adapters, binding, filter.cursor, (adapter, cursor) =>
      adapter.listFills({
        pageSize: filter.limit,
        ...(filter.marketId !== undefined ? { marketId: filter.marketId } : {}),
        ...(nativeOrderId !== undefined ? { orderId: nativeOrderId } : {}),
        ...(cursor !== undefined ? { cursor } : {}),
      }),
    );
    return { data: page.data, nextCursor: page.nextCursor, errors: [...failures(skipped), ...page.errors] };
  }

  async positions(principal: Principal, filter: VenueFilter): Promise<{ data: PositionView[]; errors: VenueFailure[] }> {
    const { adapters, skipped } = adaptersFor(this.source, principal, filter, 'listPositions');
    const result = await markedPositions(adapters, this.options.catalog, this.options.quotes);
    const data = filter.marketId === undefined ? result.data : result.data.filter((p) => p.marketId === filter.marketId);
    return { data, errors: [...failures(skipped), ...result.errors] };
  }

  async balances(principal: Principal, filter: VenueFilter): Promise<{ data: BalanceView[]; errors: VenueFailure[] }> {
    const { adapters, skipped } = adaptersFor(this.source, principal, filter, 'getBalances');
    const result = await venueBalances(adapters, this.options.catalog);
    return { data: result.data, errors: [...failures(skipped), ...result.errors] };
  }

  async amend(principal: Principal, orderId: string, changes: { price?: string; size?: string }): Promise<Order> {
    const { adapter, nativeId } = adapterForId(this.source, principal, orderId, 'amendOrder');
    const current = await adapter.getOrder(nativeId);
    const market = await this.marketOf(adapter, current.marketId, current.marketId.slice(current.marketId.indexOf(':') + 1));
    const price = changes.price === undefined ? null : Decimal.parse(changes.price).normalize().toCanonical();
    const size = changes.size === undefined ? null : Decimal.parse(changes.size).normalize().toCanonical();
    if (price === null && size === null) throw new OrderFieldError('price', 'give a new price, a new size, or both');
    if (price !== null && !(Decimal.parse(price).isPositive() && Decimal.parse(price).lt('1'))) throw new OrderFieldError('price', 'must be greater than 0 and less than 1');
    if (size !== null && !Decimal.parse(size).gt(current.filled)) throw new OrderFieldError('size', `must be more than what already filled (${current.filled})`);
    checkPriceAndSize(market, current.outcome, price, size);
    const newPrice = price ?? current.price;
    const newSize = size ?? current.size;
    const before = notionalOf(current.price, current.size);
    const after = notionalOf(newPrice, newSize);
    const started = this.now();
    const entry = { action: 'amend' as const, keyId: principal.keyId, venue: adapter.venue, market: current.marketId, side: current.side, outcome: current.outcome, size: newSize, price: newPrice };
    let release: () => Promise<void> = async () => undefined;
    try {
      this.limiter.checkOrderNotional(principal, adapter.venue, after);
      if (after.gt(before)) release = await this.limiter.reserveDaily(principal, adapter.venue, after.sub(before));
    } catch (err) {
      this.audit.write({ ...entry, result: 'refused', orderId: current.id, code: 'limit_exceeded', latencyMs: this.now() - started });
      throw err;
    }
    try {
      const amended = await adapter.amendOrder(nativeId, { ...(price !== null ? { price } : {}), ...(size !== null ? { size } : {}) });
      this.audit.write({ ...entry, result: 'amended', orderId: amended.id, latencyMs: this.now() - started });
      return presentOrder(principal.keyId, amended);
    } catch (err) {
      this.audit.write({ ...entry, result: 'failed', orderId: current.id, code: codeOf(err), latencyMs: this.now() - started });
      if (!(err instanceof Error && err.name === 'OrderStateUnknown')) await release();
      throw err;
    }
  }

  async cancel(principal: Principal, orderId: string): Promise<Order> {
    const { adapter, nativeId } = adapterForId(this.source, principal, orderId, 'cancelOrder');
    return this.cancelOne(principal, adapter, nativeId, null);
  }

  /** Cancels every open order on the venues asked for (optionally of one market). */
  async cancelAll(principal: Principal, filter: VenueFilter): Promise<{ data: Order[]; errors: (VenueFailure & { orderId?: string })[] }> {
    const { adapters, skipped } = adaptersFor(this.source, principal, filter, 'cancelOrder');
    const data: Order[] = [];
    const errors: (VenueFailure & { orderId?: string })[] = [...failures(skipped)];
    for (const adapter of adapters) {
      const open: Order[] = [];
      try {
        for await (const page of adapter.listOrders({ status: 'open', ...(filter.marketId !== undefined ? { marketId: filter.marketId } : {}) })) {
          open.push(...page.items.filter((o) => o.status === 'open'));
          if (open.length >= CANCEL_ALL_MAX) break;
        }
      } catch (err) {
        errors.push({ venue: adapter.venue, error: err });
        continue;
      }
      for (const o of open.slice(0, CANCEL_ALL_MAX)) {
        try {
          data.push(await this.cancelOne(principal, adapter, o.id, o));
        } catch (err) {
          if (err instanceof NotFound) continue;
          errors.push({ venue: adapter.venue, error: err, orderId: `${adapter.venue}:${o.id}` });
        }
      }
    }
    return { data, errors };
  }

  private async cancelOne(principal: Principal, adapter: VenueAdapter, nativeId: string, known: Order | null): Promise<Order> {
    const started = this.now();
    const entry = {
      action: 'cancel' as const,
      keyId: principal.keyId,
      venue: adapter.venue,
      market: known?.marketId ?? null,
      side: known?.side ?? null,
      outcome: known?.outcome ?? null,
      size: known?.size ?? null,
      price: known?.price ?? null,
    };
    try {
      const canceled = await adapter.cancelOrder(nativeId);
      this.audit.write({
        ...entry,
        market: canceled.marketId,
        side: canceled.side,
        outcome: canceled.outcome,
        size: canceled.size,
        price: canceled.price,
        result: 'canceled',
        orderId: canceled.id,
        latencyMs: this.now() - started,
      });
      return presentOrder(principal.keyId, canceled);
    } catch (err) {
      this.audit.write({ ...entry, result: 'failed', orderId: nativeId, code: codeOf(err), latencyMs: this.now() - started });
      throw err;
    }
  }
}

function codeOf(err: unknown): string {
  return err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : 'internal';
}

function failures(skipped: SkippedVenue[]): VenueFailure[] {
  return skipped.map((s) => ({ venue: s.venue, error: s.error }));
}


