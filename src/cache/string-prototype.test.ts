import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Whether `String.prototype` has fast properties after `imports` run in a fresh Node process. */
async function fastAfter(imports: string): Promise<boolean> {
  const script = `${imports}\nconsole.log(%HasFastProperties(String.prototype) ? 'fast' : 'slow');`;
  const { stdout } = await run(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT });
  const answer = stdout.trim();
  expect(['fast', 'slow']).toContain(answer);
  return answer === 'fast';
}

describe('String.prototype stays fast', () => {
  // The day an ioredis upgrade no longer does this, the second expectation fails: the repair can go.
  it('is fast in a fresh process, and importing ioredis alone makes it slow', async () => {
    expect(await fastAfter('')).toBe(true);
    expect(await fastAfter(`await import('ioredis');`)).toBe(false);
  });

  it('is fast again once the Redis cache module is loaded', async () => {
    expect(await fastAfter(`await import('ioredis'); await import('./src/cache/redis.ts');`)).toBe(true);
  });

  it('is fast again after restoreFastStringPrototype, whatever made it slow', async () => {
    const slowed = `globalThis.wrapper = class extends String {};`;
    expect(await fastAfter(slowed)).toBe(false);
    expect(await fastAfter(`${slowed}\nconst { restoreFastStringPrototype } = await import('./src/cache/string-prototype.ts'); restoreFastStringPrototype();`)).toBe(true);
  });
});
