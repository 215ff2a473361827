import { Decimal } from '../../core/index.js';
import type { VenueId } from '../../core/index.js';
import type { Opportunity } from '../evaluate/types.js';
import type { MatchRecord } from '../match/matcher.js';
import type { Relation } from '../match/types.js';

/** Filters of `GET /v1/arbitrage`. */
export interface OpportunityFilter {
  /** Every leg on one of these venues. */
  venues?: readonly VenueId[];
  /** Minimum profit per set after fees. */
  minEdge?: Decimal;
  /** Minimum sets. */
  minSize?: Decimal;
  minConfidence?: number;
  /** Only actionable opportunities. */
  actionableOnly?: boolean;
  limit: number;
}

/**
 * The opportunities that pass the filter: actionable first, then by guaranteed profit (largest
 * first), then by id so that the order is stable.
 */
export function selectOpportunities(all: readonly Opportunity[], f: OpportunityFilter): Opportunity[] {
  const venues = f.venues ? new Set(f.venues) : null;
  const kept = all.filter(
    (o) =>
      (!venues || o.legs.every((l) => venues.has(l.venue))) &&
      (!f.minEdge || Decimal.parse(o.edge).gte(f.minEdge)) &&
      (!f.minSize || Decimal.parse(o.size).gte(f.minSize)) &&
      (f.minConfidence === undefined || o.confidence >= f.minConfidence) &&
      (!f.actionableOnly || o.actionable),
  );
  kept.sort((x, y) => {
    if (x.actionable !== y.actionable) return x.actionable ? -1 : 1;
    const c = Decimal.parse(y.profit).cmp(Decimal.parse(x.profit));
    return c !== 0 ? c : x.id < y.id ? -1 : x.id > y.id ? 1 : 0;
  });
  return kept.slice(0, f.limit);
}

/** Filters of `GET /v1/matches` (and of the candidates listed by `GET /v1/arbitrage`). */
export interface MatchFilter {
  /** Pairs that include this market. */
  market?: string;
  relations?: readonly Relation[];
  minConfidence?: number;
  venues?: readonly VenueId[];
  /** Only pairs that feed arbitrage (true) or only those that do not (false). */
  tradable?: boolean;
  limit: number;
}

const venueOf = (id: string): string => id.slice(0, id.indexOf(':'));

/** Matches that pass the filter, most confident first (then by id). */
export function selectMatches(all: readonly MatchRecord[], f: MatchFilter): MatchRecord[] {
  const venues = f.venues ? new Set<string>(f.venues) : null;
  const relations = f.relations ? new Set(f.relations) : null;
  const kept = all.filter(
    (r) =>
      (f.market === undefined || r.a === f.market || r.b === f.market) &&
      (!relations || relations.has(r.relation)) &&
      (f.minConfidence === undefined || r.confidence >= f.minConfidence) &&
      (!venues || (venues.has(venueOf(r.a)) && venues.has(venueOf(r.b)))) &&
      (f.tradable === undefined || r.tradable === f.tradable),
  );
  kept.sort((x, y) => y.confidence - x.confidence || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  return kept.slice(0, f.limit);
}
