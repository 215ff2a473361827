/**
 * The simulated CLOB: user orders through the per-market BinaryBook, wallet checks, settlement,
 * trade lifecycle (MATCHED → MINED → CONFIRMED), GTD expiry, resolution, and the events the REST
 * and WebSocket layers publish.
 */
import { createHash } from 'node:crypto';
import type { EngineOrder, LevelChange, SubmitResult } from '../../../src/sim/index.js';
import { PRICE_SCALE } from '../../../src/sim/index.js';
import { BookRegistry, type MarketBook } from './books.js';
import { ERR } from './constants.js';
import type { Universe } from './generate.js';
import { Ledger } from './ledger.js';
import type { ValidatedOrder } from './order-intake.js';
import type { ExchangeEvent, ExchangeListener, PolyOrder, TradeRecord } from './records.js';
import { botTrade, releaseReserve, settleFill, userOrderOf } from './settlement.js';

/** Public trades kept for the Data API tape (oldest dropped). */
const TAPE_LIMIT = 20_000;

export interface PlaceResponse {
  success: boolean;
  errorMsg: string;
  orderID: string;
  status: 'live' | 'matched' | 'delayed' | '';
  makingAmount: string;
  takingAmount: string;
  transactionsHashes: string[];
  tradeIDs: string[];
}

export type PlaceOutcome = { ok: true; response: PlaceResponse } | { ok: false; error: string };

export interface ExchangeOptions {
  universe: Universe;
  seed: number;
  now: () => number;
  /** Delay between trade status steps (MATCHED → MINED → CONFIRMED). */
  settleStepMs?: number;
}

export class Exchange {
  readonly ledger = new Ledger();
  readonly books: BookRegistry;
  readonly orders = new Map<string, PolyOrder>();
  /** Trades with a user order on one side (the L2 trade history and user channel). */
  readonly trades = new Map<string, TradeRecord>();
  /** Every match on every market, oldest first (the Data API's public tape; bounded). */
  readonly tape: TradeRecord[] = [];
  private readonly listeners = new Set<ExchangeListener>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly delayed = new Map<string, NodeJS.Timeout>();
  private readonly gtdMarkets = new Set<string>();
  private readonly expiryTimer: NodeJS.Timeout;
  private readonly now: () => number;
  private readonly settleStepMs: number;

