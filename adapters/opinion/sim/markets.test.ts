import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateUniverse } from './generate.js';
import { startOpinionSim, type OpinionSim } from './index.js';
import { TestUser } from './test-client.js';

const NOW = Date.UTC(2026, 5, 1, 12, 30, 0);

describe('market data', () => {
  let sim: OpinionSim;
  let anon: TestUser;
  let clock = NOW;

  beforeAll(async () => {
    sim = await startOpinionSim({ seed: 3, markets: 50, botRatePerSecond: 0, enforceRateLimits: false, now: () => clock });
    anon = new TestUser(sim.restUrl, `0x${'55'.repeat(32)}`, undefined, '', sim.exchangeAddress);
  });
  afterAll(() => sim.close());

  it('generates the same universe for the same seed, and the first topics whatever the count', () => {
    const a = generateUniverse(3, 50);
    const b = generateUniverse(3, 50);
    const c = generateUniverse(3, 80);
    expect(a.markets.map((m) => m.yesTokenId)).toEqual(b.markets.map((m) => m.yesTokenId));
    expect(c.markets.slice(0, 40).map((m) => m.marketId)).toEqual(a.markets.slice(0, 40).map((m) => m.marketId));
    expect(a.markets).toHaveLength(50);
    for (const m of a.markets) {
      expect(m.yesTokenId).toMatch(/^\d{1,78}$/);
      expect(m.conditionId).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(a.parents.length).toBeGreaterThan(0);
    expect(a.markets.some((m) => m.status === 4)).toBe(true);
    expect(a.markets.some((m) => m.yesLabel !== 'YES' && m.status === 4)).toBe(true);
  });

  it('pages /market by at most 20 as {total, list}, every reply JSON with HTTP 200', async () => {
    const first = await anon.get('/market?page=1&limit=20&marketType=2');
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toMatch(/^application\/json/);
    const total = first.body.result.total as number;
    const seen: number[] = [];
    for (let page = 1; seen.length < total; page++) {
      const r = await anon.get(`/market?page=${page}&limit=20&marketType=2`);
      expect(r.body.result.list.length).toBeLessThanOrEqual(20);
      expect(r.body.result.list.length).toBeGreaterThan(0);
      seen.push(...r.body.result.list.map((m: { marketId: number }) => m.marketId));
    }
    expect(new Set(seen).size).toBe(total);
    const tooMany = await anon.get('/market?limit=21');
    expect(tooMany.status).toBe(200);
    expect(tooMany.body).toEqual({ errmsg: 'limit must be between 1 and 20', errno: 10000, result: null });
    expect((await anon.get('/market')).body.result.list).toHaveLength(10);
  });

  it('filters by marketType (0 binary, 1 categorical, 2 all), status and label; sorts by volume', async () => {
    const all = (await anon.get('/market?limit=20&marketType=2')).body.result.total;
    const binary = (await anon.get('/market?limit=20&marketType=0')).body.result;
    const categorical = (await anon.get('/market?limit=20&marketType=1')).body.result;
    expect(binary.total + categorical.total).toBe(all);
    for (const m of binary.list) expect(m.marketType).toBe(0);
    for (const m of categorical.list) expect(m.marketType).toBe(1);
    const resolved = (await anon.get('/market?limit=20&status=resolved')).body.result.list;
    for (const m of resolved) expect(m.status).toBe(4);
    const active = (await anon.get('/market?limit=20&status=activated&marketType=1')).body.result.list;
    for (const parent of active) for (const c of parent.childMarkets) expect(c.status).toBe(2);
    const esports = (await anon.get('/market?limit=20&labelId=100012')).body.result.list;
    for (const m of esports) expect(m.labelIds).toContain(100012);
    const byVolume = (await anon.get('/market?limit=20&marketType=0&sortBy=3')).body.result.list.map((m: { volume: string }) => Number(m.volume));
    expect(byVolume).toEqual([...byVolume].sort((a, b) => b - a));
    expect((await anon.get('/market?marketType=3')).body.errno).toBe(10000);
  });

  it('serves a categorical parent with the recorded list/detail differences', async () => {
    const parent = sim.parents()[0]!;
    const detail = (await anon.get(`/market/categorical/${parent.marketId}`)).body.result.data;
    const listed = (await anon.get('/market?limit=20&marketType=1')).body.result.list.find((m: { marketId: number }) => m.marketId === parent.marketId);
    expect(detail.childMarkets.map((c: { marketId: number }) => c.marketId)).toEqual(parent.childIds);
    expect(detail).toMatchObject({ marketType: 1, yesTokenId: '', noTokenId: '', conditionId: '', status: 1, statusEnum: 'Created' });
    expect(detail.questionId).toBe(detail.childMarkets[0].questionId);
    expect(listed).toMatchObject({ status: 2, questionId: '' });
    for (const c of listed.childMarkets) expect(c.conditionId).toBe('');
    for (const c of detail.childMarkets) expect(c.conditionId).toMatch(/^[0-9a-f]{64}$/);
    const sum = detail.childMarkets.reduce((acc: number, c: { volume: string }) => acc + Number(c.volume), 0);
    expect(Number(detail.volume)).toBeCloseTo(sum, 2);
    expect(Number(listed.volume)).toBeCloseTo(2 * sum, 2);
    expect(listed.volume).toMatch(/\.\d{18}$/);

    const childId = parent.childIds[0]!;
    const child = (await anon.get(`/market/${childId}`)).body.result.data;
    expect(child).toMatchObject({ marketId: childId, marketType: 0, childMarkets: null, cutoffAt: 0 });
    expect(child.labels).toBeUndefined();
    expect((await anon.get(`/market/slug/${child.slug}`)).body.result.data.marketId).toBe(childId);
  });

  it('answers an unknown topic with errno 10200 and HTTP 200, as recorded', async () => {
    const r = await anon.get('/market/424242');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ errmsg: 'Topic ID does not exist', errno: 10200, result: null });
  });

  it('serves resolved markets with their winning token and resolution block', async () => {
    const resolved = sim.markets().find((m) => m.status === 4 && m.parentId === null)!;
    const m = (await anon.get(`/market/${resolved.marketId}`)).body.result.data;
    expect([m.yesTokenId, m.noTokenId]).toContain(m.resultTokenId);
    expect(m.resolvedAt).toBeGreaterThan(m.createdAt);
    expect(m.resolution).toMatchObject({ phase: 'finalized', proposedTokenId: m.resultTokenId });
  });

  it('serves one book per token, the NO book mirroring the YES book, timestamp in ms', async () => {
    const m = sim.markets().find((x) => x.status === 2 && x.parentId === null)!;
    const yes = (await anon.get(`/token/orderbook?token_id=${m.yesTokenId}`)).body.result;
    const no = (await anon.get(`/token/orderbook?token_id=${m.noTokenId}`)).body.result;
    expect(yes.timestamp).toBe(NOW);
    expect(yes.market).toMatch(/^[0-9a-f]{64}$/);
    const prices = (levels: { price: string }[]) => levels.map((l) => Number(l.price));
    expect(prices(yes.bids)).toEqual([...prices(yes.bids)].sort((a, b) => b - a));
    expect(prices(yes.asks)).toEqual([...prices(yes.asks)].sort((a, b) => a - b));
    const mirror = (levels: { price: string; size: string }[]) => levels.map((l) => ({ price: String(Math.round((1 - Number(l.price)) * 1000) / 1000), size: l.size }));
    expect(no.asks).toEqual(mirror(yes.bids));
    expect(no.bids).toEqual(mirror(yes.asks));
    expect(yes.bids.at(-1)).toMatchObject({ price: '0.001' });
    expect((await anon.get('/token/orderbook')).body).toEqual({ errmsg: 'token_id is required', errno: 10000, result: null });
  });

  it('serves the latest price (0 when never traded) and newest-first history in seconds; 1h and 1d only', async () => {
    const m = sim.markets().find((x) => x.status === 2 && x.parentId === null)!;
    const latest = (await anon.get(`/token/latest-price?token_id=${m.yesTokenId}`)).body.result;
    expect(latest).toEqual({ price: '0', side: '', size: '0', timestamp: 0, tokenId: m.yesTokenId });
    const hourly = (await anon.get(`/token/price-history?token_id=${m.yesTokenId}&interval=1h`)).body.result.history;
    expect(hourly).toHaveLength(168);
    expect(hourly[0].t).toBe(Math.floor(NOW / 3_600_000) * 3600);
    expect(hourly[0].t - hourly[1].t).toBe(3600);
    const daily = (await anon.get(`/token/price-history?token_id=${m.yesTokenId}&interval=1d`)).body.result.history;
    const weekly = (await anon.get(`/token/price-history?token_id=${m.yesTokenId}&interval=1w`)).body.result.history;
    expect(weekly).toEqual(daily);
    expect(daily[0].t - daily[1].t).toBe(86_400);
    const no = (await anon.get(`/token/price-history?token_id=${m.noTokenId}&interval=1d`)).body.result.history;
    expect(Number(no[0].p) + Number(daily[0].p)).toBeCloseTo(1, 9);
  });

  it('lists labels, the quote token with its exchange, and fee rates', async () => {
    const labels = (await anon.get('/label')).body.result.list;
    expect(labels.map((l: { labelId: number }) => l.labelId)).toContain(100012);
    const quote = (await anon.get('/quoteToken')).body.result;
    expect(quote).toMatchObject({ total: 1, list: [{ quoteTokenAddress: '0x55d398326f99059fF775485246999027B3197955', decimal: 18, ctfExchangeAddress: sim.exchangeAddress.toLowerCase(), chainId: '56' }] });
    const m = sim.markets()[0]!;
    expect((await anon.get(`/token/fee-rates?token_id=${m.yesTokenId}&chain_id=56`)).body.result).toEqual({ makerFeeBps: '0', takerFeeBps: '100', tokenId: m.yesTokenId });
    clock += 1;
  });
});
