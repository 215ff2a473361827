import { Decimal } from '../../core/index.js';
import type { Market, OrderBook } from '../../core/index.js';
import { evaluateBasket, type BasketEvaluation, type EvaluationContext } from './basket.js';
import type { TradableRelation } from './types.js';

/** A matched pair that feeds arbitrage (confirmed by the matcher or an override). */
export interface TradablePair {
  /** The match's id (both market ids, ordered). */
  id: string;
  a: Market;
  b: Market;
  relation: TradableRelation;
  confidence: number;
  reasons: string[];
}

export interface PairBooks {
  a: OrderBook | undefined;
  b: OrderBook | undefined;
  /** When each book was last confirmed current, if later than its `receivedAt`. */
  freshAt?: { a?: number; b?: number };
}

export interface PairDirection {
  direction: string;
  a: 'yes' | 'no';
  b: 'yes' | 'no';
}

/**
 * The two ways to lock in a pair. Identical: YES on one and NO on the other. Inverse (YES on A is
 * NO on B): YES on both, or NO on both. Each pays exactly 1 per set whatever happens.
 */
export function directionsOf(relation: TradableRelation): PairDirection[] {
  return relation === 'identical'
    ? [
        { direction: 'a:yes+b:no', a: 'yes', b: 'no' },
        { direction: 'a:no+b:yes', a: 'no', b: 'yes' },
      ]
    : [
        { direction: 'a:yes+b:yes', a: 'yes', b: 'yes' },
        { direction: 'a:no+b:no', a: 'no', b: 'no' },
      ];
}

export function opportunityId(pairId: string, direction: string): string {
  return `${pairId}/${direction}`;
}

/** Both directions of a pair, each with its opportunity (or why there is none). */
export function evaluatePair(pair: TradablePair, books: PairBooks, ctx: EvaluationContext): (BasketEvaluation & { direction: string })[] {
  return directionsOf(pair.relation).map((d) => ({
    direction: d.direction,
    ...evaluateBasket(
      {
        id: opportunityId(pair.id, d.direction),
        kind: 'pair',
        source: pair.id,
        direction: d.direction,
        payoutPerSet: Decimal.ONE,
        legs: [
          { market: pair.a, outcome: d.a, book: books.a, ...(books.freshAt?.a !== undefined ? { freshAt: books.freshAt.a } : {}) },
          { market: pair.b, outcome: d.b, book: books.b, ...(books.freshAt?.b !== undefined ? { freshAt: books.freshAt.b } : {}) },
        ],
        relation: pair.relation,
        confidence: pair.confidence,
        reasons: pair.reasons,
      },
      ctx,
    ),
  }));
}
