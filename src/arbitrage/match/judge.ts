import type { Canonical, Predicate } from './canonical.js';
import { compatibleGroups } from './category.js';
import { axis, compareGames, compareQualifiers, compareRates, compareSources, compareSubjects, compareThresholds, compareWording, type Axis } from './compare.js';
import { compareTimes } from './compare-time.js';
import { sharesAnchor, similarity } from './similarity.js';
import type { Difference, Judgement, MatchJudge, Relation } from './types.js';

/**
 * The default judge: reads both markets' structured fields (subject, game side, predicate,
 * threshold and comparator, decision, dates and zones, resolution source) and composes how the
 * sets of worlds where each says YES relate. Confidence multiplies how plainly each aspect was
 * stated; `identical`/`inverse` are only confident when every aspect that matters was read on both
 * sides and agrees.
 */
export const RULE_JUDGE_NAME = 'rules-v1';

const MONOTONE: ReadonlySet<Predicate> = new Set(['reach', 'occurs']);

function predicateAxis(a: Canonical, b: Canonical): Axis | null {
  const pa = a.predicate;
  const pb = b.predicate;
  if (pa === pb) {
    if ((pa === 'reach' || pa === 'updown') && a.direction !== b.direction) {
      if (pa === 'updown') return axis('direction', 'complement', 0.9, `up vs down over the same window`);
      return axis('direction', 'overlap', 1, `reaching up vs dipping down`, { a: a.direction ?? '', b: b.direction ?? '', critical: true, note: `direction ${a.direction} vs ${b.direction}` });
    }
    return null;
  }
  const pair = new Set([pa, pb]);
  const note = `${pa} vs ${pb}`;
  if (pair.has('compare') && pair.has('reach')) {
    const cmpSide = pa === 'compare' ? a : b;
    const reachSide = pa === 'reach' ? a : b;
    const up = cmpSide.threshold && (cmpSide.threshold.cmp === '>' || cmpSide.threshold.cmp === '>=');
    if ((up && reachSide.direction === 'up') || (!up && reachSide.direction === 'down')) {
      return axis('predicate', pa === 'compare' ? 'a-in-b' : 'b-in-a', 0.85, 'a value observed at one moment vs a level reached at any time', {
        a: pa,
        b: pb,
        critical: true,
        note: 'observed at a moment vs reached any time',
      });
    }
    return axis('predicate', 'overlap', 0.9, note, { a: pa, b: pb, critical: true, note });
  }
  if (pair.has('compare') && pair.has('win')) {
    // A vote share of at least half, or a positive margin of victory, implies winning.
    const cmpSide = pa === 'compare' ? a : b;
    const t = cmpSide.threshold;
    const share = t && t.unit === '%' && /\b(vote|votes|share)\b/.test(cmpSide.statement + ' ' + cmpSide.rules.toLowerCase()) && (t.cmp === '>=' || t.cmp === '>') && t.value.gte('50');
    const margin = t && t.unit === '%' && cmpSide.qualifiers.has('margin') && (t.cmp === '>=' || t.cmp === '>') && !t.value.isNegative();
    if (share || margin) {
      return axis('predicate', pa === 'compare' ? 'a-in-b' : 'b-in-a', 0.85, `${share ? 'a majority of the vote' : 'a positive margin'} implies winning`, { a: pa, b: pb, critical: true, note: share ? 'vote share vs winning' : 'margin vs winning' });
    }
  }
  if (pair.has('occurs') && !pair.has('rate-change') && !pair.has('updown')) return axis('predicate', 'equal', 0.85, `phrased differently (${note})`);
  if (pair.has('win') && pair.has('nomination')) return axis('predicate', 'overlap', 0.9, 'winning the nomination vs winning the office', { a: pa, b: pb, critical: true, note: 'nomination vs election' });
  if (pair.has('rate-change') && pair.has('compare')) return axis('predicate', 'overlap', 0.9, 'a rate change vs a rate level', { a: pa, b: pb, critical: true, note: 'rate change vs rate level' });
  return axis('predicate', 'overlap', 0.8, `different kinds of proposition: ${note}`, { a: pa, b: pb, critical: true, note });
}

/** Staying in office vs leaving it: the same question asked the other way round. */
function stanceAxis(a: Canonical, b: Canonical): Axis | null {
  const flipped = (a.stance !== null && b.stance !== null && a.stance !== b.stance) !== (a.negated !== b.negated);
  if (a.negated !== b.negated && !(a.stance !== null && b.stance !== null && a.stance !== b.stance)) {
    return axis('stance', 'complement', 0.8, 'one question is asked in the negative', { a: a.negated ? 'negated' : 'affirmative', b: b.negated ? 'negated' : 'affirmative', critical: false, note: 'asked in the negative on one side' });
  }
  if (!flipped || !a.stance || !b.stance || a.stance === b.stance) return null;
  return axis('stance', 'complement', 0.85, `"${a.stance === 'in' ? 'stays' : 'leaves'}" vs "${b.stance === 'in' ? 'stays' : 'leaves'}": one is the negation of the other`, {
    a: a.stance,
    b: b.stance,
    critical: false,
    note: `asked the other way round (${a.stance} vs ${b.stance})`,
  });
}

function topicalFactor(sim: number): number {
  if (sim >= 0.55) return 1;
  if (sim >= 0.4) return 0.92;
  if (sim >= 0.3) return 0.8;
  return 0.6;
}

