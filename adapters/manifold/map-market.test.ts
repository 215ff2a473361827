import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventSchema, MarketSchema } from '../../src/core/index.js';
import { mapContract, mapContracts, nativeIdsOf } from './map-market.js';
import { startManifoldSim, type ManifoldSim } from './sim/index.js';
import { FullMarketSchema, LiteMarketListSchema, parseWire, type FullMarket } from './wire.js';

const NOW = new Date('2026-06-01T00:00:00Z');
const T = NOW.getTime();

function contract(extra: Record<string, unknown>): FullMarket {
  return parseWire(
    FullMarketSchema,
    {
      id: 'c1',
      creatorUsername: 'amy',
      createdTime: T - 86_400_000,
      closeTime: T + 86_400_000,
      question: 'Will it?',
      url: 'https://manifold.markets/amy/will-it',
      outcomeType: 'BINARY',
      mechanism: 'cpmm-1',
      pool: { YES: 50, NO: 150 },
      p: 0.5,
      probability: 0.75,
      volume: 123.456789,
      volume24Hours: 7,
      isResolved: false,
      ...extra,
    },
    'GET /v0/market/{id}',
  );
}

const answers = [
  { id: 'a1', text: 'Ann', probability: 0.5, pool: { YES: 50, NO: 50 }, volume: 12.5 },
  { id: 'a2', text: 'Bo', probability: 0.3, pool: { YES: 70, NO: 30 } },
  { id: 'a3', text: 'Cy', probability: 0.2, pool: { YES: 80, NO: 20 } },
];

describe('mapContract', () => {
  it('maps a binary contract to one play-money market with mana volume as notional', () => {
    const r = mapContract(contract({ groupSlugs: ['ai', 'tech'], textDescription: 'Rules here.', lastUpdatedTime: T - 5 }), { now: () => NOW });
    if (r.kind !== 'mapped') throw new Error(r.kind);
    const [market] = r.markets as [(typeof r.markets)[number]];
    expect(MarketSchema.parse(market)).toEqual(market);
    expect(market).toMatchObject({
      id: 'manifold:c1',
      nativeId: 'c1',
      eventId: null,
      status: 'open',
      currency: 'MANA',
      realMoney: false,
      lastPrice: '0.75',
      volume: null,
      volume24h: null,
      // the AMM's ticks around 0.75
      bestBid: '0.74',
      bestAsk: '0.76',
      tickSize: '0.01',
      minOrderSize: null,
      rules: 'Rules here.',
      category: 'ai',
      tags: ['ai', 'tech'],
      updatedAt: new Date(T - 5).toISOString(),
      extra: { p: '0.5', poolYes: '50', poolNo: '150', minBetMana: '1', token: 'MANA' },
    });
    expect(market).toMatchObject({ volumeNotional: '123.456789', volume24hNotional: '7' });
    expect(r.event).toBeNull();
    // The quotes' age is what the caller knows of the answer (the CDN's lifetime); unknown without it.
    expect(market.quotedAt).toBeNull();
    const aged = mapContract(contract({}), { now: () => NOW, quotedAt: new Date(T - 15_000) });
    expect(aged.kind === 'mapped' && aged.markets[0]?.quotedAt).toBe(new Date(T - 15_000).toISOString());
  });

  it('derives status and result from closeTime and resolution', () => {
    const m = (extra: Record<string, unknown>) => {
      const r = mapContract(contract(extra), { now: () => NOW });
      if (r.kind !== 'mapped') throw new Error(r.kind);
      return r.markets[0]!;
    };
    expect(m({ closeTime: T - 1 })).toMatchObject({ status: 'closed', result: null });
    expect(m({ isResolved: true, resolution: 'YES', resolutionTime: T - 10 })).toMatchObject({ status: 'resolved', result: 'yes', expectedResolutionTime: new Date(T - 10).toISOString() });
    expect(m({ isResolved: true, resolution: 'NO' })).toMatchObject({ status: 'resolved', result: 'no' });
    expect(m({ isResolved: true, resolution: 'MKT', resolutionProbability: 0.3 })).toMatchObject({ status: 'resolved', result: 'scalar', extra: { resolutionProbability: '0.3' } });
    expect(m({ isResolved: true, resolution: 'CANCEL' })).toMatchObject({ status: 'void', result: 'void' });
  });

  it('splits a multiple-choice contract into one binary market per answer under an event', () => {
    const r = mapContract(contract({ outcomeType: 'MULTIPLE_CHOICE', mechanism: 'cpmm-multi-1', pool: undefined, p: undefined, probability: undefined, shouldAnswersSumToOne: true, answers }), { now: () => NOW });
    if (r.kind !== 'mapped') throw new Error(r.kind);
    expect(EventSchema.parse(r.event)).toEqual(r.event);
    expect(r.event).toMatchObject({ id: 'manifold:c1', mutuallyExclusive: true, marketIds: ['manifold:c1:a1', 'manifold:c1:a2', 'manifold:c1:a3'] });
    expect(r.markets.map((x) => [x.id, x.title, x.yesLabel, x.lastPrice, x.extra.poolYes, x.extra.p])).toEqual([
      ['manifold:c1:a1', 'Ann', 'Ann', '0.5', '50', '0.5'],
      ['manifold:c1:a2', 'Bo', 'Bo', '0.3', '70', '0.5'],
      ['manifold:c1:a3', 'Cy', 'Cy', '0.2', '80', '0.5'],
    ]);
    expect(r.markets[0]!.volumeNotional).toBe('12.5');
    const independent = mapContract(contract({ outcomeType: 'MULTIPLE_CHOICE', mechanism: 'cpmm-multi-1', shouldAnswersSumToOne: false, answers }), { now: () => NOW });
    expect(independent.kind === 'mapped' && independent.event?.mutuallyExclusive).toBe(false);
    expect(nativeIdsOf('c1:a2')).toEqual({ contractId: 'c1', answerId: 'a2' });
    expect(nativeIdsOf('c1')).toEqual({ contractId: 'c1', answerId: undefined });
  });

  it('resolves answers from their own resolution or the contract resolution', () => {
    const results = (extra: Record<string, unknown>, list = answers) => {
      const r = mapContract(contract({ outcomeType: 'MULTIPLE_CHOICE', mechanism: 'cpmm-multi-1', shouldAnswersSumToOne: true, answers: list, isResolved: true, ...extra }), { now: () => NOW });
      if (r.kind !== 'mapped') throw new Error(r.kind);
      return r.markets.map((x) => [x.status, x.result]);
    };
    expect(results({ resolution: 'a2' })).toEqual([
      ['resolved', 'no'],
      ['resolved', 'yes'],
      ['resolved', 'no'],
    ]);
    expect(results({ resolution: 'CANCEL' })).toEqual([
      ['void', 'void'],
      ['void', 'void'],
      ['void', 'void'],
    ]);
    expect(results({ resolution: 'MKT' })[0]).toEqual(['resolved', 'scalar']);
    const perAnswer = answers.map((a, i) => ({ ...a, resolution: i === 0 ? 'YES' : 'NO' }));
    expect(results({ isResolved: false }, perAnswer)).toEqual([
      ['resolved', 'yes'],
      ['resolved', 'no'],
      ['resolved', 'no'],
    ]);
  });

  it('asks for the full market when answers or their mode are missing, and skips what is not binary', () => {
    const mc = { outcomeType: 'MULTIPLE_CHOICE', mechanism: 'cpmm-multi-1', pool: undefined, p: undefined, probability: undefined };
    expect(mapContract(contract(mc))).toEqual({ kind: 'needs-full', contractId: 'c1' });
    expect(mapContract(contract({ ...mc, answers: answers.map(({ id, text, probability }) => ({ id, text, probability })) }))).toEqual({ kind: 'needs-full', contractId: 'c1' });
    for (const [outcomeType, mechanism] of [
      ['PSEUDO_NUMERIC', 'cpmm-1'],
      ['STONK', 'cpmm-1'],
      ['POLL', 'none'],
      ['BOUNTIED_QUESTION', 'none'],
      ['NUMBER', 'cpmm-multi-1'],
      ['MULTI_NUMERIC', 'cpmm-multi-1'],
      ['DATE', 'cpmm-multi-1'],
      ['PERP', 'perp'],
      ['FREE_RESPONSE', 'dpm-2'],
    ]) {
      expect(mapContract(contract({ outcomeType, mechanism }))).toEqual({ kind: 'skipped', contractId: 'c1', reason: 'outcome-type' });
    }
    expect(mapContract(contract({ token: 'CASH' }))).toEqual({ kind: 'skipped', contractId: 'c1', reason: 'cash-token' });
    expect(mapContract(contract({ id: 'bad/id' }))).toEqual({ kind: 'skipped', contractId: 'bad/id', reason: 'invalid-id' });
    const all = mapContracts([contract({}), contract({ outcomeType: 'POLL', mechanism: 'none' }), contract({ token: 'CASH' }), contract(mc)]);
    expect([all.markets.length, all.needsFull, all.skipped, all.skippedBy]).toEqual([1, ['c1'], 2, { 'outcome-type': 1, 'cash-token': 1 }]);
  });
});

