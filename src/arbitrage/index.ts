/**
 * Cross-venue arbitrage: matching markets that state the same proposition, and evaluating what
 * buying both sides would lock in. No venue is named here: venue facts come from the Market model
 * and from each adapter's `quoteFee`.
 *
 * Wiring, in order: a `Matcher` (with an `OverrideStore` on the service cache) receives catalog
 * markets; each tradable `MatchRecord` becomes a `TradablePair` (`toTradablePair`) for the
 * `ArbitrageEngine`, which receives book updates and emits opened/updated/closed opportunities.
 */
export { toTradablePair } from './feed.js';

export { canonicalize, type Canonical, type MatchableMarket, type Predicate } from './match/canonical.js';
export { RuleJudge, RULE_JUDGE_NAME, judgeByRules } from './match/judge.js';
export { DifferenceSchema, JudgementSchema, RelationSchema, type Difference, type Judgement, type MatchJudge, type Relation } from './match/types.js';
export {
  DEFAULT_MATCH_CONFIG,
  MatchRecordSchema,
  Matcher,
  isTradableJudgement,
  type MatchChange,
  type MatchConfig,
  type MatchRecord,
  type MatcherOptions,
  type MatcherStats,
} from './match/matcher.js';
export { CandidateIndex, DEFAULT_BLOCKING, type BlockingConfig } from './match/blocking.js';
export { OverrideDecisionSchema, OverrideStore, pairKey, readOverridesFile, type OverrideDecision, type StoredOverride } from './match/overrides.js';
export { evaluatePairLine, evaluatePairLines, type PairError, type PairOutput, type PairResult } from './match/evaluate-pairs.js';
export { scoreRelations, type Score } from './match/scoring.js';

export { ArbitrageEngine, type EngineOptions, type OpportunityListener } from './evaluate/engine.js';
export { evaluatePair, directionsOf, opportunityId, type PairBooks, type TradablePair } from './evaluate/pair.js';
export { evaluateCompleteSet, type CompleteSetGroup } from './evaluate/complete-set.js';
export { evaluateBasket, type BasketEvaluation, type BasketInput, type EvaluationContext } from './evaluate/basket.js';
export {
  DEFAULT_CURRENCY_POLICY,
  currencyPolicy,
  DEFAULT_EVALUATION_CONFIG,
  evaluationConfig,
  feeQuotersFrom,
  type CurrencyPolicy,
  type EvaluationConfig,
  type FeeQuoterLookup,
} from './evaluate/config.js';
export { LegSchema, OpportunityEventSchema, OpportunitySchema, type Leg, type Opportunity, type OpportunityEvent } from './evaluate/types.js';

export { ArbitrageService, type ArbitrageServiceOptions } from './service/service.js';
export { LiveBookFeed, RestBookPoller, type BookFeed, type BookFeedSink, type LiveBooks } from './service/books.js';
export { selectMatches, selectOpportunities, type MatchFilter, type OpportunityFilter } from './service/query.js';
