/**
 * How fresh the quotes of `/v1/markets` are, measured against the simulators' books: every market
 * carries `quotedAt`; once the books move, the catalog's quotes disagree with them until the next
 * walk; markets whose live books the service holds are quoted from those books and agree at once.
 * The disagreement figures are printed for the record.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Market } from '../../src/core/index.js';
import { simEnv, startFeedService, startSims, type ServiceHandle, type Sims } from '../feed/sim-harness.js';

let sims: Sims;
let handle: ServiceHandle;

beforeAll(async () => {
  sims = await startSims(21, 24);
  handle = await startFeedService({
    ...simEnv(sims),
    CLIENT_RATE_LIMIT_PER_MINUTE: '1000000',
    // No catalog walk during the test: what the list says is what the first walk read.
    CATALOG_INCREMENTAL_INTERVAL_MS: '3600000',
  });
}, 90_000);
afterAll(async () => {
  await handle?.service.close();
  await sims?.close();
});

async function openMarkets(venue: string): Promise<Market[]> {
  const r = await fetch(`${handle.service.url}/v1/markets?venue=${venue}&status=open&limit=1000`);
  return ((await r.json()) as { data: Market[] }).data;
}

/** Markets whose listed best bid or ask is not the simulator's. */
function disagreeing(markets: Market[]): string[] {
  return markets
    .filter((m) => {
      const book = sims.expected(m.id);
      return m.bestBid !== (book.bids[0]?.[0] ?? null) || m.bestAsk !== (book.asks[0]?.[0] ?? null);
    })
    .map((m) => m.id);
}

describe('list quotes against the live books', () => {
  it('measures list-vs-book disagreement; held live books make it zero', async () => {
    const venues = ['kalshi', 'polymarket'] as const;
    const before = new Map<string, Market[]>();
    for (const v of venues) before.set(v, await openMarkets(v));
    for (const [v, list] of before) {
      expect(list.length, v).toBeGreaterThan(5);
      for (const m of list) {
        expect(m.quotedAt, m.id).toBeTruthy();
        expect(Date.parse(m.quotedAt as string)).toBeLessThanOrEqual(Date.now());
      }
    }
    const initial = venues.map((v) => `${v} ${disagreeing(before.get(v)!).length}/${before.get(v)!.length}`);

    // The books move; the catalog does not walk again.
    sims.step(400);
    const stale = new Map<string, string[]>();
    for (const v of venues) stale.set(v, disagreeing(await openMarkets(v)));
    const moved = venues.map((v) => `${v} ${stale.get(v)!.length}/${before.get(v)!.length}`);
    expect(stale.get('kalshi')!.length + stale.get('polymarket')!.length).toBeGreaterThan(0);

    // Hold the live books of the stale markets: the list quotes them from those books.
    const held = [...stale.get('kalshi')!, ...stale.get('polymarket')!];
    for (const id of held) await handle.service.books.acquire(id, 'book');
    await vi.waitFor(
      async () => {
        const now = new Map<string, Market>();
        for (const v of venues) for (const m of await openMarkets(v)) now.set(m.id, m);
        const still = disagreeing(held.map((id) => now.get(id)!));
        if (still.length > 0) throw new Error(`still disagreeing: ${still.length}`);
        for (const id of held) expect(Date.now() - Date.parse(now.get(id)!.quotedAt as string)).toBeLessThan(60_000);
      },
      { timeout: 30_000, interval: 200 },
    );
    process.stdout.write(`list-vs-book disagreement: after the walk ${initial.join(', ')}; after the books moved ${moved.join(', ')}; with live books held 0/${held.length}\n`);
    for (const id of held) handle.service.books.release(id, 'book');
  });

  it('reports quote age and Redis state on /metrics', async () => {
    const text = await (await fetch(`${handle.service.url}/metrics`)).text();
    expect(text).toMatch(/venn_catalog_quote_age_seconds\{venue="kalshi",quantile="1"\} \d/);
    expect(text).toMatch(/venn_catalog_quote_age_seconds\{venue="polymarket",quantile="0.5"\} \d/);
    expect(text).toMatch(/venn_catalog_open_markets_quoted\{venue="kalshi"\} [1-9]/);
    expect(text).toContain('venn_redis_configured{component="cache"} 0');
    expect(text).toContain('venn_redis_connected{component="bus"} 0');
    expect(text).toMatch(/venn_venue_queue_depth\{venue="kalshi",bucket="\w+",lane="interactive"\} 0/);
    expect(text).toMatch(/venn_cache_bytes\{cache="pages"\} [1-9]/);
  });
});
