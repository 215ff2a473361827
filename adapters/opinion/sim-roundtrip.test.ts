import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Wallet } from 'ethers';
import WebSocket from 'ws';
import { apiKeyAuthHeaders, apiKeyHeaders, wsUrlWithKey } from './auth.js';
import { mapBalances, mapPosition, safeOf } from './map-account.js';
import { depthDiffToYes, yesTermsBook } from './map-book.js';
import { mapCategorical, mapListRow } from './map-market.js';
import { mapOrder, mapTrade } from './map-order.js';
import { assertMinimumValue, limitOrderAmounts, marketOrderAmounts } from './order-amounts.js';
import { buildOrder, postOrderBody, signOrder } from './order-build.js';
import { startOpinionSim, type OpinionSim } from './sim/index.js';
import { ApiKeySchema, BalanceSchema, CancelResultSchema, OrderDataSchema, OrderListSchema, PositionListSchema, TradeListSchema, UserAuthSchema } from './wire-account.js';
import { parseEnvelope } from './wire.js';
import { MarketDetailSchema, MarketListSchema, OrderbookSchema, QuoteTokenListSchema, type WireQuoteToken } from './wire-market.js';
import { HEARTBEAT_MESSAGE, parseWsFrame, subscribeMessage, type ParsedFrame } from './wire-ws.js';

/**
 * The adapter's pure pieces against the simulator: its schemas read every reply, its signed orders
 * and key-management headers are accepted, its mapping agrees with the simulator's state.
 */
