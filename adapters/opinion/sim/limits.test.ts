import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Wallet } from 'ethers';
import { startOpinionSim, type OpinionSim } from './index.js';
import { TEST_KEYS, TestUser } from './test-client.js';

describe('rate limits, faults and bots', () => {
  let sim: OpinionSim;
  let clock = Date.UTC(2026, 1, 1);
  let keyed: TestUser;
  let other: TestUser;
  let anon: TestUser;

  beforeAll(async () => {
    sim = await startOpinionSim({
      seed: 21, markets: 12, botRatePerSecond: 0, now: () => clock,
      accounts: [
        { address: new Wallet(TEST_KEYS[0]).address, apiKey: 'rl-a', usdt: '10' },
        { address: new Wallet(TEST_KEYS[1]).address, apiKey: 'rl-b', usdt: '10' },
      ],
    });
    keyed = new TestUser(sim.restUrl, TEST_KEYS[0], 'rl-a', '', sim.exchangeAddress);
    other = new TestUser(sim.restUrl, TEST_KEYS[1], 'rl-b', '', sim.exchangeAddress);
    anon = new TestUser(sim.restUrl, TEST_KEYS[2], undefined, '', sim.exchangeAddress);
  });
  afterAll(() => sim.close());

  it('allows 15 requests per second per API key, then answers 429 with the envelope and Retry-After', async () => {
    const replies = await Promise.all(Array.from({ length: 16 }, () => keyed.get('/label')));
    expect(replies.filter((r) => r.status === 200)).toHaveLength(15);
    const limited = replies.find((r) => r.status === 429)!;
    expect(limited.body).toEqual({ errmsg: 'Too Many Requests', errno: 429, result: null });
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(limited.headers.get('content-type')).toMatch(/^application\/json/);
    // Another key has its own budget; keyless callers share one.
    expect((await other.get('/label')).status).toBe(200);
    expect((await anon.get('/label')).status).toBe(200);
    clock += 1000;
    expect((await keyed.get('/label')).status).toBe(200);
    expect(sim.stats().rateLimited).toBe(1);
  });

  it('injects 429 storms and 5xx with venue-shaped bodies', async () => {
    clock += 2000;
    sim.faults.rateLimitStorm({ requests: 2 });
    expect((await anon.get('/label')).status).toBe(429);
    expect((await anon.get('/label')).status).toBe(429);
    expect((await anon.get('/label')).status).toBe(200);
    sim.faults.serverErrorRate = 1;
    const r = await anon.get('/label');
    expect(r.status).toBe(502);
    expect(r.body.errno).toBe(500);
    sim.faults.reset();
  });

  it('moves books with seeded bots', async () => {
    clock += 2000;
    const m = sim.markets().find((x) => x.status === 2)!;
    const before = JSON.stringify(sim.book(m.yesTokenId));
    sim.stepBots(400);
    expect(JSON.stringify(sim.book(m.yesTokenId))).not.toBe(before);
    const latest = (await anon.get(`/token/latest-price?token_id=${m.yesTokenId}`)).body.result;
    expect(latest.timestamp).toBe(clock);
    expect(latest.side).toMatch(/^(buy|sell)-limit$/);
  });
});
