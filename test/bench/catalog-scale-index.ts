/**
 * The `index` child of the catalog benchmark (catalog-scale-roles.ts): a bare MarketIndex of the
 * synthetic catalog, without the service around it.
 * - ingest rate and heap per market, memory by component (`memory()`), and the bytes a venue's
 *   raw payload costs with and without `keepRaw`;
 * - `q` latency, first (cold) and warm, and the rows each query examined;
 * - the tiers: every live market hot, every market resolved long ago cold;
 * - random-ish queries paged to the end against the brute-force reference, on a small catalog and
 *   on the full one (identical, or the benchmark fails);
 * - the cost per changed market of batches of 10,000 on the small and on the full catalog;
 * - precision and recall of `q` on the labelled search set.
 */
import { MarketIndex } from '../../src/catalog/market-index.js';
import type { Market } from '../../src/core/index.js';
import { allPages, referenceIds, servedStatus } from '../support/market-reference.js';
import type { ReferenceQuery } from '../support/market-reference.js';
import { LABELLED_MARKETS, searchQuality } from '../support/search-labelled.js';
import { DAY_MS, SYNTHETIC_BASE_MS, syntheticMarket } from '../support/synthetic-catalog.js';
import { gc, median, progress, report, TOTAL } from './catalog-scale-shared.js';

/** The index's clock: a month after the synthetic catalog's base day. */
const NOW = Date.parse('2026-07-01T00:00:00Z');
const PAGE = 1000;
const BATCH = 10_000;
/** The small catalog the full one is compared with (100,000 at the default size). */
export const SMALL = Math.min(100_000, Math.max(BATCH, Math.floor(TOTAL / 10)));

const QUERIES: ReferenceQuery[] = [
  { venues: [], q: 'bitcoin storm', sort: 'volume' },
  { venues: ['kalshi'], status: ['open'], category: 'Crypto', sort: 'closeTime' },
  { venues: ['opinion', 'manifold'], status: ['paused', 'upcoming'], q: 'Gold', sort: 'newest' },
  { venues: [], realMoney: false, closesBefore: new Date('2026-08-01T00:00:00Z'), sort: 'closeTime' },
  { venues: ['polymarket'], category: 'weather', status: ['closed'], sort: 'volume' },
  { venues: [], q: 'will fed', status: ['resolved', 'paused'], sort: 'newest' },
];

export interface IndexReport {
  total: number;
  hot: number;
  cold: number;
  words: number;
  ingestPerS: number;
  /** Heap after the build over markets (hot and cold). */
  heapPerMarket: number;
  bytes: ReturnType<MarketIndex['memory']>['bytes'];
  /** Heap per market of a 1 KiB raw payload, kept (`keepRaw`) and not. */
  raw: { off: number; on: number };
  search: { q: string; coldMs: number; warmP50Ms: number; rows: number; cost: number }[];
  equivalence: { catalog: number; queries: number; rows: number }[];
  incremental: { catalog: number; usPerMarket: number }[];
  quality: { precision: number; recall: number; answered: number };
}

function newIndex(coldAfterMs: number, keepRaw = false): MarketIndex {
  return new MarketIndex({ now: () => NOW, coldAfterMs, keepRaw });
}

function build(index: MarketIndex, total: number, make: (i: number) => Market = (i) => syntheticMarket(i)): number {
  const t = performance.now();
  let batch: Market[] = [];
  for (let i = 0; i < total; i++) {
    batch.push(make(i));
    if (batch.length === PAGE) {
      index.upsert(batch);
      batch = [];
    }
  }
  index.upsert(batch);
  index.settle();
  return performance.now() - t;
}

/** Heap held by what `make` returns, after full collections. */
function heapOf<T>(make: () => T): { value: T; bytes: number } {
  gc();
  const before = process.memoryUsage().heapUsed;
  const value = make();
  gc();
  return { value, bytes: process.memoryUsage().heapUsed - before };
}

/** Bytes per market (heap and compact JSON) of a raw payload (1 KiB, one string per market), with `keepRaw` off and on. */
function rawRetention(coldAfterMs: number): IndexReport['raw'] {
  const n = 20_000;
  const withRaw = (i: number): Market => ({ ...syntheticMarket(i), raw: { payload: String(i).padStart(1024, '0') } });
  const bare = heapOf(() => {
    const index = newIndex(coldAfterMs);
    build(index, n);
    return index;
  });
  const off = heapOf(() => {
    const index = newIndex(coldAfterMs);
    build(index, n, withRaw);
    return index;
  });
  const on = heapOf(() => {
    const index = newIndex(coldAfterMs, true);
    build(index, n, withRaw);
    return index;
  });
  if (bare.value.size + off.value.size + on.value.size === 0) throw new Error('the raw-payload indexes hold nothing');
  // The heap, and the compact JSON the index holds outside it.
  const total = (x: { value: MarketIndex; bytes: number }) => x.bytes + x.value.memory().bytes.json;
  return { off: (total(off) - total(bare)) / n, on: (total(on) - total(bare)) / n };
}

/** Every live market must be hot and every market resolved long ago cold; returns which are hot. */
function checkTiers(index: MarketIndex, total: number): Uint8Array {
  const hot = new Uint8Array(total);
  const problems: string[] = [];
  const longAgo = SYNTHETIC_BASE_MS - 365 * DAY_MS;
  for (let i = 0; i < total; i++) {
    const m = syntheticMarket(i);
    hot[i] = index.has(m.id) ? 1 : 0;
    const served = servedStatus(m, NOW);
    const live = served === 'open' || served === 'paused' || served === 'upcoming';
    if (live && !hot[i]) problems.push(`${m.id} is ${served} but not hot`);
    if (served === 'resolved' && m.closeTime !== null && Date.parse(m.closeTime) < longAgo && hot[i]) problems.push(`${m.id} resolved ${m.closeTime} but hot`);
    if (problems.length >= 5) break;
  }
  if (index.size + index.coldSize !== total) problems.push(`hot ${index.size} + cold ${index.coldSize} ≠ ${total} markets`);
  if (problems.length > 0) throw new Error(`tiers: ${problems.join('; ')}`);
  return hot;
}

