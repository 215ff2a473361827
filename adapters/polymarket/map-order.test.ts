import { describe, expect, it } from 'vitest';
import { Decimal, OrderSchema } from '../../src/core/index.js';
import type { MarketTradingInfo } from './map-market.js';
import { fillStatusOf, mapOpenOrder, mapPlacedOrder, mapPosition, mapTradeFills, normalizeOrderStatus, timeInForceOf } from './map-order.js';
import { ClobTradeSchema, OpenOrderSchema, PostOrderResponseSchema } from './wire-clob.js';
import { DataPositionSchema } from './wire-data.js';

const CID = '0xbd31dc8a20211944f6b70f31557f1001557b59905b7738480ca09bd4532f84af';
const info: MarketTradingInfo = { conditionId: CID, yesTokenId: '111', noTokenId: '222', tickSize: '0.01', minOrderSize: '5', negRisk: false, protocolVersion: 'v1' };
const lookup = (asset: string) => (asset === '111' ? { conditionId: CID, outcome: 'yes' as const, info } : asset === '222' ? { conditionId: CID, outcome: 'no' as const, info } : undefined);

describe('order status', () => {
  it('normalizes REST and WS status spellings', () => {
    const z = Decimal.ZERO;
    const ten = Decimal.parse('10');
    expect(normalizeOrderStatus('ORDER_STATUS_LIVE', z, ten, null)).toBe('open');
    expect(normalizeOrderStatus('LIVE', z, ten, null)).toBe('open');
    expect(normalizeOrderStatus('ORDER_STATUS_MATCHED', ten, ten, null)).toBe('filled');
    expect(normalizeOrderStatus('ORDER_STATUS_CANCELED_MARKET_RESOLVED', z, ten, null)).toBe('canceled');
    expect(normalizeOrderStatus('CANCELED', z, ten, '2020-01-01T00:00:00.000Z')).toBe('expired');
    expect(normalizeOrderStatus('ORDER_STATUS_INVALID', z, ten, null)).toBe('rejected');
    expect(timeInForceOf('FAK')).toBe('ioc');
  });
});

describe('REST order → Order', () => {
  it('maps a partially filled NO order with its GTD expiry', () => {
    const o = OpenOrderSchema.parse({
      id: '0xff35', status: 'ORDER_STATUS_LIVE', owner: 'k', maker_address: '0xabc', market: CID, asset_id: '222', side: 'SELL',
      original_size: '10', size_matched: '4', price: '0.57', associate_trades: [], outcome: 'No', created_at: 1672290687, expiration: '1672300060', order_type: 'GTD',
    });
    const order = mapOpenOrder(o, { outcome: 'no', clientOrderId: 'c-9' });
    expect(OrderSchema.parse(order)).toMatchObject({
      id: '0xff35', marketId: `polymarket:${CID}`, side: 'sell', outcome: 'no', size: '10', filled: '4', remaining: '6', status: 'open',
      timeInForce: 'gtd', createdAt: '2022-12-29T05:11:27.000Z', expiresAt: '2022-12-29T07:46:40.000Z', clientOrderId: 'c-9',
    });
  });
});

describe('POST /order response → Order', () => {
  const base = { orderId: '0x1', conditionId: CID, outcome: 'yes' as const, price: '0.57', postOnly: false, clientOrderId: null, expiresAt: null, createdAt: '2026-01-01T00:00:00.000Z' };
  it('a fully matched BUY is filled with its average price from the amounts', () => {
    const o = mapPlacedOrder(PostOrderResponseSchema.parse({ success: true, errorMsg: '', orderID: '0x1', status: 'matched', makingAmount: '5600000', takingAmount: '10000000', transactionsHashes: [], tradeIDs: ['t'] }),
      { ...base, side: 'BUY', size: '10', orderType: 'GTC' });
    expect(o).toMatchObject({ status: 'filled', filled: '10', remaining: '0', averageFillPrice: '0.56' });
  });
  it('a partially matched GTC rests; a partially matched FAK is canceled', () => {
    const res = PostOrderResponseSchema.parse({ success: true, orderID: '0x1', status: 'matched', makingAmount: '4000000', takingAmount: '2280000' });
    expect(mapPlacedOrder(res, { ...base, side: 'SELL', size: '10', orderType: 'GTC' })).toMatchObject({ status: 'open', filled: '4', remaining: '6', averageFillPrice: '0.57' });
    expect(mapPlacedOrder(res, { ...base, side: 'SELL', size: '10', orderType: 'FAK' })).toMatchObject({ status: 'canceled', filled: '4', remaining: '0' });
  });
  it('a live order with empty amounts is open and unfilled', () => {
    expect(mapPlacedOrder(PostOrderResponseSchema.parse({ success: true, orderID: '0x1', status: 'live', makingAmount: '', takingAmount: '' }), { ...base, side: 'BUY', size: '5', orderType: 'GTC' })).toMatchObject({
      status: 'open', filled: '0', remaining: '5', averageFillPrice: null,
    });
  });
});

