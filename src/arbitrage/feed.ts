import type { Market } from '../core/index.js';
import type { TradablePair } from './evaluate/pair.js';
import type { MatchRecord } from './match/matcher.js';

/**
 * The bridge from matching to evaluation: a match that feeds arbitrage becomes a pair the engine
 * evaluates. Null when the record does not feed arbitrage or a market is unknown.
 */
export function toTradablePair(record: MatchRecord, market: (id: string) => Market | undefined): TradablePair | null {
  if (!record.tradable || (record.relation !== 'identical' && record.relation !== 'inverse')) return null;
  const a = market(record.a);
  const b = market(record.b);
  if (!a || !b) return null;
  return { id: record.id, a, b, relation: record.relation, confidence: record.confidence, reasons: record.reasons };
}
