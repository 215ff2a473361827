import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BalanceSchema, Decimal, FillSchema, InvalidOrder, OrderSchema, PositionSchema } from '../../src/core/index.js';
import { betRequestJson, buildBetRequest, findPlacedBet, mapBalance, mapFills, mapLimitOrder, mapPlacedBet, mapPositions } from './map-order.js';
import { startManifoldSim, type ManifoldSim } from './sim/index.js';
import { BetListSchema, ContractMetricListSchema, PlacedBetSchema, UserSchema, parseWire, type WireBet } from './wire.js';

const NOW = 1_800_000_000_000;

function bet(extra: Partial<WireBet>): WireBet {
  return { id: 'b1', userId: 'u1', contractId: 'c1', createdTime: NOW - 60_000, amount: '0', shares: '0', outcome: 'YES', limitProb: '0.4', orderAmount: '20', isFilled: false, isCancelled: false, fills: [], ...extra };
}

describe('mapLimitOrder', () => {
  it('prices a YES order at limitProb and a NO order at 1 − limitProb, sized in shares', () => {
    const yes = mapLimitOrder(bet({ amount: '8', shares: '22', fills: [{ matchedBetId: null, amount: '8', shares: '22', timestamp: NOW - 60_000 }] }), { now: NOW })!;
    expect(OrderSchema.parse(yes)).toEqual(yes);
    // 12 mana left at 0.4 → 30 more shares; 22 already held
    expect(yes).toMatchObject({ id: 'b1', marketId: 'manifold:c1', side: 'buy', outcome: 'yes', price: '0.4', filled: '22', remaining: '30', size: '52', status: 'open', timeInForce: 'gtc', averageFillPrice: '0.363636', fees: '0' });
    const no = mapLimitOrder(bet({ outcome: 'NO', limitProb: '0.75', orderAmount: '10', answerId: 'a9', expiresAt: NOW + 1000 }), { now: NOW })!;
    expect(no).toMatchObject({ marketId: 'manifold:c1:a9', outcome: 'no', price: '0.25', remaining: '40', size: '40', timeInForce: 'gtd', expiresAt: new Date(NOW + 1000).toISOString() });
  });

  it('derives filled, canceled and expired states; market bets and DPM bets are not orders', () => {
    expect(mapLimitOrder(bet({ isFilled: true, amount: '20', shares: '50' }), { now: NOW })).toMatchObject({ status: 'filled', remaining: '0', size: '50' });
    expect(mapLimitOrder(bet({ isCancelled: true }), { now: NOW })).toMatchObject({ status: 'canceled', remaining: '0' });
    expect(mapLimitOrder(bet({ isCancelled: true, expiresAt: NOW - 1 }), { now: NOW })?.status).toBe('expired');
    // not swept yet: still listed as open by the venue, but expired
    expect(mapLimitOrder(bet({ expiresAt: NOW - 1 }), { now: NOW })).toMatchObject({ status: 'expired', remaining: '0' });
    expect(mapLimitOrder(bet({ limitProb: undefined }))).toBeNull();
    expect(mapLimitOrder(bet({ outcome: '2' }))).toBeNull();
  });
});

