/**
 * Gamma API routes (docs/venues/polymarket.md §3): offset lists `/markets` and `/events` (JSON arrays),
 * keyset lists `/markets/keyset` and `/events/keyset` (`after_cursor` in, `next_cursor` out and
 * absent on the last page, limit clamped to 100), lookups by id and slug. Array filters accept
 * repeated keys (`id=1&id=2`) and, leniently, comma lists. Offset `/markets` pages hold at most 100
 * markets, whatever `limit` asks (docs/venues/polymarket.md §3.2). `order` sorts by `volume`,
 * `volume24hr`, `liquidity`, dates or `slug`, descending with `ascending=false`. Every market is
 * `active` (resolved ones included, as on the real Gamma), so `active=true` keeps history and
 * `closed=false` is the filter that selects live markets.
 */
import { Hono, type Context } from 'hono';
import { jsonResponse } from './json.js';
import { gammaEvent, gammaMarket } from './gamma-wire.js';
import type { SimContext } from './context.js';
import type { SimEvent, SimMarket } from './generate.js';

const DEFAULT_LIMIT = 20;
/** Offset `/markets` pages are capped at 100 (§3.2); offset `/events` honours larger limits (§3.2, OBS). */
const MARKETS_OFFSET_MAX_LIMIT = 100;
const EVENTS_OFFSET_MAX_LIMIT = 500;
const KEYSET_MAX_LIMIT = 100;
const SCHEMA_BASE = 'https://gamma-api.polymarket.com/schemas';

function list(c: Context, name: string): string[] | undefined {
  const values = c.req.queries(name) ?? c.req.queries(`${name}[]`);
  if (!values) return undefined;
  return values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
}

function bool(c: Context, name: string): boolean | undefined {
  const v = c.req.query(name);
  return v === undefined ? undefined : v === 'true' || v === '1';
}

function int(c: Context, name: string): number | undefined {
  const v = c.req.query(name);
  if (v === undefined || !/^\d+$/.test(v)) return undefined;
  return Number(v);
}

function tagIdOf(category: string): string {
  return String(100 + [...category].reduce((a, ch) => a + ch.charCodeAt(0), 0));
}

function marketFilter(c: Context, forceActive: boolean): (m: SimMarket) => boolean {
  const ids = list(c, 'id');
  const slugs = list(c, 'slug');
  const tokens = list(c, 'clob_token_ids') ?? list(c, 'position_ids');
  const conditions = list(c, 'condition_ids')?.map((s) => s.toLowerCase());
  const questions = list(c, 'question_ids')?.map((s) => s.toLowerCase());
  const closed = bool(c, 'closed');
  const active = forceActive ? true : bool(c, 'active');
  const archived = bool(c, 'archived');
  const tagId = c.req.query('tag_id');
  const endMin = c.req.query('end_date_min');
  const endMax = c.req.query('end_date_max');
  const idSet = ids && new Set(ids);
  const slugSet = slugs && new Set(slugs);
  const tokenSet = tokens && new Set(tokens);
  const condSet = conditions && new Set(conditions);
  const qSet = questions && new Set(questions);
  return (m) =>
    (!idSet || idSet.has(m.id)) &&
    (!slugSet || slugSet.has(m.slug)) &&
    (!tokenSet || tokenSet.has(m.yesTokenId) || tokenSet.has(m.noTokenId)) &&
    (!condSet || condSet.has(m.conditionId)) &&
    (!qSet || qSet.has(m.questionId)) &&
    (closed === undefined || (m.closed || Boolean(m.resolved)) === closed) &&
    (active === undefined || active) &&
    (archived === undefined || archived === false) &&
    (tagId === undefined || tagIdOf(m.category) === tagId) &&
    (endMin === undefined || m.endDate >= endMin) &&
    (endMax === undefined || m.endDate <= endMax);
}

function eventFilter(c: Context, markets: SimMarket[], forceActive: boolean): (e: SimEvent) => boolean {
  const ids = list(c, 'id');
  const slugs = list(c, 'slug');
  const closed = bool(c, 'closed');
  const active = forceActive ? true : bool(c, 'active');
  const tagId = c.req.query('tag_id');
  const idSet = ids && new Set(ids);
  const slugSet = slugs && new Set(slugs);
  return (e) => {
    const ms = e.marketIndexes.map((i) => markets[i]!);
    const isClosed = ms.every((m) => m.closed || Boolean(m.resolved));
    return (
      (!idSet || idSet.has(e.id)) &&
      (!slugSet || slugSet.has(e.slug)) &&
      (closed === undefined || isClosed === closed) &&
      (active === undefined || active) &&
      (tagId === undefined || tagIdOf(e.category) === tagId)
    );
  };
}

/** Optional `order` (first field) + `ascending`; generated order is by id. */
function sorted<T extends { index: number }>(c: Context, items: T[], key: (t: T, field: string) => string | number | undefined): T[] {
  const field = c.req.query('order')?.split(',')[0]?.trim();
  const ascending = c.req.query('ascending') !== 'false';
  if (!field || field === 'id') return ascending ? items : [...items].reverse();
  const out = [...items].sort((a, b) => {
    const x = key(a, field) ?? a.index;
    const y = key(b, field) ?? b.index;
    return x < y ? -1 : x > y ? 1 : a.index - b.index;
  });
  return ascending ? out : out.reverse();
}

