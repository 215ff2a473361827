import { Decimal, type Market } from '../../core/index.js';
import type { FeeQuote } from '../../venue/fees.js';
import type { FeeQuoterLookup } from './config.js';
import type { Rung } from './ladder.js';

/** A fee quote for one leg's taker buy, or why there is none. */
export type LegFee = { quote: FeeQuote } | { quote: null; why: string };

export function quoteLeg(quoters: FeeQuoterLookup, market: Market, outcome: 'yes' | 'no', fills: readonly Rung[]): LegFee {
  const quoter = quoters(market.venue);
  if (!quoter) return { quote: null, why: `no fee quote for ${market.venue}` };
  try {
    const quote = quoter({
      market,
      outcome,
      side: 'buy',
      liquidity: 'taker',
      fills: fills.map((f) => [f.price.normalize().toString(), f.size.normalize().toString()] as const),
    });
    return quote ? { quote } : { quote: null, why: `fee of ${market.id} unknown (no schedule)` };
  } catch (err) {
    return { quote: null, why: `fee quote for ${market.id} failed: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/**
 * Marginal fee per contract at one price, from a quote of a large reference order so that
 * per-order rounding does not distort the rate. Used only to decide how deep to walk; the chosen
 * size is then quoted exactly. Zero when the fee is unknown (the opportunity is then blocked anyway).
 */
export class MarginalFees {
  private readonly cache = new Map<string, Decimal | null>();

  constructor(
    private readonly quoters: FeeQuoterLookup,
    private readonly reference: Decimal,
  ) {}

  perContract(market: Market, outcome: 'yes' | 'no', rung: Rung): Decimal | null {
    const key = `${market.id}|${outcome}|${rung.price.toString()}`;
    if (this.cache.has(key)) return this.cache.get(key) ?? null;
    const q = quoteLeg(this.quoters, market, outcome, [{ ...rung, size: this.reference }]);
    const rate = q.quote ? Decimal.parse(q.quote.fee).div(this.reference, 12, 'ceil') : null;
    this.cache.set(key, rate);
    return rate;
  }
}
