import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { MALFORMED_FRAME } from '../../../src/sim/faults.js';
import { startManifoldSim, type ManifoldSim } from './index.js';
import { ManifoldTestClient, WsReader } from './testkit.js';

let sim: ManifoldSim;
let clock = 1_800_000_000_000;
let alice: ManifoldTestClient;
const readers: WsReader[] = [];

async function connect(): Promise<WsReader> {
  const r = await WsReader.open(sim.wsUrl);
  readers.push(r);
  return r;
}

beforeAll(async () => {
  sim = await startManifoldSim({
    seed: 5,
    markets: 40,
    botRatePerSecond: 0,
    rateLimitPerMinute: 0,
    now: () => clock,
    apiKeys: [
      { key: 'alice-key', username: 'alice', balance: '5000' },
      { key: 'bob-key', username: 'bob', balance: '5000' },
    ],
  });
  alice = new ManifoldTestClient(sim.restUrl, 'alice-key');
});

afterEach(() => {
  for (const r of readers.splice(0)) r.close();
  sim.faults.reset();
});

afterAll(async () => {
  await sim.close();
});

describe('WebSocket protocol', () => {
  it('acks every message by txid; bad JSON gets an ack without txid; unknown types fail', async () => {
    const r = await connect();
    const sub = r.command('subscribe', { topics: ['contract/abc', 'global/new-bet'] });
    expect(await r.ack(sub)).toEqual({ type: 'ack', txid: sub, success: true });
    const ping = r.command('ping');
    expect(await r.ack(ping)).toEqual({ type: 'ack', txid: ping, success: true });
    const who = r.command('identify', { uid: 'someone' });
    expect((await r.ack(who)).success).toBe(true);
    r.send('{not json');
    const bad = await r.nextJson((m) => m.type === 'ack' && m.success === false);
    expect(bad.txid).toBeUndefined();
    expect(bad.error).toEqual(expect.any(String));
    const weird = r.command('dance');
    expect(await r.ack(weird)).toMatchObject({ success: false, error: 'Unknown message type.' });
    const noTopics = r.command('subscribe', { topics: 'contract/abc' });
    expect((await r.ack(noTopics)).success).toBe(false);
  });

  it('broadcasts a bet on the contract, new-bet, orders, user and global topics, one topic per frame', async () => {
    const bin = sim.markets().find((m) => m.outcomeType === 'BINARY' && m.tradable && m.visibility === 'public')!;
    const aliceId = sim.user('alice').id;
    const r = await connect();
    const topics = [`contract/${bin.id}`, `contract/${bin.id}/new-bet`, `contract/${bin.id}/orders`, `user/${aliceId}`, `user/${aliceId}/orders`, 'global/new-bet', 'global/updated-contract'];
    await r.ack(r.command('subscribe', { topics }));
    // no snapshot on subscribe
    expect(r.frames).toEqual([]);

    const placed = await alice.post('/bet', { contractId: bin.id, amount: 15, outcome: 'NO', limitProb: 0.01 });
    expect(placed.status).toBe(200);
    const newBet = await r.broadcast(`contract/${bin.id}/new-bet`);
    expect(newBet.data.bets[0]).toMatchObject({ id: placed.body.betId, userId: aliceId, contractId: bin.id });
    const contract = await r.broadcast(`contract/${bin.id}`);
    expect(contract.data.contract).toMatchObject({ id: bin.id, pool: { YES: expect.any(Number), NO: expect.any(Number) }, p: expect.any(Number), prob: expect.any(Number), volume: expect.any(Number) });
    expect(contract.data.contract.probability).toBeUndefined();
    const user = await r.broadcast(`user/${aliceId}`);
    expect(user.data.user).toMatchObject({ id: aliceId, balance: expect.any(Number) });
    await r.broadcast('global/new-bet');
    await r.broadcast('global/updated-contract');

    // A resting order (zero fill) is broadcast on the orders topics; its cancel too.
    const rest = await alice.post('/bet', { contractId: bin.id, amount: 5, outcome: 'YES', limitProb: 0.01 });
    const order = await r.broadcast(`contract/${bin.id}/orders`);
    expect(order.data.bets).toEqual([expect.objectContaining({ id: rest.body.betId, isFilled: false, isCancelled: false })]);
    expect((await r.broadcast(`user/${aliceId}/orders`)).data.bets[0].id).toBe(rest.body.betId);
    await alice.post(`/bet/cancel/${rest.body.betId}`);
    const cancelled = await r.broadcast(`contract/${bin.id}/orders`);
    expect(cancelled.data.bets[0]).toMatchObject({ id: rest.body.betId, isCancelled: true });
    for (const f of r.frames) expect(Object.keys(JSON.parse(f)).sort()).toEqual(['data', 'topic', 'type']);
  });

  it('sends multiple-choice answer updates with the raw poolYes/poolNo/prob fields', async () => {
    const mc = sim.markets().find((m) => m.outcomeType === 'MULTIPLE_CHOICE' && m.shouldAnswersSumToOne && m.tradable)!;
    const r = await connect();
    const answerId = mc.answerIds[0]!;
    await r.ack(r.command('subscribe', { topics: [`contract/${mc.id}/updated-answers`, `answer/${answerId}/update`, `contract/${mc.id}`] }));
    await alice.post('/bet', { contractId: mc.id, answerId, amount: 20, outcome: 'YES' });
    const upd = await r.broadcast(`contract/${mc.id}/updated-answers`);
    expect(upd.data.answers).toHaveLength(mc.answerIds.length);
    for (const a of upd.data.answers) {
      expect(a).toMatchObject({ id: expect.any(String), poolYes: expect.any(Number), poolNo: expect.any(Number), prob: expect.any(Number) });
      expect(a.pool).toBeUndefined();
    }
    expect(upd.data.answers.reduce((s: number, a: { prob: number }) => s + a.prob, 0)).toBeCloseTo(1, 10);
    expect((await r.broadcast(`answer/${answerId}/update`)).data.answer.id).toBe(answerId);
    expect((await r.broadcast(`contract/${mc.id}`)).data.contract.answers).toHaveLength(mc.answerIds.length);
  });

  it('stops sending a topic after unsubscribe', async () => {
    const bin = sim.markets().filter((m) => m.outcomeType === 'BINARY' && m.tradable)[1]!;
    const r = await connect();
    await r.ack(r.command('subscribe', { topics: [`contract/${bin.id}/new-bet`, `contract/${bin.id}`] }));
    await r.ack(r.command('unsubscribe', { topics: [`contract/${bin.id}/new-bet`] }));
    await alice.post('/bet', { contractId: bin.id, amount: 3, outcome: 'YES' });
    await r.broadcast(`contract/${bin.id}`);
    expect(r.frames.some((f) => f.includes('/new-bet'))).toBe(false);
  });

  it('drops a connection silent for more than 60 s and keeps one that pings', async () => {
    const quiet = await connect();
    const chatty = await connect();
    await chatty.ack(chatty.command('ping'));
    clock += 45_000;
    await chatty.ack(chatty.command('ping'));
    expect(sim.checkIdle()).toBe(0);
    clock += 20_000;
    // quiet: 65 s since it connected; chatty: 20 s since its last ping
    expect(sim.checkIdle()).toBe(1);
    await quiet.waitClosed();
    expect(chatty.closed).toBe(false);
    await chatty.ack(chatty.command('ping'));
  });

  it('fault knobs: malformed frames, unanswered pings and dropped sockets', async () => {
    const r = await connect();
    sim.faults.malformedFrames(1);
    const txid = r.command('ping');
    expect(await r.next(() => true)).toBe(MALFORMED_FRAME);
    expect(await r.ack(txid)).toMatchObject({ success: true });

    sim.faults.missPings = true;
    const silent = r.command('ping');
    const sub = r.command('subscribe', { topics: ['x'] });
    await r.ack(sub);
    expect(r.frames.some((f) => f.includes(`"txid":${silent}`))).toBe(false);
    sim.faults.missPings = false;

    const before = sim.wsConnections();
    expect(before).toBeGreaterThan(0);
    sim.faults.dropSockets();
    await r.waitClosed();
    await vi.waitFor(() => expect(sim.wsConnections()).toBe(0));
  });
});
