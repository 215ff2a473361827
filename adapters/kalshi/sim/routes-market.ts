/** Public market-data routes of the Kalshi simulator (docs/venues/kalshi.md §4). */
import type { Hono } from 'hono';
import { PRICE_SCALE } from '../../../src/sim/index.js';
import { badRequest, boolParam, csvParam, intParam, notFound } from './http.js';
import { bookToWire, eventToWire, iso, marketToWire, seriesToWire, tradeToWire, usd, count } from './format.js';
import { LIMITS, decodeCursor, encodeCursor, pageForward, pageLimit } from './pagination.js';
import type { MarketStatus, SimEvent, SimMarket } from './model.js';
import type { KalshiState } from './state.js';
import type { SimEnv } from './app-env.js';
import { ENDPOINT_COSTS, DEFAULT_COST } from './limits.js';

/** `/markets?status=` vocabulary → response statuses (§4.2). */
const STATUS_FILTER: Record<string, MarketStatus[]> = {
  unopened: ['initialized'],
  open: ['active'],
  paused: ['inactive'],
  closed: ['closed', 'determined', 'disputed', 'amended'],
  settled: ['finalized'],
};

export function marketWire(state: KalshiState, m: SimMarket): Record<string, unknown> {
  return marketToWire(m, state.quote(m));
}

function isHistorical(state: KalshiState, m: SimMarket): boolean {
  return m.status === 'finalized' && (m.settledMs ?? 0) < state.historicalCutoffMs;
}

