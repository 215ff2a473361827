import { Decimal } from '../../core/index.js';
import type { Market, OrderBook } from '../../core/index.js';
import { evaluateBasket, type BasketEvaluation, type EvaluationContext } from './basket.js';

/**
 * The markets of one mutually exclusive event on one venue (at most one resolves YES).
 *
 * - All NO: n NO tokens pay at least n − 1 whatever happens (exactly n − 1 when one outcome wins,
 *   n when none does), so buying them for less than n − 1 after fees is a guaranteed profit.
 * - All YES: pays exactly 1 only when the outcomes are also exhaustive (one of them must win). The
 *   model does not say so; unless the caller knows (`exhaustive: true`), the set is reported but
 *   not actionable.
 */
export interface CompleteSetGroup {
  /** The event id. */
  id: string;
  markets: Market[];
  /** True when one of the markets must resolve YES; null when unknown. */
  exhaustive: boolean | null;
}

export function evaluateCompleteSet(
  group: CompleteSetGroup,
  books: ReadonlyMap<string, OrderBook>,
  ctx: EvaluationContext,
  freshAt: ReadonlyMap<string, number> = new Map(),
): (BasketEvaluation & { direction: 'all-yes' | 'all-no' })[] {
  const n = group.markets.length;
  if (n < 2) return [];
  const venues = new Set(group.markets.map((m) => m.venue));
  const legsFor = (outcome: 'yes' | 'no') =>
    group.markets.map((market) => {
      const fresh = freshAt.get(market.id);
      return { market, outcome, book: books.get(market.id), ...(fresh !== undefined ? { freshAt: fresh } : {}) };
    });
  const reasons = [`${n} mutually exclusive markets of ${group.id}`];
  const blockers = venues.size > 1 ? ['markets of a complete set must be on one venue'] : [];
  const yes: BasketEvaluation & { direction: 'all-yes' } = {
    direction: 'all-yes',
    ...evaluateBasket(
      {
        id: `${group.id}/all-yes`,
        kind: 'complete-set',
        source: group.id,
        direction: 'all-yes',
        payoutPerSet: Decimal.ONE,
        legs: legsFor('yes'),
        relation: 'complete-set',
        confidence: group.exhaustive ? 1 : 0,
        reasons: [...reasons, group.exhaustive ? 'exactly one must resolve YES' : 'exhaustiveness unknown'],
        blockers: group.exhaustive ? blockers : [...blockers, 'the outcomes are not known to be exhaustive: if none resolves YES the set pays nothing'],
      },
      ctx,
    ),
  };
  const no: BasketEvaluation & { direction: 'all-no' } = {
    direction: 'all-no',
    ...evaluateBasket(
      {
        id: `${group.id}/all-no`,
        kind: 'complete-set',
        source: group.id,
        direction: 'all-no',
        payoutPerSet: Decimal.fromInteger(n - 1),
        legs: legsFor('no'),
        relation: 'complete-set',
        confidence: 1,
        reasons: [...reasons, `at most one resolves YES, so the NO tokens pay at least ${n - 1}`],
        blockers,
      },
      ctx,
    ),
  };
  return [yes, no];
}
