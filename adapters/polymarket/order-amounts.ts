import { Decimal, InvalidOrder } from '../../src/core/index.js';

/**
 * Price and size → signed `makerAmount`/`takerAmount` (docs/venues/polymarket.md §6.3), the official
 * clients' algorithm in exact decimal arithmetic. Amounts are in base units (6 decimals, for both
 * pUSD and outcome tokens).
 *
 * The venue checks amount precision by order type: a limit order (GTC/GTD) has at most 2 decimals
 * of shares and at most the tick's amount decimals of collateral; a market-style order (FOK/FAK)
 * has a maker amount of at most 2 decimals and a taker amount of at most 4, whatever the tick
 * (`invalid amounts, the market buy orders maker amount supports a max accuracy of 2 decimals,
 * taker amount a max of 4 decimals`; py-clob-client-v2#99, Polymarket.Net#22, py-clob-client#305).
 * `orderAmounts` builds each time in force by its own rule.
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

/** The venue's cap on a market-style order's taker amount, whatever the tick (§6.3). */
export const MARKET_TAKER_DECIMALS = 4;
/** The venue's cap on a market-style order's maker amount (§6.3). */
export const MARKET_MAKER_DECIMALS = 2;

/**
 * A market order as the official V2 client builds it (`getMarketOrderRawAmounts`): BUY spends
 * `amount` of collateral, SELL sells `amount` shares, at worst `price` (normally from walking the
 * book); the taker amount is capped at 4 decimals.
 */
export function marketOrderAmounts(side: WireSide, amount: string, price: string, tickSize: string): OrderAmounts {
  const rc = roundingFor(tickSize);
  const p = roundDown(Decimal.parse(price), rc.price);
  checkPriceRange(p, tickSize);
  const maker = roundDown(Decimal.parse(amount), rc.size);
  if (!maker.isPositive()) throw new InvalidOrder(`polymarket: amount ${amount} rounds to zero`, { venue: 'polymarket' });
  const raw = side === 'BUY' ? fixAmount(maker.div(p, rc.amount + 8, 'ceil'), rc.amount) : fixAmount(maker.mul(p), rc.amount);
  const taker = roundDown(raw, MARKET_TAKER_DECIMALS);
  const size = side === 'BUY' ? taker : maker;
  return { side, makerAmount: toBaseUnits(maker), takerAmount: toBaseUnits(taker), size: size.toString(), price: p.toString() };
}

/**
 * A market-style (FOK/FAK) order for `size` shares at limit `price`, with the venue's market
 * precision: BUY spends `size × price` rounded down to cents and asks for that amount's shares at
 * `price`, rounded down to 4 decimals; SELL gives `size` shares (2 decimals) for the proceeds at
 * `price`, rounded down to 4 decimals. Rounding down the taker side keeps the implied price at or
 * beyond the limit by less than a tick's worth (a BUY's maker/taker ≥ price, a SELL's taker/maker ≤
 * price), so the order still reaches a level at exactly the limit: rounding the other way leaves a
 * BUY just under the ask, where it can never match (py-sdk#291). Never more shares than asked.
 */
export function marketStyleAmounts(side: WireSide, price: string, size: string, tickSize: string): OrderAmounts {
  roundingFor(tickSize);
  const p = Decimal.parse(price).normalize();
  checkPriceRange(p, tickSize);
  let maker: Decimal;
  let taker: Decimal;
  if (side === 'BUY') {
    maker = roundDown(Decimal.parse(size).mul(p), MARKET_MAKER_DECIMALS);
    taker = maker.div(p, MARKET_TAKER_DECIMALS, 'floor').normalize();
  } else {
    maker = roundDown(Decimal.parse(size), MARKET_MAKER_DECIMALS);
    taker = roundDown(maker.mul(p), MARKET_TAKER_DECIMALS);
  }
  if (!maker.isPositive() || !taker.isPositive()) {
    throw new InvalidOrder(`polymarket: ${size} at ${price} rounds to nothing at the venue's market-order precision`, { venue: 'polymarket' });
  }
  const shares = side === 'BUY' ? taker : maker;
  return { side, makerAmount: toBaseUnits(maker), takerAmount: toBaseUnits(taker), size: shares.toString(), price: p.toString() };
}

export type AmountsOrderType = 'GTC' | 'GTD' | 'FOK' | 'FAK';

/** Amounts for an order of `size` shares at `price`, by the venue's rule for its order type. */
export function orderAmounts(orderType: AmountsOrderType, side: WireSide, price: string, size: string, tickSize: string): OrderAmounts {
  return orderType === 'FOK' || orderType === 'FAK' ? marketStyleAmounts(side, price, size, tickSize) : limitOrderAmounts(side, price, size, tickSize);
}

/** The limit price implied by signed amounts: maker/taker for BUY, taker/maker for SELL. */
export function impliedPrice(side: WireSide, makerAmount: string, takerAmount: string, scale = 6): Decimal {
  const maker = fromBaseUnits(makerAmount);
  const taker = fromBaseUnits(takerAmount);
  return side === 'BUY' ? maker.div(taker, scale, 'half-even') : taker.div(maker, scale, 'half-even');
}
