import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Decimal, BalanceSchema as ModelBalance, FillSchema, OrderSchema as ModelOrder, PositionSchema as ModelPosition } from '../../src/core/index.js';
import { mapBalances, mapPosition, safeOf } from './map-account.js';
import { averagePrice, mapOrder, mapOrderUpdate, mapTrade, mapTradeRecord, orderStatusOf } from './map-order.js';
import { mapLastPrice, mapLastTrade } from './map-stream.js';
import { parseEnvelope } from './wire.js';
import { BalanceSchema, OrderDataSchema, OrderListSchema, PositionListSchema, TradeListSchema } from './wire-account.js';
import { parseWsFrame, type WsFrame } from './wire-ws.js';

function result<T>(schema: Parameters<typeof parseEnvelope<T>>[0], name: string): T {
  const out = parseEnvelope(schema, JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8')), name);
  if (!out.ok) throw new Error(out.errmsg);
  return out.result;
}

function frames(name: string): WsFrame[] {
  return readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .map(parseWsFrame)
    .map((f) => {
      if (f.kind !== 'data') throw new Error('not a data frame');
      return f.frame;
    });
}

describe('orders, fills, positions and balances → model (docs/venues/opinion.md §6.7, §8)', () => {
  it('maps a resting limit buy (REST side 1 = Buy)', () => {
    const o = mapOrder(result(OrderDataSchema, 'order-create.json').orderData);
    expect(ModelOrder.parse(o)).toEqual(o);
    expect(o).toMatchObject({
      id: '101d4cdd-8d03-11f1-934a-0a58a9feac02',
      marketId: 'opinion:26356',
      side: 'buy',
      outcome: 'yes',
      price: '0.5',
      size: '5',
      filled: '0',
      remaining: '5',
      averageFillPrice: null,
      timeInForce: 'gtc',
      status: 'open',
      createdAt: '2026-08-01T10:49:32.000Z',
      expiresAt: null,
    });
  });

  it('maps a finished market buy: its price is the average fill price, nothing remains', () => {
    const o = mapOrder(result(OrderListSchema, 'order-list.json').list[0]!);
    expect(o).toMatchObject({ side: 'buy', status: 'filled', timeInForce: 'ioc', size: '71.932781575804295', filled: '68.54', remaining: '0' });
    expect(o.averageFillPrice).toBe(averagePrice('1.905668', '68.54'));
    expect(o.price).toBe(o.averageFillPrice);
    expect(o.averageFillPrice!.startsWith('0.02780373504522906')).toBe(true);
    expect([1, 2, 3, 4, 5].map(orderStatusOf)).toEqual(['open', 'filled', 'canceled', 'expired', 'rejected']);
    expect(() => orderStatusOf(6)).toThrow(/unknown order status 6/);
  });

  it('with its trades, a buy has filled what it received net of the fee in shares: the sum of its fills', () => {
    const row = result(OrderListSchema, 'order-list.json').list[0]!;
    const trades = result(TradeListSchema, 'user-trades.json').list;
    const o = mapOrder({ ...row, trades });
    const fills = trades.map((t) => mapTrade(t, row.orderId));
    expect(o.filled).toBe('59.8762301081875862');
    expect(o.filled).toBe(Decimal.sum(fills.map((f) => Decimal.parse(f.size))).normalize().toString());
    expect(o.fees).toBe('0.251163166389280001');
    // Paid: received shares at their prices plus the fees is the USDT spent (1.905668), to rounding.
    const paid = Decimal.sum(fills.map((f) => Decimal.parse(f.size).mul(f.price).add(f.fee)));
    expect(paid.sub('1.905668').abs().lt('0.000000000000001')).toBe(true);
    // The average price stays that of the gross match.
    expect(o.averageFillPrice).toBe(averagePrice('1.905668', '68.54'));
  });

  it('maps trades to fills: the $0.25 fill is a taker buy, net shares as recorded', () => {
    const fills = result(TradeListSchema, 'user-trades.json').list.map((t) => mapTrade(t));
    for (const f of fills) expect(FillSchema.parse(f)).toEqual(f);
    expect(fills[0]).toMatchObject({
      id: '0xdb3d455a7e6a10ab300f1a4519578fe85c3375f984e9e31d406a00c0a374d5e0',
      marketId: 'opinion:26356',
      side: 'buy',
      outcome: 'yes',
      price: '0.029',
      size: '18.9233103448275862',
      fee: '0.250000000000000001',
      liquidity: 'taker',
      timestamp: '2026-08-01T09:15:05.000Z',
    });
  });

  it('maps the WebSocket order update and trade record samples', () => {
    const [update, record] = frames('ws-user-channels.docs-sample.ndjson');
    if (update?.msgType !== 'trade.order.update' || record?.msgType !== 'trade.record.new') throw new Error('unexpected samples');
    expect(mapOrderUpdate(update)).toMatchObject({ id: 'a11ee07e-e22f-11f0-9714-0a58a9feac02', side: 'buy', status: 'open', price: '0.15', size: '66.66', filled: '10', remaining: '56.66' });
    expect(mapTradeRecord(record)).toMatchObject({ id: 'e1403840-e22f-11f0-83af-0a58a9feac02', orderId: '3c7af25f-e21f-11f0-9714-0a58a9feac02', side: 'buy', outcome: 'no', price: '0.1', size: '9.44444', fee: '0', liquidity: 'maker' });
  });

  it('maps positions and USDT balances, and finds the Safe of the key', () => {
    const p = mapPosition(result(PositionListSchema, 'user-positions.json').list[0]!);
    expect(ModelPosition.parse(p)).toEqual(p);
    expect(p).toEqual({ venue: 'opinion', marketId: 'opinion:26356', outcome: 'yes', size: '59.876230108187586205', averagePrice: '0.0276320808878794', realizedPnl: null, currency: 'USDT' });
    const balances = mapBalances(result(BalanceSchema, 'user-balance.json'));
    expect(balances).toEqual([{ venue: 'opinion', currency: 'USDT', available: '15.235535', total: '15.235535' }]);
    expect(ModelBalance.parse(balances[0])).toEqual(balances[0]);
    expect(safeOf({ '56': '0xcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd' })).toBe('0xcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd');
    expect(safeOf({ '97': '0xcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd' })).toBeNull();
  });

  it('maps public prints to YES terms: buying NO is selling YES at 1 − q', () => {
    const [, price, trade] = frames('ws-market-channels.docs-sample.ndjson');
    if (price?.msgType !== 'market.last.price' || trade?.msgType !== 'market.last.trade') throw new Error('unexpected samples');
    const pair = { marketId: 2764, yesTokenId: trade.tokenId, noTokenId: '99' };
    const at = new Date('2026-01-01T00:00:00Z');
    expect(mapLastTrade(trade, pair, at)).toMatchObject({ marketId: 'opinion:2764', price: '0.85', size: '10', takerSide: 'buy', timestamp: at.toISOString() });
    expect(mapLastTrade({ ...trade, tokenId: '99', outcomeSide: 2 }, pair, at)).toMatchObject({ price: '0.15', takerSide: 'sell' });
    expect(mapLastTrade({ ...trade, tokenId: '99', outcomeSide: 2, side: 'merge' }, pair, at).takerSide).toBe('buy');
    expect(mapLastPrice(price, pair, at)).toMatchObject({ lastPrice: '0.85', bestBid: null });
    expect(() => mapLastPrice({ ...price, marketId: 1 }, pair, at)).toThrow(/does not belong/);
  });
});
