/**
 * Polymarket's official V2 TypeScript client (`@polymarket/clob-client-v2`, the TS2 source of
 * docs/venues/polymarket.md §0.2) against our order amounts and against the simulator, unchanged:
 * its order builder is the reference for the amounts we sign (§6.3), and its market order — the
 * ordinary `$10 BUY at 0.33`, whose implied price is off the tick grid — must trade on the
 * simulator as it does on the venue.
 */
import { Chain, ClobClient, OrderBuilder, OrderType, Side, type TickSize } from '@polymarket/clob-client-v2';
import { Wallet, type TypedDataDomain, type TypedDataField } from 'ethers';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../../src/core/decimal.js';
import { limitOrderAmounts, marketOrderAmounts } from '../order-amounts.js';
import { startPolymarketSim, type PolymarketSim, type SimMarketInfo } from './index.js';
import { limitAmounts, TestClob, TEST_KEYS } from './test-client.js';

/** The client takes an ethers v5 signer (`_signTypedData`) or a viem wallet: ethers v6 behind the v5 names. */
function v5Signer(wallet: Wallet) {
  return {
    _signTypedData: (domain: Record<string, unknown>, types: Record<string, { name: string; type: string }[]>, value: Record<string, unknown>) =>
      wallet.signTypedData(domain as TypedDataDomain, types as Record<string, TypedDataField[]>, value),
    getAddress: () => Promise.resolve(wallet.address),
  };
}

const TICKS: TickSize[] = ['0.1', '0.01', '0.005', '0.0025', '0.001', '0.0001'];

describe("the official V2 client's order amounts (docs/venues/polymarket.md §6.3)", () => {
  const builder = new OrderBuilder(v5Signer(new Wallet(TEST_KEYS[2])), Chain.POLYGON);
  const tokenID = '71321045679252212594626385532706912750332728571942532289631379312455583992563';

  /** An on-tick price of `tick` from a random draw. */
  const onTick = (tick: string, k: number) => {
    const t = Decimal.parse(tick);
    const steps = Decimal.ONE.div(t, 0, 'down').units;
    return t.mul(Decimal.fromInteger(BigInt(k) % (steps - 1n) + 1n)).normalize().toString();
  };

  it('limit orders: our amounts are the ones the official builder signs', async () => {
    await fc.assert(
      // Sizes of at least 0.01 shares (a smaller one rounds to nothing; we refuse it, the client signs zero).
      fc.asyncProperty(fc.constantFrom(...TICKS), fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 10, max: 10_000_000 }), fc.boolean(), async (tick, k, milli, buy) => {
        const price = onTick(tick, k);
        const size = Decimal.fromUnits(BigInt(milli), 3).toString();
        const side = buy ? Side.BUY : Side.SELL;
        const signed = await builder.buildOrder({ tokenID, price: Number(price), size: Number(size), side }, { tickSize: tick, negRisk: false }, 2);
        const ours = limitOrderAmounts(buy ? 'BUY' : 'SELL', price, size, tick);
        expect({ maker: ours.makerAmount, taker: ours.takerAmount }).toEqual({ maker: signed.makerAmount, taker: signed.takerAmount });
      }),
      { numRuns: 150 },
    );
  });

  /**
   * The published client (npm 1.1.0) does not yet cap a market order's taker amount at the 4
   * decimals the venue accepts (py-clob-client-v2#99); the repository's later source does
   * (`MAX_TAKER_DECIMALS` in `getMarketOrderRawAmounts.ts`), and so do we: our taker is the
   * client's, rounded down to 4 decimals, and the maker is the client's. One difference is the
   * client's doubles: where its quotient falls just short of an exact one with at most 4 decimals
   * (9697.88 / 0.002 = 4848939.9999…), it signs 0.0001 share less; we sign the exact quotient.
   */
  it("market orders: our amounts are the official builder's, the taker capped at the venue's 4 decimals", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...TICKS), fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 100, max: 10_000_000 }), fc.boolean(), async (tick, k, milli, buy) => {
        const price = onTick(tick, k);
        const amount = Decimal.fromUnits(BigInt(milli), 3).toString();
        const side = buy ? Side.BUY : Side.SELL;
        const signed = await builder.buildMarketOrder({ tokenID, price: Number(price), amount: Number(amount), side, orderType: OrderType.FOK }, { tickSize: tick, negRisk: false }, 2);
        const ours = marketOrderAmounts(buy ? 'BUY' : 'SELL', amount, price, tick);
        const capped = (BigInt(signed.takerAmount) / 100n) * 100n;
        expect(ours.makerAmount).toBe(signed.makerAmount);
        const diff = BigInt(ours.takerAmount) - capped;
        if (diff !== 0n) {
          expect(buy && diff === 100n, `taker ${ours.takerAmount} vs the client's ${signed.takerAmount}`).toBe(true);
          const exact = Decimal.fromUnits(BigInt(ours.makerAmount), 6).div(price, 12, 'floor');
          expect(exact.eq(Decimal.fromUnits(BigInt(ours.takerAmount), 6))).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('the ordinary $10 BUY at 0.33 signs maker 10 and taker 30.303', async () => {
    const signed = await builder.buildMarketOrder({ tokenID, price: 0.33, amount: 10, side: Side.BUY, orderType: OrderType.FOK }, { tickSize: '0.01', negRisk: false }, 2);
    expect({ maker: signed.makerAmount, taker: signed.takerAmount }).toEqual({ maker: '10000000', taker: '30303000' });
    expect(marketOrderAmounts('BUY', '10', '0.33', '0.01')).toMatchObject({ makerAmount: '10000000', takerAmount: '30303000' });
  });
});

