/**
 * Settlement of engine fills against wallets: each side pays or receives collateral at its own
 * token price (a YES fill at p is a NO fill at 1 − p), so YES-buy × NO-buy (mint), YES-sell ×
 * NO-sell (merge) and ordinary transfers all settle the same way. Bot liquidity is not accounted.
 *
 * Fees (docs/venues/polymarket.md §6.11): on a market with a fee schedule the taker pays
 * `shares × rate × (p·(1 − p))^exponent` in pUSD, floored to 5 decimals, on top of a BUY's cost
 * or out of a SELL's proceeds; makers pay nothing (every recorded schedule is `takerOnly`). Which
 * asset the venue collects the fee in and how it rounds are not published: the simulator's choice
 * follows the official client's fee-aware BUY sizing (amount + fee in collateral, §6.11).
 *
 * A trade's wallet effects are recorded so that a trade whose settlement fails (`FAILED`) can be
 * undone: its shares and collateral never moved on chain.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Decimal } from '../../../src/core/decimal.js';
import { PRICE_SCALE, type EngineFill, type EngineOrder } from '../../../src/sim/index.js';
import type { MarketBook, Outcome } from './books.js';
import { tokenIdOf } from './books.js';
import type { SimFeeSchedule } from './generate.js';
import type { Ledger } from './ledger.js';
import type { PolyOrder, TradeRecord, TradeSide, WalletMove } from './records.js';

/** Wallet shown as the counterparty of simulated venue liquidity. */
export const BOT_ADDRESS = '0x00000000000000000000000000000000000B0755';

const SCALE = BigInt(PRICE_SCALE);
/** Fees are floored to 5 decimals: multiples of 10 base units (6 decimals). */
const FEE_DECIMALS = 5;

export function userOrderOf(o: EngineOrder): PolyOrder | undefined {
  return (o.meta as PolyOrder | undefined) ?? undefined;
}

function ownPrice(yesPrice: number, outcome: Outcome): number {
  return outcome === 'yes' ? yesPrice : PRICE_SCALE - yesPrice;
}

function ceilDiv(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}

/** `shares × rate × (p(1 − p))^exponent` in pUSD base units, floored to 5 decimals. */
export function takerFeeUnits(schedule: SimFeeSchedule | null, priceMicro: number, sharesMicro: bigint): bigint {
  if (!schedule) return 0n;
  const p = Decimal.fromUnits(BigInt(priceMicro), 6);
  const curve = p.mul(Decimal.ONE.sub(p));
  let factor = Decimal.ONE;
  for (let i = 0; i < schedule.exponent; i++) factor = factor.mul(curve);
  const fee = Decimal.fromUnits(sharesMicro, 6).mul(schedule.rate).mul(factor);
  return fee.round(FEE_DECIMALS, 'floor').toUnits(6, 'floor');
}

/** `fee_rate_bps` as the simulator writes it: the schedule's rate in basis points. */
export function feeRateBps(schedule: SimFeeSchedule | null): string {
  return schedule ? Decimal.parse(schedule.rate).mul('10000').normalize().toString() : '0';
}

/** Applies one fill to a user order and its wallet; returns what moved. */
function settleSide(ledger: Ledger, order: PolyOrder, fill: EngineFill, tradeId: string, fee: bigint): WalletMove {
  const shares = BigInt(fill.size);
  const price = BigInt(ownPrice(fill.price, order.outcome));
  let collateral: bigint;
  if (order.side === 'BUY') {
    collateral = ceilDiv(shares * price, SCALE);
    const reserved = ceilDiv(shares * BigInt(order.price), SCALE);
    const release = reserved < order.reserve ? reserved : order.reserve;
    order.reserve -= release;
    ledger.release(order.maker, 'collateral', release);
    ledger.buy(order.maker, order.tokenId, shares, collateral);
    order.making += collateral;
    order.taking += shares;
  } else {
    collateral = (shares * price) / SCALE;
    const release = shares < order.reserve ? shares : order.reserve;
    order.reserve -= release;
    ledger.release(order.maker, order.tokenId, release);
    ledger.sell(order.maker, order.tokenId, shares, collateral);
    order.making += shares;
    order.taking += collateral;
  }
  if (fee > 0n) ledger.charge(order.maker, fee);
  order.sizeMatched += fill.size;
  order.tradeIds.push(tradeId);
  return { address: order.maker, tokenId: order.tokenId, buy: order.side === 'BUY', shares, collateral, fee };
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

const txHashOf = (tradeId: string): string => `0x${createHash('sha256').update(`tx:${tradeId}`).digest('hex')}`;

/** Settles a fill; returns the trade record when a user order took part. */
export function settleFill(ledger: Ledger, mb: MarketBook, fill: EngineFill): TradeRecord | undefined {
  const makerOrder = userOrderOf(fill.maker);
  const takerOrder = userOrderOf(fill.taker);
  if (!makerOrder && !takerOrder) return undefined;
  const id = randomUUID();
  const schedule = mb.market.fee;
  const takerFee = takerOrder ? takerFeeUnits(schedule, ownPrice(fill.price, takerOrder.outcome), BigInt(fill.size)) : 0n;
  const moves: WalletMove[] = [];
  if (makerOrder) moves.push(settleSide(ledger, makerOrder, fill, id, 0n));
  if (takerOrder) moves.push(settleSide(ledger, takerOrder, fill, id, takerFee));
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
    txHash: txHashOf(id),
    feeRateBps: feeRateBps(schedule),
    takerFee,
    moves,
  };
}

/** Undoes the wallet effects of a trade whose settlement failed. */
export function revertTrade(ledger: Ledger, trade: TradeRecord): void {
  for (const m of trade.moves) ledger.revert(m);
}

/**
 * The public record of a fill between two venue-liquidity orders (no user took part): it is on the
 * market's public trade tape like any other match, already mined, with the bot wallet on both sides.
 */
export function botTrade(mb: MarketBook, fill: EngineFill): TradeRecord {
  const id = randomUUID();
  const txHash = txHashOf(id);
  return {
    id,
    market: mb.market,
    taker: sideOf(mb, fill.taker, fill),
    maker: sideOf(mb, fill.maker, fill),
    size: fill.size,
    status: 'CONFIRMED',
    matchTimeMs: fill.ts,
    lastUpdateMs: fill.ts,
    transactionHash: txHash,
    txHash,
    feeRateBps: feeRateBps(mb.market.fee),
    takerFee: 0n,
    moves: [],
  };
}

/** Releases whatever an order still reserves (it stopped resting). */
export function releaseReserve(ledger: Ledger, order: PolyOrder): void {
  if (order.reserve === 0n) return;
  ledger.release(order.maker, order.side === 'BUY' ? 'collateral' : order.tokenId, order.reserve);
  order.reserve = 0n;
}
