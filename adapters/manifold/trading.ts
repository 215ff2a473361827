import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import {
  BadRequest,
  Decimal,
  InvalidOrder,
  NotFound,
  OrderStateUnknown,
  PlaceOrderRequestSchema,
  parseId,
  type Balance,
  type Fill,
  type Order,
  type PlaceOrderRequest,
  type Position,
} from '../../src/core/index.js';
import { paginateCursor, type FillListQuery, type OrderListQuery, type Page } from '../../src/venue/index.js';
import { BETS_LIMIT, type BetsQuery, type ManifoldClient } from './client.js';
import { ALREADY_CANCELLED } from './errors.js';
import { nativeIdsOf } from './map-market.js';
import { betRequestJson, buildBetRequest, findPlacedBet, mapBalance, mapFills, mapLimitOrder, mapPositions, type BetRequestBody } from './map-order.js';
import { advance, decodeCursor, encodeCursor, isTimeCursor, requestLimit, type TimeCursor } from './client-paging.js';
import type { WireBet } from './wire.js';

/**
 * Bets, cancels and the account (docs/venues/manifold.md §Placing, §Account, §Positions).
 *
 * Manifold has no client order ids, so an order write is never retried blindly. When the answer
 * to `POST /bet` is lost (a gateway 502/504, a timeout, a reset, or a 500 after the transaction may
 * have committed), the bet is looked up among the account's bets on that market created since just
 * before it was sent, with the same outcome, limit and mana (`findPlacedBet`), skipping bets this
 * process already knows; only when none appears after a few look-ups does the call fail with
 * `OrderStateUnknown`. Each look-up asks with a slightly different `afterTime`, so a CDN cache
 * (`max-age=5`) cannot answer it from before the bet. The caller's client order id, time in force
 * and post-only flag are remembered per bet, and placing a known client order id again returns
 * that order instead of betting twice.
 *
 * Manifold orders always rest; `ioc` is emulated by cancelling what is left right after the bet,
 * and `postOnly` by refusing a bet whose limit is on the far side of the AMM's probability (a check
 * just before the bet: the probability can still move in between).
 */

export interface TradingOptions {
  client: ManifoldClient;
  logger?: Logger | undefined;
  nowMs?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Look-ups of a bet whose answer was lost (default 3), this far apart (default 1 s). */
  reconcileLookups?: number;
  reconcileDelayMs?: number;
  /** Clock difference allowed between us and the venue when matching a lost bet (default 60 s). */
  reconcileSkewMs?: number;
}

interface Remembered {
  clientOrderId: string;
  postOnly: boolean;
  timeInForce: Order['timeInForce'];
}

const PAGE_MAX = 1000;
const METRICS_PAGE = 1000;
const MEMORY_MAX = 50_000;