describe('the simulator catalog through the mappers', () => {
  let sim: ManifoldSim;
  beforeAll(async () => {
    sim = await startManifoldSim({ seed: 21, markets: 80, botRatePerSecond: 0, rateLimitPerMinute: 0 });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('maps every binary market and every answer, fetches multiple choice in full, and skips the rest', async () => {
    const list = parseWire(LiteMarketListSchema, await (await fetch(`${sim.restUrl}/markets?limit=1000`)).json(), 'GET /v0/markets');
    const first = mapContracts(list);
    const listed = sim.markets().filter((m) => m.visibility === 'public');
    const mc = listed.filter((m) => m.outcomeType === 'MULTIPLE_CHOICE');
    expect(first.needsFull.sort()).toEqual(mc.map((m) => m.id).sort());
    expect(first.skipped).toBe(listed.filter((m) => !['BINARY', 'MULTIPLE_CHOICE'].includes(m.outcomeType)).length);
    for (const market of first.markets) expect(MarketSchema.parse(market)).toEqual(market);
    const full = await Promise.all(first.needsFull.map(async (id) => parseWire(FullMarketSchema, await (await fetch(`${sim.restUrl}/market/${id}`)).json(), 'GET /v0/market/{id}')));
    const second = mapContracts(full);
    expect(second.needsFull).toEqual([]);
    expect(second.events.map((e) => e.id).sort()).toEqual(mc.map((m) => `manifold:${m.id}`).sort());
    expect(second.markets.length).toBe(mc.reduce((s, m) => s + m.answerIds.length, 0));
    for (const e of second.events) expect(e.mutuallyExclusive).toBe(mc.find((m) => `manifold:${m.id}` === e.id)?.shouldAnswersSumToOne);
  });
});
