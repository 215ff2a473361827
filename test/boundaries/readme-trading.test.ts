/**
 * The README's trading examples, run as they are written (bash, curl, node) against the service on
 * the venue simulators with a `trade` key, as after `npm run demo`.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { venueModules } from '../../adapters/index.js';
import { loadConfig } from '../../src/config.js';
import { startService, type RunningService } from '../../src/main.js';
import type { RunningVenueSimulator } from '../../src/venue/index.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

function examples(): string {
  const m = /<!-- trading-examples:start -->\s*```sh\n([\s\S]*?)```\s*<!-- trading-examples:end -->/.exec(README);
  if (!m?.[1]) throw new Error('README has no trading examples block');
  return m[1];
}

/** The JSON values curl printed one after another (curl adds no newline between bodies). */
function jsonValues(text: string): Record<string, any>[] {
  const out: Record<string, any>[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i += 1;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{') {
      if (depth === 0) start = i;
      depth += 1;
    } else if (ch === '}') {
      depth -= 1;
      if (depth === 0) out.push(JSON.parse(text.slice(start, i + 1)) as Record<string, any>);
    }
  }
  return out;
}

let sims: RunningVenueSimulator[] = [];
let service: RunningService;
let key: string;

beforeAll(async () => {
  sims = await Promise.all(venueModules.map((m) => m.startSimulator({ seed: 3, markets: 30 })));
  const config = loadConfig({ HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent', ...Object.assign({}, ...sims.map((s) => s.env)) }, venueModules);
  service = await startService(config, { logger: pino({ level: 'silent' }) });
  key = (await service.keys.create({ scopes: ['trade'], venues: config.venues, name: 'readme' })).token;
  await vi.waitFor(async () => expect((await fetch(`${service.url}/readyz`)).status).toBe(200), { timeout: 60_000, interval: 100 });
}, 90_000);

afterAll(async () => {
  await service?.close();
  await Promise.all(sims.map((s) => s.close()));
});

describe('README trading examples', () => {
  it('run as written against the service on the simulators', { timeout: 150_000 }, async () => {
    const script = `set -euo pipefail\n${examples()}`;
    const child = spawn('bash', ['-c', script], { env: { ...process.env, VENN: service.url, KEY: key }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code, `the examples failed:\n${err}\n${out}`).toBe(0);
    // read, list, amend, cancel, cancel-all, a market order, fills, positions, balances
    const bodies = jsonValues(out);
    expect(bodies.length).toBeGreaterThanOrEqual(9);
    const [read, list, amended, canceled] = bodies;
    expect(read).toMatchObject({ venue: 'kalshi', status: 'open', price: '0.01', size: '1' });
    expect(list?.data.map((o: { id: string }) => o.id)).toContain(read?.id);
    expect(amended).toMatchObject({ id: expect.any(String), price: '0.02', size: '2', status: 'open' });
    expect(canceled).toMatchObject({ status: 'canceled' });
    const balances = bodies.at(-1);
    expect(balances?.data.map((b: { venue: string }) => b.venue).sort()).toEqual(expect.arrayContaining(['kalshi', 'polymarket']));
    // The loop over every venue that trades: each registered venue placed an order and canceled it
    // (curl prints no newline after a body, so a line may start after the previous JSON).
    const traded = [...out.matchAll(/order on (\w+): placed, then canceled$/gm)].map((m) => m[1]);
    expect(traded.sort()).toEqual(venueModules.map((m) => m.id).sort());
    expect(out).not.toContain(key);
  });
});