function compose(axes: Axis[]): { relation: Relation; narrower: 'a' | 'b' | null; decisive: Axis | null } {
  const disjoint = axes.find((x) => x.rel === 'disjoint');
  if (disjoint) return { relation: 'different', narrower: null, decisive: disjoint };
  const overlap = axes.find((x) => x.rel === 'overlap');
  if (overlap) return { relation: 'overlap', narrower: null, decisive: overlap };
  const complements = axes.filter((x) => x.rel === 'complement');
  const inA = axes.filter((x) => x.rel === 'a-in-b');
  const inB = axes.filter((x) => x.rel === 'b-in-a');
  if (complements.length === 1) {
    if (inA.length === 0 && inB.length === 0) return { relation: 'inverse', narrower: null, decisive: null };
    return { relation: 'different', narrower: null, decisive: complements[0] ?? null };
  }
  if (complements.length > 1) return { relation: 'overlap', narrower: null, decisive: complements[0] ?? null };
  if (inA.length > 0 && inB.length > 0) return { relation: 'overlap', narrower: null, decisive: inA[0] ?? null };
  if (inA.length > 0) return { relation: 'subset', narrower: 'a', decisive: inA[0] ?? null };
  if (inB.length > 0) return { relation: 'subset', narrower: 'b', decisive: inB[0] ?? null };
  return { relation: 'identical', narrower: null, decisive: null };
}

export function judgeByRules(a: Canonical, b: Canonical): Judgement {
  const sim = similarity(a, b);
  const simText = `topical similarity ${sim.toFixed(2)}`;
  if (!compatibleGroups(a.topic, b.topic)) {
    return { relation: 'different', confidence: 0.95, reasons: [`different topics: ${a.topic} vs ${b.topic}`, simText], differences: [{ field: 'topic', a: a.topic ?? '', b: b.topic ?? '', critical: true, note: `topic ${a.topic} vs ${b.topic}` }], narrower: null };
  }
  const anchor = sharesAnchor(a, b);
  if (!anchor && sim < 0.3) {
    return { relation: 'different', confidence: Math.min(0.99, 0.95 - sim), reasons: ['no shared subject, entity or name', simText], differences: [], narrower: null };
  }

  const priceLike = a.predicate === 'compare' || a.predicate === 'reach' || a.predicate === 'updown' || b.predicate === 'compare' || b.predicate === 'reach' || b.predicate === 'updown';
  const reachSplit = a.predicate === 'reach' && b.predicate === 'reach' && a.direction !== b.direction;
  const monotone = MONOTONE.has(a.predicate) && MONOTONE.has(b.predicate);
  const games = a.game !== null && b.game !== null;
  // In games a margin or a total carries its own threshold; a margin against a plain win is read by the game axis.
  const gameThresholds = !games || (a.game?.kind === b.game?.kind && a.game?.kind !== 'moneyline');
  const axes = [
    compareSubjects(a, b),
    compareGames(a, b),
    games ? null : predicateAxis(a, b),
    stanceAxis(a, b),
    a.rate && b.rate ? compareRates(a, b) : reachSplit || !gameThresholds ? null : compareThresholds(a, b),
    a.predicate !== b.predicate ? null : compareQualifiers(a, b, games),
    compareTimes(a, b, monotone),
    compareSources(a, b, priceLike),
  ].filter((x): x is Axis => x !== null);

  // Nothing structural pins the proposition down (no decision, threshold, game outcome): then the
  // words saying what happens must agree too.
  const pinned = axes.some((x) => (x.rel === 'equal' || x.rel === 'complement') && x.certainty >= 0.9 && ['outcome', 'threshold', 'decision', 'comparator', 'direction', 'stance'].includes(x.field));
  if (!pinned) {
    const wording = compareWording(a, b);
    if (wording) axes.push(wording);
  }
  const { relation, narrower, decisive } = compose(axes);
  const differences: Difference[] = axes.flatMap((x) => (x.difference ? [x.difference] : []));
  if (a.fiftyFifty !== b.fiftyFifty) {
    differences.push({ field: 'cancellation', a: a.fiftyFifty ? '50-50' : 'not stated', b: b.fiftyFifty ? '50-50' : 'not stated', critical: false, note: 'a cancelled or tied event settles 50-50 on one side only' });
  }
  let certainty = axes.reduce((p, x) => p * x.certainty, 1);
  if (a.fiftyFifty !== b.fiftyFifty) certainty *= 0.97;
  const structural = axes.some((x) => x.rel === 'equal' && x.certainty >= 0.92 && ['subject', 'outcome', 'threshold', 'decision', 'comparator'].includes(x.field)) || axes.some((x) => x.rel === 'complement' && x.certainty >= 0.9);

  let confidence: number;
  if (relation === 'different' && decisive) confidence = decisive.certainty * (anchor ? 1 : 0.95);
  else {
    // A game's sides or a decision read on both sides identify the proposition better than shared words.
    const strong = axes.some((x) => (x.rel === 'equal' || x.rel === 'complement') && x.certainty === 1 && (x.field === 'outcome' || x.field === 'decision'));
    confidence = certainty * (strong ? Math.max(topicalFactor(sim), 0.97) : topicalFactor(sim)) * (anchor ? 1 : 0.75);
    if ((relation === 'identical' || relation === 'inverse') && !structural) confidence = Math.min(confidence, 0.85);
  }
  confidence = Math.max(0, Math.min(1, Math.round(confidence * 1000) / 1000));

  const reasons = [
    ...axes.filter((x) => x.rel === 'equal' || x.rel === 'complement').map((x) => x.reason),
    ...differences.map((d) => d.note),
    simText,
  ];
  if ((relation === 'identical' || relation === 'inverse') && !structural) reasons.push('no subject, threshold or outcome read on both sides: matched on wording and dates only');
  return { relation, confidence, reasons: [...new Set(reasons)], differences, narrower };
}

export class RuleJudge implements MatchJudge {
  readonly name = RULE_JUDGE_NAME;
  judge(a: Canonical, b: Canonical): Judgement {
    return judgeByRules(a, b);
  }
}
