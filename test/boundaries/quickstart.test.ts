/**
 * The README's quick start: one install line, then lines that use it without reinstalling (so the
 * demo and the tests can run side by side), and `.ci/run` runs its install and test lines as written.
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
  it('installs once, first, and no other line reinstalls', () => {
    expect(lines[0]).toBe('npm ci');
    for (const line of lines.slice(1)) expect(line, line).not.toMatch(/\bnpm (ci|install|i)\b/);
    expect(lines).toContain('npm run demo');
    expect(lines).toContain('npm test');
  });

  it('.ci/run runs its install and test lines exactly as written', () => {
    const out = execFileSync(process.execPath, ['scripts/quickstart.mjs'], { cwd: root, encoding: 'utf8' });
    expect(out.trim().split('\n')).toEqual(['npm ci', 'npm test']);
    const ci = readFileSync(new URL('.ci/run', root), 'utf8');
    expect(ci).toMatch(/node scripts\/quickstart\.mjs/);
    expect(ci).not.toMatch(/^npm ci && npm test$/m);
  });

  it('says what the service prints at startup', () => {
    // The service's own output is checked where it runs: test/ops/drain.test.ts, test/api/demo.test.ts.
    expect(README).toMatch(/`venn listening on http:\/\/127\.0\.0\.1:8080` on a line of its own/);
  });
});
