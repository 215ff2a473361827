import { Decimal, InvalidOrder } from '../../src/core/index.js';

/**
 * Price and size → signed `makerAmount`/`takerAmount` (docs/venues/polymarket.md §6.3), the official
 * clients' algorithm in exact decimal arithmetic. Amounts are in base units (6 decimals, for both
 * pUSD and outcome tokens).
 *
 * One deliberate difference from the official clients: they round the limit price half-up to
 * the tick's decimals; we never change a caller's price. On-tick prices are unaffected (rounding
 * is a no-op); an off-tick price is signed as asked and the venue rejects it with its own
 * "breaks minimum tick size rule" message, rather than trading at a price nobody asked for.
 */

export const TOKEN_DECIMALS = 6;

export interface RoundConfig {
  price: number;
  size: number;
  amount: number;
}

/** §6.3 rounding table, by tick size. */
export const ROUNDING: Readonly<Record<string, RoundConfig>> = {
  '0.1': { price: 1, size: 2, amount: 3 },
  '0.01': { price: 2, size: 2, amount: 4 },
  '0.005': { price: 3, size: 2, amount: 5 },
  '0.0025': { price: 4, size: 2, amount: 6 },
  '0.001': { price: 3, size: 2, amount: 5 },
  '0.0001': { price: 4, size: 2, amount: 6 },
};

export function roundingFor(tickSize: string): RoundConfig {
  const key = Decimal.parse(tickSize).normalize().toString();
  const config = ROUNDING[key];
  if (!config) throw new InvalidOrder(`polymarket: unsupported tick size ${tickSize}`, { venue: 'polymarket' });
  return config;
}

function decimals(d: Decimal): number {
  return d.normalize().scale;
}

/** `roundDown` of the official helpers: floor to n places, no-op if already ≤ n places. */
export function roundDown(d: Decimal, n: number): Decimal {
  return decimals(d) <= n ? d : d.round(n, 'floor');
}

/** `roundUp`: ceil to n places. */
export function roundUp(d: Decimal, n: number): Decimal {
  return decimals(d) <= n ? d : d.round(n, 'ceil');
}

/** `roundNormal`: half-up to n places. */
export function roundNormal(d: Decimal, n: number): Decimal {
  return decimals(d) <= n ? d : d.round(n, 'half-up');
}

/** The "amount fix-up": round up at n+4 places, then, if still too fine, down to n. */
export function fixAmount(d: Decimal, n: number): Decimal {
  if (decimals(d) <= n) return d;
  const up = roundUp(d, n + 4);
  return decimals(up) > n ? roundDown(up, n) : up;
}

/** A decimal amount → base units (×10^6) as an integer string. */
export function toBaseUnits(d: Decimal): string {
  if (decimals(d) > TOKEN_DECIMALS) throw new InvalidOrder(`polymarket: amount ${d.toString()} has more than ${TOKEN_DECIMALS} decimals`, { venue: 'polymarket' });
  return d.toUnits(TOKEN_DECIMALS, 'down').toString();
}

/** Base units → decimal (e.g. `"5700000"` → `5.7`). */
export function fromBaseUnits(units: string | bigint): Decimal {
  return Decimal.fromUnits(BigInt(units), TOKEN_DECIMALS).normalize();
}

export type WireSide = 'BUY' | 'SELL';

export interface OrderAmounts {
  side: WireSide;
  /** Base units. */
  makerAmount: string;
  takerAmount: string;
  /** The share size actually signed (after truncation to the size decimals). */
  size: string;
  price: string;
}

function checkPriceRange(price: Decimal, tickSize: string): void {
  const tick = Decimal.parse(tickSize);
  if (price.lt(tick) || price.gt(Decimal.ONE.sub(tick))) {
    throw new InvalidOrder(`polymarket: price ${price.toString()} outside [${tick.toString()}, ${Decimal.ONE.sub(tick).toString()}] for tick ${tickSize}`, {
      venue: 'polymarket',
    });
  }
}

/** A limit order of `size` shares at `price`. */
export function limitOrderAmounts(side: WireSide, price: string, size: string, tickSize: string): OrderAmounts {
  const rc = roundingFor(tickSize);
  const p = Decimal.parse(price).normalize();
  checkPriceRange(p, tickSize);
  const shares = roundDown(Decimal.parse(size), rc.size);
  if (!shares.isPositive()) throw new InvalidOrder(`polymarket: size ${size} rounds to zero shares`, { venue: 'polymarket' });
  const notional = fixAmount(shares.mul(p), rc.amount);
  const [maker, taker] = side === 'BUY' ? [notional, shares] : [shares, notional];
  return { side, makerAmount: toBaseUnits(maker), takerAmount: toBaseUnits(taker), size: shares.toString(), price: p.toString() };
}

/**
 * A market order: BUY spends `amount` of collateral, SELL sells `amount` shares, at worst
 * `price` (normally from walking the book).
 */
export function marketOrderAmounts(side: WireSide, amount: string, price: string, tickSize: string): OrderAmounts {
  const rc = roundingFor(tickSize);
  const p = roundDown(Decimal.parse(price), rc.price);
  checkPriceRange(p, tickSize);
  const maker = roundDown(Decimal.parse(amount), rc.size);
  if (!maker.isPositive()) throw new InvalidOrder(`polymarket: amount ${amount} rounds to zero`, { venue: 'polymarket' });
  const taker = side === 'BUY' ? fixAmount(maker.div(p, rc.amount + 8, 'ceil'), rc.amount) : fixAmount(maker.mul(p), rc.amount);
  const size = side === 'BUY' ? taker : maker;
  return { side, makerAmount: toBaseUnits(maker), takerAmount: toBaseUnits(taker), size: size.toString(), price: p.toString() };
}

/** The limit price implied by signed amounts: maker/taker for BUY, taker/maker for SELL. */
export function impliedPrice(side: WireSide, makerAmount: string, takerAmount: string, scale = 6): Decimal {
  const maker = fromBaseUnits(makerAmount);
  const taker = fromBaseUnits(takerAmount);
  return side === 'BUY' ? maker.div(taker, scale, 'half-even') : taker.div(maker, scale, 'half-even');
}
