#!/usr/bin/env node
// Prints the commands of the README's quick start that CI runs, one per line: every line of its
// first sh block except the demo (which runs until stopped), trailing comments removed.
import { readFileSync } from 'node:fs';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const section = readme.slice(readme.indexOf('## Quick start'));
const block = /```sh\n([\s\S]*?)```/.exec(section);
if (!block) {
  process.stderr.write('README.md: no sh block under "## Quick start"\n');
  process.exit(1);
}
const lines = block[1]
  .split('\n')
  .map((l) => l.replace(/\s+#.*$/, '').trim())
  .filter((l) => l !== '' && !/\bnpm run demo\b/.test(l));
process.stdout.write(`${lines.join('\n')}\n`);