function marketKey(m: SimMarket, field: string): string | number | undefined {
  switch (field) {
    case 'volume': case 'volumeNum': return m.volumeCents;
    case 'volume24hr': return m.volume24hCents;
    case 'liquidity': case 'liquidityNum': return m.volumeCents % 5_000_000;
    case 'endDate': return m.endDate;
    case 'startDate': return m.startDate;
    case 'slug': return m.slug;
    default: return undefined;
  }
}

function eventKey(e: SimEvent, field: string, markets: SimMarket[]): string | number | undefined {
  switch (field) {
    case 'volume': return e.marketIndexes.reduce((a, i) => a + markets[i]!.volumeCents, 0);
    case 'volume24hr': return e.marketIndexes.reduce((a, i) => a + markets[i]!.volume24hCents, 0);
    case 'endDate': return e.endDate;
    case 'startDate': return e.startDate;
    case 'slug': return e.slug;
    default: return undefined;
  }
}

const encodeCursor = (offset: number) => Buffer.from(`k1:${offset}`).toString('base64url');
function decodeCursor(cursor: string | undefined): number | undefined {
  if (!cursor) return 0;
  const m = /^k1:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  return m ? Number(m[1]) : undefined;
}

const notFound = () => jsonResponse({ type: 'not found error', error: 'not found' }, 404);
const badRequest = (error: string) => jsonResponse({ type: 'bad request error', error }, 400);

export function gammaRoutes(ctx: SimContext): Hono {
  const app = new Hono();
  const { universe, exchange } = ctx;
  const books = exchange.books;
  const market = (m: SimMarket) => gammaMarket(books, universe, m);
  const event = (c: Context, e: SimEvent) => gammaEvent(books, universe, e, c.req.query('include_markets') !== 'false');

  app.get('/markets', (c) => {
    const limit = Math.min(int(c, 'limit') ?? DEFAULT_LIMIT, MARKETS_OFFSET_MAX_LIMIT);
    const offset = int(c, 'offset') ?? 0;
    const items = sorted(c, universe.markets.filter(marketFilter(c, false)), marketKey);
    return jsonResponse(items.slice(offset, offset + limit).map(market));
  });

  app.get('/markets/keyset', (c) => {
    if (c.req.query('offset') !== undefined) return badRequest('offset is not supported on keyset routes');
    const limit = Math.min(int(c, 'limit') ?? DEFAULT_LIMIT, KEYSET_MAX_LIMIT);
    const start = decodeCursor(c.req.query('after_cursor'));
    if (start === undefined) return badRequest('invalid cursor');
    const items = sorted(c, universe.markets.filter(marketFilter(c, true)), marketKey);
    const page = items.slice(start, start + limit);
    const end = start + page.length;
    return jsonResponse({
      $schema: `${SCHEMA_BASE}/MarketsKeysetListResponse.json`,
      markets: page.map(market),
      next_cursor: end < items.length ? encodeCursor(end) : undefined,
    });
  });

  app.get('/markets/slug/:slug', (c) => {
    const m = universe.bySlug.get(c.req.param('slug'));
    return m ? jsonResponse(market(m)) : notFound();
  });

  app.get('/markets/:id', (c) => {
    const m = universe.byGammaId.get(c.req.param('id'));
    return m ? jsonResponse(market(m)) : notFound();
  });

  app.get('/events', (c) => {
    const limit = Math.min(int(c, 'limit') ?? DEFAULT_LIMIT, EVENTS_OFFSET_MAX_LIMIT);
    const offset = int(c, 'offset') ?? 0;
    const items = sorted(c, universe.events.filter(eventFilter(c, universe.markets, false)), (e, f) => eventKey(e, f, universe.markets));
    return jsonResponse(items.slice(offset, offset + limit).map((e) => event(c, e)));
  });

  app.get('/events/keyset', (c) => {
    if (c.req.query('offset') !== undefined) return badRequest('offset is not supported on keyset routes');
    const limit = Math.min(int(c, 'limit') ?? DEFAULT_LIMIT, KEYSET_MAX_LIMIT);
    const start = decodeCursor(c.req.query('after_cursor'));
    if (start === undefined) return badRequest('invalid cursor');
    const items = sorted(c, universe.events.filter(eventFilter(c, universe.markets, true)), (e, f) => eventKey(e, f, universe.markets));
    const page = items.slice(start, start + limit);
    const end = start + page.length;
    return jsonResponse({
      $schema: `${SCHEMA_BASE}/EventsKeysetListResponse.json`,
      events: page.map((e) => event(c, e)),
      next_cursor: end < items.length ? encodeCursor(end) : undefined,
    });
  });

  app.get('/events/slug/:slug', (c) => {
    const e = universe.events.find((x) => x.slug === c.req.param('slug'));
    return e ? jsonResponse(event(c, e)) : notFound();
  });

  app.get('/events/:id', (c) => {
    const e = universe.eventsById.get(c.req.param('id'));
    return e ? jsonResponse(event(c, e)) : notFound();
  });

  app.get('/status', () => new Response('OK'));
  return app;
}
