/**
 * Token routes (docs/venues/opinion.md §5): `GET /token/orderbook` (one book per outcome token,
 * the NO book mirroring the YES book, `market` = the market's questionId, timestamp in ms),
 * `/token/latest-price` (`timestamp: 0` when never traded, `side` like the recorded "buy-limit"),
 * `/token/price-history` (points newest first, seconds; only `1h` and `1d` are honoured, anything
 * else falls back to `1d`, as live-verified by CCXT) and `/token/fee-rates`. Public.
 */
import { Hono, type Context } from 'hono';
import { ownPrice, priceAt, tokenLevels, type MarketBook, type Outcome } from './books.js';
import { CHAIN_ID_TEXT } from './constants.js';
import type { SimContext } from './context.js';
import { MAX_TAKER_FEE_BPS } from './fees.js';
import { fmtMicro, seconds } from './format.js';
import { badParams, intParam, ok } from './http.js';

const HOUR_S = 3600;
const DAY_S = 86_400;
/** Default windows, matching the recorded histories: 168 hourly points, 90 daily points. */
const WINDOW_S: Record<number, number> = { [HOUR_S]: 7 * DAY_S, [DAY_S]: 90 * DAY_S };
const MAX_POINTS = 2000;

export function tokenRoutes(ctx: SimContext): Hono {
  const app = new Hono();

  const tokenOf = (c: Context): { mb: MarketBook; outcome: Outcome; tokenId: string } | Response => {
    const tokenId = c.req.query('token_id');
    if (!tokenId) return badParams('token_id is required');
    const hit = ctx.exchange.books.byToken(tokenId);
    if (!hit) return badParams('token_id does not exist');
    return { ...hit, tokenId };
  };

  app.get('/token/orderbook', (c) => {
    const t = tokenOf(c);
    if (t instanceof Response) return t;
    const { bids, asks } = tokenLevels(t.mb, t.outcome);
    const level = ([p, s]: [number, number]) => ({ price: fmtMicro(p), size: fmtMicro(s) });
    return ok({ asks: asks.map(level), bids: bids.map(level), market: t.mb.market.questionId, timestamp: ctx.now(), tokenId: t.tokenId });
  });

  app.get('/token/latest-price', (c) => {
    const t = tokenOf(c);
    if (t instanceof Response) return t;
    const last = t.mb.lastTrade;
    if (!last) return ok({ price: '0', side: '', size: '0', timestamp: 0, tokenId: t.tokenId });
    // Seen from the other token, a buy is a sell at the complementary price.
    const side = last.outcome === t.outcome ? last.side : last.side === 'buy' ? 'sell' : 'buy';
    return ok({ price: fmtMicro(ownPrice(last.yesPrice, t.outcome)), side: `${side}-${last.method}`, size: fmtMicro(last.size), timestamp: last.ts, tokenId: t.tokenId });
  });

  app.get('/token/price-history', (c) => {
    const t = tokenOf(c);
    if (t instanceof Response) return t;
    const step = c.req.query('interval') === '1h' ? HOUR_S : DAY_S;
    const nowS = seconds(ctx.now());
    const endAt = intParam(c, 'end_at', nowS);
    if (typeof endAt === 'string') return badParams(endAt);
    const startAt = intParam(c, 'start_at', (endAt || nowS) - WINDOW_S[step]!);
    if (typeof startAt === 'string') return badParams(startAt);
    const from = Math.max(startAt, t.mb.market.createdAt);
    const history: { p: string; t: number }[] = [];
    for (let at = Math.floor((endAt || nowS) / step) * step; at >= from && history.length < MAX_POINTS; at -= step) {
      const p = priceAt(t.mb, t.outcome, at);
      if (p !== undefined) history.push({ p: fmtMicro(p), t: at });
    }
    return ok({ history });
  });

  app.get('/token/fee-rates', (c) => {
    const t = tokenOf(c);
    if (t instanceof Response) return t;
    const chainId = c.req.query('chain_id');
    if (chainId && chainId !== CHAIN_ID_TEXT) return badParams('unsupported chain_id');
    return ok({ makerFeeBps: '0', takerFeeBps: String(MAX_TAKER_FEE_BPS), tokenId: t.tokenId });
  });

  return app;
}
