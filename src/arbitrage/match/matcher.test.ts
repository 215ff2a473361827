import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryCache } from '../../cache/index.js';
import { V0, V1, V2 } from '../test-support.js';
import type { MatchableMarket } from './canonical.js';
import { judgeByRules } from './judge.js';
import { Matcher } from './matcher.js';
import { OverrideStore, pairKey, readOverridesFile } from './overrides.js';
import type { MatchJudge } from './types.js';

const FED_RULES =
  "This market will resolve to the amount of basis points the upper bound of the target federal funds rate is changed by versus the level it was prior to the Federal Reserve's December 2025 meeting. The resolution source for this market is the FOMC’s statement after its meeting scheduled for December 9 - 10, 2025.";

function fed(venue: string, label: string, extra: Partial<MatchableMarket> = {}): MatchableMarket {
  return {
    id: `${venue}:fed-dec-${label.replace(/\W+/g, '-')}`,
    venue: venue as MatchableMarket['venue'],
    title: `Fed decision in December? — ${label}`,
    eventTitle: 'Fed decision in December?',
    yesLabel: label,
    rules: FED_RULES,
    expectedResolutionTime: '2025-12-10T19:00:00Z',
    ...extra,
  };
}

const LABELS = ['50+ bps decrease', '25 bps decrease', 'No change', '25+ bps increase'];

/** Synthetic filler: many markets on other subjects, so that blocking has something to skip. */
function filler(venue: string, n: number, offset: number): MatchableMarket[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `${venue}:filler-${i}`,
    venue: venue as MatchableMarket['venue'],
    title: `Will Team${i + offset} Alpha${i % 7} beat Team${i + offset + 1} Beta${i % 5} on March ${(i % 28) + 1}, 2026?`,
    expectedResolutionTime: new Date(Date.UTC(2026, 2, (i % 28) + 1, 23)).toISOString(),
    category: 'Sports',
  }));
}

describe('matcher pipeline', () => {
  it('finds the same brackets across venues without judging every pair', async () => {
    const matcher = new Matcher();
    const markets = [...LABELS.map((l) => fed(V0, l)), ...LABELS.map((l) => fed(V1, l)), ...filler(V0, 300, 0), ...filler(V1, 300, 5000)];
    await matcher.upsertMany(markets);
    const tradable = matcher.tradable().map((r) => [r.a, r.b, r.relation]);
    expect(tradable).toEqual(
      expect.arrayContaining(LABELS.map((l) => [`${V0}:fed-dec-${l.replace(/\W+/g, '-')}`, `${V1}:fed-dec-${l.replace(/\W+/g, '-')}`, 'identical'])),
    );
    expect(tradable).toHaveLength(4);
    const stats = matcher.stats();
    // 608 markets: 304 × 304 cross-venue pairs exist; candidates are a small fraction of them.
    expect(stats.pairsJudged).toBeLessThan(304 * 304 * 0.1);
    // Different brackets of the same meeting were judged and kept out of arbitrage.
    const r = matcher.get(`${V0}:fed-dec-25-bps-decrease`, `${V1}:fed-dec-No-change`);
    expect(r === undefined || r.tradable === false).toBe(true);
  });

  it('compares any two known markets: the kept record, or a judgement made now and not kept', async () => {
    const matcher = new Matcher();
    await matcher.upsertMany([fed(V0, 'No change'), fed(V1, 'No change'), fed(V1, '25 bps decrease'), ...filler(V1, 3, 0)]);
    const a = `${V0}:fed-dec-No-change`;
    const b = `${V1}:fed-dec-No-change`;
    const kept = await matcher.compare(b, a);
    expect(kept).toEqual({ record: matcher.get(a, b), recorded: true });
    expect(kept!.record).toMatchObject({ relation: 'identical', tradable: true });
    // Two brackets of one venue are never candidates of each other: judged on request, not kept.
    const sameVenue = await matcher.compare(`${V1}:fed-dec-No-change`, `${V1}:fed-dec-25-bps-decrease`);
    expect(sameVenue?.recorded).toBe(false);
    expect(sameVenue!.record).toMatchObject({ a: `${V1}:fed-dec-25-bps-decrease`, b: `${V1}:fed-dec-No-change`, tradable: false, override: null });
    expect(sameVenue!.record.relation).not.toBe('identical');
    expect(sameVenue!.record.reasons.length + sameVenue!.record.differences.length).toBeGreaterThan(0);
    expect(matcher.get(`${V1}:fed-dec-No-change`, `${V1}:fed-dec-25-bps-decrease`)).toBeUndefined();
    const unrelated = await matcher.compare(a, `${V1}:filler-0`);
    expect(unrelated?.record.relation).toBe('different');
    expect(await matcher.compare(a, `${V1}:nope`)).toBeUndefined();
  });

  it('re-judges a market whose text changed, and forgets a removed market', async () => {
    const matcher = new Matcher();
    await matcher.upsert(fed(V0, '25 bps decrease'));
    const added = await matcher.upsert(fed(V1, '25 bps decrease'));
    expect(added.map((c) => [c.type, c.record.relation, c.record.tradable])).toEqual([['added', 'identical', true]]);
    const changed = await matcher.upsert(fed(V1, '25 bps decrease', { id: `${V1}:fed-dec-25-bps-decrease`, yesLabel: '50+ bps decrease', title: 'Fed decision in December? — 50+ bps decrease' }));
    expect(changed.map((c) => c.type)).toEqual(['removed']);
    expect(matcher.remove(`${V0}:fed-dec-25-bps-decrease`)).toEqual([]);
    expect(matcher.all()).toEqual([]);
  });

  it('takes any judge, including one that answers asynchronously', async () => {
    const calls: string[] = [];
    const slow: MatchJudge = {
      name: 'slow-v1',
      judge: async (a, b) => {
        calls.push(`${a.id}|${b.id}`);
        await new Promise((r) => setImmediate(r));
        return { ...judgeByRules(a, b), confidence: 0.97 };
      },
    };
    const matcher = new Matcher({ judge: slow });
    await matcher.upsert(fed(V0, 'No change'));
    await matcher.upsert(fed(V2, 'No change'));
    expect(calls).toEqual([`${V0}:fed-dec-No-change|${V2}:fed-dec-No-change`]);
    expect(matcher.tradable()[0]).toMatchObject({ decidedBy: 'slow-v1', confidence: 0.97 });
  });
});

