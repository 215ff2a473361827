/**
 * Account arithmetic of the Kalshi simulator: fills against positions (signed YES/NO netting),
 * cash, fees (fees.ts) and public trade records. Micro-dollars and micro-contracts throughout.
 */
import { notionalUnits, PRICE_SCALE, type EngineFill } from '../../../src/sim/index.js';
import { applyBalanceRounding, tradeFeeMicros } from './fees.js';
import type { SimAccount, SimFill, SimMarket, SimOrder, SimPosition, SimTrade } from './model.js';
import type { KalshiState } from './state.js';

export function position(acct: SimAccount, ticker: string, now: number): SimPosition {
  let p = acct.positions.get(ticker);
  if (!p) {
    p = { ticker, position: 0, exposure: 0, realizedPnl: 0, feesPaid: 0, totalTraded: 0, volume: 0, updatedMs: now };
    acct.positions.set(ticker, p);
  }
  return p;
}

/** Price paid per contract by an order side: YES price for a bid, NO price (1 − yes) for an ask. */
export function ownPrice(side: 'bid' | 'ask', yesPrice: number): number {
  return side === 'bid' ? yesPrice : PRICE_SCALE - yesPrice;
}

export function recordTrade(state: KalshiState, m: SimMarket, fill: EngineFill): SimTrade {
  m.lastPrice = fill.price;
  m.volume += fill.size;
  m.volume24h += fill.size;
  m.openInterest += fill.size;
  return {
    seq: ++state.tradeSeq,
    tradeId: state.newId(),
    ticker: m.ticker,
    count: fill.size,
    yesPrice: fill.price,
    takerSide: fill.taker.side === 'buy' ? 'bid' : 'ask',
    ts: fill.ts,
  };
}

/** Applies one fill to the order's account: position netting, cash, fees, order costs. */
export function accountFill(state: KalshiState, m: SimMarket, rec: SimOrder, isTaker: boolean, fill: EngineFill): SimFill {
  const acct = state.account(rec.userId);
  const now = state.now();
  const pos = position(acct, m.ticker, now);
  const size = fill.size;
  const own = ownPrice(rec.side, fill.price);
  const direction = rec.side === 'bid' ? 1 : -1;
  const opposing = rec.side === 'bid' ? Math.max(0, -pos.position) : Math.max(0, pos.position);
  const closing = Math.min(size, opposing);
  const opening = size - closing;
  let revenue = 0;
  if (closing > 0) {
    // Buying YES against held NO (or NO against YES) closes the pair: it pays $1 − own price per contract.
    const proceeds = notionalUnits(PRICE_SCALE - own, closing);
    const costClosed = Number((BigInt(pos.exposure) * BigInt(closing)) / BigInt(opposing));
    pos.realizedPnl += proceeds - costClosed;
    pos.exposure -= costClosed;
    revenue += proceeds;
  }
  if (opening > 0) {
    const cost = notionalUnits(own, opening);
    pos.exposure += cost;
    revenue -= cost;
  }
  pos.position += direction * size;
  if (pos.position === 0) pos.exposure = 0;
  const series = state.series.get(m.seriesTicker);
  const tradeFee = tradeFeeMicros(series?.feeType ?? 'quadratic', series?.feeMultiplier ?? 1, isTaker, fill.price, size);
  const { change, roundingFee } = applyBalanceRounding(revenue, tradeFee);
  acct.cash += change;
  const feeCost = tradeFee + roundingFee;
  const notional = notionalUnits(own, size);
  pos.feesPaid += feeCost;
  pos.totalTraded += notional;
  pos.volume += size;
  pos.updatedMs = now;
  if (isTaker) {
    rec.takerFillCost += notional;
    rec.takerFees += feeCost;
  } else {
    rec.makerFillCost += notional;
    rec.makerFees += feeCost;
  }
  const f: SimFill = {
    fillId: state.newId(), orderId: rec.orderId, userId: rec.userId, ticker: m.ticker, side: rec.side, count: size,
    yesPrice: fill.price, isTaker, feeCost, ts: now, postPosition: pos.position, subaccount: rec.subaccount, clientOrderId: rec.clientOrderId,
  };
  acct.fills.push(f);
  state.hub.emit('fill', f);
  state.hub.emit('position', acct.userId, pos);
  return f;
}

/** Cash committed to resting orders (own price × remaining), micro-dollars. */
export function reservedCash(acct: SimAccount): number {
  let total = 0;
  for (const o of acct.orders.values()) if (o.status === 'resting') total += notionalUnits(ownPrice(o.side, o.price), o.remainingCount);
  return total;
}

/** Worst-case taker fee of `size` at any price (P(1−P) ≤ 1/4). */
export function maxTakerFee(size: number): number {
  return tradeFeeMicros('quadratic', 1, true, 500_000, size);
}
