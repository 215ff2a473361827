/** Authenticated portfolio routes of the Kalshi simulator (docs/venues/kalshi.md §5.4, §6, §8). */
import type { Hono } from 'hono';
import { notionalUnits, PRICE_SCALE } from '../../../src/sim/index.js';
import { badRequest, csvParam, intParam, notFound } from './http.js';
import { cents, count, fillToWire, orderToWire, positionToWire, settlementToWire, usd } from './format.js';
import { LIMITS, decodeCursor, pageBackward, pageForward, pageLimit } from './pagination.js';
import { reservedCash } from './ledger.js';
import type { SimAccount, SimPosition } from './model.js';
import type { KalshiState } from './state.js';
import type { RateLimiter } from './limits.js';
import type { SimEnv } from './app-env.js';

function markValue(state: KalshiState, p: SimPosition): number {
  const m = state.markets.get(p.ticker);
  const yes = m?.lastPrice ?? 0;
  return p.position >= 0 ? notionalUnits(yes, p.position) : notionalUnits(PRICE_SCALE - yes, -p.position);
}

export function registerPortfolioRoutes(app: Hono<SimEnv>, state: KalshiState, limiter: RateLimiter): void {
  const acct = (userId: string): SimAccount => state.account(userId);

  app.get('/account/limits', (c) => c.json(limiter.limitsBody()));

  app.get('/portfolio/balance', (c) => {
    const a = acct(c.get('userId'));
    let value = 0;
    for (const p of a.positions.values()) value += markValue(state, p);
    return c.json({
      balance: cents(a.cash),
      balance_dollars: usd(a.cash),
      portfolio_value: cents(value),
      updated_ts: Math.floor(state.now() / 1000),
      balance_breakdown: [{ exchange_index: 0, balance: usd(a.cash) }],
    });
  });

  app.get('/portfolio/orders', (c) => {
    const a = acct(c.get('userId'));
    const limit = pageLimit(c, LIMITS.portfolio);
    const start = decodeCursor(c.req.query('cursor'));
    const ticker = c.req.query('ticker');
    const events = csvParam(c, 'event_ticker');
    if (events && events.length > 10) throw badRequest('event_ticker accepts at most 10 tickers');
    const status = c.req.query('status');
    if (status && !['resting', 'canceled', 'executed'].includes(status)) throw badRequest('invalid status');
    const minTs = intParam(c, 'min_ts');
    const maxTs = intParam(c, 'max_ts');
    const sub = intParam(c, 'subaccount');
    const { page, cursor } = pageBackward(a.orderList, start, limit, (id) => {
      const o = a.orders.get(id);
      if (!o) return false;
      if (ticker && o.ticker !== ticker) return false;
      if (events && !events.includes(state.markets.get(o.ticker)?.eventTicker ?? '')) return false;
      if (status && o.status !== status) return false;
      if (minTs !== undefined && o.createdMs < minTs * 1000) return false;
      if (maxTs !== undefined && o.createdMs > maxTs * 1000) return false;
      if (sub !== undefined && o.subaccount !== sub) return false;
      return true;
    });
    return c.json({ orders: page.map((id) => orderToWire(a.orders.get(id) as NonNullable<ReturnType<typeof a.orders.get>>)), cursor });
  });
  app.get('/portfolio/orders/:id', (c) => {
    const o = state.orders.get(c.req.param('id'));
    if (!o || o.userId !== c.get('userId')) throw notFound('order');
    return c.json({ order: orderToWire(o) });
  });

  app.get('/portfolio/fills', (c) => {
    const a = acct(c.get('userId'));
    const limit = pageLimit(c, LIMITS.portfolio);
    const start = decodeCursor(c.req.query('cursor'));
    const ticker = c.req.query('ticker');
    const orderId = c.req.query('order_id');
    const minTs = intParam(c, 'min_ts');
    const maxTs = intParam(c, 'max_ts');
    const { page, cursor } = pageBackward(a.fills, start, limit, (f) =>
      (!ticker || f.ticker === ticker) && (!orderId || f.orderId === orderId) && (minTs === undefined || f.ts >= minTs * 1000) && (maxTs === undefined || f.ts <= maxTs * 1000),
    );
    return c.json({ fills: page.map(fillToWire), cursor });
  });

  app.get('/portfolio/positions', (c) => {
    const a = acct(c.get('userId'));
    const limit = pageLimit(c, LIMITS.portfolio);
    const start = decodeCursor(c.req.query('cursor')) ?? 0;
    const ticker = c.req.query('ticker');
    const eventTicker = c.req.query('event_ticker');
    const filters = csvParam(c, 'count_filter') ?? [];
    const list = [...a.positions.values()];
    const { page, cursor } = pageForward(list, start, limit, (p) =>
      (!ticker || p.ticker === ticker) &&
      (!eventTicker || state.markets.get(p.ticker)?.eventTicker === eventTicker) &&
      (!filters.includes('position') || p.position !== 0) &&
      (!filters.includes('total_traded') || p.totalTraded !== 0),
    );
    const byEvent = new Map<string, { cost: number; shares: number; exposure: number; pnl: number; fees: number }>();
    for (const p of page) {
      const ev = state.markets.get(p.ticker)?.eventTicker ?? '';
      const e = byEvent.get(ev) ?? { cost: 0, shares: 0, exposure: 0, pnl: 0, fees: 0 };
      e.cost += p.totalTraded;
      e.shares += p.volume;
      e.exposure += p.exposure;
      e.pnl += p.realizedPnl;
      e.fees += p.feesPaid;
      byEvent.set(ev, e);
    }
    return c.json({
      cursor,
      market_positions: page.map(positionToWire),
      event_positions: [...byEvent].map(([ev, e]) => ({
        event_ticker: ev, total_cost_dollars: usd(e.cost), total_cost_shares_fp: count(e.shares), event_exposure_dollars: usd(e.exposure),
        realized_pnl_dollars: usd(e.pnl), fees_paid_dollars: usd(e.fees),
      })),
    });
  });

  app.get('/portfolio/settlements', (c) => {
    const a = acct(c.get('userId'));
    const limit = pageLimit(c, LIMITS.portfolio);
    const start = decodeCursor(c.req.query('cursor'));
    const ticker = c.req.query('ticker');
    const { page, cursor } = pageBackward(a.settlements, start, limit, (s) => !ticker || s.ticker === ticker);
    return c.json({ settlements: page.map(settlementToWire), cursor });
  });

  app.get('/portfolio/summary/total_resting_order_value', (c) => {
    return c.json({ total_resting_order_value: cents(reservedCash(acct(c.get('userId')))) });
  });
}
