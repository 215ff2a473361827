/**
 * `npm run demo`: it prints a `trade key: <key>` line and a curl line that places an order on a
 * simulated venue; the curl line works as printed, and SIGTERM stops everything.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { Decimal } from '../../src/core/index.js';

describe('npm run demo', () => {
  it('prints a trade key and a curl line that places an order', { timeout: 120_000 }, async () => {
    const demo = fileURLToPath(new URL('../../src/demo.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', demo], {
      env: { ...process.env, PORT: '0', DEMO_MARKETS: '30', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const { key, curl } = await vi.waitFor(
        () => {
          const key = /^trade key: (venn_\S+)$/m.exec(out)?.[1];
          const curl = /^(curl .*\/v1\/orders .*)$/m.exec(out)?.[1];
          expect(key && curl, `the demo prints its key and curl line:\n${out}`).toBeTruthy();
          return { key: key as string, curl: curl as string };
        },
        { timeout: 100_000, interval: 200 },
      );
      expect(curl).toContain(`Bearer ${key}`);
      const consoleUrl = /^console: (http:\/\/\S+\/)$/m.exec(out)?.[1];
      expect(consoleUrl, out).toBeDefined();
      const page = await fetch(consoleUrl!);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<h1>Markets</h1>');
      // The URL, on a line of its own (not only inside a JSON log line).
      expect(out).toMatch(/^venn listening on http:\/\/127\.0\.0\.1:\d+$/m);
      const run = spawn('bash', ['-c', `${curl} -w '\\n%{http_code}'`], { stdio: ['ignore', 'pipe', 'pipe'] });
      let answer = '';
      run.stdout.on('data', (d: Buffer) => (answer += d.toString()));
      expect(await new Promise((resolve) => run.once('exit', resolve))).toBe(0);
      const [body, status] = answer.trim().split('\n');
      expect(status, body).toBe('201');
      expect(JSON.parse(body as string)).toMatchObject({ status: 'open', side: 'buy', outcome: 'yes' });

      // The simulators list the Fed's June 2027 decision on two venues at prices that cross.
      const arbitrage = /^cross-venue opportunities .*: (http\S+)$/m.exec(out)?.[1];
      expect(arbitrage, out).toBeTruthy();
      const found = await vi.waitFor(
        async () => {
          const r = (await (await fetch(arbitrage as string)).json()) as { data: { legs: { market: string; venue: string }[]; profit: string; reasons: string[] }[] };
          const o = r.data.find((x) => x.legs.some((l) => l.market === 'kalshi:KXFED-27JUN16-T4.25') && x.legs.some((l) => l.venue === 'polymarket'));
          expect(o, JSON.stringify(r).slice(0, 2000)).toBeDefined();
          return o!;
        },
        { timeout: 60_000, interval: 500 },
      );
      expect(Decimal.parse(found.profit).isPositive()).toBe(true);
      expect(found.reasons.length).toBeGreaterThan(0);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
