import { Decimal, NotFound, canonical, parseId, type Balance, type Fill, type Order, type Position } from '../../src/core/index.js';
import { paginateCursor, type FillListQuery, type OrderListQuery, type Page, type RateLimiter } from '../../src/venue/index.js';
import type { ApiCredentials } from './auth-l2.js';
import type { ClobClient } from './clob-client.js';
import { POSITIONS_PAGE, type DataClient } from './data-client.js';
import { takeSigner } from './limits.js';
import { mapOpenOrder, mapPosition, mapTradeFills, outcomeOfToken } from './map-order.js';
import type { MarketInfoCache } from './market-info.js';
import { fromBaseUnits } from './order-amounts.js';
import type { SignatureType } from './order-build.js';
import type { PolymarketTrading } from './trading.js';
import { CLOB_END_CURSOR, type CancelResponse } from './wire-clob.js';

/**
 * The account side (L2): open orders, fills, positions (Data API), the pUSD balance, cancels.
 * Cancels draw from the per-signer cancel bucket (§8.2): one token up front, and for
 * cancel-all / cancel-by-market one more per canceled order afterwards.
 */

export interface AccountDeps {
  clob: ClobClient;
  data: DataClient;
  markets: MarketInfoCache;
  limiter: RateLimiter;
  trading: PolymarketTrading;
  creds: () => Promise<ApiCredentials>;
  /** Funder (proxy/Safe), or the signer for EOA accounts: the address positions are held by. */
  makerAddress: string;
  signatureType: SignatureType;
}

export interface CancelSummary {
  canceled: string[];
  notCanceled: Record<string, string>;
}

function summary(r: CancelResponse): CancelSummary {
  return { canceled: r.canceled, notCanceled: r.not_canceled };
}

function conditionOf(marketId: string | undefined): string | undefined {
  return marketId ? parseId(marketId).nativeId : undefined;
}

export class PolymarketAccount {
  constructor(private readonly d: AccountDeps) {}

  /** Cancels one order; an order that is already final comes back as it is (idempotent). */
  async cancelOrder(orderId: string): Promise<Order> {
    await takeSigner(this.d.limiter, 'signer-cancel', 1);
    const r = await this.d.clob.cancelOrder(orderId);
    if (r.canceled.includes(orderId)) return this.d.trading.getOrder(orderId);
    const existing = await this.d.trading.lookup(orderId);
    if (existing && existing.status !== 'open') return existing;
    const reason = r.not_canceled[orderId] ?? 'not canceled';
    throw new NotFound(`polymarket DELETE /order: ${reason}`, { venue: 'polymarket', endpoint: 'DELETE /order', venueMessage: reason });
  }

  async cancelOrders(orderIds: string[]): Promise<CancelSummary> {
    await takeSigner(this.d.limiter, 'signer-cancel', orderIds.length);
    return summary(await this.d.clob.cancelOrders(orderIds));
  }

  async cancelAll(): Promise<CancelSummary> {
    await takeSigner(this.d.limiter, 'signer-cancel', 1);
    const r = summary(await this.d.clob.cancelAll());
    void takeSigner(this.d.limiter, 'signer-cancel', r.canceled.length).catch(() => undefined);
    return r;
  }

  async cancelMarket(conditionId: string): Promise<CancelSummary> {
    await takeSigner(this.d.limiter, 'signer-cancel', 1);
    const r = summary(await this.d.clob.cancelMarket({ market: conditionId }));
    void takeSigner(this.d.limiter, 'signer-cancel', r.canceled.length).catch(() => undefined);
    return r;
  }

  /** `GET /data/orders` lists the open orders; `closed`/`all` filter that list. */
  listOrders(q: OrderListQuery = {}): AsyncIterable<Page<Order>> {
    const market = conditionOf(q.marketId);
    const status = q.status ?? 'open';
    return paginateCursor<Order>({
      venue: 'polymarket',
      endpoint: 'GET /data/orders',
      endCursors: [CLOB_END_CURSOR],
      ...(q.cursor ? { startCursor: q.cursor } : {}),
      fetchPage: async (cursor) => {
        const page = await this.d.clob.ordersPage({ ...(market ? { market } : {}), ...(cursor ? { cursor } : {}) });
        const infos = await this.d.markets.getMany([...new Set(page.data.map((o) => o.market))]);
        const byCid = new Map(infos.map((i) => [i.conditionId.toLowerCase(), i]));
        const items = page.data
          .map((o) => {
            const info = byCid.get(o.market.toLowerCase());
            const local = this.d.trading.localInfo(o.id);
            return mapOpenOrder(o, { outcome: (info && outcomeOfToken(info, o.asset_id)) ?? 'yes', clientOrderId: local?.clientOrderId ?? null, postOnly: local?.postOnly ?? false });
          })
          .filter((o) => status === 'all' || (status === 'open') === (o.status === 'open'));
        return { items, nextCursor: page.next_cursor };
      },
    });
  }

  listFills(q: FillListQuery = {}): AsyncIterable<Page<Fill>> {
    const market = conditionOf(q.marketId);
    return paginateCursor<Fill>({
      venue: 'polymarket',
      endpoint: 'GET /data/trades',
      endCursors: [CLOB_END_CURSOR],
      ...(q.cursor ? { startCursor: q.cursor } : {}),
      fetchPage: async (cursor) => {
        const c = await this.d.creds();
        const page = await this.d.clob.tradesPage({ ...(market ? { market } : {}), ...(cursor ? { cursor } : {}) });
        await this.d.markets.getMany([...new Set(page.data.map((tr) => tr.market))]);
        const items = page.data
          .flatMap((tr) => mapTradeFills(tr, { apiKey: c.apiKey, address: this.d.makerAddress }, (a) => this.d.markets.token(a)))
          .filter((f) => !q.orderId || f.orderId === q.orderId);
        return { items, nextCursor: page.next_cursor };
      },
    });
  }

  async listPositions(): Promise<Position[]> {
    const out: Position[] = [];
    for (let offset = 0; ; offset += POSITIONS_PAGE) {
      const rows = await this.d.data.positions({ user: this.d.makerAddress, offset });
      out.push(...rows.map(mapPosition).filter((p) => Decimal.parse(p.size).isPositive()));
      if (rows.length < POSITIONS_PAGE) return out;
    }
  }

  /** pUSD balance; `available` subtracts what open BUY orders commit (the CLOB's own check). */
  async getBalances(): Promise<Balance[]> {
    const ba = await this.d.clob.balanceAllowance({ assetType: 'COLLATERAL', signatureType: this.d.signatureType });
    const total = fromBaseUnits(Decimal.parse(ba.balance).toUnits(0, 'down'));
    let locked = Decimal.ZERO;
    for await (const page of this.listOrders({ status: 'open' })) {
      for (const o of page.items) if (o.side === 'buy') locked = locked.add(Decimal.parse(o.remaining).mul(o.price));
    }
    const available = Decimal.max(total.sub(locked), Decimal.ZERO);
    return [{ venue: 'polymarket', currency: 'pUSD', available: canonical(available), total: canonical(total) }];
  }
}