  constructor(options: ExchangeOptions) {
    this.now = options.now;
    this.settleStepMs = options.settleStepMs ?? 200;
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

  place(apiKey: string, v: ValidatedOrder): PlaceOutcome {
    if (this.orders.has(v.id)) return { ok: false, error: ERR.duplicated(v.id) };
    const mb = this.books.get(v.market.conditionId);
    if (!mb || v.market.closed || v.market.resolved) return { ok: false, error: ERR.notReady };
    const buy = v.side === 'BUY';
    const available = buy ? this.ledger.availableCollateral(v.maker) : this.ledger.availableTokens(v.maker, v.tokenId);
    if (available < v.makerAmount) return { ok: false, error: ERR.balance };
    const order: PolyOrder = {
      id: v.id, apiKey, maker: v.maker, signer: v.signer, market: v.market, tokenId: v.tokenId, outcome: v.outcome,
      side: v.side, price: v.price, originalSize: v.size, sizeMatched: 0, orderType: v.orderType, postOnly: v.postOnly,
      expiration: v.expiration, createdAtMs: this.now(), status: 'LIVE', tradeIds: [], reserve: v.makerAmount,
      making: 0n, taking: 0n, finalized: false,
    };
    this.ledger.reserve(v.maker, buy ? 'collateral' : v.tokenId, v.makerAmount);
    this.orders.set(order.id, order);
    if (mb.market.secondsDelay > 0 && this.marketable(mb, order)) {
      order.status = 'DELAYED';
      const timer = setTimeout(() => {
        this.delayed.delete(order.id);
        order.status = 'LIVE';
        const result = this.submit(mb, order);
        if (result.rejected || (order.orderType === 'FAK' && result.fills.length === 0)) this.finalize(order, result.order);
      }, mb.market.secondsDelay * 1000);
      timer.unref();
      this.delayed.set(order.id, timer);
      this.emit({ type: 'order', order, kind: 'PLACEMENT', ts: this.now() });
      return { ok: true, response: this.response(order, 'delayed') };
    }
    const result = this.submit(mb, order);
    const error =
      result.rejected === 'post_only_cross' ? ERR.postOnlyCross
      : result.rejected === 'fok_unfillable' ? ERR.fok
      : order.orderType === 'FAK' && result.fills.length === 0 ? ERR.fak
      : undefined;
    if (error) {
      releaseReserve(this.ledger, order);
      this.orders.delete(order.id);
      return { ok: false, error };
    }
    return { ok: true, response: this.response(order, result.fills.length > 0 ? 'matched' : 'live') };
  }

  private response(order: PolyOrder, status: PlaceResponse['status']): PlaceResponse {
    return {
      success: true,
      errorMsg: '',
      orderID: order.id,
      status,
      makingAmount: order.making > 0n ? order.making.toString() : '',
      takingAmount: order.taking > 0n ? order.taking.toString() : '',
      transactionsHashes: [],
      tradeIDs: [...order.tradeIds],
    };
  }

  private marketable(mb: MarketBook, order: PolyOrder): boolean {
    const yes = order.outcome === 'yes' ? order.price : PRICE_SCALE - order.price;
    const bid = (order.side === 'BUY') === (order.outcome === 'yes');
    const best = bid ? mb.book.bestAsk() : mb.book.bestBid();
    return best !== undefined && (bid ? best[0] <= yes : best[0] >= yes);
  }

  private submit(mb: MarketBook, order: PolyOrder): SubmitResult {
    if (order.orderType === 'GTD') this.gtdMarkets.add(mb.market.conditionId);
    const result = mb.book.submit({
      id: order.id,
      owner: order.maker.toLowerCase(),
      side: order.side === 'BUY' ? 'buy' : 'sell',
      outcome: order.outcome,
      price: order.price,
      size: order.originalSize,
      tif: order.orderType === 'GTC' ? 'gtc' : order.orderType === 'GTD' ? 'gtd' : order.orderType === 'FOK' ? 'fok' : 'ioc',
      postOnly: order.postOnly,
      // The venue expires GTD orders one minute before `expiration` (the documented safety margin).
      expiresAt: order.orderType === 'GTD' ? (order.expiration - 60) * 1000 : undefined,
      stp: 'none',
      meta: order,
    });
    if (result.order.status === 'open') {
      order.status = 'LIVE';
      this.emit({ type: 'order', order, kind: 'PLACEMENT', ts: this.now() });
    } else if (!result.rejected && !(order.orderType === 'FAK' && result.fills.length === 0)) {
      this.finalize(order, result.order);
    }
    return result;
  }

  /** Cancels a user's order; returns an error reason when it cannot. */
  cancel(apiKey: string, orderId: string): string | undefined {
    const order = this.orders.get(orderId);
    if (!order || order.apiKey !== apiKey || order.finalized) return ERR.notCanceled;
    const timer = this.delayed.get(orderId);
    if (timer) {
      clearTimeout(timer);
      this.delayed.delete(orderId);
      this.finalize(order, undefined, 'CANCELED');
      return undefined;
    }
    const mb = this.books.peek(order.market.conditionId);
    return mb?.book.cancel(orderId) ? undefined : ERR.notCanceled;
  }

  openOrders(apiKey: string): PolyOrder[] {
    return [...this.orders.values()].filter((o) => o.apiKey === apiKey && !o.finalized);
  }

  /** Ends a user order: releases its reserve, sets its final status, tells the user channel. */
  private finalize(order: PolyOrder, engine: EngineOrder | undefined, status?: PolyOrder['status']): void {
    if (order.finalized) return;
    order.finalized = true;
    releaseReserve(this.ledger, order);
    order.status =
      status ?? (engine?.status === 'filled' ? 'MATCHED'
        : engine?.cancelReason === 'market_resolved' ? 'CANCELED_MARKET_RESOLVED'
        : order.sizeMatched > 0 && order.orderType !== 'GTC' && order.orderType !== 'GTD' ? 'MATCHED'
        : 'CANCELED');
    const kind = order.status === 'MATCHED' ? 'UPDATE' : 'CANCELLATION';
    this.emit({ type: 'order', order, kind, ts: this.now() });
  }

  private onBookChange(mb: MarketBook, changes: LevelChange[], cause: SubmitResult | undefined): void {
    const ts = this.now();
    const touched = new Set<EngineOrder>();
    for (const fill of cause?.fills ?? []) {
      this.books.recordTrade(mb, {
        yesPrice: fill.price,
        yesSide: (fill.taker.side === 'buy') === (fill.taker.outcome === 'yes') ? 'BUY' : 'SELL',
        size: fill.size,
        ts,
      });
      const trade = settleFill(this.ledger, mb, fill);
      if (trade) {
        this.trades.set(trade.id, trade);
        this.emit({ type: 'trade', trade, ts });
        this.scheduleSettlement(trade);
      }
      this.tape.push(trade ?? botTrade(mb, fill));
      if (this.tape.length > TAPE_LIMIT) this.tape.splice(0, this.tape.length - TAPE_LIMIT);
      touched.add(fill.maker);
    }
    for (const o of cause?.expired ?? []) touched.add(o);
    for (const o of cause?.canceledMakers ?? []) touched.add(o);
    for (const c of changes) {
      const user = this.orders.get(c.orderId);
      const engine = user && mb.book.getOrder(c.orderId);
      if (engine) touched.add(engine);
    }
    for (const engine of touched) {
      const user = userOrderOf(engine);
      if (!user || user.finalized || user.status === 'DELAYED') continue;
      if (engine.status === 'open') {
        if (cause?.fills.some((f) => f.maker === engine)) this.emit({ type: 'order', order: user, kind: 'UPDATE', ts });
      } else {
        this.finalize(user, engine);
      }
    }
    this.emit({ type: 'book', mb, changes, cause, ts });
    this.checkTick(mb, ts);
  }

  /** Markets move to the finer tick when the price leaves [0.04, 0.96] (docs/venues/polymarket.md §6.3). */
  private checkTick(mb: MarketBook, ts: number): void {
    if (mb.tick !== '0.01') return;
    const bid = mb.book.bestBid()?.[0];
    const ask = mb.book.bestAsk()?.[0];
    if ((bid !== undefined && bid > 960_000) || (ask !== undefined && ask < 40_000)) {
      mb.tick = '0.001';
      this.emit({ type: 'tick_size_change', mb, oldTick: '0.01', newTick: '0.001', ts });
    }
  }

  private scheduleSettlement(trade: TradeRecord): void {
    const step = (status: TradeRecord['status'], delay: number) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        trade.status = status;
        trade.lastUpdateMs = this.now();
        if (status === 'MINED') trade.transactionHash = `0x${createHash('sha256').update(`tx:${trade.id}`).digest('hex')}`;
        this.emit({ type: 'trade', trade, ts: this.now() });
        if (status === 'MINED') step('CONFIRMED', this.settleStepMs);
      }, delay);
      timer.unref();
      this.timers.add(timer);
    };
    step('MINED', this.settleStepMs);
  }

  private expireDue(): void {
    const now = this.now();
    for (const id of this.gtdMarkets) {
      const mb = this.books.peek(id);
      if (!mb || mb.book.openOrders().every((o) => o.tif !== 'gtd')) {
        this.gtdMarkets.delete(id);
        continue;
      }
      mb.book.expire(now);
    }
  }

  /** Resolves a market: cancels its orders, pays 1 pUSD per winning share, tells the feeds. */
  resolve(conditionId: string, winner: 'yes' | 'no'): void {
    const mb = this.books.get(conditionId);
    if (!mb) throw new Error(`unknown condition id ${conditionId}`);
    const market = mb.market;
    if (market.resolved) return;
    for (const timerId of [...this.delayed.keys()]) {
      const order = this.orders.get(timerId);
      if (order?.market === market) this.cancel(order.apiKey, order.id);
    }
    mb.book.cancelAll('market_resolved');
    market.resolved = winner;
    market.closed = true;
    const win = winner === 'yes' ? market.yesTokenId : market.noTokenId;
    const lose = winner === 'yes' ? market.noTokenId : market.yesTokenId;
    this.ledger.redeem(win, lose);
    this.emit({ type: 'market_resolved', market, winner, ts: this.now() });
  }

  close(): void {
    clearInterval(this.expiryTimer);
    for (const t of this.timers) clearTimeout(t);
    for (const t of this.delayed.values()) clearTimeout(t);
    this.timers.clear();
    this.delayed.clear();
  }
}
