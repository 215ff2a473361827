import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { VENUE_IDS } from '../../src/core/ids.js';

/**
 * Adding a venue means one folder under adapters/ and one line in adapters/index.ts
 * (docs/DESIGN.md §2). Production code under src/ must not know any venue by name: the only place
 * allowed to name one is the core list of venue ids. This scans code and comments alike.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ALLOWED = new Set(['src/core/ids.ts']);
const NAME = new RegExp(`\\b(${VENUE_IDS.join('|')})\\b`, 'i');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return /\.(ts|tsx|js|mjs)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('venue names', () => {
  it('appear in production code under src/ only in the core list of venue ids', () => {
    const offenders: string[] = [];
    for (const path of files(join(ROOT, 'src'))) {
      const rel = relative(ROOT, path);
      if (ALLOWED.has(rel)) continue;
      readFileSync(path, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (NAME.test(line)) offenders.push(`${rel}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(offenders).toEqual([]);
  });

  it('the check itself sees a venue name when there is one', () => {
    expect(NAME.test('see the Polymarket docs')).toBe(true);
    expect(NAME.test('kalshi:KX-1')).toBe(true);
    expect(NAME.test('a venue:nativeId')).toBe(false);
  });
});
