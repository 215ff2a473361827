/**
 * How far a market order walks the book (docs/venues/opinion.md §6.4): a buy spends its USDT, a
 * sell sells its shares, best price first, no further than the slippage bound (`safeRate` of the
 * best price; "0" = none) and no worse than the price its signed amounts allow when `takerAmount`
 * is not zero. The plan becomes one immediate-or-cancel engine order at the worst price reached.
 */
import { PRICE_SCALE } from '../../../src/sim/index.js';
import { tokenLevels, type MarketBook } from './books.js';
import { notionalWei } from './format.js';
import type { ValidatedOrder } from './order-intake.js';

export interface MarketPlan {
  /** Micro-shares that will trade (0 = no depth within the bounds). */
  sizeMicro: number;
  /** Worst token price reached, micro-dollars. */
  worstMicro: number;
  /** Gross USDT of the plan, wei. */
  grossWei: bigint;
}

const MICRO = 1_000_000n;

function bound(v: ValidatedOrder, bestMicro: number): number {
  const buy = v.side === 'buy';
  let limit = buy ? PRICE_SCALE : 0;
  if (v.safeRatePpm > 0) {
    const best = BigInt(bestMicro);
    const rate = BigInt(v.safeRatePpm);
    limit = buy ? Number((best * (MICRO + rate)) / MICRO) : Number((best * (MICRO - rate) + MICRO - 1n) / MICRO);
  }
  if (v.takerAmount > 0n) {
    // Signed amounts: a buy pays at most maker/taker, a sell receives at least taker/maker.
    const signed = buy ? Number((v.makerAmount * MICRO) / v.takerAmount) : Number((v.takerAmount * MICRO + v.makerAmount - 1n) / v.makerAmount);
    limit = buy ? Math.min(limit, signed) : Math.max(limit, signed);
  }
  return limit;
}

export function planMarketOrder(mb: MarketBook, v: ValidatedOrder): MarketPlan {
  const levels = tokenLevels(mb, v.outcome);
  const opposite = v.side === 'buy' ? levels.asks : levels.bids;
  const plan: MarketPlan = { sizeMicro: 0, worstMicro: 0, grossWei: 0n };
  const best = opposite[0];
  if (!best) return plan;
  const limit = bound(v, best[0]);
  let budget = v.side === 'buy' ? v.usdtWei : BigInt(v.sizeMicro);
  for (const [price, size] of opposite) {
    if (v.side === 'buy' ? price > limit : price < limit) break;
    const perShare = notionalWei(1, price);
    const affordable = v.side === 'buy' ? budget / perShare : budget;
    const take = Number(affordable < BigInt(size) ? affordable : BigInt(size));
    if (take <= 0) break;
    plan.sizeMicro += take;
    plan.worstMicro = price;
    plan.grossWei += notionalWei(take, price);
    budget -= v.side === 'buy' ? notionalWei(take, price) : BigInt(take);
    if (take < size) break;
  }
  return plan;
}
