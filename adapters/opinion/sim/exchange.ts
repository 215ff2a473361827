/**
 * The simulated Opinion CLOB (docs/venues/opinion.md §6): user orders through the per-market
 * BinaryBook, balance freezes, market orders walking the book, taker fees, settlement, the on-chain
 * confirmation step (`orderFill` at match, `orderConfirm` and the trade record once confirmed),
 * GTD expiry, resolution, and the events the REST and WS layers publish.
 */
import { createHash } from 'node:crypto';
import type { EngineOrder, LevelChange, SubmitResult } from '../../../src/sim/index.js';
import { PRICE_SCALE } from '../../../src/sim/index.js';
import type { Account } from './accounts.js';
import { BookRegistry, ownPrice, tokenIdOf, type MarketBook } from './books.js';
import { ERRMSG, ERRNO } from './constants.js';
import { notionalWei, seconds, UuidV1 } from './format.js';
import type { Universe } from './generate.js';
import type { Ledger } from './ledger.js';
import { planMarketOrder } from './market-plan.js';
import type { ValidatedOrder } from './order-intake.js';
import type { ExchangeEvent, ExchangeListener, OrderStatus, OrderUpdateType, SimOrder, TradeRow } from './records.js';
import { releaseReserve, settleSide, tradeSideOf, userOrderOf } from './settlement.js';

export type PlaceOutcome = { ok: true; order: SimOrder } | { ok: false; errno: number; errmsg: string };

export interface ExchangeOptions {
  universe: Universe;
  ledger: Ledger;
  seed: number;
  now: () => number;
  /** Delay between a match and its on-chain confirmation; 0 confirms at once. */
  confirmDelayMs: number;
}

export class Exchange {
  readonly books: BookRegistry;
  readonly orders = new Map<string, SimOrder>();
  /** Confirmed trade rows, oldest first. */
  readonly trades: TradeRow[] = [];
  /** USDT wei traded since start, per market. */
  readonly traded = new Map<number, bigint>();
  private readonly ledger: Ledger;
  private readonly listeners = new Set<ExchangeListener>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly signatures = new Set<string>();
  private readonly gtdMarkets = new Set<number>();
  private readonly expiryTimer: NodeJS.Timeout;
  private readonly ids = new UuidV1();
  private readonly now: () => number;
  private readonly confirmDelayMs: number;

  constructor(options: ExchangeOptions) {
    this.ledger = options.ledger;
    this.now = options.now;
    this.confirmDelayMs = options.confirmDelayMs;
    this.books = new BookRegistry(options.universe, options.seed, options.now);
    this.books.onCreate((mb) => mb.book.onChange((changes, cause) => this.onBookChange(mb, changes, cause)));
    this.expiryTimer = setInterval(() => this.expireDue(), 1000);
    this.expiryTimer.unref();
  }

  subscribe(listener: ExchangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: ExchangeEvent): void {
    for (const l of this.listeners) l(event);
  }

  private orderEvent(order: SimOrder, update: OrderUpdateType): void {
    this.emit({ type: 'order', order, update });
  }

