/**
 * Data API routes (docs/venues/polymarket.md §9): `/positions` of a funder wallet, `/value`, and the
 * `/trades` public tape of every match (user orders and venue liquidity alike). Numbers are JSON
 * numbers written exactly; array parameters are comma lists.
 */
import { Hono, type Context } from 'hono';
import { Decimal } from '../../../src/core/decimal.js';
import { PRICE_SCALE } from '../../../src/sim/index.js';
import { bestOf } from './books.js';
import type { SimContext } from './context.js';
import { fmt } from './format.js';
import { jsonResponse, num } from './json.js';
import { outcomeLabel } from './records.js';

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const d = (units: bigint) => Decimal.fromUnits(units, 6);
const n = (x: Decimal) => num(x.normalize().toString());

function listParam(c: Context, name: string): string[] | undefined {
  const v = c.req.queries(name);
  return v?.flatMap((s) => s.split(',')).filter((s) => s !== '');
}

export function dataApiRoutes(ctx: SimContext): Hono {
  const app = new Hono();
  const { exchange, universe } = ctx;

  /** Current token price: the mid of its book, else its last trade, else the generated price. */
  const curPrice = (tokenId: string): bigint => {
    const hit = exchange.books.byToken(tokenId);
    if (!hit) return 0n;
    const { market } = hit.mb;
    if (market.resolved) return (market.resolved === hit.outcome) ? BigInt(PRICE_SCALE) : 0n;
    const { bid, ask } = bestOf(hit.mb, hit.outcome);
    if (bid !== undefined && ask !== undefined) return BigInt((bid + ask) / 2);
    const yes = hit.mb.lastTrade?.yesPrice ?? market.initialMid;
    return BigInt(hit.outcome === 'yes' ? yes : PRICE_SCALE - yes);
  };

  const positions = (user: string) =>
    [...exchange.ledger.positions(user)].map((p) => {
      const hit = universe.byTokenId.get(p.tokenId)!;
      const price = curPrice(p.tokenId);
      const size = d(p.shares);
      const initial = d(p.cost);
      const current = size.mul(d(price)).round(6, 'half-even');
      const pnl = current.sub(initial);
      return {
        hit,
        row: {
          proxyWallet: p.address,
          asset: p.tokenId,
          conditionId: hit.market.conditionId,
          size: n(size),
          avgPrice: n(p.shares > 0n ? initial.div(size, 6) : Decimal.ZERO),
          initialValue: n(initial),
          currentValue: n(current),
          cashPnl: n(pnl),
          percentPnl: n(initial.isZero() ? Decimal.ZERO : pnl.mul('100').div(initial, 4)),
          realizedPnl: num('0'),
          curPrice: num(fmt(price)),
          redeemable: Boolean(hit.market.resolved),
          mergeable: false,
          title: hit.market.question,
          slug: hit.market.slug,
          outcome: outcomeLabel(hit.outcome),
          outcomeIndex: hit.outcome === 'yes' ? 0 : 1,
          negativeRisk: hit.market.negRisk,
        },
      };
    });

  app.get('/positions', (c) => {
    const user = c.req.query('user');
    if (!user || !ADDRESS.test(user)) return jsonResponse({ error: 'user is required' }, 400);
    const markets = listParam(c, 'market')?.map((m) => m.toLowerCase());
    const threshold = Decimal.parse(c.req.query('sizeThreshold') ?? '1');
    const limit = Math.min(Number(c.req.query('limit') ?? '100') || 100, 500);
    const offset = Number(c.req.query('offset') ?? '0') || 0;
    const rows = positions(user)
      .filter(({ hit, row }) => (!markets || markets.includes(hit.market.conditionId)) && Decimal.parse(row.size.text).gte(threshold))
      .map(({ row }) => row);
    return jsonResponse(rows.slice(offset, offset + limit));
  });

  app.get('/value', (c) => {
    const user = c.req.query('user');
    if (!user || !ADDRESS.test(user)) return jsonResponse({ error: 'user is required' }, 400);
    const total = positions(user).reduce((acc, { row }) => acc.add(row.currentValue.text), Decimal.ZERO);
    return jsonResponse([{ user: user.toLowerCase(), value: n(total) }]);
  });

  app.get('/trades', (c) => {
    const user = c.req.query('user')?.toLowerCase();
    const markets = listParam(c, 'market')?.map((m) => m.toLowerCase());
    const limit = Math.min(Number(c.req.query('limit') ?? '100') || 100, 500);
    const offset = Number(c.req.query('offset') ?? '0') || 0;
    const rows = exchange.tape
      .filter((t) => (!user || t.taker.address.toLowerCase() === user || t.maker.address.toLowerCase() === user) && (!markets || markets.includes(t.market.conditionId)))
      .reverse()
      .map((t) => ({
        proxyWallet: t.taker.address,
        side: t.taker.side,
        asset: t.taker.assetId,
        conditionId: t.market.conditionId,
        size: num(fmt(t.size)),
        price: num(fmt(t.taker.price)),
        timestamp: Math.floor(t.matchTimeMs / 1000),
        title: t.market.question,
        slug: t.market.slug,
        outcome: outcomeLabel(t.taker.outcome),
        outcomeIndex: t.taker.outcome === 'yes' ? 0 : 1,
        transactionHash: t.transactionHash,
      }));
    return jsonResponse(rows.slice(offset, offset + limit));
  });
  return app;
}
