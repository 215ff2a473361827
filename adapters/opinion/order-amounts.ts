import { Decimal, InvalidOrder } from '../../src/core/index.js';
import { MIN_ORDER_VALUE, PRICE_DECIMALS, TICK_SIZE, VENUE } from './constants.js';

/**
 * Signed order amounts (docs/venues/opinion.md §6.2), the official SDK's algorithm in exact
 * arithmetic. With `D = 10^decimals` (the quote token's `decimal`, 18 for USDT) and
 * `P = price × 10^6`:
 *
 *   limit BUY of S shares (or Q USDT):  q = trunc(Q·D) with Q = S × price; k = ⌊q / P⌋;
 *                                       makerAmount = k·P (USDT), takerAmount = k·10^6 (shares)
 *   limit SELL of S shares:             s = trunc(S·D); k = ⌊s / 10^6⌋;
 *                                       makerAmount = k·10^6 (shares), takerAmount = k·P (USDT)
 *   market BUY of Q USDT:               makerAmount = trunc(Q·D), takerAmount = 0
 *   market SELL of S shares:            makerAmount = trunc(S·D), takerAmount = 0
 *
 * so that price = maker/taker (BUY) or taker/maker (SELL) exactly. The SDK computes `S × price`
 * in binary floating point; for some inputs that lands one unit of k lower than the exact value
 * (7 shares at 0.7 sign 6.999999999999 shares). Both are valid orders at the same price; ours is
 * the exact one (§11).
 */

export type WireSide = 'buy' | 'sell';

export interface OrderAmounts {
  makerAmount: bigint;
  takerAmount: bigint;
  /** Shares the order is for, after the rounding above. */
  shares: string;
  /** USDT value (shares × price), after the rounding above. */
  value: string;
}

const MICRO = 1_000_000n;

function invalid(message: string): InvalidOrder {
  return new InvalidOrder(`opinion: ${message}`, { venue: VENUE });
}

function checkDecimals(decimals: number): void {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 36) throw invalid(`unsupported token decimals ${decimals}`);
}

/** `P = price × 10^6` of a price strictly between 0 and 1 with at most 6 decimals. */
export function priceUnits(price: string): bigint {
  const p = Decimal.tryParse(price)?.normalize();
  if (!p || p.scale > PRICE_DECIMALS || !p.isPositive() || p.gte(Decimal.ONE)) {
    throw invalid(`price ${JSON.stringify(price)} must be strictly between 0 and 1 with at most ${PRICE_DECIMALS} decimals`);
  }
  return p.toUnits(PRICE_DECIMALS, 'down');
}

/** The venue's grid: multiples of 0.001 (§6.5). */
export function checkTick(price: string): void {
  priceUnits(price);
  if (!Decimal.parse(price).isMultipleOf(TICK_SIZE)) throw invalid(`price ${price} is not a multiple of the tick ${TICK_SIZE}`);
}

function toUnits(amount: string, decimals: number, what: string): bigint {
  const d = Decimal.tryParse(amount);
  if (!d || !d.isPositive()) throw invalid(`${what} ${JSON.stringify(amount)} must be a positive decimal`);
  return d.toUnits(decimals, 'down');
}

function fromUnits(units: bigint, decimals: number): string {
  return Decimal.fromUnits(units, decimals).normalize().toString();
}

export interface LimitAmountsInput {
  side: WireSide;
  price: string;
  /** The quote token's decimals (`/quoteToken` `decimal`). */
  decimals: number;
  /** Shares to trade; or, instead, `quote`: USDT to spend (buy) or to receive (sell). */
  shares?: string;
  quote?: string;
}

export function limitOrderAmounts(input: LimitAmountsInput): OrderAmounts {
  const { side, price, decimals } = input;
  checkDecimals(decimals);
  const P = priceUnits(price);
  if ((input.shares === undefined) === (input.quote === undefined)) throw invalid('give exactly one of shares and quote');
  let makerAmount: bigint;
  let takerAmount: bigint;
  if (side === 'buy') {
    const quote = input.shares !== undefined ? Decimal.parse(input.shares).mul(price).toString() : (input.quote as string);
    const k = toUnits(quote, decimals, 'amount') / P;
    if (k === 0n) throw invalid(`amount too small for price ${price}`);
    makerAmount = k * P;
    takerAmount = k * MICRO;
  } else {
    const shares = input.shares ?? Decimal.parse(input.quote as string).div(price, decimals, 'down').toString();
    const k = toUnits(shares, decimals, 'shares') / MICRO;
    if (k === 0n) throw invalid('amount too small');
    makerAmount = k * MICRO;
    takerAmount = k * P;
  }
  const [usdt, shares] = side === 'buy' ? [makerAmount, takerAmount] : [takerAmount, makerAmount];
  return { makerAmount, takerAmount, shares: fromUnits(shares, decimals), value: fromUnits(usdt, decimals) };
}

/** A market order: a BUY spends `amount` USDT, a SELL sells `amount` shares; `takerAmount` 0 (SDK). */
export function marketOrderAmounts(input: { side: WireSide; amount: string; decimals: number }): { makerAmount: bigint; takerAmount: bigint } {
  checkDecimals(input.decimals);
  const makerAmount = toUnits(input.amount, input.decimals, 'amount');
  if (makerAmount === 0n) throw invalid('amount too small');
  return { makerAmount, takerAmount: 0n };
}

/** The venue refuses orders worth less than $5 (§6.5); the message carries the venue's wording. */
export function assertMinimumValue(value: string): void {
  if (Decimal.parse(value).lt(MIN_ORDER_VALUE)) throw invalid(`order value ${value} USDT is below the minimum required value of ${MIN_ORDER_VALUE} USDT`);
}

/** The limit price signed amounts imply: maker/taker for a BUY, taker/maker for a SELL. */
export function impliedPrice(side: WireSide, makerAmount: bigint, takerAmount: bigint): string {
  const [num, den] = side === 'buy' ? [makerAmount, takerAmount] : [takerAmount, makerAmount];
  if (den === 0n) throw invalid('no implied price for a zero amount');
  return Decimal.fromInteger(num).div(Decimal.fromInteger(den), PRICE_DECIMALS + 12, 'half-even').normalize().toString();
}
