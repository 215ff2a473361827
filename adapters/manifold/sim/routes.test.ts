import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startManifoldSim, type ManifoldSim, type SimMarketInfo } from './index.js';
import { ManifoldTestClient } from './testkit.js';

let sim: ManifoldSim;
let anon: ManifoldTestClient;
let alice: ManifoldTestClient;
let bob: ManifoldTestClient;
const markets = (pred: (m: SimMarketInfo) => boolean) => sim.markets().filter(pred);

beforeAll(async () => {
  sim = await startManifoldSim({
    seed: 11,
    markets: 120,
    botRatePerSecond: 0,
    rateLimitPerMinute: 0,
    apiKeys: [
      { key: 'alice-key', username: 'alice', balance: '100000' },
      { key: 'bob-key', username: 'bob', balance: '250.5' },
    ],
  });
  anon = new ManifoldTestClient(sim.restUrl);
  alice = anon.withKey('alice-key');
  bob = anon.withKey('bob-key');
});

afterAll(async () => {
  await sim.close();
});

describe('market data', () => {
  it('pages GET /markets newest first with the `before` id cursor, public markets only', async () => {
    const seen: string[] = [];
    let before: string | undefined;
    for (;;) {
      const res = await anon.get(`/markets?limit=25${before ? `&before=${before}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('public, max-age=5, stale-while-revalidate=10');
      const page = res.body as { id: string; createdTime: number; token?: string }[];
      for (let i = 1; i < page.length; i++) expect(page[i - 1]!.createdTime).toBeGreaterThan(page[i]!.createdTime);
      // The 2026 /markets capture carries no `token`.
      expect(page.every((m) => m.token === undefined)).toBe(true);
      seen.push(...page.map((m) => m.id));
      if (page.length < 25) break;
      before = page.at(-1)!.id;
    }
    const publicIds = markets((m) => m.visibility === 'public').map((m) => m.id);
    expect(new Set(seen)).toEqual(new Set(publicIds));
    expect(seen.length).toBe(publicIds.length);
    expect((await anon.get('/markets?before=unknown')).status).toBe(404);
  });

  it('serves lite markets with the fields of their mechanism', async () => {
    const res = await anon.get('/markets?limit=1000');
    const rows = res.body as Record<string, unknown>[];
    const binary = rows.find((m) => m.outcomeType === 'BINARY')!;
    expect(binary).toMatchObject({ mechanism: 'cpmm-1', pool: { YES: expect.any(Number), NO: expect.any(Number) }, probability: expect.any(Number), p: expect.any(Number) });
    const mc = rows.find((m) => m.outcomeType === 'MULTIPLE_CHOICE')!;
    expect(mc.mechanism).toBe('cpmm-multi-1');
    expect(mc.pool).toBeUndefined();
    expect(mc.probability).toBeUndefined();
    expect(mc.answers).toBeUndefined();
    const poll = rows.find((m) => m.outcomeType === 'POLL');
    expect(poll?.mechanism).toBe('none');
    expect(poll?.totalLiquidity).toBeUndefined();
    // Every catalog starts with one contract of each kind, so adapters meet all of them.
    expect(new Set(rows.map((m) => m.outcomeType))).toEqual(new Set(['BINARY', 'MULTIPLE_CHOICE', 'PSEUDO_NUMERIC', 'POLL', 'BOUNTIED_QUESTION', 'MULTI_NUMERIC', 'DATE', 'NUMBER', 'STONK']));
    const resolved = rows.find((m) => m.isResolved === true && m.mechanism === 'cpmm-1')!;
    expect(resolved.resolution).toMatch(/^(YES|NO|MKT|CANCEL)$/);
    expect(resolved.closeTime).toBeLessThanOrEqual(resolved.resolutionTime as number);
  });

  it('serves open binary markets with the fields of the recorded 2026 payloads', async () => {
    const recorded = (file: string) => JSON.parse(readFileSync(new URL(`../__fixtures__/${file}`, import.meta.url), 'utf8')) as unknown;
    const keys = (rows: Record<string, unknown>[]) => [...new Set(rows.flatMap((r) => Object.keys(r)))].sort();
    const openBinary = (rows: Record<string, unknown>[]) => rows.filter((m) => m.outcomeType === 'BINARY' && m.isResolved === false);
    // Fields the venue omits when unset and the simulator never sets.
    const optional = new Set(['lastCommentTime', 'coverImageUrl']);
    const without = (list: string[], drop: Set<string>) => list.filter((k) => !drop.has(k));
    // GET /markets (January 2026 capture: no `token`).
    const lite = openBinary((await anon.get('/markets?limit=1000')).body as Record<string, unknown>[]);
    expect(without(keys(lite), optional)).toEqual(without(keys(openBinary(recorded('markets-lite.truncated.json') as Record<string, unknown>[])), optional));
    // GET /search-markets (October 2026 capture: `token: "MANA"`).
    const search = (await anon.get('/search-markets?filter=open&contractType=BINARY&limit=20')).body as Record<string, unknown>[];
    expect(without(keys(search), optional)).toEqual(without(keys(recorded('search-markets-open-binary.json') as Record<string, unknown>[]), optional));
    // GET /market/:id: the capturer dropped the rich-text `description`, which the venue sends.
    const full = (await anon.get(`/market/${search[0]!.id as string}`)).body as Record<string, unknown>;
    expect(without(keys([full]), new Set([...optional, 'description']))).toEqual(without(keys([recorded('market-full-binary.json') as Record<string, unknown>]), optional));
  });

  it('GET /market/:id is the full market (answers with pool and probability); lite=true and /lite are lite', async () => {
    const mc = markets((m) => m.outcomeType === 'MULTIPLE_CHOICE' && m.visibility === 'public')[0]!;
    const full = await anon.get(`/market/${mc.id}`);
    expect(full.status).toBe(200);
    expect(full.body.textDescription).toEqual(expect.any(String));
    expect(full.body.description).toMatchObject({ type: 'doc' });
    expect(typeof full.body.shouldAnswersSumToOne).toBe('boolean');
    expect(full.body.answers).toHaveLength(mc.answerIds.length);
    for (const a of full.body.answers) {
      expect(a).toMatchObject({ contractId: mc.id, pool: { YES: expect.any(Number), NO: expect.any(Number) }, probability: expect.any(Number) });
      expect(a.poolYes).toBeUndefined();
      // p = 0.5 in every answer pool
      expect(a.probability).toBeCloseTo(a.pool.NO / (a.pool.YES + a.pool.NO), 9);
    }
    const lite = await anon.get(`/market/${mc.id}?lite=true`);
    expect(lite.body.answers).toBeUndefined();
    expect(lite.body.textDescription).toBeUndefined();
    expect((await anon.get(`/market/${mc.id}/lite`)).body).toEqual(lite.body);
    const raw = await anon.get(`/market/${mc.id}/answers`);
    expect(raw.body[0]).toMatchObject({ poolYes: expect.any(Number), poolNo: expect.any(Number), prob: expect.any(Number) });
    const bySlug = await anon.get(`/slug/${full.body.slug}`);
    expect(bySlug.body.id).toBe(mc.id);
    // market/:id is not strict on the venue
    expect((await anon.get(`/market/${mc.id}?extra=1`)).status).toBe(200);
    expect(await anon.get('/market/nope')).toMatchObject({ status: 404, body: { message: 'Contract not found.' } });
  });

  it('reports probabilities: {prob} for binary, {answerProbs} for multiple choice', async () => {
    const bin = markets((m) => m.outcomeType === 'BINARY')[0]!;
    const mc = markets((m) => m.outcomeType === 'MULTIPLE_CHOICE')[0]!;
    const p = await anon.get(`/market/${bin.id}/prob`);
    expect(p.body).toEqual({ prob: expect.any(Number) });
    expect(p.headers.get('cache-control')).toContain('max-age=1');
    expect(Object.keys((await anon.get(`/market/${mc.id}/prob`)).body.answerProbs)).toEqual(mc.answerIds);
    const many = await anon.get(`/market-probs?ids=${bin.id}&ids=${mc.id}`);
    expect(Object.keys(many.body).sort()).toEqual([bin.id, mc.id].sort());
  });

  it('searches with filters, contract types, sorts and offset', async () => {
    const open = await anon.get('/search-markets?filter=open&contractType=BINARY&sort=24-hour-vol&limit=5&offset=0');
    expect(open.status).toBe(200);
    expect(open.body.length).toBe(5);
    for (const m of open.body) expect(m).toMatchObject({ outcomeType: 'BINARY', isResolved: false, token: 'MANA' });
    const vols = open.body.map((m: { volume24Hours: number }) => m.volume24Hours);
    expect(vols).toEqual([...vols].sort((a: number, b: number) => b - a));
    const resolved = await anon.get('/search-markets?filter=resolved&sort=resolve-date&limit=1000');
    expect(resolved.body.length).toBeGreaterThan(0);
    expect(resolved.body.every((m: { isResolved: boolean }) => m.isResolved)).toBe(true);
    const dependent = await anon.get('/search-markets?contractType=DEPENDENT_MULTIPLE_CHOICE&includeLiteAnswers=true&limit=1000');
    expect(dependent.body.length).toBe(markets((m) => m.outcomeType === 'MULTIPLE_CHOICE' && m.shouldAnswersSumToOne === true && m.visibility === 'public').length);
    expect(dependent.body[0].answers[0]).toEqual({ id: expect.any(String), text: expect.any(String), probability: expect.any(Number) });
    const newest = await anon.get('/search-markets?sort=newest&limit=3');
    const next = await anon.get(`/search-markets?sort=newest&limit=3&beforeTime=${newest.body[2].createdTime}`);
    expect(next.body[0].createdTime).toBeLessThan(newest.body[2].createdTime);
    expect(await anon.get('/search-markets?offset=1001')).toMatchObject({ status: 400, body: { details: [{ field: 'offset', error: 'Number must be less than or equal to 1000' }] } });
  });
});

describe('validation and errors', () => {
  it('rejects unknown parameters and bad values with zod messages', async () => {
    expect(await anon.get('/markets?foo=1&bar=2')).toMatchObject({
      status: 400,
      body: { message: 'Error validating request.', details: [{ field: null, error: "Unrecognized key(s) in object: 'foo', 'bar'" }] },
    });
    expect((await anon.get('/markets?limit=abc')).body.details).toEqual([{ field: 'limit', error: 'Expected number, received nan' }]);
    expect((await anon.get('/markets?limit=1001')).body.details).toEqual([{ field: 'limit', error: 'Number must be less than or equal to 1000' }]);
    expect((await anon.get('/markets?order=up')).body.details).toEqual([{ field: 'order', error: "Invalid enum value. Expected 'asc' | 'desc', received 'up'" }]);
    expect((await anon.get('/bets?kinds=closed')).body.details).toEqual([{ field: 'kinds', error: "Invalid enum value. Expected 'open-limit', received 'closed'" }]);
    expect((await anon.get('/bets?limit=20000')).status).toBe(400);
    const bin = markets((m) => m.outcomeType === 'BINARY' && m.tradable)[0]!;
    const bad = await alice.post('/bet', { contractId: bin.id, amount: 0.5, limitProb: 1.2, outcome: 'MAYBE', color: 'red' });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([
      { field: 'amount', error: 'Number must be greater than or equal to 1' },
      { field: 'limitProb', error: 'Number must be less than or equal to 0.99' },
      { field: 'outcome', error: "Invalid enum value. Expected 'YES' | 'NO', received 'MAYBE'" },
      { field: null, error: "Unrecognized key(s) in object: 'color'" },
    ]);
    expect((await alice.post('/bet', {})).body.details).toEqual([
      { field: 'contractId', error: 'Required' },
      { field: 'amount', error: 'Required' },
    ]);
    expect((await alice.post('/bet', { contractId: bin.id, amount: '10' })).body.details).toEqual([{ field: 'amount', error: 'Expected number, received string' }]);
    expect(await anon.get('/nothing-here')).toMatchObject({ status: 404, body: { message: 'Not found.' } });
  });

  it('authenticates with `Authorization: Key` and answers the venue 401 messages', async () => {
    expect(await anon.get('/me')).toMatchObject({ status: 401, body: { message: 'Missing Authorization header.' } });
    expect(await anon.get('/me', { authorization: 'Key' })).toMatchObject({ status: 401, body: { message: 'Invalid Authorization header.' } });
    expect(await anon.get('/me', { authorization: 'Basic abc' })).toMatchObject({ status: 401, body: { message: 'Invalid auth scheme; must be "Key" or "Bearer".' } });
    const wrong = await anon.get('/me', { authorization: 'Key not-a-key' });
    expect(wrong).toMatchObject({ status: 401, body: { message: 'No private user exists with the provided API key.' } });
    expect(JSON.stringify(wrong.body)).not.toContain('not-a-key');
    const me = await alice.get('/me');
    expect(me.body).toMatchObject({ username: 'alice', balance: 100000, url: 'https://manifold.markets/alice' });
    expect((await bob.get('/me')).body.balance).toBe(250.5);
    // auth is checked before the body
    expect(await anon.post('/bet', { nonsense: true })).toMatchObject({ status: 401 });
  });
});

describe('trading over HTTP', () => {
  it('places, lists, fills and cancels limit orders', async () => {
    const bin = markets((m) => m.outcomeType === 'BINARY' && m.tradable)[1]!;
    const prob = (await anon.get(`/market/${bin.id}/prob`)).body.prob as number;
    const limit = Math.min(0.99, Math.ceil(prob * 100 + 3) / 100);
    const placed = await bob.post('/bet', { contractId: bin.id, amount: 40, outcome: 'NO', limitProb: limit });
    expect(placed.status).toBe(200);
    // The placement reply is the candidate bet: betId, no id / userId.
    expect(placed.body).toMatchObject({ betId: expect.any(String), amount: 0, orderAmount: 40, limitProb: limit, isFilled: false, isCancelled: false, outcome: 'NO' });
    expect(placed.body.id).toBeUndefined();
    expect(placed.body.userId).toBeUndefined();
    const bobId = sim.user('bob').id;
    const book = await anon.get(`/bets?contractId=${bin.id}&kinds=open-limit&order=asc`);
    expect(book.body.map((b: { id: string }) => b.id)).toContain(placed.body.betId);
    expect(book.body.find((b: { id: string }) => b.id === placed.body.betId)).toMatchObject({ userId: bobId, isApi: true });

    const take = await alice.post('/bet', { contractId: bin.id, amount: 20000, outcome: 'YES', limitProb: Math.min(0.99, limit + 0.02) });
    expect(take.body.fills.some((f: { matchedBetId: string | null }) => f.matchedBetId === placed.body.betId)).toBe(true);
    const maker = (await anon.get(`/bets?id=${placed.body.betId}`)).body[0];
    expect(maker).toMatchObject({ isFilled: true, amount: 40 });
    expect(maker.shares).toBeCloseTo(40 / (1 - limit), 9);

    const rest = await alice.post('/bet', { contractId: bin.id, amount: 5, outcome: 'YES', limitProb: 0.01 });
    const cancelled = await alice.post(`/bet/cancel/${rest.body.betId}`);
    expect(cancelled.body).toMatchObject({ id: rest.body.betId, isCancelled: true });
    expect(await alice.post(`/bet/cancel/${rest.body.betId}`)).toMatchObject({ status: 403, body: { message: 'Bet already cancelled' } });
    expect(await bob.post(`/bet/cancel/${take.body.betId}`)).toMatchObject({ status: 403, body: { message: 'You can only cancel your own bets' } });
    const open = await anon.get(`/bets?contractId=${bin.id}&kinds=open-limit`);
    expect(open.body.map((b: { id: string }) => b.id)).not.toContain(rest.body.betId);
  });

  it('sells shares and reports positions and balances', async () => {
    const bin = markets((m) => m.outcomeType === 'BINARY' && m.tradable)[2]!;
    const bought = await alice.post('/bet', { contractId: bin.id, amount: 20, outcome: 'YES' });
    const positions = await anon.get(`/market/${bin.id}/positions?userId=${sim.user('alice').id}`);
    expect(positions.body).toHaveLength(1);
    expect(positions.body[0]).toMatchObject({ answerId: null, hasYesShares: true, hasNoShares: false, maxSharesOutcome: 'YES', totalShares: { YES: bought.body.shares } });
    const sold = await alice.post(`/market/${bin.id}/sell`, { outcome: 'YES', shares: bought.body.shares / 2 });
    expect(sold.status).toBe(200);
    expect(sold.body.shares).toBeCloseTo(-bought.body.shares / 2, 9);
    expect(sold.body.amount).toBeLessThan(0);
    expect(await alice.post(`/market/${bin.id}/sell`, { outcome: 'NO' })).toMatchObject({ status: 403, body: { message: "You don't have any NO shares to sell." } });
    expect((await alice.post(`/market/${bin.id}/sell`, {})).body.details).toEqual([{ field: 'outcome', error: 'Required' }]);
    const metrics = await anon.get(`/get-user-contract-metrics-with-contracts?userId=${sim.user('alice').id}&limit=10`);
    expect(Object.keys(metrics.body.metricsByContract)).toContain(bin.id);
    expect(metrics.body.contracts.map((c: { id: string }) => c.id)).toContain(bin.id);
    const balances = await new ManifoldTestClient(sim.url).get(`/users/by-id/balance?ids=${sim.user('alice').id}&ids=${sim.user('bob').id}`);
    expect(balances.body.map((b: { id: string }) => b.id)).toEqual([sim.user('alice').id, sim.user('bob').id]);
    expect((await anon.get('/user/alice')).body.balance).toBe(Number(sim.user('alice').balance));
    expect((await anon.get(`/user/by-id/${sim.user('bob').id}/lite`)).body).toEqual({ id: sim.user('bob').id, name: 'bob', username: 'bob', avatarUrl: expect.any(String) });
  });

  it('multiple-choice bets need an answer and keep sums-to-one answers at 1', async () => {
    const mc = markets((m) => m.outcomeType === 'MULTIPLE_CHOICE' && m.shouldAnswersSumToOne === true && m.tradable)[0]!;
    expect(await alice.post('/bet', { contractId: mc.id, amount: 10 })).toMatchObject({ status: 400, body: { message: 'answerId must be specified for multi bets' } });
    const placed = await alice.post('/bet', { contractId: mc.id, amount: 30, answerId: mc.answerIds[0], outcome: 'YES' });
    expect(placed.body).toMatchObject({ answerId: mc.answerIds[0], betGroupId: expect.any(String) });
    const probs = Object.values((await anon.get(`/market/${mc.id}/prob`)).body.answerProbs) as number[];
    expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    const legs = await anon.get(`/bets?contractId=${mc.id}&includeZeroShareRedemptions=true&order=asc`);
    expect(legs.body.filter((b: { betGroupId?: string; isRedemption: boolean }) => b.betGroupId === placed.body.betGroupId && b.isRedemption)).toHaveLength(mc.answerIds.length - 1);
    const hidden = await anon.get(`/bets?contractId=${mc.id}&order=asc`);
    expect(hidden.body.filter((b: { isRedemption: boolean; shares: number }) => b.isRedemption && b.shares === 0)).toEqual([]);
  });
});
