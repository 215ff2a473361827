import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal, TradeSchema } from '../../src/core/index.js';
import { flooredSizes, gridParts, mapBetTrades } from './map-trade.js';
import type { WireBet } from './wire.js';

const NOW = 1_800_000_000_000;
const d = (s: string) => Decimal.parse(s);

describe('gridParts', () => {
  it('splits a fill into the two ticks around its average: same shares, same mana', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 100, max: 9_900 }), (centiShares, bps) => {
        const shares = Decimal.fromUnits(BigInt(centiShares), 2);
        // an average anywhere in [0.01, 0.99], to 4 places
        const cost = shares.mul(Decimal.fromUnits(BigInt(bps), 4));
        const parts = gridParts(cost, shares, shares);
        expect(parts.length).toBeGreaterThanOrEqual(1);
        expect(parts.length).toBeLessThanOrEqual(2);
        const size = Decimal.sum(parts.map((p) => d(p.size)));
        expect(size.eq(shares)).toBe(true);
        const paid = Decimal.sum(parts.map((p) => d(p.price).mul(p.size)));
        // sizes at 6 places: the cost is exact to a millionth of a share times a tick
        expect(paid.sub(cost).abs().lte('0.00000001')).toBe(true);
        const average = cost.div(shares, 18);
        for (const p of parts) {
          expect(d(p.price).isMultipleOf('0.01')).toBe(true);
          expect(d(p.price).sub(average).abs().lt('0.01')).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a grid average whole, and an average outside the grid as it is', () => {
    expect(gridParts(d('5'), d('10'), d('10'))).toEqual([{ price: '0.5', size: '10' }]);
    expect(gridParts(d('9.9'), d('10'), d('10'))).toEqual([{ price: '0.99', size: '10' }]);
    expect(gridParts(d('0'), d('3'), d('3'))).toEqual([{ price: '0', size: '3' }]);
  });

  it('floors sizes on the running total, ending at the whole when given', () => {
    const sizes = flooredSizes([d('1.0000004'), d('1.0000004'), d('1.0000004')]);
    expect(sizes.map((s) => s.normalize().toString())).toEqual(['1', '1', '1.000001']);
    expect(flooredSizes([d('1.5'), d('1.5')], d('3.0000019')).map((s) => s.normalize().toString())).toEqual(['1.5', '1.500001']);
  });
});

describe('mapBetTrades', () => {
  const bet = (extra: Partial<WireBet>): WireBet => ({
    id: 'b1',
    userId: 'u',
    contractId: 'c1',
    createdTime: NOW,
    amount: '10',
    shares: '17.35',
    outcome: 'YES',
    isRedemption: false,
    fills: [{ matchedBetId: null, amount: '10', shares: '17.35', timestamp: NOW }],
    ...extra,
  });

  it('turns a YES purchase from the AMM into buys at the grid prices around its average', () => {
    const trades = mapBetTrades(bet({}), 'manifold:c1');
    for (const t of trades) expect(TradeSchema.parse(t)).toEqual(t);
    expect(trades.map((t) => [t.id, t.price, t.size, t.takerSide])).toEqual([
      ['b1:0:0', '0.57', '6.3', 'buy'],
      ['b1:0:1', '0.58', '11.05', 'buy'],
    ]);
  });

  it('prices a NO purchase in YES terms as a sell, and a NO sale as a buy', () => {
    // 4 mana for 10 NO shares: 0.4 per NO share, 0.6 per YES share
    const no = mapBetTrades(bet({ outcome: 'NO', amount: '4', shares: '10', fills: [{ matchedBetId: 'm', amount: '4', shares: '10', timestamp: NOW }] }), 'manifold:c1');
    expect(no.map((t) => [t.price, t.size, t.takerSide])).toEqual([['0.6', '10', 'sell']]);
    const sale = mapBetTrades(bet({ outcome: 'NO', amount: '-4', shares: '-10', fills: [{ matchedBetId: null, amount: '-4', shares: '-10', timestamp: NOW, isSale: true }] }), 'manifold:c1');
    expect(sale.map((t) => [t.price, t.size, t.takerSide])).toEqual([['0.6', '10', 'buy']]);
  });

  it('leaves out maker fills added later, redemptions and DPM bets', () => {
    const maker = bet({ fills: [{ matchedBetId: 'taker', amount: '4', shares: '10', timestamp: NOW + 5 }], amount: '4', shares: '10' });
    expect(mapBetTrades(maker, 'manifold:c1')).toEqual([]);
    expect(mapBetTrades(bet({ isRedemption: true }), 'manifold:c1')).toEqual([]);
    expect(mapBetTrades(bet({ outcome: '0' }), 'manifold:c1')).toEqual([]);
  });
});
