import { BadRequest, Decimal, OrderStateUnknown, parseId, type Balance, type Fill, type Order, type Position } from '../../src/core/index.js';
import type { FillListQuery, OrderListQuery, Page } from '../../src/venue/index.js';
import type { OpinionClient, Paged } from './client.js';
import { MAX_PAGE_SIZE, VENUE } from './constants.js';
import { mapBalances, mapPosition } from './map-account.js';
import { mapOrder, mapTrade } from './map-order.js';
import { marketIdOf, type MarketInfoCache } from './market-info.js';
import type { OpinionTrading } from './trading.js';
import type { WireOrder } from './wire-account.js';

/**
 * Account reads and cancel-all (docs/venues/opinion.md §6.7, §8): the API key's orders, trades,
 * positions and balances, all held by the trading wallet. Lists are `{total, list}` pages of at
 * most 20; cursors are page numbers. There is no cancel-all endpoint: the open orders are collected
 * first (cancelling while paging would shift the pages) and cancelled one by one, as the official
 * SDK does.
 */

export interface CancelAllResult {
  canceled: string[];
  /** Orders the venue did not cancel (finished meanwhile) or that failed, with the reason. */
  notCanceled: { orderId: string; reason: string }[];
}

function pageCursor(cursor: string | undefined): number {
  if (cursor === undefined) return 1;
  if (!/^[1-9]\d{0,8}$/.test(cursor)) throw new BadRequest(`${VENUE}: invalid cursor ${JSON.stringify(cursor)}`, { venue: VENUE });
  return Number(cursor);
}

function pages<W, T>(fetch: (page: number, limit: number) => Promise<Paged<W>>, map: (w: W) => T[], cursor: string | undefined, pageSize: number | undefined): AsyncIterable<Page<T>> {
  const limit = Math.max(1, Math.min(pageSize ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE));
  return {
    async *[Symbol.asyncIterator]() {
      for (let page = pageCursor(cursor); ; page++) {
        const res = await fetch(page, limit);
        const more = res.list.length >= limit && page * limit < res.total;
        const items = res.list.flatMap(map);
        if (items.length > 0) yield { items, nextCursor: more ? String(page + 1) : null };
        if (!more) return;
      }
    },
  };
}

const STATUS_QUERY = { open: '1', closed: '2,3,4,5', all: undefined } as const;

export class OpinionAccount {
  constructor(
    private readonly client: OpinionClient,
    private readonly markets: MarketInfoCache,
    /** The order writer, when a wallet is configured (it knows client order ids). */
    private readonly trading: () => OpinionTrading | undefined,
  ) {}

  private marketFilter(id: string | undefined): number | undefined {
    if (id === undefined) return undefined;
    const { venue, nativeId } = parseId(id);
    if (venue !== VENUE) throw new BadRequest(`${VENUE}: ${id} is not an Opinion market`, { venue: VENUE });
    return marketIdOf(nativeId);
  }

  private order(o: Parameters<typeof mapOrder>[0]): Order {
    this.markets.noteParent(o.marketId, o.rootMarketId);
    const order = mapOrder(o);
    return this.trading()?.withLocal(order) ?? order;
  }

  async getOrder(orderId: string): Promise<Order> {
    return this.order(await this.client.order(orderId));
  }

  /**
   * Cancels one order and returns it as it stands afterwards. The venue answers `false` when
   * nothing was cancelled (already finished or canceled): the order is returned as it is. A lost
   * cancel response is harmless to repeat (cancelling is idempotent), so it is sent once more.
   */
  async cancelOrder(orderId: string): Promise<Order> {
    try {
      await this.client.cancelOrder(orderId);
    } catch (err) {
      if (!(err instanceof OrderStateUnknown)) throw err;
      await this.client.cancelOrder(orderId);
    }
    return this.getOrder(orderId);
  }

  /**
   * Own orders. A list row carries no trades, so a buy that filled is read in full (`GET
   * /order/{id}`) to report the shares received net of fees, as `getOrder` does (see map-order.ts).
   */
  listOrders(query: OrderListQuery = {}): AsyncIterable<Page<Order>> {
    const marketId = this.marketFilter(query.marketId);
    const status = STATUS_QUERY[query.status ?? 'all'];
    return pages(
      async (page, limit) => {
        const res = await this.client.orders({ page, limit, ...(marketId !== undefined ? { marketId } : {}), ...(status ? { status } : {}) });
        const list: WireOrder[] = [];
        for (const o of res.list) list.push(o.sideEnum === 'buy' && (o.trades ?? []).length === 0 && Decimal.parse(o.filledShares).isPositive() ? await this.client.order(o.orderId) : o);
        return { total: res.total, list };
      },
      (o) => [this.order(o)],
      query.cursor,
      query.pageSize,
    );
  }

  /**
   * Own fills. The fills of one order come from the order itself (`GET /order/{id}` lists its
   * trades): recorded trade rows may lack `orderNo`, so filtering the trade list by order would miss
   * them.
   */
  listFills(query: FillListQuery = {}): AsyncIterable<Page<Fill>> {
    const marketId = this.marketFilter(query.marketId);
    if (query.orderId !== undefined) return this.orderFills(query.orderId, marketId);
    return pages(
      (page, limit) => this.client.trades({ page, limit, ...(marketId !== undefined ? { marketId } : {}) }),
      (t) => [mapTrade(t)],
      query.cursor,
      query.pageSize,
    );
  }

  private orderFills(orderId: string, marketId: number | undefined): AsyncIterable<Page<Fill>> {
    const client = this.client;
    return {
      async *[Symbol.asyncIterator]() {
        const order = await client.order(orderId);
        if (marketId !== undefined && order.marketId !== marketId) return;
        const items = (order.trades ?? []).map((t) => mapTrade(t, order.orderId));
        if (items.length > 0) yield { items, nextCursor: null };
      },
    };
  }

  /** Every position with shares (all pages). */
  async listPositions(): Promise<Position[]> {
    const out: Position[] = [];
    for await (const page of pages((p, limit) => this.client.positions({ page: p, limit }), (w) => {
      this.markets.noteParent(w.marketId, w.rootMarketId);
      return [mapPosition(w)];
    }, undefined, MAX_PAGE_SIZE)) {
      for (const p of page.items) if (p.size !== '0') out.push(p);
    }
    return out;
  }

  async getBalances(): Promise<Balance[]> {
    return mapBalances(await this.client.balance());
  }

  /** Cancels every open order (of one market when given). */
  async cancelAll(marketId?: string): Promise<CancelAllResult> {
    const ids: string[] = [];
    for await (const page of this.listOrders({ status: 'open', ...(marketId ? { marketId } : {}) })) for (const o of page.items) ids.push(o.id);
    const result: CancelAllResult = { canceled: [], notCanceled: [] };
    for (const id of ids) {
      try {
        const o = await this.cancelOrder(id);
        if (o.status === 'canceled') result.canceled.push(id);
        else result.notCanceled.push({ orderId: id, reason: `status ${o.status}` });
      } catch (err) {
        result.notCanceled.push({ orderId: id, reason: err instanceof Error ? err.message : String(err) });
      }
    }
    return result;
  }
}
