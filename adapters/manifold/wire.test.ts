import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VenueFormatError } from '../../src/core/errors.js';
import { startManifoldSim, type ManifoldSim } from './sim/index.js';
import { ManifoldTestClient, WsReader } from './sim/testkit.js';
import { BetListSchema, LiteMarketListSchema, parseWire, parseWsFrame } from './wire.js';

describe('wire payloads', () => {
  it('fails loudly, naming venue, endpoint and field', () => {
    const bad = [{ id: 'x', creatorUsername: 'a', createdTime: 1, question: 'q', url: 'u', outcomeType: 'BINARY', mechanism: 'cpmm-1', volume: '12', isResolved: false }];
    expect(() => parseWire(LiteMarketListSchema, bad, 'GET /v0/markets')).toThrow(VenueFormatError);
    expect(() => parseWire(LiteMarketListSchema, bad, 'GET /v0/markets')).toThrow(/^manifold GET \/v0\/markets: unexpected payload at \[0\]\.volume/);
    const noPool = [{ ...bad[0], volume: 1, pool: { NO: 3 } }];
    expect(() => parseWire(LiteMarketListSchema, noPool, 'GET /v0/markets')).toThrow(/\[0\]\.pool\.YES: a cpmm-1 pool has YES and NO/);
    // extra fields are tolerated
    expect(parseWire(BetListSchema, [{ id: 'b', userId: 'u', contractId: 'c', createdTime: 1, amount: 1, shares: 2, outcome: 'YES', somethingNew: true }], 'GET /v0/bets')[0]).not.toHaveProperty('somethingNew');
  });

  it('rejects WebSocket frames that are not JSON or do not match their topic', () => {
    expect(() => parseWsFrame('{"type":"broadcast"')).toThrow(/manifold ws frame: not JSON/);
    expect(() => parseWsFrame('{"type":"broadcast","topic":"contract/abc/new-bet","data":{"bets":[{"id":1}]}}')).toThrow(/manifold ws contract\/\{contractId\}\/new-bet: unexpected payload at bets\[0\]\.id/);
    expect(parseWsFrame('{"type":"broadcast","topic":"global/new-contract","data":{}}')).toEqual({ kind: 'other', topic: 'global/new-contract' });
    expect(parseWsFrame('{"type":"ack","txid":4,"success":false,"error":"nope"}')).toEqual({ kind: 'ack', txid: 4, success: false, error: 'nope' });
  });
});

describe('WebSocket frames from the simulator', () => {
  let sim: ManifoldSim;
  beforeAll(async () => {
    sim = await startManifoldSim({ seed: 14, markets: 30, botRatePerSecond: 0, rateLimitPerMinute: 0, apiKeys: [{ key: 'k', username: 'eve', balance: '1000' }] });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('parses contract, new-bet, orders, answers and user frames into typed events', async () => {
    const bin = sim.markets().find((m) => m.outcomeType === 'BINARY' && m.tradable)!;
    const mc = sim.markets().find((m) => m.outcomeType === 'MULTIPLE_CHOICE' && m.tradable)!;
    const uid = sim.user('eve').id;
    const r = await WsReader.open(sim.wsUrl);
    try {
      await r.ack(r.command('subscribe', { topics: [`contract/${bin.id}`, `contract/${bin.id}/new-bet`, `contract/${bin.id}/orders`, `contract/${mc.id}/updated-answers`, `user/${uid}`, `user/${uid}/orders`] }));
      const api = new ManifoldTestClient(sim.restUrl, 'k');
      await api.post('/bet', { contractId: bin.id, amount: 10, outcome: 'YES', limitProb: 0.99 });
      await api.post('/bet', { contractId: bin.id, amount: 5, outcome: 'NO', limitProb: 0.99 });
      await api.post('/bet', { contractId: mc.id, answerId: mc.answerIds[0], amount: 5, outcome: 'YES' });
      const kinds = new Set<string>();
      const answersFrame = await r.next((f) => f.includes(`"topic":"contract/${mc.id}/updated-answers"`));
      const answers = parseWsFrame(answersFrame);
      if (answers.kind !== 'updated-answers') throw new Error(answers.kind);
      expect(answers.answers.map((a) => a.id).sort()).toEqual([...mc.answerIds].sort());
      expect(answers.answers.every((a) => a.poolYes !== undefined && a.prob !== undefined)).toBe(true);
      for (const raw of r.frames) {
        const e = parseWsFrame(raw);
        kinds.add(e.kind);
        if (e.kind === 'contract') expect(e.data.contract.prob).toMatch(/^0\.\d+$/);
        if (e.kind === 'new-bet') expect(e.bets[0]!.contractId).toBe(bin.id);
        if (e.kind === 'orders') expect(e.bets.every((b) => b.limitProb !== undefined)).toBe(true);
        if (e.kind === 'user') expect(e.user.balance).toMatch(/^\d+(\.\d+)?$/);
      }
      expect(kinds).toEqual(new Set(['contract', 'new-bet', 'orders', 'user', 'user-orders']));
    } finally {
      r.close();
    }
  });
});
