import { z } from 'zod';
import { CandidateIndex, DEFAULT_BLOCKING, type BlockingConfig } from './blocking.js';
import { canonicalize, type Canonical, type MatchableMarket } from './canonical.js';
import { RuleJudge } from './judge.js';
import { pairKey, type OverrideStore, type StoredOverride } from './overrides.js';
import { DifferenceSchema, RelationSchema, type Judgement, type MatchJudge } from './types.js';

/**
 * The matching pipeline: canonicalize each market, file it for candidate generation, judge its
 * candidates on the other venues, apply overrides, and decide which pairs feed arbitrage. Markets
 * are added one at a time (a catalog sync streams them) or in bulk; each call reports the matches
 * that appeared, changed or went away.
 */

export const MatchRecordSchema = z.object({
  /** Both market ids in a fixed order (`a|b`). */
  id: z.string(),
  a: z.string(),
  b: z.string(),
  relation: RelationSchema,
  confidence: z.number().min(0).max(1),
  reasons: z.array(z.string()),
  differences: z.array(DifferenceSchema),
  narrower: z.enum(['a', 'b']).nullable(),
  /** Whether the pair feeds arbitrage. */
  tradable: z.boolean(),
  /** Judge name, or `override` when a human decision applies. */
  decidedBy: z.string(),
  override: z.object({ decision: z.enum(['confirm', 'reject']), origin: z.enum(['file', 'runtime']), by: z.string().nullable(), note: z.string().nullable() }).nullable(),
  judgedAt: z.string(),
});
export type MatchRecord = z.infer<typeof MatchRecordSchema>;

export interface MatchChange {
  type: 'added' | 'changed' | 'removed';
  record: MatchRecord;
}

export interface MatchConfig {
  /** Minimum confidence for an `identical`/`inverse` judgement to feed arbitrage. */
  minConfidence: number;
  blocking: BlockingConfig;
  /** Keep judged pairs whose relation is `different` (normally dropped to save memory). */
  keepDifferent: boolean;
}

export const DEFAULT_MATCH_CONFIG: MatchConfig = { minConfidence: 0.9, blocking: DEFAULT_BLOCKING, keepDifferent: false };

export interface MatcherOptions {
  judge?: MatchJudge;
  overrides?: OverrideStore;
  config?: Partial<MatchConfig>;
  now?: () => Date;
}

export interface MatcherStats {
  markets: number;
  /** Pairs handed to the judge since start. */
  pairsJudged: number;
  records: number;
  tradable: number;
}

function isPromise<T>(v: T | Promise<T>): v is Promise<T> {
  return typeof (v as { then?: unknown } | null)?.then === 'function';
}

/** Whether a judgement may feed arbitrage on its own (no override). */
export function isTradableJudgement(j: Pick<Judgement, 'relation' | 'confidence' | 'differences'>, minConfidence: number): boolean {
  return (j.relation === 'identical' || j.relation === 'inverse') && j.confidence >= minConfidence && !j.differences.some((d) => d.critical);
}

export class Matcher {
  readonly config: MatchConfig;
  private readonly judge: MatchJudge;
  private readonly index: CandidateIndex;
  private readonly records = new Map<string, MatchRecord>();
  private readonly judged = new Map<string, { judgement: Judgement; judge: string; at: string }>();
  private readonly byMarket = new Map<string, Set<string>>();
  private readonly now: () => Date;
  private pairsJudged = 0;

  constructor(private readonly options: MatcherOptions = {}) {
    this.config = { ...DEFAULT_MATCH_CONFIG, ...options.config, blocking: { ...DEFAULT_BLOCKING, ...options.config?.blocking } };
    this.judge = options.judge ?? new RuleJudge();
    this.index = new CandidateIndex(this.config.blocking);
    this.now = options.now ?? (() => new Date());
  }

  canonical(id: string): Canonical | undefined {
    return this.index.get(id);
  }

