import { Decimal } from '../../src/core/index.js';
import type { Balance, Fill, Order, Position } from '../../src/core/index.js';
import type { FillListQuery, OrderListQuery, Page } from '../../src/venue/adapter.js';
import { collectAll, paginateCursor } from '../../src/venue/paginate.js';
import type { KalshiClient, OrdersQuery } from './client.js';
import { mapBalance, mapFill, mapOrder, mapPosition, restingCollateral } from './map-order.js';
import type { OrderMemory } from './order-memory.js';
import { tickerOf } from './trading.js';
import type { WireMarketPosition, WireOrder, WireSettlement } from './wire-portfolio.js';

/** Portfolio reads: orders, fills, positions, settlements, balance. */

const PAGE_MAX = 1000;

function clamp(n: number | undefined): number {
  if (n === undefined || !Number.isFinite(n)) return PAGE_MAX;
  return Math.max(1, Math.min(PAGE_MAX, Math.floor(n)));
}

export class KalshiPortfolio {
  constructor(
    private readonly client: KalshiClient,
    private readonly memory: OrderMemory,
  ) {}

  private wireOrders(query: Omit<OrdersQuery, 'cursor'>, startCursor?: string): AsyncIterable<Page<WireOrder>> {
    return paginateCursor({
      venue: 'kalshi',
      endpoint: 'GET /portfolio/orders',
      startCursor,
      fetchPage: async (cursor) => {
        const res = await this.client.getOrders({ ...query, cursor });
        return { items: res.orders, nextCursor: res.cursor };
      },
    });
  }

  /** `open` → resting; `closed` → canceled or executed (filtered here: the venue takes one status). */
  listOrders(query: OrderListQuery = {}): AsyncIterable<Page<Order>> {
    const wire: Omit<OrdersQuery, 'cursor'> = { limit: clamp(query.pageSize) };
    if (query.marketId) wire.ticker = tickerOf(query.marketId);
    if (query.status === 'open') wire.status = 'resting';
    const closedOnly = query.status === 'closed';
    const pages = this.wireOrders(wire, query.cursor);
    const memory = this.memory;
    return {
      async *[Symbol.asyncIterator]() {
        for await (const page of pages) {
          const items = page.items
            .filter((o) => !closedOnly || o.status !== 'resting')
            .map((o) => mapOrder(o, memory.get(o.order_id, o.client_order_id)));
          yield { items, nextCursor: page.nextCursor };
        }
      },
    };
  }

  listFills(query: FillListQuery = {}): AsyncIterable<Page<Fill>> {
    const ticker = query.marketId ? tickerOf(query.marketId) : undefined;
    const limit = clamp(query.pageSize);
    return paginateCursor({
      venue: 'kalshi',
      endpoint: 'GET /portfolio/fills',
      startCursor: query.cursor,
      fetchPage: async (cursor) => {
        const res = await this.client.getFills({ ticker, order_id: query.orderId, limit, cursor });
        return { items: res.fills.map((f) => mapFill(f, this.memory.get(f.order_id))), nextCursor: res.cursor };
      },
    });
  }

  async listWirePositions(): Promise<WireMarketPosition[]> {
    return collectAll(
      paginateCursor({
        venue: 'kalshi',
        endpoint: 'GET /portfolio/positions',
        fetchPage: async (cursor) => {
          const res = await this.client.getPositions({ limit: PAGE_MAX, cursor });
          return { items: res.market_positions ?? [], nextCursor: res.cursor };
        },
      }),
    );
  }

  async listPositions(): Promise<Position[]> {
    return (await this.listWirePositions()).flatMap((p) => mapPosition(p) ?? []);
  }

  listSettlements(query: { marketId?: string; pageSize?: number; cursor?: string } = {}): AsyncIterable<Page<WireSettlement>> {
    const ticker = query.marketId ? tickerOf(query.marketId) : undefined;
    return paginateCursor({
      venue: 'kalshi',
      endpoint: 'GET /portfolio/settlements',
      startCursor: query.cursor,
      fetchPage: async (cursor) => {
        const res = await this.client.getSettlements({ ticker, limit: clamp(query.pageSize), cursor });
        return { items: res.settlements, nextCursor: res.cursor };
      },
    });
  }

  /** Cash from `/portfolio/balance`; `total` adds the collateral of resting orders. */
  async getBalances(): Promise<Balance[]> {
    const [balance, resting] = await Promise.all([
      this.client.getBalance(),
      collectAll(this.wireOrders({ status: 'resting', limit: PAGE_MAX })),
    ]);
    const locked = Decimal.sum(resting.map(restingCollateral));
    return [mapBalance(balance, locked)];
  }
}