/** The index's answers to QUERIES, paged to the end by 1000, against the reference over the hot markets. */
function equivalence(index: MarketIndex, total: number, hot: Uint8Array): IndexReport['equivalence'][number] {
  const hotMarkets = function* (): Generator<Market> {
    for (let i = 0; i < total; i++) if (hot[i]) yield syntheticMarket(i);
  };
  let rows = 0;
  for (const q of QUERIES) {
    const expected = referenceIds(hotMarkets(), q, NOW);
    if (expected.length === 0) throw new Error(`query ${JSON.stringify(q)} matches nothing at ${total} markets: it proves nothing`);
    const got = allPages((cursor) => index.query({ ...q, limit: 1000, cursor }));
    const at = got.findIndex((id, k) => id !== expected[k]);
    if (got.length !== expected.length || at !== -1) {
      throw new Error(
        `query ${JSON.stringify(q)} at ${total} markets: ${got.length} rows, the reference ${expected.length}; first difference at ${at} (${got[at]} vs ${expected[at]})`,
      );
    }
    rows += expected.length;
  }
  return { catalog: total, queries: QUERIES.length, rows };
}

/** Median µs per market of applying batches of 10,000 changed markets (quotes, volumes, some statuses). */
function incremental(index: MarketIndex, total: number): number {
  const per: number[] = [];
  for (let round = 1; round <= 5; round++) {
    const batch: Market[] = [];
    for (let k = 0; k < BATCH; k++) {
      const i = (k * 7919 + round * 104_729) % total;
      const m = syntheticMarket(i, { revision: round });
      const status = k % 10 === 0 && m.status === 'open' ? 'paused' : m.status;
      batch.push({ ...m, status, volume: String((k * 31 + round * 977) % 5_000_000) });
    }
    const t = performance.now();
    index.upsert(batch);
    index.settle();
    per.push(((performance.now() - t) * 1000) / batch.length);
  }
  return median(per);
}

/** First and warm latency of `q` queries, and the rows each examined (an index examines few). */
function search(index: MarketIndex, total: number, hot: Uint8Array): IndexReport['search'] {
  let one = Math.floor(total / 2);
  while (one < total && !hot[one]) one++;
  const out: IndexReport['search'] = [];
  for (const q of ['bitcoin', 'fed storm', 'will', String(one)]) {
    const query = { venues: [], q, sort: 'volume' as const, limit: 100 };
    let t = performance.now();
    const rows = index.query(query).data.length;
    const coldMs = performance.now() - t;
    const cost = index.lastCost;
    if (rows === 0) throw new Error(`q=${q} answered nothing`);
    const warm: number[] = [];
    for (let k = 0; k < 15; k++) {
      t = performance.now();
      index.query(query);
      warm.push(performance.now() - t);
    }
    out.push({ q, coldMs, warmP50Ms: median(warm), rows, cost });
  }
  return out;
}

export async function indexRole(hotMaxAgeDays: number): Promise<void> {
  const coldAfterMs = hotMaxAgeDays * DAY_MS;
  const raw = rawRetention(coldAfterMs);
  progress(`raw payload: ${raw.off.toFixed(0)} B/market kept off, ${raw.on.toFixed(0)} on`);

  // The small catalog is garbage before the full one is measured.
  const [smallEquivalence, smallUs] = ((): [IndexReport['equivalence'][number], number] => {
    const small = newIndex(coldAfterMs);
    build(small, SMALL);
    return [equivalence(small, SMALL, checkTiers(small, SMALL)), incremental(small, SMALL)];
  })();
  progress(`${SMALL.toLocaleString('en')}: equivalent, ${smallUs.toFixed(2)} µs/changed market`);

  let ms = 0;
  const { value: index, bytes: heap } = heapOf(() => {
    const built = newIndex(coldAfterMs);
    ms = build(built, TOTAL);
    return built;
  });
  const memory = index.memory();
  progress(`${TOTAL.toLocaleString('en')} built in ${(ms / 1000).toFixed(1)} s, heap ${(heap / TOTAL).toFixed(0)} B/market`);
  const hot = checkTiers(index, TOTAL);
  const searched = search(index, TOTAL, hot);
  const bigEquivalence = equivalence(index, TOTAL, hot);
  const bigUs = incremental(index, TOTAL);
  progress(`${TOTAL.toLocaleString('en')}: equivalent, ${bigUs.toFixed(2)} µs/changed market`);

  const labelled = new MarketIndex({ now: () => Date.parse('2026-01-01T00:00:00Z') });
  labelled.upsert(LABELLED_MARKETS);
  const quality = searchQuality((q) => labelled.query({ venues: [], q, sort: 'volume', limit: 100 }).data.map((m) => m.id));

  await report({
    total: TOTAL,
    hot: memory.hot,
    cold: memory.cold,
    words: memory.words,
    ingestPerS: TOTAL / (ms / 1000),
    heapPerMarket: heap / TOTAL,
    bytes: memory.bytes,
    raw,
    search: searched,
    equivalence: [smallEquivalence, bigEquivalence],
    incremental: [
      { catalog: SMALL, usPerMarket: smallUs },
      { catalog: TOTAL, usPerMarket: bigUs },
    ],
    quality,
  } satisfies IndexReport);
  process.exit(0);
}
