import type { Currency, Market } from '../core/index.js';

/**
 * The fee a venue charges for one order, as the adapter's `quoteFee` answers it. Venues round fees
 * per order or per fill by their own rules, so the input is the whole order: the fills it would
 * get, level by level. Arbitrage and order previews use this; nothing outside an adapter knows a
 * venue's fee formula.
 */
export interface OrderFeeInput {
  market: Market;
  /** The outcome token bought or sold. */
  outcome: 'yes' | 'no';
  side: 'buy' | 'sell';
  /** Whether the order takes liquidity (crosses the book) or rests and is filled later. */
  liquidity: 'taker' | 'maker';
  /** The fills of the order: `[price of the outcome traded, contracts]`, canonical decimal strings. */
  fills: readonly (readonly [string, string])[];
}

export interface FeeQuote {
  /** Total fee of the order in `currency`, a canonical decimal string. */
  fee: string;
  currency: Currency;
  /**
   * True when the venue does not publish the exact formula and the figure is a model (an upper
   * bound where the adapter can give one). Callers that need exact costs treat it as uncertain.
   */
  estimated: boolean;
  /** How the figure was obtained, for humans (e.g. "quadratic taker fee, ceiled per order"). */
  basis: string;
}

/** Answers null when the fee of this market cannot be known (e.g. no schedule published). */
export type FeeQuoter = (input: OrderFeeInput) => FeeQuote | null;