describe('mapFills', () => {
  it('prices each fill in its outcome on the grid, marks later fills as maker fills and sales as sells', () => {
    const fills = mapFills(
      bet({
        shares: '26',
        fills: [
          { matchedBetId: null, amount: '5', shares: '10', timestamp: NOW - 60_000 },
          { matchedBetId: 'taker9', amount: '4', shares: '10', timestamp: NOW },
          { matchedBetId: null, amount: '-3', shares: '-6', timestamp: NOW - 60_000, isSale: true },
          { matchedBetId: null, amount: '0', shares: '0', timestamp: NOW },
        ],
      }),
    );
    for (const f of fills) expect(FillSchema.parse(f)).toEqual(f);
    expect(fills.map((f) => [f.id, f.side, f.price, f.size, f.liquidity])).toEqual([
      ['b1:0', 'buy', '0.5', '10', 'taker'],
      ['b1:1', 'buy', '0.4', '10', 'maker'],
      ['b1:2', 'sell', '0.5', '6', 'taker'],
    ]);
    expect(mapFills(bet({ isRedemption: true, fills: [{ matchedBetId: null, amount: '1', shares: '1', timestamp: NOW }] }))).toEqual([]);
  });

  it('reports an AMM fill as the two grid parts around its average, same shares and same mana', () => {
    // 10 mana for 17.35 shares: 0.576368… a share, between 0.57 and 0.58
    const fills = mapFills(bet({ shares: '17.35', fills: [{ matchedBetId: null, amount: '10', shares: '17.35', timestamp: NOW - 60_000 }] }));
    expect(fills.map((f) => [f.id, f.price, f.size])).toEqual([
      ['b1:0:0', '0.57', '6.3'],
      ['b1:0:1', '0.58', '11.05'],
    ]);
    const cost = fills.reduce((s, f) => s.add(Decimal.parse(f.price).mul(f.size)), Decimal.ZERO);
    expect(cost.normalize().toString()).toBe('10');
  });

  it('sizes add up to the bet\'s shares, floored at 6 places', () => {
    const fills = mapFills(
      bet({
        shares: '3.0000019',
        fills: [
          { matchedBetId: 'm1', amount: '0.50000035', shares: '1.0000007', timestamp: NOW - 60_000 },
          { matchedBetId: 'm2', amount: '1.00000060', shares: '2.0000012', timestamp: NOW - 60_000 },
        ],
      }),
    );
    const total = fills.reduce((s, f) => s.add(f.size), Decimal.ZERO);
    expect(total.normalize().toString()).toBe('3.000001');
    expect(mapLimitOrder(bet({ shares: '3.0000019', amount: '1.5', orderAmount: '1.5', isFilled: true }))?.filled).toBe('3.000001');
  });
});

describe('buildBetRequest', () => {
  const target = { contractId: 'c1' };
  it('turns the four side/outcome combinations into YES or NO bets with the mana they cost', () => {
    expect(buildBetRequest({ marketId: 'manifold:c1', side: 'buy', outcome: 'yes', price: '0.37', size: '10' }, target)).toEqual({ contractId: 'c1', outcome: 'YES', limitProb: '0.37', amount: '3.7' });
    expect(buildBetRequest({ marketId: 'manifold:c1', side: 'buy', outcome: 'no', price: '0.63', size: '10' }, target)).toEqual({ contractId: 'c1', outcome: 'NO', limitProb: '0.37', amount: '6.3' });
    expect(buildBetRequest({ marketId: 'manifold:c1', side: 'sell', outcome: 'yes', price: '0.37', size: '10' }, target)).toEqual({ contractId: 'c1', outcome: 'NO', limitProb: '0.37', amount: '6.3' });
    expect(buildBetRequest({ marketId: 'manifold:c1', side: 'sell', outcome: 'no', price: '0.63', size: '10' }, { contractId: 'c1', answerId: 'a1' })).toEqual({ contractId: 'c1', answerId: 'a1', outcome: 'YES', limitProb: '0.37', amount: '3.7' });
    const gtd = buildBetRequest({ marketId: 'manifold:c1', side: 'buy', outcome: 'yes', price: '0.5', size: '4', timeInForce: 'gtd', expiresAt: '2027-01-01T00:00:00Z' }, target);
    expect(gtd.expiresAt).toBe(Date.parse('2027-01-01T00:00:00Z'));
    expect(betRequestJson(gtd)).toBe(`{"contractId":"c1","outcome":"YES","amount":2,"limitProb":0.5,"expiresAt":${Date.parse('2027-01-01T00:00:00Z')}}`);
  });

  it('refuses what the venue cannot do', () => {
    const base = { marketId: 'manifold:c1', side: 'buy' as const, outcome: 'yes' as const, price: '0.5', size: '10' };
    for (const bad of [{ price: '0.555' }, { price: '0.995' }, { price: '0' }, { size: '1' }, { timeInForce: 'fok' as const }, { reduceOnly: true }, { timeInForce: 'gtd' as const }]) {
      expect(() => buildBetRequest({ ...base, ...bad }, { contractId: 'c1' })).toThrow(InvalidOrder);
    }
    // ioc and post-only are emulated around the same bet (trading.ts)
    expect(buildBetRequest({ ...base, timeInForce: 'ioc', postOnly: true }, { contractId: 'c1' })).toEqual(buildBetRequest(base, { contractId: 'c1' }));
  });
});

