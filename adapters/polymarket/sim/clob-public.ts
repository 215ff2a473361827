/**
 * Public CLOB market-data routes (docs/venues/polymarket.md §4.1, §4.2): books, prices, midpoints,
 * spreads, last trade, tick size, neg risk, price history, server time and version.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { PRICE_SCALE } from '../../../src/sim/index.js';
import { bestOf, bookSummary, lastTradeOf, type MarketBook, type Outcome } from './books.js';
import { ERR } from './constants.js';
import type { SimContext } from './context.js';
import { fmt, seconds, tickUnits } from './format.js';
import { jsonResponse, num } from './json.js';
import { createHash } from 'node:crypto';

const MAX_BATCH = 500;
const TokenList = z.array(z.object({ token_id: z.string(), side: z.string().optional() }));

type Resolved = { mb: MarketBook; outcome: Outcome };

const err = (status: number, error: string) => jsonResponse({ error }, status);

export function clobPublicRoutes(ctx: SimContext): Hono {
  const app = new Hono();
  const books = ctx.exchange.books;

  /** The token's book, or the venue's error response. */
  const lookup = (tokenId: string | undefined): Resolved | Response => {
    if (!tokenId || !/^\d{1,78}$/.test(tokenId)) return err(400, ERR.invalidTokenId);
    const hit = books.byToken(tokenId);
    if (!hit || hit.mb.market.resolved) return err(404, ERR.noOrderbook);
    return hit;
  };
  const batch = async (c: Context): Promise<z.infer<typeof TokenList> | Response> => {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return err(400, ERR.invalidPayload);
    }
    const parsed = TokenList.safeParse(body);
    if (!parsed.success) return err(400, ERR.invalidPayload);
    if (parsed.data.length > MAX_BATCH) return err(400, ERR.payloadLimit);
    return parsed.data;
  };
  const mid = (r: Resolved): number | undefined => {
    const { bid, ask } = bestOf(r.mb, r.outcome);
    return bid !== undefined && ask !== undefined ? (bid + ask) / 2 : undefined;
  };
  const spread = (r: Resolved): number | undefined => {
    const { bid, ask } = bestOf(r.mb, r.outcome);
    return bid !== undefined && ask !== undefined ? ask - bid : undefined;
  };
  // BUY → best bid, SELL → best ask (docs/venues/polymarket.md §4.1).
  const price = (r: Resolved, side: string): number | undefined => {
    const { bid, ask } = bestOf(r.mb, r.outcome);
    return side === 'BUY' ? bid : ask;
  };
  const lastTrade = (r: Resolved) => {
    const p = lastTradeOf(r.mb, r.outcome);
    const yesSide = r.mb.lastTrade?.yesSide;
    const side = yesSide === undefined ? '' : r.outcome === 'yes' ? yesSide : yesSide === 'BUY' ? 'SELL' : 'BUY';
    return { price: fmt(p ?? r.mb.market.initialMid), side };
  };

  app.get('/ok', () => new Response('"OK"', { headers: { 'content-type': 'application/json' } }));
  app.get('/time', () => jsonResponse(seconds(ctx.now())));
  app.get('/version', () => jsonResponse({ version: ctx.clobVersion }));

  app.get('/book', (c) => {
    const r = lookup(c.req.query('token_id'));
    return r instanceof Response ? r : jsonResponse(bookSummary(r.mb, r.outcome, ctx.now()));
  });
  app.get('/books', (c) => {
    const ids = (c.req.query('token_ids') ?? '').split(',').filter((s) => s !== '');
    if (ids.length > MAX_BATCH) return err(400, ERR.payloadLimit);
    const out = ids.map((id) => lookup(id)).filter((r): r is Resolved => !(r instanceof Response));
    return jsonResponse(out.map((r) => bookSummary(r.mb, r.outcome, ctx.now())));
  });
  app.post('/books', async (c) => {
    const items = await batch(c);
    if (items instanceof Response) return items;
    const out = items.map((i) => lookup(i.token_id)).filter((r): r is Resolved => !(r instanceof Response));
    return jsonResponse(out.map((r) => bookSummary(r.mb, r.outcome, ctx.now())));
  });

  app.get('/price', (c) => {
    const side = c.req.query('side');
    if (side !== 'BUY' && side !== 'SELL') return err(400, ERR.invalidSide);
    const r = lookup(c.req.query('token_id'));
    if (r instanceof Response) return r;
    const p = price(r, side);
    return p === undefined ? err(404, ERR.noOrderbook) : jsonResponse({ price: fmt(p) });
  });
  app.post('/prices', async (c) => {
    const items = await batch(c);
    if (items instanceof Response) return items;
    const out: Record<string, Record<string, string>> = {};
    for (const i of items) {
      if (i.side !== 'BUY' && i.side !== 'SELL') return err(400, ERR.invalidSide);
      const r = lookup(i.token_id);
      if (r instanceof Response) continue;
      const p = price(r, i.side);
      if (p !== undefined) (out[i.token_id] ??= {})[i.side] = fmt(p);
    }
    return jsonResponse(out);
  });

  app.get('/midpoint', (c) => {
    const r = lookup(c.req.query('token_id'));
    if (r instanceof Response) return r;
    const m = mid(r);
    return m === undefined ? err(404, ERR.noOrderbook) : jsonResponse({ mid: fmt(m) });
  });
  app.post('/midpoints', async (c) => {
    const items = await batch(c);
    if (items instanceof Response) return items;
    const out: Record<string, string> = {};
    for (const i of items) {
      const r = lookup(i.token_id);
      const m = r instanceof Response ? undefined : mid(r);
      if (m !== undefined) out[i.token_id] = fmt(m);
    }
    return jsonResponse(out);
  });

  app.get('/spread', (c) => {
    const r = lookup(c.req.query('token_id'));
    if (r instanceof Response) return r;
    const s = spread(r);
    return s === undefined ? err(404, ERR.noOrderbook) : jsonResponse({ spread: fmt(s) });
  });
  app.post('/spreads', async (c) => {
    const items = await batch(c);
    if (items instanceof Response) return items;
    const out: Record<string, string> = {};
    for (const i of items) {
      const r = lookup(i.token_id);
      const s = r instanceof Response ? undefined : spread(r);
      if (s !== undefined) out[i.token_id] = fmt(s);
    }
    return jsonResponse(out);
  });

  app.get('/last-trade-price', (c) => {
    const r = lookup(c.req.query('token_id'));
    return r instanceof Response ? r : jsonResponse(lastTrade(r));
  });
  app.post('/last-trades-prices', async (c) => {
    const items = await batch(c);
    if (items instanceof Response) return items;
    const out = [];
    for (const i of items) {
      const r = lookup(i.token_id);
      if (!(r instanceof Response)) out.push({ token_id: i.token_id, ...lastTrade(r) });
    }
    return jsonResponse(out);
  });

  const tickSize = (tokenId: string | undefined) => {
    const r = lookup(tokenId);
    return r instanceof Response ? r : jsonResponse({ minimum_tick_size: num(r.mb.tick) });
  };
  app.get('/tick-size', (c) => tickSize(c.req.query('token_id')));
  app.get('/tick-size/:id', (c) => tickSize(c.req.param('id')));
  app.get('/neg-risk', (c) => {
    const r = lookup(c.req.query('token_id'));
    return r instanceof Response ? r : jsonResponse({ neg_risk: r.mb.market.negRisk });
  });
  app.get('/fee-rate', (c) => {
    const r = lookup(c.req.query('token_id'));
    return r instanceof Response ? r : jsonResponse({ base_fee: 0 });
  });

  app.get('/prices-history', (c) => {
    const r = lookup(c.req.query('market'));
    if (r instanceof Response) return r;
    const range = historyRange(c, seconds(ctx.now()));
    if (!range) return err(400, 'filters must contain an interval or both startTs and endTs');
    return jsonResponse({ history: priceHistory(r, range.start, range.end, range.fidelity) });
  });
  return app;
}

