/**
 * Settlement of engine fills against wallets (docs/venues/opinion.md §6.6, §7). Each side pays or
 * receives USDT at its own token's price (a YES fill at p is a NO fill at 1 − p), so transfers,
 * Splits (two buys, minted) and Merges (two sells) settle alike. The taker's fee comes out of what
 * it receives: shares for a buy (`shares = (amount − fee) / price`, as recorded), USDT for a sell.
 * Bot liquidity is not accounted.
 */
import type { EngineFill, EngineOrder } from '../../../src/sim/index.js';
import { ownPrice, tokenIdOf, type MarketBook } from './books.js';
import { takerFeeWei } from './fees.js';
import { notionalWei, sharesWei } from './format.js';
import type { Ledger } from './ledger.js';
import type { SimOrder, TradeRow, TradeSide } from './records.js';

export function userOrderOf(o: EngineOrder): SimOrder | undefined {
  return (o.meta as SimOrder | undefined) ?? undefined;
}

/** How a fill appears to one side: two buys mint (Split), two sells merge (Merge). */
export function tradeSideOf(own: EngineOrder, other: EngineOrder): TradeSide {
  if (own.side === other.side) return own.side === 'buy' ? 'Split' : 'Merge';
  return own.side === 'buy' ? 'Buy' : 'Sell';
}

export interface SettledSide {
  /** Gross shares and USDT of the fill (what the order's filled totals count). */
  sharesWei: bigint;
  amountWei: bigint;
  /** The trade row of this side (not yet numbered or confirmed). */
  row: Omit<TradeRow, 'tradeNo' | 'txHash' | 'createdAtS'>;
}

/** Applies one fill to a user order and its wallet. */
export function settleSide(ledger: Ledger, mb: MarketBook, order: SimOrder, own: EngineOrder, other: EngineOrder, fill: EngineFill): SettledSide {
  const price = ownPrice(fill.price, order.outcome);
  const gross = notionalWei(fill.size, price);
  const shares = sharesWei(fill.size);
  const isTaker = fill.taker === own;
  const fee = isTaker ? takerFeeWei(gross, price, order.feePaid) : 0n;
  order.feePaid += fee;
  let received = shares;
  if (order.side === 'buy') {
    const feeShares = (fee * 1_000_000n) / BigInt(price);
    received = shares - feeShares;
    const atLimit = order.method === 'limit' ? notionalWei(fill.size, order.priceMicro) : gross;
    const release = atLimit < order.reserve ? atLimit : order.reserve;
    order.reserve -= release;
    ledger.freeze(order.owner, 'usdt', -release);
    ledger.buy(order.owner, order.tokenId, received, gross);
  } else {
    const release = shares < order.reserve ? shares : order.reserve;
    order.reserve -= release;
    ledger.freeze(order.owner, order.tokenId, -release);
    ledger.sell(order.owner, order.tokenId, shares, gross - fee);
  }
  return {
    sharesWei: shares,
    amountWei: gross,
    row: {
      orderId: order.orderId,
      eoa: order.eoa,
      owner: order.owner,
      market: mb.market,
      tokenId: tokenIdOf(mb.market, order.outcome),
      outcome: order.outcome,
      side: tradeSideOf(own, other),
      priceMicro: price,
      sharesWei: received,
      amountWei: gross,
      feeWei: fee,
    },
  };
}

/** Releases whatever an order still freezes (it stopped resting). */
export function releaseReserve(ledger: Ledger, order: SimOrder): void {
  if (order.reserve === 0n) return;
  ledger.freeze(order.owner, order.side === 'buy' ? 'usdt' : order.tokenId, -order.reserve);
  order.reserve = 0n;
}
