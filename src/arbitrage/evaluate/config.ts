import type { Currency, VenueId } from '../../core/index.js';
import type { FeeQuoter } from '../../venue/fees.js';

/**
 * How currencies net against each other. Each currency maps to a settlement unit; legs net only
 * when every leg maps to the same unit. Currencies listed in `flagged` are netted but the
 * opportunity says so. A currency absent from `unit` (play money by default) nets only with itself.
 */
export interface CurrencyPolicy {
  unit: Partial<Record<Currency, string>>;
  flagged: Currency[];
}

export const DEFAULT_CURRENCY_POLICY: CurrencyPolicy = {
  unit: { USD: 'USD', USDC: 'USD', pUSD: 'USD', USDT: 'USD' },
  flagged: ['USDT'],
};

/** The policy for the two switches of the configuration: stablecoins at par, USDT at par. */
export function currencyPolicy(options: { stablecoinsAtPar: boolean; usdtAtPar: boolean }): CurrencyPolicy {
  if (!options.stablecoinsAtPar) return { unit: { USD: 'USD', USDC: 'USDC', pUSD: 'pUSD', USDT: 'USDT' }, flagged: [] };
  return options.usdtAtPar ? DEFAULT_CURRENCY_POLICY : { unit: { USD: 'USD', USDC: 'USD', pUSD: 'USD', USDT: 'USDT' }, flagged: [] };
}

export interface EvaluationConfig {
  /** A leg whose book is older than this makes the opportunity not actionable. */
  maxQuoteAgeMs: number;
  currency: CurrencyPolicy;
  /** Whether two play-money markets of the same currency may be netted (never with real money). */
  playMoneyPairs: boolean;
  /** How many chunk boundaries to try below the deepest profitable size when rounding eats the edge. */
  stepBackLimit: number;
}

export const DEFAULT_EVALUATION_CONFIG: EvaluationConfig = {
  maxQuoteAgeMs: 15_000,
  currency: DEFAULT_CURRENCY_POLICY,
  playMoneyPairs: true,
  stepBackLimit: 6,
};

export function evaluationConfig(overrides: Partial<EvaluationConfig> = {}): EvaluationConfig {
  return { ...DEFAULT_EVALUATION_CONFIG, ...overrides, currency: overrides.currency ?? DEFAULT_CURRENCY_POLICY };
}

/** Where each venue's fee quote comes from (the adapter's `quoteFee`, injected). */
export type FeeQuoterLookup = (venue: VenueId) => FeeQuoter | undefined;

/** A lookup from adapters (or anything with an optional `quoteFee`), keyed by venue. */
export function feeQuotersFrom(adapters: Iterable<{ venue: VenueId; quoteFee?: FeeQuoter }>): FeeQuoterLookup {
  const map = new Map<VenueId, FeeQuoter>();
  for (const a of adapters) if (a.quoteFee) map.set(a.venue, a.quoteFee.bind(a));
  return (venue) => map.get(venue);
}
