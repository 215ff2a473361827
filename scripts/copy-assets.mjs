#!/usr/bin/env node
// `npm run build`, after tsc: copies the files the compiled code reads at run time that tsc does
// not emit (every `assets/` folder under src/ and adapters/) next to the compiled output in dist/.
import { cpSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
let copied = 0;
function walk(dir) {
  for (const name of readdirSync(join(root, dir))) {
    const rel = join(dir, name);
    if (!statSync(join(root, rel)).isDirectory()) continue;
    if (name === 'assets') {
      cpSync(join(root, rel), join(root, 'dist', rel), { recursive: true });
      copied += 1;
    } else if (name !== 'node_modules' && name !== '__fixtures__') walk(rel);
  }
}
for (const top of ['src', 'adapters']) if (existsSync(join(root, top))) walk(top);
process.stdout.write(`copied ${copied} assets folder(s) to dist/\n`);
