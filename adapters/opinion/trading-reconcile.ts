import { Decimal } from '../../src/core/index.js';
import type { OpinionClient } from './client.js';
import { MAX_PAGE_SIZE } from './constants.js';
import type { WireOrder } from './wire-account.js';

/**
 * Finding an order whose placement answer was lost (docs/venues/opinion.md §6.7): Opinion's order
 * objects carry no client id, salt or signature, so the account's orders in the market are matched
 * on the signed terms — side, outcome, method, limit price and shares (limit orders and market
 * sells) or amount (market buys) — created no earlier than the request (less a clock allowance),
 * and not already attributed to another write. Orders come newest first; the search stops at the
 * first page older than the request.
 */

export interface OrderTerms {
  side: 'buy' | 'sell';
  outcome: 'yes' | 'no';
  method: 'limit' | 'market';
  /** Limit price (canonical); null for market orders. */
  price: string | null;
  /** Shares signed (limit orders, market sells). */
  shares: string | null;
  /** USDT signed (limit value, market buys). */
  amount: string | null;
}

export interface FindOrderInput {
  marketId: number;
  terms: OrderTerms;
  /** Unix seconds when the write was sent. */
  sentAtS: number;
  /** Order ids already attributed to other writes. */
  exclude: { has(orderId: string): boolean };
}

/** The venue's clock may lag ours by this much. */
export const CLOCK_ALLOWANCE_S = 60;
const MAX_PAGES = 5;

const same = (a: string, b: string | null) => b !== null && Decimal.parse(a).eq(b);

export function matchesTerms(o: WireOrder, t: OrderTerms): boolean {
  if (o.sideEnum !== t.side || o.outcomeSide !== (t.outcome === 'yes' ? 1 : 2)) return false;
  if (o.tradingMethod !== (t.method === 'limit' ? 2 : 1)) return false;
  if (t.method === 'limit') return same(o.price, t.price) && same(o.orderShares, t.shares);
  return t.side === 'buy' ? same(o.orderAmount, t.amount) : same(o.orderShares, t.shares);
}

export async function findPlacedOrder(client: OpinionClient, input: FindOrderInput): Promise<WireOrder | null> {
  const since = input.sentAtS - CLOCK_ALLOWANCE_S;
  const candidates: WireOrder[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const res = await client.orders({ page, limit: MAX_PAGE_SIZE, marketId: input.marketId });
    for (const o of res.list) {
      if (o.createdAt >= since && !input.exclude.has(o.orderId) && matchesTerms(o, input.terms)) candidates.push(o);
    }
    const oldest = res.list.at(-1);
    if (res.list.length < MAX_PAGE_SIZE || !oldest || oldest.createdAt < since || page * MAX_PAGE_SIZE >= res.total) break;
  }
  // The earliest unattributed match: identical writes are attributed in the order they were sent.
  candidates.sort((a, b) => a.createdAt - b.createdAt);
  return candidates[0] ?? null;
}
