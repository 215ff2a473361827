/**
 * Two service instances sharing one Redis (REDIS_URL), as behind a load balancer: the second one
 * starts warm from the catalog the first one synced, and order books cached by one are served by
 * the other within their TTL.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { venueModules } from '../../adapters/index.js';
import { loadConfig } from '../../src/config.js';
import { VenueUnavailable } from '../../src/core/index.js';
import { startService } from '../../src/main.js';
import type { RunningService } from '../../src/main.js';
import { createMemoryAdapter, makeMarket } from '../support/memory-adapter.js';
import { startRedisServer } from '../support/redis-server.js';
import type { RedisServerHandle } from '../support/redis-server.js';

let redis: RedisServerHandle;
const services: RunningService[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  for (const s of services) await s.close();
  await redis.stop();
});

async function start(adapter: ReturnType<typeof createMemoryAdapter>): Promise<RunningService> {
  const config = loadConfig({ HOST: '127.0.0.1', PORT: '0', REDIS_URL: redis.url, ORDERBOOK_CACHE_TTL_MS: '60000', VENUES: 'kalshi' }, venueModules);
  const service = await startService(config, { adapters: [adapter], logger: pino({ level: 'silent' }) });
  services.push(service);
  for (let i = 0; (await fetch(`${service.url}/readyz`)).status !== 200; i++) {
    if (i > 500) throw new Error('not ready');
    await new Promise((r) => setTimeout(r, 10));
  }
  return service;
}

describe('two instances on one Redis', () => {
  it('share the catalog and cached order books', async () => {
    const a = await start(
      createMemoryAdapter({
        venue: 'kalshi',
        markets: [makeMarket('kalshi', 'R1'), makeMarket('kalshi', 'R2')],
        books: { 'kalshi:R1': { marketId: 'kalshi:R1', venue: 'kalshi', bids: [['0.61', '3']], asks: [], seq: null, venueTimestamp: null, receivedAt: '2026-05-01T00:00:00.000Z', source: 'rest' } },
      }),
    );
    const fromA = (await (await fetch(`${a.url}/v1/markets`)).json()) as { data: { id: string }[] };
    expect(fromA.data.map((m) => m.id).sort()).toEqual(['kalshi:R1', 'kalshi:R2']);
    expect((await fetch(`${a.url}/v1/markets/kalshi:R1/orderbook`)).status).toBe(200);

    // The second instance's venue is down: what it serves comes from Redis.
    const b = await start(createMemoryAdapter({ venue: 'kalshi', markets: [], failWith: new VenueUnavailable('down', { venue: 'kalshi' }) }));
    const fromB = (await (await fetch(`${b.url}/v1/markets`)).json()) as { data: { id: string }[]; meta: { venues: { kalshi: { marketCount: number } } } };
    expect(fromB.data.map((m) => m.id).sort()).toEqual(['kalshi:R1', 'kalshi:R2']);
    expect(fromB.meta.venues.kalshi.marketCount).toBe(2);
    const book = (await (await fetch(`${b.url}/v1/markets/kalshi:R1/orderbook`)).json()) as { bids: string[][] };
    expect(book.bids).toEqual([['0.61', '3']]);
    const uncached = await fetch(`${b.url}/v1/markets/kalshi:R2/orderbook`);
    expect(uncached.status).toBe(503);
  });
});
