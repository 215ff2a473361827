import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { venueModules } from '../../adapters/index.js';
import { SERVICE_VARIABLES } from '../../src/config.js';

/** The README's configuration tables list every variable the service and its venue modules read. */
const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const rows = new Set([...README.matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((m) => m[1]));

describe('README configuration', () => {
  it('lists every service variable', () => {
    expect(SERVICE_VARIABLES.length).toBeGreaterThan(5);
    for (const name of SERVICE_VARIABLES) expect(rows.has(name), name).toBe(true);
  });

  it('lists every variable of every registered venue module, secrets marked as such', () => {
    for (const m of venueModules) {
      expect(m.variables.length, m.id).toBeGreaterThan(0);
      for (const v of m.variables) {
        expect(rows.has(v.name), `${m.id}: ${v.name}`).toBe(true);
        const row = README.split('\n').find((line) => line.startsWith(`| \`${v.name}\` |`)) ?? '';
        if (v.secret) expect(row, `${v.name} is marked secret`).toMatch(/Secret/);
      }
    }
  });
});