export function registerMarketRoutes(app: Hono<SimEnv>, state: KalshiState): void {
  app.get('/exchange/status', (c) =>
    c.json({ exchange_active: true, trading_active: true, intra_exchange_transfers_active: true, exchange_estimated_resume_time: null }),
  );
  app.get('/account/endpoint_costs', (c) => c.json({ default_cost: DEFAULT_COST, endpoint_costs: ENDPOINT_COSTS }));

  app.get('/series', (c) => {
    const category = c.req.query('category');
    const tags = csvParam(c, 'tags');
    const list = state.seriesList.filter((s) => (!category || s.category === category) && (!tags || tags.some((t) => s.tags.includes(t))));
    return c.json({ series: list.map((s) => seriesToWire(s)) });
  });
  app.get('/series/:series', (c) => {
    const s = state.series.get(c.req.param('series'));
    if (!s) throw notFound('series');
    return c.json({ series: seriesToWire(s) });
  });

  app.get('/events', (c) => {
    const limit = pageLimit(c, LIMITS.events);
    const start = decodeCursor(c.req.query('cursor')) ?? 0;
    const nested = boolParam(c, 'with_nested_markets');
    const status = c.req.query('status');
    if (status !== undefined && !['unopened', 'open', 'closed', 'settled'].includes(status)) throw badRequest('invalid status');
    const series = c.req.query('series_ticker');
    const tickers = csvParam(c, 'tickers');
    const minClose = intParam(c, 'min_close_ts');
    const wanted = status ? STATUS_FILTER[status] : undefined;
    const items = tickers ? tickers.map((t) => state.events.get(t)).filter((e): e is SimEvent => !!e) : state.eventList;
    const { page, cursor } = pageForward(items, start, limit, (e) => {
      if (e.isMve || (series && e.seriesTicker !== series)) return false;
      const ms = e.markets.map((t) => state.markets.get(t) as SimMarket);
      if (ms.every((m) => isHistorical(state, m))) return false;
      if (wanted && !ms.some((m) => wanted.includes(m.status))) return false;
      if (minClose !== undefined && !ms.some((m) => m.closeMs >= minClose * 1000)) return false;
      return true;
    });
    return c.json({
      events: page.map((e) => eventToWire(e, nested ? e.markets.map((t) => marketWire(state, state.markets.get(t) as SimMarket)) : undefined)),
      cursor,
    });
  });
  // Multivariate (combo) events, which `/events` leaves out (docs/venues/kalshi.md §4.3): same
  // event shape, their own page limits; `series_ticker` or `collection_ticker` (not both) filter.
  app.get('/events/multivariate', (c) => {
    const limit = pageLimit(c, LIMITS.multivariateEvents);
    const start = decodeCursor(c.req.query('cursor')) ?? 0;
    const nested = boolParam(c, 'with_nested_markets');
    const series = c.req.query('series_ticker');
    const collection = c.req.query('collection_ticker');
    if (series && collection) throw badRequest('collection_ticker cannot be used together with series_ticker');
    const { page, cursor } = pageForward(state.eventList, start, limit, (e) => {
      if (!e.isMve || (series && e.seriesTicker !== series)) return false;
      const ms = e.markets.map((t) => state.markets.get(t) as SimMarket);
      if (collection && !ms.some((m) => m.mve?.collection === collection)) return false;
      return !ms.every((m) => isHistorical(state, m));
    });
    return c.json({
      events: page.map((e) => eventToWire(e, nested ? e.markets.map((t) => marketWire(state, state.markets.get(t) as SimMarket)) : undefined)),
      cursor,
    });
  });
  app.get('/events/:event', (c) => {
    const e = state.events.get(c.req.param('event'));
    if (!e) throw notFound('event');
    const markets = e.markets.map((t) => marketWire(state, state.markets.get(t) as SimMarket));
    const nested = boolParam(c, 'with_nested_markets');
    return c.json(nested ? { event: eventToWire(e, markets), markets: [] } : { event: eventToWire(e), markets });
  });

  app.get('/markets/orderbooks', (c) => {
    const tickers = c.req.queries('tickers') ?? [];
    if (tickers.length < 1 || tickers.length > 100 || tickers.some((t) => t.length === 0 || t.length > 200)) throw badRequest('tickers must have 1 to 100 entries');
    const orderbooks = tickers.map((t) => {
      const m = state.markets.get(t);
      if (!m) throw notFound(`market ${t}`);
      return { ticker: t, orderbook_fp: bookToWire(m.book ?? state.book(m)) };
    });
    return c.json({ orderbooks });
  });
  app.get('/markets/trades', (c) => {
    const limit = pageLimit(c, LIMITS.trades);
    const before = decodeCursor(c.req.query('cursor'));
    const ticker = c.req.query('ticker');
    const minTs = intParam(c, 'min_ts');
    const maxTs = intParam(c, 'max_ts');
    const match = (t: (typeof state.trades)[number]) =>
      (!ticker || t.ticker === ticker) && (minTs === undefined || t.ts >= minTs * 1000) && (maxTs === undefined || t.ts <= maxTs * 1000);
    // Newest first; the cursor is the seq of the next (older) trade to consider.
    const page: typeof state.trades = [];
    let i = state.trades.length - 1;
    if (before !== undefined) while (i >= 0 && (state.trades[i] as (typeof state.trades)[number]).seq > before) i--;
    for (; i >= 0 && page.length < limit; i--) if (match(state.trades[i] as (typeof state.trades)[number])) page.push(state.trades[i] as (typeof state.trades)[number]);
    let next = '';
    for (let j = i; j >= 0; j--) if (match(state.trades[j] as (typeof state.trades)[number])) { next = encodeCursor((state.trades[j] as (typeof state.trades)[number]).seq); break; }
    return c.json({ trades: page.map(tradeToWire), cursor: next });
  });
  app.get('/markets/candlesticks', (c) => {
    const tickers = csvParam(c, 'market_tickers') ?? [];
    if (tickers.length < 1 || tickers.length > 100) throw badRequest('market_tickers must have 1 to 100 entries');
    return c.json({ markets: tickers.map((t) => ({ market_ticker: t, candlesticks: candles(state, t, c.req.query()) })) });
  });
  app.get('/series/:series/markets/:ticker/candlesticks', (c) => {
    const t = c.req.param('ticker');
    return c.json({ ticker: t, candlesticks: candles(state, t, c.req.query()) });
  });

  app.get('/markets', (c) => {
    const limit = pageLimit(c, LIMITS.markets);
    const start = decodeCursor(c.req.query('cursor')) ?? 0;
    const q = (k: string) => intParam(c, k);
    const status = c.req.query('status');
    if (status !== undefined && !(status in STATUS_FILTER)) throw badRequest(`invalid status ${status}`);
    const f = {
      minCreated: q('min_created_ts'), maxCreated: q('max_created_ts'), minClose: q('min_close_ts'), maxClose: q('max_close_ts'),
      minSettled: q('min_settled_ts'), maxSettled: q('max_settled_ts'), minUpdated: q('min_updated_ts'),
    };
    const created = f.minCreated !== undefined || f.maxCreated !== undefined;
    const closed = f.minClose !== undefined || f.maxClose !== undefined;
    const settled = f.minSettled !== undefined || f.maxSettled !== undefined;
    if (created && status && status !== 'unopened' && status !== 'open') throw badRequest('created_ts filters are only compatible with status unopened or open');
    if (closed && status && status !== 'closed') throw badRequest('close_ts filters are only compatible with status closed');
    if (settled && status && status !== 'settled') throw badRequest('settled_ts filters are only compatible with status settled');
    if ([created, closed, settled].filter(Boolean).length > 1) throw badRequest('timestamp filters of different kinds cannot be combined');
    if (f.minUpdated !== undefined && (status || created || closed || settled || c.req.query('event_ticker') || c.req.query('tickers'))) {
      throw badRequest('min_updated_ts cannot be combined with other filters');
    }
    const mve = c.req.query('mve_filter');
    if (mve !== undefined && mve !== 'only' && mve !== 'exclude') throw badRequest('mve_filter must be only or exclude');
    const eventTicker = c.req.query('event_ticker');
    const seriesTicker = c.req.query('series_ticker');
    const tickers = csvParam(c, 'tickers');
    const wanted = status ? STATUS_FILTER[status] : undefined;
    let items: readonly SimMarket[] = state.marketList;
    if (tickers) items = tickers.map((t) => state.markets.get(t)).filter((m): m is SimMarket => !!m);
    else if (eventTicker) items = (state.events.get(eventTicker)?.markets ?? []).map((t) => state.markets.get(t) as SimMarket);
    const s = (v: number | undefined) => (v === undefined ? undefined : v * 1000);
    const { page, cursor } = pageForward(items, start, limit, (m) => {
      if (isHistorical(state, m)) return false;
      if (seriesTicker && m.seriesTicker !== seriesTicker) return false;
      if (wanted && !wanted.includes(m.status)) return false;
      if (mve === 'only' && !m.mve) return false;
      if (mve === 'exclude' && m.mve) return false;
      if (!inRange(m.createdMs, s(f.minCreated), s(f.maxCreated))) return false;
      if (!inRange(m.closeMs, s(f.minClose), s(f.maxClose))) return false;
      if (settled && (m.settledMs === undefined || !inRange(m.settledMs, s(f.minSettled), s(f.maxSettled)))) return false;
      if (f.minUpdated !== undefined && m.updatedMs < f.minUpdated * 1000) return false;
      return true;
    });
    return c.json({ markets: page.map((m) => marketWire(state, m)), cursor });
  });
  app.get('/markets/:ticker/orderbook', (c) => {
    const m = state.markets.get(c.req.param('ticker'));
    if (!m) throw notFound('market');
    const depth = intParam(c, 'depth') ?? 0;
    if (depth > 100) throw badRequest('depth must be at most 100');
    return c.json({ orderbook_fp: bookToWire(m.book ?? state.book(m), depth) });
  });
  app.get('/markets/:ticker', (c) => {
    const m = state.markets.get(c.req.param('ticker'));
    if (!m || isHistorical(state, m)) throw notFound('market');
    return c.json({ market: marketWire(state, m) });
  });

  app.get('/historical/cutoff', (c) => {
    const cut = iso(state.historicalCutoffMs);
    return c.json({ market_settled_ts: cut, trades_created_ts: cut, orders_updated_ts: cut, market_positions_last_updated_ts: cut });
  });
  app.get('/historical/markets', (c) => {
    const limit = pageLimit(c, LIMITS.historicalMarkets);
    const start = decodeCursor(c.req.query('cursor')) ?? 0;
    const tickers = csvParam(c, 'tickers');
    const ev = c.req.query('event_ticker');
    const se = c.req.query('series_ticker');
    if ([tickers, ev, se].filter((x) => x !== undefined).length > 1) throw badRequest('filters are mutually exclusive');
    const mve = c.req.query('mve_filter');
    const { page, cursor } = pageForward(state.marketList, start, limit, (m) =>
      isHistorical(state, m) && (!tickers || tickers.includes(m.ticker)) && (!ev || m.eventTicker === ev) && (!se || m.seriesTicker === se) && !(mve === 'exclude' && m.mve),
    );
    return c.json({ markets: page.map((m) => marketToWire(m, undefined)), cursor });
  });
  app.get('/historical/markets/:ticker', (c) => {
    const m = state.markets.get(c.req.param('ticker'));
    if (!m || !isHistorical(state, m)) throw notFound('market');
    return c.json({ market: marketToWire(m, undefined) });
  });
  app.get('/historical/trades', (c) => c.json({ trades: [], cursor: '' }));
}