  place(account: Account, v: ValidatedOrder): PlaceOutcome {
    if (this.signatures.has(v.signature)) return { ok: false, errno: ERRNO.duplicateOrder, errmsg: ERRMSG.duplicateOrder };
    const mb = this.books.get(v.market.marketId);
    if (!mb) return { ok: false, errno: ERRNO.topicNotFound, errmsg: ERRMSG.topicNotFound };
    const buy = v.side === 'buy';
    let engineSize = v.sizeMicro;
    let enginePrice = v.priceMicro;
    let reserve: bigint;
    if (v.method === 'limit') {
      reserve = buy ? v.usdtWei : v.sharesWei;
      if (v.postOnly && this.crosses(mb, v)) return { ok: false, errno: ERRNO.postOnlyCross, errmsg: ERRMSG.postOnlyCross };
    } else {
      const plan = planMarketOrder(mb, v);
      if (plan.sizeMicro === 0) return { ok: false, errno: ERRNO.depthNotEnough, errmsg: ERRMSG.depthNotEnough };
      if (!buy && plan.grossWei < 5n * 10n ** 18n) return { ok: false, errno: ERRNO.belowMinimum, errmsg: ERRMSG.belowMinimum };
      engineSize = plan.sizeMicro;
      enginePrice = plan.worstMicro;
      reserve = buy ? v.usdtWei : v.sharesWei;
    }
    const available = buy ? this.ledger.availableUsdt(v.maker) : this.ledger.availableShares(v.maker, v.tokenId);
    if (available < reserve) return { ok: false, errno: ERRNO.insufficientBalance, errmsg: ERRMSG.insufficientBalance };

    const nowMs = this.now();
    const order: SimOrder = {
      orderId: this.ids.next(nowMs), eoa: account.eoa, owner: v.maker.toLowerCase(), market: v.market, tokenId: v.tokenId,
      outcome: v.outcome, side: v.side, method: v.method, priceMicro: v.priceMicro, sizeMicro: v.sizeMicro, sharesWei: v.sharesWei, usdtWei: v.usdtWei,
      filledShares: 0n, filledAmount: 0n, pending: 0, feePaid: 0n, status: 1, done: false, finalStatus: 1,
      createdAtMs: nowMs, expiresAtS: v.expiresAtS, postOnly: v.postOnly, tradeNos: [], reserve,
    };
    this.signatures.add(v.signature);
    this.orders.set(order.orderId, order);
    this.ledger.freeze(order.owner, buy ? 'usdt' : order.tokenId, reserve);
    this.orderEvent(order, 'orderNew');
    if (v.expiresAtS > 0) this.gtdMarkets.add(v.market.marketId);
    const result = mb.book.submit({
      id: order.orderId,
      owner: order.owner,
      side: v.side,
      outcome: v.outcome,
      price: enginePrice,
      size: engineSize,
      tif: v.method === 'market' ? 'ioc' : v.expiresAtS > 0 ? 'gtd' : 'gtc',
      postOnly: v.postOnly,
      expiresAt: v.expiresAtS > 0 ? v.expiresAtS * 1000 : undefined,
      stp: 'none',
      meta: order,
    });
    if (result.order.status !== 'open') this.markDone(order, result.order.status === 'expired' ? 4 : 2);
    return { ok: true, order };
  }

  /** Whether a post-only limit order would take liquidity now. */
  private crosses(mb: MarketBook, v: ValidatedOrder): boolean {
    const yes = ownPrice(v.priceMicro, v.outcome);
    const bid = (v.side === 'buy') === (v.outcome === 'yes');
    const best = bid ? mb.book.bestAsk() : mb.book.bestBid();
    return best !== undefined && (bid ? best[0] <= yes : best[0] >= yes);
  }

  /** Cancels a user's open order; false when it is unknown, someone else's or no longer open. */
  cancel(eoa: string, orderId: string): boolean {
    const order = this.orders.get(orderId);
    if (!order || order.eoa !== eoa || order.done) return false;
    const mb = this.books.peek(order.market.marketId);
    if (!mb?.book.cancel(orderId)) return false;
    this.markDone(order, 3);
    this.orderEvent(order, 'orderCancel');
    return true;
  }

  ordersOf(eoa: string): SimOrder[] {
    return [...this.orders.values()].filter((o) => o.eoa === eoa);
  }

  tradesOf(owner: string): TradeRow[] {
    const key = owner.toLowerCase();
    return this.trades.filter((t) => t.owner === key);
  }

  /** The order stopped resting: release its freeze; its status follows once nothing is pending. */
  private markDone(order: SimOrder, finalStatus: OrderStatus): void {
    if (order.done) return;
    order.done = true;
    order.finalStatus = finalStatus;
    releaseReserve(this.ledger, order);
    this.settleStatus(order);
  }

  private settleStatus(order: SimOrder): void {
    if (order.done && order.pending === 0 && order.status === 1) order.status = order.finalStatus;
  }