export class ManifoldTrading {
  private readonly byBet = new Map<string, Remembered>();
  private readonly byClient = new Map<string, string>();
  private me: Promise<string> | undefined;
  private readonly nowMs: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly o: TradingOptions) {
    this.nowMs = o.nowMs ?? Date.now;
    this.sleep = o.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  private get client(): ManifoldClient {
    return this.o.client;
  }

  /** The account's user id (`GET /me`, once). */
  userId(): Promise<string> {
    if (!this.me) {
      this.me = this.client.me().then((u) => u.id);
      this.me.catch(() => (this.me = undefined));
    }
    return this.me;
  }

  private remember(betId: string, r: Remembered): void {
    this.byBet.set(betId, r);
    this.byClient.set(r.clientOrderId, betId);
    for (const map of [this.byBet, this.byClient] as Map<string, unknown>[]) {
      while (map.size > MEMORY_MAX) map.delete(map.keys().next().value as string);
    }
  }

  private toOrder(bet: WireBet | (Omit<WireBet, 'id' | 'userId'> & { betId: string }), id: string): Order | null {
    const r = this.byBet.get(id);
    return mapLimitOrder({ ...bet, id }, { now: this.nowMs(), ...(r ? { clientOrderId: r.clientOrderId, postOnly: r.postOnly, timeInForce: r.timeInForce } : {}) });
  }

  async placeOrder(request: PlaceOrderRequest): Promise<Order> {
    const req = PlaceOrderRequestSchema.parse(request);
    const { venue, nativeId } = parseId(req.marketId);
    if (venue !== 'manifold') throw new BadRequest(`manifold: ${req.marketId} is not a Manifold market`, { venue: 'manifold' });
    const clientOrderId = req.clientOrderId ?? randomUUID();
    const known = this.byClient.get(clientOrderId);
    if (known !== undefined) return this.getOrder(known);
    const target = nativeIdsOf(nativeId);
    const body = buildBetRequest(req, target);
    if (req.postOnly) await this.checkPostOnly(body);
    const remembered: Remembered = { clientOrderId, postOnly: req.postOnly, timeInForce: req.timeInForce };
    const sentAt = this.nowMs();
    let betId: string;
    let order: Order | null;
    try {
      const placed = await this.client.placeBet(betRequestJson(body));
      betId = placed.betId;
      this.remember(betId, remembered);
      order = this.toOrder(placed, betId);
    } catch (err) {
      if (!(err instanceof OrderStateUnknown)) throw err;
      const found = await this.reconcile(body, sentAt, clientOrderId, err);
      betId = found.id;
      this.remember(betId, remembered);
      order = this.toOrder(found, betId);
    }
    if (!order) throw new OrderStateUnknown(`manifold: bet ${betId} is not a limit order`, { venue: 'manifold', endpoint: 'POST /bet' });
    if (req.timeInForce === 'ioc' && order.status === 'open') return this.cancelOrder(betId);
    return order;
  }

  /** Refuses a post-only bet that would take from the AMM now. */
  private async checkPostOnly(body: BetRequestBody): Promise<void> {
    const full = await this.client.market(body.contractId);
    const prob = body.answerId === undefined ? full.probability : full.answers?.find((a) => a.id === body.answerId)?.probability;
    if (prob === undefined) return;
    const limit = Decimal.parse(body.limitProb);
    const takes = body.outcome === 'YES' ? Decimal.parse(prob).lt(limit) : Decimal.parse(prob).gt(limit);
    if (takes) {
      throw new InvalidOrder(`manifold: post-only ${body.outcome} order at ${body.limitProb} would take liquidity (probability ${prob})`, { venue: 'manifold' });
    }
  }

  private async reconcile(body: BetRequestBody, sentAt: number, clientOrderId: string, lost: OrderStateUnknown): Promise<WireBet> {
    const userId = await this.userId().catch(() => undefined);
    if (userId === undefined) throw this.unknown(clientOrderId, lost, 0);
    const lookups = this.o.reconcileLookups ?? 3;
    const skewMs = this.o.reconcileSkewMs ?? 60_000;
    for (let i = 0; i < lookups; i++) {
      if (i > 0) await this.sleep(this.o.reconcileDelayMs ?? 1_000);
      const q: BetsQuery = { userId, contractId: body.contractId, ...(body.answerId !== undefined ? { answerId: body.answerId } : {}), afterTime: sentAt - skewMs - i, order: 'asc' };
      let listed: WireBet[];
      try {
        listed = await this.client.bets(q);
      } catch (err) {
        this.o.logger?.warn({ venue: 'manifold', clientOrderId, err: (err as Error).message }, 'manifold: look-up of a lost bet failed');
        continue;
      }
      const bets = listed.filter((b) => !this.byBet.has(b.id));
      const found = findPlacedBet(bets, body, sentAt, skewMs);
      if (found) {
        this.o.logger?.info({ venue: 'manifold', betId: found.id, clientOrderId, lookups: i + 1 }, 'manifold: lost bet answer reconciled');
        return found;
      }
    }
    throw this.unknown(clientOrderId, lost, lookups);
  }

  private unknown(clientOrderId: string, lost: OrderStateUnknown, lookups: number): OrderStateUnknown {
    return new OrderStateUnknown(
      `manifold POST /bet: the answer was lost (${lost.message}) and no matching bet appeared in ${lookups} look-ups; check the account's bets before placing client order ${clientOrderId} again`,
      { venue: 'manifold', endpoint: 'POST /bet', ...(lost.status !== undefined ? { status: lost.status } : {}), cause: lost },
    );
  }

  async cancelOrder(orderId: string): Promise<Order> {
    let bet: WireBet;
    try {
      bet = await this.client.cancelBet(orderId);
    } catch (err) {
      // Already cancelled (by us, the expiry sweep or the balance check), or the answer was lost:
      // the bet itself says how it ended. A cancel is safe to send again.
      if (err instanceof InvalidOrder && err.venueMessage === ALREADY_CANCELLED) return this.getOrder(orderId);
      if (!(err instanceof OrderStateUnknown)) throw err;
      const now = await this.getOrder(orderId);
      if (now.status !== 'open') return now;
      bet = await this.client.cancelBet(orderId);
    }
    const order = this.toOrder(bet, bet.id);
    if (!order) throw new InvalidOrder(`manifold: bet ${orderId} is not a limit order`, { venue: 'manifold' });
    return order;
  }

  async getOrder(orderId: string): Promise<Order> {
    const [bet] = await this.client.bets({ id: orderId });
    const order = bet ? this.toOrder(bet, bet.id) : null;
    if (!order) throw new NotFound(`manifold: no limit order ${orderId}`, { venue: 'manifold', endpoint: 'GET /bets' });
    return order;
  }

  /** The account's bets (optionally of one market), newest first, paged by `beforeTime` (client-paging.ts). */
  private betPages<T>(query: { marketId?: string | undefined; cursor?: string | undefined; pageSize?: number | undefined; openOnly?: boolean }, map: (b: WireBet) => T[]): AsyncIterable<Page<T>> {
    const pageSize = Math.max(1, Math.min(query.pageSize ?? PAGE_MAX, PAGE_MAX));
    const target = query.marketId === undefined ? undefined : nativeIdsOf(marketNativeId(query.marketId));
    return paginateCursor<T>({
      venue: 'manifold',
      endpoint: 'GET /bets',
      ...(query.cursor !== undefined ? { startCursor: query.cursor } : {}),
      fetchPage: async (cursor) => {
        const at = cursor === undefined ? undefined : decodeCursor<TimeCursor>(cursor, isTimeCursor);
        const limit = requestLimit(at, pageSize, BETS_LIMIT);
        const page = await this.client.bets({
          userId: await this.userId(),
          ...(target ? { contractId: target.contractId, ...(target.answerId !== undefined ? { answerId: target.answerId } : {}) } : {}),
          ...(query.openOnly ? { kinds: 'open-limit' as const } : {}),
          limit,
          ...(at?.t !== undefined ? { beforeTime: at.t } : {}),
        });
        const given = new Set(at?.s ?? []);
        const items = page.filter((b) => !given.has(b.id) && (!target || (b.answerId ?? undefined) === target.answerId)).flatMap(map);
        const { next } = advance(page, at, limit, (b) => b.createdTime, (b) => b.id, 'time');
        return { items, nextCursor: next ? encodeCursor(next) : null };
      },
    });
  }

  listOrders(query: OrderListQuery = {}): AsyncIterable<Page<Order>> {
    const status = query.status ?? 'all';
    return this.betPages({ marketId: query.marketId, cursor: query.cursor, pageSize: query.pageSize, openOnly: status === 'open' }, (b) => {
      const o = this.toOrder(b, b.id);
      if (!o) return [];
      if (status === 'open' && o.status !== 'open') return [];
      if (status === 'closed' && o.status === 'open') return [];
      return [o];
    });
  }

  listFills(query: FillListQuery = {}): AsyncIterable<Page<Fill>> {
    if (query.orderId !== undefined) {
      const orderId = query.orderId;
      return paginateCursor<Fill>({
        fetchPage: async () => ({ items: (await this.client.bets({ id: orderId })).flatMap((b) => mapFills(b)), nextCursor: null }),
      });
    }
    return this.betPages({ marketId: query.marketId, cursor: query.cursor, pageSize: query.pageSize }, (b) => mapFills(b));
  }

  /** Positions from the account's contract metrics, per answer on multiple-choice contracts. */
  async listPositions(): Promise<Position[]> {
    const userId = await this.userId();
    const out: Position[] = [];
    for (let offset = 0; ; offset += METRICS_PAGE) {
      const page = await this.client.userMetrics({ userId, limit: METRICS_PAGE, offset });
      const kinds = new Map(page.contracts.map((c) => [c.id, c]));
      const rows = Object.values(page.metricsByContract)
        .flat()
        .filter((m) => {
          const c = kinds.get(m.contractId);
          // Only contracts the catalog maps (play-money binary and multiple-choice ones).
          return c !== undefined && (c.token ?? 'MANA') === 'MANA' && ((c.outcomeType === 'BINARY' && c.mechanism === 'cpmm-1') || (c.outcomeType === 'MULTIPLE_CHOICE' && c.mechanism === 'cpmm-multi-1'));
        });
      out.push(...mapPositions(rows, (id) => kinds.get(id)?.mechanism === 'cpmm-multi-1'));
      if (page.contracts.length < METRICS_PAGE) return out;
    }
  }

  async getBalances(): Promise<Balance[]> {
    return [mapBalance(await this.client.me())];
  }
}

/** `manifold:<nativeId>` → `<nativeId>`; refuses another venue's id. */
function marketNativeId(marketId: string): string {
  const { venue, nativeId } = parseId(marketId);
  if (venue !== 'manifold') throw new BadRequest(`manifold: ${marketId} is not a Manifold market`, { venue: 'manifold' });
  return nativeId;
}
