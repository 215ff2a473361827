import { canonicalize } from './canonical.js';
import { PairLineSchema, toMatchable } from './input.js';
import type { Difference, MatchJudge, Relation } from './types.js';

/**
 * Offline evaluation of labelled or unlabelled pairs: one JSON line in, one JSON line out, in input
 * order. A line that does not parse yields an error line naming it; the rest still run.
 */

export interface PairResult {
  id: string;
  relation: Relation;
  confidence: number;
  reasons: string[];
  differences: Difference[];
  narrower: 'a' | 'b' | null;
}

export interface PairError {
  id: string | null;
  line: number;
  error: string;
}

export type PairOutput = PairResult | PairError;

export function isPairError(o: PairOutput): o is PairError {
  return 'error' in o;
}

export async function evaluatePairLine(text: string, lineNo: number, judge: MatchJudge): Promise<PairOutput> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { id: null, line: lineNo, error: `line ${lineNo}: not JSON (${(err as Error).message})` };
  }
  const idOf = (v: unknown): string | null => (v && typeof v === 'object' && 'id' in v && (typeof v.id === 'string' || typeof v.id === 'number') ? String(v.id) : null);
  const parsed = PairLineSchema.safeParse(raw);
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `${i.path.join('.') || '(line)'}: ${i.message}`).join('; ');
    return { id: idOf(raw), line: lineNo, error: `line ${lineNo}${idOf(raw) ? ` (id ${idOf(raw)})` : ''}: ${why}` };
  }
  const { id, a, b } = parsed.data;
  try {
    const ca = canonicalize(toMatchable(a, `${id}:a`));
    const cb = canonicalize(toMatchable(b, `${id}:b`));
    const j = await judge.judge(ca, cb);
    return { id, relation: j.relation, confidence: j.confidence, reasons: j.reasons, differences: j.differences, narrower: j.narrower };
  } catch (err) {
    return { id, line: lineNo, error: `line ${lineNo} (id ${id}): ${(err as Error).message}` };
  }
}

/** Evaluates every non-blank line, reporting progress every `every` lines. */
export async function evaluatePairLines(
  lines: AsyncIterable<string> | Iterable<string>,
  judge: MatchJudge,
  emit: (out: PairOutput) => void,
  progress?: (done: number) => void,
  every = 500,
): Promise<{ done: number; errors: number }> {
  let lineNo = 0;
  let done = 0;
  let errors = 0;
  for await (const line of lines) {
    lineNo += 1;
    if (line.trim() === '') continue;
    const out = await evaluatePairLine(line, lineNo, judge);
    if (isPairError(out)) errors += 1;
    emit(out);
    done += 1;
    if (progress && done % every === 0) progress(done);
  }
  return { done, errors };
}