const INTERVALS: Record<string, [number, number]> = {
  '1h': [3600, 1], '6h': [21_600, 1], '1d': [86_400, 5], '1w': [604_800, 60], '1m': [2_592_000, 180],
  max: [31_536_000, 1440], all: [31_536_000, 1440],
};

function historyRange(c: Context, now: number): { start: number; end: number; fidelity: number } | undefined {
  const interval = c.req.query('interval');
  const fidelityQ = Number(c.req.query('fidelity') ?? '0');
  const startTs = c.req.query('startTs');
  const endTs = c.req.query('endTs');
  if (interval && INTERVALS[interval]) {
    const [span, fid] = INTERVALS[interval]!;
    return { start: now - span, end: now, fidelity: fidelityQ > 0 ? fidelityQ : fid };
  }
  if (startTs && endTs && /^\d+$/.test(startTs) && /^\d+$/.test(endTs)) {
    return { start: Number(startTs), end: Number(endTs), fidelity: fidelityQ > 0 ? fidelityQ : 60 };
  }
  return undefined;
}

/**
 * A deterministic walk on the tick grid that ends at the current price, with recorded trades
 * overriding the points they fall in. At most 1000 points.
 */
function priceHistory(r: Resolved, start: number, end: number, fidelity: number): { t: number; p: unknown }[] {
  let step = Math.max(60, fidelity * 60);
  if ((end - start) / step > 1000) step = Math.ceil((end - start) / 1000);
  const tick = tickUnits(r.mb.tick);
  const toToken = (yes: number) => (r.outcome === 'yes' ? yes : PRICE_SCALE - yes);
  let p = r.mb.lastTrade?.yesPrice ?? r.mb.market.initialMid;
  const points: { t: number; p: number }[] = [];
  const trades = r.mb.history;
  for (let t = end - ((end - start) % step); t >= start; t -= step) {
    const traded = trades.findLast(([ts]) => ts <= t && ts > t - step);
    if (traded) p = traded[1];
    points.push({ t, p });
    const h = createHash('sha256').update(`${r.mb.market.conditionId}:${Math.floor(t / step)}`).digest()[0]!;
    p = Math.min(PRICE_SCALE - tick, Math.max(tick, p + (h % 3 === 0 ? tick : h % 3 === 1 ? -tick : 0)));
  }
  return points.reverse().map((x) => ({ t: x.t, p: num(fmt(toToken(x.p))) }));
}
