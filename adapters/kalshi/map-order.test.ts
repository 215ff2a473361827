import { describe, expect, it } from 'vitest';
import { BalanceSchema, FillSchema, OrderSchema, PositionSchema } from '../../src/core/index.js';
import { framingOf, mapBalance, mapCreatedOrder, mapFill, mapOrder, mapPosition, restingCollateral, toWireDirection } from './map-order.js';
import type { WireOrder } from './wire-portfolio.js';
import { mapMarketStatus, statusFilterFor } from './map-status.js';

const wireOrder = (over: Partial<WireOrder> = {}): WireOrder => ({
  order_id: 'o-1',
  client_order_id: 'c-1',
  ticker: 'KXFED-27APR-T4.25',
  outcome_side: 'no',
  book_side: 'ask',
  status: 'resting',
  yes_price_dollars: '0.7000',
  no_price_dollars: '0.3000',
  fill_count_fp: '2.00',
  remaining_count_fp: '8.00',
  initial_count_fp: '10.00',
  taker_fill_cost_dollars: '0.6000',
  maker_fill_cost_dollars: '0.0000',
  taker_fees_dollars: '0.0294',
  maker_fees_dollars: '0.0000',
  created_time: '2026-09-01T10:00:00.123456Z',
  last_update_time: '2026-09-01T10:00:01Z',
  ...over,
});

describe('kalshi order direction', () => {
  it('maps side + outcome + outcome price to book side + YES price', () => {
    expect(toWireDirection('buy', 'yes', '0.42')).toEqual({ bookSide: 'bid', yesPrice: '0.4200' });
    expect(toWireDirection('sell', 'yes', '0.42')).toEqual({ bookSide: 'ask', yesPrice: '0.4200' });
    expect(toWireDirection('buy', 'no', '0.30')).toEqual({ bookSide: 'ask', yesPrice: '0.7000' });
    expect(toWireDirection('sell', 'no', '0.30')).toEqual({ bookSide: 'bid', yesPrice: '0.7000' });
  });

  it('frames an order by the remembered intent, else as a buy', () => {
    expect(framingOf('ask')).toEqual({ side: 'buy', outcome: 'no' });
    expect(framingOf('bid')).toEqual({ side: 'buy', outcome: 'yes' });
    expect(framingOf('ask', { side: 'sell', outcome: 'yes' })).toEqual({ side: 'sell', outcome: 'yes' });
    // An intent that does not match the venue's direction is ignored.
    expect(framingOf('bid', { side: 'sell', outcome: 'yes' })).toEqual({ side: 'buy', outcome: 'yes' });
  });
});

