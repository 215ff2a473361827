import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Wallet } from 'ethers';
import { Client, OrderSide, OrderType, TopicStatusFilter, TopicType, type MarketDepthDiffMessage, type MarketLastTradeMessage } from '@opinion-labs/opinion-clob-sdk';
import { startOpinionSim, type OpinionSim, type SimMarketInfo } from './index.js';
import { TEST_KEYS } from './test-client.js';

/**
 * Opinion's official TypeScript SDK (`@opinion-labs/opinion-clob-sdk`) used unchanged against the
 * simulator, the way a user would: `host` is the REST base, the WebSocket URL is the simulator's,
 * `rpcUrl` points nowhere (only on-chain helpers use it; none is called here).
 */
describe("Opinion's official CLOB SDK against the simulator", () => {
  let sim: OpinionSim;
  let client: Client;
  let binary: SimMarketInfo;
  let child: SimMarketInfo;
  const wallet = new Wallet(TEST_KEYS[0]);
  const apiKey = 'sdk-test-key';

  beforeAll(async () => {
    sim = await startOpinionSim({
      seed: 5,
      markets: 40,
      botRatePerSecond: 0,
      confirmDelayMs: 0,
      // The SDK does not pace its calls; the 15/s budget is tested with an injected clock elsewhere.
      enforceRateLimits: false,
      accounts: [{ address: wallet.address, apiKey, usdt: '1000' }],
    });
    const safe = sim.account(wallet.address)!.safe;
    client = new Client({
      host: sim.restUrl,
      apiKey,
      chainId: 56,
      rpcUrl: 'http://127.0.0.1:9',
      privateKey: TEST_KEYS[0] as `0x${string}`,
      multiSigAddress: safe as `0x${string}`,
    });
    binary = sim.markets().find((m) => m.parentId === null && m.status === 2)!;
    child = sim.markets().find((m) => m.parentId !== null && m.status === 2)!;
    expect(binary).toBeDefined();
    expect(child).toBeDefined();
  });
  afterAll(() => sim.close());

  it('lists markets page by page, categorical rows with their children', async () => {
    const first = await client.getMarkets({ page: 1, limit: 20 });
    expect(first.errno).toBe(0);
    expect(first.result.list).toHaveLength(20);
    const second = await client.getMarkets({ page: 2, limit: 20 });
    const ids = [...first.result.list, ...second.result.list].map((m) => m.marketId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(first.result.total).toBeGreaterThan(20);
    const categorical = await client.getMarkets({ topicType: TopicType.CATEGORICAL, limit: 20 });
    expect(categorical.result.list.length).toBeGreaterThan(0);
    for (const m of categorical.result.list) expect(m.childMarkets?.length).toBeGreaterThan(0);
    const resolved = await client.getMarkets({ status: TopicStatusFilter.RESOLVED, limit: 20 });
    for (const m of resolved.result.list) expect(m.statusEnum).toBe('Resolved');
  });

  it('gets a binary market, a categorical market and a child by id and by slug', async () => {
    const one = await client.getMarket(binary.marketId);
    expect(one.errno).toBe(0);
    expect(one.result.data.marketId).toBe(binary.marketId);
    expect(one.result.data.yesTokenId).toBe(binary.yesTokenId);
    const parent = await client.getCategoricalMarket(child.parentId!);
    expect(parent.result.data.childMarkets?.map((c: { marketId?: number }) => c.marketId)).toContain(child.marketId);
    const byChildId = await client.getMarket(child.marketId);
    expect(byChildId.result.data.noTokenId).toBe(child.noTokenId);
    const bySlug = await client.getMarketBySlug(one.result.data.slug!);
    expect(bySlug.result.data.marketId).toBe(binary.marketId);
    const missing = await client.getMarket(99_999_999, false);
    expect(missing.errno).toBe(10200);
    expect(missing.errmsg).toBe('Topic ID does not exist');
  });

  it('reads the order book, the latest price and the price history of a token', async () => {
    const book = await client.getOrderbook(binary.yesTokenId);
    expect(book.errno).toBe(0);
    expect(book.result.tokenId).toBe(binary.yesTokenId);
    expect(book.result.bids!.length).toBeGreaterThan(0);
    expect(book.result.asks!.length).toBeGreaterThan(0);
    expect(Number(book.result.bids![0]!.price)).toBeLessThan(Number(book.result.asks![0]!.price));
    const price = await client.getLatestPrice(binary.yesTokenId);
    expect(price.errno).toBe(0);
    expect(price.result.tokenId).toBe(binary.yesTokenId);
    const history = await client.getPriceHistory(binary.yesTokenId, { interval: '1h' });
    expect(history.result.history!.length).toBeGreaterThan(0);
  });

  it('places a limit order signed by the SDK, lists it, gets it, cancels it; balances follow', async () => {
    const before = await client.getMyBalances();
    expect(before.result.balances![0]!.availableBalance).toBe('1000');
    const bestBid = Number(sim.book(binary.yesTokenId).bids[0]![0]);
    const price = (Math.round(bestBid * 1000) - 10) / 1000;
    const placed = await client.placeOrder({
      marketId: binary.marketId,
      tokenId: binary.yesTokenId,
      side: OrderSide.BUY,
      orderType: OrderType.LIMIT_ORDER,
      price: String(price),
      makerAmountInQuoteToken: '6',
    });
    expect(placed.errno).toBe(0);
    const orderId = placed.result.orderData!.orderId!;
    expect(placed.result.orderData).toMatchObject({ statusEnum: 'Pending', sideEnum: 'Buy', tradingMethod: 2, marketId: binary.marketId });
    const frozen = await client.getMyBalances();
    expect(Number(frozen.result.balances![0]!.frozenBalance)).toBeGreaterThan(5.9);

    const open = await client.getMyOrders({ status: '1', marketId: binary.marketId });
    expect(open.result.list!.map((o: { orderId?: string }) => o.orderId)).toContain(orderId);
    const got = await client.getOrderById(orderId);
    expect(got.result.orderData!.orderId).toBe(orderId);
    const canceled = await client.cancelOrder(orderId);
    expect(canceled.result.result).toBe(true);
    const again = await client.cancelOrder(orderId);
    expect(again.errno).toBe(0);
    expect(again.result.result).toBe(false);
    expect((await client.getOrderById(orderId)).result.orderData!.statusEnum).toBe('Canceled');
    expect((await client.getMyBalances()).result.balances![0]!.availableBalance).toBe('1000');
  });

  it('cancels every open order with cancelAllOrders (pages of 20, status "1")', async () => {
    const bestBid = Number(sim.book(child.yesTokenId).bids[0]![0]);
    const price = String((Math.round(bestBid * 1000) - 5) / 1000);
    for (let i = 0; i < 3; i++) {
      // The SDK rounds the signed amounts down to a multiple of the price: ask a little above $5.
      const r = await client.placeOrder({ marketId: child.marketId, tokenId: child.yesTokenId, side: OrderSide.BUY, orderType: OrderType.LIMIT_ORDER, price, makerAmountInQuoteToken: '5.5' });
      expect(r.errno).toBe(0);
    }
    // The SDK filters by its signing enum (BUY = 0), but REST orders say side 1 = Buy, as recorded
    // (docs/venues/opinion.md §11): asking for BUY orders finds none.
    expect(await client.cancelAllOrders({ marketId: child.marketId, side: OrderSide.BUY })).toMatchObject({ totalOrders: 0 });
    const result = await client.cancelAllOrders({ marketId: child.marketId });
    expect(result).toMatchObject({ totalOrders: 3, cancelled: 3, failed: 0 });
    expect((await client.getMyOrders({ status: '1', marketId: child.marketId })).result.total).toBe(0);
  });

  it('takes liquidity with a market order; trades and positions follow', async () => {
    const placed = await client.placeOrder({
      marketId: binary.marketId,
      tokenId: binary.yesTokenId,
      side: OrderSide.BUY,
      orderType: OrderType.MARKET_ORDER,
      price: '0',
      makerAmountInQuoteToken: '10',
    });
    expect(placed.errno).toBe(0);
    expect(placed.result.orderData).toMatchObject({ tradingMethodEnum: 'Market', statusEnum: 'Finished' });
    const trades = await client.getMyTrades({ marketId: binary.marketId });
    expect(trades.result.list!.length).toBeGreaterThan(0);
    // The SDK replaces `fee` with the server's `feeFormatted`: the $0.25 minimum on the first fill.
    expect(trades.result.list!.at(-1)!.fee).toBe('0.25');
    const positions = await client.getMyPositions({ marketId: binary.marketId });
    expect(positions.result.list).toHaveLength(1);
    expect(positions.result.list![0]!.tokenId).toBe(binary.yesTokenId);
    expect(Number(positions.result.list![0]!.sharesOwned)).toBeGreaterThan(0);
  });

  it('answers venue errors with HTTP 200 and errno, which the SDK returns', async () => {
    sim.setTradingEnabled(wallet.address, false);
    try {
      const r = await client.placeOrder({ marketId: binary.marketId, tokenId: binary.yesTokenId, side: OrderSide.BUY, orderType: OrderType.LIMIT_ORDER, price: '0.01', makerAmountInQuoteToken: '5' });
      expect(r.errno).toBe(10014);
      expect(r.errmsg).toBe('Please enable trading first');
    } finally {
      sim.setTradingEnabled(wallet.address, true);
    }
    const small = await client.placeOrder({ marketId: binary.marketId, tokenId: binary.yesTokenId, side: OrderSide.BUY, orderType: OrderType.LIMIT_ORDER, price: '0.01', makerAmountInQuoteToken: '2' });
    expect(small.errmsg).toContain('below the minimum required value');
  });

  it("delivers depth diffs and last trades to the SDK's WebSocket client", async () => {
    const ws = client.createWebSocketClient({ wsUrl: sim.wsUrl, heartbeatInterval: 1 });
    await ws.connect();
    const diffs: MarketDepthDiffMessage[] = [];
    const trades: MarketLastTradeMessage[] = [];
    try {
      ws.subscribeMarketDepthDiff(binary.marketId, (m) => diffs.push(m));
      ws.subscribeMarketLastTrade({ marketId: binary.marketId }, (m) => trades.push(m));
      const bestBid = Number(sim.book(binary.yesTokenId).bids[0]![0]);
      const price = String((Math.round(bestBid * 1000) - 3) / 1000);
      const placed = await client.placeOrder({ marketId: binary.marketId, tokenId: binary.yesTokenId, side: OrderSide.BUY, orderType: OrderType.LIMIT_ORDER, price, makerAmountInBaseToken: '100' });
      expect(placed.errno).toBe(0);
      await vi.waitFor(() => {
        const yes = diffs.find((d) => d.tokenId === binary.yesTokenId && d.price === price);
        expect(yes).toMatchObject({ side: 'bids', size: '100', outcomeSide: 1, marketId: binary.marketId });
        const no = diffs.find((d) => d.tokenId === binary.noTokenId && d.price === String((1000 - Math.round(Number(price) * 1000)) / 1000));
        expect(no).toMatchObject({ side: 'asks', size: '100', outcomeSide: 2 });
      });
      const taken = await client.placeOrder({ marketId: binary.marketId, tokenId: binary.noTokenId, side: OrderSide.BUY, orderType: OrderType.MARKET_ORDER, price: '0', makerAmountInQuoteToken: '5' });
      expect(taken.errno).toBe(0);
      await vi.waitFor(() => expect(trades.some((t) => t.tokenId === binary.noTokenId && t.outcomeSide === 2)).toBe(true));
    } finally {
      ws.close();
    }
  });
});
