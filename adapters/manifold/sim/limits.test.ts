import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { generateCatalog } from './generate.js';
import { parseApiKey, startManifoldSim, type ManifoldSim } from './index.js';
import { ManifoldTestClient } from './testkit.js';

let sim: ManifoldSim | undefined;

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('rate limit: 500 requests / minute / IP', () => {
  it('answers the 501st request of a minute with 429 and its message, then refills with time', async () => {
    let clock = 1_800_000_000_000;
    sim = await startManifoldSim({ seed: 2, markets: 10, botRatePerSecond: 0, now: () => clock });
    const client = new ManifoldTestClient(sim.restUrl);
    const statuses: number[] = [];
    for (let i = 0; i < 500; i++) statuses.push((await client.get('/markets?limit=1')).status);
    expect(statuses.every((s) => s === 200)).toBe(true);
    const limited = await client.get('/markets?limit=1');
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ message: 'Rate limit exceeded. Please wait 1 seconds before trying again.' });
    // 500 per minute refill: 6 s later, 50 requests pass again.
    clock += 6_000;
    for (let i = 0; i < 50; i++) expect((await client.get('/markets?limit=1')).status).toBe(200);
    expect((await client.get('/markets?limit=1')).status).toBe(429);
    expect(sim.stats().rateLimited).toBe(2);
  });
});

describe('expiry over HTTP', () => {
  it('an expired order is listed as open until the sweep, is never matched, and the sweep cancels it', async () => {
    let clock = 1_800_000_000_000;
    sim = await startManifoldSim({ seed: 2, markets: 10, botRatePerSecond: 0, rateLimitPerMinute: 0, now: () => clock, apiKeys: [{ key: 'm', username: 'maker', balance: '100' }, { key: 't', username: 'taker', balance: '1000' }] });
    const maker = new ManifoldTestClient(sim.restUrl, 'm');
    const taker = new ManifoldTestClient(sim.restUrl, 't');
    const bin = sim.markets().find((m) => m.outcomeType === 'BINARY' && m.tradable)!;
    const prob = (await maker.get(`/market/${bin.id}/prob`)).body.prob as number;
    const limit = Math.min(0.99, (Math.ceil(prob * 100) + 1) / 100);
    const placed = await maker.post('/bet', { contractId: bin.id, amount: 20, outcome: 'NO', limitProb: limit, expiresMillisAfter: 60_000 });
    expect(placed.body.expiresAt).toBe(clock + 60_000);
    clock += 61_000;
    const open = async () => ((await maker.get(`/bets?contractId=${bin.id}&kinds=open-limit`)).body as { id: string }[]).map((b) => b.id);
    expect(await open()).toContain(placed.body.betId);
    const take = await taker.post('/bet', { contractId: bin.id, amount: 50, outcome: 'YES', limitProb: Math.min(0.99, limit + 0.01) });
    expect(take.body.fills.every((f: { matchedBetId: string | null }) => f.matchedBetId !== placed.body.betId)).toBe(true);
    expect(sim.sweepExpired()).toContain(placed.body.betId);
    expect(await open()).not.toContain(placed.body.betId);
    expect((await maker.get(`/bets?id=${placed.body.betId}`)).body[0]).toMatchObject({ isCancelled: true, amount: 0 });
  });
});

describe('fault injection', () => {
  it('injects 5xx with the venue error body and 429 storms', async () => {
    sim = await startManifoldSim({ seed: 2, markets: 10, botRatePerSecond: 0, rateLimitPerMinute: 0 });
    const client = new ManifoldTestClient(sim.restUrl);
    sim.faults.serverErrorRate = 1;
    expect(await client.get('/markets')).toMatchObject({ status: 500, body: { message: 'An unexpected error occurred. Please try again, and report it if it persists.' } });
    sim.faults.serverErrorRate = 0;
    sim.faults.rateLimitStorm({ requests: 2 });
    expect((await client.get('/markets')).status).toBe(429);
    expect((await client.get('/markets')).body.message).toMatch(/^Rate limit exceeded/);
    expect((await client.get('/markets')).status).toBe(200);
  });
});

describe('determinism', () => {
  it('the same seed gives the same catalog and the same bot trades', async () => {
    const a = generateCatalog(9, 60, 1_800_000_000_000);
    const b = generateCatalog(9, 60, 1_800_000_000_000);
    expect(a.contracts.map((c) => [c.id, c.outcomeType, c.pool?.YES, c.answers?.map((x) => x.poolNo)])).toEqual(
      b.contracts.map((c) => [c.id, c.outcomeType, c.pool?.YES, c.answers?.map((x) => x.poolNo)]),
    );
    expect(generateCatalog(10, 60, 1_800_000_000_000).contracts[0]?.id).not.toBe(a.contracts[0]?.id);

    const trades = async () => {
      const clock = 1_800_000_000_000;
      const s = await startManifoldSim({ seed: 4, markets: 30, botRatePerSecond: 0, rateLimitPerMinute: 0, now: () => clock });
      s.stepBots(120);
      const out = s.state.betList.map((x) => `${x.id}:${x.contractId}:${x.outcome}:${x.amount}:${x.shares}`);
      await s.close();
      return out;
    };
    const first = await trades();
    expect(first.length).toBeGreaterThan(50);
    expect(await trades()).toEqual(first);
  });

  it('bots move prices and leave resting orders', async () => {
    sim = await startManifoldSim({ seed: 6, markets: 30, botRatePerSecond: 0, rateLimitPerMinute: 0 });
    const client = new ManifoldTestClient(sim.restUrl);
    const before = await client.get('/markets?limit=1000');
    sim.stepBots(200);
    const after = await client.get('/markets?limit=1000');
    const prob = (rows: { id: string; probability?: number }[]) => new Map(rows.map((m) => [m.id, m.probability]));
    const p0 = prob(before.body);
    const moved = (after.body as { id: string; probability?: number }[]).filter((m) => m.probability !== undefined && m.probability !== p0.get(m.id));
    expect(moved.length).toBeGreaterThan(0);
    expect((await client.get('/bets?kinds=open-limit')).body.length).toBeGreaterThan(0);
  });
});

describe('sim:manifold CLI', () => {
  it('parses --api-key specs', () => {
    expect(parseApiKey('k1:alice:1000')).toEqual({ key: 'k1', username: 'alice', balance: '1000' });
    expect(parseApiKey('k-2:bob_b:12.5')).toEqual({ key: 'k-2', username: 'bob_b', balance: '12.5' });
    expect(() => parseApiKey('k1:alice')).toThrow(/--api-key/);
  });

  it('prints exactly one ready line and serves the configured users', async () => {
    const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', cli, '--port', '0', '--seed', '3', '--markets', '20', '--api-key', 'cli-key:carol:321.5', '--bots', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let out = '';
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d) => {
          out += String(d);
          const m = /^ready (http:\/\/127\.0\.0\.1:\d+)\n/.exec(out);
          if (m) resolve(m[1] as string);
        });
        child.once('exit', (code) => reject(new Error(`cli exited ${code}`)));
      });
      const client = new ManifoldTestClient(`${url}/v0`, 'cli-key');
      expect((await client.get('/me')).body).toMatchObject({ username: 'carol', balance: 321.5 });
      const listed = (await client.get('/markets')).body as unknown[];
      // 20 generated contracts; unlisted ones are not listed
      expect(listed.length).toBeGreaterThan(15);
      expect(listed.length).toBeLessThanOrEqual(20);
      expect(out.trim().split('\n')).toHaveLength(1);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