describe('the official V2 client against the simulator', () => {
  let sim: PolymarketSim;
  let market: SimMarketInfo;
  let maker: TestClob;
  let client: ClobClient;

  beforeAll(async () => {
    const taker = new Wallet(TEST_KEYS[0]);
    const wm = new Wallet(TEST_KEYS[1]);
    sim = await startPolymarketSim({ seed: 9, markets: 80, botRatePerSecond: 0, tradeFailureRate: 0, fund: [{ address: taker.address, amount: '1000' }, { address: wm.address, amount: '1000' }] });
    maker = new TestClob(sim.clobUrl, wm);
    await maker.deriveKey();
    // A plain 0.01-tick market whose YES bids are all below 0.33, so a YES ask at 0.33 rests.
    market = sim.markets().find((m) => {
      if (m.tickSize !== '0.01' || m.negRisk || m.version !== 'v1' || m.closed || m.secondsDelay > 0) return false;
      const bid = sim.book(m.yesTokenId).bids[0];
      return bid !== undefined && Decimal.parse(bid[0]).lt('0.33');
    })!;
    const l1 = new ClobClient({ host: sim.clobUrl, chain: Chain.POLYGON, signer: v5Signer(taker), throwOnError: true });
    const creds = await l1.createOrDeriveApiKey();
    client = new ClobClient({ host: sim.clobUrl, chain: Chain.POLYGON, signer: v5Signer(taker), creds, throwOnError: true });
  });
  afterAll(() => sim.close());

  it('derives credentials through L1 and reads the version, tick size and book', async () => {
    expect(await client.getVersion()).toBe(2);
    expect(await client.getTickSize(market.yesTokenId)).toBe('0.01');
    const book = await client.getOrderBook(market.yesTokenId);
    expect(book.asset_id).toBe(market.yesTokenId);
    // The client's own hash of the summary is the simulator's (§4.2).
    expect(await client.getOrderBookHash(book)).toBe(book.hash);
  });

  it('its $10 market BUY at 0.33 (implied price off the grid) trades up to that price', async () => {
    // The maker's NO bid at 0.67 is a YES ask at 0.33, 40 shares deep.
    const rest = await maker.order({ market, tokenId: market.noTokenId, side: 'BUY', ...limitAmounts('BUY', 670_000, 40_000_000) });
    expect(rest.json.status).toBe('live');
    const answer = await client.createAndPostMarketOrder({ tokenID: market.yesTokenId, price: 0.33, amount: 10, side: Side.BUY }, { tickSize: '0.01' }, OrderType.FOK);
    expect(answer).toMatchObject({ success: true, status: 'matched', takingAmount: '30303000' });
    expect(BigInt(answer.makingAmount)).toBeLessThanOrEqual(10_000_000n);
    const trades = await client.getTrades({ market: market.conditionId });
    expect(trades.length).toBeGreaterThan(0);
    for (const t of trades) expect(Decimal.parse(t.price).lte('0.33')).toBe(true);
  });
});