describe('positions and balances', () => {
  it('maps ContractMetric rows to positions, per answer for multiple choice', () => {
    const metrics = parseWire(
      ContractMetricListSchema,
      [
        { userId: 'u', contractId: 'bin', answerId: null, totalShares: { YES: 12.5, NO: 0 }, totalSpent: { YES: 5 } },
        { userId: 'u', contractId: 'mc', answerId: 'a1', totalShares: { NO: 4 } },
        { userId: 'u', contractId: 'mc', answerId: null, totalShares: { NO: 4 } },
        { userId: 'u', contractId: 'bin', answerId: 'weird', totalShares: { YES: 1 } },
      ],
      'GET /v0/market/{id}/positions',
    );
    const positions = mapPositions(metrics, (id) => id === 'mc');
    for (const p of positions) expect(PositionSchema.parse(p)).toEqual(p);
    expect(positions).toEqual([
      { venue: 'manifold', marketId: 'manifold:bin', outcome: 'yes', size: '12.5', averagePrice: '0.4', realizedPnl: null, currency: 'MANA' },
      { venue: 'manifold', marketId: 'manifold:mc:a1', outcome: 'no', size: '4', averagePrice: null, realizedPnl: null, currency: 'MANA' },
    ]);
    const balance = mapBalance(parseWire(UserSchema, { id: 'u', username: 'u', balance: 1234.5 }, 'GET /v0/me'));
    expect(BalanceSchema.parse(balance)).toEqual({ venue: 'manifold', currency: 'MANA', available: '1234.5', total: '1234.5' });
  });
});

describe('orders against the simulator', () => {
  let sim: ManifoldSim;
  beforeAll(async () => {
    sim = await startManifoldSim({ seed: 8, markets: 30, botRatePerSecond: 0, rateLimitPerMinute: 0, apiKeys: [{ key: 'k', username: 'dee', balance: '500' }] });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('a built request rests on the venue as the order we meant, and can be found again without a reply', async () => {
    const bin = sim.markets().find((m) => m.outcomeType === 'BINARY' && m.tradable)!;
    const prob = ((await (await fetch(`${sim.restUrl}/market/${bin.id}/prob`)).json()) as { prob: number }).prob;
    // A bid for YES two ticks under the probability: rests without filling.
    const price = (Math.floor(prob * 100) - 2) / 100;
    const body = buildBetRequest({ marketId: `manifold:${bin.id}`, side: 'buy', outcome: 'yes', price: String(price), size: '50' }, { contractId: bin.id });
    const sentAt = Date.now();
    const res = await fetch(`${sim.restUrl}/bet`, { method: 'POST', headers: { authorization: 'Key k', 'content-type': 'application/json' }, body: betRequestJson(body) });
    expect(res.status).toBe(200);
    const placed = parseWire(PlacedBetSchema, await res.json(), 'POST /v0/bet');
    const order = mapPlacedBet(placed)!;
    expect(order).toMatchObject({ id: placed.betId, marketId: `manifold:${bin.id}`, side: 'buy', outcome: 'yes', price: String(price), size: '50', filled: '0', remaining: '50', status: 'open' });
    const mine = parseWire(BetListSchema, await (await fetch(`${sim.restUrl}/bets?userId=${sim.user('dee').id}&contractId=${bin.id}`)).json(), 'GET /v0/bets');
    expect(findPlacedBet(mine, body, sentAt)?.id).toBe(placed.betId);
    expect(findPlacedBet(mine, { ...body, limitProb: '0.01' }, sentAt)).toBeUndefined();
    expect(findPlacedBet(mine, body, sentAt + 60_000)).toBeUndefined();
  });
});
