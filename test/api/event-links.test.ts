/**
 * Every market the service lists with an `eventId` points to an event it serves: the demo's
 * Kalshi and Polymarket simulators (seed and size of `npm run demo`) walked by the real adapters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simEnv, startFeedService, startSims, type ServiceHandle, type Sims } from '../feed/sim-harness.js';

let sims: Sims;
let handle: ServiceHandle;

beforeAll(async () => {
  sims = await startSims(1, 300);
  handle = await startFeedService({ ...simEnv(sims), CLIENT_RATE_LIMIT_PER_MINUTE: '1000000' });
}, 120_000);
afterAll(async () => {
  await handle?.service.close();
  await sims?.close();
});

async function all<T>(path: string): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null = null;
  do {
    const r = await fetch(`${handle.service.url}${path}&limit=1000${cursor ? `&cursor=${cursor}` : ''}`);
    const body = (await r.json()) as { data: T[]; nextCursor: string | null };
    out.push(...body.data);
    cursor = body.nextCursor;
  } while (cursor);
  return out;
}

describe('market → event links', () => {
  it.each(['kalshi', 'polymarket'])('%s: every eventId of a listed market answers 200 on /v1/events/{id}', async (venue) => {
    const markets = await all<{ id: string; eventId: string | null }>(`/v1/markets?venue=${venue}`);
    expect(markets.length).toBeGreaterThan(100);
    const eventIds = [...new Set(markets.map((m) => m.eventId).filter((e): e is string => e !== null))];
    expect(eventIds.length).toBeGreaterThan(10);
    const missing: string[] = [];
    for (const id of eventIds) {
      const r = await fetch(`${handle.service.url}/v1/events/${encodeURIComponent(id)}`);
      if (r.status !== 200) missing.push(`${id} ${r.status}`);
    }
    expect(missing).toEqual([]);
  });
});