describe('trades → our fills', () => {
  const trade = ClobTradeSchema.parse({
    id: '28c4d2eb', taker_order_id: '0x06bc', market: CID, asset_id: '222', side: 'BUY', size: '10', fee_rate_bps: '100', price: '0.57', status: 'MATCHED',
    match_time: '1672290701', last_update: '1672290701', outcome: 'No', owner: 'taker-key', maker_address: '0xtaker', transaction_hash: '', trader_side: 'TAKER',
    maker_orders: [
      { order_id: '0xff35', owner: 'my-key', maker_address: '0xme', matched_amount: '6', price: '0.57', fee_rate_bps: '', asset_id: '222', outcome: 'No', side: 'SELL' },
      { order_id: '0xaaaa', owner: 'other', maker_address: '0xother', matched_amount: '4', price: '0.57', fee_rate_bps: '', asset_id: '222', outcome: 'No', side: 'SELL' },
    ],
  });

  it('as the taker on a market of unknown schedule: the fee from the trade rate, flagged as an estimate', () => {
    const fills = mapTradeFills(trade, { apiKey: 'taker-key', address: '0xtaker' }, lookup);
    // fee_rate_bps 100 read as rate 0.01, exponent 1: 10 × 0.01 × 0.57 × 0.43 = 0.02451.
    expect(fills).toEqual([
      expect.objectContaining({ orderId: '0x06bc', side: 'buy', outcome: 'no', size: '10', liquidity: 'taker', fee: '0.02451', feeEstimated: true, status: 'pending', timestamp: '2022-12-29T05:11:41.000Z' }),
    ]);
  });

  it("as the taker on a fee-enabled market: the market's schedule, flagged as an estimate", () => {
    const schedule = { rate: '0.05', exponent: 1, takerOnly: true };
    const withFees = (asset: string) => {
      const hit = lookup(asset);
      return hit && { ...hit, info: { ...info, fee: schedule } };
    };
    // 10 × 0.05 × 0.57 × 0.43 = 0.12255 (the economics schedule of gamma-markets.json).
    expect(mapTradeFills(trade, { apiKey: 'taker-key', address: '0xtaker' }, withFees)[0]).toMatchObject({ fee: '0.12255', feeEstimated: true });
    // Makers pay nothing on a taker-only schedule: certain, not estimated.
    const maker = mapTradeFills({ ...trade, trader_side: 'MAKER', owner: 'my-key' }, { apiKey: 'my-key', address: '0xme' }, withFees);
    expect(maker[0]).toMatchObject({ fee: '0', feeEstimated: false });
  });

  it('on a fee-free market the fee is zero and certain', () => {
    const free = (asset: string) => {
      const hit = lookup(asset);
      return hit && { ...hit, info: { ...info, fee: null } };
    };
    expect(mapTradeFills(trade, { apiKey: 'taker-key', address: '0xtaker' }, free)[0]).toMatchObject({ fee: '0', feeEstimated: false });
  });

  it('as a maker: only our maker orders, fee-free', () => {
    const fills = mapTradeFills({ ...trade, trader_side: 'MAKER', owner: 'my-key' }, { apiKey: 'my-key', address: '0xme' }, lookup);
    expect(fills).toEqual([expect.objectContaining({ orderId: '0xff35', side: 'sell', outcome: 'no', size: '6', liquidity: 'maker', fee: '0' })]);
  });

  it('carries the settlement: pending until CONFIRMED, and a FAILED trade flagged with no fee', () => {
    expect(['MATCHED', 'MINED', 'RETRYING', 'TRADE_STATUS_MINED', 'MATCHED_NOT_BROADCASTED'].map(fillStatusOf)).toEqual(['pending', 'pending', 'pending', 'pending', 'pending']);
    expect(fillStatusOf('CONFIRMED')).toBe('confirmed');
    expect(fillStatusOf('TRADE_STATUS_FAILED')).toBe('failed');
    const failed = mapTradeFills({ ...trade, status: 'FAILED' }, { apiKey: 'taker-key', address: '0xtaker' }, lookup);
    expect(failed).toEqual([expect.objectContaining({ orderId: '0x06bc', size: '10', status: 'failed', fee: '0', feeEstimated: false })]);
  });
});

describe('Data API position → Position', () => {
  it('maps outcome index 1 to NO', () => {
    const p = mapPosition(DataPositionSchema.parse({ proxyWallet: '0xme', asset: '222', conditionId: CID, size: 12.5, avgPrice: 0.41, realizedPnl: 0, outcome: 'No', outcomeIndex: 1 }));
    expect(p).toEqual({ venue: 'polymarket', marketId: `polymarket:${CID}`, outcome: 'no', size: '12.5', averagePrice: '0.41', realizedPnl: '0', currency: 'pUSD' });
  });
});
