/**
 * CLOB market listings (docs/venues/polymarket.md §4.3–§4.5): `/markets` and `/simplified-markets`
 * paginated with base64 offset cursors (`MA==` first, `LTE=` after the last page, 1000 per page),
 * `/markets/{condition_id}`, the compact `/clob-markets/{condition_id}`, `/markets-by-token/{id}`.
 */
import { Hono, type Context } from 'hono';
import { ERR } from './constants.js';
import type { SimContext } from './context.js';
import type { SimMarket } from './generate.js';
import { quoteOf } from './gamma-wire.js';
import { fmt } from './format.js';
import { jsonResponse, num } from './json.js';

export const START_CURSOR = 'MA==';
export const END_CURSOR = 'LTE=';
const PAGE = 1000;

export function encodeOffsetCursor(offset: number): string {
  return Buffer.from(String(offset)).toString('base64');
}

/** Offset of a CLOB cursor; -1 for the end sentinel; undefined when malformed. */
export function decodeOffsetCursor(cursor: string | undefined): number | undefined {
  if (cursor === undefined || cursor === '') return 0;
  const text = Buffer.from(cursor, 'base64').toString();
  if (!/^-?\d+$/.test(text)) return undefined;
  return Number(text);
}

/** `{limit, count, next_cursor, data}` for one page of `items`. */
export function paginate<T>(c: Context, items: T[], pageSize: number): Response | { limit: number; count: number; next_cursor: string; data: T[] } {
  const offset = decodeOffsetCursor(c.req.query('next_cursor'));
  if (offset === undefined) return jsonResponse({ error: 'invalid next_cursor' }, 400);
  if (offset < 0) return { limit: pageSize, count: 0, next_cursor: END_CURSOR, data: [] };
  const data = items.slice(offset, offset + pageSize);
  const end = offset + data.length;
  return { limit: pageSize, count: data.length, next_cursor: end >= items.length ? END_CURSOR : encodeOffsetCursor(end), data };
}

function tokens(ctx: SimContext, m: SimMarket) {
  const q = quoteOf(ctx.exchange.books, m);
  const yes = m.resolved ? (m.resolved === 'yes' ? 1_000_000 : 0) : q.last;
  return [
    { token_id: m.yesTokenId, outcome: 'Yes', price: num(fmt(yes)), winner: m.resolved === 'yes' },
    { token_id: m.noTokenId, outcome: 'No', price: num(fmt(1_000_000 - yes)), winner: m.resolved === 'no' },
  ];
}

function tickOf(ctx: SimContext, m: SimMarket): string {
  return ctx.exchange.books.peek(m.conditionId)?.tick ?? m.tickSize;
}

export function clobMarket(ctx: SimContext, m: SimMarket): Record<string, unknown> {
  const closed = m.closed || Boolean(m.resolved);
  return {
    enable_order_book: true,
    active: !m.resolved,
    closed,
    archived: false,
    accepting_orders: !closed,
    accepting_order_timestamp: m.startDate,
    minimum_order_size: num(m.minOrderSize),
    minimum_tick_size: num(tickOf(ctx, m)),
    condition_id: m.conditionId,
    question_id: m.questionId,
    question: m.question,
    description: m.description,
    market_slug: m.slug,
    end_date_iso: m.endDate,
    game_start_time: null,
    seconds_delay: m.secondsDelay,
    fpmm: '',
    maker_base_fee: 0,
    taker_base_fee: 0,
    notifications_enabled: true,
    neg_risk: m.negRisk,
    neg_risk_market_id: m.negRiskMarketId,
    neg_risk_request_id: m.negRiskRequestId,
    icon: '',
    image: '',
    rewards: { rates: null, min_size: 0, max_spread: 0 },
    is_50_50_outcome: false,
    tokens: tokens(ctx, m),
    tags: [m.category],
  };
}

function simplifiedMarket(ctx: SimContext, m: SimMarket): Record<string, unknown> {
  const closed = m.closed || Boolean(m.resolved);
  return {
    condition_id: m.conditionId,
    rewards: { rates: null, min_size: 0, max_spread: 0 },
    tokens: tokens(ctx, m),
    active: !m.resolved,
    closed,
    archived: false,
    accepting_orders: !closed,
  };
}

/** The compact form of `GET /clob-markets/{condition_id}`; false flags are omitted. */
export function compactMarket(ctx: SimContext, m: SimMarket): Record<string, unknown> {
  return {
    c: m.conditionId,
    t: [{ t: m.yesTokenId, o: 'Yes' }, { t: m.noTokenId, o: 'No' }],
    mts: num(tickOf(ctx, m)),
    nr: m.negRisk ? true : undefined,
    mbf: 0,
    tbf: 0,
    r: null,
    ao: !m.closed && !m.resolved,
    mos: num(m.minOrderSize),
    sd: m.secondsDelay,
    rfqe: false,
  };
}

export function clobMarketRoutes(ctx: SimContext): Hono {
  const app = new Hono();
  const { universe } = ctx;
  const list = (c: Context, map: (m: SimMarket) => Record<string, unknown>) => {
    const page = paginate(c, universe.markets, PAGE);
    if (page instanceof Response) return page;
    return jsonResponse({ ...page, data: page.data.map(map) });
  };
  app.get('/markets', (c) => list(c, (m) => clobMarket(ctx, m)));
  app.get('/simplified-markets', (c) => list(c, (m) => simplifiedMarket(ctx, m)));
  app.get('/markets/:cid', (c) => {
    const m = universe.byConditionId.get(c.req.param('cid').toLowerCase());
    return m ? jsonResponse(clobMarket(ctx, m)) : jsonResponse({ error: ERR.marketNotFound }, 404);
  });
  app.get('/clob-markets/:cid', (c) => {
    const m = universe.byConditionId.get(c.req.param('cid').toLowerCase());
    return m ? jsonResponse(compactMarket(ctx, m)) : jsonResponse({ error: ERR.marketNotFound }, 404);
  });
  app.get('/markets-by-token/:token', (c) => {
    const hit = universe.byTokenId.get(c.req.param('token'));
    if (!hit) return jsonResponse({ error: ERR.marketNotFound }, 404);
    return jsonResponse({ condition_id: hit.market.conditionId, primary_token_id: hit.market.yesTokenId, secondary_token_id: hit.market.noTokenId });
  });
  return app;
}