  private onBookChange(mb: MarketBook, changes: LevelChange[], cause: SubmitResult | undefined): void {
    if (changes.length > 0) this.emit({ type: 'depth', mb, changes });
    const ts = this.now();
    for (const fill of cause?.fills ?? []) {
      const { taker, maker } = fill;
      const takerOrder = userOrderOf(taker);
      const takerPrice = ownPrice(fill.price, taker.outcome);
      const amountWei = notionalWei(fill.size, takerPrice);
      this.books.recordTrade(mb, { yesPrice: fill.price, outcome: taker.outcome, side: taker.side, method: takerOrder?.method ?? 'limit', size: fill.size, ts });
      this.traded.set(mb.market.marketId, (this.traded.get(mb.market.marketId) ?? 0n) + amountWei);
      this.emit({
        type: 'trade',
        trade: { mb, tokenId: tokenIdOf(mb.market, taker.outcome), outcome: taker.outcome, side: tradeSideOf(taker, maker), priceMicro: takerPrice, sizeMicro: fill.size, amountWei },
      });
      for (const [own, other] of [[maker, taker], [taker, maker]] as [EngineOrder, EngineOrder][]) {
        const order = userOrderOf(own);
        if (order) this.fillUserOrder(mb, order, own, other, fill);
      }
      if (maker.status !== 'open') {
        const order = userOrderOf(maker);
        if (order) this.markDone(order, 2);
      }
    }
    for (const expired of cause?.expired ?? []) this.finishRemoved(expired, 4);
  }

  private fillUserOrder(mb: MarketBook, order: SimOrder, own: EngineOrder, other: EngineOrder, fill: SubmitResult['fills'][number]): void {
    const settled = settleSide(this.ledger, mb, order, own, other, fill);
    order.pending += 1;
    this.orderEvent(order, 'orderFill');
    const confirm = () => {
      const nowMs = this.now();
      const row: TradeRow = {
        ...settled.row,
        tradeNo: this.ids.next(nowMs),
        txHash: `0x${createHash('sha256').update(`tx:${order.orderId}:${order.pending}:${nowMs}:${this.trades.length}`).digest('hex')}`,
        createdAtS: seconds(nowMs),
      };
      order.filledShares += settled.sharesWei;
      order.filledAmount += settled.amountWei;
      order.pending -= 1;
      order.tradeNos.push(row.tradeNo);
      this.trades.push(row);
      this.settleStatus(order);
      this.orderEvent(order, 'orderConfirm');
      this.emit({ type: 'record', trade: row });
    };
    if (this.confirmDelayMs <= 0) {
      confirm();
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      confirm();
    }, this.confirmDelayMs);
    timer.unref();
    this.timers.add(timer);
  }

  private finishRemoved(engine: EngineOrder, status: OrderStatus): void {
    const order = userOrderOf(engine);
    if (!order || order.done) return;
    this.markDone(order, status);
    this.orderEvent(order, 'orderCancel');
  }

  private expireDue(): void {
    const now = this.now();
    for (const id of this.gtdMarkets) {
      const mb = this.books.peek(id);
      if (!mb || mb.book.openOrders().every((o) => o.tif !== 'gtd')) {
        this.gtdMarkets.delete(id);
        continue;
      }
      for (const removed of mb.book.expire(now)) this.finishRemoved(removed.order, 4);
    }
  }

  /** Resolves a market: cancels its orders and records the winning token (claimable positions). */
  resolve(marketId: number, winner: 'yes' | 'no'): void {
    const mb = this.books.get(marketId);
    if (!mb) throw new Error(`unknown market ${marketId}`);
    for (const removed of mb.book.cancelAll('market_resolved')) this.finishRemoved(removed.order, 3);
    const m = mb.market;
    m.status = 4;
    m.resolvedAt = seconds(this.now());
    m.resultTokenId = winner === 'yes' ? m.yesTokenId : m.noTokenId;
  }

  /** The YES mid of a market's book, or its last price, in micro-dollars. */
  markPrice(mb: MarketBook): number | undefined {
    if (mb.lastTrade) return mb.lastTrade.yesPrice;
    const bid = mb.book.bestBid()?.[0];
    const ask = mb.book.bestAsk()?.[0];
    if (bid !== undefined && ask !== undefined) return Math.round((bid + ask) / 2);
    return bid ?? ask ?? (mb.market.initialMid > 0 && mb.market.initialMid < PRICE_SCALE ? mb.market.initialMid : undefined);
  }

  close(): void {
    clearInterval(this.expiryTimer);
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
