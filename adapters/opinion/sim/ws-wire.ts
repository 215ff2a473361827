/**
 * WebSocket frames as Opinion sends them (docs/venues/opinion.md §9), key order as in the
 * documented samples. Every data frame carries `msgType` = its channel; a categorical child's
 * frames carry `rootMarketId`, a standalone binary's never do (not even 0: the official SDK would
 * route its last-price and last-trade frames to subscription 0). Depth diffs carry one level each
 * with its new absolute size (0 removes it), no snapshot and no sequence number.
 */
import type { LevelChange } from '../../../src/sim/index.js';
import { PRICE_SCALE } from '../../../src/sim/index.js';
import type { MarketBook } from './books.js';
import { CHAIN_ID_TEXT, WEI } from './constants.js';
import { fmtMicro, fmtWei, fmtWei18, seconds } from './format.js';
import type { SimMarket } from './generate.js';
import type { OrderUpdateType, PublicTrade, SimOrder, TradeRow } from './records.js';
import { orderSizes } from './wire-account.js';

export const CHANNELS = ['market.depth.diff', 'market.last.price', 'market.last.trade', 'trade.order.update', 'trade.record.new'] as const;
export type Channel = (typeof CHANNELS)[number];

type Frame = Record<string, unknown>;

function ids(m: SimMarket): Frame {
  return m.parentId === null ? { marketId: m.marketId } : { marketId: m.marketId, rootMarketId: m.parentId };
}

/** One frame per changed level and token: the YES level, then the NO token's mirror of it. */
export function depthFrames(mb: MarketBook, changes: LevelChange[]): Frame[] {
  const last = new Map<string, LevelChange>();
  for (const c of changes) last.set(`${c.side}:${c.price}`, c);
  const m = mb.market;
  const frames: Frame[] = [];
  for (const c of last.values()) {
    const size = fmtMicro(c.size);
    frames.push({ ...ids(m), tokenId: m.yesTokenId, outcomeSide: 1, side: c.side === 'bid' ? 'bids' : 'asks', price: fmtMicro(c.price), size, msgType: 'market.depth.diff' });
    frames.push({ ...ids(m), tokenId: m.noTokenId, outcomeSide: 2, side: c.side === 'bid' ? 'asks' : 'bids', price: fmtMicro(PRICE_SCALE - c.price), size, msgType: 'market.depth.diff' });
  }
  return frames;
}

export function lastPriceFrame(t: PublicTrade): Frame {
  return { tokenId: t.tokenId, outcomeSide: t.outcome === 'yes' ? 1 : 2, price: fmtMicro(t.priceMicro), ...ids(t.mb.market), msgType: 'market.last.price' };
}

export function lastTradeFrame(t: PublicTrade): Frame {
  return {
    tokenId: t.tokenId,
    side: t.side,
    outcomeSide: t.outcome === 'yes' ? 1 : 2,
    price: fmtMicro(t.priceMicro),
    shares: fmtMicro(t.sizeMicro),
    amount: fmtWei(t.amountWei),
    ...ids(t.mb.market),
    msgType: 'market.last.trade',
  };
}

export function orderUpdateFrame(o: SimOrder, update: OrderUpdateType): Frame {
  const sizes = orderSizes(o);
  const price = o.method === 'limit' ? BigInt(o.priceMicro) * 1_000_000_000_000n : 0n;
  return {
    orderUpdateType: update,
    ...ids(o.market),
    orderId: o.orderId,
    side: o.side === 'buy' ? 1 : 2,
    outcomeSide: o.outcome === 'yes' ? 1 : 2,
    price: o.method === 'limit' ? fmtWei18(price) : sizes.price,
    shares: sizes.orderShares,
    amount: sizes.orderAmount,
    status: o.status,
    tradingMethod: o.method === 'market' ? 1 : 2,
    quoteToken: o.market.quoteToken,
    createdAt: seconds(o.createdAtMs),
    expiresAt: o.expiresAtS,
    chainId: CHAIN_ID_TEXT,
    filledShares: fmtWei18(o.filledShares),
    filledAmount: fmtWei18(o.filledAmount),
    msgType: 'trade.order.update',
  };
}

export function tradeRecordFrame(t: TradeRow): Frame {
  return {
    orderId: t.orderId,
    tradeNo: t.tradeNo,
    ...ids(t.market),
    txHash: t.txHash,
    side: t.side,
    outcomeSide: t.outcome === 'yes' ? 1 : 2,
    price: fmtWei18(BigInt(t.priceMicro) * 1_000_000_000_000n),
    shares: fmtWei(t.sharesWei),
    amount: fmtWei(t.amountWei),
    profit: fmtWei18(0n),
    status: 2,
    quoteToken: t.market.quoteToken,
    quoteTokenUsdPrice: fmtWei18(WEI),
    usdAmount: `${t.amountWei}.000000000000000000`,
    fee: fmtWei18(t.feeWei),
    chainId: CHAIN_ID_TEXT,
    createdAt: t.createdAtS,
    msgType: 'trade.record.new',
  };
}
