import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseArgs } from './cli.js';
import { evaluatePairLines, type PairOutput } from './evaluate-pairs.js';
import { RuleJudge } from './judge.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const good = (id: string, a: string, b: string) => JSON.stringify({ id, a: { venue: 'x', title: a }, b: { venue: 'y', title: b } });

describe('offline evaluation', () => {
  it('answers every line in order, naming bad lines and carrying on', async () => {
    const lines = [
      good('1', 'Will Bitcoin be above $100,000 on July 1, 2026?', 'Will Bitcoin be above $100,000 on July 1, 2026?'),
      '{not json',
      '',
      JSON.stringify({ id: 'missing-title', a: { venue: 'x' }, b: { venue: 'y', title: 'B' } }),
      good('4', 'Will the Fed cut rates in March 2026?', 'Will Rihanna release a new album in 2026?'),
    ];
    const out: PairOutput[] = [];
    const progress: number[] = [];
    const summary = await evaluatePairLines(lines, new RuleJudge(), (o) => out.push(o), (n) => progress.push(n), 2);
    expect(summary).toEqual({ done: 4, errors: 2 });
    expect(progress).toEqual([2, 4]);
    expect(out.map((o) => ('error' in o ? `error:${o.id}:${o.line}` : `${o.id}:${o.relation}`))).toEqual(['1:identical', 'error:null:2', 'error:missing-title:4', '4:different']);
    expect((out[2] as { error: string }).error).toBe('line 4 (id missing-title): a.title: Invalid input: expected string, received undefined');
  });

  it('parses its arguments', () => {
    expect(parseArgs(['--', '--input', 'in.jsonl'])).toEqual({ input: 'in.jsonl', output: null });
    expect(parseArgs(['--input=in.jsonl', '-o', 'out.jsonl'])).toEqual({ input: 'in.jsonl', output: 'out.jsonl' });
    expect(() => parseArgs([])).toThrow(/usage: npm run match/);
    expect(() => parseArgs(['--input', 'a', '--bogus'])).toThrow(/unknown argument --bogus/);
  });

  it('runs as `npm run match` would, writing to --output', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'venn-match-'));
    const input = join(dir, 'pairs.jsonl');
    const output = join(dir, 'out.jsonl');
    writeFileSync(input, `${good('a', 'Will Bitcoin be above $100,000 on July 1, 2026?', 'Will Bitcoin be above $90,000 on July 1, 2026?')}\nnope\n`);
    const { stderr } = await run(process.execPath, ['--import', 'tsx', join(ROOT, 'src/arbitrage/match/cli.ts'), '--input', input, '--output', output], { cwd: ROOT });
    expect(stderr).toMatch(/match: 2 pairs, 1 errors/);
    const lines = readFileSync(output, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ id: 'a', relation: 'subset', narrower: 'a' });
    expect(lines[0]).toHaveProperty('reasons');
    expect(lines[0]).toHaveProperty('differences');
    expect(lines[1]).toMatchObject({ id: null, line: 2 });
  });
});