describe('adapter pieces against the Opinion simulator', () => {
  let sim: OpinionSim;
  const wallet = new Wallet(`0x${'6b'.repeat(32)}`);
  let apiKey: string;
  let quote: WireQuoteToken;
  let safe: string;

  const call = async <T>(schema: Parameters<typeof parseEnvelope<T>>[0], method: string, path: string, options: { body?: unknown; headers?: Record<string, string> } = {}) => {
    const res = await fetch(`${sim.restUrl}${path}`, {
      method,
      headers: { ...(apiKey ? apiKeyHeaders(apiKey) : {}), ...(options.body ? { 'content-type': 'application/json' } : {}), ...options.headers },
      body: options.body ? JSON.stringify(options.body) : undefined,
    });
    return parseEnvelope(schema, await res.json(), `${method} ${path}`, res.status);
  };
  const ok = <T>(out: { ok: true; result: T } | { ok: false; errno: number; errmsg: string }): T => {
    if (!out.ok) throw new Error(`errno ${out.errno}: ${out.errmsg}`);
    return out.result;
  };

  beforeAll(async () => {
    sim = await startOpinionSim({ seed: 17, markets: 40, botRatePerSecond: 0, confirmDelayMs: 0, enforceRateLimits: false, apiKeyActivationMs: 0 });
    sim.addAccount({ address: wallet.address, usdt: '300' });
  });
  afterAll(() => sim.close());

  it('obtains an API key with wallet-signed headers and finds the Safe', async () => {
    const created = ok(await call(ApiKeySchema, 'POST', '/auth/api-key', { headers: { ...apiKeyAuthHeaders(wallet, 'create', Date.now()) } }));
    expect(created.walletAddress).toBe(wallet.address);
    apiKey = created.apiKey;
    const auth = ok(await call(UserAuthSchema, 'GET', '/user/auth'));
    safe = safeOf(auth.walletUsers)!;
    expect(safe).toBe(sim.account(wallet.address)!.safe);
    quote = ok(await call(QuoteTokenListSchema, 'GET', '/quoteToken?chainId=56')).list[0]!;
    expect(quote.ctfExchangeAddress.toLowerCase()).toBe(sim.exchangeAddress.toLowerCase());
  });

  it('reads and maps every market row and a categorical detail', async () => {
    const seen: string[] = [];
    for (let page = 1; ; page++) {
      const { list, total } = ok(await call(MarketListSchema, 'GET', `/market?page=${page}&limit=20&marketType=2`));
      for (const row of list) seen.push(...mapListRow(row).markets.map((m) => m.market.nativeId));
      if (page * 20 >= total) break;
    }
    expect(seen.sort()).toEqual(sim.markets().map((m) => String(m.marketId)).sort());
    const parent = sim.parents()[0]!;
    const { event, markets } = mapCategorical(ok(await call(MarketDetailSchema, 'GET', `/market/categorical/${parent.marketId}`)).data);
    expect(event.marketIds).toEqual(parent.childIds.map((id) => `opinion:${id}`));
    expect(markets.every((m) => m.trading.rootMarketId === parent.marketId && m.trading.conditionId !== '')).toBe(true);
  });

  it('builds the YES book from the two token books and confirms the mirror', async () => {
    const m = sim.markets().find((x) => x.status === 2)!;
    const yes = ok(await call(OrderbookSchema, 'GET', `/token/orderbook?token_id=${m.yesTokenId}`));
    const no = ok(await call(OrderbookSchema, 'GET', `/token/orderbook?token_id=${m.noTokenId}`));
    const { book, check } = yesTermsBook(yes, no, m);
    expect(check).toEqual({ mirrored: true });
    expect(book.bids).toEqual(sim.book(m.yesTokenId).bids);
  });

  it('places a signed limit order, lists, maps and cancels it; a market order yields fills and a position', async () => {
    const m = sim.markets().find((x) => x.status === 2 && x.parentId === null)!;
    const bid = Number(sim.book(m.yesTokenId).bids[0]![0]);
    const price = String((Math.round(bid * 1000) - 3) / 1000);
    const amounts = limitOrderAmounts({ side: 'buy', price, quote: '6', decimals: quote.decimal });
    assertMinimumValue(amounts.value);
    const signed = signOrder(buildOrder({ tokenId: m.yesTokenId, side: 'buy', ...amounts, signer: wallet.address, maker: safe }), quote.ctfExchangeAddress, wallet);
    const body = postOrderBody({ signed, topicId: m.marketId, currencyAddress: quote.quoteTokenAddress, method: 'limit', price, timestampS: Math.floor(Date.now() / 1000) });
    const placed = mapOrder(ok(await call(OrderDataSchema, 'POST', '/order', { body })).orderData);
    expect(placed).toMatchObject({ status: 'open', side: 'buy', outcome: 'yes', price, size: amounts.shares, remaining: amounts.shares });
    const listed = ok(await call(OrderListSchema, 'GET', '/order?status=1&limit=20')).list.map(mapOrder);
    expect(listed.map((o) => o.id)).toContain(placed.id);
    expect(ok(await call(CancelResultSchema, 'POST', '/order/cancel', { body: { orderId: placed.id } }))).toEqual({ result: true });

    const market = marketOrderAmounts({ side: 'buy', amount: '8', decimals: quote.decimal });
    const mSigned = signOrder(buildOrder({ tokenId: m.yesTokenId, side: 'buy', ...market, signer: wallet.address, maker: safe }), quote.ctfExchangeAddress, wallet);
    const taken = mapOrder(ok(await call(OrderDataSchema, 'POST', '/order', { body: postOrderBody({ signed: mSigned, topicId: m.marketId, currencyAddress: quote.quoteTokenAddress, method: 'market', price: '0', timestampS: 0 }) })).orderData);
    expect(taken).toMatchObject({ status: 'filled', timeInForce: 'ioc' });
    const fills = ok(await call(TradeListSchema, 'GET', `/trade?marketId=${m.marketId}`)).list.map((t) => mapTrade(t));
    expect(fills.length).toBeGreaterThan(0);
    expect(fills.at(-1)).toMatchObject({ orderId: taken.id, side: 'buy', liquidity: 'taker', fee: '0.25' });
    const positions = ok(await call(PositionListSchema, 'GET', `/positions?marketId=${m.marketId}`)).list.map(mapPosition);
    expect(positions).toHaveLength(1);
    const balances = mapBalances(ok(await call(BalanceSchema, 'GET', '/user/balance?chain_id=56')));
    expect(balances[0]!.currency).toBe('USDT');
    expect(Number(balances[0]!.total)).toBeLessThan(300);
  });

  it('parses the WebSocket replies and depth diffs, and turns both tokens into the same YES level', async () => {
    const m = sim.markets().find((x) => x.status === 2 && x.parentId === null)!;
    const ws = new WebSocket(wsUrlWithKey(sim.wsUrl, apiKey));
    const parsed: ParsedFrame[] = [];
    ws.on('message', (d) => parsed.push(parseWsFrame(String(d))));
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    try {
      ws.send(subscribeMessage('SUBSCRIBE', 'market.depth.diff', { marketId: m.marketId }));
      ws.send(HEARTBEAT_MESSAGE);
      await expect.poll(() => parsed.filter((p) => p.kind === 'reply').length).toBe(2);
      const bid = Number(sim.book(m.yesTokenId).bids[0]![0]);
      const price = String((Math.round(bid * 1000) - 2) / 1000);
      const shares = String(Math.ceil(6 / Number(price)));
      const amounts = limitOrderAmounts({ side: 'buy', price, shares, decimals: quote.decimal });
      const signed = signOrder(buildOrder({ tokenId: m.yesTokenId, side: 'buy', ...amounts, signer: wallet.address, maker: safe }), quote.ctfExchangeAddress, wallet);
      ok(await call(OrderDataSchema, 'POST', '/order', { body: postOrderBody({ signed, topicId: m.marketId, currencyAddress: quote.quoteTokenAddress, method: 'limit', price, timestampS: 0 }) }));
      await expect.poll(() => parsed.filter((p) => p.kind === 'data').length).toBe(2);
      const levels = parsed.flatMap((p) => (p.kind === 'data' && p.frame.msgType === 'market.depth.diff' ? [depthDiffToYes(p.frame, m)] : []));
      expect(levels.map((l) => l.token)).toEqual(['yes', 'no']);
      expect(levels[0]).toEqual({ ...levels[1], token: 'yes' });
      expect(levels[0]).toMatchObject({ side: 'bid', price, size: shares });
    } finally {
      ws.terminate();
    }
  });
});
