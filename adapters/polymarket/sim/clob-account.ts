/**
 * L2 account routes (docs/venues/polymarket.md §6.7–§6.10): open orders, one order, trades,
 * balance-allowance in pUSD base units with allowances per exchange, heartbeats and the
 * rate-limit tier.
 */
import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { CTF_EXCHANGE_V2, CTF_EXCHANGE_V3, ERR, MAX_UINT256, NEG_RISK_ADAPTER, NEG_RISK_CTF_EXCHANGE_V2 } from './constants.js';
import type { SimContext } from './context.js';
import { paginate } from './clob-markets.js';
import { requireL2 } from './clob-auth.js';
import { jsonResponse } from './json.js';
import type { PolyOrder, TradeRecord } from './records.js';
import { openOrderWire, tradeWire } from './user-wire.js';

const ORDERS_PAGE = 500;
const TRADES_PAGE = 500;

export function clobAccountRoutes(ctx: SimContext, prefix: string): Hono {
  const app = new Hono();
  const { exchange } = ctx;

  const orderById = async (c: Context, id: string) => {
    const auth = await requireL2(c, ctx, prefix);
    if (auth instanceof Response) return auth;
    const o = exchange.orders.get(id);
    if (!o || o.apiKey !== auth.key.apiKey) return jsonResponse({ error: 'order not found' }, 404);
    return jsonResponse(openOrderWire(o));
  };
  app.get('/data/order/:id', (c) => orderById(c, c.req.param('id')));
  app.get('/order/:id', (c) => orderById(c, c.req.param('id')));

  app.get('/data/orders', async (c) => {
    const auth = await requireL2(c, ctx, prefix);
    if (auth instanceof Response) return auth;
    const id = c.req.query('id');
    const market = c.req.query('market')?.toLowerCase();
    const asset = c.req.query('asset_id');
    const items = exchange
      .openOrders(auth.key.apiKey)
      .filter((o: PolyOrder) => (!id || o.id === id) && (!market || o.market.conditionId === market) && (!asset || o.tokenId === asset))
      .sort((a, b) => a.createdAtMs - b.createdAtMs);
    const page = paginate(c, items, ORDERS_PAGE);
    return page instanceof Response ? page : jsonResponse({ ...page, data: page.data.map(openOrderWire) });
  });

  const trades = async (c: Context) => {
    const auth = await requireL2(c, ctx, prefix);
    if (auth instanceof Response) return auth;
    const me = auth.key.apiKey;
    const id = c.req.query('id');
    const market = c.req.query('market')?.toLowerCase();
    const asset = c.req.query('asset_id');
    const makerAddress = c.req.query('maker_address')?.toLowerCase();
    const before = c.req.query('before');
    const after = c.req.query('after');
    const items = [...exchange.trades.values()].filter((t: TradeRecord) => {
      const mine = t.taker.apiKey === me || t.maker.apiKey === me;
      const side = t.taker.apiKey === me ? t.taker : t.maker;
      const s = Math.floor(t.matchTimeMs / 1000);
      return (
        mine && (!id || t.id === id) && (!market || t.market.conditionId === market) &&
        (!asset || t.taker.assetId === asset || t.maker.assetId === asset) &&
        (!makerAddress || side.address.toLowerCase() === makerAddress) &&
        (!before || s < Number(before)) && (!after || s > Number(after))
      );
    });
    const page = paginate(c, items, TRADES_PAGE);
    return page instanceof Response ? page : jsonResponse({ ...page, data: page.data.map((t) => tradeWire(t, me)) });
  };
  app.get('/data/trades', trades);
  app.get('/trades', trades);

  const balance = async (c: Context) => {
    const auth = await requireL2(c, ctx, prefix);
    if (auth instanceof Response) return auth;
    const type = c.req.query('asset_type');
    const sigType = c.req.query('signature_type') ?? '0';
    if (!/^[0-3]$/.test(sigType)) return jsonResponse({ error: ERR.invalidSignatureType }, 400);
    // Proxy/Safe funders are the wallets this signer last traded through with that signature type.
    const funder = sigType === '0' ? auth.key.address : ctx.funders.get(`${auth.key.address.toLowerCase()}:${sigType}`);
    const wallet = funder ? exchange.ledger.wallet(funder) : undefined;
    const allowance = wallet?.approved ? MAX_UINT256 : '0';
    const allowances = {
      [CTF_EXCHANGE_V2]: allowance, [NEG_RISK_CTF_EXCHANGE_V2]: allowance, [NEG_RISK_ADAPTER]: allowance, [CTF_EXCHANGE_V3]: allowance,
    };
    if (type === 'COLLATERAL') return jsonResponse({ balance: (wallet?.collateral ?? 0n).toString(), allowances });
    if (type === 'CONDITIONAL' || type === 'CONDITIONAL-V2') {
      const token = c.req.query('token_id');
      if (!token) return jsonResponse({ error: 'assetId invalid value -1' }, 400);
      return jsonResponse({ balance: (wallet?.positions.get(token) ?? 0n).toString(), allowances });
    }
    return jsonResponse({ error: ERR.invalidAssetType }, 400);
  };
  app.get('/balance-allowance', balance);
  app.get('/balance-allowance/update', balance);

  app.post('/v1/heartbeats', async (c) => {
    const auth = await requireL2(c, ctx, prefix);
    if (auth instanceof Response) return auth;
    return jsonResponse({ heartbeat_id: randomUUID() });
  });
  app.get('/v1/user/rate-limit-tier', async (c) => {
    const auth = await requireL2(c, ctx, prefix);
    if (auth instanceof Response) return auth;
    return jsonResponse({ tier: ctx.limiter.tierName });
  });
  return app;
}