describe('overrides', () => {
  it('confirm and reject win over the judge and persist through the cache', async () => {
    const cache = new MemoryCache();
    const store = new OverrideStore(cache, () => new Date('2026-01-01T00:00:00Z'));
    await store.load();
    const matcher = new Matcher({ overrides: store });
    const a = fed(V0, '25 bps decrease');
    const b = fed(V1, '25 bps decrease');
    const c = { ...fed(V1, 'cut'), id: `${V1}:fed-dec-cut`, title: 'Will the Fed cut rates in December 2025?', yesLabel: 'Yes', eventTitle: null };
    await matcher.upsertMany([a, b, c]);
    expect(matcher.get(a.id, b.id)?.tradable).toBe(true);

    await store.set({ a: b.id, b: a.id, decision: 'reject', note: 'different settlement timing', by: 'ops' });
    const rejected = matcher.overrideChanged(a.id, b.id);
    expect(rejected.map((x) => [x.type, x.record.tradable, x.record.decidedBy])).toEqual([['changed', false, 'override']]);
    expect(matcher.get(a.id, b.id)?.reasons[0]).toBe('rejected by ops (override): different settlement timing');

    await store.set({ a: a.id, b: c.id, decision: 'confirm', relation: 'identical', by: 'ops' });
    matcher.overrideChanged(a.id, c.id);
    expect(matcher.get(a.id, c.id)).toMatchObject({ relation: 'identical', tradable: true, confidence: 1, decidedBy: 'override' });

    // A new instance on the same cache sees the decisions.
    const again = new OverrideStore(cache);
    await again.load();
    expect(again.get(a.id, b.id)).toMatchObject({ decision: 'reject', origin: 'runtime', at: '2026-01-01T00:00:00.000Z' });
    const fresh = new Matcher({ overrides: again });
    await fresh.upsertMany([a, b, c]);
    expect(fresh.tradable().map((r) => r.id)).toEqual([pairKey(a.id, c.id)]);
  });

  it('reads a curated file; a runtime decision on the same pair wins over it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'venn-overrides-'));
    const file = join(dir, 'overrides.jsonl');
    writeFileSync(file, `${JSON.stringify({ a: `${V0}:x`, b: `${V1}:y`, decision: 'confirm', relation: 'inverse', note: 'checked by hand' })}\n`);
    const decisions = await readOverridesFile(file);
    const store = new OverrideStore(new MemoryCache());
    await store.load(decisions);
    expect(store.get(`${V1}:y`, `${V0}:x`)).toMatchObject({ decision: 'confirm', relation: 'inverse', origin: 'file' });
    await store.set({ a: `${V0}:x`, b: `${V1}:y`, decision: 'reject' });
    expect(store.get(`${V0}:x`, `${V1}:y`)).toMatchObject({ decision: 'reject', origin: 'runtime' });
    await store.delete(`${V0}:x`, `${V1}:y`);
    expect(store.get(`${V0}:x`, `${V1}:y`)?.origin).toBe('file');

    writeFileSync(file, '{"a":"x","decision":"confirm"}\n');
    await expect(readOverridesFile(file)).rejects.toThrow(/entry 1: b:/);
  });
});
