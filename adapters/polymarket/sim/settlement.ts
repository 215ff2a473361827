/**
 * Settlement of engine fills against wallets: each side pays or receives collateral at its own
 * token price (a YES fill at p is a NO fill at 1 − p), so YES-buy × NO-buy (mint), YES-sell ×
 * NO-sell (merge) and ordinary transfers all settle the same way. Bot liquidity is not accounted.
 * Fees are zero: generated markets have `feesEnabled: false` (V2 fees are operator-set at match
 * time, docs/venues/polymarket.md §6.11).
 */
import { createHash, randomUUID } from 'node:crypto';
import { PRICE_SCALE, type EngineFill, type EngineOrder } from '../../../src/sim/index.js';
import type { MarketBook, Outcome } from './books.js';
import { tokenIdOf } from './books.js';
import type { Ledger } from './ledger.js';
import type { PolyOrder, TradeRecord, TradeSide } from './records.js';

/** Wallet shown as the counterparty of simulated venue liquidity. */
export const BOT_ADDRESS = '0x00000000000000000000000000000000000B0755';

const SCALE = BigInt(PRICE_SCALE);

export function userOrderOf(o: EngineOrder): PolyOrder | undefined {
  return (o.meta as PolyOrder | undefined) ?? undefined;
}

function ownPrice(yesPrice: number, outcome: Outcome): number {
  return outcome === 'yes' ? yesPrice : PRICE_SCALE - yesPrice;
}

function ceilDiv(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}

/** Applies one fill to a user order and its wallet. */
function settleSide(ledger: Ledger, order: PolyOrder, fill: EngineFill, tradeId: string): void {
  const shares = BigInt(fill.size);
  const price = BigInt(ownPrice(fill.price, order.outcome));
  if (order.side === 'BUY') {
    const cost = ceilDiv(shares * price, SCALE);
    const reserved = ceilDiv(shares * BigInt(order.price), SCALE);
    const release = reserved < order.reserve ? reserved : order.reserve;
    order.reserve -= release;
    ledger.release(order.maker, 'collateral', release);
    ledger.buy(order.maker, order.tokenId, shares, cost);
    order.making += cost;
    order.taking += shares;
  } else {
    const proceeds = (shares * price) / SCALE;
    const release = shares < order.reserve ? shares : order.reserve;
    order.reserve -= release;
    ledger.release(order.maker, order.tokenId, release);
    ledger.sell(order.maker, order.tokenId, shares, proceeds);
    order.making += shares;
    order.taking += proceeds;
  }
  order.sizeMatched += fill.size;
  order.tradeIds.push(tradeId);
}

function sideOf(mb: MarketBook, o: EngineOrder, fill: EngineFill): TradeSide {
  const user = userOrderOf(o);
  return {
    orderId: user?.id ?? o.id,
    apiKey: user?.apiKey ?? '',
    address: user?.maker ?? BOT_ADDRESS,
    assetId: tokenIdOf(mb.market, o.outcome),
    outcome: o.outcome,
    side: o.side === 'buy' ? 'BUY' : 'SELL',
    price: ownPrice(fill.price, o.outcome),
  };
}

/** Settles a fill; returns the trade record when a user order took part. */
export function settleFill(ledger: Ledger, mb: MarketBook, fill: EngineFill): TradeRecord | undefined {
  const makerOrder = userOrderOf(fill.maker);
  const takerOrder = userOrderOf(fill.taker);
  if (!makerOrder && !takerOrder) return undefined;
  const id = randomUUID();
  if (makerOrder) settleSide(ledger, makerOrder, fill, id);
  if (takerOrder) settleSide(ledger, takerOrder, fill, id);
  return {
    id,
    market: mb.market,
    taker: sideOf(mb, fill.taker, fill),
    maker: sideOf(mb, fill.maker, fill),
    size: fill.size,
    status: 'MATCHED',
    matchTimeMs: fill.ts,
    lastUpdateMs: fill.ts,
    transactionHash: '',
  };
}

/**
 * The public record of a fill between two venue-liquidity orders (no user took part): it is on the
 * market's public trade tape like any other match, already mined, with the bot wallet on both sides.
 */
export function botTrade(mb: MarketBook, fill: EngineFill): TradeRecord {
  const id = randomUUID();
  return {
    id,
    market: mb.market,
    taker: sideOf(mb, fill.taker, fill),
    maker: sideOf(mb, fill.maker, fill),
    size: fill.size,
    status: 'CONFIRMED',
    matchTimeMs: fill.ts,
    lastUpdateMs: fill.ts,
    transactionHash: `0x${createHash('sha256').update(`tx:${id}`).digest('hex')}`,
  };
}

/** Releases whatever an order still reserves (it stopped resting). */
export function releaseReserve(ledger: Ledger, order: PolyOrder): void {
  if (order.reserve === 0n) return;
  ledger.release(order.maker, order.side === 'BUY' ? 'collateral' : order.tokenId, order.reserve);
  order.reserve = 0n;
}