  get(a: string, b: string): MatchRecord | undefined {
    return this.records.get(pairKey(a, b));
  }

  /** The judge's own view of a pair (whatever a human decided), if it judged it related. */
  judgement(a: string, b: string): Judgement | undefined {
    return this.judged.get(pairKey(a, b))?.judgement;
  }

  /**
   * How the judge sees any two markets it knows: the pair's kept record (`recorded`), or else a
   * judgement made now and not kept (the pair never came up as a candidate, or was judged
   * `different`), so it feeds nothing. Undefined when either market is unknown.
   */
  async compare(a: string, b: string): Promise<{ record: MatchRecord; recorded: boolean } | undefined> {
    const kept = this.get(a, b);
    if (kept) return { record: kept, recorded: true };
    const [x, y] = a < b ? [a, b] : [b, a];
    const cx = this.index.get(x);
    const cy = this.index.get(y);
    if (!cx || !cy) return undefined;
    const out = this.judge.judge(cx, cy);
    const j = isPromise(out) ? await out : out;
    const record: MatchRecord = {
      id: pairKey(x, y),
      a: x,
      b: y,
      relation: j.relation,
      confidence: j.confidence,
      reasons: j.reasons,
      differences: j.differences,
      narrower: j.narrower,
      tradable: false,
      decidedBy: this.judge.name,
      override: null,
      judgedAt: this.now().toISOString(),
    };
    return { record, recorded: false };
  }

  all(): MatchRecord[] {
    return [...this.records.values()];
  }

  matchesOf(marketId: string): MatchRecord[] {
    return [...(this.byMarket.get(marketId) ?? [])].flatMap((k) => this.records.get(k) ?? []);
  }

  tradable(): MatchRecord[] {
    return this.all().filter((r) => r.tradable);
  }

  stats(): MatcherStats {
    return { markets: this.index.size, pairsJudged: this.pairsJudged, records: this.records.size, tradable: this.tradable().length };
  }

  /** Adds or updates a market and judges it against its candidates. */
  async upsert(market: MatchableMarket): Promise<MatchChange[]> {
    const c = canonicalize(market);
    this.index.add(c);
    const changes: MatchChange[] = [];
    const seen = new Set<string>();
    for (const other of this.index.candidates(c)) {
      const [x, y] = c.id < other.id ? [c, other] : [other, c];
      const key = pairKey(x.id, y.id);
      seen.add(key);
      const out = this.judge.judge(x, y);
      const judgement = isPromise(out) ? await out : out;
      this.pairsJudged += 1;
      // Pairs judged different are not kept (most candidates are): memory stays proportional to matches.
      if (judgement.relation !== 'different' || this.config.keepDifferent) this.judged.set(key, { judgement, judge: this.judge.name, at: this.now().toISOString() });
      else this.judged.delete(key);
      if (this.judged.has(key) || this.records.has(key) || this.options.overrides?.get(x.id, y.id)) this.refresh(x.id, y.id, changes);
    }
    // Pairs of this market that are no longer candidates go, unless a human decided them.
    for (const key of [...(this.byMarket.get(c.id) ?? [])]) {
      if (seen.has(key)) continue;
      this.judged.delete(key);
      const [a, b] = key.split('|') as [string, string];
      this.refresh(a, b, changes);
    }
    for (const o of this.options.overrides?.list() ?? []) {
      if ((o.a === c.id || o.b === c.id) && this.index.get(o.a === c.id ? o.b : o.a)) {
        const [a, b] = o.a < o.b ? [o.a, o.b] : [o.b, o.a];
        this.refresh(a, b, changes);
      }
    }
    return changes;
  }

  async upsertMany(markets: Iterable<MatchableMarket>, onProgress?: (done: number) => void): Promise<MatchChange[]> {
    const changes: MatchChange[] = [];
    let done = 0;
    for (const m of markets) {
      changes.push(...(await this.upsert(m)));
      done += 1;
      if (onProgress && done % 1000 === 0) onProgress(done);
    }
    return changes;
  }

