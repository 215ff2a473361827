/**
 * Hostile inputs against the service on the Kalshi and Polymarket simulators: a doubled venue
 * prefix, a forged trades cursor (the venue refuses it; our answer must not carry its route), and
 * an empty `venue=`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMarkets, simEnv, startFeedService, startSims, type ServiceHandle, type Sims } from '../feed/sim-harness.js';

let sims: Sims;
let handle: ServiceHandle;

beforeAll(async () => {
  sims = await startSims(3, 8);
  handle = await startFeedService({ ...simEnv(sims), CLIENT_RATE_LIMIT_PER_MINUTE: '1000000' });
}, 90_000);
afterAll(async () => {
  await handle?.service.close();
  await sims?.close();
});

async function get(path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const r = await fetch(`${handle.service.url}${path}`);
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
}

describe('hostile inputs', () => {
  it('kalshi:kalshi:X is a 400 on every market route, never served as kalshi:X', async () => {
    const [id] = await openMarkets(handle.service, 'kalshi', 1);
    expect((await get(`/v1/markets/${id}`)).status).toBe(200);
    for (const path of [`/v1/markets/kalshi:${id}`, `/v1/markets/kalshi:${id}/orderbook`, `/v1/markets/kalshi:${id}/trades`, `/v1/orderbooks?ids=kalshi:${id}`]) {
      const r = await get(path);
      expect(r.status, path).toBe(400);
      expect(r.body.code, path).toBe('invalid_parameter');
    }
  });

  it('a forged trades cursor is invalid_parameter naming the cursor, without the venue route', async () => {
    const [id] = await openMarkets(handle.service, 'kalshi', 1);
    const forged = Buffer.from(JSON.stringify({ m: id, v: 'not-a-kalshi-cursor' })).toString('base64url');
    const r = await get(`/v1/markets/${id}/trades?cursor=${forged}`);
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('invalid_parameter');
    expect(r.body.errors).toEqual([{ name: 'cursor', in: 'query', message: 'is not a valid trades cursor for this market' }]);
    expect(JSON.stringify(r.body)).not.toMatch(/trade-api|\/markets\/trades|GET /);
  });

  it('an empty venue= is refused like an empty cursor=', async () => {
    for (const param of ['venue', 'cursor']) {
      for (const path of ['/v1/markets', '/v1/events']) {
        const r = await get(`${path}?${param}=`);
        expect(r.status, `${path} ${param}`).toBe(400);
        expect((r.body.errors as { name: string }[])[0]?.name).toBe(param);
      }
    }
  });
});
