import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluatePairLine, isPairError, type PairResult } from './evaluate-pairs.js';
import { RuleJudge } from './judge.js';
import { RELATIONS, scoreRelations } from './scoring.js';
import type { Relation } from './types.js';

/**
 * The labelled set: real market titles and rules from the venues (sources cited per line), labelled
 * by hand. The judge is scored per relation; any false identical/inverse at confidence ≥ 0.9 (the
 * kind of error that would put money on a wrong pair) fails the test.
 */
const FILE = join(fileURLToPath(new URL('.', import.meta.url)), '__fixtures__', 'pairs.jsonl');

interface Labelled {
  id: string;
  label: Relation;
  narrower?: 'a' | 'b';
  source: { a: string; b: string };
}

const lines = readFileSync(FILE, 'utf8').split('\n').filter((l) => l.trim() !== '');
const labels = lines.map((l) => JSON.parse(l) as Labelled);

describe('labelled market pairs', () => {
  it('holds at least 80 cited pairs covering every relation', () => {
    expect(labels.length).toBeGreaterThanOrEqual(80);
    for (const l of labels) {
      expect(l.source.a.length, l.id).toBeGreaterThan(10);
      expect(l.source.b.length, l.id).toBeGreaterThan(10);
    }
    const counts = new Map<Relation, number>();
    for (const l of labels) counts.set(l.label, (counts.get(l.label) ?? 0) + 1);
    for (const r of RELATIONS) expect(counts.get(r) ?? 0, r).toBeGreaterThanOrEqual(5);
  });

  it('scores precision and recall per relation, and never claims a wrong identical/inverse with confidence', async () => {
    const judge = new RuleJudge();
    const results: PairResult[] = [];
    for (const [i, line] of lines.entries()) {
      const out = await evaluatePairLine(line, i + 1, judge);
      if (isPairError(out)) throw new Error(out.error);
      results.push(out);
    }
    const score = scoreRelations(
      labels.map((l) => l.label),
      results.map((r) => r.relation),
    );
    // The figures, for the record (and for whoever changes the judge).
    console.log(`\n${score.table}\n`);

    const dangerous = results.filter((r, i) => (r.relation === 'identical' || r.relation === 'inverse') && r.relation !== labels[i]!.label && r.confidence >= 0.9);
    expect(dangerous.map((r) => `${r.id}: ${r.relation} ${r.confidence}`)).toEqual([]);

    // Floors well under the current figures, so that a regression shows.
    expect(score.accuracy).toBeGreaterThanOrEqual(0.85);
    for (const r of ['identical', 'inverse', 'subset', 'different'] as const) {
      expect(score.per[r].precision, `${r} precision`).toBeGreaterThanOrEqual(0.8);
      expect(score.per[r].recall, `${r} recall`).toBeGreaterThanOrEqual(0.8);
    }
    // Subset answers say which side is narrower, and say it right.
    results.forEach((r, i) => {
      const l = labels[i]!;
      if (l.label === 'subset' && r.relation === 'subset' && l.narrower) expect(r.narrower, l.id).toBe(l.narrower);
    });
  });
});
