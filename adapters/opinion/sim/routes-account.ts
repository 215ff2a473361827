/**
 * Account routes (docs/venues/opinion.md §2.1, §8), all behind `apikey`: `GET /user/auth` (the
 * key, its wallet and `walletUsers["56"]` = the Safe), `GET /user/balance?chain_id=56`,
 * `GET /positions` and `/positions/user/{wallet}`, `GET /trade` and `/trade/user/{wallet}`
 * (`{total, list}`, newest first, optional `marketId`). Funds and positions belong to the trading
 * wallet (the Safe); a wallet path that names a registered EOA is read as its Safe.
 */
import { Hono, type Context } from 'hono';
import { CHAIN_ID_TEXT, USDT_ADDRESS } from './constants.js';
import type { SimContext } from './context.js';
import { seconds } from './format.js';
import { badParams, intParam, ok, pageOf, paging, requireAccount } from './http.js';
import { balanceObject, positionObject, tradeObject, type PositionContext } from './wire-account.js';

export function accountRoutes(ctx: SimContext): Hono {
  const app = new Hono();

  /** The trading wallet a path names: a registered EOA reads as its Safe. */
  const walletOf = (address: string): string => ctx.accounts.get(address)?.safe ?? address;

  const marketFilter = (c: Context): number | Response => {
    const marketId = intParam(c, 'marketId', 0);
    return typeof marketId === 'string' ? badParams(marketId) : marketId;
  };

  const positions = (c: Context, wallet: string): Response => {
    const p = paging(c);
    if (p instanceof Response) return p;
    const marketId = marketFilter(c);
    if (marketId instanceof Response) return marketId;
    const pctx: PositionContext = {
      universe: ctx.universe,
      book: (m) => ctx.exchange.books.get(m.marketId),
      markPrice: (mb) => ctx.exchange.markPrice(mb),
      nowS: seconds(ctx.now()),
    };
    const rows = [...ctx.ledger.positions(wallet)]
      .filter((pos) => marketId === 0 || ctx.universe.byToken.get(pos.tokenId)?.market.marketId === marketId)
      .map((pos) => positionObject(pctx, pos))
      .filter((x) => x !== undefined);
    return ok(pageOf(rows, p));
  };

  const trades = (c: Context, wallet: string): Response => {
    const p = paging(c);
    if (p instanceof Response) return p;
    const marketId = marketFilter(c);
    if (marketId instanceof Response) return marketId;
    const rows = ctx.exchange
      .tradesOf(wallet)
      .filter((t) => marketId === 0 || t.market.marketId === marketId)
      .reverse();
    const page = pageOf(rows, p);
    return ok({ total: page.total, list: page.list.map((t) => tradeObject(ctx.universe, t)) });
  };

  app.get('/user/auth', (c) => {
    const account = requireAccount(c, ctx);
    if (account instanceof Response) return account;
    return ok({ apiKey: account.apiKey, walletAddress: account.eoa, walletUsers: { [CHAIN_ID_TEXT]: account.safe } });
  });

  app.get('/user/balance', (c) => {
    const account = requireAccount(c, ctx);
    if (account instanceof Response) return account;
    const chainId = c.req.query('chain_id');
    if (!chainId) return badParams('chain_id is required');
    if (chainId !== CHAIN_ID_TEXT) return badParams('unsupported chain_id');
    return ok(balanceObject(ctx.ledger, account, account.safe, USDT_ADDRESS));
  });

  app.get('/positions', (c) => {
    const account = requireAccount(c, ctx);
    return account instanceof Response ? account : positions(c, account.safe);
  });

  app.get('/positions/user/:walletAddress', (c) => {
    const account = requireAccount(c, ctx);
    return account instanceof Response ? account : positions(c, walletOf(c.req.param('walletAddress')));
  });

  app.get('/trade', (c) => {
    const account = requireAccount(c, ctx);
    return account instanceof Response ? account : trades(c, account.safe);
  });

  app.get('/trade/user/:walletAddress', (c) => {
    const account = requireAccount(c, ctx);
    return account instanceof Response ? account : trades(c, walletOf(c.req.param('walletAddress')));
  });

  return app;
}
