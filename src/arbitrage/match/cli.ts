import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { evaluatePairLines } from './evaluate-pairs.js';
import { RuleJudge } from './judge.js';

/**
 * `npm run match -- --input pairs.jsonl [--output out.jsonl]`: judges each pair with the same
 * judge the service uses. Results go to stdout (or `--output`), progress and a summary to stderr.
 */

const USAGE = 'usage: npm run match -- --input pairs.jsonl [--output out.jsonl]';

export function parseArgs(argv: readonly string[]): { input: string; output: string | null } {
  let input: string | null = null;
  let output: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') continue;
    if (arg === '--input' || arg === '-i') input = argv[++i] ?? null;
    else if (arg === '--output' || arg === '-o') output = argv[++i] ?? null;
    else if (arg?.startsWith('--input=')) input = arg.slice(8);
    else if (arg?.startsWith('--output=')) output = arg.slice(9);
    else throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  if (!input) throw new Error(USAGE);
  return { input, output };
}

async function main(): Promise<void> {
  const { input, output } = parseArgs(process.argv.slice(2));
  const out = output ? createWriteStream(output) : process.stdout;
  const lines = createInterface({ input: input === '-' ? process.stdin : createReadStream(input), crlfDelay: Infinity });
  const started = Date.now();
  const { done, errors } = await evaluatePairLines(
    lines,
    new RuleJudge(),
    (o) => out.write(`${JSON.stringify(o)}\n`),
    (n) => process.stderr.write(`match: ${n} pairs judged (${((Date.now() - started) / 1000).toFixed(1)} s)\n`),
  );
  if (output) await new Promise<void>((resolve, reject) => (out as ReturnType<typeof createWriteStream>).end((err?: Error | null) => (err ? reject(err) : resolve())));
  process.stderr.write(`match: ${done} pairs, ${errors} errors, ${((Date.now() - started) / 1000).toFixed(1)} s${output ? `, written to ${output}` : ''}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  });
}
