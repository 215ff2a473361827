/**
 * The README's quick start: two lines, one that installs and runs the service, one that installs
 * and runs the tests; `.ci/run` runs the test line as written.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const README = readFileSync(new URL('README.md', root), 'utf8');
const block = /```sh\n([\s\S]*?)```/.exec(README.slice(README.indexOf('## Quick start')))?.[1] ?? '';
const lines = block
  .split('\n')
  .map((l) => l.replace(/\s+#.*$/, '').trim())
  .filter((l) => l !== '');

describe('README quick start', () => {
  it('has two lines: install and run the service, install and run the tests', () => {
    expect(lines).toEqual(['npm ci && npm run demo', 'npm ci && npm test']);
    expect(README).toMatch(/Do not start one\s+while the other is running/);
  });

  it('.ci/run runs its test line exactly as written', () => {
    const out = execFileSync(process.execPath, ['scripts/quickstart.mjs'], { cwd: root, encoding: 'utf8' });
    expect(out.trim().split('\n')).toEqual(['npm ci && npm test']);
    const ci = readFileSync(new URL('.ci/run', root), 'utf8');
    expect(ci).toMatch(/node scripts\/quickstart\.mjs/);
    expect(ci).not.toMatch(/^npm ci && npm test$/m);
  });

  it('says what the service prints at startup', () => {
    // The service's own output is checked where it runs: test/ops/drain.test.ts, test/api/demo.test.ts.
    expect(README).toMatch(/`venn listening on http:\/\/127\.0\.0\.1:8080` on a line of its own/);
  });
});
