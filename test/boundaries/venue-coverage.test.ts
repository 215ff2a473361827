import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { venueModules } from '../../adapters/index.js';

/**
 * Every registered venue trades through the API end to end on its simulator: each module has its
 * `test/trading/<venue>.test.ts`, which runs the shared suite (trading-e2e.ts) under its own id.
 * The feed's end-to-end over every module needs no file per venue: test/feed/demo.test.ts
 * iterates the registry.
 */
describe('venue coverage of the trading end-to-end tests', () => {
  it.each(venueModules.map((m) => m.id))('%s has its trading end-to-end test', (venue) => {
    const url = new URL(`../trading/${venue}.test.ts`, import.meta.url);
    expect(existsSync(url), `test/trading/${venue}.test.ts`).toBe(true);
    expect(readFileSync(url, 'utf8')).toMatch(new RegExp(`describeTradingE2E\\('${venue}',`));
  });
});
