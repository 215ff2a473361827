/**
 * Deadlines and shedding end to end: the service against the Kalshi and Polymarket simulators.
 * A hanging venue costs one request deadline (a 504 naming the venue and the deadline), and a
 * burst of book requests past the venue's interactive budget is shed with 503 + Retry-After
 * instead of queueing without bound.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMarkets, simEnv, startFeedService, startSims, type ServiceHandle, type Sims } from '../feed/sim-harness.js';

let sims: Sims;
let handle: ServiceHandle;

beforeAll(async () => {
  sims = await startSims(11, 40);
  handle = await startFeedService({
    ...simEnv(sims),
    REQUEST_DEADLINE_MS: '600',
    ORDERBOOK_CACHE_TTL_MS: '0',
    VENUE_QUEUE_MAX: '8',
    CLIENT_RATE_LIMIT_PER_MINUTE: '1000000',
  });
}, 90_000);
afterAll(async () => {
  await handle?.service.close();
  await sims?.close();
});

async function metric(name: string, labels: string): Promise<number> {
  const text = await (await fetch(`${handle.service.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}}`));
  return line ? Number(line.split(' ').pop()) : 0;
}

describe('request deadlines against the simulators', () => {
  it('a hanging venue answers 504 timeout with venue and timeoutMs, within one deadline (no retries past it)', async () => {
    const [id] = await openMarkets(handle.service, 'kalshi', 1);
    const before = await metric('venn_venue_deadline_hits_total', 'venue="kalshi"');
    sims.kalshi.faults.latencyMs = 30_000;
    try {
      const res = await fetch(`${handle.service.url}/v1/markets/${id}/orderbook`);
      expect(res.status).toBe(504);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const body = (await res.json()) as Record<string, unknown>;
      expect(body).toMatchObject({ code: 'timeout', venue: 'kalshi', timeoutMs: 600, status: 504 });
    } finally {
      sims.kalshi.faults.latencyMs = 0;
    }
    expect(await metric('venn_venue_deadline_hits_total', 'venue="kalshi"')).toBe(before + 1);
  });

  it('a burst past the interactive budget is shed with 503 overloaded + Retry-After; the rest are served', async () => {
    const ids = await openMarkets(handle.service, 'kalshi', 40);
    expect(ids.length).toBeGreaterThanOrEqual(20);
    const urls = Array.from({ length: 160 }, (_, i) => `${handle.service.url}/v1/markets/${ids[i % ids.length]}/orderbook`);
    const answers = await Promise.all(
      urls.map(async (u) => {
        const r = await fetch(u);
        return { status: r.status, retryAfter: r.headers.get('retry-after'), body: (await r.json()) as Record<string, unknown> };
      }),
    );
    const served = answers.filter((a) => a.status === 200);
    const shed = answers.filter((a) => a.status === 503);
    // Nothing else: no 500, no 504 (a shed request never waited for the venue), no venue 429.
    expect(served.length + shed.length).toBe(answers.length);
    expect(served.length).toBeGreaterThanOrEqual(10);
    expect(shed.length).toBeGreaterThan(0);
    for (const a of shed) {
      expect(a.body).toMatchObject({ code: 'overloaded', venue: 'kalshi', retryable: true });
      expect(Number(a.retryAfter)).toBeGreaterThanOrEqual(1);
    }
    expect(sims.kalshi.stats().rateLimited).toBe(0);
    const shedCount =
      (await metric('venn_venue_shed_requests_total', 'venue="kalshi",reason="deadline"')) +
      (await metric('venn_venue_shed_requests_total', 'venue="kalshi",reason="queue_full"'));
    expect(shedCount).toBe(shed.length);
  });
});