describe('kalshi order mapping', () => {
  it('maps a v1 Order: NO framing, costs to average price, fees summed', () => {
    const o = mapOrder(wireOrder());
    expect(OrderSchema.parse(o)).toEqual(o);
    expect(o).toMatchObject({
      id: 'o-1',
      clientOrderId: 'c-1',
      marketId: 'kalshi:KXFED-27APR-T4.25',
      side: 'buy',
      outcome: 'no',
      price: '0.3',
      size: '10',
      filled: '2',
      remaining: '8',
      averageFillPrice: '0.3',
      fees: '0.0294',
      status: 'open',
      timeInForce: 'gtc',
      createdAt: '2026-09-01T10:00:00.123Z',
    });
    const asSellYes = mapOrder(wireOrder(), { side: 'sell', outcome: 'yes', timeInForce: 'ioc', postOnly: false });
    expect(asSellYes).toMatchObject({ side: 'sell', outcome: 'yes', price: '0.7', averageFillPrice: '0.7', timeInForce: 'ioc' });
  });

  it('maps statuses, including expiry', () => {
    expect(mapOrder(wireOrder({ status: 'executed' })).status).toBe('filled');
    expect(mapOrder(wireOrder({ status: 'canceled' })).status).toBe('canceled');
    const expired = mapOrder(wireOrder({ status: 'canceled', expiration_time: '2026-01-01T00:00:00Z' }), undefined, new Date('2026-02-01'));
    expect(expired).toMatchObject({ status: 'expired', timeInForce: 'gtd' });
  });

  it('maps a V2 create ack with the request', () => {
    const base = {
      ticker: 'KX-1',
      intent: { side: 'buy' as const, outcome: 'no' as const, timeInForce: 'gtc' as const, postOnly: true },
      price: '0.30',
      size: '10',
      clientOrderId: 'c-9',
      expiresAt: null,
      bookSide: 'ask' as const,
    };
    const open = mapCreatedOrder({ order_id: 'o', fill_count: '0.00', remaining_count: '10.00', ts_ms: 1_700_000_000_000 }, base);
    expect(OrderSchema.parse(open)).toMatchObject({ status: 'open', price: '0.3', size: '10', clientOrderId: 'c-9', postOnly: true, fees: '0' });
    const filled = mapCreatedOrder(
      { order_id: 'o', fill_count: '10.00', remaining_count: '0.00', average_fill_price: '0.6800', average_fee_paid: '0.0152', ts_ms: 1 },
      base,
    );
    // average_fill_price is a YES price: the NO order paid 1 − 0.68.
    expect(filled).toMatchObject({ status: 'filled', averageFillPrice: '0.32', fees: '0.152' });
    const sixPlaces = mapCreatedOrder({ order_id: 'o', fill_count: '3.00', remaining_count: '7.00', average_fee_paid: '0.012345', ts_ms: 1 }, base);
    expect(sixPlaces.fees).toBe('0.037035');
    const ioc = mapCreatedOrder({ order_id: 'o', fill_count: '4.00', remaining_count: '0.00', ts_ms: 1 }, base);
    expect(ioc.status).toBe('canceled');
  });

  it('maps fills, positions (signed), balances and resting collateral', () => {
    const f = mapFill({
      fill_id: 'f', order_id: 'o', ticker: 'KX-1', outcome_side: 'yes', book_side: 'bid', count_fp: '3.00',
      yes_price_dollars: '0.4100', is_taker: true, fee_cost: '0.017050', created_time: '2026-09-01T00:00:00Z',
    });
    expect(FillSchema.parse(f)).toMatchObject({ side: 'buy', outcome: 'yes', price: '0.41', fee: '0.01705', liquidity: 'taker' });

    const short = mapPosition({ ticker: 'KX-1', position_fp: '-5.00', market_exposure_dollars: '1.5000', realized_pnl_dollars: '0.1000' });
    expect(PositionSchema.parse(short)).toMatchObject({ outcome: 'no', size: '5', averagePrice: '0.3', realizedPnl: '0.1' });
    expect(mapPosition({ ticker: 'KX-1', position_fp: '0.00' })).toBeNull();

    const locked = restingCollateral(wireOrder()); // ask leg: (1 − 0.70) × 8
    expect(locked.toString()).toBe('2.400000');
    const b = mapBalance({ balance: 12345, portfolio_value: 0 }, locked);
    expect(BalanceSchema.parse(b)).toEqual({ venue: 'kalshi', currency: 'USD', available: '123.45', total: '125.85' });
    expect(mapBalance({ balance: 12345, balance_dollars: '123.4567' }).available).toBe('123.4567');
  });
});

describe('kalshi status vocabularies', () => {
  it('maps market statuses and chooses a single filter when possible', () => {
    expect(mapMarketStatus('initialized')).toBe('upcoming');
    expect(mapMarketStatus('active')).toBe('open');
    expect(mapMarketStatus('inactive')).toBe('paused');
    expect(mapMarketStatus('determined')).toBe('resolved');
    expect(mapMarketStatus('finalized')).toBe('resolved');
    expect(mapMarketStatus('disputed')).toBe('closed');
    expect(statusFilterFor(['open'])).toBe('open');
    expect(statusFilterFor(['upcoming'])).toBe('unopened');
    // Determined and amended markets (resolved) sit under Kalshi's `closed` filter, finalized
    // ones under `settled`: no single filter covers resolved.
    expect(statusFilterFor(['resolved'])).toBeUndefined();
    expect(statusFilterFor(['resolved', 'void'])).toBeUndefined();
    expect(statusFilterFor(['void'])).toBe('settled');
    expect(statusFilterFor(['closed'])).toBe('closed');
    expect(statusFilterFor(['open', 'closed'])).toBeUndefined();
    expect(statusFilterFor([])).toBeUndefined();
  });
});
