import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventSchema, MarketSchema, NotFound, TradeSchema, type Market } from '../../src/core/index.js';
import type { Page } from '../../src/venue/index.js';
import { createManifoldAdapter, type ManifoldAdapter } from './adapter.js';
import { startManifoldSim, type ManifoldSim } from './sim/index.js';

/** The catalog walk, books and trades against the simulator's own records. */

async function all<T>(pages: AsyncIterable<Page<T>>): Promise<T[]> {
  const out: T[] = [];
  for await (const p of pages) out.push(...p.items);
  return out;
}

describe('Manifold market data', () => {
  let sim: ManifoldSim;
  let adapter: ManifoldAdapter;

  beforeAll(async () => {
    sim = await startManifoldSim({ seed: 41, markets: 120, botRatePerSecond: 0, rateLimitPerMinute: 0 });
    adapter = createManifoldAdapter({ restUrl: sim.restUrl, wsUrl: sim.wsUrl });
  });

  afterAll(async () => {
    await adapter.close();
    await sim.close();
  });

  /** What the catalog should hold, from the simulator's records. */
  function expectedIds(): string[] {
    const out: string[] = [];
    for (const c of sim.state.contracts.values()) {
      if (c.visibility !== 'public') continue;
      if (c.outcomeType === 'BINARY' && c.mechanism === 'cpmm-1') out.push(`manifold:${c.id}`);
      if (c.outcomeType === 'MULTIPLE_CHOICE' && c.mechanism === 'cpmm-multi-1') for (const a of c.answers ?? []) out.push(`manifold:${c.id}:${a.id}`);
    }
    return out.sort();
  }

  it('walks every binary market and every answer, skipping and counting the rest', async () => {
    const before = adapter.manifold.skippedContracts().skipped;
    const started = Date.now();
    const markets = await all(adapter.listMarkets());
    const ended = Date.now();
    for (const m of markets) expect(MarketSchema.parse(m)).toEqual(m);
    expect(markets.map((m) => m.id).sort()).toEqual(expectedIds());
    expect(markets.every((m) => m.currency === 'MANA' && m.realMoney === false && m.volume === null)).toBe(true);
    // Listings come through the CDN (max-age=5, stale-while-revalidate=10): quotes up to 15 s old.
    for (const m of markets) {
      const quoted = Date.parse(m.quotedAt ?? '');
      expect(quoted, m.id).toBeGreaterThanOrEqual(started - 15_000);
      expect(quoted, m.id).toBeLessThanOrEqual(ended - 15_000);
    }
    const others = [...sim.state.contracts.values()].filter((c) => c.visibility === 'public' && !((c.outcomeType === 'BINARY' && c.mechanism === 'cpmm-1') || (c.outcomeType === 'MULTIPLE_CHOICE' && c.mechanism === 'cpmm-multi-1')));
    expect(others.length).toBeGreaterThan(0);
    expect(adapter.manifold.skippedContracts().skipped - before).toBe(others.length);
    // An answer of a sums-to-one contract names its event, mutually exclusive.
    const events = await all(adapter.listEvents());
    for (const e of events) expect(EventSchema.parse(e)).toEqual(e);
    const mc = [...sim.state.contracts.values()].filter((c) => c.visibility === 'public' && c.outcomeType === 'MULTIPLE_CHOICE');
    expect(events.map((e) => e.nativeId).sort()).toEqual(mc.map((c) => c.id).sort());
    for (const e of events) expect(e.mutuallyExclusive).toBe(sim.state.contracts.get(e.nativeId)?.shouldAnswersSumToOne === true);
  });

  it('getEvent of a binary contract, and getMarket of a contract type that does not fit, are NotFound', async () => {
    const binary = sim.markets().find((m) => m.outcomeType === 'BINARY')!;
    await expect(adapter.getEvent(binary.id)).rejects.toBeInstanceOf(NotFound);
    const poll = sim.markets().find((m) => m.outcomeType === 'POLL')!;
    await expect(adapter.getMarket(poll.id)).rejects.toThrow(/POLL none contracts do not fit the binary model/);
    const mc = sim.markets().find((m) => m.outcomeType === 'MULTIPLE_CHOICE')!;
    await expect(adapter.getMarket(`${mc.id}:no-such-answer`)).rejects.toBeInstanceOf(NotFound);
    const before = Date.now();
    const answer = await adapter.getMarket(`${mc.id}:${mc.answerIds[1]}`);
    expect(answer.eventId).toBe(`manifold:${mc.id}`);
    expect(Date.parse(answer.quotedAt ?? '')).toBeGreaterThanOrEqual(before - 15_000);
    expect(Date.parse(answer.quotedAt ?? '')).toBeLessThanOrEqual(Date.now() - 15_000);
  });

  it('resumes from any saved cursor, and loses no contract that shares a time with a page boundary', async () => {
    // Ten contracts created in the same millisecond: page boundaries of 3 fall inside the group.
    const ids = [...sim.state.contracts.values()].filter((c) => c.outcomeType === 'BINARY').slice(0, 10);
    for (const c of ids) c.createdTime = ids[0]!.createdTime;
    const whole = (await all(adapter.listMarkets({ pageSize: 1000 }))).map((m) => m.id);
    const cursors: (string | null)[] = [];
    const paged: string[] = [];
    for await (const p of adapter.listMarkets({ pageSize: 3 })) {
      paged.push(...p.items.map((m) => m.id));
      cursors.push(p.nextCursor);
    }
    expect([...paged].sort()).toEqual([...whole].sort());
    expect(new Set(paged).size).toBe(paged.length);
    // Resuming from the k-th cursor gives what followed it.
    const k = Math.floor(cursors.length / 2);
    const rest: string[] = [];
    for await (const p of adapter.listMarkets({ pageSize: 3, cursor: cursors[k - 1] as string })) rest.push(...p.items.map((m) => m.id));
    expect(rest.length).toBeGreaterThan(0);
    expect(paged.slice(paged.length - rest.length)).toEqual(rest);
  });

  it('lists only the markets changed since a time, multiple-choice answers with their pools', async () => {
    const binary = sim.markets().find((m) => m.outcomeType === 'BINARY' && m.tradable && m.visibility === 'public')!;
    const mc = sim.markets().find((m) => m.outcomeType === 'MULTIPLE_CHOICE' && m.tradable && m.visibility === 'public')!;
    const latest = Math.max(...[...sim.state.contracts.values()].map((c) => c.lastUpdatedTime));
    const since = new Date(Math.max(latest + 1, Date.now()));
    await new Promise((r) => setTimeout(r, 5));
    sim.stepBots(5, { contractId: binary.id });
    sim.stepBots(5, { contractId: mc.id });
    const changed = await all(adapter.listMarkets({ updatedSince: since, pageSize: 2 }));
    const expected = [`manifold:${binary.id}`, ...mc.answerIds.map((a) => `manifold:${mc.id}:${a}`)].sort();
    expect(changed.map((m) => m.id).sort()).toEqual(expected);
    for (const m of changed) expect(Date.parse(m.updatedAt)).toBeGreaterThanOrEqual(since.getTime());
    const answer = changed.find((m) => m.eventId !== null) as Market;
    expect(answer.extra.poolYes).not.toBeNull();
    expect(answer.extra.poolNo).not.toBeNull();
  });

  it('batches books: one market fetch per contract and one open-order listing, the same books as one by one', async () => {
    const ids = sim.markets().filter((m) => m.tradable && m.visibility === 'public' && m.outcomeType === 'BINARY').slice(0, 4).map((m) => m.id);
    for (const id of ids) sim.stepBots(10, { contractId: id });
    const requests = sim.stats().requests;
    const books = await adapter.getOrderBooks(ids);
    expect(sim.stats().requests - requests).toBe(ids.length + 1);
    for (const [i, id] of ids.entries()) {
      const one = await adapter.getOrderBook(id);
      expect({ bids: books[i]!.bids, asks: books[i]!.asks }).toEqual({ bids: one.bids, asks: one.asks });
      expect(books[i]!.source).toBe('emulated');
      // Both answers come through the CDN (max-age=5, stale-while-revalidate=10): up to 15 s old.
      expect(books[i]!.maxAgeMs).toBe(15_000);
      expect(one.maxAgeMs).toBe(15_000);
    }
    expect(adapter.has.getOrderBook).toBe('emulated');
    expect(adapter.has.stream).toBe('emulated');
  });

  it('lists the trades of a market, newest first, across pages of bets sharing a millisecond', async () => {
    const id = sim.markets().find((m) => m.tradable && m.visibility === 'public' && m.outcomeType === 'BINARY')!.id;
    sim.stepBots(60, { contractId: id });
    const takers = sim.state.betList.filter((b) => b.contractId === id && !b.isRedemption && b.fills?.some((f) => f.timestamp <= b.createdTime && f.shares !== 0n));
    expect(takers.length).toBeGreaterThan(3);
    const whole = await all(adapter.listTrades(id, { pageSize: 1000 }));
    const paged = await all(adapter.listTrades(id, { pageSize: 2 }));
    for (const t of paged) expect(TradeSchema.parse(t)).toEqual(t);
    expect(paged.map((t) => t.id).sort()).toEqual(whole.map((t) => t.id).sort());
    expect(new Set(whole.map((t) => t.id.split(':')[0])).size).toBe(takers.length);
  });
});
