/**
 * `npm run bench [-- <name>...]`: discovers test/bench/*.bench.ts, runs every benchmark (or the
 * ones named; a name matches a benchmark name or its file name), prints a table and writes all
 * records to test/bench/results/latest.json.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchRecord, Benchmark } from './types.js';

const dir = fileURLToPath(new URL('.', import.meta.url));
const resultsDir = join(dir, 'results');

interface Found {
  file: string;
  bench: Benchmark;
}

/** Imports every bench file; a file that fails to load is reported and counted, the others still run. */
async function discover(): Promise<{ found: Found[]; broken: { file: string; error: string }[] }> {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.bench.ts'))
    .sort();
  const found: Found[] = [];
  const broken: { file: string; error: string }[] = [];
  for (const file of files) {
    try {
      const mod = (await import(pathToFileURL(join(dir, file)).href)) as { benchmarks?: Benchmark[] };
      if (!Array.isArray(mod.benchmarks)) throw new Error('does not export `benchmarks: Benchmark[]`');
      for (const bench of mod.benchmarks) found.push({ file: basename(file, '.bench.ts'), bench });
    } catch (err) {
      broken.push({ file: basename(file, '.bench.ts'), error: err instanceof Error ? err.message : String(err) });
    }
  }
  return { found, broken };
}

function fmt(n: number | null): string {
  if (n === null) return '-';
  if (Math.abs(n) >= 100) return n.toFixed(0);
  if (Math.abs(n) >= 1) return n.toFixed(2);
  return n.toPrecision(3);
}

export function table(records: (BenchRecord & { benchmark: string })[]): string {
  const header = ['benchmark', 'record', 'value', 'unit', 'baseline', 'ratio', 'target', 'pass'];
  const rows = records.map((r) => [
    r.benchmark,
    r.name,
    fmt(r.value),
    r.unit,
    fmt(r.baseline),
    fmt(r.ratio),
    r.target,
    r.pass === null ? '-' : r.pass ? 'PASS' : 'FAIL',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((a) => a !== '--');
  const { found: all, broken } = await discover();
  const brokenWanted = broken.filter((b) => wanted.length === 0 || wanted.includes(b.file));
  for (const b of broken) process.stderr.write(`cannot load test/bench/${b.file}.bench.ts: ${b.error}\n`);
  const selected = wanted.length === 0 ? all : all.filter((f) => wanted.includes(f.bench.name) || wanted.includes(f.file));
  if (selected.length === 0) {
    process.stderr.write(`no benchmark matches ${wanted.join(', ')}; available: ${all.map((f) => f.bench.name).join(', ')}\n`);
    process.exit(2);
  }
  const records: (BenchRecord & { benchmark: string; at: string })[] = [];
  let failed = brokenWanted.length;
  for (const [i, { bench }] of selected.entries()) {
    process.stdout.write(`[${i + 1}/${selected.length}] ${bench.name}: ${bench.description}\n`);
    const started = Date.now();
    try {
      const out = await bench.run({ log: (m) => process.stdout.write(`    ${m}\n`) });
      for (const r of out) records.push({ ...r, benchmark: bench.name, at: new Date().toISOString() });
      process.stdout.write(`    done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    } catch (err) {
      failed += 1;
      process.stderr.write(`    ${bench.name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    }
  }
  mkdirSync(resultsDir, { recursive: true });
  const out = join(resultsDir, 'latest.json');
  // Records of benchmarks not run this time are kept; those run now replace their earlier ones.
  const ran = new Set(selected.map((f) => f.bench.name));
  const earlier = existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as (BenchRecord & { benchmark: string })[]) : [];
  const merged = [...earlier.filter((r) => !ran.has(r.benchmark)), ...records];
  writeFileSync(out, `${JSON.stringify(merged, null, 2)}\n`);
  process.stdout.write(`\n${table(records)}\n\nwrote ${merged.length} records to ${out}\n`);
  process.exit(failed > 0 ? 1 : 0);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