  remove(marketId: string): MatchChange[] {
    this.index.remove(marketId);
    const changes: MatchChange[] = [];
    for (const key of [...(this.byMarket.get(marketId) ?? [])]) {
      this.judged.delete(key);
      const [a, b] = key.split('|') as [string, string];
      this.refresh(a, b, changes);
    }
    return changes;
  }

  /** Re-derives a pair after an override was set or removed in the store. */
  overrideChanged(a: string, b: string): MatchChange[] {
    const [x, y] = a < b ? [a, b] : [b, a];
    const changes: MatchChange[] = [];
    this.refresh(x, y, changes);
    return changes;
  }

  private refresh(a: string, b: string, changes: MatchChange[]): void {
    const key = pairKey(a, b);
    const before = this.records.get(key);
    const bothKnown = this.index.get(a) !== undefined && this.index.get(b) !== undefined;
    const override = this.options.overrides?.get(a, b);
    const judged = this.judged.get(key);
    let next: MatchRecord | null = null;
    if (override && bothKnown) next = this.fromOverride(key, a, b, override, judged?.judgement ?? null);
    else if (judged && bothKnown) {
      const j = judged.judgement;
      if (j.relation !== 'different' || this.config.keepDifferent) {
        next = {
          id: key,
          a,
          b,
          relation: j.relation,
          confidence: j.confidence,
          reasons: j.reasons,
          differences: j.differences,
          narrower: j.narrower,
          tradable: isTradableJudgement(j, this.config.minConfidence),
          decidedBy: judged.judge,
          override: null,
          judgedAt: judged.at,
        };
      }
    }
    if (next) {
      this.records.set(key, next);
      this.link(key, a, b);
      if (!before) changes.push({ type: 'added', record: next });
      else if (JSON.stringify({ ...before, judgedAt: '' }) !== JSON.stringify({ ...next, judgedAt: '' })) changes.push({ type: 'changed', record: next });
    } else if (before) {
      this.records.delete(key);
      this.unlink(key, a, b);
      changes.push({ type: 'removed', record: before });
    }
  }

  private fromOverride(key: string, a: string, b: string, o: StoredOverride, judged: Judgement | null): MatchRecord {
    const confirm = o.decision === 'confirm';
    const relation = o.relation ?? (confirm ? (judged && judged.relation !== 'different' ? judged.relation : 'identical') : 'different');
    const who = o.by ? ` by ${o.by}` : '';
    const reason = `${confirm ? 'confirmed' : 'rejected'}${who} (${o.origin === 'file' ? 'curated overrides file' : 'override'})${o.note ? `: ${o.note}` : ''}`;
    return {
      id: key,
      a,
      b,
      relation,
      confidence: 1,
      reasons: [reason, ...(judged ? judged.reasons.map((r) => `matcher: ${r}`) : [])],
      differences: judged?.differences ?? [],
      narrower: relation === 'subset' ? (o.narrower === b ? 'b' : o.narrower === a ? 'a' : (judged?.narrower ?? null)) : null,
      tradable: confirm && (relation === 'identical' || relation === 'inverse'),
      decidedBy: 'override',
      override: { decision: o.decision, origin: o.origin, by: o.by ?? null, note: o.note ?? null },
      judgedAt: o.at ?? this.now().toISOString(),
    };
  }

  private link(key: string, a: string, b: string): void {
    for (const id of [a, b]) {
      let s = this.byMarket.get(id);
      if (!s) this.byMarket.set(id, (s = new Set()));
      s.add(key);
    }
  }

  private unlink(key: string, a: string, b: string): void {
    for (const id of [a, b]) {
      const s = this.byMarket.get(id);
      s?.delete(key);
      if (s && s.size === 0) this.byMarket.delete(id);
    }
  }
}