function inRange(v: number, min: number | undefined, max: number | undefined): boolean {
  return (min === undefined || v >= min) && (max === undefined || v <= max);
}

/**
 * Simple candles: one per period in [start_ts, end_ts] (≤ 10,000), OHLC from the simulator's
 * trades in the period, carried forward from the last price when a period had none.
 */
function candles(state: KalshiState, ticker: string, q: Record<string, string>): Record<string, unknown>[] {
  const m = state.markets.get(ticker);
  if (!m) throw notFound(`market ${ticker}`);
  const period = Number(q.period_interval ?? '60');
  if (![1, 60, 1440].includes(period)) throw badRequest('period_interval must be 1, 60 or 1440');
  const end = Number(q.end_ts ?? Math.floor(state.now() / 1000));
  const startTs = Number(q.start_ts ?? end - period * 60 * 24);
  if (!Number.isInteger(startTs) || !Number.isInteger(end) || end < startTs) throw badRequest('invalid start_ts/end_ts');
  const step = period * 60;
  const out: Record<string, unknown>[] = [];
  const bid = m.book?.bestBid()?.[0] ?? Math.max(0, m.lastPrice - 10_000);
  const ask = m.book?.bestAsk()?.[0] ?? Math.min(PRICE_SCALE, m.lastPrice + 10_000);
  let last = m.previousPrice;
  for (let t = startTs - (startTs % step) + step; t <= end + step - 1 && out.length < 10_000; t += step) {
    const inside = state.trades.filter((x) => x.ticker === ticker && x.ts > (t - step) * 1000 && x.ts <= t * 1000);
    const prices = inside.map((x) => x.yesPrice);
    const open = prices[0] ?? last;
    const close = prices.at(-1) ?? last;
    last = close;
    const ohlc = (o: number, h: number, l: number, cl: number) => ({ open_dollars: usd(o), high_dollars: usd(h), low_dollars: usd(l), close_dollars: usd(cl) });
    out.push({
      end_period_ts: t,
      yes_bid: ohlc(bid, bid, bid, bid),
      yes_ask: ohlc(ask, ask, ask, ask),
      price: { ...ohlc(open, Math.max(open, ...prices), Math.min(open, ...prices), close), previous_dollars: usd(m.previousPrice) },
      volume_fp: count(inside.reduce((a, x) => a + x.count, 0)),
      open_interest_fp: count(m.openInterest),
    });
  }
  return out;
}
