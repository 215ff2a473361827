/**
 * The Node flags the service runs with, read from `npm start` (the Dockerfile's CMD carries the
 * same, checked by test/ops/image.test.ts), so that a benchmark runs the service as deployed.
 */
import { readFileSync } from 'node:fs';

export function serviceNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: { start: string } };
  return pkg.scripts.start.split(/\s+/).filter((w) => w.startsWith('--'));
}
