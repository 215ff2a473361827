import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPolymarketSim, type PolymarketSim } from './index.js';
import { generateUniverse } from './generate.js';

const get = async (url: string): Promise<any> => {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  return res.json();
};

describe('generated universe', () => {
  it('is deterministic and prefix-stable in the count', () => {
    const small = generateUniverse(5, 30);
    const large = generateUniverse(5, 300);
    expect(large.markets.slice(0, 29).map((m) => m.conditionId)).toEqual(small.markets.slice(0, 29).map((m) => m.conditionId));
    expect(generateUniverse(6, 30).markets[0]!.conditionId).not.toBe(small.markets[0]!.conditionId);
    expect(large.markets.every((m) => /^0x[0-9a-f]{64}$/.test(m.conditionId) && /^\d{60,78}$/.test(m.yesTokenId))).toBe(true);
    expect(new Set(large.markets.map((m) => m.tickSize))).toEqual(new Set(['0.01', '0.001']));
    expect(large.events.some((e) => e.negRisk && e.marketIndexes.length >= 3)).toBe(true);
  });
});

describe('Gamma and CLOB market data', () => {
  let sim: PolymarketSim;
  beforeAll(async () => {
    sim = await startPolymarketSim({ seed: 11, markets: 2100, botRatePerSecond: 0 });
  });
  afterAll(() => sim.close());

  it('walks /markets/keyset with after_cursor until next_cursor is absent', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await get(`${sim.gammaUrl}/markets/keyset?limit=500${cursor ? `&after_cursor=${cursor}` : ''}`);
      expect(page.markets.length).toBeLessThanOrEqual(100);
      seen.push(...page.markets.map((m: { id: string }) => m.id));
      cursor = page.next_cursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(21);
    expect(new Set(seen).size).toBe(2100);
    const first = (await get(`${sim.gammaUrl}/markets/keyset?limit=1`)).markets[0];
    expect(JSON.parse(first.outcomes)).toEqual(['Yes', 'No']);
    expect(JSON.parse(first.clobTokenIds)).toHaveLength(2);
    expect(JSON.parse(first.outcomePrices).map(Number).reduce((x: number, y: number) => x + y, 0)).toBeCloseTo(1, 9);
    expect(typeof first.orderPriceMinTickSize).toBe('number');
    expect(['v1', 'v2']).toContain(first.version);
  });

  it('filters offset /markets with repeated keys and serves slugs and ids', async () => {
    const ms = sim.markets();
    const list = await get(`${sim.gammaUrl}/markets?id=${ms[3]!.gammaId}&id=${ms[5]!.gammaId}`);
    expect(list.map((m: { conditionId: string }) => m.conditionId)).toEqual([ms[3]!.conditionId, ms[5]!.conditionId]);
    const byToken = await get(`${sim.gammaUrl}/markets?clob_token_ids=${ms[9]!.noTokenId}`);
    expect(byToken[0].conditionId).toBe(ms[9]!.conditionId);
    const one = await get(`${sim.gammaUrl}/markets/${ms[3]!.gammaId}`);
    expect((await get(`${sim.gammaUrl}/markets/slug/${one.slug}`)).id).toBe(ms[3]!.gammaId);
  });

  it('serves neg-risk events with their markets, keyset paged', async () => {
    const page = await get(`${sim.gammaUrl}/events/keyset?limit=100`);
    expect(page.next_cursor).toBeTypeOf('string');
    const neg = page.events.find((e: { negRisk: boolean }) => e.negRisk);
    expect(neg.markets.length).toBeGreaterThanOrEqual(3);
    expect(neg.markets.every((m: { negRisk: boolean; negRiskMarketID: string }) => m.negRisk && m.negRiskMarketID === neg.negRiskMarketID)).toBe(true);
    const event = await get(`${sim.gammaUrl}/events/${neg.id}`);
    expect(event.markets).toHaveLength(neg.markets.length);
  });

  it('paginates CLOB /markets from MA== to LTE=', async () => {
    const p1 = await get(`${sim.clobUrl}/markets?next_cursor=MA==`);
    expect(p1).toMatchObject({ limit: 1000, count: 1000, next_cursor: 'MTAwMA==' });
    const p2 = await get(`${sim.clobUrl}/markets?next_cursor=${p1.next_cursor}`);
    const p3 = await get(`${sim.clobUrl}/markets?next_cursor=${p2.next_cursor}`);
    expect(p3).toMatchObject({ count: 100, next_cursor: 'LTE=' });
    expect(p1.data[0].tokens.map((t: { outcome: string }) => t.outcome)).toEqual(['Yes', 'No']);
    const compact = await get(`${sim.clobUrl}/clob-markets/${p1.data[0].condition_id}`);
    expect(compact.c).toBe(p1.data[0].condition_id);
    expect(compact.mts).toBe(p1.data[0].minimum_tick_size);
  });

  it('serves books bids ascending / asks descending with a SHA-1 hash, and mirrors NO', async () => {
    const m = sim.markets()[0]!;
    const book = await get(`${sim.clobUrl}/book?token_id=${m.yesTokenId}`);
    const bids = book.bids.map((l: { price: string }) => Number(l.price));
    const asks = book.asks.map((l: { price: string }) => Number(l.price));
    expect(bids).toEqual([...bids].sort((x, y) => x - y));
    expect(asks).toEqual([...asks].sort((x, y) => y - x));
    expect(book.hash).toBe(createHash('sha1').update(JSON.stringify({ ...book, hash: '' })).digest('hex'));
    const no = await get(`${sim.clobUrl}/book?token_id=${m.noTokenId}`);
    expect(no.bids.at(-1).size).toBe(book.asks.at(-1).size);
    expect(Number(no.bids.at(-1).price) + Number(book.asks.at(-1).price)).toBeCloseTo(1, 9);

    expect((await get(`${sim.clobUrl}/price?token_id=${m.yesTokenId}&side=BUY`)).price).toBe(book.bids.at(-1).price);
    expect((await get(`${sim.clobUrl}/price?token_id=${m.yesTokenId}&side=SELL`)).price).toBe(book.asks.at(-1).price);
    const mid = await get(`${sim.clobUrl}/midpoint?token_id=${m.yesTokenId}`);
    expect(Number(mid.mid)).toBeCloseTo((bids.at(-1) + asks.at(-1)) / 2, 9);
    const books = await fetch(`${sim.clobUrl}/books`, { method: 'POST', body: JSON.stringify([{ token_id: m.yesTokenId }, { token_id: '1' }]) }).then((r) => r.json());
    expect(books).toHaveLength(1);
    const tooMany = await fetch(`${sim.clobUrl}/books`, { method: 'POST', body: JSON.stringify(Array.from({ length: 501 }, () => ({ token_id: m.yesTokenId }))) });
    expect(tooMany.status).toBe(400);
    expect(await tooMany.json()).toEqual({ error: 'Payload exceeds the limit' });
    const missing = await fetch(`${sim.clobUrl}/book?token_id=123`);
    expect(missing.status).toBe(404);
    expect((await get(`${sim.clobUrl}/tick-size?token_id=${m.yesTokenId}`)).minimum_tick_size).toBe(Number(m.tickSize));
    const history = await get(`${sim.clobUrl}/prices-history?market=${m.yesTokenId}&interval=1d&fidelity=60`);
    expect(history.history.length).toBeGreaterThan(20);
    expect(typeof history.history[0].p).toBe('number');
  });

  it('puts every match on the Data API tape, venue liquidity included, newest first', async () => {
    const m = sim.markets()[1]!;
    const before = await get(`${sim.dataUrl}/trades?market=${m.conditionId}`);
    expect(before).toEqual([]);
    sim.stepBots(80, m.conditionId);
    const tape = await get(`${sim.dataUrl}/trades?market=${m.conditionId}`);
    expect(tape.length).toBeGreaterThan(0);
    for (const t of tape) {
      expect(t.conditionId).toBe(m.conditionId);
      expect([m.yesTokenId, m.noTokenId]).toContain(t.asset);
      expect(t.transactionHash).toMatch(/^0x[0-9a-f]{64}$/);
      expect(t.price).toBeGreaterThan(0);
      expect(t.price).toBeLessThan(1);
    }
    const times = tape.map((t: { timestamp: number }) => t.timestamp);
    expect(times).toEqual([...times].sort((a: number, b: number) => b - a));
    // Another market saw no activity.
    expect(await get(`${sim.dataUrl}/trades?market=${sim.markets()[2]!.conditionId}`)).toEqual([]);
  });
});
