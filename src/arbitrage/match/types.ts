import { z } from 'zod';
import type { Canonical } from './canonical.js';

/**
 * How two markets relate, seen from YES:
 * - `identical`: YES on one is YES on the other in every case;
 * - `inverse`: YES on one is NO on the other in every case;
 * - `subset`: YES on the narrower one implies YES on the other (`narrower` says which);
 * - `overlap`: related, but each can resolve differently from the other;
 * - `different`: not the same question (different subject, disjoint outcomes, unrelated).
 */
export const RelationSchema = z.enum(['identical', 'inverse', 'subset', 'overlap', 'different']);
export type Relation = z.infer<typeof RelationSchema>;

export const DifferenceSchema = z.object({
  /** What differs: `threshold`, `comparator`, `time`, `timezone`, `source`, `subject`, `outcome`… */
  field: z.string(),
  a: z.string(),
  b: z.string(),
  /** True when the difference changes which outcome pays (the pair cannot feed arbitrage). */
  critical: z.boolean(),
  /** Human wording, e.g. "threshold 4.25 vs 4.50". */
  note: z.string(),
});
export type Difference = z.infer<typeof DifferenceSchema>;

export const JudgementSchema = z.object({
  relation: RelationSchema,
  /** Confidence in `relation`, in [0, 1]. */
  confidence: z.number().min(0).max(1),
  reasons: z.array(z.string()),
  differences: z.array(DifferenceSchema),
  /** For `subset`: the side whose YES implies the other's. */
  narrower: z.enum(['a', 'b']).nullable(),
});
export type Judgement = z.infer<typeof JudgementSchema>;

/**
 * Decides how two canonicalized markets relate. The pipeline (candidate generation, overrides,
 * arbitrage feed) does not depend on how: a judge may be rules, a model, or a person's queue. A
 * judge may answer synchronously or with a promise.
 */
export interface MatchJudge {
  /** Name and version, recorded on every match it decides. */
  readonly name: string;
  judge(a: Canonical, b: Canonical): Judgement | Promise<Judgement>;
}
