import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Wallet } from 'ethers';
import { Decimal } from '../../../src/core/decimal.js';
import { ERR } from './constants.js';
import { startPolymarketSim, type PolymarketSim, type SimMarketInfo } from './index.js';
import { limitAmounts, TestClob, TEST_KEYS } from './test-client.js';

/**
 * Order intake rules the venue enforces (docs/venues/polymarket.md §6.1, §6.3): amount precision
 * by order type, market-style orders off the tick grid, and the order version of `GET /version`.
 */

const M = 1_000_000;

describe('order intake', () => {
  let sim: PolymarketSim;
  let a: TestClob;
  let b: TestClob;
  let market: SimMarketInfo;

  beforeAll(async () => {
    const wa = new Wallet(TEST_KEYS[0]);
    const wb = new Wallet(TEST_KEYS[1]);
    sim = await startPolymarketSim({ seed: 9, markets: 80, botRatePerSecond: 0, tradeFailureRate: 0, fund: [{ address: wa.address, amount: '1000' }, { address: wb.address, amount: '1000' }] });
    a = new TestClob(sim.clobUrl, wa);
    b = new TestClob(sim.clobUrl, wb);
    await Promise.all([a.deriveKey(), b.deriveKey()]);
    // A plain 0.01-tick market whose YES bids are all below 0.33 (so a YES ask at 0.33 rests).
    market = sim.markets().find((m) => {
      if (m.tickSize !== '0.01' || m.negRisk || m.version !== 'v1' || m.closed || m.secondsDelay > 0) return false;
      const bid = sim.book(m.yesTokenId).bids[0];
      return bid !== undefined && Decimal.parse(bid[0]).lt('0.33');
    })!;
  });
  afterAll(() => sim.close());

  it('refuses a market-style BUY whose maker amount has more than 2 decimals, with the venue message', async () => {
    // Limit-style amounts for 7 shares at 0.333: maker 2.331 (3 decimals).
    const res = await a.order({ market, tokenId: market.yesTokenId, side: 'BUY', makerAmount: '2331000', takerAmount: '7000000' }, { orderType: 'FAK' });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ error: 'invalid amounts, the market buy orders maker amount supports a max accuracy of 2 decimals, taker amount a max of 4 decimals' });
    // A taker amount of 5 decimals (the official V2 client's fine-tick bug, py-clob-client-v2#99) likewise.
    const five = await a.order({ market, tokenId: market.yesTokenId, side: 'BUY', makerAmount: '9980000', takerAmount: '10131970' }, { orderType: 'FOK' });
    expect(five.json.error).toBe(ERR.marketAmounts('buy'));
  });

  it('refuses a limit BUY with more than 2 decimals of shares, naming the tick\'s amount decimals', async () => {
    const res = await a.order({ market, tokenId: market.yesTokenId, side: 'BUY', makerAmount: '5061500', takerAmount: '10123000' });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ error: 'invalid amounts, the buy orders maker amount supports a max accuracy of 4 decimals, taker amount a max of 2 decimals' });
  });

  it("accepts the official client's $10 market BUY at 0.33 (implied price off the grid) and fills it up to that price", async () => {
    // B's NO bid at 0.67 is a YES ask at 0.33, 40 shares deep.
    const rest = await b.order({ market, tokenId: market.noTokenId, side: 'BUY', ...limitAmounts('BUY', 670_000, 40 * M) });
    expect(rest.json.status).toBe('live');
    // The official V2 client's market BUY amounts for $10 at 0.33 (getMarketOrderRawAmounts):
    // maker roundDown(10, 2) = 10; taker 10 / 0.33 = 30.3030…, to 4 decimals 30.303.
    const order = { makerAmount: '10000000', takerAmount: '30303000' };
    const implied = Decimal.parse('10').div('30.303', 12, 'half-even');
    expect(implied.isMultipleOf('0.01')).toBe(false);
    // As a limit order the same amounts are refused (3 decimals of shares) …
    const gtc = await a.order({ market, tokenId: market.yesTokenId, side: 'BUY', ...order });
    expect(gtc.json.error).toBe(ERR.limitAmounts('buy', 4, 2));
    // … as FOK they trade.
    const fok = await a.order({ market, tokenId: market.yesTokenId, side: 'BUY', ...order }, { orderType: 'FOK' });
    expect(fok.status).toBe(200);
    expect(fok.json).toMatchObject({ success: true, status: 'matched', takingAmount: '30303000' });
    // Filled at the asks (0.33 or better), never above the implied price.
    expect(BigInt(fok.json.makingAmount)).toBeLessThanOrEqual(10_000_000n);
    const held = await a.request('GET', `/balance-allowance?asset_type=CONDITIONAL&token_id=${market.yesTokenId}`);
    expect(held.json.balance).toBe('30303000');
    const trades = await a.request('GET', `/data/trades?market=${market.conditionId}`);
    for (const t of trades.json.data) expect(Decimal.parse(t.price).lte('0.33')).toBe(true);
  });

  it('serves GET /version and refuses orders signed for another order version with order_version_mismatch', async () => {
    const book = sim.book(market.yesTokenId);
    const low = Math.max(10_000, Math.round(Number(book.bids[0]![0]) * 100 - 5) * 10_000);
    const spec = { market, tokenId: market.yesTokenId, side: 'BUY' as const, ...limitAmounts('BUY', low, 5 * M) };
    expect(await fetch(`${sim.clobUrl}/version`).then((r) => r.json())).toEqual({ version: 2 });
    sim.setClobVersion(3);
    try {
      expect(await fetch(`${sim.clobUrl}/version`).then((r) => r.json())).toEqual({ version: 3 });
      const stale = await a.order(spec);
      expect(stale.status).toBe(400);
      expect(stale.json).toEqual({ error: 'order_version_mismatch' });
      const fresh = await a.order({ ...spec, clobVersion: 3 });
      expect(fresh.json.status).toBe('live');
    } finally {
      sim.setClobVersion(2);
    }
    // The right version on another exchange contract is a bad signature, not a version mismatch.
    const wrongExchange = await a.order({ ...spec, market: { ...market, negRisk: true } });
    expect(wrongExchange.json).toEqual({ error: 'invalid signature' });
  });
});
